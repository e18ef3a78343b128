"""The documents the app shows (every handout, its large-print edition, the booklet) and
the cache of their PDFs and page images, keyed by the project's generation."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass

from handouts.diagnostics import HandoutsError
from handouts.project.loader import Project
from handouts.render.large_print import LARGE_PRINT_SUFFIX
from handouts.serve import worker
from handouts.serve.pool import BACKGROUND, PREVIEW

BOOKLET = "clinician-booklet"
THUMBNAIL_SCALE = 0.42  # a Letter page 257 px wide
PREVIEW_SCALE = 1.25  # 765 px wide: readable beside the findings on a 1366 px screen
CACHE_ENTRIES = 96


@dataclass(frozen=True)
class Entry:
    name: str  # the handout id (output name), or "clinician-booklet"
    title: str
    procedure_title: str
    version: str
    status: str  # "draft" or "reviewed by ..."
    draft: bool
    kind: str  # "handout" or "booklet"


def entries(project: Project) -> list[Entry]:
    found = []
    for procedure in project.procedures.values():
        review = procedure.review
        status = "draft" if review.is_draft else f"reviewed by {review.reviewed_by}"
        for handout in procedure.handouts():
            found.append(
                Entry(
                    handout.slug,
                    handout.title,
                    procedure.title,
                    review.version,
                    status,
                    review.is_draft,
                    "handout",
                )
            )
    booklet = project.booklet
    status = "draft" if booklet.review.is_draft else f"reviewed by {booklet.review.reviewed_by}"
    found.append(
        Entry(
            BOOKLET,
            booklet.title,
            "Clinician reference",
            booklet.review.version,
            status,
            booklet.review.is_draft,
            "booklet",
        )
    )
    return found


def split_name(project: Project, name: str) -> tuple[Entry, bool] | None:
    """`nerve-block-occipital-large-print` -> (its entry, True); None if not a document."""
    large = name.endswith(LARGE_PRINT_SUFFIX)
    base = name[: -len(LARGE_PRINT_SUFFIX)] if large else name
    for entry in entries(project):
        if entry.name == base and not (large and entry.kind == "booklet"):
            return entry, large
    return None


@dataclass
class Rendered:
    pdf: bytes | None = None
    images: list[bytes] | None = None
    page_count: int = 0
    problems: list[str] | None = None


class RenderCache:
    """Renders each (generation, document, edition, size) once, even when asked twice at
    the same moment; keeps the most recent entries."""

    def __init__(self, pool):
        self.pool = pool
        self._entries: OrderedDict[tuple, Rendered] = OrderedDict()
        self._pending: dict[tuple, asyncio.Future] = {}

    def cached(self, key: tuple) -> Rendered | None:
        return self._entries.get(key)

    async def get(
        self, generation: int, name: str, large: bool, size: str, priority: int | None = None
    ) -> Rendered:
        key = (generation, name, large, size)
        if key in self._entries:
            self._entries.move_to_end(key)
            return self._entries[key]
        if key in self._pending:
            return await asyncio.shield(self._pending[key])
        future = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            scale, pages = (THUMBNAIL_SCALE, 1) if size == "thumb" else (PREVIEW_SCALE, 0)
            try:
                if priority is None:
                    priority = BACKGROUND if size == "thumb" else PREVIEW
                result = await self.pool.run(
                    worker.render_document,
                    generation,
                    name,
                    large,
                    scale,
                    pages,
                    priority=priority,
                )
            except HandoutsError as exc:
                result = {"problems": [exc.message]}
            rendered = Rendered(
                result.get("pdf"),
                result.get("images"),
                result.get("page_count", 0),
                result.get("problems"),
            )
            self._entries[key] = rendered
            while len(self._entries) > CACHE_ENTRIES:
                self._entries.popitem(last=False)
            future.set_result(rendered)
            return rendered
        except BaseException as exc:
            if isinstance(exc, asyncio.CancelledError):
                future.cancel()
            else:
                future.set_exception(exc)
                future.exception()  # seen: whoever shared it gets it, nobody else must
            raise
        finally:
            self._pending.pop(key, None)

    async def pdf(self, generation: int, name: str, large: bool) -> Rendered:
        """The PDF from whichever rendering of it is cached, else a small one."""
        for size in ("thumb", "preview"):
            found = self.cached((generation, name, large, size))
            if found is not None:
                return found
        return await self.get(generation, name, large, "thumb", PREVIEW)
