"""Step three of the pipeline: HTML for each document, with its metadata. No WeasyPrint here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from handouts import __version__
from handouts.brand.brandfile import GeneratedStylesheet
from handouts.project.content import Handout
from handouts.project.loader import Project
from handouts.render.figures import FigurePrinter
from handouts.render.theme import make_environment, render_template, stylesheet_paths


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


class Renderer:
    """Renders a project's documents to HTML, sharing one Jinja environment."""

    def __init__(self, project: Project, env: jinja2.Environment | None = None):
        self.project = project
        self.env = env or make_environment(project)
        self.figures = FigurePrinter(project)

    def base_context(self) -> dict:
        settings = self.project.settings
        return {
            "clinic": settings.clinic,
            "settings": settings,
            "language": settings.print.language,
            "paper": settings.print.paper,
            "generator": f"handouts {__version__}",
            "glossary": self.project.glossary,
            "figures": self.figures,
        }

    def handout(self, handout: Handout, extra: dict | None = None) -> HtmlDocument:
        procedure = handout.procedure
        context = {
            **self.base_context(),
            "handout": handout,
            "procedure": procedure,
            "review": procedure.review,
            "terms": [
                self.project.glossary[t] for t in procedure.terms if t in self.project.glossary
            ],
            **(extra or {}),
        }
        html = render_template(self.env, "handout.html.j2", context)
        return HtmlDocument(
            name=handout.slug,
            kind="handout",
            html=html,
            stylesheets=stylesheet_paths(self.project, "handout"),
            title=f"{handout.title} — {self.project.settings.clinic.name}",
            subject=f"Patient handout: {handout.title}",
            language=self.project.settings.print.language,
            created=procedure.review.last_reviewed,
            page_limit=procedure.page_limit,
            diary_anchor=f"{handout.slug}-diary" if handout.diary else None,
            keywords=["patient education", procedure.id],
        )

    def handouts(self) -> list[HtmlDocument]:
        return [
            self.handout(h)
            for procedure in self.project.procedures.values()
            for h in procedure.handouts()
        ]

    def booklet(self) -> HtmlDocument:
        booklet = self.project.booklet
        context = {
            **self.base_context(),
            "booklet": booklet,
            "review": booklet.review,
            "chapters": self.project.chapters(),
            "glossary_entries": sorted(
                self.project.glossary.values(), key=lambda e: e.term.lower()
            ),
        }
        html = render_template(self.env, "booklet.html.j2", context)
        return HtmlDocument(
            name="clinician-booklet",
            kind="booklet",
            html=html,
            stylesheets=stylesheet_paths(self.project, "booklet"),
            title=f"{booklet.title} — {self.project.settings.clinic.name}",
            subject=booklet.subtitle,
            language=self.project.settings.print.language,
            created=booklet.review.last_reviewed,
            keywords=["clinician reference", "interventional pain"],
        )
