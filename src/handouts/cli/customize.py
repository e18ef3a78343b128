from __future__ import annotations

import click

from handouts.cli._common import lang_option, project_option, reports_errors


@click.command(
    help="Copy a built-in procedure's YAML (or, with --template, a built-in template or "
    "stylesheet) into the project for editing. The copy wins over the built-in file by id "
    "or name. An existing file is never replaced without --force.",
    epilog="\b\nExamples:\n"
    "  handouts customize epidural-steroid-injection       content/procedures/...yaml\n"
    "  handouts customize nerve-block-occipital --lang es  content/es/procedures/nerve-block.yaml\n"
    "  handouts customize facet-joint-injection --lang en,es\n"
    "  handouts customize --template appointment.html.j2   templates/appointment.html.j2\n"
    "\n"
    "A variant's id copies its procedure's file, which holds every variant. After changing\n"
    "what patients read, bump review.version (and the translation's) so 'handouts check'\n"
    "and the packets' manifest tell the edited content from the built-in one.",
)
@click.argument("procedure_id", required=False, metavar="[ID]")
@click.option(
    "--template",
    metavar="NAME",
    help="A built-in template or stylesheet to copy instead, by its name under templates/ "
    "(see 'handouts templates').",
)
@lang_option
@click.option("--force", is_flag=True, help="Replace a file the project already has.")
@project_option
@reports_errors
def command(procedure_id, template, language, force, project_dir):
    from handouts.cli._common import load
    from handouts.i18n.select import resolve_languages
    from handouts.project.customize import procedure_copies, template_copy, write_copies
    from handouts.project.loader import builtin_dir

    if bool(procedure_id) == bool(template):
        raise click.UsageError("give a procedure ID or --template NAME (one of them)")
    if template and language:
        raise click.UsageError("--lang is for procedures; templates serve every language")
    project = load(project_dir)
    if template:
        copies = [template_copy(project, template)]
    else:
        copies = procedure_copies(project, procedure_id, resolve_languages(project, language))
    for copy in write_copies(copies, force=force):
        verb = "Replaced" if copy.replaced else "Wrote"
        built_in = copy.source.relative_to(builtin_dir()).as_posix()
        click.echo(f"{verb} {copy.target} (a copy of the built-in {built_in}).")
    if not template:
        click.echo(
            "Edit it there: it now wins over the built-in file. When you change what patients "
            "read, bump review.version."
        )
