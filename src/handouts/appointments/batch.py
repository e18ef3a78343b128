"""`handouts batch`: a packet per appointment of a schedule, the day's print file, a manifest.

Packets are made by worker processes (WeasyPrint is single-threaded), each holding its own
fonts, stylesheets and finished procedure handouts for the whole run. Workers write their
packets themselves (atomically, mode 0600) and send back only page counts and hashes, so
the parent stays small however long the schedule is.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from handouts import __version__
from handouts.appointments.appointment import make_appointment
from handouts.appointments.packets import (
    PRIVATE_FILE,
    batch_packet_name,
    private_folder,
    write_private,
)
from handouts.appointments.print_file import join_packets
from handouts.appointments.schedule import RowError, ScheduledAppointment, read_schedule
from handouts.appointments.settings import load_appointment_settings
from handouts.errors import HandoutsError, ProblemList
from handouts.output import atomic_stream, remove_stale_temporaries
from handouts.pdf.print_options import PrintOptions
from handouts.project.loader import Project
from handouts.workers import default_jobs

MANIFEST_NAME = "manifest.json"


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
    language: str = "en"  # the language the packet printed in
    language_requested: str = ""  # the row's `language` ("" when it had none)


@dataclass
class BatchResult:
    packets: list[PacketRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)  # packets made, but look
    print_files: list[tuple[Path, int]] = field(default_factory=list)  # (path, pages)
    manifest: Path | None = None


# -- work done in each process ------------------------------------------------------------

_worker: dict = {}


def _start_worker(project: Project, options: PrintOptions) -> None:
    """Set up once per process (the project comes from the parent: no second load); the
    packet maker then caches procedure pages."""
    from handouts.appointments.packets import PacketMaker

    settings = load_appointment_settings(project.settings)
    _worker["project"] = project
    _worker["maker"] = PacketMaker(project, settings, options)


def _make_packet(row: int, fields: dict[str, str], folder: str):
    """Returns (row, PacketRecord) or (row, error message). Never raises for one bad row."""
    try:
        project = _worker["project"]
        appointment = make_appointment(project, fields)
        packet = _worker["maker"].make(appointment)
        name = batch_packet_name(appointment)
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
        language=appointment.language,
        language_requested=appointment.language_requested,
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
    strict: bool = False,
) -> BatchResult:
    """Make every good row's packet; report bad rows. Raises HandoutsError (and writes
    nothing) when the schedule as a whole is unusable. With `strict`, a row whose packet
    would fall back to English or use a draft translation is a failed row."""
    from handouts.appointments.languages import packet_language_problems

    settings = load_appointment_settings(project.settings)  # settings errors stop the run
    schedule = read_schedule(schedule_path, project)
    result = BatchResult(errors=list(schedule.errors))
    good: list[ScheduledAppointment] = []
    for item in schedule.appointments:
        if item.appointment.sedation and settings.fasting is None:
            result.errors.append(
                RowError(
                    item.row,
                    item.appointment.appointment_id,
                    "sedation is planned but handouts.yaml has no appointments.fasting rule",
                )
            )
            continue
        warnings, errors = packet_language_problems(project, item.appointment, strict)
        ident = item.appointment.appointment_id
        result.warnings.extend(RowError(item.row, ident, w) for w in warnings)
        if errors:
            result.errors.extend(RowError(item.row, ident, e) for e in errors)
        else:
            good.append(item)
    if not good:
        result.errors.sort(key=lambda e: e.row)
        return result

    check_batch_references(project, settings, good)  # a bad template fails every row: stop
    folder = private_folder(out_dir)
    previous = read_manifest(folder / MANIFEST_NAME)  # a bad one stops the run before work
    remove_stale_temporaries(folder)
    rows = {item.row: _fields(item) for item in good}
    jobs = min(jobs or default_jobs(), len(good))
    options = options or PrintOptions()
    for row, outcome in _run(project, rows, str(folder), jobs, progress, options):
        if isinstance(outcome, PacketRecord):
            result.packets.append(outcome)
        else:
            ident = next(i.appointment.appointment_id for i in good if i.row == row)
            result.errors.append(RowError(row, ident, outcome))
    result.errors.sort(key=lambda e: e.row)
    result.warnings.sort(key=lambda e: e.row)
    result.packets.sort(key=lambda p: p.sort_key)

    for date, records in groupby(result.packets, key=lambda p: p.date):
        path = folder / f"{date}-print-all.pdf"
        with atomic_stream(path, PRIVATE_FILE) as out:
            pages = join_packets(
                out, [folder / r.file for r in records], f"Appointment packets for {date}"
            )
        result.print_files.append((path, pages))
    result.manifest = write_manifest(folder / MANIFEST_NAME, previous, result)
    return result


def check_batch_references(project, settings, good: list[ScheduledAppointment]) -> None:
    """Files the packets would read, checked once before any work (references.py): one
    appointment page and each handout the schedule needs. Raises ContentError."""
    from handouts.appointments.page import AppointmentPages
    from handouts.render.references import check_references

    documents = []
    for language in dict.fromkeys(i.appointment.language for i in good):
        pages = AppointmentPages(project, settings, language)
        rows = [i for i in good if i.appointment.language == language]
        handouts = {i.appointment.handout.slug: i.appointment.handout for i in rows}
        documents.append(pages.html(rows[0].appointment))
        documents += [pages.renderer.handout(h) for h in handouts.values()]
    problems = ProblemList()
    check_references(documents, project, problems)
    problems.raise_if_errors()


def _fields(item: ScheduledAppointment) -> dict[str, str]:
    """The row again as text fields, for the worker to rebuild (cheaply picklable)."""
    a = item.appointment
    return {
        "appointment_id": a.appointment_id,
        "patient_name": a.patient_name,
        "procedure": a.procedure_id,
        "date": a.start.date().isoformat(),
        "time": a.start.strftime("%H:%M"),
        "physician": a.physician,
        "location": a.location,
        "note": a.note,
        "sedation": "yes" if a.sedation else "no",
        "holds": "; ".join(f"{h.drug}:{h.days}" for h in a.holds),
        "arrive_minutes": str(a.arrive_minutes),
        "large_print": "yes" if a.large_print else "no",
        "language": a.language_requested,
    }


# Rows of one procedure go to one worker together, so each worker lays out only the handouts
# of the procedures it is given (about 0.4 s each) instead of every handout in the schedule.
CHUNK_ROWS = 25


def _make_packets(chunk: list[tuple[int, dict]], folder: str):
    return [_make_packet(row, fields, folder) for row, fields in chunk]


def chunks_by_procedure(rows: dict[int, dict]) -> list[list[tuple[int, dict]]]:
    """Rows grouped by procedure, in pieces of at most CHUNK_ROWS, largest first."""
    groups: dict[str, list[tuple[int, dict]]] = {}
    for row, fields in rows.items():
        groups.setdefault(fields["procedure"], []).append((row, fields))
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
        for row, fields in rows.items():
            yield _make_packet(row, fields, folder)
            done += 1
            if progress:
                progress(done, len(rows))
        return
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_start_worker, initargs=(project, options)
    ) as pool:
        futures = [pool.submit(_make_packets, chunk, folder) for chunk in chunks_by_procedure(rows)]
        for future in as_completed(futures):
            for outcome in future.result():
                yield outcome
                done += 1
            if progress:
                progress(done, len(rows))


def read_manifest(path: Path) -> dict:
    """Entries of an earlier run's manifest in the same folder (kept, and updated by id)."""
    if not path.is_file():
        return {}
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["appointments"]
        if not isinstance(entries, dict):
            raise ValueError("no appointments mapping")
        return entries
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise HandoutsError(
            f"{path} exists but is not a manifest this tool wrote ({exc}); "
            "move it away or use another --out folder"
        ) from None


def write_manifest(path: Path, previous: dict, result: BatchResult) -> Path:
    """Record per appointment id what education was given, for the clinic's records."""
    entries = dict(previous)
    for record in result.packets:
        entries[record.appointment_id] = {
            "procedure": record.procedure,
            "content_version": record.content_version,
            "date": record.date,
            "file": record.file,
            "pages": record.pages,
            "sha256": record.sha256,
            "language": record.language,
            "language_requested": record.language_requested or "en",
        }
    manifest = {"generator": f"handouts {__version__}", "appointments": entries}
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    write_private(path, text.encode("utf-8"))
    return path
