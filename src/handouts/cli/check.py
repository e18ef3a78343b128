from __future__ import annotations

import sys

import click

from handouts.cli._common import (
    format_option,
    load,
    project_option,
    reports_errors,
    strict_option,
    today_option,
)


@click.command(
    help="Check the handouts as they would print, rendering HTML only (no PDFs): readability "
    "of the patient text, glossary terms, images, links, review dates and draft status. "
    "With procedure ids (see 'handouts list'), only those handouts.",
    epilog="Exit codes: 0 passed; 1 an error (or, with --strict, a warning); 2 usage error.",
)
@click.argument("procedure_ids", nargs=-1, metavar="[ID]...")
@project_option
@strict_option
@today_option
@click.option(
    "--lang",
    "language",
    default="all",
    show_default=True,
    metavar="LANG",
    help="Languages to check: en, es, a comma-separated list, or all.",
)
@format_option
@reports_errors
def command(procedure_ids, project_dir, strict, today, language, output_format):
    from handouts.checks.findings import run_checks
    from handouts.checks.report import format_json, format_text
    from handouts.diagnostics import json_terminal_safe, terminal_safe
    from handouts.i18n.select import resolve_languages

    project = load(project_dir)
    # Ids (see 'handouts list') narrow the check to those handouts, without the booklet.
    ids = list(procedure_ids) or None
    languages = resolve_languages(project, language)
    report = run_checks(
        project,
        today=today,
        procedure_ids=ids,
        include_booklet=ids is None,
        languages=languages,
    )
    if output_format == "json":
        click.echo(json_terminal_safe(format_json(report, strict)))
    else:
        click.echo(terminal_safe(format_text(report, strict)))
    if report.failed(strict):
        sys.exit(1)
