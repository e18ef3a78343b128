"""`handouts batch FILE --dry-run`: how each row of a schedule maps, writing nothing."""

from __future__ import annotations

from pathlib import Path

import click

from handouts.appointments.schedule import read_schedule
from handouts.project.loader import Project

FORMAT_NAMES = {"csv": "CSV", "xlsx": "Excel workbook", "hl7": "HL7 v2", "fhir": "FHIR Bundle"}


def show_plan(project: Project, path: Path) -> int:
    """Print one line per record (no names, no personal values); returns the exit code."""
    schedule = read_schedule(path, project)
    click.echo(f"{path.name}: {FORMAT_NAMES.get(schedule.format, schedule.format)}")
    for line in schedule.plan:
        when = line.start.strftime("%Y-%m-%d %H:%M") if line.start else ""
        ident = line.appointment_id or "-"
        visit = line.visit_type or "-"
        outcome = line.outcome
        if line.start:
            outcome = f"{outcome}  {when}" + (
                f"  language {line.language}" if line.language else ""
            )
        click.echo(f"  {line.label:<12} {ident:<14} {visit} -> {outcome}")
    made, skipped = len(schedule.appointments), sum(schedule.skipped.values())
    click.echo(
        f"Dry run: {made} packet{'s' if made != 1 else ''} would be made, {skipped} skipped, "
        f"{len(schedule.cancelled)} cancelled, {len(schedule.errors)} with errors. "
        "Nothing was written.",
        err=bool(schedule.errors),
    )
    return 1 if schedule.errors else 0
