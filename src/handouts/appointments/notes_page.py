"""The back of the appointment page ("my notes"), laid out once for the packets that print it.

The notes page is the same for every patient of a language, an edition and a set of questions
(the default template prints no patient's details on it), yet laying it out cost about 40% of
each packet's layout. So the appointment HTML is cut before its top-level element of class
"notes-page" (booklet_split.py's cutter): the part before it is laid out for each patient,
the notes part once per process for each distinct HTML, and join.py appends its finished
pages to each packet, as it does the handout's.

The cut is made only where it cannot change what prints: the HTML cuts cleanly into exactly
those two parts, no link in one points into the other, and neither part prints anything in
its page margins (a page number or a running head would count the pages of the whole). A
clinic's template that breaks any of these has its page laid out whole, as before.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import OrderedDict

from handouts.pdf.booklet_split import foreign_targets, split_booklet
from handouts.pdf.join import PreparedPart
from handouts.render.document import HtmlDocument

NOTES_CLASS = "notes-page"
MAX_KEPT = 16  # distinct notes pages kept per process: languages x editions x questions
NOTES_SALT = "notes"  # font subset names of the notes part (join.py: each part its own)
# The head's title and metadata name the procedure but print nothing; the packet's metadata is
# its first part's (join.py). Without them, one notes page serves every procedure.
_METADATA = re.compile(
    r"<title>[^<]*</title>|<meta name=\"(?:author|description|generator|keywords)\"[^>]*>"
)


def split_notes(doc: HtmlDocument) -> tuple[HtmlDocument, HtmlDocument] | None:
    """The appointment document as (the page for this patient, the notes page), or None
    when it cannot be cut without changing what prints."""
    cut = split_booklet(doc.html, NOTES_CLASS)
    if cut is None or len(cut.parts) != 2:
        return None
    if foreign_targets(cut, 0) or foreign_targets(cut, 1):
        return None
    return tuple(dataclasses.replace(doc, html=cut.html(i, {})) for i in (0, 1))


def notes_key(notes_doc: HtmlDocument) -> str:
    """Notes pages with the same key print the same."""
    printed = _METADATA.sub("", notes_doc.html)
    # Generated CSS by its text; a file by its path (files do not change while we run).
    sheets = [getattr(s, "text", None) or str(s) for s in notes_doc.stylesheets]
    return hashlib.sha256("\n".join([printed, *sheets]).encode()).hexdigest()


def prints_in_margins(document) -> bool:
    """Whether a laid-out WeasyPrint document has any page-margin box (page numbers, heads)."""
    from weasyprint.formatting_structure.boxes import MarginBox

    return any(
        isinstance(box, MarginBox) for page in document.pages for box in page._page_box.children
    )


class NotesPages:
    """Lays out appointment pages with their notes page made once (see the module docstring)."""

    def __init__(self, pdf):
        self.pdf = pdf  # a PdfMaker
        self._parts: OrderedDict[str, PreparedPart | None] = OrderedDict()  # None: not cut

    def layout(self, doc: HtmlDocument):
        """(this patient's pages laid out, the notes part to append after them, or None when
        the notes page is among those pages)."""
        split = split_notes(doc)
        if split is None:
            return self.pdf.layout(doc), None
        front_doc, notes_doc = split
        notes = self._notes_part(notes_doc)
        if notes is not None:
            front = self.pdf.layout(front_doc)
            if not prints_in_margins(front):
                return front, notes
        return self.pdf.layout(doc), None

    def _notes_part(self, notes_doc: HtmlDocument) -> PreparedPart | None:
        key = notes_key(notes_doc)
        if key in self._parts:
            self._parts.move_to_end(key)
            return self._parts[key]
        laid_out = self.pdf.layout(notes_doc)
        part = None
        if not prints_in_margins(laid_out):
            part = PreparedPart(self.pdf.write(laid_out), salt=NOTES_SALT, nest_outline=True)
        self._parts[key] = part
        if len(self._parts) > MAX_KEPT:
            self._parts.popitem(last=False)
        return part
