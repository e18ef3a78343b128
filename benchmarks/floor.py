"""The floor under `handouts batch`: only lay out the appointment pages, nothing else.

Usage (from the repository root):
    python benchmarks/floor.py [--size 200] [--jobs 2] [--project DIR] [--whole]

Makes the same synthetic schedule as run.py and lays out the appointment pages the batch lays
out, spread over --jobs processes, without writing a PDF, joining a handout or laying out any
handout: each patient's appointment page, and each distinct "my notes" back once per process
(appointments/notes_page.py). No batch can be faster than this on the same machine: it is the
per-patient work that WeasyPrint cannot share between patients. `--whole` lays out each
appointment page with its notes page, as batches did before the notes page was shared.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))


def lay_out(project_dir: str, rows: list, whole: bool = False) -> tuple[float, int]:
    from handouts.appointments.notes_page import notes_key, split_notes
    from handouts.appointments.page import AppointmentPages
    from handouts.appointments.settings import load_appointment_settings
    from handouts.pdf.writer import PdfMaker
    from handouts.project.loader import load_project

    project = load_project(project_dir)
    pages = AppointmentPages(project, load_appointment_settings(project.settings))
    maker = PdfMaker(project)
    maker.layout(pages.html(rows[0].appointment_in(project)))  # warm the font caches
    notes_made = set()
    started = time.perf_counter()
    for task in rows:
        doc = pages.html(task.appointment_in(project))
        split = None if whole else split_notes(doc)
        if split is None:
            maker.layout(doc)
            continue
        front, notes = split
        maker.layout(front)
        key = notes_key(notes)
        if key not in notes_made:
            notes_made.add(key)
            maker.layout(notes)
    return time.perf_counter() - started, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--project", default=str(ROOT))
    parser.add_argument("--whole", action="store_true", help="notes page laid out every time")
    args = parser.parse_args()

    from run import make_schedule

    from handouts.appointments.batch import PacketTask
    from handouts.appointments.schedule import read_schedule
    from handouts.project.loader import load_project

    project = load_project(args.project)
    procedures = [h.slug for p in project.procedures.values() for h in p.handouts()]
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "schedule.csv"
        make_schedule(path, args.size, procedures)
        scheduled = read_schedule(path, project).appointments
        rows = [PacketTask.of(item.appointment, "") for item in scheduled]
    shares = [rows[i :: args.jobs] for i in range(args.jobs)]
    started = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(
            pool.map(lay_out, [args.project] * args.jobs, shares, [args.whole] * args.jobs)
        )
    wall = time.perf_counter() - started
    per_page = sum(seconds for seconds, _ in results) / sum(n for _, n in results)
    slowest = max(seconds for seconds, _ in results)
    print(
        f"{args.size} appointment pages laid out on {args.jobs} processes: {wall:.1f} s "
        f"with start-up, {slowest:.1f} s of layout in the busiest, {per_page:.3f} s a page"
    )


if __name__ == "__main__":
    main()
