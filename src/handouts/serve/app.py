"""The Starlette application: its settings, its lifespan (the render pool, the project
watcher, the day jobs' clean-up) and the routes of each page."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from handouts.pdf.print_options import PrintOptions
from handouts.serve import day, library, patient, preview
from handouts.serve.documents import RenderCache
from handouts.serve.pages import error_html, static_files
from handouts.serve.pool import RenderPool
from handouts.serve.security import Guard, GuardMiddleware
from handouts.serve.watch import ProjectState, watch_project

DEFAULT_MAX_UPLOAD = 10 * 1024 * 1024


@dataclass
class ServeConfig:
    root: Path
    host: str = "127.0.0.1"
    token: str | None = None
    https: bool = False
    out_dir: Path | None = None  # default: output/ in the project, as for the CLI
    processes: int = 2
    max_upload: int = DEFAULT_MAX_UPLOAD
    options: PrintOptions = field(default_factory=PrintOptions)
    watch: bool = True
    warm_thumbnails: bool = True


class Server:
    """Everything the routes share."""

    def __init__(self, config: ServeConfig):
        self.config = config
        self.state = ProjectState(config.root)
        self.pool = RenderPool(config.root, config.options, config.processes)
        self.cache = RenderCache(self.pool)
        self.guard = Guard(config.token, config.https, config.host, config.max_upload)
        self.jobs = day.Jobs()
        self.made_packets = patient.MadePackets()  # made with a warning, opened from a link
        self.stopping = asyncio.Event()

    @property
    def out_dir(self) -> Path:
        return (self.config.out_dir or self.config.root / "output").resolve()


async def static(request: Request) -> Response:
    found = static_files().get(request.path_params["name"])
    if found is None:
        raise HTTPException(404)
    body, media_type = found
    return Response(body, media_type=media_type, headers={"cache-control": "max-age=300"})


async def http_error(request: Request, exc: HTTPException) -> Response:
    titles = {
        400: ("Bad request", "The server could not read this request."),
        403: ("Not allowed", "This form was not sent from this server's own page."),
        404: ("Not found", "There is no such page or document here."),
        405: ("Not allowed", "This address does not take that kind of request."),
    }
    title, message = titles.get(exc.status_code, ("Error", "The request failed."))
    if exc.detail and exc.status_code not in (404, 405) and isinstance(exc.detail, str):
        message = exc.detail
    html = error_html(exc.status_code, title, message)
    return Response(html, status_code=exc.status_code, media_type="text/html")


def routes() -> list[Route]:
    return [
        Route("/", library.index),
        Route("/thumb/{name}.png", library.thumbnail),
        Route("/pdf/{name}.pdf", library.pdf),
        Route("/patient", patient.form, methods=["GET"]),
        Route("/patient", patient.submit, methods=["POST"]),
        Route("/patient/made/{token}", patient.made_packet),
        Route("/day", day.form, methods=["GET"]),
        Route("/day", day.upload, methods=["POST"]),
        Route("/day/{job}", day.job_page),
        Route("/day/{job}/status", day.status),
        Route("/day/{job}/print/{index:int}", day.print_file),
        Route("/day/{job}/packets.zip", day.packets_zip),
        Route("/preview", preview.index),
        Route("/preview/{name}", preview.document),
        Route("/preview/{name}/{generation:int}/{page:int}.png", preview.image),
        Route("/events", preview.events),
        Route("/static/{name}", static),
    ]


def create_app(config: ServeConfig) -> Starlette:
    server = Server(config)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        tasks = []
        # From this thread: a render process ends when the thread that started it does.
        server.pool.warm()
        if config.watch:
            tasks.append(asyncio.create_task(watch_project(server.state, server.stopping)))
        tasks.append(asyncio.create_task(server.jobs.expire_forever(server.stopping)))
        if config.warm_thumbnails:
            tasks.append(asyncio.create_task(library.warm_thumbnails(server)))
        try:
            yield
        finally:
            server.stopping.set()
            server.state.announce()  # wakes the event streams so they end
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            server.jobs.remove_all()
            await server.pool.stop_dispatching()
            await asyncio.to_thread(server.pool.close)

    app = Starlette(
        routes=routes(),
        lifespan=lifespan,
        exception_handlers={HTTPException: http_error},
    )
    app.state.server = server
    app.add_middleware(GuardMiddleware, guard=server.guard)
    return app
