"""Readability scores for patient text: Flesch-Kincaid grade, Flesch reading ease and SMOG.

We score text ourselves rather than through textstat: textstat counts syllables with CMUdict
through NLTK, which downloads the dictionary at run time (a clinic may have no network), takes
most of a second to import, and its sentence counter drops two-word sentences and splits on
every full stop. See docs/readability.md and the patient-education standards, section 7.

The formulas are the published ones. What decides the scores is text preparation:
- sentences: the caller passes *units* (a paragraph, a list item); a unit without closing
  punctuation still ends a sentence, so bullets without full stops are not merged;
- abbreviation and decimal full stops ("Dr.", "e.g.", "9 a.m.", "2.5") never end a sentence;
- every sentence counts, however short ("Call us."): short steps are easy to read;
- syllables: a word list for medical and awkward words (data/syllables.txt), initialisms read
  letter by letter ("MRI" = 3), a number counts as one word of one syllable, and English
  spelling rules for the rest.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

SMOG_SAMPLE = 30  # McLaughlin normed SMOG on 30-sentence samples

# Full stops that do not end a sentence. Titles and Latin abbreviations never end one; the
# others end one only when a capital letter follows ("... at 9 a.m. Then ...").
NEVER_FINAL = ("dr", "mr", "mrs", "ms", "prof", "st", "vs", "approx", "e.g", "i.e", "cf", "no")
MAYBE_FINAL = (
    "a.m",
    "p.m",
    "etc",
    "u.s",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "min",
    "hr",
    "hrs",
    "mins",
)
_ABBREVIATION = re.compile(
    r"(?<![\w.])("
    + "|".join(re.escape(a) for a in sorted({*NEVER_FINAL, *MAYBE_FINAL}, key=len, reverse=True))
    + r")\.",
    re.IGNORECASE,
)
_INITIALS = re.compile(r"(?<![\w.])((?:[A-Za-z]\.){2,})")  # U.S.A., M.D.
_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]*[A-Z0-9])")
_WORD = re.compile(
    r"\d+(?:[.,:]\d+)*%?|[A-Za-z]+(?:['’][A-Za-z]+)*(?:-[A-Za-z]+(?:['’][A-Za-z]+)*)*"
)
_HOLD = "\u2024"  # ONE DOT LEADER stands in for a full stop that does not end a sentence


@dataclass(frozen=True)
class Scores:
    """Counts for a stretch of text and the formulas computed from them."""

    words: int
    sentences: int
    syllables: int
    polysyllables: int  # words of three or more syllables (SMOG)
    longest: tuple[tuple[int, str], ...] = field(default=(), compare=False)  # (words, text)

    @property
    def mean_sentence_words(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def flesch_kincaid_grade(self) -> float:
        if not self.words:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59

    @property
    def flesch_reading_ease(self) -> float:
        if not self.words:
            return 100.0
        return 206.835 - 1.015 * self.words / self.sentences - 84.6 * self.syllables / self.words

    @property
    def smog(self) -> float:
        """SMOG grade over all sentences (McLaughlin 1969, as textstat computes it)."""
        if not self.sentences:
            return 0.0
        return 1.043 * math.sqrt(self.polysyllables * SMOG_SAMPLE / self.sentences) + 3.1291

    @property
    def smog_extrapolated(self) -> bool:
        """SMOG was normed on 30 sentences; below that the grade is an extrapolation."""
        return self.sentences < SMOG_SAMPLE


def split_sentences(unit: str) -> list[str]:
    """Sentences of one unit of text (a paragraph or a list item)."""
    text = " ".join(unit.split())
    if not text:
        return []
    text = _DECIMAL.sub(_HOLD, text)
    text = _INITIALS.sub(lambda m: _hold_abbreviation(m, text), text)
    text = _ABBREVIATION.sub(lambda m: _hold_abbreviation(m, text), text)
    sentences = []
    for part in _SENTENCE_END.split(text):
        part = part.replace(_HOLD, ".").strip()
        if words_of(part):
            sentences.append(part)
    return sentences


def _hold_abbreviation(match: re.Match, text: str) -> str:
    """Keep an abbreviation's full stop from ending the sentence, unless it plainly does."""
    abbreviation = match.group(1).rstrip(".").lower()
    following = text[match.end() :].lstrip()
    ends_here = abbreviation not in NEVER_FINAL and (not following or following[0].isupper())
    if ends_here and "." in match.group(0)[:-1]:  # "a.m." at a sentence end: keep the last stop
        return match.group(0)[:-1].replace(".", _HOLD) + "."
    if ends_here:
        return match.group(0)
    return match.group(0).replace(".", _HOLD)


def words_of(sentence: str) -> list[str]:
    return _WORD.findall(sentence)


