"""`handouts build`: all handouts and the booklet, validated and written atomically."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import HandoutsError, ProblemList
from .fonts import undrawable_messages
from .output import atomic_write, remove_stale_temporaries
from .printing import PrintOptions
from .project import Project
from .references import check_references
from .render import HtmlDocument, Renderer

HANDOUT_FOLDER = "handouts"
BOOKLET_NAME = "clinician-booklet.pdf"


@dataclass
class BuiltFile:
    path: Path
    kind: str
    pages: int
    content_pages: int  # pages counted against the page limit (without a pain diary)
    page_limit: int | None


@dataclass
class BuildResult:
    files: list[BuiltFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check_characters(documents: list[HtmlDocument], problems: ProblemList) -> None:
    for doc in documents:
        for message in undrawable_messages(doc.html):
            problems.error(doc.name, "", message)


def select_documents(
    project: Project, procedure_ids: list[str] | None, include_booklet: bool
) -> list[HtmlDocument]:
    renderer = Renderer(project)
    ids = procedure_ids if procedure_ids is not None else list(project.procedures)
    docs = [renderer.handout(h) for i in ids for h in project.procedure(i).handouts()]
    if include_booklet:
        docs.append(renderer.booklet())
    return docs


def count_content_pages(doc: HtmlDocument, document) -> int:
    """Pages counted against the page limit: all but a trailing pain diary."""
    from .pdf import first_page_with_anchor

    diary_page = first_page_with_anchor(document, doc.diary_anchor) if doc.diary_anchor else None
    return diary_page if diary_page is not None else len(document.pages)


def page_limit_problem(doc: HtmlDocument, document) -> str | None:
    """Why a laid-out handout may not be printed, or None if it fits its page limit.

    (The same rule as in build(); used by appointment packets.)"""
    content_pages = count_content_pages(doc, document)
    if doc.page_limit is not None and content_pages > doc.page_limit:
        return (
            f"handout takes {content_pages} pages; its limit is {doc.page_limit}. "
            "Shorten the text or split the procedure into variants; never cut safety content"
        )
    return None


def output_path(out_dir: Path, doc: HtmlDocument) -> Path:
    if doc.kind == "booklet":
        return out_dir / BOOKLET_NAME
    return out_dir / HANDOUT_FOLDER / f"{doc.name}.pdf"


def editions(project: Project, documents: list[HtmlDocument], options: PrintOptions):
    """Each file to write: each document, and after each patient document its large-print
    edition when asked for."""
    from .large_print import large_print_edition

    for doc in documents:
        yield doc
        if options.large_print and doc.kind != "booklet":
            yield large_print_edition(project, doc)


def booklet_print_files(maker, doc: HtmlDocument, booklet_pdf: bytes, path: Path, options):
    """The booklet's files for printers: saddle-stitch imposition and the print-shop file."""
    from .impose import impose_saddle_stitch
    from .printing import IMPOSED_SUFFIX, PRINT_ONLY_NOTE, PRINT_SHOP_CSS, PRINT_SHOP_SUFFIX

    if options.impose == "saddle-stitch":
        imposed = impose_saddle_stitch(
            booklet_pdf, subject=f"{doc.subject}, imposed for saddle stitching; {PRINT_ONLY_NOTE}"
        )
        target = path.with_name(path.stem + IMPOSED_SUFFIX + path.suffix)
        yield (
            BuiltFile(target, "booklet-imposed", imposed.sheets * 2, imposed.sheets * 2, None),
            (imposed.data),
        )
    if options.crop_marks:
        shop_doc = replace(
            doc, subject=f"{doc.subject}, with bleed and crop marks; {PRINT_ONLY_NOTE}"
        )
        document = maker.layout(shop_doc, [PRINT_SHOP_CSS], tagged=False)
        target = path.with_name(path.stem + PRINT_SHOP_SUFFIX + path.suffix)
        pages = len(document.pages)
        yield (
            BuiltFile(target, "booklet-print-shop", pages, pages, None),
            maker.write(document, tagged=False),
        )


def build(
    project: Project,
    out_dir: Path,
    *,
    procedure_ids: list[str] | None = None,
    include_booklet: bool = True,
    output_file: Path | None = None,
    progress: Callable[[str], None] | None = None,
    options: PrintOptions | None = None,
) -> BuildResult:
    """Render every selected document, check it, and only then write them all.

    Nothing is written unless every document renders and fits its page limit, so a failed
    build leaves the previous outputs as they were.
    """
    from .pdf import PdfMaker  # WeasyPrint is slow to import

    options = options or PrintOptions()
    documents = select_documents(project, procedure_ids, include_booklet)
    makes_several = options.large_print or (include_booklet and options.extra_booklet_files)
    if output_file is not None and (len(documents) != 1 or makes_several):
        raise HandoutsError("-o/--output names one file, but this run makes several; use --out DIR")
    problems = ProblemList()
    check_characters(documents, problems)
    check_references(documents, project, problems)
    problems.raise_if_errors()

    maker = PdfMaker(project, paper=options.paper, archive=options.archive)
    pending: list[tuple[BuiltFile, bytes]] = []
    for doc in editions(project, documents, options):
        if progress:
            progress(doc.name)
        document = maker.layout(doc)
        problem = page_limit_problem(doc, document)
        if problem:
            problems.error(doc.name, "", problem)
            continue
        path = output_file or output_path(out_dir, doc)
        data = maker.write(document)
        built = BuiltFile(
            path, doc.kind, len(document.pages), count_content_pages(doc, document), doc.page_limit
        )
        pending.append((built, data))
        if doc.kind == "booklet" and options.extra_booklet_files:
            pending.extend(booklet_print_files(maker, doc, data, path, options))
    problems.raise_if_errors()

    remove_stale_temporaries(out_dir)
    result = BuildResult(warnings=list(maker.warnings))
    for built, data in pending:
        atomic_write(built.path, data)
        result.files.append(built)
    return result
