"""The print options on the command line: help, refusals, exit codes."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from handouts.cli import cli

REPO = Path(__file__).resolve().parents[2]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_help_lists_the_print_options():
    assert all(
        o in run("build", "--help").output for o in ("--archive", "--large-print", "--paper")
    )
    assert all(o in run("handout", "--help").output for o in ("--archive", "--large-print"))
    booklet = run("booklet", "--help").output
    assert all(o in booklet for o in ("--impose", "saddle-stitch", "--crop-marks", "--paper"))


def test_unknown_paper_or_imposition_is_a_usage_error():
    assert run("booklet", "--project", REPO, "--paper", "b5").exit_code == 2
    assert run("booklet", "--project", REPO, "--impose", "perfect-bound").exit_code == 2


def test_one_output_file_cannot_hold_two_editions(tmp_path):
    from handouts.project.loader import load_project

    first = next(iter(load_project(REPO).procedures))
    target = tmp_path / "x.pdf"
    result = run("handout", "--project", REPO, first, "-o", target, "--large-print")
    assert result.exit_code == 1
    assert "names one file" in result.stderr and "Traceback" not in result.output
    assert not target.exists()
