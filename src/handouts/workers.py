"""Worker processes: how many a run uses, and the one way they are started.

WeasyPrint lays out on one core, so runs with enough work (`build`, `batch`) spread documents
over processes. Each worker is set up once (the project comes from the parent, pickled: no
second load) and dies with the run that started it."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor


def default_jobs() -> int:
    """One worker per CPU core this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def worker_pool(jobs: int, setup: Callable, *args) -> ProcessPoolExecutor:
    """A pool of `jobs` processes, each of which first arms die_with_parent() and then runs
    setup(*args) once (a module-level function keeping what the worker reuses)."""
    return ProcessPoolExecutor(max_workers=jobs, initializer=_start, initargs=(setup, args))


def _start(setup: Callable, args: tuple) -> None:
    die_with_parent()
    setup(*args)


def die_with_parent() -> None:
    """Called first in every worker process: end this worker when the run that started it
    ends, however it ends (SIGKILL or SIGTERM of the parent included), so no worker runs on
    under PID 1 writing packets. Linux: the kernel's parent-death signal (prctl
    PR_SET_PDEATHSIG); elsewhere, and as a second line, a thread that watches the parent."""
    parent = os.getppid()
    _set_parent_death_signal()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    watcher = threading.Thread(target=_watch_parent, args=(parent,), daemon=True)
    watcher.start()


PR_SET_PDEATHSIG = 1
PARENT_POLL_SECONDS = 0.5


def _set_parent_death_signal() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(PARENT_POLL_SECONDS)
        if os.getppid() != parent:
            os._exit(1)
