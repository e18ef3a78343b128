"""A clinic's look that makes a handout longer: tightened within the reading floors, or
written at its natural length with a warning (an error with --strict)."""

from __future__ import annotations

import re

import pytest

from conftest import SAMPLE_SETTINGS, counted_layouts, run_cli
from handouts.pdf.measure import measure
from handouts.project.scaffold import TEMPLATES_README
from pdfutil import page_texts

TWO_PAGE = ["epidural-steroid-injection", "facet-joint-injection", "radiofrequency-ablation"]
ADDS_A_LINE = (  # the example templates/README.md used to give
    '{% extends "!handout.html.j2" %}\n'
    "{% block note %}{{ super() }}<p>Free interpreters: ask at the front desk.</p>{% endblock %}\n"
)


def readme_example() -> str:
    return re.search(r"```jinja\n(.*?)```", TEMPLATES_README, re.S).group(1)


def test_the_templates_readme_example_fits_with_its_figures(make_project):
    # With its figures and its words to know, facet-joint-injection is at its limit: the
    # example's longer contact lines may need tightening, but nothing is left out or over.
    clinic = make_project({"templates/handout.html.j2": readme_example()})
    result = run_cli("handout", *TWO_PAGE, "nerve-block", "--project", clinic)
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr
    assert "over)" not in result.output
    assert "interpreter" in page_texts(clinic / "output/handouts/facet-joint-injection.pdf")[0]


def test_a_longer_handout_is_tightened_and_the_summary_says_so(make_project):
    clinic = make_project({"templates/handout.html.j2": ADDS_A_LINE})
    result = run_cli("handout", "facet-joint-injection", "--project", clinic)
    assert result.exit_code == 0, result.stderr
    assert "facet-joint-injection: tightened to fit 2 pages (spacing" in result.output
    texts = page_texts(clinic / "output/handouts/facet-joint-injection.pdf")
    assert len(texts) == 3  # two pages and the pain diary
    assert "Free interpreters" in texts[1].replace("\n", " ") and "pain diary" in texts[2]


def test_too_long_even_tightened_is_written_with_a_warning(make_project):
    clinic = make_project({"templates/clinic.css": "html { font-size: 15pt; }\n"})
    result = run_cli("handout", "epidural-steroid-injection", "--project", clinic)
    assert result.exit_code == 0, result.stderr
    diary = int(re.search(r"3 pages, (\d) diary \(limit 2, 1 over\)", result.output).group(1))
    warning = re.search(r"warning: epidural-steroid-injection: (.*)", result.stderr).group(1)
    assert "takes 3 pages, 1 over its limit of 2 even tightened" in warning
    crossing = re.search(r"'(.+)' crosses the limit", warning).group(1)
    texts = page_texts(clinic / "output/handouts/epidural-steroid-injection.pdf")
    assert len(texts) == 3 + diary  # and the pain diary (at 15 pt, on two pages)
    assert crossing.split(",")[0] in " ".join(texts[1:3]).replace("\n", " ")


def test_strict_makes_the_overflow_an_error_and_writes_nothing(make_project):
    clinic = make_project({"templates/clinic.css": "html { font-size: 15pt; }\n"})
    result = run_cli("handout", "epidural-steroid-injection", "--strict", "--project", clinic)
    assert result.exit_code == 1
    assert "error: epidural-steroid-injection: takes 3 pages, 1 over its limit of 2" in (
        result.stderr
    )
    assert not (clinic / "output" / "handouts").exists()


PACKET = ("--patient", "Test Person", "--date", "2026-12-20", "--time", "09:30")


def test_a_packet_whose_handout_is_over_its_limit_is_printed_with_a_warning(make_project):
    clinic = make_project({"templates/clinic.css": "html { font-size: 15pt; }\n"})
    made = clinic / "packet.pdf"
    args = ("handout", "epidural-steroid-injection", *PACKET, "--project", clinic)
    result = run_cli(*args, "--output", made, "--today", "2026-12-01")
    assert result.exit_code == 0, result.stderr
    assert "warning: epidural-steroid-injection: takes 3 pages, 1 over its limit of 2" in (
        result.stderr
    )
    assert "printed at its natural length" in result.stderr
    texts = page_texts(made)
    assert "Test Person" in texts[0] and "Call 911" in " ".join(texts)
    refused = run_cli(*args, "--output", clinic / "strict.pdf", "--strict", "--today", "2026-12-01")
    assert refused.exit_code == 1
    assert "error: epidural-steroid-injection: takes 3 pages" in refused.stderr
    assert not (clinic / "strict.pdf").exists()


