"""Print and accessibility fixtures: each kind of PDF built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts.cli import cli

REPO = Path(__file__).resolve().parents[2]


def invoke(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output + result.stderr
    return result


def procedure_ids():
    from handouts.project import load_project

    return list(load_project(REPO).procedures)


@pytest.fixture(scope="session")
def print_build(tmp_path_factory):
    """Standard and large-print handouts, and the letter booklet; (folder, CLI report)."""
    out = tmp_path_factory.mktemp("print-build")
    reports = [
        invoke("handout", "--project", REPO, "--out", out, "--large-print", *procedure_ids())
    ]
    reports.append(invoke("booklet", "--project", REPO, "--out", out))
    return out, "".join(r.output for r in reports)


@pytest.fixture(scope="session")
def a4_booklet(tmp_path_factory):
    """`handouts booklet --paper a4 --impose saddle-stitch --crop-marks`."""
    out = tmp_path_factory.mktemp("a4-booklet")
    invoke(
        "booklet",
        "--project",
        REPO,
        "--out",
        out,
        "--paper",
        "a4",
        "--impose",
        "saddle-stitch",
        "--crop-marks",
    )
    return out


@pytest.fixture(scope="session")
def archive_handout(tmp_path_factory):
    """`handouts handout --archive <first procedure>`: the PDF/A copy for the record."""
    from handouts.project import load_project

    first = next(iter(load_project(REPO).procedures))
    out = tmp_path_factory.mktemp("archive")
    invoke("handout", "--project", REPO, "--out", out, "--archive", first)
    return sorted((out / "handouts").glob("*.pdf"))
