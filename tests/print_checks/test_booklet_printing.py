"""Printing the booklet: right-hand chapters, binding margins, paper, imposition, print shop."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from handouts.pdf.impose import Side, padded_page_count, saddle_stitch_sides

from .pdf_measure import analyse

INCH = 72
A4 = (595.28, 841.89)


def booklet(print_build):
    out, _ = print_build
    return out / "clinician-booklet.pdf"


def chapter_pages(path) -> list[int]:
    """1-based page numbers of the top-level bookmarks (Contents and every chapter)."""
    reader = PdfReader(path)
    return [
        reader.get_destination_page_number(b) + 1 for b in reader.outline if not isinstance(b, list)
    ]


def test_chapters_start_on_right_hand_pages(print_build):
    pages = chapter_pages(booklet(print_build))
    assert len(pages) >= 3
    assert all(page % 2 == 1 for page in pages), pages


def test_blank_pages_fill_in_and_carry_no_running_heads(print_build):
    analysis = analyse(booklet(print_build))
    starts = set(chapter_pages(booklet(print_build)))
    blank = [page.number for page in analysis.pages if not page.chars]
    assert blank, "some chapter needed a blank left-hand page before it"
    for number in blank:
        assert number % 2 == 0 and number + 1 in starts


def test_inner_margin_is_wider_than_outer_margin(print_build):
    analysis = analyse(booklet(print_build))
    body = [p for p in analysis.pages[2:] if p.chars]
    right = [p for p in body if p.number % 2 == 1]
    left = [p for p in body if p.number % 2 == 0]
    assert right and left
    # Binding is at the left of right-hand pages and at the right of left-hand pages.
    assert min(c["x0"] for p in right for c in p.chars) >= 0.85 * INCH
    assert min(c["x0"] for p in left for c in p.chars) <= 0.7 * INCH
    assert max(c["x1"] for p in left for c in p.chars) <= left[0].width - 0.85 * INCH


def test_paper_option_sets_the_page_size(a4_booklet):
    reader = PdfReader(a4_booklet / "clinician-booklet.pdf")
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == (595.3, 841.9)


@pytest.mark.parametrize(
    ("pages", "sides"),
    [
        (1, [Side(None, 0), Side(None, None)]),
        (4, [Side(3, 0), Side(1, 2)]),
        (6, [Side(None, 0), Side(1, None), Side(5, 2), Side(3, 4)]),
    ],
)
def test_saddle_stitch_order(pages, sides):
    assert saddle_stitch_sides(pages) == sides


def test_every_page_is_printed_once_and_folding_gives_the_order():
    for pages in range(1, 41):
        sides = saddle_stitch_sides(pages)
        assert len(sides) == padded_page_count(pages) // 2
        printed = [i for s in sides for i in (s.left, s.right) if i is not None]
        assert sorted(printed) == list(range(pages))
        # Front of each sheet: its two halves add up to n-1 (0-based), like a folded sheet.
        total = padded_page_count(pages)
        for k, side in enumerate(sides[::2]):
            assert (side.left or total - 1 - 2 * k) + side.right == total - 1


def page_text(page, x0=None, x1=None):
    chars = [
        c for c in page.chars if (x0 is None or c["x0"] >= x0) and (x1 is None or c["x1"] <= x1)
    ]
    # The characters as a sorted multiset: scaling shifts line positions by fractions of a
    # point, which can reorder extraction, but never changes which characters a page holds.
    return "".join(sorted(c["text"] for c in chars))


def test_imposed_booklet_places_source_pages_in_signature_order(a4_booklet):
    source = analyse(a4_booklet / "clinician-booklet.pdf")
    imposed_path = a4_booklet / "clinician-booklet-saddle-stitch.pdf"
    imposed = analyse(imposed_path)
    pages = len(source.pages)
    assert len(imposed.pages) == padded_page_count(pages) // 2
    reader = PdfReader(imposed_path)
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 1), round(float(box.height), 1)) == (841.9, 595.3)
    assert "for printing only" in reader.metadata.subject
    assert "/StructTreeRoot" not in reader.trailer["/Root"]

    texts = [page_text(p) for p in source.pages]
    for side, expected in zip(imposed.pages, saddle_stitch_sides(pages), strict=True):
        middle = side.width / 2
        for half, index in (
            (page_text(side, x1=middle), expected.left),
            (page_text(side, x0=middle), expected.right),
        ):
            assert half == (texts[index] if index is not None else ""), (side.number, index)


def test_print_shop_file_has_bleed_and_crop_marks(a4_booklet):
    import pdfplumber

    path = a4_booklet / "clinician-booklet-print-shop.pdf"
    reader = PdfReader(path)
    assert (
        "crop marks" in reader.metadata.subject and "for printing only" in reader.metadata.subject
    )
    assert len(reader.pages) == len(PdfReader(a4_booklet / "clinician-booklet.pdf").pages)
    page = reader.pages[0]
    trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
    assert (round(float(trim.width), 1), round(float(trim.height), 1)) == (595.3, 841.9)
    assert float(trim.left) - float(bleed.left) >= 8.5  # at least 3 mm of bleed
    assert float(bleed.left) > float(media.left)  # room outside the bleed for the marks
    with pdfplumber.open(path) as pdf:
        first = pdf.pages[0]
        marks = [
            item
            for item in first.lines + first.curves
            if item["x1"] <= float(trim.left) - float(media.left)
            or item["x0"] >= float(trim.right) - float(media.left)
        ]
    assert len(marks) >= 4, "crop marks outside the trim box at the left and right"
