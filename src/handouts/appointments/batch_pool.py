"""How `batch` spreads packets over worker processes, and keeps the parent busy meanwhile.

- Each handout edition the schedule needs is made once per batch, not once per worker: a
  handout the last `build` made (same key, incremental/) is read from the output folder, the
  others are laid out once each by the workers and shared through files in a temporary folder.
- Rows go to the workers in small chunks of consecutive appointments, in appointment order
  (rows of one procedure no longer need to share a worker).
- The workers start (importing WeasyPrint, loading fonts: about a second) while the parent
  is still checking the schedule's references.
"""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, replace
from pathlib import Path

from handouts.appointments.appointment import Appointment, resolve_handout
from handouts.diagnostics import HandoutsError
from handouts.pdf.print_options import PrintOptions
from handouts.project.loader import Project
from handouts.render.large_print import LARGE_PRINT_SUFFIX
from handouts.workers import worker_pool

CHUNK_ROWS = 8  # small enough to keep packets nearly in order, large enough to batch IPC

_worker: dict = {}


@dataclass(frozen=True)
class PacketTask:
    """One row's work for a worker: the validated appointment, typed as it is but with its
    handout named by id (the worker has the project; pickling the handout would send its
    whole procedure), and the packet's file name."""

    procedure_id: str
    appointment: Appointment  # with handout=None
    file: str

    @classmethod
    def of(cls, appointment: Appointment, file: str) -> PacketTask:
        return cls(appointment.procedure_id, replace(appointment, handout=None), file)

    def appointment_in(self, project: Project) -> Appointment:
        """The appointment with its handout in the language it prints in (the translation
        the parent chose: a Spanish row's packet is Spanish after its appointment page too)."""
        handout = handout_in(project, self.appointment.printed_language, self.procedure_id)
        return replace(self.appointment, handout=handout)


def handout_in(project: Project, language: str, slug: str):
    """The handout `slug` as a packet in `language` prints it (English when untranslated)."""
    from handouts.appointments.languages import localise

    return localise(project, resolve_handout(project, slug), language)[0]


def start_worker(project: Project, options: PrintOptions, strict: bool = False) -> None:
    """Set up once per process (the project comes from the parent: no second load)."""
    from handouts.appointments.packets import PacketMaker
    from handouts.appointments.settings import load_appointment_settings

    _worker["project"] = project
    settings = load_appointment_settings(project.settings)
    _worker["maker"] = PacketMaker(project, settings, options, strict=strict)


def warm_up() -> None:
    """Nothing: submitting it makes the pool start a worker now."""


def make_shared_handout(edition: tuple[str, str, bool], folder: str):
    """Lay out one handout edition, (language, slug, large print), for the whole batch:
    (edition, its file or None if it failed (the rows that need it then report why, one by
    one), its page-limit warning or "")."""
    maker = _worker["maker"]
    language, slug, large_print = edition
    try:
        data = maker.handout_pdf(handout_in(_worker["project"], language, slug), large_print)
        maker.prepare(edition, data)
    except (HandoutsError, ValueError):
        return edition, None, ""
    path = shared_path(folder, edition)
    path.write_bytes(data)
    return edition, str(path), maker.layout_warnings.get(edition, "")


def shared_path(folder: str, edition: tuple[str, str, bool]) -> Path:
    language, slug, large_print = edition
    return Path(folder) / f"{language}-{slug}{LARGE_PRINT_SUFFIX if large_print else ''}.pdf"


def make_packets(chunk: list[tuple[int, PacketTask]], folder: str, shared: dict, warnings: dict):
    _worker["maker"].shared_files.update(shared)
    _worker["maker"].layout_warnings.update(warnings)  # from the worker that laid it out
    return [make_packet(row, task, folder) for row, task in chunk]


