"""The no-op build (incremental/stamp.py): the same command with nothing changed is answered
from the folder's record without loading the project, and any change at all goes through
the full plan again."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

import handouts
from conftest import REPO, run_cli

FACET = "facet-joint-injection"
SECONDS = re.compile(r"\(\d+\.\d s\)")


@pytest.fixture
def loads(monkeypatch):
    """How many times a run loaded the project (the full plan) instead of the record."""
    import handouts.project.loader as loader

    calls = []
    real = loader.load_project
    monkeypatch.setattr(loader, "load_project", lambda *a: calls.append(1) or real(*a))
    return calls


def facet(clinic, *extra):
    result = run_cli("handout", FACET, "--project", clinic, *extra)
    assert result.exit_code == 0, result.stderr
    return result


def shown(result) -> tuple[str, str]:
    return SECONDS.sub("(s)", result.output), result.stderr


def test_a_no_op_run_shows_what_the_full_plan_would_without_loading(make_project, loads):
    clinic = make_project()
    facet(clinic)
    loads.clear()
    quick = facet(clinic)
    assert loads == [] and "Nothing changed: the 1 PDFs" in quick.output
    assert "check passed" in quick.output and "tightened to fit" in quick.output
    record = clinic / "output" / ".handouts-build.json"
    data = json.loads(record.read_text())
    data.pop("runs")  # as if recorded by an older handouts: the full plan must answer
    record.write_text(json.dumps(data))
    planned = facet(clinic)
    assert loads == [1]
    assert shown(planned) == shown(quick)


def _comment(path: Path) -> None:
    path.write_text(path.read_text() + "\n# reviewed\n")


CHANGES = {
    "a comment in handouts.yaml": lambda root: _comment(root / "handouts.yaml"),
    "a brand file": lambda root: (root / "_brand.yml").write_text("meta:\n  name: Sample\n"),
    "a new file among the templates": lambda root: (root / "templates" / "notes.txt").write_text(
        "ask Ana about the logo\n"
    ),
    "the clinic's copy of a procedure": lambda root: shutil.copy(
        REPO / "content" / "procedures" / f"{FACET}.yaml",
        root / "content" / "procedures" / f"{FACET}.yaml",
    ),
    "a translation file": lambda root: (root / "locale" / "es.po").write_text("# nada\n"),
    "a file only the CSS names": lambda root: shutil.copy(
        root / "assets" / "bold.ttf", root / "assets" / "clinic-font.ttf"
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_goes_through_the_full_plan(make_project, loads, change):
    clinic = make_project(
        {  # a font outside the folders the stamp reads whole: found through the keys
            "templates/clinic.css": '@font-face { font-family: "Unused"; '
            'src: url("../assets/clinic-font.ttf"); }\n',
            "content/procedures/README.txt": "Our own procedures go here.\n",
            "locale/README.txt": "Our own wording goes here.\n",
        }
    )
    fonts = Path(handouts.__file__).parent / "fonts" / "atkinson-hyperlegible"
    (clinic / "assets").mkdir()
    shutil.copy(fonts / "AtkinsonHyperlegible-Regular.ttf", clinic / "assets" / "clinic-font.ttf")
    shutil.copy(fonts / "AtkinsonHyperlegible-Bold.ttf", clinic / "assets" / "bold.ttf")
    facet(clinic)
    facet(clinic)
    loads.clear()
    CHANGES[change](clinic)
    facet(clinic)
    assert loads == [1]
    facet(clinic)  # and the run after it is a no-op again
    assert loads == [1]


def test_another_date_or_an_edited_pdf_goes_through_the_full_plan(make_project, loads):
    clinic = make_project()
    facet(clinic)
    facet(clinic, "--today", "2027-01-04")
    assert loads == [1, 1]  # the checks look at review dates
    pdf = clinic / "output" / "handouts" / f"{FACET}.pdf"
    with open(pdf, "ab") as handle:
        handle.write(b"%% edited\n")
    again = facet(clinic, "--today", "2027-01-04")
    assert loads == [1, 1, 1] and f"{FACET}.pdf" in again.output


def test_the_stamp_reads_the_package_itself():
    from handouts.incremental.stamp import _input_files

    files = _input_files(REPO)
    assert str(Path(handouts.__file__).parent.absolute() / "pipeline.py") in files
    assert str(REPO / "templates" / "handout.html.j2") in files


def test_a_pipe_or_too_many_files_only_cost_the_shortcut(make_project, loads, monkeypatch):
    from handouts.incremental import stamp

    clinic = make_project({"content/README.txt": "ours\n"})
    os.mkfifo(clinic / "content" / "pipe")  # read, it would wait for ever
    facet(clinic)
    assert "Nothing changed" in facet(clinic).output and loads == [1]
    monkeypatch.setattr(stamp, "MAX_FILES", 10)
    assert "Nothing changed" in facet(clinic).output and loads == [1, 1]
