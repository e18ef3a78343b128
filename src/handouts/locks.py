"""One run at a time per output folder.

Two `batch` runs into one folder used to both exit 0 with the manifest and the day's print
file keeping only the second. A run now holds an exclusive lock on `.handouts.lock` in the
folder it writes; a second run waits for it (saying so) and, if it does not finish in time,
stops with a message naming the folder and the run that holds it. The operating system
releases the lock when the holder dies, however it dies, so a killed run never blocks the
next one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from handouts.diagnostics import HandoutsError

LOCK_NAME = ".handouts.lock"
WAIT_ENV = "HANDOUTS_LOCK_WAIT"  # seconds a second run waits for the first; 0: refuse at once
DEFAULT_WAIT_SECONDS = 600.0
POLL_SECONDS = 0.2


@dataclass(frozen=True)
class Run:
    """The run holding the lock: its id goes into the manifest and the print files."""

    run_id: str
    command: str
    started: str


def new_run(command: str) -> Run:
    now = dt.datetime.now(dt.timezone.utc)
    return Run(f"{now:%Y%m%dT%H%M%S}Z-{os.getpid()}", command, now.isoformat(timespec="seconds"))


def wait_seconds() -> float:
    text = os.environ.get(WAIT_ENV, "")
    try:
        return max(0.0, float(text)) if text else DEFAULT_WAIT_SECONDS
    except ValueError:
        return DEFAULT_WAIT_SECONDS


@contextlib.contextmanager
def folder_lock(
    folder: Path, command: str, *, notify: Callable[[str], None] | None = None
) -> Iterator[Run]:
    """Hold the folder's lock for the block; yields this run's identity."""
    run = new_run(command)
    notify = notify or _to_stderr
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise HandoutsError(f"cannot write to {folder}: {exc.strerror or exc}") from None
    try:
        if not _try_lock(fd):
            _wait_for(fd, folder, notify)
        _describe(fd, run)
        yield run
    finally:
        _unlock(fd)
        os.close(fd)


def _to_stderr(message: str) -> None:
    print(f"note: {message}", file=sys.stderr, flush=True)


def _wait_for(fd: int, folder: Path, notify) -> None:
    holder = _holder(folder)
    patience = wait_seconds()
    if notify and patience > 0:
        notify(
            f"another handouts run ({holder}) is writing to {folder}; "
            f"waiting up to {patience:g} s for it to finish"
        )
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        if _try_lock(fd):
            return
    raise HandoutsError(
        f"{folder} is in use by another handouts run ({holder}); run again when it has "
        f"finished, or use another --out folder (waited {patience:g} s; {WAIT_ENV} sets how long)"
    )


def _holder(folder: Path) -> str:
    try:
        info = json.loads((folder / LOCK_NAME).read_text(encoding="utf-8"))
        return f"'{info['command']}', process {int(info['pid'])}, started {info['started']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "starting up"


def _describe(fd: int, run: Run) -> None:
    text = json.dumps({"pid": os.getpid(), "command": run.command, "started": run.started})
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, text.encode("utf-8"))


try:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
