from __future__ import annotations

import sys
import time

import click

from handouts.cli._common import (
    jobs_option,
    lang_option,
    load,
    out_option,
    print_warnings,
    project_option,
    quiet_option,
    reports_errors,
    resolve_out,
    strict_option,
    today_option,
)
from handouts.cli._print_options import archive_option, large_print_option, paper_option


def report(result, out_dir, started, quiet):
    if quiet:
        return
    for built in result.files:
        try:
            shown = built.path.relative_to(out_dir.parent)
        except ValueError:
            shown = built.path
        limit = f" (limit {built.page_limit})" if built.page_limit else ""
        extra = (
            f", {built.pages - built.content_pages} diary"
            if built.pages > built.content_pages
            else ""
        )
        click.echo(
            f"  {shown}  {built.content_pages} page{'s' if built.pages != 1 else ''}{extra}{limit}"
        )
    click.echo(
        f"Wrote {len(result.files)} PDFs to {out_dir} in {time.monotonic() - started:.1f} s."
    )


def run_checks_before_build(
    project, procedure_ids, include_booklet, strict, quiet, today, languages=None
):
    """The checks of `handouts check` on what is about to be built, as one summary line;
    failing findings are listed and stop the build before any PDF is made."""
    from handouts.checks.findings import run_checks
    from handouts.checks.report import summary_line

    report = run_checks(
        project,
        today=today,
        procedure_ids=procedure_ids,
        include_booklet=include_booklet,
        preflight_errors_as_warnings=True,
        languages=languages,
    )
    failing = report.errors + (report.warnings if strict else [])
    for finding in failing:
        click.echo(f"{finding.severity}: {finding}", err=True)
    if failing or not quiet:
        details = " Details: handouts check" if report.findings else ""
        click.echo(summary_line(report, strict) + details, err=bool(failing))
    if report.failed(strict):
        click.echo("nothing was written.", err=True)
        sys.exit(1)


def run_build(
    project_dir,
    out_dir,
    strict,
    quiet,
    procedure_ids,
    include_booklet,
    output_file=None,
    today=None,
    options=None,
    jobs=None,
    language=None,
):
    from handouts.build import build
    from handouts.i18n.select import resolve_languages

    started = time.monotonic()
    project = load(project_dir)
    out = resolve_out(project, out_dir)
    languages = resolve_languages(project, language)
    run_checks_before_build(
        project, procedure_ids, include_booklet, strict, quiet, today, languages
    )
    result = build(
        project,
        out,
        procedure_ids=procedure_ids,
        include_booklet=include_booklet,
        output_file=output_file.resolve() if output_file else None,
        options=options,
        jobs=jobs,
        languages=languages,
    )
    report(result, out, started, quiet)
    print_warnings(result.warnings, strict)


@click.command(
    help="Build every patient handout and the clinician booklet.",
    epilog="\b\nExamples:\n  handouts build\n  handouts build --lang all     "
    "# English and every translation (output/handouts/es/...)",
)
@project_option
@out_option
@lang_option
@archive_option
@large_print_option
@paper_option
@strict_option
@quiet_option
@jobs_option
@today_option
@reports_errors
def command(
    project_dir, out_dir, language, archive, large_print, paper, strict, quiet, jobs, today
):
    from handouts.pdf.print_options import PrintOptions

    options = PrintOptions(archive=archive, large_print=large_print, paper=paper)
    run_build(
        project_dir,
        out_dir,
        strict,
        quiet,
        None,
        True,
        today=today,
        options=options,
        jobs=jobs,
        language=language,
    )
