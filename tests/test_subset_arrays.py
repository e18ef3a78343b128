"""Writing PDFs subsets fonts without parsing a new C type for every glyph count."""

from __future__ import annotations

import datetime as dt

from conftest import REPO
from handouts.pdf.writer import PdfMaker
from handouts.project.loader import load_project
from handouts.render.document import HtmlDocument


def page(text: str) -> HtmlDocument:
    html = f"<html lang='en'><head><title>t</title></head><body><p>{text}</p></body></html>"
    return HtmlDocument(
        name="page", kind="handout", html=html, stylesheets=[], title="t", subject="s",
        language="en", created=dt.date(2026, 12, 3),
    )  # fmt: skip


def test_sized_arrays_are_the_same_items_in_an_unsized_type():
    from weasyprint.pdf import fonts

    array = fonts.ffi.new("hb_codepoint_t[3]", (5, 7, 9))
    assert list(array) == [5, 7, 9]
    assert fonts.ffi.typeof(array).cname.endswith("[]")
    assert len(fonts.ffi.new("hb_codepoint_t[4]")) == 4  # no items: still the sized type
    assert len(fonts.ffi.new("char[4]", b"abcd")) == 4  # bytes: no NUL added


def test_pdfs_with_new_glyph_counts_parse_no_new_c_type():
    from weasyprint.pdf import fonts

    maker = PdfMaker(load_project(REPO))
    maker.write(maker.layout(page("Warm up the font caches.")))
    parsed = fonts.ffi._ffi._parsed_types
    before = len(parsed)
    for text in ("Abc", "Quick brown fox jumps", "0123456789 xyz QRSTUVW", "Zebra knows jam"):
        assert maker.write(maker.layout(page(text))).startswith(b"%PDF")
    assert len(parsed) == before
