"""What the check gate reads from each rendered document, fed from one parse of its HTML."""

from __future__ import annotations

from handouts.checks.prose import ProseReader, ProseSection
from handouts.checks.structure import StructureReader
from handouts.render.document import HtmlDocument
from handouts.render.html_scan import HtmlReader, read_document
from handouts.render.references import ReferenceReader

# The reference fence runs after the other checks; reading its references in the same parse
# leaves it nothing to parse.
CHECK_READERS = {
    "structure": StructureReader,
    "prose": lambda doc: ProseReader(doc.name),
    "references": ReferenceReader,
}


def check_readings(doc: HtmlDocument) -> dict[str, HtmlReader]:
    return read_document(doc, CHECK_READERS)


def document_sections(doc: HtmlDocument) -> list[ProseSection]:
    """The patient prose of a rendered handout (checks/prose.py), in reading order."""
    return check_readings(doc)["prose"].sections
