"""Measuring PDFs as a reader sees them: text sizes, lines, margins, the structure tree.

pdfplumber reports sizes in points as a viewer shows them (pypdf's raw font size ignores the
text matrix WeasyPrint scales with).
"""

from __future__ import annotations

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
        return max((b["x0"] - a["x1"] for a, b in zip(ordered, ordered[1:])), default=0.0)


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


def tagged_content(pdf: pdfplumber.PDF) -> set[tuple[int, int]]:
    """(page number, MCID) of every piece of content the structure tree links to."""
    return {
        (element["page_number"], mcid)
        for element in structure_elements(pdf)
        for mcid in element.get("mcids", [])
    }


def heading_levels(pdf: pdfplumber.PDF) -> list[int]:
    return [
        int(element["type"][1:])
        for element in structure_elements(pdf)
        if element["type"] in {f"H{n}" for n in range(1, 7)}
    ]
