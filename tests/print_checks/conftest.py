"""Print and accessibility fixtures: each kind of PDF built once per test run (made_once)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import made_once
from handouts.cli import cli

REPO = Path(__file__).resolve().parents[2]


def invoke(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output + result.stderr
    return result


def procedure_ids():
    from handouts.project.loader import load_project

    return list(load_project(REPO).procedures)


PARSING = {"test_accessibility.py", "test_booklet_printing.py", "test_large_print.py"}


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items):
    """The checks that parse PDFs with pdfplumber (pdf_measure.analyse, about 10 s for each
    kind of PDF) run on one xdist worker, so each PDF is parsed once per test run."""
    for item in items:
        if item.path.name in PARSING:
            item.add_marker(pytest.mark.xdist_group("pdf-parsing"))


@pytest.fixture(scope="session")
def print_build(every_sample_handout):
    """Standard and large-print handouts (English in handouts/, Spanish in handouts/es/),
    and the letter booklet; (folder, CLI report)."""
    return every_sample_handout


@pytest.fixture(scope="session")
def a4_booklet(tmp_path_factory):
    """`handouts booklet --paper a4 --impose saddle-stitch --crop-marks`."""

    def make(out):
        options = ["--paper", "a4", "--impose", "saddle-stitch", "--crop-marks"]
        invoke("booklet", "--project", REPO, "--out", out, *options)

    return made_once(tmp_path_factory, "a4-booklet", make)[0]


@pytest.fixture(scope="session")
def archive_handout(tmp_path_factory):
    """`handouts handout --archive <first procedure>`: the PDF/A copy for the record."""
    from handouts.project.loader import load_project

    first = next(iter(load_project(REPO).procedures))

    def make(out):
        invoke("handout", "--project", REPO, "--out", out, "--archive", first)

    out, _ = made_once(tmp_path_factory, "archive", make)
    return sorted((out / "handouts").glob("*.pdf"))


PACKET_ROWS = [
    # A blood-thinner hold and fasting; a pain-diary table; a large-print edition.
    "P-1,Ana Test,epidural-steroid-injection,2026-12-01,08:00,yes,apixaban:3,no",
    "P-2,Bo Test,spinal-cord-stimulation-trial,2026-12-01,09:00,no,,no",
    "P-3,Cy Test,nerve-block-genicular,2026-12-01,10:00,no,,yes",
]


@pytest.fixture(scope="session")
def packets(tmp_path_factory):
    """`handouts batch` on a small day, and one `handout --archive` packet: {kind: [paths]}.

    Packets are joined from two finished PDFs (tagged_join), so they get every check a
    handout gets."""

    def make(out):
        schedule = out / "day.csv"
        header = "appointment_id,patient_name,procedure,date,time,sedation,holds,large_print"
        schedule.write_text("\n".join([header, *PACKET_ROWS]) + "\n", encoding="utf-8")
        invoke("batch", schedule, "--project", REPO, "--out", out / "day", "--jobs", "1")
        invoke(
            "handout", "radiofrequency-ablation", "--project", REPO, "--out", out / "archive",
            "--patient", "Di Test", "--date", "2026-12-01", "--time", "11:00", "--archive",
        )  # fmt: skip

    out, _ = made_once(tmp_path_factory, "packets", make)
    return {
        "packet": sorted((out / "day").glob("P-*.pdf")),
        "archive packet": sorted((out / "archive" / "appointments").glob("*.pdf")),
    }
