"""`handouts clean`: remove personal outputs (appointment packets) older than a given age.

Packets carry patients' names, so a front-desk computer should not keep them longer than the
clinic needs. Only what handouts writes in the packets folder is removed: packets and day print
files (*.pdf), manifest.json and temporary files a killed run left behind. Subfolders and any
other file are left alone, so a mistaken folder costs little.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from handouts.errors import UsageError
from handouts.output import TEMP_PREFIX
from handouts.wording import plural

AGE = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
UNIT_NAMES = {"s": "second", "m": "minute", "h": "hour", "d": "day", "w": "week"}
PERSONAL_NAMES = ("*.pdf", "manifest.json", TEMP_PREFIX + "*")


def parse_age(text: str) -> int:
    """'7d' -> seconds. Units: s, m, h, d, w."""
    match = AGE.match(text or "")
    if not match:
        raise UsageError(
            f"--older-than '{text}' is not an age such as 7d, 36h or 2w (units: s, m, h, d, w)"
        )
    return int(match.group(1)) * UNIT_SECONDS[match.group(2)]


def describe_age(text: str) -> str:
    number, unit = AGE.match(text).groups()
    return plural(int(number), UNIT_NAMES[unit])


@dataclass
class CleanResult:
    removed: list[Path] = field(default_factory=list)
    kept: int = 0
    failed: list[tuple[Path, str]] = field(default_factory=list)


def personal_files(folder: Path) -> list[Path]:
    found = {p for pattern in PERSONAL_NAMES for p in folder.glob(pattern)}
    return sorted(p for p in found if p.is_file() and not p.is_symlink())


def clean(folder: Path, older_than_seconds: int, *, dry_run: bool = False, now=None) -> CleanResult:
    """Remove personal files in `folder` (not its subfolders) last changed before the age."""
    result = CleanResult()
    if not folder.is_dir():
        return result
    cutoff = (now if now is not None else time.time()) - older_than_seconds
    for path in personal_files(folder):
        if path.stat().st_mtime >= cutoff:
            result.kept += 1
            continue
        if not dry_run:
            try:
                path.unlink()
            except OSError as exc:
                result.failed.append((path, exc.strerror or str(exc)))
                continue
        result.removed.append(path)
    return result