def test_a_batch_row_whose_handout_is_over_its_limit_is_a_warning(make_project):
    clinic = make_project({"templates/clinic.css": "html { font-size: 15pt; }\n"})
    schedule = clinic / "day.csv"
    schedule.write_text(
        "appointment_id,patient_name,procedure,date,time\n"
        "A-1,Test Person,epidural-steroid-injection,2026-12-20,09:30\n"
        "A-2,Other Person,epidural-steroid-injection,2026-12-20,10:30\n",
        encoding="utf-8",
    )
    today = {"HANDOUTS_TODAY": "2026-12-01"}
    result = run_cli("batch", schedule, "--project", clinic, "--jobs", "2", env=today)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("takes 3 pages, 1 over its limit of 2") == 2  # one per row
    made = sorted(p.name for p in (clinic / "output" / "appointments").glob("*.pdf"))
    assert len([name for name in made if "print-all" not in name]) == 2, made
    strict = run_cli("batch", schedule, "--project", clinic, "--strict", env=today)
    assert strict.exit_code != 0
    assert "takes 3 pages, 1 over its limit of 2" in strict.stderr


@pytest.fixture(scope="module")
def maker():
    from conftest import REPO
    from handouts.pdf.writer import PdfMaker
    from handouts.project.loader import load_project

    return PdfMaker(load_project(REPO))


def laid_out(maker, css: str, large_print: bool = False):
    from handouts.project.loader import load_project
    from handouts.render.document import Renderer
    from handouts.render.large_print import large_print_edition

    project = maker.project
    handout = project.procedures["epidural-steroid-injection"].handouts()[0]
    doc = Renderer(load_project(project.root)).handout(handout)
    if large_print:
        doc = large_print_edition(project, doc)
    return measure(doc, maker.layout(doc, extra_css=[css] if css else []))


def test_tightenings_never_go_below_the_floors(maker):
    from handouts.fitting import tightenings

    default = dict(tightenings(laid_out(maker, ""), large_print=False))
    assert list(default) == ["spacing", "line height", "type size", "margins"]
    assert "line-height: 1.3;" in default["line height"]
    assert "font-size: 12pt" in default["type size"]
    assert "0.75in" in default["margins"]  # the sides stay at 0.75 in
    at_floor = "html { font-size: 12pt; line-height: 1.2; } @page { margin: 0.5in 0.75in; }"
    assert list(dict(tightenings(laid_out(maker, at_floor), large_print=False))) == ["spacing"]
    large = dict(tightenings(laid_out(maker, "", large_print=True), large_print=True))
    # Large print is at its floors already (18 pt, line height 1.25, wide margins).
    assert list(large) == ["spacing"]


# -- trial layouts kept for the process (pdf/trials.py) ---------------------------------------


def stellate(maker):
    from handouts.render.document import Renderer

    procedure = maker.project.procedures["nerve-block"]
    handout = next(h for h in procedure.handouts() if h.slug == "nerve-block-stellate")
    return Renderer(maker.project).handout(handout)


def fitted_bytes(maker):
    from handouts.figure_fit import fit_handout

    _, fitted, _ = fit_handout(maker, stellate(maker))
    return maker.write(fitted.document), fitted.steps


def a_new_process():
    """As if the next command started: nothing kept in memory, the store not yet read."""
    from handouts.pdf import trials

    trials.forget_all()
    trials._stores.clear()


def fresh_maker(tmp_path):
    """A PdfMaker for a project of its own (so its store on disk is this test's alone), in
    what looks like a new process."""
    from handouts.pdf.writer import PdfMaker
    from handouts.project.loader import load_project

    project = tmp_path / "clinic"
    project.mkdir(parents=True, exist_ok=True)
    (project / "handouts.yaml").write_text(SAMPLE_SETTINGS, encoding="utf-8")
    a_new_process()
    return PdfMaker(load_project(project))


def test_fitting_a_handout_again_lays_it_out_once_and_prints_the_same(tmp_path, monkeypatch):
    maker = fresh_maker(tmp_path)
    calls = counted_layouts(monkeypatch)
    first, steps = fitted_bytes(maker)
    searched = len(calls)
    assert searched > 3 and "words to know of the key sections only" in steps  # a long search
    again, steps_again = fitted_bytes(maker)
    assert len(calls) - searched == 1  # the printed layout only
    assert again == first and steps_again == steps


def test_a_kept_answer_the_printed_layout_disproves_is_searched_again(tmp_path, monkeypatch):
    from dataclasses import replace

    from handouts.pdf import trials

    maker = fresh_maker(tmp_path)
    first, steps = fitted_bytes(maker)
    # Pretend the natural layout fitted: the printed layout disagrees with that answer, so
    # the fit is searched again and prints what it did before.
    key = trials.layout_key(maker, stellate(maker), ())
    natural = dict(trials.known())[key]
    trials.learn([(key, replace(natural, pages=2, diary_page=None))])
    calls = counted_layouts(monkeypatch)
    again, steps_again = fitted_bytes(maker)
    assert again == first and steps_again == steps
    assert len(calls) > 3


