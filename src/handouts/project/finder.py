"""Where a project and the built-in theme live, found without reading either.

Kept apart from settings.py and loader.py so that the no-op build (incremental/stamp.py) can
find them without importing the YAML and content machinery.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from handouts.diagnostics import UsageError

CONFIG_NAME = "handouts.yaml"


def find_project(explicit: str | os.PathLike | None = None, start: Path | None = None) -> Path:
    """Locate the project folder: `--project`/`HANDOUTS_PROJECT`, else the nearest parent
    of the current folder that holds `handouts.yaml` (as MkDocs finds `mkdocs.yml`)."""
    if explicit:
        root = Path(explicit).expanduser()
        if not (root / CONFIG_NAME).is_file():
            raise UsageError(f"no {CONFIG_NAME} in {root}: is --project pointing at a project?")
        return root.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise UsageError(
        f"no {CONFIG_NAME} found in {here} or its parents; run inside a project, "
        "pass --project DIR, or create one with 'handouts init DIR'"
    )


@cache
def builtin_dir() -> Path:
    """Folder holding the built-in `templates/` and `content/`.

    In a wheel they are packaged under `handouts/_builtin`; in a source checkout they are the
    repository's top-level folders, which double as the sample project.
    """
    packaged = Path(__file__).resolve().parents[1] / "_builtin"
    if (packaged / "templates").is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[3]
    if (checkout / "templates").is_dir() and (checkout / "content").is_dir():
        return checkout
    raise RuntimeError("the built-in templates and content are missing from this installation")
