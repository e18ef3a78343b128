"""The corpus of malformed inputs: each gets one clear message and leaves the output alone.

Every folder under tests/corpus/ (see its README) is one case: the files a clinic might have
got wrong, and what the user must be told. For each case the real CLI runs in a small project
and this test asserts what a user at the front desk would notice:

- the documented exit code, and no traceback or stray Python exception name;
- a message naming the file (and line and field where the case says so);
- the output folder exactly as it was: no new, changed or half-written file.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import REPO, run_cli
from handouts.locks import LOCK_NAME
from handouts.project.loader import builtin_dir

CORPUS = Path(__file__).parent / "corpus"
BASE_PROCEDURE = CORPUS / "_base" / "procedure.yaml"
PROCEDURE_PATH = "content/procedures/corpus-block.yaml"
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))
COMMANDS_WITH_OUTPUT = {"build", "handout", "booklet", "batch"}
PYTHON_EXCEPTION = re.compile(r"^\w+(Error|Exception)\b|Traceback", re.MULTILINE)


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_malformed_input_gets_one_clear_message(case, tmp_path, monkeypatch):
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    root = make_case_project(case, spec, tmp_path)
    out = tmp_path / "out"
    seed_output(out)
    setup = spec.get("setup") or {}
    apply_setup(setup, root, out, tmp_path, monkeypatch)
    before = snapshot(out)

    args = [a.replace("{root}", str(root)) for a in spec.get("command", ["build"])]
    if "--project" not in args:
        args += ["--project", str(root)]
    if args[0] in COMMANDS_WITH_OUTPUT:
        args += ["--out", str(out)]
    result = run_cli(*args)
    shown = f"\n--- stdout\n{result.output}\n--- stderr\n{result.stderr}"

    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"uncaught {result.exception!r}{shown}"
    )
    assert result.exit_code == spec["exit"], shown
    assert not PYTHON_EXCEPTION.search(result.stderr + result.output), shown
    errors = [ln for ln in result.stderr.splitlines() if ln.lower().startswith("error")]
    assert errors, f"no line starting with 'error'{shown}"
    for expected in spec["expect"]:
        assert expected in result.stderr, f"{expected!r} not in the message{shown}"
    assert snapshot(out) == before, "the output folder changed"
    assert not Path("/tmp/handouts-pwned").exists(), "a YAML tag ran code"


# -- building the case's project --------------------------------------------------------------


def make_case_project(case: Path, spec: dict, tmp_path: Path) -> Path:
    """Sample settings and one small procedure of the clinic's own, then the case's files."""
    root = tmp_path / "clinic"
    (root / "content/procedures").mkdir(parents=True)
    shutil.copy(REPO / "handouts.yaml", root / "handouts.yaml")
    shutil.copy(BASE_PROCEDURE, root / PROCEDURE_PATH)
    for target, replacements in (spec.get("derive") or {}).items():
        text = BASE_PROCEDURE.read_text(encoding="utf-8")
        for old, new in replacements:
            assert text.count(old) == 1, f"{case.name}: {old!r} must occur once in the base"
            text = text.replace(old, new)
        (root / target).write_text(text, encoding="utf-8")
    for source in case.rglob("*"):
        if source.is_file() and source.name != "case.yaml":
            destination = root / source.relative_to(case)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(source.read_bytes())
    return root


def apply_setup(setup: dict, root: Path, out: Path, tmp_path: Path, monkeypatch) -> None:
    if "huge" in setup:  # generated, so the repository does not carry megabytes
        line = b"# " + b"padding " * 12 + b"\n"
        (root / setup["huge"]).write_bytes(line * (3_000_000 // len(line)))
    if "directory" in setup:
        (root / setup["directory"]).mkdir(parents=True)
    for link, target in (setup.get("symlink") or {}).items():
        if target == "{outside}":
            target = tmp_path / "outside-secret.txt"
            target.write_text("clinic: SECRET FROM OUTSIDE THE PROJECT\n")
        path = root / link
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        path.symlink_to(target)
    if "csv_rows" in setup:  # a long export, generated: every row names an unknown procedure
        rows = "".join(
            f"A-{n},Patient {n},no-such-procedure,2026-12-01,09:00\n"
            for n in range(2, setup["csv_rows"] + 2)
        )
        with (root / "schedule.csv").open("a", encoding="utf-8") as handle:
            handle.write(rows)
    if "booklet_chapter" in setup:
        text = (builtin_dir() / "content/booklet.yaml").read_text(encoding="utf-8")
        text = text.replace("chapters:\n", f"chapters:\n  - {setup['booklet_chapter']}\n", 1)
        (root / "content/booklet.yaml").write_text(text, encoding="utf-8")
    limits = setup.get("render_limits") or {}
    if "chars" in limits:
        monkeypatch.setattr("handouts.render.template_limits.MAX_OUTPUT_CHARS", limits["chars"])
    if "seconds" in limits:
        monkeypatch.setattr("handouts.render.template_limits.MAX_RENDER_SECONDS", limits["seconds"])
    if setup.get("out_is_file"):
        shutil.rmtree(out)
        out.write_bytes(b"a file where the output folder should be")
    if setup.get("disk_full"):
        monkeypatch.setattr("handouts.output.os.fsync", _fail(errno.ENOSPC))
    if setup.get("read_only"):
        if os.geteuid() == 0:  # root writes anywhere, so the refusal is simulated
            monkeypatch.setattr("handouts.output.tempfile.mkstemp", _fail(errno.EROFS))
        else:
            for folder in (out, out / "handouts"):
                folder.chmod(0o555)


def _fail(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return fail


def seed_output(out: Path) -> None:
    """An output folder holding the previous run's files."""
    (out / "handouts").mkdir(parents=True)
    (out / "handouts/radiofrequency-ablation.pdf").write_bytes(b"%PDF-1.7 previous handout")
    (out / "clinician-booklet.pdf").write_bytes(b"%PDF-1.7 previous booklet")


def snapshot(out: Path) -> dict:
    if out.is_file():
        return {".": hashlib.sha256(out.read_bytes()).hexdigest()}
    return {  # every file's bytes and time; folders by name (a removed temp file touches them)
        str(p.relative_to(out)): (
            (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            if p.is_file()
            else "folder"
        )
        for p in sorted(out.rglob("*"))
        if p.name != LOCK_NAME  # the run's lock (locks.py): bookkeeping, not an output
    }
