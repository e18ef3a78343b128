"""The no-op build: a run whose every input is byte for byte that of a recorded run.

plan.py decides what is stale from each document's key, which needs the project loaded and
every document rendered: about 0.4 s for the sample clinic even when nothing changed. The
input stamp is far cheaper: a sha256 over the bytes of every file a build can read (the
project's YAML files, the clinic's and the built-in content, templates and translations, the
files the last run's keys and loader followed, such as images, fonts, imported CSS and a brand
file kept elsewhere, and the handouts package itself), the command's selection and print
options, and the versions of Python and of the libraries that shape the HTML and the PDF.

After a build succeeds, the folder's record (state.py) keeps, per selection, the stamp, the
date the checks were run for, what the check gate showed and the key of each output. A later
run with the same stamp and the same date, whose recorded outputs are all still there and
untouched, cannot make anything different: it shows the recorded run again and stops, without
loading the project. Any difference at all falls through to the full plan, which stays the
authority; the stamp can say "same", never "stale". Nothing here imports YAML or Jinja.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import handouts
from handouts.built import BuildResult
from handouts.incremental import versions
from handouts.incremental.state import BuildState
from handouts.pdf.print_options import PrintOptions
from handouts.project.finder import builtin_dir, find_project

STAMP_FORMAT = 1
# Libraries that shape the HTML (the keys name those that shape the PDF).
HTML_LIBRARIES = ("jinja2", "markupsafe", "babel", "pyyaml", "segno")
# Folders of the project a build reads from; everything in them counts.
PROJECT_FOLDERS = ("content", "templates", "locale", "brand", "_brand")
# A project bigger than this gets no stamp (every run is planned in full): the stamp must stay
# cheaper than the plan it saves.
MAX_FILES = 5000
MAX_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Selection:
    """What a command was asked to make: the part of its command line that shapes outputs."""

    procedure_ids: tuple[str, ...] | None
    include_booklet: bool
    language: str | None
    options: PrintOptions

    def name(self) -> str:
        parts = [self.procedure_ids, self.include_booklet, self.language, asdict(self.options)]
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()


class InputStamp:
    """The stamp of one project and output folder for one selection, taken before loading."""

    def __init__(self, project_dir, out_dir: Path | None, selection: Selection):
        self.root = find_project(project_dir)
        self.out_dir = (out_dir if out_dir is not None else self.root / "output").resolve()
        self.selection = selection
        self.files = _input_files(self.root)  # path -> sha256, or None when over the bounds

    def digest(self, followed: dict[str, str]) -> str | None:
        """The stamp, with `followed` (path -> sha256) the files found through references."""
        if self.files is None:
            return None
        parts = {
            "format": STAMP_FORMAT,
            "python": sys.version,
            "versions": versions.tool_versions(),
            "html-libraries": versions.library_versions(HTML_LIBRARIES),
            "selection": self.selection.name(),
            "out": str(self.out_dir),
            "files": sorted({**followed, **self.files}.items()),
        }
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()

    def record(self, plan, read: list[Path], shown: dict, today: dt.date, timezone: str):
        """Keep this run in the folder's record, saved with it by plan.finish. `read`: the
        files the loader read (YAML), which may lie outside the folders of _input_files."""
        followed = {**plan.followed, **{str(p): _sha256(p) for p in read}}
        stamp = self.digest(followed)
        if stamp is None:
            return
        state = plan.state
        outputs = [[state.relative(e.path), e.key] for e in plan.editions]
        if any(name is None for name, _ in outputs):
            return
        run = {
            "stamp": stamp,
            "followed": sorted(followed),
            "outputs": outputs,
            "shown": shown,
            "today": today.isoformat(),
            "timezone": timezone,
        }
        state.remember_run(self.selection.name(), run)

    def recorded_run(self, today: dt.date | None) -> tuple[BuildResult, dict] | None:
        """(what the recorded run kept, what its check gate showed) when nothing can have
        changed since it; None when the full plan must decide."""
        state = BuildState(self.out_dir)
        run = state.runs.get(self.selection.name())
        try:
            if run is None or run["today"] != (today or _today_in(run["timezone"])).isoformat():
                return None
            followed = {p: _sha256(Path(p)) for p in run["followed"]}
            if self.digest(followed) != run["stamp"]:
                return None
            result = BuildResult()
            for name, key in run["outputs"]:
                record = state.fresh(self.out_dir / name, key)
                if record is None:
                    return None
                result.count_unchanged(self.out_dir, record)
            return result, run["shown"]
        except (KeyError, TypeError, ValueError, ZoneInfoNotFoundError):
            return None  # a record from another version, or edited by hand


def _today_in(timezone: str) -> dt.date:
    return dt.datetime.now(ZoneInfo(timezone)).date()


def _input_files(root: Path) -> dict[str, str] | None:
    """sha256 of each file in the folders a build of `root` reads, or None past the bounds."""
    files: dict[str, str] = {}
    budget = [MAX_FILES, MAX_BYTES]
    for path in sorted(root.glob("*.y*ml")):
        if path.is_file() and not _add(path, files, budget):
            return None
    folders = [Path(handouts.__file__).parent]
    folders += [builtin_dir() / "content", builtin_dir() / "templates"]
    folders += [root / name for name in PROJECT_FOLDERS]
    for folder in folders:
        if not _add_folder(folder, files, budget):
            return None
    return files


def _add_folder(folder: Path, files: dict[str, str], budget: list[int]) -> bool:
    # Symbolic links are followed as the loader follows them; `seen` stops a loop.
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if not name.endswith(".pyc") and not _add(Path(dirpath, name), files, budget):
                return False
    return True


def _add(path: Path, files: dict[str, str], budget: list[int]) -> bool:
    """Add the file's digest; False once the files or bytes run past the budget."""
    budget[0] -= 1
    files[str(path.absolute())] = _sha256(path, budget)
    return budget[0] >= 0 and budget[1] >= 0


def _sha256(path: Path, budget: list[int] | None = None) -> str:
    """sha256 of a regular file's bytes; "-" for anything else (missing, a pipe, a device),
    which nothing reads without waiting."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return "-"
        if budget is not None:
            budget[1] -= info.st_size
            if budget[1] < 0:
                return "-"
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "-"
