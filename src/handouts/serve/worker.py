"""What runs inside the render processes: documents, page images, packets, a day's batch.

Each process keeps the project and its warm PDF and packet makers, and loads the project
again when the parent says it changed (a new `generation`). Results cross back to the parent
as plain data; errors as their messages, which never hold a patient's name.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from handouts.diagnostics import ContentError, HandoutsError
from handouts.pdf.print_options import PrintOptions

_state: dict = {}


def start(root: str, options: PrintOptions, progress_queue) -> None:
    """Process initializer: end with the server, however it ends; import WeasyPrint now so
    the first request does not pay for it."""
    from handouts.workers import die_with_parent

    die_with_parent()
    import handouts.pdf.writer  # noqa: F401

    _state.update(root=Path(root), options=options, queue=progress_queue, generation=None)


def _project(generation: int):
    if _state["generation"] != generation:
        from handouts.appointments.packets import PacketMaker
        from handouts.appointments.settings import load_appointment_settings
        from handouts.pdf.writer import PdfMaker
        from handouts.project.loader import load_project

        _state["generation"] = None
        project = load_project(_state["root"])
        options = _state["options"]
        _state["project"] = project
        _state["pdf"] = PdfMaker(project, paper=options.paper, archive=options.archive)
        _state["packets"] = PacketMaker(
            project, load_appointment_settings(project.settings), options
        )
        _state["generation"] = generation
    return _state["project"]


def problem_lines(exc: HandoutsError) -> list[str]:
    if isinstance(exc, ContentError):
        return [str(problem) for problem in exc.problems]
    return [exc.message]


# -- documents ----------------------------------------------------------------------------


def render_document(generation: int, name: str, large_print: bool, scale: float, pages: int):
    """A handout (by its id) or the booklet as PDF bytes and PNGs of its first `pages` pages
    (0: all). Returns {"pdf", "images", "page_count"} or {"problems": [...]}."""
    from handouts.build import check_characters, make_edition, select_documents
    from handouts.diagnostics import ProblemList
    from handouts.render.large_print import large_print_edition
    from handouts.render.references import check_references

    try:
        project = _project(generation)
        if name == "clinician-booklet":
            doc = select_documents(project, [], include_booklet=True)[0]
        else:
            doc = select_documents(project, [name], include_booklet=False)[0]
        if large_print:
            doc = large_print_edition(project, doc)
        problems = ProblemList()
        check_characters([doc], problems)
        check_references([doc], project, problems)
        problems.raise_if_errors()
        outcome = make_edition(_state["pdf"], doc, Path(doc.name + ".pdf"), _state["options"])
        if outcome.problem:
            return {"problems": [f"{doc.name}: {outcome.problem}"]}
        data = outcome.files[0][1]
    except HandoutsError as exc:
        return {"problems": problem_lines(exc)}
    images, count = page_images(data, scale, pages)
    return {"pdf": data, "images": images, "page_count": count}


def page_images(pdf: bytes, scale: float, pages: int = 0) -> tuple[list[bytes], int]:
    """PNGs of the first `pages` pages (0: every page), drawn by PDFium."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        count = len(document)
        images = []
        for index in range(count if pages == 0 else min(pages, count)):
            bitmap = document[index].render(scale=scale)
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, "PNG", compress_level=1)
            images.append(buffer.getvalue())
        return images, count
    finally:
        document.close()


# -- packets ------------------------------------------------------------------------------


def make_packet(generation: int, fields: dict[str, str], out_dir: str | None, late_ok: bool):
    """One packet, written where and as the CLI writes it. Returns {"path", "pages", "name",
    "layout_warning"}, {"fields": [(field, message)]}, {"warnings": [...]} (a date in the
    past or a hold under way, unless `late_ok`) or {"problems": [...]}."""
    from handouts.appointments.appointment import AppointmentError, make_appointment
    from handouts.appointments.languages import packet_language_problems
    from handouts.appointments.single import field_messages, late_warnings, write_single_packet

    try:
        project = _project(generation)
        appointment = make_appointment(project, fields)
        # An English packet for a patient who asked for another language is a warning the
        # CLI prints; here staff see it and confirm, as for a date in the past.
        fallback, _ = packet_language_problems(project, appointment, strict=False)
        warnings = late_warnings(project, appointment) + fallback
        if warnings and not late_ok:
            return {"warnings": warnings}
        written = write_single_packet(
            project,
            appointment,
            out_dir=Path(out_dir) if out_dir else None,
            maker=_state["packets"],
        )
    except AppointmentError as exc:
        return {"fields": field_messages(exc.messages)}
    except HandoutsError as exc:
        return {"problems": problem_lines(exc)}
    layout_warning = written.packet.layout_warning  # names the handout only, never the patient
    if layout_warning:
        print(f"warning: {layout_warning}", file=sys.stderr, flush=True)
    return {
        "path": str(written.path),
        "pages": written.packet.pages,
        "name": written.path.name,
        "layout_warning": layout_warning,
    }


def run_day(generation: int, job: str, schedule: str, folder: str):
    """`handouts batch` for an uploaded schedule, reporting progress through the queue."""
    from handouts.appointments.batch import run_batch
    from handouts.appointments.batch_summary import summary_lines

    queue = _state["queue"]

    def progress(done: int, total: int) -> None:
        queue.put((job, done, total))

    try:
        project = _project(generation)
        result = run_batch(
            project,
            Path(schedule),
            Path(folder),
            jobs=1,
            progress=progress,
            options=_state["options"],
        )
    except HandoutsError as exc:
        return {"problems": problem_lines(exc)}
    return {
        "errors": [(e.row, e.appointment_id, e.message) for e in result.errors],
        "warnings": [(e.row, e.appointment_id, e.message) for e in result.warnings],
        "packets": [
            (r.row, r.appointment_id, r.procedure, r.file, r.pages) for r in result.packets
        ],
        "print_files": [(str(path), pages) for path, pages in result.print_files],
        "manifest": str(result.manifest) if result.manifest else None,
        "summary": summary_lines(result),
    }
