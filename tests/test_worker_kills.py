"""Workers die with their parent: after SIGKILL or SIGTERM of `build -j2` or `batch -j2`, no
worker runs on under PID 1 writing files."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO

SRC = REPO / "src"
pytestmark = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="reads worker processes from /proc (Linux)"
)


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def is_handouts_worker(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"handouts" in command and str(REPO).encode() in b" ".join(command)


def start(command: list[str], tmp_path: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.Popen(
        [sys.executable, "-m", "handouts", *command, "--project", str(REPO)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for_workers(process: subprocess.Popen, count: int, timeout: float = 60) -> set[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = children(process.pid)
        if len(workers) >= count:
            time.sleep(0.5)  # let them start their work
            return children(process.pid)
        assert process.poll() is None, "the run ended before its workers started"
        time.sleep(0.05)
    raise AssertionError("no workers started")


def schedule(tmp_path: Path) -> Path:
    rows = [
        f"K-{n},Kill Test {n},{proc},2026-12-01,{9 + n % 8:02d}:{n % 6}0"
        for n, proc in enumerate(["radiofrequency-ablation", "facet-joint-injection"] * 20)
    ]
    path = tmp_path / "schedule.csv"
    path.write_text("appointment_id,patient_name,procedure,date,time\n" + "\n".join(rows) + "\n")
    return path


CASES = {
    "build SIGKILL": ("build", signal.SIGKILL),
    "build SIGTERM": ("build", signal.SIGTERM),
    "batch SIGKILL": ("batch", signal.SIGKILL),
    "batch SIGTERM": ("batch", signal.SIGTERM),
}


@pytest.mark.parametrize("command, sig", list(CASES.values()), ids=list(CASES))
def test_no_worker_outlives_a_killed_parent(command, sig, tmp_path):
    out = tmp_path / "out"
    if command == "build":
        args = ["build", "--jobs", "2", "--out", str(out), "--quiet"]
    else:
        args = ["batch", str(schedule(tmp_path)), "--jobs", "2", "--out", str(out), "--quiet"]
    process = start(args, tmp_path)
    workers: set[int] = set()
    try:
        workers = wait_for_workers(process, 2)
        process.send_signal(sig)
        process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(alive(w) for w in workers):
            time.sleep(0.05)
        survivors = [w for w in workers if alive(w)]
        assert not survivors, f"workers {survivors} outlived their parent"
    finally:
        for pid in workers:  # only our own survivors: a pid may have been reused since
            if alive(pid) and is_handouts_worker(pid):
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
            process.wait()
