"""Checks of translated handouts: readability in their own language, and the translation's
metadata (which English version it translates, missing parts, draft status).

Spanish is scored with INFLESZ and Fernández-Huerta on the printed text (checks/spanish.py);
a language without a formula here gets a note saying a reviewer must judge it. The gate and its
limits are described in docs/readability.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from handouts.checks.prose import ProseSection
from handouts.checks.readings import document_sections
from handouts.checks.spanish import SpanishScores, score_units
from handouts.i18n.catalog import untranslated
from handouts.render.document import HtmlDocument, Renderer

FORMULAS = {"es": score_units}


@dataclass
class TranslatedSectionScore:
    id: str
    title: str
    scores: SpanishScores


@dataclass
class TranslatedScore:
    name: str  # "es/epidural-steroid-injection"
    language: str
    title: str
    source: str
    scores: SpanishScores
    sections: list[TranslatedSectionScore]


def check_language(project, language, chosen, limits, report, found) -> list[HtmlDocument]:
    """The translated handouts of the chosen English ones: readability, structure and the
    translation's status. Returns the rendered documents (for the reference checks)."""
    from handouts.checks.findings import check_structure
    from handouts.i18n.select import localised

    renderer = Renderer(project, language=language)
    check_catalogue(language, project.root, found)
    rendered = []
    for procedure, handouts in localised(project, language, chosen):
        check_translation_status(procedure, found)
        if procedure.translation.missing:
            continue
        for handout in handouts:
            doc = renderer.handout(handout)
            rendered.append(doc)
            score = check_translated(doc, handout, limits, found)
            if score is not None:
                report.translated.append(score)
            check_structure(doc, procedure.source, found)
            report.documents += 1
    return rendered


def check_translated(doc: HtmlDocument, handout, limits, found) -> TranslatedScore | None:
    """Readability and translation findings for one translated handout."""
    procedure = handout.procedure
    language = procedure.language
    name = f"{language}/{doc.name}"
    source = procedure.source
    sections = document_sections(doc)
    scorer = FORMULAS.get(language)
    if scorer is None:
        found.add(
            "info",
            "readability",
            name,
            "",
            f"no readability formula for language '{language}': have a reviewer judge it",
            source,
        )
        return None
    return _score(name, language, handout.title, source, sections, scorer, limits, found)


def _score(name, language, title, source, sections: list[ProseSection], scorer, limits, found):
    scored = [
        TranslatedSectionScore(s.id, s.title, scorer([u.text for u in s.units])) for s in sections
    ]
    whole = scorer([u.text for s in sections for u in s.units])
    hardest = sorted((s for s in scored if s.scores.words), key=lambda s: s.scores.inflesz)
    named = ", ".join(f"{s.id} (INFLESZ {s.scores.inflesz:.0f})" for s in hardest[:3])
    if whole.words and whole.inflesz < limits.handout_min_inflesz:
        found.add(
            "error",
            "readability",
            name,
            "",
            f"patient text scores INFLESZ {whole.inflesz:.1f} ({whole.band}), below the "
            f"minimum of {limits.handout_min_inflesz:g}; hardest sections: {named}",
            source,
        )
    for section in scored:
        if section.scores.words and section.scores.inflesz < limits.section_min_inflesz:
            found.add(
                "warning",
                "readability",
                name,
                section.id,
                f"section scores INFLESZ {section.scores.inflesz:.1f} ({section.scores.band}), "
                f"below {limits.section_min_inflesz:g}",
                source,
            )
        for words, sentence in scorer(
            [u.text for s in sections if s.id == section.id for u in s.units], longest=1_000
        ).longest:
            if words > limits.sentence_max_words:
                found.add(
                    "warning",
                    "readability",
                    name,
                    section.id,
                    f"sentence of {words} words (limit {limits.sentence_max_words}): "
                    f"“{sentence[:89]}{' …' if len(sentence) > 89 else ''}”",
                    source,
                )
        if not section.scores.words:
            found.add("error", "sections", name, section.id, "section prints no text", source)
    return TranslatedScore(name, language, title, source, whole, scored)


def check_translation_status(procedure, found) -> None:
    """Draft status and missing parts of one translated procedure (stale versions are found
    while loading, as a warning naming both files)."""
    translation = procedure.translation
    name = f"{procedure.language}/{procedure.id}"
    for what in translation.missing:
        found.add(
            "error",
            "translation",
            name,
            "",
            f"lacks {what} that the English has: the handout cannot be made in this language",
            translation.source,
        )
    if translation.is_draft:
        found.add(
            "info",
            "translation",
            name,
            "",
            f"draft translation of English version {translation.of_version}: not yet reviewed "
            "by a qualified medical translator; set translation.reviewed_by once it is",
            translation.source,
        )


def check_catalogue(language: str, project_root, found) -> None:
    """Template strings the language's catalogue leaves in English."""
    missing = untranslated(language, project_root)
    if missing:
        shown = ", ".join(f"“{m}”" for m in missing[:3]) + (" …" if len(missing) > 3 else "")
        found.add(
            "warning",
            "translation",
            "",
            "",
            f"{len(missing)} template string(s) have no {language} translation and print in "
            f"English: {shown}",
            f"locale/{language}/LC_MESSAGES/handouts.po",
        )
