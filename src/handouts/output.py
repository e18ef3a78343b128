"""Writing output files atomically, so an interrupted run never leaves half a PDF."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from handouts.errors import HandoutsError

TEMP_PREFIX = ".handouts-tmp-"


def atomic_write(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it into
    place: readers see either the old complete file or the new complete file."""
    with atomic_stream(path, mode) as handle:
        handle.write(data)


def remove_stale_temporaries(folder: Path) -> int:
    """Delete temporary files a killed run left behind; returns how many were removed."""
    removed = 0
    if not folder.is_dir():
        return 0
    for temp in folder.rglob(TEMP_PREFIX + "*"):
        try:
            temp.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied (is the folder read-only?)"
    return exc.strerror or str(exc)


@contextlib.contextmanager
def atomic_stream(path: Path, mode: int = 0o644):
    """Yields a binary file beside `path` that replaces `path` only when the block finishes
    without error (for output too large to hold in memory; atomic_write for bytes)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".part", dir=path.parent)
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
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
