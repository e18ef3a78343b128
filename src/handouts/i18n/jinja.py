"""Languages in the Jinja environment and the page furniture CSS prints.

Templates mark the words they print with `{{ _("...") }}` (Jinja's i18n extension, new-style
gettext: variables are passed by name and escaped, and the result is safe markup). Each
language gets its own environment, holding its catalogue, its month names and its page label.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
from babel.dates import format_date

from handouts.brand.brandfile import GeneratedStylesheet
from handouts.i18n.catalog import PYTHON_MESSAGES, SOURCE_LANGUAGE, translator

PAGE_LABEL = PYTHON_MESSAGES[0]  # {page} and {pages} become CSS counters


def install(env: jinja2.Environment, language: str, tag: str, project_root: Path | None) -> None:
    """Give the environment the language's catalogue and date names."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(translator(language, project_root), newstyle=True)
    locale = tag.replace("-", "_")
    env.filters["monthyear"] = lambda d: month_year(d, locale)
    env.globals["content_language"] = language


def month_year(value: dt.date, locale: str) -> str:
    """'November 2026', 'noviembre de 2026' (CLDR's year-month)."""
    if locale.startswith(SOURCE_LANGUAGE):
        return format_date(value, "MMMM y", locale=locale)
    from babel.dates import format_skeleton

    return format_skeleton("yMMMM", value, locale=locale)


def page_label_stylesheet(
    language: str, project_root: Path | None, kind: str
) -> GeneratedStylesheet | None:
    """`@page` footer text in the document's language: "Página 1 de 2".

    The English label lives in css/handout.css; other languages add this rule after the
    built-in stylesheets (and before the clinic's, which may still restyle it)."""
    if language == SOURCE_LANGUAGE or kind != "handout":
        return None
    label = translator(language, project_root).gettext(PAGE_LABEL)
    parts = []
    for piece in _split(label):
        if piece in ("{page}", "{pages}"):
            parts.append(f"counter({piece[1:-1]})")
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return GeneratedStylesheet(
        f"page label ({language})", "@page { @bottom-right { content: " + " ".join(parts) + " } }"
    )


def _split(label: str) -> list[str]:
    pieces, rest = [], label
    while rest:
        starts = [(rest.find(m), m) for m in ("{pages}", "{page}") if rest.find(m) >= 0]
        if not starts:
            pieces.append(rest)
            break
        index, marker = min(starts)
        pieces.extend([rest[:index], marker])
        rest = rest[index + len(marker) :]
    return pieces
