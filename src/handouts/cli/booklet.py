from __future__ import annotations

import click

from handouts.cli._common import (
    out_option,
    output_file_option,
    project_option,
    quiet_option,
    reports_errors,
    strict_option,
    today_option,
)
from handouts.cli._print_options import (
    archive_option,
    crop_marks_option,
    impose_option,
    paper_option,
)
from handouts.cli.build import force_option, run_build


@click.command(help="Build the clinician reference booklet (output/clinician-booklet.pdf).")
@project_option
@out_option
@output_file_option("Write the booklet to this file instead.")
@archive_option
@paper_option
@impose_option
@crop_marks_option
@strict_option
@quiet_option
@force_option
@today_option
@reports_errors
def command(
    project_dir,
    out_dir,
    output_file,
    archive,
    paper,
    impose,
    crop_marks,
    strict,
    quiet,
    force,
    today,
):
    from handouts.pdf.print_options import PrintOptions

    options = PrintOptions(archive=archive, paper=paper, impose=impose, crop_marks=crop_marks)
    run_build(
        project_dir,
        out_dir,
        strict,
        quiet,
        [],
        True,
        output_file,
        options=options,
        force=force,
        today=today,
    )
