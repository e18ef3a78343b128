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

from handouts.errors import HandoutsError
from handouts.project.loader import Project
from handouts.render.document import HtmlDocument
from handouts.render.theme import find_stylesheet

LARGE_PRINT_STYLESHEET = "css/large-print.css"
LARGE_PRINT_SUFFIX = "-large-print"
PAGE_LIMIT_FACTOR = 2  # the same words at 18 pt instead of 12.5 pt need about twice the pages

_YES = {"yes", "y", "true", "1", "x", "large print", "large-print"}
_NO = {"", "no", "n", "false", "0"}


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
    value = (cell or "").strip().lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    return None