def test_the_next_command_starts_with_the_answers_kept_on_disk(tmp_path, monkeypatch):
    from handouts.pdf.trials import CACHE_FOLDER, STORE_NAME

    first, steps = fitted_bytes(fresh_maker(tmp_path))
    store = tmp_path / "clinic" / CACHE_FOLDER / STORE_NAME
    assert store.is_file() and store.stat().st_size < 100_000
    maker = fresh_maker(tmp_path)
    calls = counted_layouts(monkeypatch)
    again, steps_again = fitted_bytes(maker)
    assert calls == ["nerve-block-stellate"]  # laid out once, as printed
    assert again == first and steps_again == steps
    # A damaged store, or one with a value of the wrong kind, is no store: the fit is
    # searched again, with no error.
    kept = store.read_text(encoding="utf-8")
    for damaged in ("{not json", kept.replace('"pages":', '"pages":"3","was":', 1)):
        store.write_text(damaged, encoding="utf-8")
        maker = fresh_maker(tmp_path)
        calls.clear()
        assert fitted_bytes(maker)[0] == first
        assert len(calls) > 3


def test_the_answers_key_follows_every_file_the_layout_reads(tmp_path):
    """Two projects with the same look share answers; a picture or stylesheet that changes
    under the same name does not."""
    import os
    from dataclasses import replace

    from handouts.pdf.trials import layout_key

    maker = fresh_maker(tmp_path)
    doc = stellate(maker)
    other = fresh_maker(tmp_path / "elsewhere")
    assert layout_key(maker, doc, ()) == layout_key(other, stellate(other), ())
    assert layout_key(maker, doc, ()) != layout_key(maker, doc, ("p { margin: 0; }",))
    root = maker.project.root
    (root / "images").mkdir()
    picture = root / "images" / "map.png"
    picture.write_bytes(b"one")
    with_picture = replace(doc, html=doc.html.replace("</body>", '<img src="images/map.png">'))
    before = layout_key(maker, with_picture, ())
    picture.write_bytes(b"other")
    os.utime(picture, ns=(1, 1))
    assert layout_key(maker, with_picture, ()) != before
    sheet = root / "clinic.css"
    sheet.write_text("@import 'more.css';", encoding="utf-8")
    (root / "more.css").write_text("p { color: black; }", encoding="utf-8")
    styled = replace(doc, stylesheets=[*doc.stylesheets, sheet])
    before = layout_key(maker, styled, ())
    (root / "more.css").write_text("p { font-size: 20pt; }", encoding="utf-8")
    assert layout_key(maker, styled, ()) != before  # an imported sheet counts too


# -- the order of the search (fitting.fit) -----------------------------------------------------


class PagesBySteps:
    """A stand-in for pdf/trials.Trials: a handout whose page count depends only on how many
    tightenings its extra CSS holds (`pages[n]`), recording which counts were laid out."""

    def __init__(self, pages: list[int]):
        self.pages = pages
        self.laid_out: list[int] = []

    def trial(self, doc, css=()):
        from handouts.pdf.measure import Trial

        if len(css) not in self.laid_out:
            self.laid_out.append(len(css))
        # 13.5 pt, line height 1.4, 1 in margins: every tightening has room to give.
        return Trial(self.pages[len(css)], None, 0, 18.0, 1.4, (96.0,) * 4, None)


def a_doc(limit: int = 2):
    import datetime as dt

    from handouts.render.document import HtmlDocument

    return HtmlDocument("x", "handout", "<p>", [], "X", "", "en", dt.date(2026, 1, 1), limit)


@pytest.mark.parametrize(
    ("pages", "steps", "laid_out"),
    [
        ([2, 2, 2, 2, 2], (), [0]),  # fits as it is
        ([3, 2, 2, 2, 2], ("spacing",), [0, 1]),  # the first step is all it needs
        ([3, 3, 2, 2, 2], ("spacing", "line height"), [0, 1, 4, 2]),
        ([3, 3, 3, 3, 2], ("spacing", "line height", "type size", "margins"), [0, 1, 4, 2, 3]),
        ([3, 3, 3, 3, 3], (), [0, 1, 4]),  # over even at its tightest: nothing between
    ],
)
def test_fitting_keeps_the_fewest_steps_and_skips_what_cannot_fit(pages, steps, laid_out):
    from handouts.fitting import fit

    trials = PagesBySteps(pages)
    fitted = fit(trials, a_doc())
    assert fitted.steps == steps
    assert fitted.pages_over == (0 if steps or pages[0] <= 2 else 1)
    assert trials.laid_out == laid_out
