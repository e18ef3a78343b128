"""Measuring PDFs as a reader sees them: text sizes, lines, margins, the structure tree.

pdfplumber reports sizes in points as a viewer shows them (pypdf's raw font size ignores the
text matrix WeasyPrint scales with).
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from dataclasses import dataclass

import pdfplumber


def visible_chars(page) -> list[dict]:
    return [c for c in page.chars if c["text"].strip()]


@dataclass
class PageSizes:
    smallest: float
    most_common: float


def text_sizes(page) -> PageSizes | None:
    sizes = Counter(round(c["size"], 1) for c in visible_chars(page))
    if not sizes:
        return None
    return PageSizes(min(sizes), sizes.most_common(1)[0][0])


@dataclass
class Line:
    top: float
    x0: float
    x1: float
    size: float
    chars: list[dict]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    def widest_gap(self) -> float:
        ordered = sorted(self.chars, key=lambda c: c["x0"])
        return max((b["x0"] - a["x1"] for a, b in itertools.pairwise(ordered)), default=0.0)


def text_lines(page, below: float = 0.0, above: float | None = None) -> list[Line]:
    """Chars grouped into lines by baseline, between `below` and `above` (from the top)."""
    above = page.height if above is None else above
    groups: dict[float, list[dict]] = {}
    for char in visible_chars(page):
        if below <= char["top"] < above:
            groups.setdefault(round(char["bottom"]), []).append(char)
    lines = []
    for _, chars in sorted(groups.items()):
        size = Counter(round(c["size"], 1) for c in chars).most_common(1)[0][0]
        lines.append(
            Line(
                min(c["top"] for c in chars),
                min(c["x0"] for c in chars),
                max(c["x1"] for c in chars),
                size,
                chars,
            )
        )
    return lines


def structure_elements(pdf: pdfplumber.PDF) -> list[dict]:
    """Every element reachable from the StructTreeRoot, in reading order."""
    found = []

    def walk(element):
        found.append(element)
        for child in element.get("children", []):
            walk(child)

    for element in pdf.structure_tree:
        walk(element)
    return found


@dataclass
class PageText:
    number: int
    width: float
    height: float
    chars: list[dict]  # visible characters only


@dataclass
class Analysis:
    pages: list[PageText]
    elements: list[dict]  # structure tree in reading order
    tagged: set[tuple[int, int]]  # (page number, MCID) of content linked into the tree
    in_tables: set[tuple[int, int]]  # ... of content inside a Table element
    in_figures: set[tuple[int, int]] = frozenset()  # ... of a drawing's labels (Figure elements)


_KEEP = ("text", "size", "top", "bottom", "x0", "x1", "mcid", "tag", "fontname")


@functools.cache
def analyse(path) -> Analysis:
    """Parse a PDF once per test session: pdfplumber is thorough but slow on long files."""
    with pdfplumber.open(path) as pdf:
        pages = [
            PageText(
                page.page_number,
                float(page.width),
                float(page.height),
                [{key: char.get(key) for key in _KEEP} for char in visible_chars(page)],
            )
            for page in pdf.pages
        ]
        elements = structure_elements(pdf)
    tagged = _content_of(elements)
    tables = [e for e in elements if e["type"] == "Table"]
    in_tables = _content_of([d for table in tables for d in structure_elements_under(table)])
    figures = [e for e in elements if e["type"] == "Figure"]
    in_figures = _content_of([d for f in figures for d in structure_elements_under(f)])
    return Analysis(pages, elements, tagged, in_tables, in_figures)


def structure_elements_under(element: dict) -> list[dict]:
    found = [element]
    for child in element.get("children", []):
        found += structure_elements_under(child)
    return found


def _content_of(elements) -> set[tuple[int, int]]:
    return {(e["page_number"], mcid) for e in elements for mcid in e.get("mcids", [])}
