"""Saddle-stitch imposition of the booklet for an ordinary duplex office printer.

The booklet's pages are padded with blank pages to a multiple of four and placed two-up, each
scaled to half of a landscape sheet of the same paper, in signature order: printed on both
sides (flip on the short edge), stacked as they come out, folded in the middle and stapled on
the fold, the sheets read as the booklet in order. One signature: fine for the up-to-~60 pages
an office stapler closes; creep (outer pages sticking out after folding) is not compensated.

The result is for the printer only: it is not tagged and says so in its Subject. Each page is
drawn as a Form XObject (pikepdf), which keeps its content stream untouched and shares its
fonts between sheets.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf
from pikepdf import Name


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
    with pikepdf.open(io.BytesIO(pdf)) as source, pikepdf.new() as imposed:
        first = source.pages[0].mediabox
        # Landscape sheet of the booklet's own paper: a letter booklet prints on letter paper.
        sheet_width, sheet_height = _height(first), _width(first)
        half = sheet_width / 2
        forms: dict[int, pikepdf.Object] = {}
        for side in saddle_stitch_sides(len(source.pages)):
            sheet = imposed.add_blank_page(page_size=(sheet_width, sheet_height))
            drawing: list[str] = []
            for index, left_edge in ((side.left, 0.0), (side.right, half)):
                if index is None:
                    continue
                page = source.pages[index]
                if index not in forms:
                    forms[index] = imposed.copy_foreign(page.as_form_xobject())
                box = page.mediabox
                width, height = _width(box), _height(box)
                scale = min(half / width, sheet_height / height)
                # Centre the scaled page in its half of the sheet.
                x = left_edge + (half - width * scale) / 2 - float(box[0]) * scale
                y = (sheet_height - height * scale) / 2 - float(box[1]) * scale
                name = sheet.add_resource(forms[index], Name.XObject, f"/Page{index + 1}")
                drawing.append(f"q {scale:.6f} 0 0 {scale:.6f} {x:.4f} {y:.4f} cm {name} Do Q")
            sheet.obj.Contents = imposed.make_stream("\n".join(drawing).encode("ascii"))
        info = source.docinfo
        imposed.docinfo[Name.Title] = str(info.get(Name.Title, "Booklet"))
        imposed.docinfo[Name.Subject] = subject
        imposed.docinfo[Name.Author] = str(info.get(Name.Author, ""))
        imposed.docinfo[Name.Creator] = "handouts"
        out = io.BytesIO()
        # Deterministic output (no random /ID), compressed streams, as the booklet itself.
        imposed.save(out, static_id=True, compress_streams=True)
        return ImposedBooklet(out.getvalue(), len(imposed.pages) // 2)


def _width(box) -> float:
    return float(box[2]) - float(box[0])


def _height(box) -> float:
    return float(box[3]) - float(box[1])
