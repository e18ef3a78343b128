"""The project as last loaded, reloaded whenever one of its files is saved, and the
server-sent events that tell open preview pages to refresh themselves."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path

from handouts.diagnostics import ContentError, HandoutsError
from handouts.project.loader import Project, load_project

# Folders whose changes are not the project's: outputs, tools, version control.
IGNORED_FOLDERS = {"output", ".git", ".venv", "__pycache__", "node_modules", ".pytest_cache"}
HEARTBEAT_SECONDS = 15


class ProjectState:
    """The loaded project, or the problems that stopped it loading; `generation` counts
    reloads so caches and render processes know when theirs is stale."""

    def __init__(self, root: Path):
        self.root = root
        self.generation = 0
        self.project: Project | None = None
        self.problems: list[str] = []
        self.clinic_name = "handouts"  # the last one loaded: kept while a file is broken
        self._subscribers: set[asyncio.Queue] = set()
        self.reload()

    def reload(self) -> None:
        try:
            project = load_project(self.root)
        except ContentError as exc:
            self.project, self.problems = None, [str(p) for p in exc.problems]
        except HandoutsError as exc:
            self.project, self.problems = None, [exc.message]
        else:
            self.project, self.problems = project, []
            self.clinic_name = project.settings.clinic.name
        self.generation += 1

    # -- server-sent events ----------------------------------------------------------------

    def announce(self) -> None:
        for subscriber in list(self._subscribers):
            subscriber.put_nowait(self.generation)

    async def events(self, stopping: asyncio.Event) -> AsyncIterator[str]:
        """`event: reload` after each reload, a comment now and then to keep the line open."""
        subscriber: asyncio.Queue = asyncio.Queue()
        self._subscribers.add(subscriber)
        try:
            yield f"retry: 1000\nevent: hello\ndata: {self.generation}\n\n"
            while not stopping.is_set():
                try:
                    generation = await asyncio.wait_for(subscriber.get(), HEARTBEAT_SECONDS)
                except asyncio.TimeoutError:
                    yield ": still here\n\n"
                    continue
                data = json.dumps({"generation": generation, "ok": self.project is not None})
                yield f"event: reload\ndata: {data}\n\n"
        finally:
            self._subscribers.discard(subscriber)


def watched(root: Path):
    def keep(_change, path: str) -> bool:
        relative = Path(path).relative_to(root) if path.startswith(str(root)) else Path(path)
        parts = relative.parts
        if any(part in IGNORED_FOLDERS for part in parts):
            return False
        name = parts[-1] if parts else ""
        # Editors' swap and backup files, and our own atomic-write temporaries.
        return not (name.startswith((".", "#")) or name.endswith(("~", ".swp", ".tmp")))

    return keep


async def watch_project(state: ProjectState, stopping: asyncio.Event) -> None:
    """Reload and announce after every save, until the server stops."""
    from watchfiles import awatch

    with contextlib.suppress(asyncio.CancelledError):
        async for _changes in awatch(
            state.root,
            watch_filter=watched(state.root),
            debounce=80,
            step=20,
            stop_event=stopping,
            recursive=True,
        ):
            await asyncio.to_thread(state.reload)
            state.announce()
