"""`handouts build` on the sample project: what a clinic finds in the PDFs."""

from __future__ import annotations

import hashlib
import html
import re

import pytest
from pypdf import PdfReader

from conftest import REPO, run_cli
from handouts.project.loader import load_project
from pdfutil import booklet_toc, normalise, outline_titles, page_texts, unembedded_fonts

PROJECT = load_project(REPO)
HANDOUTS = [h for p in PROJECT.procedures.values() for h in p.handouts()]
BUILTIN_IDS = {
    "epidural-steroid-injection",
    "facet-joint-injection",
    "nerve-block",
    "radiofrequency-ablation",
    "spinal-cord-stimulation",
    "intrathecal-drug-delivery",
}


def test_sample_project_has_the_six_procedures():
    assert set(PROJECT.procedures) == BUILTIN_IDS


def test_build_writes_every_handout_and_the_booklet(sample_build):
    written = {p.name for p in (sample_build / "handouts").glob("*.pdf")}
    assert written == {f"{h.slug}.pdf" for h in HANDOUTS}
    assert (sample_build / "clinician-booklet.pdf").is_file()
    assert not list(sample_build.rglob(".handouts-tmp-*")), "temporary files left behind"


@pytest.mark.parametrize("handout", HANDOUTS, ids=lambda h: h.slug)
def test_handout_text_has_title_and_every_section_heading(sample_build, handout):
    text = normalise(" ".join(page_texts(sample_build / "handouts" / f"{handout.slug}.pdf")))
    assert normalise(handout.title) in text
    for section in handout.sections:
        assert normalise(section.title) in text, section.title
    assert "emergency department" in text
    assert handout.procedure.emergency[0].html.striptags()[:30] in text
    assert "does not replace" in text, "every handout says it supports, not replaces, advice"
    assert PROJECT.settings.clinic.phone in text


@pytest.mark.parametrize("handout", HANDOUTS, ids=lambda h: h.slug)
def test_handout_fits_its_page_limit(sample_build, handout):
    reader = PdfReader(sample_build / "handouts" / f"{handout.slug}.pdf")
    texts = [page.extract_text() for page in reader.pages]
    diary_pages = sum(
        1 for t in texts if handout.diary and normalise(handout.diary.title) in normalise(t)
    )
    assert len(reader.pages) - diary_pages <= handout.procedure.page_limit
    last = normalise(texts[-1 - diary_pages] if diary_pages else texts[-1])
    assert f"Page {len(reader.pages)} of {len(reader.pages)}" in normalise(texts[-1])
    assert last, "no blank trailing page"


@pytest.mark.parametrize("handout", HANDOUTS, ids=lambda h: h.slug)
def test_handout_footer_names_version_and_review_status(sample_build, handout):
    first = normalise(page_texts(sample_build / "handouts" / f"{handout.slug}.pdf")[0])
    assert f"version {handout.procedure.review.version}" in first
    if handout.procedure.review.is_draft:
        assert "draft" in first.lower()


def test_pdf_metadata_is_set(sample_build):
    for path in [*sample_build.glob("handouts/*.pdf"), sample_build / "clinician-booklet.pdf"]:
        reader = PdfReader(path)
        meta = reader.metadata
        assert meta.title and PROJECT.settings.clinic.name in meta.title, path.name
        assert meta.author == PROJECT.settings.clinic.name
        assert meta.subject
        assert str(reader.trailer["/Root"]["/Lang"]) == "en-US"


def test_every_font_is_embedded(sample_build):
    for path in [*sample_build.glob("handouts/*.pdf"), sample_build / "clinician-booklet.pdf"]:
        assert unembedded_fonts(path) == [], path.name


def test_handouts_use_the_legible_font(sample_build):
    reader = PdfReader(sample_build / "handouts" / "epidural-steroid-injection.pdf")
    names = {
        str(f.get_object()["/BaseFont"])
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert any("Atkinson-Hyperlegible" in name for name in names), names


def test_booklet_contents_page_numbers_match_chapter_starts(sample_build):
    path = sample_build / "clinician-booklet.pdf"
    toc = booklet_toc(path)
    chapters = [PROJECT.booklet.overview.title] + [p.title for p in PROJECT.chapters()]
    assert [title for title, _ in toc][: len(chapters)] == [normalise(c) for c in chapters]
    assert toc[-1][0] == "References"  # the booklet's one reference list, last
    starts = {normalise(t): page + 1 for t, depth, page in outline_titles(path) if depth == 0}
    for title, printed in toc:
        assert starts[title] == printed, title
        # Chapters start on right-hand (odd) pages for duplex printing.
        assert printed % 2 == 1, title


def test_booklet_outline_lists_every_chapter_and_its_sections(sample_build):
    outline = outline_titles(sample_build / "clinician-booklet.pdf")
    top = [normalise(t) for t, depth, _ in outline if depth == 0]
    for procedure in PROJECT.chapters():
        assert normalise(procedure.title) in top
    second = {normalise(t) for t, depth, _ in outline if depth == 1}
    for procedure in PROJECT.chapters():
        for section in procedure.clinician_sections:
            assert normalise(section.title) in second


def test_booklet_chapters_carry_clinician_sections_and_references(sample_build):
    text = normalise(" ".join(page_texts(sample_build / "clinician-booklet.pdf")))
    for procedure in PROJECT.chapters():
        assert "Bleeding risk (ASRA 2018)" in text
        # The booklet's one reference list prints each source's citation, never its key.
        for ref in procedure.references[:3]:
            assert normalise(html.unescape(str(ref.text))) in text


def test_two_builds_are_byte_identical(sample_build, tmp_path):
    result = run_cli("build", "--project", REPO, "--out", tmp_path, "--quiet")
    assert result.exit_code == 0, result.stderr
    for first in sample_build.rglob("*.pdf"):
        second = tmp_path / first.relative_to(sample_build)
        assert (
            hashlib.sha256(first.read_bytes()).digest()
            == hashlib.sha256(second.read_bytes()).digest()
        ), first.name


def test_build_prints_pages_and_time(tmp_path):
    result = run_cli("handout", "facet-joint-injection", "--project", REPO, "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert re.search(r"handouts/facet-joint-injection\.pdf\s+\d+ pages?", result.output)
    assert re.search(r"Wrote 1 PDFs? to .* in [\d.]+ s", result.output)


def test_output_option_names_the_one_file(tmp_path):
    target = tmp_path / "mine.pdf"
    result = run_cli("handout", "epidural-steroid-injection", "--project", REPO, "-o", target)
    assert result.exit_code == 0, result.stderr
    assert PdfReader(target).metadata.title.startswith("Epidural steroid injection")
