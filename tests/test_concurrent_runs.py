"""Two runs at once, leftovers of killed runs and packet names: no run loses another's work.

Two `batch` runs into one folder used to both exit 0 with the manifest and the print file
keeping only the second; one run's start-up deleted another's live temporary files; a second
single packet for the same procedure and time replaced the first; a full disk half-way
through `build` left a mix of new and old PDFs.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import REPO, run_cli
from handouts import output
from handouts.appointments.manifest import Manifest, claim_name
from handouts.locks import LOCK_NAME, folder_lock

SRC = REPO / "src"
HEADER = "appointment_id,patient_name,procedure,date,time\n"


def schedule(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def batch_process(schedule_path: Path, out: Path, env_extra=None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(SRC), **(env_extra or {})}
    command = [sys.executable, "-m", "handouts", "batch", str(schedule_path)]
    command += ["--project", str(REPO), "--out", str(out), "--jobs", "1", "--quiet"]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_two_batches_into_one_folder_keep_both(tmp_path):
    out = tmp_path / "packets"
    first = schedule(tmp_path, "a.csv", ["M-1,Ann Able,radiofrequency-ablation,2026-12-01,09:00"])
    second = schedule(tmp_path, "b.csv", ["N-1,Ben Baker,radiofrequency-ablation,2026-12-01,10:00"])
    one = batch_process(first, out)
    time.sleep(0.3)
    two = batch_process(second, out)
    results = [p.communicate(timeout=300) for p in (one, two)]
    assert one.returncode == 0 and two.returncode == 0, results
    data = manifest(out)
    assert data["schema_version"] == 2  # 2: each entry has content_sha256 (issue 17)
    assert set(data["appointments"]) == {"M-1", "N-1"}
    assert {"M-1-radiofrequency-ablation.pdf", "N-1-radiofrequency-ablation.pdf"} <= set(
        data["files"]
    )
    runs = [r["run"] for r in data["runs"]]
    assert len(runs) == 2 and runs[0] != runs[1]
    # The day's print file holds both runs' packets and names the run that made it.
    print_file = out / "2026-12-01-print-all.pdf"
    entry = data["files"][print_file.name]
    assert entry["packets"] == [
        "M-1-radiofrequency-ablation.pdf",
        "N-1-radiofrequency-ablation.pdf",
    ]
    reader = PdfReader(print_file)
    packet_pages = sum(len(PdfReader(out / n).pages) for n in entry["packets"])
    assert len(reader.pages) >= packet_pages
    assert reader.metadata["/HandoutsRun"] == entry["run"] == runs[-1]
    assert entry["run"] in reader.metadata["/Subject"]


def test_a_second_run_waits_then_refuses_with_a_clear_message(tmp_path, monkeypatch):
    out = tmp_path / "packets"
    path = schedule(tmp_path, "a.csv", ["M-1,Ann Able,radiofrequency-ablation,2026-12-01,09:00"])
    monkeypatch.setenv("HANDOUTS_LOCK_WAIT", "0.5")
    with folder_lock(out, "batch"):
        result = run_cli("batch", path, "--project", REPO, "--out", out, "--jobs", "1")
    assert result.exit_code == 1
    assert f"{out} is in use by another handouts run ('batch', process {os.getpid()}" in (
        result.stderr
    )
    assert "waiting up to 0.5 s" in result.stderr
    assert not list(out.glob("*.pdf")) and not (out / "manifest.json").exists()
    assert (out / LOCK_NAME).exists()


def test_a_run_never_deletes_a_live_runs_temporaries(tmp_path):
    out = tmp_path / "out"
    folder = out / "appointments"
    folder.mkdir(parents=True)
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        live_temp = folder / f"{output.TEMP_PREFIX}{alive.pid}-abc.part"
        dead_temp = folder / f"{output.TEMP_PREFIX}{dead.pid}-def.part"
        for temp in (live_temp, dead_temp):
            temp.write_bytes(b"half a packet")
        result = run_cli("handout", "facet-joint-injection", "--project", REPO, "--out", out)
        assert result.exit_code == 0, result.stderr
        assert live_temp.exists(), "another live run's temporary file was deleted"
        assert not dead_temp.exists(), "a killed run's temporary file was left"
    finally:
        alive.kill()
        alive.wait()


def test_single_packets_without_an_id_never_replace_each_other(tmp_path):
    out = tmp_path / "out"
    base = ["handout", "radiofrequency-ablation", "--project", REPO, "--out", out]
    base += ["--date", "2026-12-01", "--time", "09:30"]
    first = run_cli(*base, "--patient", "Ann Able")
    second = run_cli(*base, "--patient", "Ben Baker")
    assert first.exit_code == 0 and second.exit_code == 0, first.stderr + second.stderr
    folder = out / "appointments"
    packets = sorted(p.name for p in folder.glob("*.pdf"))
    assert packets == [
        "2026-12-01-0930-radiofrequency-ablation-2.pdf",
        "2026-12-01-0930-radiofrequency-ablation.pdf",
    ]
    texts = [PdfReader(folder / name).pages[0].extract_text() for name in packets]
    assert "Ben Baker" in texts[0] and "Ann Able" in texts[1]
    assert set(manifest(folder)["files"]) == set(packets)
    # The same appointment printed again (same id) replaces its own packet, not another's.
    again = [*base, "--appointment-id", "Q-1", "--patient", "Cy Cole"]
    assert run_cli(*again).exit_code == 0
    assert run_cli(*again).exit_code == 0
    assert len(list(folder.glob("*Q-1*.pdf"))) == 1


def test_batch_ids_that_differ_only_in_case_get_two_packets(tmp_path):
    out = tmp_path / "packets"
    rows = [
        "a-1,Ann Able,radiofrequency-ablation,2026-12-01,09:00",
        "A-1,Ben Baker,radiofrequency-ablation,2026-12-01,10:00",
    ]
    result = run_cli("batch", schedule(tmp_path, "s.csv", rows), "--project", REPO, "--out", out)
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name.casefold() for p in out.glob("*-radiofrequency-ablation*.pdf"))
    assert names == ["a-1-radiofrequency-ablation-2.pdf", "a-1-radiofrequency-ablation.pdf"]


def test_names_that_join_alike_are_told_apart(tmp_path):
    """`A` + `facet-joint-injection` and `A-facet` + `joint-injection` join to one name."""
    taken: set[str] = set()
    empty = Manifest()
    one = claim_name(
        "A-facet-joint-injection", ("A", "facet-joint-injection"), empty, tmp_path, taken
    )
    two = claim_name(
        "A-facet-joint-injection", ("A-facet", "joint-injection"), empty, tmp_path, taken
    )
    assert one != two
    # Across runs: a file on disk that the manifest gives to another appointment is not reused,
    # and neither is a file the manifest does not know at all.
    (tmp_path / one).write_bytes(b"%PDF")
    known = Manifest(files={one: {"appointment_id": "A", "procedure": "facet-joint-injection"}})
    assert (
        claim_name(
            "A-facet-joint-injection", ("A", "facet-joint-injection"), known, tmp_path, set()
        )
        == one
    )
    assert (
        claim_name(
            "A-facet-joint-injection", ("A-facet", "joint-injection"), known, tmp_path, set()
        )
        != one
    )
    assert claim_name("A-facet-joint-injection", None, known, tmp_path, set()) != one


def test_a_full_disk_half_way_through_a_build_replaces_nothing(tmp_path, monkeypatch):
    out = tmp_path / "out"
    ids = ["nerve-block"]
    assert run_cli("handout", *ids, "--project", REPO, "--out", out).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*.pdf")}
    for path in before:
        path.write_bytes(b"%PDF old version")  # so a replaced file would show
    before = {p: p.read_bytes() for p in before}
    real_fsync, calls = os.fsync, []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(output.os, "fsync", fsync)
    result = run_cli("handout", *ids, "--project", REPO, "--out", out)
    assert result.exit_code == 1
    assert "the disk is full; nothing was replaced" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*.pdf")} == before
    assert not list(out.rglob(output.TEMP_PREFIX + "*"))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks")
def test_the_lock_goes_with_a_killed_holder(tmp_path):
    out = tmp_path / "packets"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from handouts.locks import folder_lock\n"
            "with folder_lock(Path(sys.argv[1]), 'batch'):\n"
            "    print('locked', flush=True); time.sleep(60)",
            str(out),
        ],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        stdout=subprocess.PIPE,
    )
    assert holder.stdout.readline().strip() == b"locked"
    holder.kill()
    holder.wait()
    began = time.monotonic()
    with folder_lock(out, "batch", notify=lambda m: None):
        pass
    assert time.monotonic() - began < 1


def test_a_build_into_a_folder_in_use_refuses_and_keeps_the_old_files(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert (
        run_cli("handout", "facet-joint-injection", "--project", REPO, "--out", out).exit_code == 0
    )
    before = {p: p.read_bytes() for p in out.rglob("*.pdf")}
    monkeypatch.setenv("HANDOUTS_LOCK_WAIT", "0.3")
    with folder_lock(out, "build"):  # --force: an up-to-date handout is otherwise not written
        result = run_cli(
            "handout", "facet-joint-injection", "--force", "--project", REPO, "--out", out
        )
    assert result.exit_code == 1
    assert f"{out} is in use by another handouts run ('build'" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*.pdf")} == before


def test_a_build_with_nothing_to_make_still_waits_for_the_folder(tmp_path, monkeypatch):
    out = tmp_path / "out"
    facet = ("handout", "facet-joint-injection", "--project", REPO, "--out", out)
    made = run_cli(*facet)
    assert made.exit_code == 0, made.stderr
    files = (p for p in out.rglob("*") if p.is_file() and p.name != LOCK_NAME)
    record = sorted(p for p in files if p.suffix != ".pdf")
    before = {p: p.read_bytes() for p in record}
    monkeypatch.setenv("HANDOUTS_LOCK_WAIT", "0.3")
    with folder_lock(out, "batch"):
        # The same command again writes nothing at all, so it need not wait.
        same = run_cli(*facet)
        assert same.exit_code == 0 and "Nothing changed" in same.output
        # Another date runs the checks again: only the build record would be saved.
        result = run_cli(*facet, "--today", "2027-01-04")
    assert result.exit_code == 1
    assert f"{out} is in use by another handouts run ('batch'" in result.stderr
    assert {p: p.read_bytes() for p in record} == before
