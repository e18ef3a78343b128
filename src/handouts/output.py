"""Writing output files atomically, so an interrupted run never leaves half a PDF."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import time
from pathlib import Path

from handouts.diagnostics import HandoutsError

TEMP_PREFIX = ".handouts-tmp-"
# A temporary's name carries the process that writes it (`.handouts-tmp-<pid>-<random>.part`),
# so one run's start-up never deletes another live run's files.
_OWNER = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)-")
# Temporaries named before they carried their process: removed once this old.
UNOWNED_TEMP_SECONDS = 3600


def atomic_write(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it into
    place: readers see either the old complete file or the new complete file."""
    with atomic_stream(path, mode) as handle:
        handle.write(data)


def temp_prefix() -> str:
    return f"{TEMP_PREFIX}{os.getpid()}-"


def process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: not ours to judge dead
    return True


def is_stale_temporary(path: Path, now: float | None = None) -> bool:
    """A temporary whose writing process is gone (or, unnamed, older than an hour)."""
    match = _OWNER.match(path.name)
    if match:
        return not process_alive(int(match.group(1)))
    try:
        age = (now or time.time()) - path.stat().st_mtime
    except OSError:
        return False
    return age > UNOWNED_TEMP_SECONDS


def remove_stale_temporaries(folder: Path) -> int:
    """Delete temporary files killed runs left behind (never a live run's); returns how many
    were removed."""
    removed = 0
    if not folder.is_dir():
        return 0
    for temp in folder.rglob(TEMP_PREFIX + "*"):
        if not is_stale_temporary(temp):
            continue
        try:
            temp.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def atomic_write_all(files: list[tuple[Path, bytes]], mode: int = 0o644) -> None:
    """Write every file, or none: all are written to temporaries and flushed first, and only
    then renamed into place. A full disk half-way leaves every earlier output as it was."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            staged.append((_stage(path, data, mode), path))
        for temp_name, path in staged:
            os.replace(temp_name, path)
    except OSError as exc:
        raise HandoutsError(f"cannot write {path}: {_reason(exc)}; nothing was replaced") from None
    finally:
        for temp_name, _ in staged:
            Path(temp_name).unlink(missing_ok=True)


def _stage(path: Path, data: bytes, mode: int) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=temp_prefix(), suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return temp_name


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied (is the folder read-only?)"
    return exc.strerror or str(exc)


def _library_reason(exc: Exception) -> str:
    text = str(exc).lower()
    if "no space" in text or "disk full" in text or "enospc" in text:
        return "the disk is full"
    return f"the file could not be written ({type(exc).__name__})"


@contextlib.contextmanager
def atomic_stream(path: Path, mode: int = 0o644):
    """Yields a binary file beside `path` that replaces `path` only when the block finishes
    without error (for output too large to hold in memory; atomic_write for bytes)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=temp_prefix(), suffix=".part", dir=path.parent)
    except OSError as exc:
        raise HandoutsError(f"cannot write to {path.parent}: {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise HandoutsError(f"cannot write {path}: {_reason(exc)}") from None
    except HandoutsError:
        Path(temp_name).unlink(missing_ok=True)
        raise
    except Exception as exc:  # e.g. qpdf's own exception when the disk fills during a save
        Path(temp_name).unlink(missing_ok=True)
        raise HandoutsError(f"cannot write {path}: {_library_reason(exc)}") from None
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
