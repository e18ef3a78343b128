from __future__ import annotations

import click

from handouts.cli._common import load, project_option, reports_errors


@click.command(help="List the procedures: ids, titles, variants and review status.")
@project_option
@reports_errors
def command(project_dir):
    project = load(project_dir)
    width = max(len(p.id) for p in project.procedures.values())
    for procedure in project.procedures.values():
        status = (
            "draft" if procedure.review.is_draft else f"reviewed by {procedure.review.reviewed_by}"
        )
        origin = "" if procedure.builtin else ", clinic's own"
        click.echo(
            f"{procedure.id:<{width}}  {procedure.title}  "
            f"(v{procedure.review.version}, {status}{origin})"
        )
        for variant in procedure.variants:
            click.echo(f"{'':<{width}}    {procedure.id}-{variant.id}: {variant.title}")
