"""A whole day: upload the schedule `handouts batch` reads, watch a progress bar, then see
the bad rows and download the day's print file and a zip of the packets and manifest.

The batch writes what `handouts batch` writes (into output/appointments/). The zip is the one
extra copy; it is deleted once downloaded, or after ZIP_MINUTES.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import secrets
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response

from handouts.appointments.packets import APPOINTMENTS_FOLDER, PRIVATE_FILE
from handouts.diagnostics import HandoutsError
from handouts.serve import worker
from handouts.serve.library import common, problems_page, server_of
from handouts.serve.pages import page
from handouts.serve.pool import PACKET

ZIP_MINUTES = 10
JOB_MINUTES = 60  # a finished job's page (row errors, links) is forgotten after this
SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,8}$")
CHUNK = 1024 * 1024
GONE = (
    "This zip was deleted once it was downloaded (or after a few minutes). The packets and "
    "the manifest are still in the appointments folder until `handouts clean` removes them."
)


@dataclass
class Job:
    id: str
    folder: Path  # private temporary folder: the upload, then the zip
    started: float = field(default_factory=time.monotonic)
    done: int = 0
    total: int = 0
    finished: float | None = None
    result: dict | None = None
    zip_path: Path | None = None
    zip_state: str = "none"  # none, ready, downloading, downloaded, expired
    task: asyncio.Task | None = None

    @property
    def running(self) -> bool:
        return self.finished is None


class Jobs:
    def __init__(self):
        self._jobs: dict[str, Job] = {}

    def new(self) -> Job:
        folder = Path(tempfile.mkdtemp(prefix="handouts-day-"))  # mode 0700
        job = Job(secrets.token_urlsafe(18), folder)
        self._jobs[job.id] = job
        return job

    def get(self, ident: str) -> Job:
        job = self._jobs.get(ident)
        if job is None:
            raise HTTPException(404)
        return job

    def expire(self, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        for job in list(self._jobs.values()):
            if job.finished is None:
                continue
            if job.zip_state == "ready" and now - job.finished > ZIP_MINUTES * 60:
                remove_zip(job, "expired")
            if now - job.finished > JOB_MINUTES * 60:
                shutil.rmtree(job.folder, ignore_errors=True)
                del self._jobs[job.id]

    async def expire_forever(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            self.expire()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stopping.wait(), 30)

    def remove_all(self) -> None:
        for job in self._jobs.values():
            shutil.rmtree(job.folder, ignore_errors=True)
        self._jobs.clear()


def remove_zip(job: Job, state: str) -> None:
    if job.zip_path is not None:
        job.zip_path.unlink(missing_ok=True)
    job.zip_path, job.zip_state = None, state


async def form(request: Request) -> Response:
    server = server_of(request)
    if server.state.project is None:
        return problems_page(server, "day")
    return page("day.html", problems=[], **common(server, "day"))


async def save_upload(upload: UploadFile, folder: Path) -> Path:
    suffix = Path(upload.filename or "").suffix
    suffix = suffix.lower() if SUFFIX.match(suffix) else ".csv"
    path = folder / f"schedule{suffix}"  # never the uploaded name: it might hold anything
    with path.open("wb") as out:
        path.chmod(PRIVATE_FILE)
        while chunk := await upload.read(CHUNK):
            out.write(chunk)
    return path


async def upload(request: Request) -> Response:
    server = server_of(request)
    limit = server.config.max_upload
    async with request.form(max_files=1, max_fields=20, max_part_size=limit) as data:
        if not server.guard.csrf_ok(dict(request.headers), data.get("csrf")):
            raise HTTPException(403)
        schedule = data.get("schedule")
        if server.state.project is None:
            return problems_page(server, "day")
        if not isinstance(schedule, UploadFile) or not schedule.filename:
            message = "Choose the schedule file to upload."
            return page("day.html", status=422, problems=[message], **common(server, "day"))
        job = server.jobs.new()
        path = await save_upload(schedule, job.folder)
    job.task = asyncio.create_task(run(server, job, path))
    return RedirectResponse(f"/day/{job.id}", status_code=303)


async def run(server, job: Job, schedule: Path) -> None:
    def progress(done: int, total: int) -> None:
        job.done, job.total = done, total

    server.pool.listen(job.id, progress)
    folder = server.out_dir / APPOINTMENTS_FOLDER
    try:
        job.result = await server.pool.run(
            worker.run_day,
            server.state.generation,
            job.id,
            str(schedule),
            str(folder),
            priority=PACKET,
        )
    except HandoutsError as exc:
        job.result = {"problems": [exc.message]}
    except Exception as exc:  # the page says so; the log names only the type
        job.result = {"problems": [f"the day could not be made ({type(exc).__name__})"]}
    finally:
        server.pool.forget(job.id)
        schedule.unlink(missing_ok=True)
    if job.result.get("packets"):
        job.zip_path = await asyncio.to_thread(make_zip, job, folder)
        job.zip_state = "ready"
    job.finished = time.monotonic()


def zip_name(result: dict) -> str:
    dates = sorted({Path(p).name.split("-print-all")[0] for p, _ in result["print_files"]})
    stamp = dates[0] if len(dates) == 1 else f"{dates[0]}-to-{dates[-1]}" if dates else "day"
    return f"{stamp}-packets.zip"


def make_zip(job: Job, folder: Path) -> Path:
    """This run's packets and the manifest, stored (PDFs are already compressed)."""
    path = job.folder / zip_name(job.result)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for _row, _ident, _procedure, name, _pages in job.result["packets"]:
            archive.write(folder / name, name)
        if job.result.get("manifest"):
            archive.write(job.result["manifest"], "manifest.json")
    path.chmod(PRIVATE_FILE)
    return path


async def job_page(request: Request) -> Response:
    server = server_of(request)
    job = server.jobs.get(request.path_params["job"])
    return page("day_job.html", job=job, result=job.result, **common(server, "day"))


async def status(request: Request) -> Response:
    job = server_of(request).jobs.get(request.path_params["job"])
    return JSONResponse({"done": job.done, "total": job.total, "running": job.running})


async def print_file(request: Request) -> Response:
    job = server_of(request).jobs.get(request.path_params["job"])
    files = (job.result or {}).get("print_files") or []
    index = request.path_params["index"]
    if job.running or not 0 <= index < len(files) or not Path(files[index][0]).is_file():
        raise HTTPException(404)
    path = Path(files[index][0])
    return FileResponse(
        path, media_type="application/pdf", filename=path.name, content_disposition_type="inline"
    )


async def packets_zip(request: Request) -> Response:
    job = server_of(request).jobs.get(request.path_params["job"])
    if job.zip_state in ("downloaded", "downloading", "expired"):
        raise HTTPException(410, GONE)
    if job.zip_state != "ready" or job.zip_path is None:
        raise HTTPException(404)
    path = job.zip_path
    job.zip_state = "downloading"
    return FileResponse(
        path,
        media_type="application/zip",
        filename=path.name,
        background=BackgroundTask(remove_zip, job, "downloaded"),
    )
