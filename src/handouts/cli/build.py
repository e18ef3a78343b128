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
    return f"{plural(built.content_pages, 'page')}{extra}{limit}"


def print_gate(shown: dict, strict: bool, quiet: bool) -> None:
    """The check gate's outcome (incremental.checks.outcome): failing findings listed, then
    one summary line."""
    mode = shown["strict" if strict else "normal"]
    for line in mode["failing"]:
        click.echo(line, err=True)
    if mode["failing"] or not quiet:
        details = " Details: handouts check" if shown["has_findings"] else ""
        click.echo(mode["summary"] + details, err=bool(mode["failing"]))


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
    language=None,
):
    """flags -> the library's one pipeline (pipeline.build) -> what it made, printed.

    First the no-op test (incremental/stamp.py): when nothing can have changed since the same
    command last succeeded, its outcome is shown again without loading the project."""
    started = time.monotonic()
    stamp = None
    if not force and output_file is None:
        from handouts.incremental.stamp import InputStamp, Selection
        from handouts.pdf.print_options import PrintOptions

        ids = tuple(procedure_ids) if procedure_ids is not None else None
        selection = Selection(ids, include_booklet, language, options or PrintOptions())
        stamp = InputStamp(project_dir, out_dir, selection)
        recorded = stamp.recorded_run(today)
        if recorded is not None:
            result, shown = recorded
            print_gate(shown, strict, quiet)
            report(result, stamp.out_dir, started, quiet)
            print_warnings(result.warnings, strict)
            return

    from handouts.cli._progress import BuildProgress
    from handouts.i18n.select import resolve_languages
    from handouts.pipeline import ChecksFailed, build

    project = load(project_dir)
    out = resolve_out(project, out_dir)
    progress = BuildProgress(enabled=sys.stderr.isatty() and not quiet)
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
            on_checked=lambda shown: print_gate(shown, strict, quiet),
            incremental=True,
            force=force,
            on_planned=progress.start,
            progress=progress,
            languages=languages,
            stamp=stamp,
        )
    except ChecksFailed as failed:
        print_gate(failed.shown, strict, quiet)
        click.echo("nothing was written.", err=True)
        sys.exit(1)
    finally:
        progress.finish()
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
    "are made again; --force makes them all.",
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
@force_option
@today_option
@reports_errors
def command(
    project_dir, out_dir, language, archive, large_print, paper, strict, quiet, jobs, force, today
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
        force=force,
        language=language,
    )
