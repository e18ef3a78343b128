from __future__ import annotations

import sys
import time

import click

from handouts.cli._common import (
    jobs_option,
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
        click.echo(f"  {_shown(built, out_dir)}  {_pages(built)}")
    for note in result.notes:
        click.echo(f"  {note}")
    seconds = f"{time.monotonic() - started:.1f} s"
    written = len(result.files)
    kept = len(result.unchanged)
    if written == 0 and kept:
        click.echo(f"Nothing changed: the {kept} PDFs in {out_dir} are up to date ({seconds}).")
        return
    summary = f"Wrote {written} PDF{'s' if written != 1 else ''} to {out_dir} in {seconds}"
    click.echo(summary + (f"; {kept} unchanged." if kept else "."))


def _shown(built, out_dir):
    try:
        return built.path.relative_to(out_dir.parent)
    except ValueError:
        return built.path


def _pages(built) -> str:
    over = built.content_pages - (built.page_limit or built.content_pages)
    limit = f" (limit {built.page_limit}{f', {over} over' if over > 0 else ''})"
    limit = limit if built.page_limit else ""
    extra = (
        f", {built.pages - built.content_pages} diary" if built.pages > built.content_pages else ""
    )
    return f"{built.content_pages} page{'s' if built.pages != 1 else ''}{extra}{limit}"


def run_checks_before_build(
    project, procedure_ids, include_booklet, strict, quiet, today, plan=None
):
    """The checks of `handouts check` on what is about to be built, as one summary line;
    failing findings are listed and stop the build before any PDF is made. With a build
    plan, an earlier outcome for the same inputs is shown instead of checking again."""
    from handouts.incremental.checks import check_key, outcome

    key = check_key(plan, project, today, procedure_ids, include_booklet) if plan else None
    shown = plan.state.checks.get(key) if plan and not plan.forced else None
    if shown is None:
        from handouts.checks.findings import run_checks

        report = run_checks(
            project,
            today=today,
            procedure_ids=procedure_ids,
            include_booklet=include_booklet,
            preflight_errors_as_warnings=True,
        )
        shown = outcome(report)
    if plan:
        plan.state.remember_checks(key, shown)  # saved with the build's record, if it succeeds
    mode = shown["strict" if strict else "normal"]
    for line in mode["failing"]:
        click.echo(line, err=True)
    if mode["failing"] or not quiet:
        details = " Details: handouts check" if shown["has_findings"] else ""
        click.echo(mode["summary"] + details, err=bool(mode["failing"]))
    if mode["failed"]:
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
    force=False,
):
    from handouts.build import build
    from handouts.cli._progress import build_progress

    started = time.monotonic()
    project = load(project_dir)
    out = resolve_out(project, out_dir)
    plan = None
    if output_file is None:  # a file given with -o is always made
        from handouts.incremental.plan import plan_build

        plan = plan_build(
            project,
            out,
            procedure_ids=procedure_ids,
            include_booklet=include_booklet,
            options=options,
            force=force,
        )
    run_checks_before_build(project, procedure_ids, include_booklet, strict, quiet, today, plan)
    total = len(plan.stale) if plan else None
    with build_progress(enabled=sys.stderr.isatty() and not quiet, total=total) as progress:
        result = build(
            project,
            out,
            procedure_ids=procedure_ids,
            include_booklet=include_booklet,
            output_file=output_file.resolve() if output_file else None,
            options=options,
            jobs=jobs,
            plan=plan,
            progress=progress,
            strict=strict,
        )
    report(result, out, started, quiet)
    print_warnings(result.warnings, strict)


force_option = click.option(
    "--force",
    is_flag=True,
    help="Make every PDF again, even those whose inputs have not changed.",
)


@click.command(
    help="Build every patient handout and the clinician booklet. Only PDFs whose inputs "
    "changed (content, glossary, templates, CSS, fonts, brand, settings, options, versions) "
    "are made again; --force makes them all."
)
@project_option
@out_option
@archive_option
@large_print_option
@paper_option
@strict_option
@quiet_option
@jobs_option
@force_option
@today_option
@reports_errors
def command(project_dir, out_dir, archive, large_print, paper, strict, quiet, jobs, force, today):
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
        force=force,
    )
