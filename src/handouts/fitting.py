"""Fitting a handout to its page limit without cutting anything or breaking a reading floor.

A clinic's font, wording or template override can push a handout past its page limit. Before
giving up, the layout is tried again with a small, fixed sequence of tightenings, each added
to the ones before, and the first layout that fits is kept:

1. spacing:     less space around headings, paragraphs, list items and boxes;
2. line height: body line height down by 0.1, never below 1.2 (and never above 1.5);
3. type size:   body text down by 0.5 pt, never below 12 pt (18 pt in large print);
4. margins:     top and bottom margins down by 0.15 in (never below 0.5 in), side margins
                down by 0.25 in, never below 0.75 in.

Each step starts from the values of the natural layout, so a step that would not make
anything smaller is skipped. These floors are the ones in docs/printing.md. When even the
tightest layout is too long, the natural layout is written and the build warns, naming how
many pages over and the section that crosses the limit (`--strict` makes it an error).

A layout takes about half a second, so the steps are not tried strictly in order: the first
step alone (all that most handouts need), then all of them (a handout that does not fit at
its tightest fits with none of the steps before it, since each step only takes space away),
then the ones between, in order. The layout kept is the one trying them in order would
keep; a handout that cannot fit costs three layouts, not five.
"""

from __future__ import annotations

from dataclasses import dataclass

from handouts.pdf.measure import Trial
from handouts.pdf.trials import Trials
from handouts.render.document import HtmlDocument

PX_PER_PT = 4 / 3
PX_PER_IN = 96
BODY_FLOOR_PT = 12
LARGE_PRINT_FLOOR_PT = 18
LINE_HEIGHT_RANGE = (1.2, 1.5)
SIDE_MARGIN_FLOOR_IN = 0.75
TOP_BOTTOM_FLOOR_IN = 0.5

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
LARGE_PRINT_SPACING_CSS = SPACING_CSS + "body h2 { margin-top: 8pt !important; }\n"


@dataclass(frozen=True)
class Fitted:
    """The layout to print: `doc` with the extra CSS `css`, as pdf/trials.py answered for it.

    `document` is the real layout, filled in by figure_fit.fit_handout once the search ends."""

    doc: HtmlDocument
    trial: Trial
    css: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()  # the tightenings it needed; () when it fitted as it was
    pages_over: int = 0  # > 0: even tightened it was too long; this is the natural layout
    crossing: str | None = None  # the title of the section that crosses the page limit
    document: object = None  # the weasyprint.Document to write

    def note(self, doc: HtmlDocument) -> str | None:
        if not self.steps:
            return None
        return f"{doc.name}: tightened to fit {doc.page_limit} pages ({', '.join(self.steps)})"

    def overflow(self, doc: HtmlDocument) -> str | None:
        """How far over its limit the handout is, and where, or None when it fits."""
        if not self.pages_over:
            return None
        pages = doc.page_limit + self.pages_over
        where = f"; '{self.crossing}' crosses the limit" if self.crossing else ""
        return (
            f"takes {pages} pages, {self.pages_over} over its limit of {doc.page_limit} "
            f"even tightened{where}"
        )


def is_large_print(doc: HtmlDocument) -> bool:
    return "large print" in doc.keywords


def fit(trials: Trials, doc: HtmlDocument, natural: Trial | None = None) -> Fitted:
    """`doc` as it is (its trial layout `natural`, made here if not given), or tightened step
    by step if it is over its page limit."""
    natural = natural if natural is not None else trials.trial(doc)
    limit = doc.page_limit
    if limit is None or natural.content_pages <= limit:
        return Fitted(doc, natural)
    steps = list(tightenings(natural, is_large_print(doc)))
    count = fewest_steps(len(steps), lambda n: fits(trials, doc, steps[:n]))
    if count is not None:
        css = tuple(rule for _, rule in steps[:count])
        names = tuple(name for name, _ in steps[:count])
        return Fitted(doc, trials.trial(doc, css), css, names)
    over = natural.content_pages - limit
    return Fitted(doc, natural, (), (), over, natural.crossing)


def fits(trials: Trials, doc: HtmlDocument, steps) -> bool:
    css = tuple(rule for _, rule in steps)
    return doc.page_limit is None or trials.trial(doc, css).content_pages <= doc.page_limit


def fewest_steps(count: int, fits_with) -> int | None:
    """The fewest of `count` steps (1 to count) with which `fits_with(n)` is true, or None,
    trying one step, then all of them, then the ones between."""
    if count == 0:
        return None
    if fits_with(1):
        return 1
    if count == 1 or not fits_with(count):
        return None
    return next(n for n in range(2, count + 1) if fits_with(n))


def fits_tightest(trials: Trials, doc: HtmlDocument, look: Trial) -> bool:
    """Whether `doc` fits its limit with every tightening, taken from `look`: the natural
    layout of the same handout with the same stylesheets (so the same type size, line height
    and margins), with other words. Fitting asks this of narrower versions of a handout
    (figure_fit.py) before laying one out untightened."""
    return fits(trials, doc, list(tightenings(look, is_large_print(doc))))


def tightenings(natural: Trial, large_print: bool):
    """(name, CSS) of each step that makes something smaller, from the natural layout."""
    font_px = natural.font_px
    line = natural.line_height
    important = " !important" if large_print else ""
    yield "spacing", LARGE_PRINT_SPACING_CSS if large_print else SPACING_CSS
    if large_print:
        # The large-print edition is already at its floors (line height 1.25, wide side
        # margins, 18 pt): only spacing may give.
        return
    low, high = LINE_HEIGHT_RANGE
    target = round(min(high, max(low, line - 0.1)), 2)
    if target < line:
        rule = f"html {{ line-height: {target}; }}"
        if large_print:
            rule += f" body * {{ line-height: {target}{important}; }}"
        yield "line height", rule
    floor = LARGE_PRINT_FLOOR_PT if large_print else BODY_FLOOR_PT
    size = max(floor, font_px / PX_PER_PT - 0.5)
    if size < font_px / PX_PER_PT - 0.01 and not large_print:
        yield "type size", f"html {{ font-size: {size:g}pt; }}"
    margins = margin_rule(natural.margins)
    if margins:
        yield "margins", margins


def margin_rule(now: tuple[float, float, float, float]) -> str | None:
    """Tighter page margins within the floors, from the natural ones (top, right, bottom,
    left, in px), or None when they are at the floors already."""
    inch = PX_PER_IN
    top, right, bottom, left = (m / inch for m in now)
    new = (
        max(TOP_BOTTOM_FLOOR_IN, top - 0.15),
        max(SIDE_MARGIN_FLOOR_IN, right - 0.25),
        max(TOP_BOTTOM_FLOOR_IN, bottom - 0.15),
        max(SIDE_MARGIN_FLOOR_IN, left - 0.25),
    )
    if all(n * inch >= m - 0.5 for n, m in zip(new, now, strict=True)):
        return None
    return "@page {{ margin: {:.2f}in {:.2f}in {:.2f}in {:.2f}in; }}".format(*new)
