"""A packet in the patient's language: the `language` of a schedule row or `--lang`.

The row asks for a language (a BCP 47 tag: `es`, `es-US`, `en`); the packet is printed in it
when the procedure has a complete translation, and otherwise in English, with a warning naming
the row and the language (an error under --strict) and both languages in the manifest. Never a
silent fallback. A draft translation (no qualified medical translator has signed it off) prints
with its draft notice, and is refused under --strict unless the project is `demo: true`.
"""

from __future__ import annotations

from handouts.i18n.languages import ENGLISH, base_language
from handouts.project.content import Handout
from handouts.project.loader import Project

NAMES = {"en": "English", "es": "Spanish"}  # for messages; other languages show their tag


def language_name(language: str) -> str:
    return NAMES.get(language, f"'{language}'")


def localise(project: Project, handout: Handout, requested: str) -> tuple[Handout, str]:
    """The handout in the requested language if it has a complete translation (and dates can
    be written in it), and the language it will print in."""
    language = base_language(requested) if requested else ENGLISH
    if language == ENGLISH:
        return handout, ENGLISH
    translated = project.procedures_in(language).get(handout.procedure.id)
    if translated is None or (translated.translation and translated.translation.missing):
        return handout, ENGLISH
    if not _writes_dates(project, language):
        return handout, ENGLISH
    variant = handout.variant.id if handout.variant else None
    for candidate in translated.handouts():
        if (candidate.variant.id if candidate.variant else None) == variant:
            return candidate, language
    return handout, ENGLISH


def _writes_dates(project: Project, language: str) -> bool:
    from handouts.appointments.dates import FORMATS
    from handouts.i18n.languages import document_tag

    return document_tag(language, project.settings.print.language) in FORMATS


def packet_language_problems(project: Project, appointment, strict: bool):
    """(warnings, errors) about the packet's language, as messages without personal data."""
    warnings: list[str] = []
    errors: list[str] = []
    requested = base_language(appointment.language or ENGLISH)
    slug = appointment.handout.slug
    if requested != appointment.printed_language:
        translated = project.procedures_in(requested).get(appointment.handout.procedure.id)
        if translated is None or not translated.translation:
            why = f"there is no {language_name(requested)} translation of '{slug}'"
        elif translated.translation.missing:
            missing = ", ".join(translated.translation.missing)
            why = f"its {language_name(requested)} translation lacks {missing}"
        else:
            why = f"dates cannot yet be written in {language_name(requested)} (docs/languages.md)"
        message = (
            f"language '{appointment.language}' was asked for, but {why}; "
            "the English packet is printed"
        )
        (errors if strict else warnings).append(
            message.replace("is printed", "is refused with --strict") if strict else message
        )
    translation = appointment.handout.procedure.translation
    if translation is not None and translation.is_draft and strict and not project.settings.demo:
        errors.append(
            f"the {language_name(appointment.printed_language)} translation of '{slug}' is a draft "
            f"(no qualified medical translator has reviewed {translation.source}); refused with "
            "--strict unless handouts.yaml says demo: true"
        )
    return warnings, errors
