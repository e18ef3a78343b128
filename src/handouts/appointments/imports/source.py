"""Opening a schedule file safely: its type and size are checked before a byte is read.

A FIFO would block forever, `/dev/zero` never ends, and a multi-gigabyte export would be read
into memory whole; each is refused with a message instead.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from handouts.diagnostics import HandoutsError

MAX_SCHEDULE_BYTES = 50_000_000  # a day of a large practice is well under 1 MB


def read_source(path: Path, limit: int = MAX_SCHEDULE_BYTES) -> bytes:
    """The file's bytes; HandoutsError if it is not a regular file of a sensible size."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise HandoutsError(f"{path}: no such file") from None
    except OSError as exc:
        raise HandoutsError(f"cannot read {path}: {exc.strerror or exc}") from None
    _check_kind(path, info.st_mode)
    _check_size(path, info.st_size, limit)
    # O_NONBLOCK: if the file was swapped for a FIFO after the check, open() must not hang.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise HandoutsError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        _check_kind(path, info.st_mode)
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                _check_size(path, size, limit)
    except OSError as exc:
        raise HandoutsError(f"cannot read {path}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if not data.strip():
        raise HandoutsError(f"{path}: the file is empty")
    return data


def _check_kind(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        what = "a folder"
    elif stat.S_ISFIFO(mode):
        what = "a pipe (FIFO)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "a device"
    elif stat.S_ISSOCK(mode):
        what = "a socket"
    else:
        what = "not a regular file"
    raise HandoutsError(
        f"{path} is {what}, not a schedule file; save the export to a file and give its path"
    )


def _check_size(path: Path, size: int, limit: int) -> None:
    if size > limit:
        raise HandoutsError(
            f"{path} is larger than {limit:,} bytes, too large for one day's schedule; "
            "export only the days you are printing for"
        )
