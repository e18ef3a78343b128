"""Saddle-stitch imposition of the booklet for an ordinary duplex office printer.

The booklet's pages are padded with blank pages to a multiple of four and placed two-up, each
scaled to half of a landscape sheet of the same paper, in signature order: printed on both
sides (flip on the short edge), stacked as they come out, folded in the middle and stapled on
the fold, the sheets read as the booklet in order. One signature: fine for the up-to-~60 pages
an office stapler closes; creep (outer pages sticking out after folding) is not compensated.

The result is for the printer only: it is not tagged and says so in its Subject.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
)


@dataclass(frozen=True)
class Side:
    """One printed side of a sheet: 0-based source page indexes, None for a blank half."""

    left: int | None
    right: int | None


@dataclass(frozen=True)
class ImposedBooklet:
    data: bytes
    sheets: int


def padded_page_count(pages: int) -> int:
    return -(-pages // 4) * 4


def saddle_stitch_sides(pages: int) -> list[Side]:
    """Sides in printing order: sheet 1 front, sheet 1 back, sheet 2 front, ...

    With n padded pages (numbered from 1), sheet k's front holds n-2k+2 (left) and 2k-1
    (right); its back holds 2k (left) and n-2k+1 (right). Blank padding pages become None.
    """
    total = padded_page_count(pages)

    def page(index: int) -> int | None:
        return index if index < pages else None

    sides = []
    for sheet in range(total // 4):
        sides.append(Side(page(total - 1 - 2 * sheet), page(2 * sheet)))
        sides.append(Side(page(2 * sheet + 1), page(total - 2 - 2 * sheet)))
    return sides


def impose_saddle_stitch(pdf: bytes, *, subject: str) -> ImposedBooklet:
    reader = PdfReader(io.BytesIO(pdf))
    first = reader.pages[0].mediabox
    # Landscape sheet of the booklet's own paper: a letter booklet prints on letter paper.
    sheet_width, sheet_height = float(first.height), float(first.width)
    half = sheet_width / 2
    writer = PdfWriter()
    forms: dict[int, IndirectObject] = {}
    for side in saddle_stitch_sides(len(reader.pages)):
        sheet = writer.add_blank_page(width=sheet_width, height=sheet_height)
        drawing: list[str] = []
        xobjects = DictionaryObject()
        for index, left_edge in ((side.left, 0.0), (side.right, half)):
            if index is None:
                continue
            if index not in forms:
                forms[index] = _page_as_form(writer, reader.pages[index])
            box = reader.pages[index].mediabox
            width, height = float(box.width), float(box.height)
            scale = min(half / width, sheet_height / height)
            # Centre the scaled page in its half of the sheet.
            x = left_edge + (half - width * scale) / 2 - float(box.left) * scale
            y = (sheet_height - height * scale) / 2 - float(box.bottom) * scale
            name = f"/Page{index + 1}"
            xobjects[NameObject(name)] = forms[index]
            drawing.append(f"q {scale:.6f} 0 0 {scale:.6f} {x:.4f} {y:.4f} cm {name} Do Q")
        contents = DecodedStreamObject()
        contents.set_data("\n".join(drawing).encode("ascii"))
        sheet[NameObject("/Contents")] = writer._add_object(contents.flate_encode())
        sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
    info = reader.metadata or {}
    writer.add_metadata(
        {
            "/Title": str(info.get("/Title", "Booklet")),
            "/Subject": subject,
            "/Author": str(info.get("/Author", "")),
            "/Creator": "handouts",
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return ImposedBooklet(out.getvalue(), len(writer.pages) // 2)


def _page_as_form(writer: PdfWriter, page) -> IndirectObject:
    """The page's drawing as a Form XObject in `writer`, sharing fonts between pages.

    Drawing whole pages as forms keeps their content streams untouched (no re-parsing, no
    resource renaming), which is both faster and far smaller than merging pages.
    """
    contents = page.get_contents()  # a ContentStream is a dict: test for None, not truth
    form = DecodedStreamObject()
    form.set_data(contents.get_data() if contents is not None else b"")
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(page.mediabox),
            NameObject("/Resources"): page.raw_get("/Resources").clone(writer),
        }
    )
    return writer._add_object(form.flate_encode())
