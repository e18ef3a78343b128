"""Paths that settings and the brand name: local files inside the project, never URLs."""

from __future__ import annotations

from pathlib import Path

from handouts.project.yamlfile import display_path
from handouts.render.file_types import content_mismatch


def is_url(text: str) -> bool:
    return "://" in text or text.startswith("//")


def local_file(check, base: Path, root: Path, value, path, suffixes) -> Path | None:
    """A file inside the project, named relative to `base`; anything else is reported."""
    text = check.text(value, path)
    if text is None:
        return None
    if is_url(text):
        check.error(
            path,
            f"'{text}' is a web address; print uses local files only: "
            "download it into the project and give its path",
        )
        return None
    if not text.lower().endswith((*suffixes, *(s.upper() for s in suffixes))):
        check.error(path, f"'{text}' must be a {' or '.join(s[1:] for s in suffixes)} file")
        return None
    candidate = (base / text).resolve()
    if not candidate.is_relative_to(root.resolve()):
        check.error(path, f"'{text}' is outside the project folder; copy it into the project")
        return None
    if not candidate.is_file():
        check.error(path, f"file not found: {display_path(candidate, root)}")
        return None
    wrong = content_mismatch(candidate)
    if wrong:
        check.error(path, f"{display_path(candidate, root)} {wrong}")
        return None
    return candidate
