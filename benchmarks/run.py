"""Benchmark `handouts batch` against a baseline that renders each packet whole.

Usage (from the repository root):
    python benchmarks/run.py [--sizes 200 1000] [--baseline 40] [--jobs N] [--project DIR]

Makes a synthetic schedule of N appointments (every procedure, names in several scripts,
holds and sedation on some rows), then prints in one run, for each size, packets per
second and peak memory of `handouts batch` end to end (a fresh process, as staff run it),
and the same for the baseline: one process laying out every packet as one whole document,
reusing stylesheets and fonts (make_whole below). Peak memory is the largest total
resident memory of the process and all its workers, sampled every 20 ms.
Targets on a 2-core machine: 200 appointments under 10 s; at least 3x the baseline's
packets per second; peak memory for 1,000 no more than 1.25x that for 200.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAMES = [
    "Maria Lopez",
    "Nguyễn Thị Minh Khai",
    "王小明",
    "محمد عبد الله",
    "Zoë O'Brien-Smith",
    "Søren Kierkegaard-Nørgaard",
    "Aleksandra Wiśniewska",
    "Jean-Baptiste Émile Dubois",
]


def make_schedule(path: Path, count: int, procedures: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["appointment_id", "patient_name", "procedure", "date", "time", "sedation", "holds"]
        )
        for n in range(count):
            minutes = 7 * 60 + (n * 5) % (10 * 60)
            writer.writerow(
                [
                    f"B-{n + 1:05d}",
                    f"{NAMES[n % len(NAMES)]} {n}",
                    procedures[n % len(procedures)],
                    "2026-12-01",
                    f"{minutes // 60:02d}:{minutes % 60:02d}",
                    "yes" if n % 3 == 0 else "no",
                    "apixaban:3; clopidogrel:7" if n % 4 == 0 else "",
                ]
            )


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc)."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{current}/task/{current}/children") as f:
                stack.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return total


def measure(command: list[str]) -> tuple[float, int, subprocess.CompletedProcess]:
    """Wall time and peak total memory of a command and its children."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    result = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    if process.returncode != 0:
        sys.exit(f"command failed: {' '.join(command)}\n{stderr}")
    return elapsed, peak, result


def make_whole(maker, appointment):
    """The packet laid out as one HTML document, without PacketMaker's reuse of the laid-out
    handout: the baseline the fast path is measured against."""
    from handouts.appointments.packets import Packet

    page = maker.pages.html(appointment)
    handout = maker.pages.renderer.handout(appointment.handout)
    body = handout.html.split("<body", 1)[1].split(">", 1)[1].rsplit("</body>", 1)[0]
    page.html = page.html.replace("</body>", f'<div class="whole-handout">{body}</div></body>')
    document = maker.pdf.layout(page, extra_css=[".whole-handout { break-before: page; }"])
    data = maker.pdf.write(document)
    return Packet(data, len(document.pages), hashlib.sha256(data).hexdigest())


def baseline_worker(project: str, schedule: str) -> None:
    """Runs in its own process: every packet laid out whole, stylesheets and fonts reused."""
    from handouts.appointments.packets import PacketMaker
    from handouts.appointments.schedule import read_schedule
    from handouts.appointments.settings import load_appointment_settings
    from handouts.project.loader import load_project

    loaded = load_project(project)
    maker = PacketMaker(loaded, load_appointment_settings(loaded.settings))
    for item in read_schedule(Path(schedule), loaded).appointments:
        make_whole(maker, item.appointment)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--baseline", type=int, default=40, help="packets in the baseline run")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--project", default=str(ROOT))
    parser.add_argument("--baseline-worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_worker:
        baseline_worker(*args.baseline_worker)
        return

    sys.path.insert(0, str(ROOT / "src"))
    from handouts.project.loader import load_project

    project = load_project(args.project)
    procedures = [h.slug for p in project.procedures.values() for h in p.handouts()]
    print(f"cpus: {os.cpu_count()}; procedures: {len(procedures)}; python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="handouts-bench-") as temp:
        temp = Path(temp)
        peaks = {}
        rates = {}
        for size in args.sizes:
            schedule = temp / f"schedule-{size}.csv"
            make_schedule(schedule, size, procedures)
            command = [sys.executable, "-m", "handouts", "batch", str(schedule), "-q",
                       "--project", args.project, "--out", str(temp / f"out-{size}")]  # fmt: skip
            if args.jobs:
                command += ["--jobs", str(args.jobs)]
            elapsed, peak, _ = measure(command)
            peaks[size], rates[size] = peak, size / elapsed
            print(
                f"batch     {size:5d} appointments: {elapsed:6.1f} s end to end, "
                f"{size / elapsed:5.1f} packets/s, peak memory {peak / 2**20:6.0f} MB"
            )
        schedule = temp / "schedule-baseline.csv"
        make_schedule(schedule, args.baseline, procedures)
        command = [sys.executable, __file__, "--baseline-worker", args.project, str(schedule)]
        elapsed, peak, _ = measure(command)
        base_rate = args.baseline / elapsed
        print(
            f"baseline  {args.baseline:5d} appointments: {elapsed:6.1f} s end to end, "
            f"{base_rate:5.1f} packets/s, peak memory {peak / 2**20:6.0f} MB "
            "(whole packet per layout, one process)"
        )
        first, last = args.sizes[0], args.sizes[-1]
        print(f"speed-up over baseline at {first}: {rates[first] / base_rate:.1f}x (target >= 3)")
        if len(args.sizes) > 1:
            print(
                f"peak memory {last} vs {first}: {peaks[last] / peaks[first]:.2f}x (target <= 1.25)"
            )


if __name__ == "__main__":
    main()
