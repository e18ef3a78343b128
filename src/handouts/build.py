"""`handouts build`: all handouts and the booklet, validated and written atomically."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import HandoutsError, ProblemList
from .fonts import describe_character, undrawable_characters
from .output import atomic_write, remove_stale_temporaries
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
        for char in undrawable_characters(doc.html):
            problems.error(
                doc.name,
                "",
                f"character {describe_character(char)} cannot be drawn by any installed font",
            )


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

    diary_page = first_page_with_anchor(document, f"{doc.name}-diary")
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


def build(
    project: Project,
    out_dir: Path,
    *,
    procedure_ids: list[str] | None = None,
    include_booklet: bool = True,
    output_file: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Render every selected document, check it, and only then write them all.

    Nothing is written unless every document renders and fits its page limit, so a failed
    build leaves the previous outputs as they were.
    """
    from .pdf import PdfMaker, first_page_with_anchor  # WeasyPrint is slow to import

    documents = select_documents(project, procedure_ids, include_booklet)
    if output_file is not None and len(documents) != 1:
        raise HandoutsError("-o/--output names one file, but this run makes several; use --out DIR")
    problems = ProblemList()
    check_characters(documents, problems)
    check_references(documents, project, problems)
    problems.raise_if_errors()

    maker = PdfMaker(project)
    pending: list[tuple[BuiltFile, bytes]] = []
    for doc in documents:
        if progress:
            progress(doc.name)
        document = maker.layout(doc)
        pages = len(document.pages)
        diary_page = first_page_with_anchor(document, f"{doc.name}-diary")
        content_pages = diary_page if diary_page is not None else pages
        if doc.page_limit is not None and content_pages > doc.page_limit:
            problems.error(
                doc.name,
                "",
                f"handout takes {content_pages} pages; its limit is {doc.page_limit}. "
                "Shorten the text or split the procedure into variants; never cut safety content",
            )
            continue
        path = output_file or output_path(out_dir, doc)
        pending.append(
            (BuiltFile(path, doc.kind, pages, content_pages, doc.page_limit), maker.write(document))
        )
    problems.raise_if_errors()

    remove_stale_temporaries(out_dir)
    result = BuildResult(warnings=list(maker.warnings))
    for built, data in pending:
        atomic_write(built.path, data)
        result.files.append(built)
    return result
