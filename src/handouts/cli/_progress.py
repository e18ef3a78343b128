"""A progress bar for `build` on a terminal; nothing in logs or pipes."""

from __future__ import annotations

import contextlib
import sys

import click


@contextlib.contextmanager
def build_progress(enabled: bool, total: int | None):
    """Yields progress(name), called as each document is finished, or None when disabled
    (not a terminal, --quiet, or nothing to make)."""
    if not enabled or not total:
        yield None
        return
    bar = click.progressbar(
        length=total, label="PDFs", file=sys.stderr, item_show_func=lambda name: name
    )
    bar.render_progress()

    def progress(name: str) -> None:
        bar.current_item = name
        bar.update(1)

    try:
        yield progress
    finally:
        bar.render_finish()


class BuildProgress:
    """progress(name) for a build whose size is known only once it is planned: `start(total)`
    shows the bar (on a terminal, with something to make), `finish()` ends it."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None

    def start(self, total: int) -> None:
        if self.enabled and total and self.bar is None:
            self.bar = click.progressbar(
                length=total, label="PDFs", file=sys.stderr, item_show_func=lambda name: name
            )
            self.bar.render_progress()

    def __call__(self, name: str) -> None:
        if self.bar is not None:
            self.bar.current_item = name
            self.bar.update(1)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.render_finish()
            self.bar = None
