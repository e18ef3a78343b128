"""Library: every procedure and variant as a card with its first page, version and review
status, and its PDF (standard or large print) for the browser's viewer."""

from __future__ import annotations

import contextlib

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from handouts.diagnostics import HandoutsError
from handouts.serve.documents import entries, split_name
from handouts.serve.pages import page


def server_of(request: Request):
    return request.app.state.server


def problems_page(server, active: str) -> Response:
    return page(
        "problems.html", status=503, problems=server.state.problems, **common(server, active)
    )


def common(server, active: str) -> dict:
    project = server.state.project
    return {
        "active": active,
        "csrf": server.guard.csrf_token,
        "clinic_name": project.settings.clinic.name if project else server.state.clinic_name,
        "generation": server.state.generation,
    }


async def index(request: Request) -> Response:
    server = server_of(request)
    project = server.state.project
    if project is None:
        return problems_page(server, "library")
    return page("library.html", entries=entries(project), **common(server, "library"))


def _document(server, name: str):
    project = server.state.project
    found = split_name(project, name) if project is not None else None
    if found is None:
        raise HTTPException(404)
    return found


async def thumbnail(request: Request) -> Response:
    server = server_of(request)
    entry, large = _document(server, request.path_params["name"])
    generation = server.state.generation
    if entry.kind == "booklet":
        # Laying out the whole booklet takes seconds: its cover shows once someone opened it.
        rendered = server.cache.cached((generation, entry.name, False, "thumb"))
        if rendered is None:
            return Response(BOOKLET_PLACEHOLDER, media_type="image/svg+xml")
    else:
        rendered = await server.cache.get(generation, entry.name, large, "thumb")
    if not rendered.images:
        return Response(PLACEHOLDER, media_type="image/svg+xml", status_code=200)
    return Response(rendered.images[0], media_type="image/png")


async def pdf(request: Request) -> Response:
    server = server_of(request)
    entry, large = _document(server, request.path_params["name"])
    rendered = await server.cache.pdf(server.state.generation, entry.name, large)
    if rendered.pdf is None:
        return page(
            "error.html",
            status=500,
            title="This document cannot be printed",
            message="It does not build. Fix the problems below (Preview shows them too).",
            problems=rendered.problems or [],
        )
    name = request.path_params["name"] + ".pdf"
    headers = {"content-disposition": f'inline; filename="{name}"'}
    return Response(rendered.pdf, media_type="application/pdf", headers=headers)


async def warm_thumbnails(server) -> None:
    """Draw every card's thumbnail once at start, so the first library visit is quick: one
    at a time, and only while no person is waiting for a render."""
    project = server.state.project
    if project is None:
        return
    generation = server.state.generation
    # Not the booklet: it takes seconds a packet asked for meanwhile would wait; its card is
    # last and drawn when someone scrolls to it.
    for entry in [e for e in entries(project) if e.kind != "booklet"]:
        await server.pool.idle()
        with contextlib.suppress(HandoutsError):
            await server.cache.get(generation, entry.name, False, "thumb")


BOOKLET_PLACEHOLDER = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="257" height="333" viewBox="0 0 257 333">'
    b'<rect width="257" height="333" fill="#ffffff" stroke="#b9b9b0"/>'
    b'<text x="128" y="150" font-family="sans-serif" font-size="22" text-anchor="middle" '
    b'fill="#5a6a73">Open the PDF</text><text x="128" y="182" font-family="sans-serif" '
    b'font-size="22" text-anchor="middle" fill="#5a6a73">to see the cover</text></svg>'
)
# A card for a document that does not build: a grey page with a line across.
PLACEHOLDER = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="257" height="333" viewBox="0 0 257 333">'
    b'<rect width="257" height="333" fill="#f1f1ee" stroke="#b9b9b0"/>'
    b'<path d="M40 166h177" stroke="#b9b9b0" stroke-width="4"/></svg>'
)
