"""How many worker processes a run uses. WeasyPrint lays out on one core, so runs with enough
work (`build`, `batch`) spread documents over processes."""

from __future__ import annotations

import os


def default_jobs() -> int:
    """One worker per CPU core this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
