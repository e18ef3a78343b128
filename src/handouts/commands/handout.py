from __future__ import annotations

from pathlib import Path

import click

from ._common import out_option, project_option, quiet_option, reports_errors, strict_option
from ._print_options import archive_option, large_print_option, paper_option
from .build import run_build


@click.command(
    help="Build the patient handouts for the given procedure ids (see 'handouts list').",
    epilog="Example: handouts handout nerve-block facet-joint-injection",
)
@click.argument("procedure_ids", nargs=-1, required=True, metavar="ID...")
@project_option
@out_option
@click.option(
    "-o",
    "--output",
    "output_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the one PDF to this file (one procedure without variants only).",
)
@archive_option
@large_print_option
@paper_option
@strict_option
@quiet_option
@reports_errors
def command(
    procedure_ids, project_dir, out_dir, output_file, archive, large_print, paper, strict, quiet
):
    from ..printing import PrintOptions

    options = PrintOptions(archive=archive, large_print=large_print, paper=paper)
    ids = list(procedure_ids)
    run_build(project_dir, out_dir, strict, quiet, ids, False, output_file, options=options)
