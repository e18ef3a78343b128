"""Preview: a document's pages as images beside `handouts check`'s findings for it. Saving
any project file re-renders it and the page refreshes itself (server-sent events)."""

from __future__ import annotations

import asyncio

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from handouts.errors import HandoutsError
from handouts.serve.documents import BOOKLET, entries, split_name
from handouts.serve.library import common, server_of
from handouts.serve.pages import page

_findings: dict[tuple[int, str], object] = {}


def findings_for(project, generation: int, entry) -> tuple[list, list[str]]:
    """`handouts check` for this one document: (findings, problems that stopped it)."""
    from handouts.checks.findings import run_checks

    key = (generation, entry.name)
    if key not in _findings:
        try:
            if entry.kind == "booklet":
                report = run_checks(project, procedure_ids=[], include_booklet=True)
            else:
                report = run_checks(project, procedure_ids=[entry.name], include_booklet=False)
            _findings.clear()  # one generation's findings at a time
            _findings[key] = (report.findings, [])
        except HandoutsError as exc:
            return [], [exc.message]
    return _findings[key]


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
    rendered, (findings, check_problems) = await asyncio.gather(
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
        findings=findings,
        problems=(rendered.problems or []) + check_problems,
        booklet=BOOKLET,
        **context,
    )


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
