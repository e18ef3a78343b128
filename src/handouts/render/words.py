"""The "Words to know" box: the glossary terms one handout prints, with their definitions.

Terms are underlined where the text uses them (`[[numbing medicine|local anesthetic]]` prints
a `<dfn data-term="local anesthetic">`), so the box lists exactly the terms this handout's
variant prints, in the order a reader meets them, each under the words the page used
("Numbing medicine"), in the handout's language. When a handout cannot fit the whole box
within its page limit, figure_fit.py keeps only the terms of its key parts (each of
KEY_PARTS in turn, narrower each time) by taking the other entries out of the HTML
(`limit_words`), and as a last resort prints no box (`without_words`); safety text is never
cut for it.
"""

from __future__ import annotations

import html as html_text
import re
from dataclasses import dataclass

from markupsafe import Markup

from handouts.project.models import GlossaryEntry, Handout

TERM = re.compile(r'<dfn class="term" data-term="([^"]+)">(.*?)</dfn>', re.S)
TAG = re.compile(r"<[^>]+>")
# What a patient most needs to follow, widest first: what the procedure is, the care after it
# and the signs to act on; then what it is alone. A box limited to a set keeps its terms.
KEY_PARTS = (
    ("what-is-it", "after", "emergency", "call-us", "call-office"),
    ("what-is-it",),
)
WORDS_MARK = '<aside class="words-to-know"'
WORD_ENTRY = re.compile(r'<li class="word" data-parts="([^"]*)">.*?</li>\s*', re.S)
WORDS_BOX = re.compile(r'<aside class="words-to-know".*?</aside>\s*', re.S)


@dataclass(frozen=True)
class Word:
    shown: Markup  # the words the page used, first letter capitalised
    definition: Markup
    parts: tuple[str, ...]  # ids of the sections (or help boxes) that use it


def printed_parts(handout: Handout) -> list[tuple[str, Markup]]:
    """(part id, HTML) of everything the handout prints from its content, in reading order."""
    parts = [("glance", item.value + item.label) for item in handout.glance]
    parts += [(section.id, section.body) for section in handout.sections]
    parts += [("emergency", item.html) for item in handout.emergency]
    parts += [("call-us", item.html) for item in handout.call_us]
    parts += [("call-office", item.html) for item in handout.call_office]
    if handout.diary is not None:
        parts.append(("diary", handout.diary.intro))
    return parts


def words_to_know(handout: Handout, glossary: dict[str, GlossaryEntry]) -> list[Word]:
    """The glossary terms the handout prints, each once, with the parts that use it."""
    shown: dict[str, str] = {}
    used_in: dict[str, list[str]] = {}
    for part, markup in printed_parts(handout):
        for key, inner in TERM.findall(str(markup)):
            key = html_text.unescape(key)
            if key not in glossary:
                continue  # the glossary check reports a term it lacks
            shown.setdefault(key, html_text.unescape(TAG.sub("", inner)).strip())
            parts = used_in.setdefault(key, [])
            if part not in parts:
                parts.append(part)
    return [
        Word(Markup.escape(_capitalised(text)), glossary[key].definition, tuple(used_in[key]))
        for key, text in shown.items()
    ]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def limit_words(html: str, key_parts: tuple[str, ...]) -> tuple[str, int]:
    """The HTML with the box keeping only the terms used in `key_parts` (no box if none is
    left), and how many terms were taken out."""
    taken = 0

    def keep_key(match: re.Match) -> str:
        nonlocal taken
        if set(match.group(1).split()) & set(key_parts):
            return match.group(0)
        taken += 1
        return ""

    limited = WORD_ENTRY.sub(keep_key, html)
    if taken and not WORD_ENTRY.search(limited):
        limited = WORDS_BOX.sub("", limited)
    return limited, taken


def without_words(html: str) -> str:
    return WORDS_BOX.sub("", html)
