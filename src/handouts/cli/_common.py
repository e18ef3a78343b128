"""Options and error handling shared by every command."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from handouts.diagnostics import ContentError, HandoutsError, terminal_safe
from handouts.wording import plural

project_option = click.option(
    "--project",
    "project_dir",
    envvar="HANDOUTS_PROJECT",
    type=click.Path(file_okay=False, path_type=Path),
    help="Project folder (holding handouts.yaml). Default: the current folder or a parent.",
)
out_option = click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder. Default: output/ in the project.",
)


def output_file_option(help_text: str):
    """-o/--output: the one file a command makes, instead of its place in --out."""
    return click.option(
        "-o",
        "--output",
        "output_file",
        type=click.Path(dir_okay=False, path_type=Path),
        help=help_text,
    )


strict_option = click.option(
    "--strict", is_flag=True, help="Treat warnings as errors (exit 1 if there are any)."
)
quiet_option = click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    help="Worker processes. Default: one per CPU core.",
)
lang_option = click.option(
    "--lang",
    "language",
    metavar="LANG",
    help="Language of the patient documents: en (default), es, a comma-separated list, or "
    "'all' for every language the project has. Other languages go to output/handouts/LANG/.",
)
today_option = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    envvar="HANDOUTS_TODAY",
    callback=lambda ctx, param, value: value.date() if value else None,
    help="Check review dates as of this date (YYYY-MM-DD), so CI never depends on the "
    "calendar. Default: today in the clinic's time zone.",
)


def reports_errors(func):
    """Turn our errors into one clear message and the documented exit code, no traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ContentError as exc:
            for problem in exc.problems:
                click.echo(f"error: {problem}", err=True)
            click.echo(f"{plural(len(exc.problems), 'error')}; nothing was written.", err=True)
            sys.exit(exc.exit_code)
        except HandoutsError as exc:
            click.echo(f"error: {exc.message}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted; finished files are complete, nothing half-written.", err=True)
            sys.exit(130)

    return wrapper


def load(project_dir):
    from handouts.project.loader import load_project

    return load_project(project_dir)


def resolve_out(project, out_dir: Path | None) -> Path:
    return (out_dir if out_dir is not None else project.root / "output").resolve()


def print_warnings(warnings, strict: bool) -> None:
    for warning in warnings:
        click.echo(f"warning: {terminal_safe(warning)}", err=True)
    if strict and warnings:
        click.echo(f"{plural(len(warnings), 'warning')} with --strict: failing.", err=True)
        sys.exit(1)


format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table for people, json for scripts.",
)
