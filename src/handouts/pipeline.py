"""The one pipeline: load → render once → check → lay out → write.

`handouts build`, `handout`, `booklet`, the web app and library callers all make their PDFs
through `build()`, so all of them get the same check gate (`handouts check`'s findings on the
very HTML that is then laid out) and the same guarantee that nothing is written unless every
document passes. The steps that vary are registered lists: editions (large print) and the
booklet's print files in `build.EDITIONS` and `build.PRINT_FILES`, the structure-tree repairs
in `pdf.writer.FINISHERS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from handouts.build import BuildResult, select_documents, write_documents
from handouts.diagnostics import HandoutsError
from handouts.pdf.print_options import PrintOptions
from handouts.project.loader import Project


class ChecksFailed(HandoutsError):
    """The check gate found errors (or, with strict, warnings): nothing was written.

    `shown` is what the gate shows (incremental.checks.outcome): `failing` lines, a summary;
    `report` the CheckReport, or None when a recorded outcome for the same inputs was used."""

    def __init__(self, report, strict: bool, shown: dict | None = None):
        from handouts.incremental.checks import outcome

        self.report = report
        self.strict = strict
        self.shown = shown if shown is not None else outcome(report)
        self.failing = self.shown["strict" if strict else "normal"]["failing"]
        super().__init__("\n".join(self.failing))


def check_gate(
    project: Project,
    documents,
    *,
    procedure_ids: list[str] | None,
    include_booklet: bool,
    today: dt.date | None = None,
    strict: bool = False,
    languages: list[str] | None = None,
):
    """`handouts check` on the documents about to be laid out; raises ChecksFailed.

    Preflight errors (sample phone numbers, low contrast) are warnings here, so a new project
    builds while it is being set up, and fails only with strict."""
    from handouts.checks.findings import run_checks

    report = run_checks(
        project,
        today=today,
        procedure_ids=procedure_ids,
        include_booklet=include_booklet,
        preflight_errors_as_warnings=True,
        documents=documents,
        languages=languages,
    )
    if report.failed(strict):
        raise ChecksFailed(report, strict)
    return report


def gate_with_record(project, documents, plan, *, strict: bool, **selection) -> tuple:
    """The check gate, or the outcome recorded for the same inputs (incremental/checks.py)
    when nothing it reads has changed; (report or None, shown). Raises ChecksFailed."""
    from handouts.incremental.checks import check_key, outcome

    key = check_key(
        plan, project, selection["today"], selection["procedure_ids"], selection["include_booklet"]
    )
    shown = None if plan.forced else plan.state.checks.get(key)
    report = None
    if shown is None:
        try:
            report = check_gate(project, documents, strict=strict, **selection)
        except ChecksFailed as failed:
            report = failed.report
        shown = outcome(report)
    plan.state.remember_checks(key, shown)  # saved with the build's record, if it succeeds
    if shown["strict" if strict else "normal"]["failed"]:
        raise ChecksFailed(report, strict, shown)
    return report, shown


def build(
    project: Project,
    out_dir: Path,
    *,
    procedure_ids: list[str] | None = None,
    include_booklet: bool = True,
    output_file: Path | None = None,
    progress: Callable[[str], None] | None = None,
    options: PrintOptions | None = None,
    jobs: int | None = None,
    today: dt.date | None = None,
    strict: bool = False,
    check: bool = True,
    on_checked: Callable | None = None,
    incremental: bool = False,
    force: bool = False,
    on_planned: Callable[[int], None] | None = None,
    languages: list[str] | None = None,
    stamp=None,
) -> BuildResult:
    """Render the selected documents once, check them, lay them out and write them all.

    Raises ChecksFailed when the gate fails (`check=False` skips it, for callers that have
    just run it), ContentError when a document cannot be laid out or overruns its page limit,
    HandoutsError for other mistakes; in every case nothing is written. `on_checked(shown)`
    is called once the gate has passed, before layout (the CLI prints its summary then), with
    what the gate shows (incremental.checks.outcome).

    `incremental` (not with `output_file`) compares each edition's key with the folder's
    record before the checks and the layout (incremental/plan.py): only stale editions are
    laid out and written, and an unchanged gate shows its recorded outcome; `force` makes
    everything again. `on_planned(n)` is told how many editions will be laid out.
    `stamp` (incremental.stamp.InputStamp, taken before the project was loaded) is recorded
    with the run, so that the same command with nothing changed can skip all of this.
    """
    from handouts.incremental.checks import clinic_today, outcome

    documents = select_documents(project, procedure_ids, include_booklet, languages)
    plan = None
    if incremental and output_file is None:
        from handouts.incremental.plan import plan_build

        plan = plan_build(project, out_dir, options=options, force=force, documents=documents)
    selection = {
        "procedure_ids": procedure_ids,
        "include_booklet": include_booklet,
        "languages": languages,
    }
    report = None
    if check:
        if plan is not None:
            report, shown = gate_with_record(
                project, documents, plan, strict=strict, today=today, **selection
            )
        else:
            report = check_gate(project, documents, today=today, strict=strict, **selection)
            shown = outcome(report)
        if on_checked is not None:
            on_checked(shown)
        if stamp is not None and plan is not None:
            timezone = project.settings.print.timezone
            stamp.record(
                plan, project.files.paths(), shown, today or clinic_today(project), timezone
            )
    if on_planned is not None:
        on_planned(len(plan.stale) if plan is not None else len(documents))
    result = write_documents(
        project,
        out_dir,
        documents,
        output_file=output_file,
        progress=progress,
        options=options,
        jobs=jobs,
        plan=plan,
        strict=strict,
        checked=check,
    )
    result.checks = report
    return result
