"""Readability of Spanish patient text: Szigriszt-Pazos (INFLESZ) and Fernández-Huerta.

English formulas and syllable rules say nothing about Spanish, and hyphenation dictionaries
(Pyphen, which textstat uses for Spanish) undercount: they never leave one vowel at a word's
edge and do not split hiatus, so *día*, *agua* and *aguja* come out a syllable short
(standards §7.1). Here syllables follow Spanish spelling: every vowel group is one syllable,
except that two strong vowels (a, e, o, or an accented í or ú) split into two (a-or-ta, dí-a,
o-í-do); a weak vowel (i, u, ü) beside another joins it (a-gua, cie-lo, buey); final y is a
vowel (hoy, muy). Sentences split as the English do, with ¿ and ¡ allowed to open one.

- INFLESZ (Szigriszt-Pazos 1993, the scale of Barrio-Cantalejo et al. 2008 for health texts)
  = 206.835 − 62.3 × syllables/words − words/sentences:
  below 40 very hard, 40–55 somewhat hard, 55–65 normal, 65–80 fairly easy, over 80 very easy.
- Fernández-Huerta (corrected form) = 206.84 − 0.60 × syllables per 100 words
  − 1.02 × words/sentence: 70–80 fairly easy (about US grade 6).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

STRONG = set("aeoáéóíú")  # accented í and ú break a diphthong: dí-a, ba-úl
WEAK = set("iuü")
VOWELS = STRONG | WEAK
_WORD = re.compile(r"\d+(?:[.,:]\d+)*%?|[^\W\d_]+(?:['’-][^\W\d_]+)*")
_DECIMAL = re.compile(r"(?<=\d)[.,](?=\d)")
_ABBREVIATIONS = re.compile(
    r"(?<![\w.])(dr|dra|sr|sra|srta|ud|uds|núm|p\. ?ej|etc|aprox|a\.m|p\.m|ee\. ?uu)\.",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]»]*\s+(?=[\"'“‘(\[«¿¡]*[^\W_])")
_HOLD = "\u2024"

BANDS = ((80, "muy fácil"), (65, "bastante fácil"), (55, "normal"), (40, "algo difícil"))


@dataclass(frozen=True)
class SpanishScores:
    words: int
    sentences: int
    syllables: int
    longest: tuple[tuple[int, str], ...] = field(default=(), compare=False)

    @property
    def mean_sentence_words(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def inflesz(self) -> float:
        """Szigriszt-Pazos perspicuity, read on the INFLESZ scale."""
        if not self.words:
            return 100.0
        return 206.835 - 62.3 * self.syllables / self.words - self.words / self.sentences

    @property
    def fernandez_huerta(self) -> float:
        if not self.words:
            return 100.0
        return 206.84 - 60.0 * self.syllables / self.words - 1.02 * self.words / self.sentences

    @property
    def band(self) -> str:
        """The INFLESZ band in Spanish, as the scale names it."""
        for floor, name in BANDS:
            if self.inflesz >= floor:
                return name
        return "muy difícil"


def split_sentences(unit: str) -> list[str]:
    text = " ".join(unit.split())
    if not text:
        return []
    text = _DECIMAL.sub(lambda m: _HOLD if m.group(0) == "." else m.group(0), text)
    text = _ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", _HOLD), text)
    parts = [p.replace(_HOLD, ".").strip() for p in _SENTENCE_END.split(text)]
    return [p for p in parts if words_of(p)]


def words_of(sentence: str) -> list[str]:
    return _WORD.findall(sentence)


def score_units(units: list[str], *, longest: int = 3) -> SpanishScores:
    sentences = [s for unit in units for s in split_sentences(unit)]
    words = syllables = 0
    lengths = []
    for sentence in sentences:
        tokens = words_of(sentence)
        words += len(tokens)
        syllables += sum(count_syllables(t) for t in tokens)
        lengths.append((len(tokens), sentence))
    lengths.sort(key=lambda pair: -pair[0])
    return SpanishScores(words, len(sentences), syllables, tuple(lengths[:longest]))


def count_syllables(token: str) -> int:
    if token[0].isdigit():
        return 1
    if "-" in token:
        return sum(count_syllables(part) for part in token.split("-") if part)
    if token.isupper() and 2 <= len(token) <= 5:  # FDA, SDRC: read letter by letter
        return len(token)
    word = unicodedata.normalize("NFC", token.lower())
    word = re.sub(r"[^a-záéíóúüñ]", "", word)
    if not word:
        return 0
    if word == "y":
        return 1
    # y is a vowel at the end of a word or before a consonant (hoy, muy, ley); else a consonant.
    letters = [
        "i" if c == "y" and (i == len(word) - 1 or word[i + 1] not in VOWELS) and i > 0 else c
        for i, c in enumerate(word)
    ]
    count = 0
    previous = ""
    for char in letters:
        if char in VOWELS:
            if not previous:
                count += 1
            elif previous in STRONG and char in STRONG:
                count += 1  # hiatus: a-or-ta, le-í, dí-a
            previous = char
        else:
            previous = ""
    return max(1, count)
