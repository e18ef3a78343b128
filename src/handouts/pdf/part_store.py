"""Booklet parts already written, kept on disk by the key of everything that made them.

`<project>/.handouts-cache/booklet/` (a cache beside trials.json: safe to delete, never
committed) holds each part's PDF as `<key>.pdf`, the newest MAX_PARTS of them, and
`pages.json`, where each id of the last booklet fell, so the next build can number its
placeholders (booklet_split.py) right the first time. Each file is written to a temporary
name and renamed into place; a file that is too large, damaged or unreadable is no part; a
folder that cannot be written to only means no reuse.

`PdfStore` is the same store for other finished PDFs: `batch` keeps the handouts it laid out
in `<project>/.handouts-cache/handouts/`, by their build key (incremental/keys.py), so the
next day's batch appends them as they are.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path

from handouts.pdf.trials import CACHE_FOLDER, replace_file

FOLDER = "booklet"
MAX_PARTS = 64  # about four booklets' worth of chapters
MAX_PART_BYTES = 50_000_000
MAX_PAGES_BYTES = 1_000_000
PAGES_NAME = "pages.json"
KEY = re.compile(r"^[0-9a-f]{64}$")


class PdfStore:
    """Finished PDFs by key, the newest `max_kept`, in `<project>/.handouts-cache/<folder>/`."""

    def __init__(
        self, project_root: Path, folder: str, *, read: bool = True, max_kept: int = MAX_PARTS
    ):
        self.folder = Path(project_root) / CACHE_FOLDER / folder
        self.read = read  # False for --force: every part is laid out again (and kept)
        self.max_kept = max_kept
        self.made: dict[str, bytes] = {}  # parts made by this store's build, read or not

    def path(self, key: str) -> Path | None:
        """The kept file of `key`, if there is one (touched: recently used, kept longest)."""
        if not self.read or not KEY.match(key):
            return None
        path = self.folder / f"{key}.pdf"
        try:
            if not path.is_file() or path.stat().st_size > MAX_PART_BYTES:
                return None
        except OSError:
            return None
        with contextlib.suppress(OSError):  # a file we may read but not touch is still kept
            os.utime(path)
        return path

    def get(self, key: str) -> bytes | None:
        if key in self.made:
            return self.made[key]
        path = self.path(key)
        if path is not None:
            with contextlib.suppress(OSError):
                return path.read_bytes()
        return None

    def put(self, key: str, data: bytes) -> None:
        self.made[key] = data
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            replace_file(self.folder / f"{key}.pdf", data)
            self._prune()

    def forget(self, key: str) -> None:
        self.made.pop(key, None)
        with contextlib.suppress(OSError):
            (self.folder / f"{key}.pdf").unlink()

    def _prune(self) -> None:
        parts = []
        for path in self.folder.glob("*.pdf"):
            with contextlib.suppress(OSError):
                parts.append((path.stat().st_mtime_ns, path))
        parts.sort(reverse=True)
        for _, path in parts[self.max_kept :]:
            with contextlib.suppress(OSError):
                path.unlink()


class PartStore(PdfStore):
    """The booklet's parts, and where each id of the last booklet fell."""

    def __init__(self, project_root: Path, *, read: bool = True):
        super().__init__(project_root, FOLDER, read=read)

    def pages(self) -> dict[str, int]:
        """Where each id fell in the last booklet written (a hint, checked after layout)."""
        path = self.folder / PAGES_NAME
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
            if path.stat().st_size <= MAX_PAGES_BYTES:
                data = json.loads(path.read_text(encoding="utf-8"))
                return {
                    str(k): v for k, v in data.items() if isinstance(v, int) and 0 < v < 100_000
                }
        return {}

    def keep_pages(self, pages: dict[str, int]) -> None:
        if pages == self.pages():
            return
        text = json.dumps(pages, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            replace_file(self.folder / PAGES_NAME, text.encode("utf-8"))