def make_packet(row: int, task: PacketTask, folder: str):
    """(row, PacketRecord) or (row, error message). Never raises for one bad row."""
    from handouts.appointments.batch import PacketRecord
    from handouts.appointments.packets import write_private

    try:
        appointment = task.appointment_in(_worker["project"])
        packet = _worker["maker"].make(appointment)
        name = task.file  # given by the parent, which knows every name in use
        write_private(Path(folder) / name, packet.data)
    except HandoutsError as exc:
        return row, exc.message
    except Exception as exc:  # one bad row must not stop the day; no text: it may hold a name
        return row, f"could not make the packet ({type(exc).__name__})"
    procedure = appointment.handout.procedure
    return row, PacketRecord(
        row=row,
        appointment_id=appointment.appointment_id,
        procedure=appointment.procedure_id,
        content_version=procedure.review.version,
        content_sha256=procedure.content_sha256,
        date=appointment.start.date().isoformat(),
        sort_key=(appointment.start.isoformat(), row),
        file=name,
        pages=packet.pages,
        sha256=packet.sha256,
        layout_warning=packet.layout_warning,
        start=appointment.start.isoformat(timespec="minutes"),
        language=appointment.printed_language,
        language_requested=appointment.language,
    )


def edition_of(task: PacketTask) -> tuple[str, str, bool]:
    """The handout edition a row's packet appends: (language, slug, large print)."""
    return task.appointment.printed_language, task.procedure_id, task.appointment.large_print


class Pool:
    """Worker processes for one batch, started on entry (see the module docstring)."""

    def __init__(self, project: Project, options: PrintOptions, jobs: int, strict: bool = False):
        self.project, self.options, self.jobs, self.strict = project, options, jobs, strict
        self.executor = None
        # Handouts laid out for this batch that fit their limit: edition -> file.
        self.made_handouts: dict[tuple[str, str, bool], str] = {}

    def __enter__(self):
        if self.jobs > 1:
            self.executor = worker_pool(
                self.jobs, start_worker, self.project, self.options, self.strict
            )
            for _ in range(self.jobs):
                self.executor.submit(warm_up)
        else:
            start_worker(self.project, self.options, self.strict)
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        """Stop the workers (the print files are joined after them, so the two never hold
        memory at once: peak memory stays flat in the number of packets)."""
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    def run(self, rows: list[tuple[int, PacketTask]], folder: str, shared_dir: str, built: dict):
        """Yields (row, PacketRecord or message) as packets are made.

        `rows` are in appointment order; `built` maps editions to handout files a build made."""
        if self.executor is None:
            maker = _worker["maker"]
            maker.shared_files.update(built)
            for row, task in rows:
                yield make_packet(row, task, folder)
            for edition, data in maker.made_pdfs.items():
                path = shared_path(shared_dir, edition)
                path.write_bytes(data)
                self.made_handouts[edition] = str(path)
            return
        yield from self._run_in_workers(rows, folder, shared_dir, dict(built))

    def _run_in_workers(self, rows, folder, shared_dir, shared):
        pool = self.executor
        needed = list(dict.fromkeys(edition_of(f) for _, f in rows))
        warnings: dict = {}
        making = {
            pool.submit(make_shared_handout, edition, shared_dir)
            for edition in needed
            if edition not in shared
        }
        chunks = [rows[i : i + CHUNK_ROWS] for i in range(0, len(rows), CHUNK_ROWS)]
        waiting = list(chunks)
        running: set = set()
        while waiting or running or making:
            ready = [c for c in waiting if all(edition_of(f) in shared for _, f in c)]
            if not making:
                ready = list(waiting)  # a handout that failed: its rows report it themselves
            for chunk in ready:
                waiting.remove(chunk)
                running.add(pool.submit(make_packets, chunk, folder, shared, warnings))
            done, _ = wait(making | running, return_when=FIRST_COMPLETED)
            for future in done:
                if future in making:
                    making.discard(future)
                    key, path, warning = future.result()
                    shared[key] = path
                    if warning:
                        warnings[key] = warning
                    elif path:
                        self.made_handouts[key] = path
                else:
                    running.discard(future)
                    yield from future.result()
