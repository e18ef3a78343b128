"""When figures do not fit: tighten the text first, else lay the handout out without them.

Figures help, but never at the cost of words: the text, above all the safety boxes, must stay
within the page limit, and the pain diary on one page. So a handout with figures that is too
long first goes through the build's general tightening (fitting.py: spacing, line height,
type size, margins, every reading floor kept); if even the tightest layout is too long, it is
laid out (and tightened the same way) without its figures; if that fits, it is printed that
way and the build warns, naming the drawings left out and the edition. A pain diary that
would spill onto a second page loses its body outline first, the same way. In the
large-print edition (18 pt words beside the same drawings) this is expected now and then; in
the standard edition it means the text grew, and the warning says to shorten it.

Before any drawing is left out, the "Words to know" box gives way: it keeps only the terms of
the handout's key parts (render/words.py), and as a last resort is left out. That is a
tightening like the others, named in the build's note, not a warning: the text keeps every
word and the terms stay underlined.
"""

from __future__ import annotations

from dataclasses import replace

from handouts.fitting import fit, fits_tightest
from handouts.pdf.trials import StaleTrials, Trials
from handouts.render.document import HtmlDocument
from handouts.render.figures import FIGURE_MARK, VIDEO_MARK, strip_figures
from handouts.render.words import KEY_PARTS, WORDS_MARK, limit_words, without_words

WORDS_STEP = "words to know of the key sections only"
WORDS_LEFT_OUT = "words to know left out"


def without_figures(doc: HtmlDocument, *, diary_only: bool = False):
    """The document with its figures (or the diary's) taken out, and their names."""
    html, names = strip_figures(doc.html, diary_only=diary_only)
    return replace(doc, html=html), names


def left_out_warning(doc: HtmlDocument, names: list[str], why: str) -> str:
    unique = list(dict.fromkeys(names))
    plural = "s" if len(unique) > 1 else ""
    return f"{doc.name}: figure{plural} {', '.join(unique)} left out: {why}"


def fit_words(trials, doc: HtmlDocument, fitted):
    """(doc, Fitted): a handout over its limit keeps the "Words to know" of its key
    parts only, narrower each time (render/words.py), and, if even that is too long, none.
    Both are steps of the build's note, not warnings: every word of the text stays (its
    terms stay marked), so a content author sees it and `--strict` builds still pass."""
    if not fitted.pages_over or WORDS_MARK not in doc.html:
        return doc, fitted
    look = fitted.trial  # the natural layout: each narrower version is tried at its
    # tightest first (a layout), and searched (up to five) only if that fits
    narrowed = False
    for key_parts in KEY_PARTS:
        limited, taken = limit_words(doc.html, key_parts)
        if not taken:
            continue
        doc, narrowed = replace(doc, html=limited), True
        if WORDS_MARK not in doc.html or fits_tightest(trials, doc, look):
            fitted = with_steps(fit(trials, doc), (WORDS_STEP,))
            if not fitted.pages_over or WORDS_MARK not in doc.html:
                return doc, fitted
    bare = replace(doc, html=without_words(doc.html))
    if fits_tightest(trials, bare, look):
        bare_fitted = fit(trials, bare)
        if not bare_fitted.pages_over:
            return bare, with_steps(bare_fitted, (WORDS_LEFT_OUT,))
    return doc, (fit(trials, doc) if narrowed else fitted)


def with_steps(fitted, steps: tuple[str, ...]):
    """A layout that fits, noting the steps beyond fitting.fit's that it also needed."""
    return replace(fitted, steps=(*fitted.steps, *steps)) if not fitted.pages_over else fitted


def fit_handout(maker, doc: HtmlDocument):
    """(doc, Fitted, warnings): the layout to print, tightened first (fitting.fit) and leaving
    figures out only if even the tightest layout with them is too long. `Fitted.document` is
    its real layout, to write.

    Trial layouts are remembered (pdf/trials.py), so fitting the same handout again in this
    process lays it out once."""
    trials = Trials(maker)
    try:
        doc, fitted, warnings = _search(trials, doc)
        document = trials.document(fitted.doc, fitted.css)
    except StaleTrials:  # a file changed under a kept answer: search again from scratch
        doc, fitted, warnings = _search(trials, doc)
        document = trials.document(fitted.doc, fitted.css)
    trials.save()
    return doc, replace(fitted, document=document), warnings


def _search(trials, doc: HtmlDocument):
    warnings: list[str] = []
    natural = trials.trial(doc)
    spread = natural.diary_pages
    if spread > 1 or (spread and natural.lost_captions):
        bare, names = without_figures(doc, diary_only=True)
        laid_out = trials.trial(bare) if names else None
        if laid_out is not None and (
            laid_out.diary_pages < spread or laid_out.lost_captions < natural.lost_captions
        ):
            warnings.append(
                left_out_warning(doc, names, "it would push the pain diary onto another page")
            )
            doc, natural = bare, laid_out
    fitted = fit(trials, doc, natural)
    whole = doc  # with every word to know, for the layout without figures
    doc, fitted = fit_words(trials, doc, fitted)
    if not fitted.pages_over or not (FIGURE_MARK in doc.html or VIDEO_MARK in doc.html):
        return doc, fitted, warnings
    bare, names = without_figures(whole)
    if names:
        bare_fitted = fit(trials, bare)
        bare, bare_fitted = fit_words(trials, bare, bare_fitted)
        if not bare_fitted.pages_over:
            large = "large print" in doc.keywords
            why = f"the handout does not fit its {doc.page_limit}-page limit with them" + (
                " in large print" if large else "; shorten the text to print them"
            )
            warnings.append(left_out_warning(doc, names, why))
            return bare, bare_fitted, warnings
    return doc, fitted, warnings
