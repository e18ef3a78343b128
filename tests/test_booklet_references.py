"""The clinician booklet reads as a reference, not a research notebook (issue 17).

No author's working note or source key on any printed page; one numbered reference list
that cites originals only, with addresses printed whole; mirrors refused at load."""

from __future__ import annotations

import html
import re

import pytest

from conftest import REPO, run_cli
from handouts.checks.working_notes import working_notes_in
from handouts.project.loader import load_project
from pdfutil import normalise, outline_titles, page_texts

PROJECT = load_project(REPO)
BOOKLET = "clinician-booklet.pdf"


def every_reference():
    yield from PROJECT.booklet.overview.references
    for procedure in PROJECT.chapters():
        yield from procedure.references


def pdf_text(path) -> str:
    return normalise(" ".join(page_texts(path)))


def printed_pdfs(sample_build):
    return sorted(sample_build.rglob("*.pdf"))


def test_no_working_note_in_any_pdf(sample_build):
    pdfs = printed_pdfs(sample_build)
    assert any(p.name == BOOKLET for p in pdfs) and len(pdfs) > 10
    for path in pdfs:
        assert working_notes_in(pdf_text(path)) == [], path.name


def test_no_source_key_in_any_pdf(sample_build):
    keys = {ref.key for ref in every_reference()}
    assert {"UTD-bleed", "ASRA18", "Smith2002"} <= keys
    for path in printed_pdfs(sample_build):
        text = pdf_text(path)
        printed = sorted(k for k in keys if re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", text))
        assert printed == [], path.name


def references_chapter(sample_build) -> str:
    path = sample_build / BOOKLET
    texts = page_texts(path)
    top = [(t, page) for t, depth, page in outline_titles(path) if depth == 0]
    starts = [page for title, page in top if title == "References"]
    assert len(starts) == 1, "one reference list, not one per chapter"
    following = [page for _, page in top if page > starts[0]]
    end = min(following) if following else len(texts)
    return "\n".join(texts[starts[0] : end])


def squash(text: str) -> str:
    """Text without any whitespace: a line may wrap anywhere in a citation (after a hyphen)."""
    return re.sub(r"\s+", "", text)


def test_one_numbered_reference_list_without_repeats(sample_build):
    chapter = references_chapter(sample_build)
    text = squash(chapter)
    sources = {}
    for ref in every_reference():
        sources.setdefault(ref.key, squash(html.unescape(str(ref.text))))
    # Each source prints once, numbered 1..N; none is left out, none repeats.
    for key, citation in sources.items():
        assert text.count(citation) == 1, key
    markers = {int(n) for n in re.findall(r"(?:^|\s)(\d+)\.(?=\s)", chapter)}
    assert set(range(1, len(sources) + 1)) <= markers
    assert len(sources) + 1 not in markers
    # Chapters no longer carry their own lists.
    outline = outline_titles(sample_build / BOOKLET)
    assert [t for t, depth, _ in outline if t == "References" and depth > 0] == []
    elsewhere = squash(" ".join(page_texts(sample_build / BOOKLET))).replace(text, "")
    assert sources["ASRA18"] not in elsewhere


def test_reference_addresses_print_whole_and_break_only_after_a_slash(sample_build):
    chapter = references_chapter(sample_build)
    # A line may end after a slash; joining exactly those breaks must give each address back.
    joined = normalise(re.sub(r"/\s*\n\s*", "/", chapter))
    addresses = {ref.address for ref in every_reference() if ref.address}
    assert any(a.startswith("https://doi.org/10.") for a in addresses)
    for address in addresses:
        assert address in joined, address
    assert not re.search(r"h\s+/\s*ttps|https?:\s+//", chapter)


def test_references_cite_originals_only(sample_build):
    chapter = normalise(references_chapter(sample_build))
    printed = re.findall(r"https?://([^/\s]+)", chapter)
    assert printed and set(printed) <= {"doi.org", "pubmed.ncbi.nlm.nih.gov"}
    assert not re.search(r"\b\d{1,3}(?:\.\d{1,3}){3}\b", chapter)  # no bare IP address


def test_dois_print_in_a_face_with_a_plain_zero(sample_build):
    from pypdf import PdfReader

    fonts = set()
    for page in PdfReader(sample_build / BOOKLET).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Noto-Sans" in name for name in fonts), fonts


@pytest.fixture
def clinic_with_procedure(make_project):
    """A project holding its own copy of the facet procedure, to edit."""

    def make(edit):
        source = (REPO / "content" / "procedures" / "facet-joint-injection.yaml").read_text("utf-8")
        edited = edit(source)
        assert edited != source
        return make_project({"content/procedures/facet-joint-injection.yaml": edited})

    return make


def first_reference_url(source: str, url: str) -> str:
    return source.replace("    - key: UTD-bleed\n", f"    - key: UTD-bleed\n      url: {url}\n", 1)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://medilib.ir/uptodate/show/144053", "'medilib.ir' is a mirror or copy site"),
        ("https://aneskey.com/some-chapter", "'aneskey.com' is a mirror or copy site"),
        ("http://47.251.13.51:8081/12351602", "'47.251.13.51' is a bare IP address"),
    ],
)
def test_check_refuses_a_mirror_in_a_reference(clinic_with_procedure, url, why):
    root = clinic_with_procedure(lambda s: first_reference_url(s, url))
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    line = next(
        n
        for n, text in enumerate(
            (root / "content/procedures/facet-joint-injection.yaml").read_text().splitlines(), 1
        )
        if url in text
    )
    assert f"facet-joint-injection.yaml:{line}:" in result.stderr
    assert ".url: " in result.stderr and why in result.stderr
    assert "Traceback" not in result.stderr


