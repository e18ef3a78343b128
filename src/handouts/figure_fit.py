"""When figures do not fit: tighten the spacing, else lay the handout out without them.

Figures help, but never at the cost of words: the text, above all the safety boxes, must stay
within the page limit, and the pain diary on one page. So when a handout with figures is too
long, it is first laid out with less space around headings, paragraphs and boxes (the same
spacing step as the build's general tightening, whose floors it keeps: no type size, line
height or margin changes); if it is still too long, it is laid out without its figures; if
that fits, it is printed that way and the build warns, naming the drawings left out and the
edition. A pain diary that would spill onto
a second page loses its body outline the same way. In the large-print edition (18 pt words
beside the same drawings) this is expected now and then; in the standard edition it means the
text grew, and the warning says to shorten it.
"""

from __future__ import annotations

from dataclasses import replace

from handouts.render.document import HtmlDocument
from handouts.render.figures import FIGURE_MARK, VIDEO_MARK, strip_figures

# Less space between blocks; every size floor (docs/printing.md) untouched.
SPACING_CSS = """
p { margin-bottom: 4pt; }
li { margin-bottom: 1pt; }
.subtitle { margin-bottom: 6pt; }
.masthead { margin-bottom: 8pt; padding-bottom: 4pt; }
.section h2 { margin-top: 8pt; margin-bottom: 2pt; }
ol.steps li { margin-bottom: 2pt; }
.help-box { margin: 6pt 0; padding-top: 5pt; padding-bottom: 2pt; }
.note { margin-top: 4pt; }
"""


def without_figures(doc: HtmlDocument, *, diary_only: bool = False):
    """The document with its figures (or the diary's) taken out, and their names."""
    html, names = strip_figures(doc.html, diary_only=diary_only)
    return replace(doc, html=html), names


def left_out_warning(doc: HtmlDocument, names: list[str], why: str) -> str:
    unique = list(dict.fromkeys(names))
    plural = "s" if len(unique) > 1 else ""
    return f"{doc.name}: figure{plural} {', '.join(unique)} left out: {why}"


def diary_pages(doc: HtmlDocument, document, content_pages) -> int:
    return len(document.pages) - content_pages(doc, document) if doc.diary_anchor else 0


def fit_figures(maker, doc: HtmlDocument, document, too_long, content_pages):
    """(doc, document, warnings): the layout to print, leaving figures out only if needed.

    `too_long(doc, document)` is the build's page-limit rule (a message, or None) and
    `content_pages(doc, document)` the pages it counts."""
    warnings: list[str] = []
    spread = diary_pages(doc, document, content_pages)
    if spread > 1:
        bare, names = without_figures(doc, diary_only=True)
        laid_out = maker.layout(bare) if names else None
        if laid_out is not None and diary_pages(bare, laid_out, content_pages) < spread:
            warnings.append(
                left_out_warning(doc, names, "it would push the pain diary onto another page")
            )
            doc, document = bare, laid_out
    if not too_long(doc, document) or not (FIGURE_MARK in doc.html or VIDEO_MARK in doc.html):
        return doc, document, warnings
    tighter = maker.layout(doc, extra_css=[SPACING_CSS])
    if not too_long(doc, tighter):
        return doc, tighter, warnings
    bare, names = without_figures(doc)
    if names:
        for extra in ([], [SPACING_CSS]):
            laid_out = maker.layout(bare, extra_css=extra)
            if not too_long(bare, laid_out):
                large = "large print" in doc.keywords
                why = f"the handout does not fit its {doc.page_limit}-page limit with them" + (
                    " in large print" if large else "; shorten the text to print them"
                )
                warnings.append(left_out_warning(doc, names, why))
                return bare, laid_out, warnings
    return doc, document, warnings
