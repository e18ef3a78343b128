"""Preview: a document's pages as images beside `handouts check`'s findings for it. Saving
any project file re-renders it and the page refreshes itself (server-sent events)."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from handouts.diagnostics import HandoutsError
from handouts.project.loader import builtin_dir
from handouts.serve.documents import entries, split_name
from handouts.serve.library import common, server_of
from handouts.serve.pages import page

_findings: dict[tuple[int, str], object] = {}


def findings_for(project, generation: int, entry) -> tuple[object, list[str]]:
    """`handouts check` for this one document: (its report or None, problems that stopped
    it)."""
    from handouts.checks.findings import run_checks

    key = (generation, entry.name)
    if key not in _findings:
        try:
            if entry.kind == "booklet":
                report = run_checks(project, procedure_ids=[], include_booklet=True)
            else:
                report = run_checks(project, procedure_ids=[entry.name], include_booklet=False)
        except HandoutsError as exc:
            return None, [exc.message]
        if len(_findings) > 32:
            _findings.clear()
        _findings[key] = (report, [])
    return _findings[key]


def shown_path(source: str, root: Path) -> str:
    """A finding's file relative to the project (or the built-in content) when it is there."""
    for base, prefix in ((root, ""), (builtin_dir(), "(built-in) ")):
        path, _, rest = source.partition(":")
        with contextlib.suppress(ValueError):
            return prefix + str(Path(path).relative_to(base)) + (":" + rest if rest else "")
    return source


async def index(request: Request) -> Response:
    server = server_of(request)
    project = server.state.project
    if project is None:
        return page(
            "preview.html",
            entry=None,
            choices=[],
            large=False,
            images=0,
            findings=[],
            problems=server.state.problems,
            **common(server, "preview"),
        )
    first = entries(project)[0].name
    return Response(status_code=303, headers={"location": f"/preview/{first}"})


async def document(request: Request) -> Response:
    server = server_of(request)
    state = server.state
    project = state.project
    name = request.path_params["name"]
    context = common(server, "preview")
    if project is None:  # a file mistake: show it, keep listening for the fix
        return page(
            "preview.html",
            status=200,
            entry=None,
            choices=[],
            large=False,
            name=name,
            images=0,
            findings=[],
            problems=state.problems,
            **context,
        )
    found = split_name(project, name)
    if found is None:
        raise HTTPException(404)
    entry, large = found
    generation = state.generation
    rendered, (report, check_problems) = await asyncio.gather(
        server.cache.get(generation, entry.name, large, "preview"),
        asyncio.to_thread(findings_for, project, generation, entry),
    )
    return page(
        "preview.html",
        entry=entry,
        name=name,
        large=large,
        choices=entries(project),
        images=len(rendered.images or []),
        page_count=rendered.page_count,
        findings=report.findings if report else [],
        scores=report.handouts[0].scores if report and report.handouts else None,
        limits=report.limits if report else None,
        page_limit=page_limit(entry, large, project),
        shown_path=lambda source: shown_path(source, project.root),
        problems=(rendered.problems or []) + check_problems,
        **context,
    )


def page_limit(entry, large: bool, project) -> int | None:
    from handouts.render.large_print import PAGE_LIMIT_FACTOR

    if entry.kind == "booklet":
        return None
    procedure = next(
        p for p in project.procedures.values() if entry.name in [h.slug for h in p.handouts()]
    )
    limit = procedure.page_limit
    return limit * PAGE_LIMIT_FACTOR if limit and large else limit


async def image(request: Request) -> Response:
    server = server_of(request)
    project = server.state.project
    found = split_name(project, request.path_params["name"]) if project else None
    if found is None:
        raise HTTPException(404)
    entry, large = found
    key = (request.path_params["generation"], entry.name, large, "preview")
    rendered = server.cache.cached(key)
    number = request.path_params["page"]
    if rendered is None or not rendered.images or not 1 <= number <= len(rendered.images):
        raise HTTPException(404)
    return Response(
        rendered.images[number - 1],
        media_type="image/png",
        headers={"cache-control": "private, max-age=3600"},
    )


async def events(request: Request) -> Response:
    server = server_of(request)
    stream = server.state.events(server.stopping)
    return StreamingResponse(stream, media_type="text/event-stream")
