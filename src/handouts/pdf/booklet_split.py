"""The booklet's HTML cut into parts that lay out on their own: the front, then each chapter.

A part is the booklet's own HTML document (the same head, the same body element) holding only
some of the body's top-level elements: the front is everything before the first element of
class "chapter" (the cover and the contents, in the default template); each chapter starts at
an element of class "chapter" and holds what follows it up to the next one. Cutting keeps the
HTML text exactly as the template wrote it, so a part lays out the way its pages did in the
whole booklet, provided every chapter starts on a right-hand page (the default stylesheet's
`break-before: right`) and its page numbers are set to continue from the part before.

A link to an element in another part (a contents entry, a citation of the reference list)
would be dropped by the layout of its part alone, so each part ends with placeholder pages
that hold an empty element with each such id. The placeholder pages carry the page number the
target has in the whole booklet (when it is known), so `target-counter()` reads the right
number; they are taken out again after writing (booklet_parts.py), and the joined booklet
resolves each link to its real target.

HTML this cannot cut cleanly (an element left open, a body without a chapter) is laid out
whole, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from itertools import pairwise

# Elements with no end tag (HTML's void elements): they never open a level of nesting.
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
STUB_CLASS = "handouts-link-targets"
STUB_PAGE = "handouts-link-targets-"  # + the page number the targets on it have


@dataclass(frozen=True)
class Part:
    name: str  # "front", or the id of the part's first chapter
    body: str  # the part's top-level elements, as the template wrote them
    ids: frozenset[str]  # ids defined in this part
    targets: frozenset[str]  # ids that its links ("#id") point to


@dataclass(frozen=True)
class Booklet:
    head: str  # the HTML up to and including the <body> tag
    tail: str  # from </body> to the end
    parts: tuple[Part, ...]

    def owner(self) -> dict[str, int]:
        """Each id -> the index of the part that defines it (the first, as a link resolves)."""
        owners: dict[str, int] = {}
        for index, part in enumerate(self.parts):
            for name in part.ids:
                owners.setdefault(name, index)
        return owners

    def html(self, index: int, target_pages: dict[str, int]) -> str:
        """Part `index` as a document of its own, with placeholders for the ids its links
        point to in other parts, each on a page numbered as `target_pages` says (0 when not
        yet known)."""
        by_page: dict[int, list[str]] = {}
        for target in foreign_targets(self, index):
            by_page.setdefault(target_pages.get(target, 0), []).append(target)
        stubs = "".join(
            f'<div class="{STUB_CLASS}" style="break-before: page; page: {STUB_PAGE}{page}">'
            + "".join(f'<span id="{escape(t)}"></span>' for t in targets)
            + "</div>"
            for page, targets in sorted(by_page.items())
        )
        return self.head + self.parts[index].body + stubs + self.tail


def foreign_targets(booklet: Booklet, index: int) -> list[str]:
    owners = booklet.owner()
    return sorted(t for t in booklet.parts[index].targets if owners.get(t, index) != index)


def stub_page_css(booklet: Booklet, index: int, target_pages: dict[str, int]) -> str:
    """The page numbers of part `index`'s placeholder pages."""
    pages = sorted({target_pages.get(t, 0) for t in foreign_targets(booklet, index)})
    return " ".join(f"@page {STUB_PAGE}{page} {{ counter-reset: page {page}; }}" for page in pages)


def first_page_css(first_page: int) -> str:
    """Page numbers of a part that starts on page `first_page` of the booklet."""
    return f"@page :first {{ counter-reset: page {first_page}; }}" if first_page > 1 else ""


_CLASS_WORD = re.compile(r"\S+")


class _Cutter(HTMLParser):
    def __init__(self, text: str, cut_class: str):
        super().__init__(convert_charrefs=True)
        self.text = text
        self.cut_class = cut_class
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.body_start: int | None = None  # just after <body ...>
        self.body_end: int | None = None  # at </body>
        self.depth = 0
        self.broken = False
        # Top-level elements: (offset, is a chapter, own id); ids and targets of each.
        self.starts: list[tuple[int, bool, str]] = []
        self.ids: list[set[str]] = []
        self.targets: list[set[str]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs, closes=tag in VOID)

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs, closes=True)

    def _element(self, tag, attrs, *, closes: bool):
        if self.body_start is None:
            if tag == "body":
                self.body_start = self._offset() + len(self.get_starttag_text())
            return
        if self.body_end is not None:
            self.broken = True  # content after </body>
            return
        values = dict(attrs)
        if self.depth == 0:
            chapter = self.cut_class in _CLASS_WORD.findall(values.get("class") or "")
            self.starts.append((self._offset(), chapter, values.get("id") or ""))
            self.ids.append(set())
            self.targets.append(set())
        if self.starts:
            if values.get("id"):
                self.ids[-1].add(values["id"])
            href = values.get("href") or ""
            if href.startswith("#") and len(href) > 1:
                self.targets[-1].add(href[1:])
        if not closes:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.body_start is None or self.body_end is not None or tag in VOID:
            return
        if tag == "body":
            self.body_end = self._offset()
            if self.depth != 0:
                self.broken = True
            return
        self.depth -= 1
        if self.depth < 0:
            self.broken = True


def split_booklet(html: str, cut_class: str = "chapter") -> Booklet | None:
    """The booklet in parts (front, then each chapter), or None when it cannot be cut.
    Another document is cut the same way before each top-level element of `cut_class`."""
    cutter = _Cutter(html, cut_class)
    cutter.feed(html)
    cutter.close()
    if cutter.broken or cutter.body_start is None or cutter.body_end is None:
        return None
    starts = cutter.starts
    chapters = [i for i, (_, chapter, _) in enumerate(starts) if chapter]
    if not chapters or chapters[0] == 0:
        return None  # no front to number the pages from, or no chapter to reuse
    boundaries = [0, *chapters, len(starts)]
    parts = []
    for first, end in pairwise(boundaries):
        if first == end:
            continue
        begin = cutter.body_start if first == 0 else starts[first][0]
        finish = starts[end][0] if end < len(starts) else cutter.body_end
        ids = set().union(*cutter.ids[first:end])
        targets = set().union(*cutter.targets[first:end])
        name = "front" if first == 0 else (starts[first][2] or f"part-{len(parts)}")
        parts.append(Part(name, html[begin:finish], frozenset(ids), frozenset(targets)))
    return Booklet(html[: cutter.body_start], html[cutter.body_end :], tuple(parts))
