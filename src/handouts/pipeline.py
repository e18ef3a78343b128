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
from handouts.errors import HandoutsError
from handouts.pdf.print_options import PrintOptions
from handouts.project.loader import Project


class ChecksFailed(HandoutsError):
    """The check gate found errors (or, with strict, warnings): nothing was written."""

    def __init__(self, report, strict: bool):
        self.report = report
        self.strict = strict
        self.failing = report.errors + (report.warnings if strict else [])
        super().__init__("\n".join(f"{f.severity}: {f}" for f in self.failing))


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
    languages: list[str] | None = None,
) -> BuildResult:
    """Render the selected documents once, check them, lay them out and write them all.

    Raises ChecksFailed when the gate fails (`check=False` skips it, for callers that have
    just run it), ContentError when a document cannot be laid out or overruns its page limit,
    HandoutsError for other mistakes; in every case nothing is written. `on_checked(report)`
    is called once the gate has passed, before layout (the CLI prints its summary then).
    """
    documents = select_documents(project, procedure_ids, include_booklet, languages)
    report = None
    if check:
        report = check_gate(
            project,
            documents,
            procedure_ids=procedure_ids,
            include_booklet=include_booklet,
            today=today,
            strict=strict,
            languages=languages,
        )
        if on_checked is not None:
            on_checked(report)
    result = write_documents(
        project,
        out_dir,
        documents,
        output_file=output_file,
        progress=progress,
        options=options,
        jobs=jobs,
        checked=check,
    )
    result.checks = report
    return result
