"""Every PDF meant for a screen or a record is tagged PDF/UA-1 in substance, not just in flags."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from .pdf_measure import analyse
from .pdf_structure import marked_content_ids, owns, page_of, parent_tree

KINDS = ("handout", "large-print handout", "booklet", "archive handout", "packet", "archive packet")
PAGE_NUMBER = re.compile(r"Page\s*\d+\s*of\s*\d+")
MARGIN_BAND = 1.3 * 72  # running heads and footers sit in the page margins (<= 1.3 in)


@pytest.fixture
def pdfs_of_kind(print_build, archive_handout, packets):
    out, _ = print_build
    handouts = sorted((out / "handouts").glob("*.pdf"))
    return {
        **packets,
        "handout": [p for p in handouts if not p.stem.endswith("-large-print")],
        "large-print handout": [p for p in handouts if p.stem.endswith("-large-print")],
        "booklet": [out / "clinician-booklet.pdf"],
        "archive handout": archive_handout,
    }


@pytest.mark.parametrize("kind", KINDS)
def test_catalog_declares_language_title_and_tagging(kind, pdfs_of_kind):
    for path in pdfs_of_kind[kind]:
        reader = PdfReader(path)
        root = reader.trailer["/Root"]
        assert str(root["/Lang"]) == "en-US", path.name
        assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
        assert "/StructTreeRoot" in root
        assert root["/ViewerPreferences"]["/DisplayDocTitle"], "viewer shows the file name"
        title = reader.metadata.title
        assert title and "Riverbend Pain Clinic" in title
        xmp = root["/Metadata"].get_object().get_data().decode()
        assert "dc:title" in xmp and title.split(" — ")[0] in xmp
        assert "http://www.aiim.org/pdfua/ns/id/" in xmp


@pytest.mark.parametrize("kind", KINDS)
def test_headings_start_at_h1_and_never_skip_a_level(kind, pdfs_of_kind):
    for path in pdfs_of_kind[kind]:
        levels = [
            int(e["type"][1:])
            for e in analyse(path).elements
            if e["type"] in ("H1", "H2", "H3", "H4", "H5", "H6")
        ]
        assert levels and levels[0] == 1, path.name
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, f"{path.name}: H{before} followed by H{after}"
        assert 2 in levels, "sections are H2 under the document's H1"


@pytest.mark.parametrize("kind", KINDS)
def test_every_figure_has_alt_text(kind, pdfs_of_kind):
    for path in pdfs_of_kind[kind]:
        figures = [e for e in analyse(path).elements if e["type"] == "Figure"]
        assert figures, f"{path.name}: the clinic logo should be a tagged figure"
        for figure in figures:
            assert figure.get("alt_text", "").strip(), f"{path.name}: figure without alt text"


@pytest.mark.parametrize("kind", KINDS)
def test_running_headers_and_footers_are_artifacts(kind, pdfs_of_kind):
    """Page furniture (page numbers, running titles, version lines) is marked /Artifact and
    is not in the structure tree; everything else is in the tree (artifacts.py)."""
    for path in pdfs_of_kind[kind]:
        analysis = analyse(path)
        pages_with_furniture = 0
        for page in analysis.pages:
            tagged_text, furniture = [], []
            for char in page.chars:
                in_tree = (page.number, char["mcid"]) in analysis.tagged
                (tagged_text if in_tree else furniture).append(char)
            for char in furniture:
                in_margin = char["top"] < MARGIN_BAND or char["bottom"] > page.height - MARGIN_BAND
                assert in_margin, f"{path.name} p{page.number}: body text {char['text']!r} untagged"
                where = f"{path.name} p{page.number}: {char['text']!r}"
                assert char["tag"] == "Artifact" and char["mcid"] is None, where
            # A packet's handout pages keep the handout's own numbers ("Page 1 of 2" on p2).
            furniture_text = "".join(c["text"] for c in furniture)
            if str(page.number) in furniture_text or PAGE_NUMBER.search(furniture_text):
                pages_with_furniture += 1
            assert not PAGE_NUMBER.search("".join(c["text"] for c in tagged_text))
        assert pages_with_furniture >= len(analysis.pages) // 2, f"{path.name}: no page numbers?"


@pytest.mark.parametrize("kind", KINDS)
def test_each_marked_content_id_leads_to_its_element_through_the_parent_tree(kind, pdfs_of_kind):
    """Screen readers go from the text on a page to its element through the ParentTree. Both
    artifacts.py (which renumbers ids after taking furniture out) and tagged_join.py (which
    renumbers a handout's entries after the appointment page's) rewrite it."""
    for path in pdfs_of_kind[kind]:
        with pikepdf.open(path) as pdf:
            tree = parent_tree(pdf)
            keys = set()
            for number, page in enumerate(pdf.pages, 1):
                if "/StructParents" not in page.obj:
                    # The blank page that pads a packet's appointment part to an even count
                    # has nothing to tag, so nothing to look up.
                    assert not marked_content_ids(page), f"{path.name} p{number}: untracked"
                    continue
                key = int(page.obj.StructParents)
                assert key not in keys, f"{path.name} p{number}: StructParents {key} reused"
                keys.add(key)
                owners = tree[key]
                ids = marked_content_ids(page)  # none on a booklet's blank verso
                # Dense: every slot of the page's array belongs to an id on the page.
                assert sorted(ids) == list(range(len(owners))), f"{path.name} p{number}"
                for mcid in ids:
                    element = owners[mcid]
                    assert owns(element, mcid), f"{path.name} p{number}: MCID {mcid}"
                    assert page_of(element).objgen == page.obj.objgen, f"{path.name} p{number}"
            next_key = pdf.Root.StructTreeRoot.get("/ParentTreeNextKey")
            assert next_key is None or int(next_key) > max(tree)


def test_table_header_cells_are_th(print_build):
    out, _ = print_build
    cells = []
    for path in sorted((out / "handouts").glob("*.pdf")):
        cells += [e["type"] for e in analyse(path).elements if e["type"] in ("TH", "TD")]
    if not cells:
        pytest.skip("no handout in the current content has a table")
    assert cells.count("TH") >= 4, "the diary's column headers and row labels are TH"


def test_every_image_in_the_html_has_a_text_alternative(tmp_path):
    """Checked on the HTML of every document kind, so a new logo or picture in any template
    fails here before it reaches a PDF."""
    from html.parser import HTMLParser

    from handouts.project.loader import load_project
    from handouts.render.document import Renderer

    project = load_project(Path(__file__).resolve().parents[2])
    renderer = Renderer(project)

    class Images(HTMLParser):
        def __init__(self):
            super().__init__()
            self.missing, self.stack = [], []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "img" and not (attrs.get("alt") or "").strip():
                self.missing.append(f"<img src={attrs.get('src')}>")
            if tag == "svg":
                self.stack.append(attrs)
            if tag == "title" and self.stack:
                self.stack[-1]["has-title"] = True

        def handle_endtag(self, tag):
            if tag == "svg" and self.stack:
                svg = self.stack.pop()
                if not svg.get("has-title") and svg.get("aria-hidden") != "true":
                    self.missing.append(f"<svg class={svg.get('class')}> without <title>")

    for doc in [*renderer.handouts(), renderer.booklet()]:
        parser = Images()
        parser.feed(doc.html)
        assert parser.missing == [], doc.name


PDFUA = shutil.which("pdfua") or str(Path(sys.executable).with_name("pdfua"))


@pytest.mark.parametrize("kind", KINDS)
def test_pdfua_checker_finds_nothing(kind, pdfs_of_kind):
    """pdfua (PyPI) covers 16 of the 106 machine-checkable PDF/UA-1 rules; veraPDF covers all."""
    if not Path(PDFUA).exists():
        pytest.skip("pdfua is not installed (pip install pdfua)")
    paths = [str(path) for path in pdfs_of_kind[kind]]
    run = subprocess.run([PDFUA, "check", *paths], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_qpdf_and_pdffonts_are_satisfied(kind, pdfs_of_kind):
    if not (shutil.which("qpdf") and shutil.which("pdffonts")):
        pytest.skip("qpdf and poppler-utils are not installed")
    for path in pdfs_of_kind[kind]:
        check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows, "no fonts?"
        for row in rows:
            emb, _sub, uni = row.split()[-5:-2]
            assert (emb, uni) == ("yes", "yes"), row


def test_table_header_cells_state_their_scope(print_build):
    import pikepdf

    out, _ = print_build
    scopes = []
    for path in sorted((out / "handouts").glob("*.pdf")):
        with pikepdf.open(path) as pdf:
            scopes += [
                str(o.A.get("/Scope"))
                for o in pdf.objects
                if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/TH"
            ]
    if not scopes:
        pytest.skip("no handout in the current content has a table")
    assert set(scopes) == {"/Column", "/Row"}, "diary: column headers and row labels"


def test_furniture_painted_before_the_text_still_leaves_every_text_linked(tmp_path):
    """WeasyPrint paints margin boxes last, unless a stylesheet gives one a negative z-index;
    then the furniture's ids come first and artifacts.py renumbers the text's ids."""
    import datetime

    from handouts.pdf.writer import PdfMaker
    from handouts.project.loader import load_project
    from handouts.render.document import HtmlDocument

    project = load_project(Path(__file__).resolve().parents[2])
    html = '<html lang="en-US"><body><h1>Title</h1><p>First paragraph.</p></body></html>'
    doc = HtmlDocument("t", "handout", html, [], "T", "S", "en-US", datetime.date(2026, 1, 1))
    maker = PdfMaker(project)
    footer = "@page { @bottom-right { content: 'Page ' counter(page); z-index: -1 } }"
    path = tmp_path / "t.pdf"
    path.write_bytes(maker.write(maker.layout(doc, [footer])))

    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        tags = [str(ops[0]) for ops, op in pikepdf.parse_content_stream(page) if str(op) == "BDC"]
        ids = marked_content_ids(page)
        owners = parent_tree(pdf)[int(page.obj.StructParents)]
        assert tags == ["/Artifact", "/Span", "/Span"], "furniture painted first"
        assert sorted(ids) == list(range(len(owners))) == [0, 1]
        assert all(owns(owners[mcid], mcid) for mcid in ids)
    analysis = analyse(path)
    (page,) = analysis.pages
    tagged = "".join(c["text"] for c in page.chars if (1, c["mcid"]) in analysis.tagged)
    furniture = "".join(c["text"] for c in page.chars if c["tag"] == "Artifact")
    assert (tagged, furniture) == ("TitleFirstparagraph.", "Page1")
