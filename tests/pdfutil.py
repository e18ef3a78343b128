"""Reading the PDFs we make, the way a user or a print shop would check them."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def normalise(text: str) -> str:
    """Collapse whitespace and undo typographic hyphen breaks so headings compare as typed."""
    text = text.replace("\u2010", "-").replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).strip()


def outline_titles(path: Path) -> list[tuple[str, int, int]]:
    """(title, depth, 0-based page) for every bookmark, depth-first."""
    reader = PdfReader(path)
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((item.title, depth, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def booklet_toc(path):
    """Contents entries as (title, page number printed) from the contents page."""
    texts = page_texts(path)
    contents_page = next(i for i, t in enumerate(texts) if t.strip().startswith("Contents"))
    entries = []
    for line in texts[contents_page].splitlines()[1:]:
        match = re.match(r"^(.*?)[\s.…]*?(\d+)$", line.strip())
        if match and match.group(1).strip(" ."):
            entries.append((normalise(match.group(1).strip(" .")), int(match.group(2))))
    return entries


def unembedded_fonts(path: Path) -> list[str]:
    """Names of fonts used on any page that do not carry their font program."""
    missing = []
    for page in PdfReader(path).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descriptor = None
            if "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            else:
                descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font.get("/BaseFont")))
    return missing
