"""`handouts batch`: a packet per appointment of a schedule, the day's print file, a manifest.

Packets are made by worker processes (WeasyPrint is single-threaded), each holding its own
fonts, stylesheets and finished procedure handouts for the whole run. Workers write their
packets themselves (atomically, mode 0600) and send back only page counts and hashes, so
the parent stays small however long the schedule is.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from concurrent.futures import as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path

from handouts.appointments.appointment import Appointment, resolve_handout
from handouts.appointments.imports.records import safe_id
from handouts.appointments.manifest import (
    MANIFEST_NAME,
    Manifest,
    claim_name,
    read_manifest,
    write_manifest,
)
from handouts.appointments.packets import (
    PRIVATE_FILE,
    batch_packet_stem,
    private_folder,
    write_private,
)
from handouts.appointments.print_file import join_packets
from handouts.appointments.schedule import (
    Cancellation,
    RowError,
    ScheduledAppointment,
    read_schedule,
)
from handouts.appointments.settings import load_appointment_settings
from handouts.appointments.timing import timing_warnings, today_for
from handouts.errors import HandoutsError, ProblemList
from handouts.locks import Run, folder_lock
from handouts.output import atomic_stream, remove_stale_temporaries
from handouts.pdf.print_options import PrintOptions
from handouts.project.loader import Project
from handouts.workers import default_jobs, worker_pool


@dataclass(frozen=True)
class PacketRecord:
    row: int
    appointment_id: str
    procedure: str
    content_version: str
    date: str
    sort_key: tuple
    file: str
    pages: int
    sha256: str
    start: str = ""
    language: str = "en"  # the language the packet printed in
    language_requested: str = ""  # the row's `language` ("" when it had none)


@dataclass
class BatchResult:
    packets: list[PacketRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)  # packets made, to be checked
    print_files: list[tuple[Path, int]] = field(default_factory=list)  # (path, pages)
    manifest: Path | None = None
    skipped: Counter = field(default_factory=Counter)  # visit type -> appointments skipped
    cancelled: list[Cancellation] = field(default_factory=list)
    # Cancelled appointments whose packet an earlier run made: (appointment id, file, status).
    cancelled_packets: list[tuple[str, str, str]] = field(default_factory=list)


# -- work done in each process ------------------------------------------------------------

_worker: dict = {}


def _start_worker(project: Project, options: PrintOptions) -> None:
    """Set up once per process (the project comes from the parent: no second load); the
    packet maker then caches procedure pages."""
    from handouts.appointments.packets import PacketMaker

    settings = load_appointment_settings(project.settings)
    _worker["project"] = project
    _worker["maker"] = PacketMaker(project, settings, options)


def _make_packet(row: int, task: PacketTask, folder: str):
    """Returns (row, PacketRecord) or (row, error message). Never raises for one bad row."""
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
        date=appointment.start.date().isoformat(),
        sort_key=(appointment.start.isoformat(), row),
        file=name,
        pages=packet.pages,
        sha256=packet.sha256,
        start=appointment.start.isoformat(timespec="minutes"),
        language=appointment.printed_language,
        language_requested=appointment.language,
    )


# -- the run ------------------------------------------------------------------------------


def run_batch(
    project: Project,
    schedule_path: Path,
    out_dir: Path,
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    options: PrintOptions | None = None,
    notify: Callable[[str], None] | None = None,
    strict: bool = False,
    today: dt.date | None = None,
) -> BatchResult:
    """Make every good row's packet; report bad rows. Raises HandoutsError (and writes
    nothing) when the schedule as a whole is unusable. A row dated in the past (or with a
    hold already under way) is a warning, and under `strict` an error: no packet. So is a row
    whose packet falls back to English, or uses a draft translation (appointments/languages.py).
    """
    settings = load_appointment_settings(project.settings)  # settings errors stop the run
    schedule = read_schedule(schedule_path, project)
    result = BatchResult(
        errors=list(schedule.errors), skipped=schedule.skipped, cancelled=schedule.cancelled
    )
    today = today_for(project.settings.print.timezone, today)
    good = _screen(project, schedule.appointments, settings, today, strict, result)
    if not good:
        result.errors.sort(key=lambda e: e.row)
        _cancellations_only(out_dir, result, notify)
        return result

    check_batch_references(project, settings, good)  # a bad template fails every row: stop
    folder = private_folder(out_dir)
    # One run at a time in a folder: a second waits, so no manifest entry or packet is lost.
    with folder_lock(folder, "batch", notify=notify) as run:
        manifest = read_manifest(folder / MANIFEST_NAME)  # a bad one stops the run before work
        remove_stale_temporaries(folder)
        rows = _named_rows(good, manifest, folder)
        jobs = min(jobs or default_jobs(), len(good))
        options = options or PrintOptions()
        for row, outcome in _run(project, rows, str(folder), jobs, progress, options):
            if isinstance(outcome, PacketRecord):
                result.packets.append(outcome)
            else:
                item = next(i for i in good if i.row == row)
                ident = safe_id(item.appointment.appointment_id)
                result.errors.append(RowError(row, ident, outcome, item.kind))
        result.errors.sort(key=lambda e: e.row)
        result.packets.sort(key=lambda p: p.sort_key)
        record_packets(manifest, result.packets, run)
        mark_cancelled(manifest, result)
        manifest.add_run(run)
        # The packets are recorded before the print files are joined: a full disk there
        # leaves every packet known to the manifest (and to `handouts clean`).
        write_manifest(folder / MANIFEST_NAME, manifest)
        write_print_files(folder, manifest, result, run)
        result.manifest = write_manifest(folder / MANIFEST_NAME, manifest)
    return result


def _screen(project, appointments, settings, today, strict, result) -> list[ScheduledAppointment]:
    """The rows that may get a packet; the others become row errors or warnings."""
    from handouts.appointments.languages import packet_language_problems

    good: list[ScheduledAppointment] = []
    for item in appointments:
        ident = safe_id(item.appointment.appointment_id)
        late = [
            RowError(item.row, ident, message, item.kind)
            for message in timing_warnings(item.appointment, today)
        ]
        if late and strict:
            result.errors.extend(late)
        elif item.appointment.sedation and settings.fasting is None:
            result.errors.append(
                RowError(
                    item.row,
                    ident,
                    "sedation is planned but handouts.yaml has no appointments.fasting rule",
                    item.kind,
                )
            )
        else:
            result.warnings.extend(late)
            language_warnings, errors = packet_language_problems(project, item.appointment, strict)
            result.warnings.extend(
                RowError(item.row, ident, w, item.kind) for w in language_warnings
            )
            if errors:
                result.errors.extend(RowError(item.row, ident, e, item.kind) for e in errors)
            else:
                good.append(item)
    return good


def _cancellations_only(out_dir: Path, result: BatchResult, notify) -> None:
    """No packet to make, but cancellations may concern packets an earlier run made."""
    if not result.cancelled or not (out_dir / MANIFEST_NAME).is_file():
        return
    with folder_lock(out_dir, "batch", notify=notify) as run:
        manifest = read_manifest(out_dir / MANIFEST_NAME)
        mark_cancelled(manifest, result)
        if result.cancelled_packets:
            manifest.add_run(run)
            result.manifest = write_manifest(out_dir / MANIFEST_NAME, manifest)


def mark_cancelled(manifest: Manifest, result: BatchResult) -> None:
    """A cancellation marks the earlier packet's entry (fields are only ever added); the
    packet stays, and the clinic decides whether to shred the printed copy."""
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    made_now = {p.appointment_id for p in result.packets}
    for cancellation in result.cancelled:
        ident = cancellation.appointment_id
        entry = manifest.appointments.get(ident)
        if not isinstance(entry, dict) or ident in made_now:
            continue
        if entry.get("status") != cancellation.status:
            entry.update(status=cancellation.status, status_changed=now)
        result.cancelled_packets.append((ident, str(entry.get("file", "")), cancellation.status))


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
        return replace(self.appointment, handout=resolve_handout(project, self.procedure_id))


def _named_rows(good, manifest: Manifest, folder: Path) -> dict[int, PacketTask]:
    """Each row's fields with the packet's file name, which never replaces another patient's
    packet: `A` + `facet-joint-injection` and `A-facet` + `joint-injection`, or `a-1` and
    `A-1` on a disk that ignores case, get different names."""
    taken: set[str] = set()
    rows = {}
    for item in good:
        appointment = item.appointment
        owner = (appointment.appointment_id, appointment.procedure_id)
        name = claim_name(batch_packet_stem(appointment), owner, manifest, folder, taken)
        rows[item.row] = PacketTask.of(appointment, name)
    return rows


def record_packets(manifest: Manifest, packets: list[PacketRecord], run: Run) -> None:
    for record in packets:
        manifest.appointments[record.appointment_id] = {
            "procedure": record.procedure,
            "content_version": record.content_version,
            "date": record.date,
            "start": record.start,
            "file": record.file,
            "pages": record.pages,
            "sha256": record.sha256,
            "run": run.run_id,
            "language": record.language,
            "language_requested": record.language_requested or "en",
        }
        manifest.files[record.file] = {
            "kind": "packet",
            "source": "batch",
            "appointment_id": record.appointment_id,
            "procedure": record.procedure,
            "date": record.date,
            "start": record.start,
            "run": run.run_id,
        }


def write_print_files(folder: Path, manifest: Manifest, result: BatchResult, run: Run) -> None:
    """For each day this run made packets for, the print file of every current batch packet
    of that day in the folder: an earlier run's packets are kept, a reprinted appointment
    appears once (its latest packet). The file and the manifest name the run that made it."""
    for date in sorted({record.date for record in result.packets}):
        names = [
            (entry.get("start", ""), name)
            for name, entry in manifest.files.items()
            if entry.get("kind") == "packet"
            and entry.get("source") == "batch"
            and entry.get("date") == date
            and manifest.appointments.get(entry.get("appointment_id"), {}).get("file") == name
            and (folder / name).is_file()
        ]
        packets = [name for _, name in sorted(names)]
        path = folder / f"{date}-print-all.pdf"
        with atomic_stream(path, PRIVATE_FILE) as out:
            pages = join_packets(
                out,
                [folder / name for name in packets],
                f"Appointment packets for {date}",
                run_id=run.run_id,
            )
        manifest.files[path.name] = {
            "kind": "print-file",
            "date": date,
            "packets": packets,
            "pages": pages,
            "run": run.run_id,
        }
        result.print_files.append((path, pages))


def check_batch_references(project, settings, good: list[ScheduledAppointment]) -> None:
    """Files the packets would read, checked once before any work (references.py): one
    appointment page and each handout the schedule needs. Raises ContentError."""
    check_packet_references(project, settings, [item.appointment for item in good])


def check_packet_references(project, settings, appointments) -> None:
    """The pre-render check for packets (`batch` and `handout --patient` alike): the first
    appointment's page and the handout of each. Raises ContentError."""
    from handouts.appointments.page import AppointmentPages
    from handouts.render.references import check_references

    documents = []
    for language in dict.fromkeys(a.printed_language for a in appointments):  # per language
        pages = AppointmentPages(project, settings, language)
        chosen = [a for a in appointments if a.printed_language == language]
        handouts = {a.handout.slug: a.handout for a in chosen}
        documents.append(pages.html(chosen[0]))
        documents += [pages.renderer.handout(h) for h in handouts.values()]
    problems = ProblemList()
    check_references(documents, project, problems)
    problems.raise_if_errors()


