"""What a clinic can override: the built-in templates, their blocks, and the stylesheets.

Read from the built-in theme itself, so `handouts templates` and the documentation cannot
drift apart from what the templates really offer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import nodes

from handouts.project.loader import builtin_dir
from handouts.render.theme import CLINIC_STYLESHEET


@dataclass(frozen=True)
class Overridable:
    name: str  # path under templates/, e.g. "partials/logo.html.j2"
    blocks: tuple[str, ...]  # blocks the template defines, in source order
    extends: str | None  # the template it extends, if any
    override: Path | None  # the clinic's file of the same name, if there is one


def template_structure(source: str) -> tuple[tuple[str, ...], str | None]:
    """Blocks a template defines and the template it extends."""
    tree = jinja2.Environment().parse(source)
    blocks = tuple(dict.fromkeys(block.name for block in tree.find_all(nodes.Block)))
    extends = next(
        (
            node.template.value
            for node in tree.find_all(nodes.Extends)
            if isinstance(node.template, nodes.Const)
        ),
        None,
    )
    return blocks, extends


def builtin_files(project_root: Path | None = None) -> list[Overridable]:
    """Every built-in template and stylesheet, with the clinic's override when it has one."""
    folder = builtin_dir() / "templates"
    own = project_root / "templates" if project_root else None
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix not in (".j2", ".css"):
            continue
        name = path.relative_to(folder).as_posix()
        blocks, extends = (), None
        if path.suffix == ".j2":
            blocks, extends = template_structure(path.read_text(encoding="utf-8"))
        override = own / name if own and (own / name).is_file() else None
        if override and own.resolve() == folder.resolve():
            override = None  # the sample project is the built-in theme
        found.append(Overridable(name, blocks, extends, override))
    return found


def clinic_stylesheet(project_root: Path | None) -> Path | None:
    path = project_root / "templates" / CLINIC_STYLESHEET if project_root else None
    return path if path and path.is_file() else None
