"""The large-print edition of a patient document (handout, appointment page, ...).

Large print is one extra stylesheet, `css/large-print.css`, added after every other one, so it
applies to any document kind without forking templates (a clinic may override it by placing its
own `templates/css/large-print.css`). It follows the patient-education standards §4: body text
18 pt, bold larger headings, line spacing 1.25, one left-aligned column, 0.9-inch margins.

The edition is written beside the standard one as `<name>-large-print.pdf`, and may take twice
as many pages. `batch` (CSV column `large_print`) uses `large_print_edition` and
`wants_large_print` the same way `build` does.
"""

from __future__ import annotations

from dataclasses import replace

from handouts.diagnostics import HandoutsError
from handouts.project.loader import Project
from handouts.render.document import HtmlDocument
from handouts.render.theme import find_stylesheet
from handouts.yes_no import read_yes_no

LARGE_PRINT_STYLESHEET = "css/large-print.css"
LARGE_PRINT_SUFFIX = "-large-print"
PAGE_LIMIT_FACTOR = 2  # the same words at 18 pt instead of 12.5 pt need about twice the pages

# Words a schedule's large_print column may hold beside yes/no (yes_no.py).
LARGE_PRINT_YES = frozenset({"x", "large print", "large-print"})


def large_print_edition(project: Project, doc: HtmlDocument) -> HtmlDocument:
    """The same document with the large-print stylesheet last, a new name and page limit."""
    if doc.kind == "booklet":
        raise HandoutsError("the clinician booklet has no large-print edition")
    stylesheet = find_stylesheet(project, LARGE_PRINT_STYLESHEET)
    if stylesheet is None:
        raise HandoutsError(f"stylesheet {LARGE_PRINT_STYLESHEET} is missing from the templates")
    return replace(
        doc,
        name=doc.name + LARGE_PRINT_SUFFIX,
        stylesheets=[*doc.stylesheets, stylesheet],
        title=f"{doc.title} (large print)",
        subject=f"{doc.subject} (large print)",
        page_limit=doc.page_limit * PAGE_LIMIT_FACTOR if doc.page_limit else None,
        keywords=[*doc.keywords, "large print"],
    )


def wants_large_print(cell: str | None) -> bool | None:
    """Read a CSV `large_print` cell: True, False, or None when it is not a yes/no answer."""
    return read_yes_no(cell, also_yes=LARGE_PRINT_YES)
