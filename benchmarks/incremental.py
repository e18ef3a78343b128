"""Benchmark incremental `handouts build`: cold, no-op, one handout edited, forced.

Usage (from the repository root):
    python benchmarks/incremental.py [--jobs N]

Copies the sample clinic's settings into a temporary project and runs, each in a fresh process
as staff would: a cold build, a second build with nothing changed (answered from the record),
one after adding a comment to handouts.yaml (no PDF changes, but the project is loaded, every
document rendered and keyed, and the checks run again, as they read the settings), a build
after editing one sentence of one handout's YAML (the clinic's own copy of
facet-joint-injection), and a `--force` build. Then the booklet alone (`handouts booklet`): cold (no kept parts), after
editing one sentence of one chapter (the clinician text), and `--force`. Prints wall time,
which PDFs each run wrote and how many booklet parts it kept.
Targets on a 2-core machine: a no-op build under 0.5 s; after the edit, that handout (and the
booklet, when the edit prints in it) made again and nothing else; the booklet after a chapter
edit in well under its cold time.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EDITED = "facet-joint-injection"


def run(project: Path, *extra: str, command: str = "build") -> tuple[float, list[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "handouts", command, "--project", str(project), *extra]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"build failed:\n{done.stderr}")
    written = re.findall(r"^  \S*?([a-z-]+)\.pdf  ", done.stdout, re.MULTILINE)
    kept = re.search(r"(\d+ of \d+) parts kept", done.stdout)
    return elapsed, written + ([f"({kept[1]} booklet parts kept)"] if kept else [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    with tempfile.TemporaryDirectory(prefix="handouts-incremental-") as temp:
        project = Path(temp)
        shutil.copy(ROOT / "handouts.yaml", project / "handouts.yaml")
        rows = [("cold build", run(project, *jobs)), ("no-op build", run(project, *jobs))]
        settings = project / "handouts.yaml"
        settings.write_text(settings.read_text(encoding="utf-8") + "# reviewed\n")
        rows.append(("comment added (full plan)", run(project, *jobs)))
        own = project / "content" / "procedures" / f"{EDITED}.yaml"
        own.parent.mkdir(parents=True)
        text = (ROOT / "content" / "procedures" / own.name).read_text(encoding="utf-8")
        own.write_text(text.replace("are small joints", "are little joints", 1))
        rows.append(("one handout's YAML edited", run(project, *jobs)))
        rows.append(("no-op build again", run(project, *jobs)))
        rows.append(("--force", run(project, "--force", *jobs)))
        shutil.rmtree(project / ".handouts-cache")
        rows.append(("booklet: cold", run(project, "--force", command="booklet")))
        text = own.read_text(encoding="utf-8")
        own.write_text(text.replace("No history or examination", "No single history or exam", 1))
        rows.append(("booklet: one chapter edited", run(project, command="booklet")))
        rows.append(("booklet: --force", run(project, "--force", command="booklet")))
    print(f"cpus: {os.cpu_count()}; python {sys.version.split()[0]}")
    for label, (seconds, written) in rows:
        shown = ", ".join(written) if len(written) <= 4 else f"{len(written)} PDFs"
        print(f"{label:<27} {seconds:6.2f} s   wrote: {shown or 'nothing'}")


if __name__ == "__main__":
    main()
