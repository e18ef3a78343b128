"""The clinician booklet laid out a part at a time, and each part kept for the next build.

The booklet (5 to 6 s to lay out whole) is cut into its front and its chapters
(booklet_split.py). Each part is laid out alone, numbered from the page it starts on, written,
cut of its placeholder pages (trim.py) and kept (part_store.py) under a key of everything that
made it: its HTML, the stylesheets and the files they name (trials.layout_key), the page it
starts on, the page numbers it prints of other parts (cross_references.py), the document's
metadata and the versions of the libraries that write it. The parts are then joined, each on
a right-hand page (join.py). Editing one chapter lays out only that chapter; the parts after
it are reused while their first pages stay where they were, and the contents (a part that
prints the other parts' page numbers) is laid out again only when a number changed. So an
edit that changes a chapter's page count lays out the chapters after it too, and the result
is always the booklet a build that reuses nothing (`--force`) writes, byte for byte.

Page numbers printed of other parts are settled the way LaTeX settles them: each part that
prints them is laid out with the numbers the last booklet had (or 0), and laid out again
when the joined booklet shows another number, at most MAX_ROUNDS times.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, replace

import pikepdf

from handouts.pdf.booklet_split import (
    Booklet,
    first_page_css,
    foreign_targets,
    split_booklet,
    stub_page_css,
)
from handouts.pdf.cross_references import TARGET_FUNCTIONS, reads_other_pages, target_selectors
from handouts.pdf.join import PreparedPart, _tree_pairs, join_all
from handouts.pdf.part_store import PartStore
from handouts.pdf.trials import _sheet_texts, layout_key
from handouts.pdf.trim import keep_first_pages
from handouts.render.document import HtmlDocument

MAX_ROUNDS = 3
PART_FORMAT = 2  # bump when a part's PDF changes (trim, placeholders, how it is saved)


@dataclass
class MadePart:
    data: bytes
    pages: int
    anchors: dict[str, int]  # id -> 0-based page in the part
    numbers_read: dict[str, int]  # other parts' ids -> the page number it was laid out with
    laid_out: bool  # False when reused from the store


@dataclass
class MadeBooklet:
    data: bytes
    pages: int
    laid_out: list[str]  # the parts laid out (the others were reused)
    reused: list[str]


def make_booklet(maker, doc: HtmlDocument, *, reuse: bool = True) -> MadeBooklet | None:
    """The booklet made of parts, or None when its HTML cannot be cut (lay it out whole)."""
    booklet = split_booklet(doc.html)
    if booklet is None:
        return None
    store = PartStore(maker.project.root, read=reuse)
    readers = _parts_reading_numbers(booklet, doc)
    numbers = store.pages()
    laid_out: set[int] = set()
    for _ in range(MAX_ROUNDS):
        made = _make_parts(maker, doc, booklet, readers, numbers, store)
        laid_out.update(i for i, part in enumerate(made) if part.laid_out)
        found = _where_ids_fell(booklet, made)
        unsettled = [
            name
            for part in made
            for name, page in part.numbers_read.items()
            if found.get(name, 0) != page
        ]
        numbers = found
        if not unsettled:
            break
    else:
        maker.warnings.append(
            f"{doc.name}: the page numbers printed for {', '.join(unsettled[:3])} did not "
            f"settle in {MAX_ROUNDS} layouts; check them in the PDF"
        )
    store.keep_pages(numbers)
    salted = [PreparedPart(p.data, salt=f"booklet part {i}") for i, p in enumerate(made[1:], 1)]
    data = join_all(made[0].data, salted, recto=True)
    return MadeBooklet(
        data,
        _start_pages(made)[-1] + made[-1].pages - 1,
        [part.name for i, part in enumerate(booklet.parts) if i in laid_out],
        [part.name for i, part in enumerate(booklet.parts) if i not in laid_out],
    )


def _parts_reading_numbers(booklet: Booklet, doc: HtmlDocument) -> set[int]:
    texts = [text for sheet in doc.stylesheets for text in _stylesheet_texts(sheet)]
    selectors = target_selectors(texts)
    if any(name in booklet.head for name in TARGET_FUNCTIONS):
        selectors = None
    return {
        index
        for index, part in enumerate(booklet.parts)
        if foreign_targets(booklet, index)
        and reads_other_pages(booklet.html(index, {}), part.body, selectors)
    }


def _stylesheet_texts(sheet) -> list[str]:
    text = getattr(sheet, "text", None)
    if text is not None:
        return [text]
    from pathlib import Path

    return [sheet_text for _, sheet_text in _sheet_texts(Path(sheet))]


def _make_parts(maker, doc, booklet: Booklet, readers: set[int], numbers, store) -> list:
    made: list[MadePart] = []
    start = 1
    for index in range(len(booklet.parts)):
        # Only a part that prints other parts' page numbers is laid out with them.
        reads = index in readers
        part = _part(maker, doc, booklet, index, start, numbers if reads else None, store)
        made.append(part)
        start += part.pages + part.pages % 2  # the next part starts on a right-hand page
    return made


def _part(maker, doc, booklet: Booklet, index: int, start: int, numbers, store) -> MadePart:
    placeholders = foreign_targets(booklet, index)
    numbers_read = {} if numbers is None else {name: numbers.get(name, 0) for name in placeholders}
    css = " ".join(
        filter(None, [first_page_css(start), stub_page_css(booklet, index, numbers_read)])
    )
    part_doc = replace(doc, html=booklet.html(index, numbers_read))
    key = _key(maker, part_doc, css)
    data = store.get(key)
    if data is not None:
        try:
            return _made(data, numbers_read, laid_out=False)
        except (pikepdf.PdfError, ValueError, KeyError, AttributeError):
            store.forget(key)  # damaged: make it again
    document = maker.layout(part_doc, extra_css=[css] if css else [])
    pages = len(document.pages)
    for name in placeholders:
        for page_index, page in enumerate(document.pages):
            if name in page.anchors:
                pages = min(pages, page_index)
                break
    data = maker.write(document)
    if placeholders:
        data = keep_first_pages(data, pages, set(placeholders))
    store.put(key, data)
    return _made(data, numbers_read, laid_out=True)


def _made(data: bytes, numbers_read: dict[str, int], *, laid_out: bool) -> MadePart:
    prepared_check = pikepdf.open(io.BytesIO(data))
    pages = len(prepared_check.pages)
    if pages == 0 or "/StructTreeRoot" not in prepared_check.Root:
        raise ValueError("not a booklet part")
    index_of = {page.objgen: i for i, page in enumerate(prepared_check.pages)}
    anchors = {}
    names = prepared_check.Root.get("/Names")
    if names is not None and "/Dests" in names:
        for key, value in _tree_pairs(names.Dests, "/Names"):
            target = value[0] if isinstance(value, pikepdf.Array) else value.D[0]
            if target.objgen in index_of:
                anchors[str(key)] = index_of[target.objgen]
    return MadePart(data, pages, anchors, numbers_read, laid_out)


def _start_pages(made: list[MadePart]) -> list[int]:
    starts, start = [], 1
    for part in made:
        starts.append(start)
        start += part.pages + part.pages % 2
    return starts


def _where_ids_fell(booklet: Booklet, made: list[MadePart]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start, part in zip(_start_pages(made), made, strict=True):
        for name, index in part.anchors.items():
            found.setdefault(name, start + index)
    return found


def _key(maker, part_doc: HtmlDocument, css: str) -> str:
    import weasyprint

    from handouts import __version__

    digest = hashlib.sha256()
    for text in (
        layout_key(maker, part_doc, (css,)),
        part_doc.title,
        part_doc.subject,
        "\n".join(part_doc.keywords),
        part_doc.language,
        part_doc.created.isoformat(),
        maker.project.settings.clinic.name,
        f"{PART_FORMAT} handouts {__version__} weasyprint {weasyprint.__version__}",
        f"pikepdf {pikepdf.__version__}",
    ):
        digest.update(text.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()
