"""A packet is joined from two finished tagged PDFs (tagged_join): the appointment page and
the procedure handout. Nothing either of them gave a screen reader may be lost or mislinked."""

from __future__ import annotations

from collections import Counter

import pikepdf
import pytest
from pypdf import PdfReader

from pdfutil import outline_titles

from .pdf_structure import elements, page_of


def _packet_and_handout(packets, print_build):
    """(packet, the same procedure's standalone handout) for each standard-print packet."""
    out, _ = print_build
    pairs = []
    for packet in packets["packet"]:
        procedure = packet.stem.split("-", 2)[2]  # P-1-<procedure>.pdf
        if PdfReader(packet).metadata.title.endswith("(large print)"):
            procedure += "-large-print"
        pairs.append((packet, out / "handouts" / f"{procedure}.pdf"))
    assert any(p.stem.endswith("-large-print") for _, p in pairs)
    return pairs


def test_packet_keeps_every_element_of_the_handout_and_adds_the_appointment_page(
    packets, print_build
):
    for packet, handout in _packet_and_handout(packets, print_build):
        with pikepdf.open(packet) as joined, pikepdf.open(handout) as alone:
            joined_kinds = Counter(str(e.S) for e in elements(joined))
            alone_kinds = Counter(str(e.S) for e in elements(alone))
            assert joined_kinds - alone_kinds, "the appointment page has elements of its own"
            lost = alone_kinds - joined_kinds
            assert not lost, f"{packet.name} lost {lost}"
            assert joined_kinds["/H1"] == alone_kinds["/H1"] + 1  # "Your appointment"
            # One Document element holds both parts, in page order.
            (document,) = [e for e in elements(joined) if str(e.S) == "/Document"]
            pages = [page_of(kid).objgen for kid in document.K]
            assert pages == sorted(pages, key=[p.objgen for p in joined.pages].index)


def test_packet_outline_and_link_targets_follow_the_handout_pages(packets, print_build):
    for packet, handout in _packet_and_handout(packets, print_build):
        # The appointment page may run onto a second page (large print): the handout's
        # pages come after however many it takes.
        shift = len(PdfReader(packet).pages) - len(PdfReader(handout).pages)
        assert shift >= 1
        joined = outline_titles(packet)
        appointment = [item for item in joined if item[2] < shift]
        assert appointment[0] == ("Your appointment", 0, 0)
        moved = [(title, depth, page + shift) for title, depth, page in outline_titles(handout)]
        assert joined[len(appointment) :] == moved
        with pikepdf.open(packet) as whole, pikepdf.open(handout) as alone:
            whole_dests = _destinations(whole, [p.objgen for p in whole.pages])
            for name, page in _destinations(alone, [p.objgen for p in alone.pages]).items():
                assert whole_dests.get(name) == page + shift, f"{packet.name}: #{name}"
            assert whole_dests["appointment"] == 0


def _destinations(pdf: pikepdf.Pdf, pages: list) -> dict[str, int]:
    names = pdf.Root.Names.Dests.Names
    return {str(names[i]): pages.index(names[i + 1][0].objgen) for i in range(0, len(names), 2)}


def test_each_font_subset_name_belongs_to_one_subset(packets):
    """ISO 32000-1 §9.6.4: different subsets in one file have different tags. Both parts of
    a packet subset the same fonts, with different glyphs."""
    for path in packets["packet"] + packets["archive packet"]:
        with pikepdf.open(path) as pdf:
            programs: dict[str, set] = {}
            for page in pdf.pages:
                fonts = page.obj.get("/Resources", {}).get("/Font", {})  # none on a blank pad
                for font in fonts.values():
                    for descendant in font.get("/DescendantFonts", [font]):
                        descriptor = descendant.FontDescriptor
                        program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
                        programs.setdefault(str(descendant.BaseFont), set()).add(program.objgen)
            assert len(programs) >= 4, "both parts' regular and bold subsets"
            for name, found in programs.items():
                assert len(found) == 1, f"{path.name}: {name} names {len(found)} subsets"


@pytest.mark.parametrize(
    "extra, named",
    [
        ({"/PageLabels": pikepdf.Dictionary(Nums=pikepdf.Array([0]))}, "/PageLabels"),
        ({"/AcroForm": pikepdf.Dictionary(Fields=pikepdf.Array())}, "/AcroForm"),
        ({"/Names": pikepdf.Dictionary(EmbeddedFiles=pikepdf.Dictionary())}, "EmbeddedFiles"),
    ],
)
def test_a_handout_with_parts_a_packet_would_drop_is_refused(print_build, extra, named):
    """Content never silently disappears: the join carries the structure, outline and link
    targets over, and refuses a handout with anything else it cannot (attachments, forms...)."""
    import io

    from handouts.pdf.join import PreparedPart

    out, _ = print_build
    with pikepdf.open(out / "handouts" / "epidural-steroid-injection.pdf") as pdf:
        for key, value in extra.items():
            pdf.Root[key] = value
        data = io.BytesIO()
        pdf.save(data)
    with pytest.raises(ValueError, match=named):
        PreparedPart(data.getvalue())
