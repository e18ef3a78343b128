"""What fitting asks of one layout (pdf/trials.py keeps the answers): how many pages, where
the diary starts, whether a caption was dropped, the body's type size, line height and
margins, and which section crosses the page limit."""

from __future__ import annotations

import html as html_text
import re
from dataclasses import dataclass

from handouts.render.document import HtmlDocument

SECTION = re.compile(
    r'<(?:section|div|aside)\b[^>]*\bid="([^"]+)"[^>]*>\s*<h2[^>]*>(.*?)</h2>', re.S
)
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Trial:
    """What fitting needs to know of one layout."""

    pages: int
    diary_page: int | None  # 0-based index of the first page of a trailing pain diary
    lost_captions: int  # figure captions in the HTML that the layout did not place
    font_px: float  # the root element's font size
    line_height: float  # the root element's line height, as a multiple of its font size
    margins: tuple[float, float, float, float]  # first page: top, right, bottom, left (px)
    crossing: str | None  # the section holding the first thing past the page limit
    warnings: tuple[str, ...] = ()  # WeasyPrint's, as PdfMaker.layout collected them

    @property
    def content_pages(self) -> int:
        """Pages counted against the page limit: all but a trailing pain diary."""
        return self.diary_page if self.diary_page is not None else self.pages

    @property
    def diary_pages(self) -> int:
        return self.pages - self.content_pages


def measure(doc: HtmlDocument, document, warnings: tuple[str, ...] = ()) -> Trial:
    from handouts.pdf.writer import first_page_with_anchor

    page = document.pages[0]._page_box
    root = page.children[0]
    font_px = root.style["font_size"]
    diary_page = first_page_with_anchor(document, doc.diary_anchor) if doc.diary_anchor else None
    content_pages = diary_page if diary_page is not None else len(document.pages)
    limit = doc.page_limit
    over = limit is not None and content_pages > limit
    return Trial(
        pages=len(document.pages),
        diary_page=diary_page,
        lost_captions=lost_captions(doc, document),
        font_px=font_px,
        line_height=line_height_ratio(root.style["line_height"], font_px),
        margins=(page.margin_top, page.margin_right, page.margin_bottom, page.margin_left),
        crossing=crossing_section(document, doc.html, limit) if over else None,
        warnings=warnings,
    )


def line_height_ratio(value, font_px: float) -> float:
    """WeasyPrint's computed line-height as a multiple of the font size."""
    if value == "normal":
        return 1.2
    number, unit = (value.value, value.unit) if hasattr(value, "unit") else (value, None)
    return number / font_px if unit == "px" else float(number)


def lost_captions(doc: HtmlDocument, document) -> int:
    """Captions in the HTML that the layout did not place. WeasyPrint (70) may split a float
    at the foot of the last page and drop the part that would go on the next, so a drawing
    can print without its caption ("Shade where you feel pain"), with no error."""
    wanted = doc.html.count('<figcaption class="figure-caption">')
    if not wanted:
        return 0
    placed = 0
    for page in document.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if getattr(box, "element_tag", None) == "figcaption" and box.children:
                placed += type(box).__name__ == "BlockBox"
            stack.extend(getattr(box, "children", None) or ())
    return max(0, wanted - placed)


def section_titles(markup: str) -> dict[str, str]:
    """Element id -> heading text, for each block of the HTML that starts with an h2."""
    return {
        ident: " ".join(html_text.unescape(TAG.sub("", title)).split())
        for ident, title in SECTION.findall(markup)
    }


def crossing_section(document, markup: str, limit: int) -> str | None:
    """The section holding the first thing laid out past the page limit."""
    titles = section_titles(markup)
    if len(document.pages) <= limit:
        return None
    stack = [document.pages[limit]._page_box]
    while stack:
        box = stack.pop(0)
        element = getattr(box, "element", None)
        ident = element.get("id") if element is not None else None
        if ident in titles:
            return titles[ident]
        stack[:0] = list(getattr(box, "children", []))
    last = None  # nothing known on that page: the last section that starts before it
    for index, page in enumerate(document.pages[:limit]):
        for ident in page.anchors:
            if ident in titles and index < limit:
                last = titles[ident]
    return last
