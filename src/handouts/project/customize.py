"""`handouts customize`: copy one built-in file into the project, to edit it there.

A clinic changing one sentence should not have to find the built-in file in site-packages.
This copies a built-in procedure's YAML (content/procedures/<id>.yaml, or a translation's
content/<lang>/procedures/<id>.yaml), or a built-in template or stylesheet (templates/<name>),
to the same place in the project, where it wins over the built-in one by id or by name. An
existing file is never replaced without `force`: it may hold the clinic's edits.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from handouts.diagnostics import HandoutsError, UsageError
from handouts.i18n.languages import ENGLISH
from handouts.procedure_ids import select_handouts
from handouts.project.loader import Project, builtin_dir


@dataclass(frozen=True)
class Copy:
    source: Path  # the built-in file
    target: Path  # where it goes in the project
    replaced: bool = False  # an existing file was overwritten (with force)


def procedure_path(language: str, ident: str) -> Path:
    """content/procedures/<id>.yaml, or content/<lang>/procedures/<id>.yaml."""
    folder = Path("content") if language == ENGLISH else Path("content") / language
    return folder / "procedures" / f"{ident}.yaml"


def procedure_copies(project: Project, ident: str, languages: list[str]) -> list[Copy]:
    """The built-in files of the procedure `ident` names (a variant's id means its
    procedure's file, which holds every variant), one per language."""
    ids = dict.fromkeys(h.procedure.id for h in select_handouts(project.procedures, [ident]))
    copies = []
    for procedure_id in ids:
        for language in languages:
            name = procedure_path(language, procedure_id)
            source = builtin_dir() / name
            if not source.is_file():
                what = "procedure" if language == ENGLISH else f"{language} translation"
                raise UsageError(
                    f"'{procedure_id}' has no built-in {what} to copy ({name}); "
                    "the project's own file is the one to edit"
                )
            copies.append(Copy(source, project.root / name))
    return copies


def template_copy(project: Project, name: str) -> Copy:
    """A built-in template or stylesheet by its name under templates/ (`handouts templates`
    lists them): `appointment.html.j2`, `css/handout.css`, `partials/logo.html.j2`."""
    from handouts.render.overrides import builtin_files

    known = [item.name for item in builtin_files()]
    if name not in known:
        import difflib

        close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise UsageError(f"no built-in template '{name}'{hint}; 'handouts templates' lists them")
    relative = Path("templates") / name
    return Copy(builtin_dir() / relative, project.root / relative)


def write_copies(copies: list[Copy], *, force: bool = False) -> list[Copy]:
    """Copy each file, refusing (before writing any) a target that exists unless `force`."""
    for copy in copies:
        if copy.target.resolve() == copy.source.resolve():
            raise HandoutsError(
                f"{copy.target} is the built-in file itself (this project is the built-in "
                "theme): edit it there, or run from a clinic's project"
            )
    existing = [copy.target for copy in copies if copy.target.exists()]
    if existing and not force:
        names = ", ".join(str(path) for path in existing)
        raise UsageError(
            f"{names} already exists and may hold your edits; nothing was copied "
            "(--force replaces it with the built-in file)"
        )
    done = []
    for copy in copies:
        replaced = copy.target.exists()
        try:
            copy.target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(copy.source, copy.target)
        except OSError as exc:
            raise HandoutsError(f"cannot write {copy.target}: {exc.strerror or exc}") from None
        done.append(Copy(copy.source, copy.target, replaced))
    return done
