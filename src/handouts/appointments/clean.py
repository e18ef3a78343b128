"""`handouts clean`: remove personal outputs (appointment packets) older than a given age.

Packets carry patients' names, so a front-desk computer should not keep them longer than the
clinic needs. Only what handouts wrote in the packets folder is removed: the packets and day
print files its manifest.json lists, the manifest itself (with its last file) and temporary
files a killed run left behind. Subfolders and any other file, even a PDF, are left alone, so
a mistaken folder (`--out ~/Documents`) costs nothing.
"""

from __future__ import annotations

import contextlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from handouts.appointments.manifest import MANIFEST_NAME, Manifest, read_manifest, write_manifest
from handouts.diagnostics import HandoutsError, UsageError
from handouts.locks import LOCK_NAME, folder_lock
from handouts.output import TEMP_PREFIX, is_stale_temporary
from handouts.wording import plural

AGE = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
UNIT_NAMES = {"s": "second", "m": "minute", "h": "hour", "d": "day", "w": "week"}


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
    unknown: int = 0  # files in the folder this tool did not write: never touched
    manifest_unreadable: bool = False


def clean(folder: Path, older_than_seconds: int, *, dry_run: bool = False, now=None) -> CleanResult:
    """Remove, from `folder` (not its subfolders), the files this tool wrote there (those its
    manifest lists, the manifest itself, temporaries of runs that are gone) last changed
    before the age. Every other file is left alone, however it is named."""
    result = CleanResult()
    if not folder.is_dir():
        return result
    cutoff = (now if now is not None else time.time()) - older_than_seconds
    ours = (folder / MANIFEST_NAME).exists() or (folder / LOCK_NAME).exists()
    # Never under a batch that is writing here; a folder we never wrote (no manifest, no
    # lock) gets no lock file either.
    with folder_lock(folder, "clean") if ours else contextlib.nullcontext():
        try:
            manifest = read_manifest(folder / MANIFEST_NAME)
        except HandoutsError:
            manifest, result.manifest_unreadable = Manifest(), True
        known = [folder / name for name in manifest.files if _plain_name(name)]
        known = [p for p in known if p.is_file() and not p.is_symlink()]
        names = {p.name for p in known}
        result.unknown = sum(
            1
            for p in folder.iterdir()
            if p.is_file() and p.suffix.lower() == ".pdf" and p.name not in names
        )
        temporaries = [p for p in folder.glob(TEMP_PREFIX + "*") if is_stale_temporary(p)]
        for path in [*known, *temporaries]:
            _remove_if_old(path, cutoff, dry_run, result)
        gone = {p.name for p in result.removed}
        for name in gone:
            manifest.files.pop(name, None)
        for ident in [i for i, e in manifest.appointments.items() if e.get("file") in gone]:
            del manifest.appointments[ident]
        _settle_manifest(folder / MANIFEST_NAME, manifest, gone, cutoff, dry_run, result)
    return result


def _plain_name(name: str) -> bool:
    """A manifest entry names a file directly in the folder, never elsewhere."""
    return bool(name) and "/" not in name and "\\" not in name and not name.startswith(".")


def _remove_if_old(path: Path, cutoff: float, dry_run: bool, result: CleanResult) -> None:
    if path.stat().st_mtime >= cutoff:
        result.kept += 1
        return
    if not dry_run:
        try:
            path.unlink()
        except OSError as exc:
            result.failed.append((path, exc.strerror or str(exc)))
            return
    result.removed.append(path)


def _settle_manifest(path, manifest, gone, cutoff, dry_run, result) -> None:
    """The manifest goes with the last file it lists; until then it lists what is left."""
    if result.manifest_unreadable or not path.is_file():
        return
    if manifest.files:
        result.kept += 1
        if gone and not dry_run:
            write_manifest(path, manifest)
        return
    _remove_if_old(path, cutoff, dry_run, result)
