"""Which languages a command makes, and each language's handouts for a list of ids."""

from __future__ import annotations

from handouts.diagnostics import HandoutsError, UsageError
from handouts.i18n.languages import ENGLISH, base_language
from handouts.procedure_ids import select_handouts
from handouts.project.content import Handout
from handouts.project.loader import Project

ALL = "all"


def resolve_languages(project: Project, value: str | None) -> list[str]:
    """`--lang` as base languages: "es" -> ["es"], "all" -> every language the project has."""
    if not value:
        return [ENGLISH]
    if value.strip().lower() == ALL:
        return project.languages
    languages = []
    for part in value.split(","):
        language = base_language(part.strip())
        if language not in project.languages:
            have = ", ".join(project.languages)
            raise UsageError(
                f"--lang {part.strip()}: the project has no content in that language "
                f"(it has: {have}; add content/{language}/procedures/ to make one, "
                "see docs/languages.md)"
            )
        languages.append(language)
    return list(dict.fromkeys(languages))


def handouts_in(
    project: Project, language: str, ids: list[str] | None, *, every_language: bool = False
) -> list[Handout]:
    """The handouts of `ids` (all when None) in a language.

    An id the language lacks is an error when it was asked for by name in that language, and
    skipped with `--lang all` (which means: what each language has)."""
    english = select_handouts(
        project.procedures, ids if ids is not None else list(project.procedures)
    )
    if language == ENGLISH:
        return english
    translated = project.procedures_in(language)
    chosen = []
    for handout in english:
        procedure = translated.get(handout.procedure.id)
        if procedure is None:
            if ids is None or every_language:
                continue
            raise HandoutsError(
                f"'{handout.slug}' has no {language} translation "
                f"(content/{language}/procedures/{handout.procedure.id}.yaml)"
            )
        variant = handout.variant.id if handout.variant else None
        chosen.append(
            next(h for h in procedure.handouts() if (h.variant and h.variant.id) == variant)
        )
    return chosen


def localised(project: Project, language: str, english: list[Handout]):
    """[(translated procedure, its handouts matching the English ones)] for a language."""
    translated = project.procedures_in(language)
    wanted: dict[str, set] = {}
    for handout in english:
        wanted.setdefault(handout.procedure.id, set()).add(
            handout.variant.id if handout.variant else None
        )
    out = []
    for ident, variants in wanted.items():
        procedure = translated.get(ident)
        if procedure is None:
            continue
        handouts = [
            h for h in procedure.handouts() if (h.variant.id if h.variant else None) in variants
        ]
        out.append((procedure, handouts))
    return out
