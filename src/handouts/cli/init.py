from __future__ import annotations

import shlex
from pathlib import Path

import click

from handouts.cli._common import reports_errors


@click.command(
    help="Create a clinic project in DIR: handouts.yaml with every setting explained, a "
    "_brand.yml for the look, and templates/ and content/ folders for the clinic's overrides. "
    "The project uses the built-in procedures until the clinic adds or overrides one.",
    epilog="Example: handouts init harbor-pain --clinic-name 'Harbor Pain Clinic'",
)
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--clinic-name", default="Your Clinic", show_default=True, help="The clinic's name.")
@click.option(
    "--copy-content",
    is_flag=True,
    help="Also copy the built-in procedures, booklet and glossary into content/ to edit them all.",
)
@reports_errors
def command(folder, clinic_name, copy_content):
    from handouts.project.scaffold import create_project

    written = create_project(folder, clinic_name.strip() or "Your Clinic", copy_content)
    click.echo(f"Created a handouts project in {folder} ({len(written)} files):")
    for rel, what in (
        ("handouts.yaml", "contact details and print settings"),
        ("_brand.yml", "name shown, logo, colours and fonts"),
        ("content/", "add or override procedures (see its README.md)"),
        ("templates/", "override templates, add clinic.css (see its README.md)"),
    ):
        click.echo(f"  {rel:<15} {what}")
    shown = str(folder)
    project = f" --project {shlex.quote(shown)}" if shown not in (".", "") else ""
    click.echo("Next steps:")
    click.echo(f"  1. Put your clinic's name and real phone numbers in {folder / 'handouts.yaml'}")
    click.echo(f"  2. Set your colours and logo in {folder / '_brand.yml'}")
    click.echo(f"  3. handouts check{project}")
    click.echo(f"  4. handouts build{project}")
