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
from handouts.wording import plural


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
        click.echo(f"  {shown}  {plural(built.content_pages, 'page')}{extra}{limit}")
    click.echo(
        f"Wrote {len(result.files)} PDFs to {out_dir} in {time.monotonic() - started:.1f} s."
    )


def print_gate(report, strict: bool, quiet: bool, failing) -> None:
    """The check gate's outcome: failing findings listed, then one summary line."""
    from handouts.checks.report import summary_line

    for finding in failing:
        click.echo(f"{finding.severity}: {finding}", err=True)
    if failing or not quiet:
        details = " Details: handouts check" if report.findings else ""
        click.echo(summary_line(report, strict) + details, err=bool(failing))


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
    """flags -> the library's one pipeline (pipeline.build) -> what it made, printed."""
    from handouts.i18n.select import resolve_languages
    from handouts.pipeline import ChecksFailed, build

    started = time.monotonic()
    project = load(project_dir)
    out = resolve_out(project, out_dir)
    languages = resolve_languages(project, language)
    try:
        result = build(
            project,
            out,
            procedure_ids=procedure_ids,
            include_booklet=include_booklet,
            output_file=output_file.resolve() if output_file else None,
            options=options,
            jobs=jobs,
            today=today,
            strict=strict,
            on_checked=lambda report: print_gate(report, strict, quiet, []),
            languages=languages,
        )
    except ChecksFailed as failed:
        print_gate(failed.report, strict, quiet, failed.failing)
        click.echo("nothing was written.", err=True)
        sys.exit(1)
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
