"""A packet is joined from two finished tagged PDFs (tagged_join): the appointment page and
the procedure handout. Nothing either of them gave a screen reader may be lost or mislinked."""

from __future__ import annotations

from collections import Counter

import pikepdf
import pytest
from pypdf import PdfReader

from pdfutil import outline_titles


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


def _elements(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    found = []

    def walk(node):
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(kid)
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


def _parent_tree(pdf: pikepdf.Pdf) -> dict[int, pikepdf.Object]:
    entries = {}

    def walk(node):
        nums = node.get("/Nums", [])
        for i in range(0, len(nums), 2):
            key = int(nums[i])
            assert key not in entries, f"ParentTree key {key} appears twice"
            entries[key] = nums[i + 1]
        for kid in node.get("/Kids", []):
            walk(kid)

    walk(pdf.Root.StructTreeRoot.ParentTree)
    return entries


def _page_of(element: pikepdf.Object) -> pikepdf.Object | None:
    while element is not None:
        if "/Pg" in element:
            return element.Pg
        element = element.get("/P")
    return None


def _marked_content_ids(page: pikepdf.Page) -> list[int]:
    ids = []
    for operands, operator in pikepdf.parse_content_stream(page):
        properties = operands[1] if str(operator) == "BDC" else None
        if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
            ids.append(int(properties.MCID))
    return ids


def _owns(element: pikepdf.Object, mcid: int) -> bool:
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int) and int(kid) == mcid:
            return True
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/MCID") == mcid:
            return True
    return False


@pytest.mark.parametrize("kind", ["packet", "archive packet"])
def test_every_marked_content_item_leads_to_its_element_through_the_parent_tree(kind, packets):
    """Screen readers go from the text on a page to its element through the ParentTree, so
    the handout's entries must be renumbered after the appointment page's, not clash."""
    for path in packets[kind]:
        with pikepdf.open(path) as pdf:
            tree = _parent_tree(pdf)
            keys = set()
            for number, page in enumerate(pdf.pages, 1):
                key = int(page.obj.StructParents)
                assert key not in keys, f"{path.name} p{number}: StructParents {key} reused"
                keys.add(key)
                owners = tree[key]
                ids = _marked_content_ids(page)
                assert ids, f"{path.name} p{number}: no tagged content"
                for mcid in ids:
                    element = owners[mcid]
                    assert _owns(element, mcid), f"{path.name} p{number}: MCID {mcid}"
                    assert _page_of(element).objgen == page.obj.objgen, f"{path.name} p{number}"
            assert int(pdf.Root.StructTreeRoot.ParentTreeNextKey) > max(tree)


def test_packet_keeps_every_element_of_the_handout_and_adds_the_appointment_page(
    packets, print_build
):
    for packet, handout in _packet_and_handout(packets, print_build):
        with pikepdf.open(packet) as joined, pikepdf.open(handout) as alone:
            joined_kinds = Counter(str(e.S) for e in _elements(joined))
            alone_kinds = Counter(str(e.S) for e in _elements(alone))
            assert joined_kinds - alone_kinds, "the appointment page has elements of its own"
            lost = alone_kinds - joined_kinds
            assert not lost, f"{packet.name} lost {lost}"
            assert joined_kinds["/H1"] == alone_kinds["/H1"] + 1  # "Your appointment"
            # One Document element holds both parts, in page order.
            (document,) = [e for e in _elements(joined) if str(e.S) == "/Document"]
            pages = [_page_of(kid).objgen for kid in document.K]
            assert pages == sorted(pages, key=[p.objgen for p in joined.pages].index)


def test_packet_outline_and_link_targets_follow_the_handout_pages(packets, print_build):
    for packet, handout in _packet_and_handout(packets, print_build):
        joined = outline_titles(packet)
        first_page = [item for item in joined if item[2] == 0]
        assert first_page[0] == ("Your appointment", 0, 0)
        shifted = [(title, depth, page + 1) for title, depth, page in outline_titles(handout)]
        assert joined[len(first_page) :] == shifted
        with pikepdf.open(packet) as joined, pikepdf.open(handout) as alone:
            joined_pages = [p.objgen for p in joined.pages]
            alone_pages = [p.objgen for p in alone.pages]
            joined_dests = _destinations(joined, joined_pages)
            for name, page in _destinations(alone, alone_pages).items():
                assert joined_dests.get(name) == page + 1, f"{packet.name}: #{name}"
            assert joined_dests["appointment"] == 0


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
                for font in page.Resources.Font.values():
                    for descendant in font.get("/DescendantFonts", [font]):
                        descriptor = descendant.FontDescriptor
                        program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
                        programs.setdefault(str(descendant.BaseFont), set()).add(program.objgen)
            assert len(programs) >= 4, "both parts' regular and bold subsets"
            for name, found in programs.items():
                assert len(found) == 1, f"{path.name}: {name} names {len(found)} subsets"
