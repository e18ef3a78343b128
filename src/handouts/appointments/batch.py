"""`handouts batch`: a packet per appointment of a schedule, the day's print file, a manifest.

Packets are made by worker processes (WeasyPrint is single-threaded; batch_pool.py), which
share each handout made once for the batch (or by the last build) and write their packets
themselves (atomically, mode 0600), sending back only page counts and hashes, so the parent
stays small however long the schedule is.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from handouts.appointments.batch_pool import PacketTask, Pool
from handouts.appointments.imports.records import safe_id
from handouts.appointments.kept_handouts import KeptHandouts
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
from handouts.diagnostics import ProblemList
from handouts.locks import Run, folder_lock
from handouts.output import atomic_stream, remove_stale_temporaries
from handouts.pdf.print_options import PrintOptions
from handouts.project.loader import Project
from handouts.workers import default_jobs


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
    layout_warning: str = ""  # its handout is over its page limit (printed at natural length)
    content_sha256: str = ""  # fingerprint of the procedure file the packet printed


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
    handouts_from: Path | None = None,
) -> BatchResult:
    """Make every good row's packet; report bad rows. Raises HandoutsError (and writes
    nothing) when the schedule as a whole is unusable. A row dated in the past (or with a
    hold already under way) is a warning, and under `strict` an error: no packet. So is a row
    whose packet falls back to English, or uses a draft translation (appointments/languages.py);
    under `strict`, a row whose content is a draft is refused (appointments/drafts.py).
    Handouts the last build made in `handouts_from` (its output folder) are appended as they
    are, when up to date."""
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

    jobs = min(jobs or default_jobs(), len(good))
    options = options or PrintOptions()
    items = {item.row: item for item in good}
    order = {item.row: (item.appointment.start, item.row) for item in good}
    with Pool(project, options, jobs, strict) as pool:  # workers start while the parent checks
        check_batch_references(project, settings, good)  # a bad template fails every row: stop
        folder = private_folder(out_dir)
        # One run at a time in a folder: a second waits, so no manifest entry or packet is lost.
        with folder_lock(folder, "batch", notify=notify) as run:
            manifest = read_manifest(folder / MANIFEST_NAME)  # a bad one stops before work
            remove_stale_temporaries(folder)
            rows = _named_rows(good, manifest, folder)
            kept = KeptHandouts(project, options)
            built = kept.find(handouts_from, rows)
            with tempfile.TemporaryDirectory(prefix="handouts-batch-") as shared:
                in_order = sorted(rows.items(), key=lambda row: order[row[0]])
                made = pool.run(in_order, str(folder), shared, built)
                for done, (row, outcome) in enumerate(made, 1):
                    item = items[row]
                    ident = safe_id(item.appointment.appointment_id)
                    if isinstance(outcome, PacketRecord):
                        result.packets.append(outcome)
                        if outcome.layout_warning:
                            warning = RowError(row, ident, outcome.layout_warning, item.kind)
                            result.warnings.append(warning)
                    else:
                        result.errors.append(RowError(row, ident, outcome, item.kind))
                    if progress:
                        progress(done, len(rows))
                pool.close()
                kept.keep(pool.made_handouts)  # before `shared` goes
            finish_run(folder, manifest, result, run)
    return result


def finish_run(folder: Path, manifest: Manifest, result: BatchResult, run: Run) -> None:
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


def _screen(project, appointments, settings, today, strict, result) -> list[ScheduledAppointment]:
    """The rows that may get a packet; the others become row errors or warnings."""
    from handouts.appointments.drafts import draft_content_errors
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
            errors = draft_content_errors(project, item.appointment, strict) + errors
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
            "content_sha256": record.content_sha256,
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
