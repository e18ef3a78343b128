"""Step three of the pipeline: HTML for each document, with its metadata. No WeasyPrint here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from handouts import __version__
from handouts.brand.brandfile import GeneratedStylesheet
from handouts.diagnostics import HandoutsError
from handouts.i18n.catalog import translator
from handouts.i18n.languages import document_tag
from handouts.i18n.notice import notice_lines
from handouts.project.content import Handout
from handouts.project.diary import DIARY_COLUMNS
from handouts.project.loader import Project
from handouts.project.medication_holds import SOURCES as HOLD_SOURCES
from handouts.render.booklet_references import booklet_references
from handouts.render.figures import FigurePrinter
from handouts.render.theme import make_environment, render_template, stylesheet_paths
from handouts.render.words import words_to_know


@dataclass
class HtmlDocument:
    """One document ready for layout: HTML text plus everything the PDF writer needs."""

    name: str  # output name without extension, e.g. "nerve-block"
    kind: str  # "handout" or "booklet"
    html: str
    stylesheets: list[Path | GeneratedStylesheet]  # files, and CSS made from _brand.yml
    title: str
    subject: str
    language: str
    created: dt.date
    page_limit: int | None = None
    # Anchor of a trailing pain-diary page, which the page limit does not count. It stays the
    # same in the large-print edition, whose name differs.
    diary_anchor: str | None = None
    keywords: list[str] = field(default_factory=list)
    # The content's base language ("en", "es"): other languages go to output/handouts/<lang>/.
    content_language: str = "en"
    # Fingerprints (sha256) of the procedure files it prints, by procedure id: kept in the
    # build record (incremental/state.py).
    content: dict[str, str] = field(default_factory=dict)
    # Readers already fed from `html` (render/html_scan.py), so later steps parse it no more.
    # Not an init field: `dataclasses.replace(doc, html=...)` starts a new document with none.
    readings: dict = field(default_factory=dict, init=False, repr=False, compare=False)


class Renderer:
    """Renders a project's documents in one language to HTML, sharing one Jinja environment.

    `language` is a base language ("en", "es"); the booklet is always English."""

    def __init__(
        self, project: Project, env: jinja2.Environment | None = None, language: str = "en"
    ):
        self.project = project
        self.language = language
        self.tag = document_tag(language, project.settings.print.language)
        self.env = env or make_environment(project, language)
        self.translations = translator(language, project.root)
        self.figures = FigurePrinter(project, self.translations, language)

    def text(self, message: str, **values) -> str:
        """A catalogue message in this language, for PDF metadata (plain text, not HTML)."""
        return self.translations.gettext(message) % values

    def base_context(self) -> dict:
        """What every template is given; called once per document."""
        settings = self.project.settings
        self.figures.new_document()
        return {
            "clinic": settings.clinic,
            "settings": settings,
            "language": self.tag,
            "paper": settings.print.paper,
            "generator": f"handouts {__version__}",
            "glossary": self.project.glossary_in(self.language),
            "language_notice": notice_lines(self.project),
            "figures": self.figures,
        }

    def handout(self, handout: Handout, extra: dict | None = None) -> HtmlDocument:
        procedure = handout.procedure
        if procedure.language != self.language:
            raise HandoutsError(
                f"{handout.slug}: the {procedure.language} content cannot be printed as "
                f"{self.language}"
            )
        translation = procedure.translation
        if translation is not None and translation.missing:
            raise HandoutsError(
                f"{translation.source}: lacks {', '.join(translation.missing)} that the "
                f"English has; the {self.language} handout is not made without it"
            )
        glossary = self.project.glossary_in(self.language)
        context = {
            **self.base_context(),
            "handout": handout,
            "procedure": procedure,
            "review": procedure.review,
            "translation": translation,
            "terms": [glossary[t] for t in procedure.terms if t in glossary],
            "words_to_know": words_to_know(handout, glossary),
            "diary_columns": DIARY_COLUMNS,
            **(extra or {}),
        }
        html = render_template(self.env, "handout.html.j2", context)
        return HtmlDocument(
            name=handout.slug,
            kind="handout",
            html=html,
            stylesheets=stylesheet_paths(self.project, "handout", self.language),
            title=f"{handout.title} — {self.project.settings.clinic.name}",
            subject=self.text("Patient handout: %(title)s", title=handout.title),
            language=self.tag,
            created=procedure.review.last_reviewed,
            page_limit=procedure.page_limit,
            diary_anchor=f"{handout.slug}-diary" if handout.diary else None,
            keywords=["patient education", procedure.id, procedure.fingerprint_keyword],
            content_language=self.language,
            content={procedure.id: procedure.content_sha256},
        )

    def handouts(self) -> list[HtmlDocument]:
        return [
            self.handout(h)
            for procedure in self.project.procedures_in(self.language).values()
            for h in procedure.handouts()
        ]

    def booklet(self) -> HtmlDocument:
        booklet = self.project.booklet
        chapters = self.project.chapters()
        holds = self.project.settings.medication_holds
        references = booklet_references(booklet, chapters, HOLD_SOURCES if holds else ())
        context = {
            **self.base_context(),
            "booklet": booklet,
            "review": booklet.review,
            "chapters": chapters,
            "references": references.entries,
            "reference_numbers": references.numbers,
            "hold_sources": HOLD_SOURCES,
            "glossary_entries": sorted(
                self.project.glossary.values(), key=lambda e: e.term.lower()
            ),
        }
        html = references.renumber(render_template(self.env, "booklet.html.j2", context))
        return HtmlDocument(
            name="clinician-booklet",
            kind="booklet",
            html=html,
            stylesheets=stylesheet_paths(self.project, "booklet"),
            title=f"{booklet.title} — {self.project.settings.clinic.name}",
            subject=booklet.subtitle,
            language=document_tag("en", self.project.settings.print.language),
            created=booklet.review.last_reviewed,
            keywords=["clinician reference", "interventional pain"],
            content={p.id: p.content_sha256 for p in context["chapters"]},
        )
