"""Library: every procedure and variant as a card with its first page, version and review
status, and its PDF (standard or large print) for the browser's viewer."""

from __future__ import annotations

import asyncio

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from handouts.serve.documents import entries, split_name
from handouts.serve.pages import page


def server_of(request: Request):
    return request.app.state.server


def project_or_problems(server):
    """The loaded project, or None after the page with its loading problems was chosen."""
    return server.state.project


def problems_page(server, active: str) -> Response:
    return page(
        "problems.html",
        status=503,
        active=active,
        problems=server.state.problems,
        clinic_name="handouts",
    )


def common(server, active: str) -> dict:
    project = server.state.project
    return {
        "active": active,
        "csrf": server.guard.csrf_token,
        "clinic_name": project.settings.clinic.name if project else "handouts",
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
    rendered = await server.cache.get(server.state.generation, entry.name, large, "thumb")
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
    """Draw every card's thumbnail once at start, so the first library visit is quick."""
    project = server.state.project
    if project is None:
        return
    generation = server.state.generation
    jobs = [server.cache.get(generation, e.name, False, "thumb") for e in entries(project)]
    await asyncio.gather(*jobs, return_exceptions=True)


# A card for a document that does not build: a grey page with a line across.
PLACEHOLDER = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="257" height="333" viewBox="0 0 257 333">'
    b'<rect width="257" height="333" fill="#f1f1ee" stroke="#b9b9b0"/>'
    b'<path d="M40 166h177" stroke="#b9b9b0" stroke-width="4"/></svg>'
)
