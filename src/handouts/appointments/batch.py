"""`handouts batch`: a packet per appointment of a schedule, the day's print file, a manifest.

Packets are made by worker processes (WeasyPrint is single-threaded; batch_pool.py), which
share each handout made once for the batch (or by the last build) and write their packets
themselves (atomically, mode 0600), sending back only page counts and hashes, so the parent
stays small however long the schedule is. The parent joins the print file as packets arrive.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from handouts import __version__
from handouts.appointments.batch_pool import Pool, edition_of
from handouts.appointments.packets import PRIVATE_FILE, private_folder, write_private
from handouts.appointments.print_file import PrintFilesInOrder
from handouts.appointments.schedule import RowError, ScheduledAppointment, read_schedule
from handouts.appointments.settings import load_appointment_settings
from handouts.errors import HandoutsError, ProblemList
from handouts.output import remove_stale_temporaries
from handouts.pdf.print_options import PrintOptions
from handouts.project.loader import Project
from handouts.render.large_print import large_print_edition
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


@dataclass
class BatchResult:
    packets: list[PacketRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    print_files: list[tuple[Path, int]] = field(default_factory=list)  # (path, pages)
    manifest: Path | None = None


# -- the run ------------------------------------------------------------------------------


def run_batch(
    project: Project,
    schedule_path: Path,
    out_dir: Path,
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    options: PrintOptions | None = None,
    handouts_from: Path | None = None,
) -> BatchResult:
    """Make every good row's packet; report bad rows. Raises HandoutsError (and writes
    nothing) when the schedule as a whole is unusable. Handouts the last build made in
    `handouts_from` (its output folder) are appended as they are, when up to date."""
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
        else:
            good.append(item)
    if not good:
        result.errors.sort(key=lambda e: e.row)
        return result

    jobs = min(jobs or default_jobs(), len(good))
    options = options or PrintOptions()
    ordered = sorted(good, key=lambda i: (i.appointment.start, i.row))  # appointment order
    rows = [(item.row, _fields(item)) for item in ordered]
    ids = {item.row: item.appointment.appointment_id for item in good}
    with Pool(project, options, jobs) as pool:  # workers start while the parent checks
        check_batch_references(project, settings, good)  # a bad template fails every row: stop
        folder = private_folder(out_dir)
        previous = read_manifest(folder / MANIFEST_NAME)  # a bad one stops the run before work
        remove_stale_temporaries(folder)
        built = built_handouts(project, handouts_from, rows, options)
        print_files = PrintFilesInOrder(folder, [(r, f["date"]) for r, f in rows], PRIVATE_FILE)
        with tempfile.TemporaryDirectory(prefix="handouts-batch-") as shared:
            made = pool.run(rows, str(folder), shared, built)
            for done, (row, outcome) in enumerate(made, 1):
                if isinstance(outcome, PacketRecord):
                    result.packets.append(outcome)
                    print_files.add(row, outcome.file)
                else:
                    result.errors.append(RowError(row, ids[row], outcome))
                    print_files.add(row, None)
                if progress:
                    progress(done, len(rows))
    result.errors.sort(key=lambda e: e.row)
    result.packets.sort(key=lambda p: p.sort_key)
    result.print_files = print_files.written
    result.manifest = write_manifest(folder / MANIFEST_NAME, previous, result)
    return result


def built_handouts(project, handouts_from: Path | None, rows, options) -> dict:
    """Handout editions the schedule needs that the last build made, up to date, in
    `handouts_from` (the build's output folder): (id, large print) -> file."""
    if handouts_from is None:
        return {}
    from handouts.appointments.appointment import resolve_handout
    from handouts.incremental.plan import built_outputs
    from handouts.render.document import Renderer

    renderer = Renderer(project)
    docs = {}
    for slug, large in dict.fromkeys(edition_of(fields) for _, fields in rows):
        doc = renderer.handout(resolve_handout(project, slug))
        docs[(slug, large)] = large_print_edition(project, doc) if large else doc
    found = built_outputs(project, handouts_from, list(docs.values()), options)
    return {key: str(found[doc.name]) for key, doc in docs.items() if doc.name in found}


def check_batch_references(project, settings, good: list[ScheduledAppointment]) -> None:
    """Files the packets would read, checked once before any work (references.py): one
    appointment page and each handout the schedule needs. Raises ContentError."""
    from handouts.appointments.page import AppointmentPages
    from handouts.render.references import check_references

    pages = AppointmentPages(project, settings)
    handouts = {i.appointment.handout.slug: i.appointment.handout for i in good}
    documents = [pages.html(good[0].appointment)]
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
    }


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
        }
    manifest = {"generator": f"handouts {__version__}", "appointments": entries}
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    write_private(path, text.encode("utf-8"))
    return path
