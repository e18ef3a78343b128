"""Authors' working notes must not reach a printed page.

The clinical fact sheet that content is written from records how each fact was checked
("unverified", "read in a mirror", "§11", its confidence markers ✅ ◐ ⚠️ ❗). Those notes help
the authors; printed, they make a clinician booklet read like a research notebook and a
patient handout look unfinished. Where a fact is uncertain, printed text says so in a
clinician's words ("evidence is limited", "confirm against your institution's protocol").
"""

from __future__ import annotations

import html
import re

from handouts.checks.results import Collector
from handouts.render.document import HtmlDocument

TAG = re.compile(r"<[^>]*>")
# (pattern, what it is): each names the note so the message says what to rewrite.
WORKING_NOTES = [
    (r"\bunverified\b", "'unverified'"),
    (r"\bnot seen\b", "'not seen'"),
    (r"\bread in (?:a |the )?(?:partial )?mirror\b", "'read in a mirror'"),
    (r"\(mirror\)", "'(mirror)'"),
    (r"\bverification addendum\b", "'verification addendum'"),
    (r"§\s?\d+", "a section sign pointing into the fact sheet"),
    (r"\bfact[- ]sheet\b", "a mention of the fact sheet"),
    (r"\bcited only\b", "'cited only'"),
    (r"\bstored copy\b", "'stored copy'"),
    (r"\bcould not be (?:read|seen|checked|verified)\b", "'could not be read'"),
    (r"\bbackground knowledge\b", "'background knowledge'"),
    (r"\bsource list\b", "'source list'"),
    (r"[\u2705\u25d0\u26a0\u2757]", "a confidence marker (✅ ◐ ⚠️ ❗) from the fact sheet"),
]
COMPILED = [(re.compile(pattern, re.IGNORECASE), name) for pattern, name in WORKING_NOTES]


def printed_text(markup: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", markup)).split())


def working_notes_in(text: str) -> list[tuple[str, str]]:
    """(note, its text in context) for each working note found in printed `text`."""
    found = []
    seen: set[int] = set()
    for pattern, name in COMPILED:
        for match in pattern.finditer(text):
            if match.start() in seen:
                continue
            seen.add(match.start())
            context = text[max(0, match.start() - 40) : match.end() + 40].strip()
            found.append((name, context))
    return found


def check_working_notes(doc: HtmlDocument, source: str, found: Collector) -> None:
    for name, context in working_notes_in(printed_text(doc.html)):
        found.add(
            "error",
            "working-notes",
            doc.name,
            "",
            f"an author's working note ({name}) is printed: \u2026{context}\u2026 "
            "Say what a clinician needs instead (\u201cevidence is limited\u201d, "
            "\u201cconfirm against your institution's protocol\u201d)",
            source,
        )
