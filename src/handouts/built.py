"""What a build made or kept: its files, warnings and notes (no WeasyPrint, no Jinja here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class BuiltFile:
    path: Path
    kind: str
    pages: int
    content_pages: int  # pages counted against the page limit (without a pain diary)
    page_limit: int | None


@dataclass
class BuildResult:
    files: list[BuiltFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unchanged: list[BuiltFile] = field(default_factory=list)  # up to date, not written again
    notes: list[str] = field(default_factory=list)  # e.g. which handouts were tightened to fit
    checks: object = None  # the gate's CheckReport (checks/results.py), when it ran

    def count_unchanged(self, out_dir: Path, record) -> None:
        """An up-to-date output (state.OutputRecord) as it was recorded, warnings included."""
        for f in record.files:
            built = BuiltFile(out_dir / f.path, f.kind, f.pages, f.content_pages, f.page_limit)
            self.unchanged.append(built)
        self.warnings.extend(record.warnings)
        self.notes.extend(record.notes)
