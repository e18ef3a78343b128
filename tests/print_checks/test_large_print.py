"""Large print beside the standard edition, measured as a reader sees it (pdfplumber points)."""

from __future__ import annotations

import itertools
import re
import statistics

import pytest

from handouts.render.large_print import (
    LARGE_PRINT_SUFFIX,
    PAGE_LIMIT_FACTOR,
    large_print_edition,
    wants_large_print,
)

from .pdf_measure import analyse

INCH = 72


def editions(print_build):
    out, _ = print_build
    large = sorted((out / "handouts").glob(f"*{LARGE_PRINT_SUFFIX}.pdf"))
    standard = [p.with_name(p.name.replace(LARGE_PRINT_SUFFIX, "")) for p in large]
    return standard, large


def sizes(page):
    counts = {}
    for char in page.chars:
        size = round(char["size"], 1)
        counts[size] = counts.get(size, 0) + 1
    return min(counts), max(counts, key=counts.get)


def test_every_handout_has_a_large_print_edition_beside_it(print_build):
    standard, large = editions(print_build)
    assert large and all(p.exists() for p in standard)
    out, _ = print_build
    handouts = [p for p in (out / "handouts").glob("*.pdf") if LARGE_PRINT_SUFFIX not in p.name]
    assert len(large) == len(handouts)


def test_nothing_in_the_standard_edition_is_under_12_pt(print_build):
    standard, _ = editions(print_build)
    for path in standard:
        for page in analyse(path).pages:
            smallest, common = sizes(page)
            assert smallest >= 12, f"{path.name} p{page.number}: {smallest} pt text"
            assert common >= 12, f"{path.name} p{page.number}"


def test_large_print_is_18_pt_or_more_on_every_page(print_build):
    _, large = editions(print_build)
    for path in large:
        for page in analyse(path).pages:
            smallest, common = sizes(page)
            assert smallest >= 18, f"{path.name} p{page.number}: {smallest} pt text"
            assert common == 18, f"{path.name} p{page.number}: body is {common} pt"


def test_large_print_headings_are_larger_and_bold(print_build):
    _, large = editions(print_build)
    first_page = analyse(large[0]).pages[0]
    title = [c for c in first_page.chars if c["size"] > 24]
    assert title, "the H1 title is larger than 24 pt"
    assert all("Bold" in c["fontname"] for c in title)
    section_headings = [c for page in analyse(large[0]).pages for c in page.chars]
    assert any(20 <= c["size"] < 28 and "Bold" in c["fontname"] for c in section_headings)


def body_lines(page, figures=frozenset()):
    """Lines of 18 pt text inside the body area (footers excluded, and the labels of drawings,
    which sit where the drawing puts them). Characters whose baselines are within 6 pt belong to
    one line (a step number in its circle sits a little lower)."""
    chars = sorted(
        (
            c
            for c in page.chars
            if c["bottom"] < page.height - 1.3 * INCH
            and round(c["size"]) == 18
            and (page.number, c["mcid"]) not in figures
        ),
        key=lambda c: c["bottom"],
    )
    lines = []
    for char in chars:
        if lines and char["bottom"] - lines[-1][-1]["bottom"] < 6:
            lines[-1].append(char)
        else:
            lines.append([char])
    return lines


def test_large_print_line_spacing_is_at_least_1_25(print_build):
    _, large = editions(print_build)
    for path in large:
        analysis = analyse(path)
        for page in analysis.pages:
            lines = body_lines(page, analysis.in_figures)
            baselines = [statistics.median(c["bottom"] for c in line) for line in lines]
            pitches = [b - a for a, b in itertools.pairwise(baselines)]
            if pitches:
                assert min(pitches) >= 1.25 * 18 - 0.5, f"{path.name} p{page.number}"


def test_large_print_is_one_left_aligned_column_with_wide_margins(print_build):
    _, large = editions(print_build)
    for path in large:
        analysis = analyse(path)
        for page in analysis.pages:
            for line in body_lines(page, analysis.in_figures):
                # Table columns (the pain diary) are meant to sit side by side.
                line = [c for c in line if (page.number, c["mcid"]) not in analysis.in_tables]
                if not line:
                    continue
                ordered = sorted(line, key=lambda c: c["x0"])
                gaps = [b["x0"] - a["x1"] for a, b in itertools.pairwise(ordered)]
                text = "".join(c["text"] for c in ordered)
                assert max(gaps, default=0) < INCH, f"{path.name}: side by side: {text}"
                # Left aligned: every line starts at the margin or a list/box indent.
                assert ordered[0]["x0"] < 1.9 * INCH, f"{path.name}: not left aligned: {text}"
                assert ordered[0]["x0"] >= 0.85 * INCH and ordered[-1]["x1"] <= (
                    page.width - 0.85 * INCH
                ), f"{path.name}: margin under 0.85 inch: {text}"


def test_standard_edition_would_fail_the_large_print_layout_checks(print_build):
    """The checks above can fail: the standard handout has text side by side (masthead)."""
    standard, _ = editions(print_build)
    page = analyse(standard[0]).pages[0]
    lines = {}
    for char in page.chars:
        lines.setdefault(round(char["bottom"]), []).append(char)
    assert any(max(c["x0"] for c in line) > 4.5 * INCH for line in lines.values()), (
        "standard masthead has the phone number at the right"
    )


def test_large_print_page_limit_is_twice_the_standard(print_build):
    _, report = print_build
    limits = dict(re.findall(r"handouts/(\S+)\.pdf .*\(limit (\d+)\)", report))
    large = {k: v for k, v in limits.items() if k.endswith(LARGE_PRINT_SUFFIX)}
    assert large
    for name, limit in large.items():
        standard = limits[name.removesuffix(LARGE_PRINT_SUFFIX)]
        assert int(limit) == PAGE_LIMIT_FACTOR * int(standard)


def test_large_print_edition_keeps_everything_but_name_title_and_limit():
    from pathlib import Path

    from handouts.project.loader import load_project
    from handouts.render.document import Renderer

    project = load_project(Path(__file__).resolve().parents[2])
    doc = Renderer(project).handouts()[0]
    large = large_print_edition(project, doc)
    assert large.name == doc.name + "-large-print"
    assert large.stylesheets[:-1] == doc.stylesheets
    assert large.stylesheets[-1].name == "large-print.css", "applied last, so it wins"
    assert large.html == doc.html and "large print" in large.title
    assert large.page_limit == 2 * doc.page_limit


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("yes", True), (" TRUE ", True), ("1", True), ("", False), ("no", False), ("maybe", None)],
)
def test_csv_large_print_cell(cell, expected):
    assert wants_large_print(cell) is expected
