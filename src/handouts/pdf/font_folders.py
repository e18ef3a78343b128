"""WeasyPrint's `weasyprint-*` font folders, removed when the run ends.

Each FontConfiguration copies @font-face fonts into a temporary folder that it removes only
when garbage-collected, which does not happen at interpreter exit nor in worker processes,
so every run left folders in the system temporary folder. Ours are named after the process
(`weasyprint-handouts-<pid>-*`): removed at exit, and, for a process that was killed, by the
next run once that process is gone.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import weakref
from multiprocessing import util
from pathlib import Path

PREFIX = "weasyprint-handouts-"
_OWNER = re.compile(re.escape(PREFIX) + r"(\d+)-")


def own_font_folder(font_config) -> None:
    """Give `font_config` a folder of ours, removed when this process exits (the main
    process or a worker: multiprocessing runs its finalizers in both)."""
    if not hasattr(font_config, "_folder"):  # another WeasyPrint: leave it be
        return
    remove_stale_font_folders()
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
    font_config._folder = folder  # WeasyPrint 70 creates it lazily under this attribute
    util.Finalize(font_config, _remove, args=(folder, weakref.ref(font_config)), exitpriority=10)


def _remove(folder: Path, owner: weakref.ref) -> None:
    font_config = owner()
    if font_config is not None:
        font_config._folder = None  # else its __del__ tries again while Python shuts down
    shutil.rmtree(folder, ignore_errors=True)


def remove_stale_font_folders() -> None:
    from handouts.output import process_alive

    for folder in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        match = _OWNER.match(folder.name)
        if match and not process_alive(int(match.group(1))):
            shutil.rmtree(folder, ignore_errors=True)
