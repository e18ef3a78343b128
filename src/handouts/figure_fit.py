"""When figures do not fit: lay the handout out again without them, and say so.

Figures help, but never at the cost of words: the text, above all the safety boxes, must stay
within the page limit, and the pain diary on one page. So when a handout with figures is too
long, it is laid out again without its figures; if that fits, it is printed that way and the
build warns, naming the drawings left out and the edition. A pain diary that would spill onto
a second page loses its body outline the same way. In the large-print edition (18 pt words
beside the same drawings) this is expected now and then; in the standard edition it means the
text grew, and the warning says to shorten it.
"""

from __future__ import annotations

from dataclasses import replace

from handouts.render.document import HtmlDocument
from handouts.render.figures import strip_figures


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
    if diary_pages(doc, document, content_pages) > 1:
        bare, names = without_figures(doc, diary_only=True)
        if names:
            doc, document = bare, maker.layout(bare)
            warnings.append(left_out_warning(doc, names, "the pain diary must fit on one page"))
    if too_long(doc, document):
        bare, names = without_figures(doc)
        if names:
            laid_out = maker.layout(bare)
            if not too_long(bare, laid_out):
                large = "large print" in doc.keywords
                why = f"the handout does not fit its {doc.page_limit}-page limit with them" + (
                    " in large print" if large else "; shorten the text to print them"
                )
                doc, document = bare, laid_out
                warnings.append(left_out_warning(doc, names, why))
    return doc, document, warnings
