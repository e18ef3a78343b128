"""The booklet's one numbered reference list, in the order its text first cites them.

Each content file numbers its own references when it loads (a handout or a translation
cites within its file). The booklet joins the overview and every chapter, so a source cited
by several chapters would print once per chapter; here every source gets one number for the
whole booklet, and each citation link is renumbered to point at that single entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

from handouts.project.models import Reference

# The citation links markup.py writes: <a class="cite" href="#...ref-KEY" data-ref="KEY">N</a>
CITATION = re.compile(r'<a class="cite" href="#[^"]*" data-ref="(?P<key>[^"]*)">\d+</a>')
ANCHOR = "ref-"


@dataclass(frozen=True)
class NumberedReference:
    number: int
    reference: Reference

    @property
    def anchor(self) -> str:
        return ANCHOR + self.reference.key


class BookletReferences:
    """Sources of the whole booklet, each once, numbered by first citation."""

    def __init__(self, texts: Iterable[str], reference_lists: Iterable[Iterable[Reference]]):
        sources: dict[str, Reference] = {}
        for refs in reference_lists:
            for ref in refs:
                sources.setdefault(ref.key, ref)  # the first file's entry prints
        order: list[str] = []
        for text in texts:
            for match in CITATION.finditer(str(text)):
                key = match["key"]
                if key in sources and key not in order:
                    order.append(key)
        # A listed source no text cites still prints (content never silently disappears).
        order += [key for key in sources if key not in order]
        self.numbers = {key: number for number, key in enumerate(order, start=1)}
        self.entries = [NumberedReference(self.numbers[k], sources[k]) for k in order]

    def renumber(self, html: str) -> str:
        """Point every citation of `html` at the booklet's single list, with its number."""

        def replace(match: re.Match) -> str:
            key = match["key"]
            number = self.numbers.get(key)
            if number is None:
                return match.group(0)
            return str(
                Markup('<a class="cite" href="#{}" data-ref="{}">{}</a>').format(
                    ANCHOR + key, key, number
                )
            )

        return CITATION.sub(replace, html)


def booklet_references(booklet, chapters, table_sources=()) -> BookletReferences:
    """The booklet's references from its overview and chapters, in reading order; the
    medication-hold table after the overview cites `table_sources`."""
    texts: list[str] = [section.body for section in booklet.overview.sections]
    texts += [f'<a class="cite" href="#" data-ref="{key}">0</a>' for key in table_sources]
    lists = [booklet.overview.references]
    for procedure in chapters:
        texts.append(procedure.bleeding_risk)
        texts.extend(section.body for section in procedure.clinician_sections)
        lists.append(procedure.references)
    return BookletReferences(texts, lists)
