from __future__ import annotations

from pathlib import Path

import click

from handouts.cli._common import project_option, reports_errors
from handouts.wording import plural


@click.command(
    help="Remove personal outputs (appointment packets, day print files, manifest.json) "
    "older than an age, from the packets folder. Only files this tool wrote there (those "
    "manifest.json lists) are removed; any other file is left alone.",
    epilog="\b\nExamples:\n"
    "  handouts clean --older-than 7d          packets older than a week\n"
    "  handouts clean --older-than 0d          every packet\n"
    "  handouts clean --older-than 36h --dry-run --out /secure/share/packets\n"
    "Exit codes: 0 done; 1 a file could not be removed; 2 usage error.",
)
@click.option(
    "--older-than",
    "age",
    required=True,
    metavar="AGE",
    help="Age such as 7d, 36h or 2w (units s, m, h, d, w), by last change.",
)
@project_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The packets folder (as given to batch --out). Default: output/appointments/.",
)
@click.option("--dry-run", is_flag=True, help="List what would be removed; remove nothing.")
@reports_errors
def command(age, project_dir, out_dir, dry_run):
    from handouts.appointments.clean import clean, describe_age, parse_age
    from handouts.diagnostics import HandoutsError

    seconds = parse_age(age)
    folder = out_dir.resolve() if out_dir else default_folder(project_dir)
    result = clean(folder, seconds, dry_run=dry_run)
    verb = "Would remove" if dry_run else "Removed"
    if dry_run:
        for path in result.removed:
            click.echo(f"  {path.name}")  # appointment and procedure ids only, never names
    click.echo(
        f"{verb} {plural(len(result.removed), 'personal file')} "
        f"older than {describe_age(age)} from {folder}; kept {result.kept} newer."
    )
    if result.unknown:
        count = result.unknown
        click.echo(
            f"Left {count} other PDF{'s' if count != 1 else ''} alone: "
            "manifest.json does not list them, so this tool did not write them."
        )
    if result.manifest_unreadable:
        click.echo(
            f"warning: {folder / 'manifest.json'} is not a manifest this tool wrote; "
            "only leftover temporary files were removed",
            err=True,
        )
    if result.failed:
        for path, reason in result.failed:
            click.echo(f"error: cannot remove {path}: {reason}", err=True)
        raise HandoutsError(f"{len(result.failed)} file(s) could not be removed")


def default_folder(project_dir) -> Path:
    """output/appointments/ of the project, found without loading its content (which may be
    broken: cleaning must work anyway)."""
    from handouts.appointments.packets import APPOINTMENTS_FOLDER
    from handouts.project.settings import find_project

    return find_project(project_dir) / "output" / APPOINTMENTS_FOLDER