def score_units(units: list[str], *, longest: int = 3) -> Scores:
    """Score a list of units (paragraphs, list items), each ending at least one sentence."""
    return score_sentences([s for unit in units for s in split_sentences(unit)], longest=longest)


def score_sentences(sentences: list[str], *, longest: int = 3) -> Scores:
    words = syllables = polysyllables = 0
    lengths = []
    for sentence in sentences:
        tokens = words_of(sentence)
        words += len(tokens)
        lengths.append((len(tokens), sentence))
        for token in tokens:
            count = count_syllables(token)
            syllables += count
            polysyllables += count >= 3
    lengths.sort(key=lambda pair: -pair[0])  # stable: the first of equally long ones first
    return Scores(words, len(sentences), syllables, polysyllables, tuple(lengths[:longest]))


def score_text(text: str) -> Scores:
    """Score plain text: paragraphs separated by blank lines, one unit each."""
    return score_units([p for p in re.split(r"\n\s*\n", text) if p.strip()])


# -- syllables ------------------------------------------------------------------------------

LETTER_SYLLABLES = {"w": 3}  # every other letter name is one syllable ("em-ar-eye" = 3)


@cache
def syllable_list() -> dict[str, int]:
    """Hand-checked counts for words the rules get wrong, most of them medical."""
    counts = {}
    text = resources.files("handouts").joinpath("data/syllables.txt").read_text("utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            word, number = line.rsplit(None, 1)
            counts[word.lower()] = int(number)
    return counts


def count_syllables(token: str) -> int:
    if token[0].isdigit():
        return 1
    if "-" in token:
        return sum(count_syllables(part) for part in token.split("-") if part)
    if token.isupper() and 2 <= len(token) <= 5:  # an initialism: MRI, CT, ER
        return sum(LETTER_SYLLABLES.get(letter, 1) for letter in token.lower())
    word = re.sub(r"['’]s$", "", token.lower()).replace("’", "'")
    listed = syllable_list()
    if word in listed:
        return listed[word]
    for suffix in ("s", "es", "ed", "d", "ly", "ing"):  # a listed word with a plain ending
        stem = word.removesuffix(suffix)
        if stem != word and stem in listed:
            adds = 1 if suffix == "ing" or (suffix in ("es", "ed") and stem[-1:] in "sxzdt") else 0
            return listed[stem] + adds + (suffix == "ly")
    return rule_syllables(word)


# Endings and vowel pairs where English spelling and sound part ways.
_SILENT_E_BEFORE = re.compile(
    r"(?<=[aeiouy][^aeiouy])e(?=(?:ly|ment|ments|ness|ful|less|ty|ties|line|lines|time|times"
    r"|like|where|thing|body|one|work|guard|guards|form|forms)$)"
)
_SPLIT_VOWELS = re.compile(
    r"(?:^|[^cgstx])i[aou]"  # ra-di-o, me-di-a, pe-ri-od (not -tion, -cian, -gion, -sion)
    r"|[^gq]u[ao]|[^gq]uid"  # ac-tu-al, con-tin-u-ous, flu-id (not gua-, quo-)
    r"|(?:sc|[^aeioucst])ie[nt](?!s?$)|iety"  # cli-ent, sci-ence, ex-pe-ri-ence, so-ci-e-ty
    r"|[aeiouy]ing$|eo"  # be-ing, vid-e-o
)


def rule_syllables(word: str) -> int:
    """Syllables of an English word from its spelling: vowel groups, then the exceptions."""
    word = re.sub(r"[^a-z]", "", word)
    if len(word) <= 3:
        return 1 if word else 0
    stem = word
    if stem.endswith("es") and not re.search(r"(?:[sxz]|ch|sh|c|g)es$", stem):
        stem = stem[:-1]  # "tables" -> "table": the -es adds no syllable
    elif stem.endswith("ed") and not stem.endswith(("ted", "ded")):
        stem = stem[:-2]  # "numbed", "used": the -ed adds no syllable
    stem = _SILENT_E_BEFORE.sub("", stem)  # "safety", "guideline": a silent e inside
    if stem.endswith("que"):
        stem = stem[:-2]  # tech-nique
    if stem.endswith("e") and not re.search(r"(?:[^aeiouy]le|ee|ye)$", stem):
        stem = stem[:-1]  # silent final e, but "ta-ble" keeps its syllable
    count = len(re.findall(r"[aeiouy]+", stem)) + len(_SPLIT_VOWELS.findall(stem))
    if re.search(r"[aeiou][sz]m$", stem):  # spa-sm, pri-sm
        count += 1
    if re.search(r"[^aeiouylrw]l(?:ing|ed)$", word):  # tin-gling, han-dled
        count += 1
    if re.search(r"[^aeio]ire[sd]?$", word):  # fi-re, re-qui-red
        count += 1
    return max(1, count)
