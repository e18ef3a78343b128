from __future__ import annotations

import json

import click

from handouts.cli._common import format_option, load, project_option, reports_errors
from handouts.diagnostics import json_terminal_safe, terminal_safe


@click.command(
    help="List the procedures: ids, titles, variants and review status. Every id printed "
    "(a procedure's, or one of its variants') works with every command.",
)
@project_option
@format_option
@reports_errors
def command(project_dir, output_format):
    project = load(project_dir)
    if output_format == "json":
        text = json.dumps(procedures_json(project), indent=2, ensure_ascii=False)
        click.echo(json_terminal_safe(text))
        return
    width = max(len(p.id) for p in project.procedures.values())
    for procedure in project.procedures.values():
        status = (
            "draft" if procedure.review.is_draft else f"reviewed by {procedure.review.reviewed_by}"
        )
        origin = "" if procedure.builtin else ", clinic's own"
        click.echo(
            terminal_safe(
                f"{procedure.id:<{width}}  {procedure.title}  "
                f"(v{procedure.review.version}, {status}{origin})"
            )
        )
        for variant in procedure.variants:
            line = f"{'':<{width}}    {procedure.id}-{variant.id}: {variant.title}"
            click.echo(terminal_safe(line))


def procedures_json(project) -> dict:
    """What `list --format json` prints: each procedure with its handouts' ids (the output
    names under handouts/), in the order of the table."""
    procedures = []
    for procedure in project.procedures.values():
        review = procedure.review
        procedures.append(
            {
                "id": procedure.id,
                "title": procedure.title,
                "kind": procedure.kind,
                "version": review.version,
                "draft": review.is_draft,
                "reviewed_by": review.reviewed_by or None,
                "last_reviewed": review.last_reviewed.isoformat(),
                "next_review_due": review.next_review_due.isoformat(),
                "builtin": procedure.builtin,
                "page_limit": procedure.page_limit,
                "variants": [
                    {"id": f"{procedure.id}-{v.id}", "title": v.title} for v in procedure.variants
                ],
                "handouts": [h.slug for h in procedure.handouts()],
            }
        )
    return {"procedures": procedures}
