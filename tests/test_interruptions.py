"""Interruptions lose nothing: SIGKILL at random moments never leaves a broken PDF.

A real `handouts` process rebuilds PDFs that already exist while the test kills it, at
random moments and at the moment a temporary file appears (the middle of a write). After
every kill each PDF in the output folder must be the previous complete version or the new
complete version, byte for byte, and the next full run must leave no temporary file.
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import REPO
from handouts.output import TEMP_PREFIX

PROCEDURES = ["radiofrequency-ablation", "epidural-steroid-injection"]
KILLS = 5
SRC = REPO / "src"


def settings(clinic_name: str) -> str:
    text = (REPO / "handouts.yaml").read_text(encoding="utf-8")
    return text.replace("Riverbend Pain Clinic", clinic_name)


def start(project: Path, out: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    command = [sys.executable, "-m", "handouts", "handout", *PROCEDURES]
    return subprocess.Popen(
        [*command, "--project", str(project), "--out", str(out), "--quiet"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def build(project: Path, out: Path) -> float:
    began = time.monotonic()
    process = start(project, out)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr.decode()
    return time.monotonic() - began


def pdfs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.rglob("*.pdf"))}


def manifest_entries(out: Path) -> dict:
    """The manifest's record of each appointment, without the run that wrote it."""
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["appointments"]
    return {ident: {k: v for k, v in e.items() if k != "run"} for ident, e in entries.items()}


def temporaries(out: Path) -> list[Path]:
    return list(out.rglob(TEMP_PREFIX + "*"))


def kill_when_writing(process: subprocess.Popen, out: Path, left_over: set, deadline: float) -> str:
    """SIGKILL as soon as a new temporary file shows up (a write is under way); `left_over`
    are those an earlier kill left, which the run itself removes."""
    while time.monotonic() < deadline and process.poll() is None:
        if set(temporaries(out)) - left_over:
            process.send_signal(signal.SIGKILL)
            return "while writing"
        time.sleep(0.0005)
    process.send_signal(signal.SIGKILL)
    return "at the deadline"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_at_random_moments_leaves_old_or_new_complete_pdfs(tmp_path):
    project = tmp_path / "clinic"
    project.mkdir()
    out = tmp_path / "out"

    # The new version, made once in a separate folder, is what every rebuilt file must equal.
    (project / "handouts.yaml").write_text(settings("Kill Test Clinic B"), encoding="utf-8")
    new_out = tmp_path / "expected-new"
    duration = build(project, new_out)
    new = pdfs(new_out)

    (project / "handouts.yaml").write_text(settings("Kill Test Clinic A"), encoding="utf-8")
    build(project, out)
    old = pdfs(out)
    assert set(old) == set(new) and all(old[name] != new[name] for name in old)
    pages = {name: len(PdfReader(new_out / "handouts" / name).pages) for name in new}

    (project / "handouts.yaml").write_text(settings("Kill Test Clinic B"), encoding="utf-8")
    rng = random.Random(20261127)  # fixed: a failure can be replayed
    outcomes = []
    for kill in range(KILLS):
        left_over = set(temporaries(out))
        process = start(project, out)
        if kill % 2 == 0:  # a random moment anywhere in the run, writes included
            time.sleep(rng.uniform(0.2, 1.1) * duration)
            process.send_signal(signal.SIGKILL)
            outcomes.append("at random")
        else:
            outcomes.append(
                kill_when_writing(process, out, left_over, time.monotonic() + 2 * duration)
            )
        process.wait(timeout=60)
        for name, data in pdfs(out).items():
            assert data in (old[name], new[name]), f"kill {kill + 1}: {name} is neither version"
            assert len(PdfReader(out / "handouts" / name).pages) == pages[name]
        if kill % 2 == 0:
            for name in pdfs(out):  # put back the old version for the next kill to race with
                (out / "handouts" / name).write_bytes(old[name])

    build(project, out)
    assert pdfs(out) == new
    assert temporaries(out) == [], "the next run must remove what a killed run left"
    assert "while writing" in outcomes, outcomes


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_during_a_batch_leaves_complete_packets(tmp_path):
    """`handouts batch` killed mid-run: each packet, print file and manifest present is whole."""
    project = tmp_path / "clinic"
    project.mkdir()
    (project / "handouts.yaml").write_text(settings("Kill Test Clinic"), encoding="utf-8")
    schedule = project / "schedule.csv"
    rows = [f"B-{n},Test Patient {n},{PROCEDURES[n % 2]},2026-12-01,09:{10 + n}" for n in range(4)]
    schedule.write_text(
        "appointment_id,patient_name,procedure,date,time\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "packets"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    command = [sys.executable, "-m", "handouts", "batch", str(schedule), "--project", str(project)]
    command += ["--out", str(out), "--jobs", "1", "--quiet"]

    began = time.monotonic()
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
    duration = time.monotonic() - began
    complete = pdfs(out)
    manifest = manifest_entries(out)

    rng = random.Random(1127)
    for kill in range(3):
        left_over = set(temporaries(out))
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        if kill == 1:
            kill_when_writing(process, out, left_over, time.monotonic() + 2 * duration)
        else:
            time.sleep(rng.uniform(0.3, 1.0) * duration)
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        # Same input, so every complete packet equals the first run's; a torn one would not.
        # A print file names the run that made it, so it is compared by its pages.
        now = pdfs(out)
        assert set(now) == set(complete)
        for name, data in now.items():
            if name.endswith("-print-all.pdf"):
                pages = len(PdfReader(out / name).pages)
                assert pages == len(PdfReader(io.BytesIO(complete[name])).pages), name
            else:
                assert data == complete[name], f"kill {kill + 1}: {name} is not complete"
        assert manifest_entries(out) == manifest
        for path in out.glob("*.pdf"):
            assert path.stat().st_mode & 0o777 == 0o600

    subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
    assert temporaries(out) == []
