from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

import click

from handouts.cli._common import (
    jobs_option,
    project_option,
    quiet_option,
    reports_errors,
    strict_option,
)
from handouts.cli._print_options import archive_option, paper_option
from handouts.wording import plural


@click.command(
    help="Build a personalised packet for every appointment in a schedule (CSV, Excel .xlsx, "
    "HL7 v2 SIU messages or a FHIR R4 Bundle), the day's print file (each packet on fresh "
    "sheets when printed double-sided) and manifest.json.",
    epilog="\b\nWithout a schedule section in handouts.yaml, a CSV needs the columns\n"
    "appointment_id, patient_name, procedure, date (YYYY-MM-DD) and time (HH:MM);\n"
    "optional: physician, location, sedation (yes/no), holds (DRUG:DAYS[:RESTART], such as\n"
    "apixaban:3:1; clopidogrel:7), arrive_minutes, note, large_print (yes/no), language\n"
    "(es, es-US, en: the packet's language; English with a warning when the procedure\n"
    "has no translation in it, with --strict an error). The schedule section maps an\n"
    "export's own columns, date and time formats and visit types (docs/appointments.md).\n"
    "Visit types mapped to skip are counted, not errors; cancelled appointments get no\n"
    "packet. Exit code 1 if any row failed (the others are built).\n"
    "A date in the past, or a medication hold whose last dose day has gone by, is a\n"
    "warning (with --strict an error: that row gets no packet).\n"
    "Example: handouts batch tomorrow.csv --dry-run",
)
@click.argument("schedule", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@project_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder. Default: output/appointments/ in the project.",
)
@jobs_option
@archive_option
@paper_option
@strict_option
@quiet_option
@click.option(
    "--dry-run",
    is_flag=True,
    help="Show how each row maps (appointment id, visit type, procedure, date and time; "
    "never a name) and write nothing.",
)
@reports_errors
def command(schedule, project_dir, out_dir, jobs, archive, paper, strict, quiet, dry_run):
    from handouts.appointments.batch import run_batch
    from handouts.appointments.packets import APPOINTMENTS_FOLDER
    from handouts.cli._common import load, resolve_out
    from handouts.pdf.print_options import PrintOptions

    started = time.monotonic()
    project = load(project_dir)
    if dry_run:
        from handouts.cli._dry_run import show_plan

        sys.exit(show_plan(project, schedule))
    folder = out_dir.resolve() if out_dir else resolve_out(project, None) / APPOINTMENTS_FOLDER

    with progress_bar(enabled=sys.stderr.isatty() and not quiet) as progress:
        result = run_batch(
            project,
            schedule,
            folder,
            jobs=jobs,
            progress=progress,
            options=PrintOptions(archive=archive, paper=paper),
            notify=lambda message: click.echo(f"note: {message}", err=True),
            strict=strict,
            handouts_from=resolve_out(project, None),  # handouts the last build made
        )
    report(result, schedule, folder, started, quiet)
    if result.errors:
        sys.exit(1)


@contextlib.contextmanager
def progress_bar(enabled: bool):
    """Yields progress(done, total): a bar on a terminal, nothing in logs or pipes."""
    state = {}

    def progress(done: int, total: int) -> None:
        if "bar" not in state:
            state["bar"] = click.progressbar(length=total, label="Packets", file=sys.stderr)
            state["bar"].render_progress()
        state["bar"].update(done - state["bar"].pos)

    try:
        yield progress if enabled else None
    finally:
        if "bar" in state:
            state["bar"].render_finish()


def report(result, schedule, folder, started, quiet):
    from handouts.appointments.batch_summary import summary_lines
    from handouts.diagnostics import terminal_safe

    # Appointment and procedure ids only: names, notes and other columns never appear here.
    for error in result.errors:
        click.echo(terminal_safe(f"error: {schedule.name} {error}"), err=True)
    for warning in result.warnings:
        click.echo(terminal_safe(f"warning: {schedule.name} {warning}"), err=True)
    if not quiet:
        for record in result.packets:
            click.echo(f"  {record.file}  {record.pages} pages")
        for path, pages in result.print_files:
            click.echo(f"  {path.name}  {pages} pages (print file)")
    for line in summary_lines(result):
        click.echo(line, err=bool(result.errors) and quiet)
    made = len(result.packets)
    failed = len(result.errors)
    summary = f"Wrote {plural(made, 'packet')} to {folder}"
    summary += f" in {time.monotonic() - started:.1f} s"
    if failed:
        summary += f"; {plural(failed, 'row')} failed (no packet written)"
    click.echo(summary + ".", err=bool(failed) and quiet)
