"""What the last builds made in an output folder: per output, its key and the files it wrote.

The record lives in `<out>/.handouts-build.json`. An output counts as up to date only when its
key is the same and every file it wrote is still there with the same sha256, so a deleted or
edited PDF is made again. A missing, unreadable or foreign record only means a full build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from handouts.diagnostics import HandoutsError
from handouts.output import atomic_write

STATE_NAME = ".handouts-build.json"
STATE_FORMAT = 1
KEPT_CHECK_RESULTS = 8  # one per recent selection (build, one handout, the booklet, ...)
KEPT_RUNS = 8  # the same, for the no-op build's recorded runs (stamp.py)


@dataclass
class WrittenFile:
    path: str  # relative to the output folder
    kind: str
    pages: int
    content_pages: int
    page_limit: int | None
    sha256: str


@dataclass
class OutputRecord:
    key: str
    files: list[WrittenFile]
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. how a handout was tightened
    # sha256 of each procedure file it printed, by id: which content a PDF was made from.
    content: dict[str, str] = field(default_factory=dict)


def file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class BuildState:
    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.path = out_dir / STATE_NAME
        self.outputs: dict[str, OutputRecord] = {}
        self.checks: dict[str, dict] = {}
        self.runs: dict[str, dict] = {}  # by selection: the last run's input stamp (stamp.py)
        self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") != STATE_FORMAT:
                return
            for name, entry in data["outputs"].items():
                files = [WrittenFile(**f) for f in entry.pop("files")]
                self.outputs[name] = OutputRecord(files=files, **entry)
            self.checks = dict(data.get("checks", {}))
            self.runs = dict(data.get("runs", {}))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.outputs, self.checks, self.runs = {}, {}, {}

    def relative(self, path: Path) -> str | None:
        try:
            return path.resolve().relative_to(self.out_dir.resolve()).as_posix()
        except ValueError:
            return None

    def fresh(self, path: Path, key: str) -> OutputRecord | None:
        """The record of `path` if it was made with `key` and its files are untouched."""
        name = self.relative(path)
        record = self.outputs.get(name) if name else None
        if record is None or record.key != key:
            return None
        for written in record.files:
            if file_sha256(self.out_dir / written.path) != written.sha256:
                return None
        return record

    def remember(self, path: Path, record: OutputRecord) -> None:
        name = self.relative(path)
        if name is not None:
            self.outputs[name] = record

    def forget(self, path: Path) -> None:
        name = self.relative(path)
        if name is not None:
            self.outputs.pop(name, None)

    def remember_checks(self, key: str, result: dict) -> None:
        _keep_newest(self.checks, key, result, KEPT_CHECK_RESULTS)

    def remember_run(self, selection: str, run: dict) -> None:
        _keep_newest(self.runs, selection, run, KEPT_RUNS)

    def save(self) -> None:
        data = {
            "format": STATE_FORMAT,
            "outputs": {name: asdict(r) for name, r in sorted(self.outputs.items())},
            "checks": self.checks,
            "runs": self.runs,
        }
        text = json.dumps(data, indent=1, sort_keys=False) + "\n"
        # The PDFs are written; without the record the next build is simply a full one.
        with contextlib.suppress(HandoutsError):
            atomic_write(self.path, text.encode("utf-8"))


def _keep_newest(entries: dict, key: str, value, limit: int) -> None:
    """Set `key` as the newest entry; drop the oldest beyond `limit`."""
    entries.pop(key, None)
    entries[key] = value
    while len(entries) > limit:
        entries.pop(next(iter(entries)))
