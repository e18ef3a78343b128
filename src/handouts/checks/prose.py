"""The patient text of a rendered handout, as a reader meets it, ready for scoring.

We read the HTML that the templates produce (not the YAML), so what is checked is what prints,
placeholders filled and markup applied, whichever templates the clinic uses. The patient text is
every `<section class="section">` and help box (`<section class="help-box">`) of the handout;
the masthead, title, glance strip, footer note and pain diary are furniture or forms, not prose.
A section's heading is not scored (headings are not sentences); each paragraph, list item or
table cell is one *unit*, which always ends a sentence, so bullets need no full stops.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handouts.render.html_scan import HtmlReader

PROSE_SECTION_CLASSES = ("section", "help-box")
BLOCKS = {"p", "li", "dt", "dd", "td", "th", "blockquote", "figcaption", "caption", "div"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SKIPPED = {"script", "style", "template", "svg"}  # a drawing's labels and alt text are not prose
VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "source", "col", "area", "base"}


@dataclass
class Unit:
    """One paragraph or list item: its text and where glossary terms are marked in it."""

    text: str
    terms: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, key)


@dataclass
class ProseSection:
    id: str  # the content's section id ("risks"), or "emergency" / "call-us"
    title: str
    units: list[Unit] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(unit.text for unit in self.units)


class ProseReader(HtmlReader):
    """The prose sections of one handout, in reading order (`sections`)."""

    def __init__(self, slug: str):
        self.slug = slug
        self.sections: list[ProseSection] = []
        self.stack: list[str] = []  # open elements, to know when a section or skip ends
        self.section_depth: int | None = None
        self.skip_depth: int | None = None
        self.heading_depth: int | None = None
        self.term: tuple[int, str] | None = None  # (start, key) of an open <dfn>
        self.buffer: list[str] = []
        self.unit_terms: list[tuple[int, int, str]] = []

    # -- element tracking --------------------------------------------------------------

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            if tag == "br":
                self._text(" ")
            return
        attributes = dict(attrs)
        self.stack.append(tag)
        depth = len(self.stack)
        classes = (attributes.get("class") or "").split()
        if self.section_depth is None:
            if tag == "section" and any(c in PROSE_SECTION_CLASSES for c in classes):
                ident = attributes.get("id") or ""
                ident = ident.removeprefix(f"{self.slug}-") if ident else f"section-{depth}"
                self.sections.append(ProseSection(ident, ""))
                self.section_depth = depth
            return
        if self.skip_depth is not None:
            return
        hidden = attributes.get("aria-hidden") == "true" or "citation" in classes
        if tag in SKIPPED or hidden:
            self._flush()
            self.skip_depth = depth
        elif tag in HEADINGS:
            self._flush()
            self.heading_depth = depth
        elif tag in BLOCKS:
            self._flush()
        elif tag == "dfn":
            self.term = (self._length(), attributes.get("data-term") or "")

    def handle_endtag(self, tag):
        if tag in VOID or tag not in self.stack:
            return
        while self.stack:  # close anything left open inside, as browsers do
            depth = len(self.stack)
            open_tag = self.stack.pop()
            self._close(open_tag, depth)
            if open_tag == tag:
                break

    def _close(self, tag, depth):
        if self.skip_depth == depth:
            self.skip_depth = None
            return
        if self.skip_depth is not None:
            return
        if self.heading_depth == depth:
            self.heading_depth = None
            title = " ".join("".join(self.buffer).split())
            if self.sections and not self.sections[-1].title:
                self.sections[-1].title = title
            self.buffer, self.unit_terms = [], []
        elif tag == "dfn" and self.term is not None:
            start, key = self.term
            self.unit_terms.append((start, self._length(), key))
            self.term = None
        elif tag in BLOCKS:
            self._flush()
        if self.section_depth == depth:
            self._flush()
            self.section_depth = None

    def handle_data(self, data):
        if self.section_depth is not None and self.skip_depth is None:
            self._text(data)

    # -- text ----------------------------------------------------------------------------

    def _text(self, data: str) -> None:
        self.buffer.append(data)

    def _length(self) -> int:
        return len("".join(self.buffer))

    def _flush(self) -> None:
        """End the current unit; spans are re-based on the whitespace-normalised text."""
        raw = "".join(self.buffer)
        self.buffer = []
        terms, self.unit_terms = self.unit_terms, []
        if self.heading_depth is not None or self.section_depth is None:
            return
        text, positions = _normalise(raw)
        if not text:
            return
        spans = [
            (positions[s], positions[e], key) for s, e, key in terms if positions[s] < positions[e]
        ]
        self.sections[-1].units.append(Unit(text, spans))


def _normalise(raw: str) -> tuple[str, list[int]]:
    """Collapse whitespace; return the text and, for each raw offset, the offset in the text."""
    out: list[str] = []
    positions = []
    pending_space = False
    for char in raw:
        positions.append(len(out) + (1 if pending_space and out else 0))
        if char.isspace():
            pending_space = True
            continue
        if pending_space and out:
            out.append(" ")
        pending_space = False
        out.append(char)
    positions.append(len(out))
    return "".join(out), positions
