from __future__ import annotations

import textwrap

import click

from handouts.cli._common import project_option, reports_errors


@click.command(
    help="List the templates and stylesheets a clinic can override, with their blocks.",
    epilog="Override a whole file by putting one of the same name in the project's templates/ "
    'folder, or extend the built-in one with {% extends "!handout.html.j2" %} and redefine '
    "blocks, calling {{ super() }} to keep the original. See docs/templates.md.",
)
@project_option
@reports_errors
def command(project_dir):
    from handouts.diagnostics import UsageError
    from handouts.project.settings import find_project
    from handouts.render.overrides import builtin_files, clinic_stylesheet

    try:
        root = find_project(project_dir)
    except UsageError:
        if project_dir:
            raise
        root = None  # outside a project: still list what can be overridden
    files = builtin_files(root)
    width = max(len(f.name) for f in files)
    click.echo("Templates (blocks a clinic can redefine):")
    for item in (f for f in files if f.name.endswith(".j2")):
        extends = f"extends {item.extends}; " if item.extends else ""
        blocks = ", ".join(item.blocks) or "no blocks: override the whole file"
        lines = textwrap.wrap(extends + blocks, 96 - width, break_on_hyphens=False)
        click.echo(f"  {item.name:<{width}}  {lines[0]}")
        for line in lines[1:]:
            click.echo(f"  {'':<{width}}  {line}")
        if item.override:
            click.echo(f"  {'':<{width}}  overridden by {item.override.relative_to(root)}")
    click.echo(
        "Stylesheets (base.css, then handout.css or booklet.css, then the colours and fonts of "
        "_brand.yml,\nthen templates/clinic.css, then theme.stylesheets from handouts.yaml):"
    )
    for item in (f for f in files if f.name.endswith(".css")):
        click.echo(f"  {item.name}")
        if item.override:
            click.echo(f"  {'':<{width}}  overridden by {item.override.relative_to(root)}")
    own = clinic_stylesheet(root)
    click.echo(
        f"  templates/clinic.css{'' if own else '  (not present; create it to add your own CSS)'}"
    )