# Rows of one procedure go to one worker together, so each worker lays out only the handouts
# of the procedures it is given (about 0.4 s each) instead of every handout in the schedule.
CHUNK_ROWS = 25


def _make_packets(chunk: list[tuple[int, PacketTask]], folder: str):
    return [_make_packet(row, task, folder) for row, task in chunk]


def chunks_by_procedure(rows: dict[int, PacketTask]) -> list[list[tuple[int, PacketTask]]]:
    """Rows grouped by procedure, in pieces of at most CHUNK_ROWS, largest first."""
    groups: dict[str, list[tuple[int, PacketTask]]] = {}
    for row, task in rows.items():
        groups.setdefault(task.procedure_id, []).append((row, task))
    chunks = [
        group[start : start + CHUNK_ROWS]
        for group in groups.values()
        for start in range(0, len(group), CHUNK_ROWS)
    ]
    return sorted(chunks, key=len, reverse=True)


def _run(project, rows, folder, jobs, progress, options):
    done = 0
    if jobs <= 1:
        _start_worker(project, options)
        for row, task in rows.items():
            yield _make_packet(row, task, folder)
            done += 1
            if progress:
                progress(done, len(rows))
        return
    with worker_pool(jobs, _start_worker, project, options) as pool:
        futures = [pool.submit(_make_packets, chunk, folder) for chunk in chunks_by_procedure(rows)]
        for future in as_completed(futures):
            for outcome in future.result():
                yield outcome
                done += 1
            if progress:
                progress(done, len(rows))
