"""Shared fixtures: the sample project built once per test session, and small project factories."""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts.cli import cli

REPO = Path(__file__).resolve().parents[1]
SAMPLE_SETTINGS = (REPO / "handouts.yaml").read_text(encoding="utf-8")


def with_in_section(settings: str, section: str, lines: str) -> str:
    """`settings` with `lines` added at the end of its top-level `section:` (in place, so a
    test does not depend on which section the sample file lists last)."""
    rows = settings.splitlines(keepends=True)
    start = next(i for i, row in enumerate(rows) if row.startswith(f"{section}:"))
    end = next((i for i in range(start + 1, len(rows)) if rows[i][:1].isalpha()), len(rows))
    rows[end:end] = [lines]
    return "".join(rows)


def counted_layouts(monkeypatch, record=lambda doc: doc.name) -> list:
    """What each WeasyPrint layout the test then runs was given (`record(doc)`), in order."""
    from handouts.pdf.writer import PdfMaker

    calls = []
    real = PdfMaker.layout

    def layout(self, doc, *args, **kwargs):
        calls.append(record(doc))
        return real(self, doc, *args, **kwargs)

    monkeypatch.setattr(PdfMaker, "layout", layout)
    return calls


def run_cli(*args, env=None, input=None):
    """Invoke the real CLI in-process; returns click's Result (stdout and stderr apart)."""
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, input=input)


@pytest.fixture
def make_project(tmp_path):
    """Create a project folder with the sample handouts.yaml (or given text) and extra files.

    Usage: make_project({"content/procedures/x.yaml": "..."}, settings="...").
    """

    def factory(files: dict[str, str] | None = None, settings: str | None = None) -> Path:
        root = tmp_path / "clinic"
        root.mkdir(exist_ok=True)
        (root / "handouts.yaml").write_text(settings or SAMPLE_SETTINGS, encoding="utf-8")
        for name, text in (files or {}).items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return factory


def run_folder(tmp_path_factory) -> Path:
    """This test run's temporary folder, shared by all its xdist workers."""
    root = tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


def made_once(tmp_path_factory, name: str, make) -> tuple[Path, str]:
    """A folder of outputs made once per test run, however many xdist workers read it.

    The first worker to ask runs make(folder), which returns a text to keep (a CLI report);
    the others wait for it and reuse the folder. Tests only read these outputs."""
    root = run_folder(tmp_path_factory)
    folder, done = root / name, root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            done.write_text(make(folder) or "", encoding="utf-8")
    return folder, done.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """`handouts build` of the sample project (the repository root), run once per test run."""

    def make(out):
        result = run_cli("build", "--project", REPO, "--out", out)
        assert result.exit_code == 0, result.output + result.stderr

    return made_once(tmp_path_factory, "sample-output", make)[0]


@pytest.fixture(scope="session")
def every_sample_handout(tmp_path_factory):
    """Every sample handout in every language, standard and large print, and the letter
    booklet, made once per test run for every test that reads them; (folder, CLI report)."""
    from handouts.project.loader import load_project

    def make(out):
        ids = list(load_project(REPO).procedures)
        options = ("--lang", "all", "--large-print")
        handouts = run_cli("handout", *ids, "--project", REPO, "--out", out, *options)
        assert handouts.exit_code == 0, handouts.output + handouts.stderr
        booklet = run_cli("booklet", "--project", REPO, "--out", out)
        assert booklet.exit_code == 0, booklet.output + booklet.stderr
        return handouts.output + booklet.output  # (output holds stderr too)

    return made_once(tmp_path_factory, "every-sample-handout", make)


@pytest.fixture
def sample_copy(tmp_path):
    """A writable copy of the sample project's settings (content comes from the package)."""
    root = tmp_path / "sample"
    root.mkdir()
    shutil.copy(REPO / "handouts.yaml", root / "handouts.yaml")
    return root


_shared = {"read": None, "keys": frozenset()}  # this worker's view of the shared answers


@pytest.fixture(autouse=True)
def shared_trial_answers(tmp_path_factory):
    """Trial layouts answered in one xdist worker serve the others (pdf/trials.py keeps them
    per process and per project; the keys hold everything that shapes a layout, so answers
    from another process are as good as its own). Most of a cold test run is fitting the
    same default handouts; without this each worker fits them again."""
    from handouts.pdf import trials

    path = run_folder(tmp_path_factory) / "trial-answers.json"
    with contextlib.suppress(OSError, ValueError):
        stamp = path.stat().st_mtime_ns
        if stamp != _shared["read"]:
            answers = json.loads(path.read_text(encoding="utf-8"))
            trials.learn([(key, trials.trial_from(fields)) for key, fields in answers])
            _shared["read"] = stamp
            _shared["keys"] = frozenset(key for key, _ in answers)  # the file's, not ours
    yield
    known = trials.known()
    keys = frozenset(key for key, _ in known)
    if keys <= _shared["keys"]:
        return
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        merged = {}
        with contextlib.suppress(OSError, ValueError):
            merged = dict(json.loads(path.read_text(encoding="utf-8")))
        for key, trial in known:  # in this worker's order of use: the latest last
            merged.pop(key, None)
            merged[key] = dataclasses.asdict(trial)
        written = dict(list(merged.items())[-trials.MAX_KEPT :])  # ours are the latest
        trials.replace_file(path, json.dumps(list(written.items())).encode("utf-8"))
        _shared["read"] = path.stat().st_mtime_ns
    trials.learn([(key, trials.trial_from(v)) for key, v in written.items() if key not in keys])
    _shared["keys"] = frozenset(written)