def test_check_accepts_the_publishers_own_address(clinic_with_procedure):
    root = clinic_with_procedure(lambda s: first_reference_url(s, "https://www.nice.org.uk/g"))
    result = run_cli("check", "--project", root)
    assert result.exit_code == 0, result.stderr


def test_check_refuses_a_working_note_in_clinician_text(clinic_with_procedure):
    def add_note(source):
        return source.replace(
            "      title: Anticoagulation\n      body: |\n",
            "      title: Anticoagulation\n      body: |\n"
            "        Intervals read in a mirror; primary tables not seen.\n\n",
            1,
        )

    root = clinic_with_procedure(add_note)
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "working note ('read in a mirror')" in result.output
    assert "working note ('not seen')" in result.output


def test_check_refuses_a_fact_sheet_marker(clinic_with_procedure):
    root = clinic_with_procedure(
        lambda s: s.replace("- SIS treats lumbar MBB", "- \u2757 SIS treats lumbar MBB", 1)
    )
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "confidence marker" in result.output


def test_reference_doi_must_be_a_doi(clinic_with_procedure):
    root = clinic_with_procedure(
        lambda s: s.replace(
            '      doi: "10.1136/rapm-2019-101243"', '      doi: "https://doi.org/10.1136/x"', 1
        )
    )
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert ".doi: must be a DOI" in result.stderr


def test_a_character_no_font_draws_in_the_booklet_is_an_error(clinic_with_procedure):
    root = clinic_with_procedure(
        lambda s: s.replace("- SIS treats lumbar MBB", "- \ue000 SIS treats lumbar MBB", 1)
    )
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "U+E000" in result.output and "cannot be drawn by any installed font" in result.output
    assert "clinician-booklet" in result.output


def test_every_listed_source_is_cited_and_every_citation_finds_its_entry():
    from handouts.render.document import Renderer

    booklet = Renderer(PROJECT).booklet().html
    cited = set(re.findall(r'class="cite" href="#(ref-[^"]+)"', booklet))
    listed = re.findall(r'<li id="(ref-[^"]+)" value="(\d+)"', booklet)
    assert cited == {anchor for anchor, _ in listed}
    assert [int(n) for _, n in listed] == list(range(1, len(listed) + 1))
