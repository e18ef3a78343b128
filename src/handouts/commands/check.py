from __future__ import annotations

import click

from ._common import (
    load,
    print_warnings,
    project_option,
    project_warnings,
    reports_errors,
    strict_option,
)


@click.command(help="Validate content, settings and templates, rendering HTML only (no PDFs).")
@project_option
@strict_option
@reports_errors
def command(project_dir, strict):
    from ..build import check_characters
    from ..errors import ProblemList
    from ..references import check_references
    from ..render import Renderer

    project = load(project_dir)
    renderer = Renderer(project)
    documents = [*renderer.handouts(), renderer.booklet()]
    problems = ProblemList()
    check_characters(documents, problems)
    check_references(documents, project, problems)
    problems.raise_if_errors()
    print_warnings(project_warnings(project), strict)
    click.echo(f"OK: {len(project.procedures)} procedures, {len(documents)} documents checked.")
