"""Step four of the pipeline: lay out HTML with WeasyPrint and write PDF bytes.

This is the only module that imports WeasyPrint (slow to import), so `--help`, `list` and
`check` stay fast. One `PdfMaker` shares its font configuration, parsed stylesheets and image
cache across all documents of a run, which roughly halves the time per document.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from handouts.diagnostics import HandoutsError
from handouts.pdf.archive import ARCHIVE_VARIANT, declare_pdfua
from handouts.pdf.fonts import font_face_css, font_folder
from handouts.pdf.margin_artifacts import mark_furniture_as_artifacts
from handouts.pdf.table_header_scope import add_table_header_scope
from handouts.project.loader import Project, builtin_dir
from handouts.render.document import HtmlDocument

# fontTools (used only when HarfBuzz's subsetter is missing) stamps the clock into fonts.
os.environ.setdefault("SOURCE_DATE_EPOCH", "0")

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from handouts.pdf.font_folders import own_font_folder
from handouts.pdf.language_tags import install as install_language_tags
from handouts.pdf.subset_arrays import install as install_subset_arrays

install_language_tags()  # passages in another language keep their /Lang (language_tags.py)
install_subset_arrays()  # no C parser run per glyph count when fonts are subset

PAGE_SIZES = {"letter": "letter", "a4": "A4"}
PDF_VARIANT = "pdf/ua-1"  # tagged, with document language and title: readable by screen readers


# WeasyPrint's log messages for content it leaves out of the page.
LOST_CONTENT = ("Failed to load image", "Failed to render SVG", "Failed to load font")


class LocalOnlyFetcher(URLFetcher):
    """Fetches only `data:` URLs and files inside the allowed folders; no network at all.

    This is the last fence: references are checked before rendering, so a reference that
    reaches here and is refused aborts the document with an error naming it.
    """

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, timeout=5)
        self.roots = [root.resolve() for root in roots]
        # WeasyPrint catches a fetcher's exception for pictures and SVG and only logs it, so
        # each refusal is also kept here and PdfMaker fails the document on it.
        self.refusals: list[str] = []

    def _refuse(self, message: str):
        self.refusals.append(message)
        return FatalURLFetchingError(message)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            media = parts.path.split(",", 1)[0].split(";", 1)[0].strip().lower()
            if "svg" in media:
                raise self._refuse("refused a data: SVG picture: save it as a file in the project")
            return super().fetch(url, headers)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise self._refuse(f"refused to fetch {url}: only local files may be used")
        path = Path(url2pathname(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise self._refuse(
                f"refused to read {path}: files must be inside the project or the handouts package"
            )
        if not path.is_file():
            raise self._refuse(f"file not found: {path}")
        return super().fetch(path.as_uri(), headers)


class _WarningCollector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


class PdfMaker:
    """Lays out and writes documents for one project, reusing fonts and stylesheets."""

    def __init__(self, project: Project, *, paper: str | None = None, archive: bool = False):
        self.project = project
        # Archive copies are PDF/A-2a: still tagged, and declared PDF/UA-1 as well (archive.py).
        self.archive = archive
        self.variant = ARCHIVE_VARIANT if archive else PDF_VARIANT
        self.font_config = FontConfiguration()
        own_font_folder(self.font_config)
        self.fetcher = LocalOnlyFetcher([project.root, builtin_dir(), font_folder()])
        self.image_cache: dict = {}
        self._stylesheets: dict[Path, weasyprint.CSS] = {}
        self.warnings: list[str] = []
        self._fonts = self._css(string=font_face_css(), base_url=str(font_folder()) + "/")
        self.paper = PAGE_SIZES[paper or project.settings.print.paper]
        self._paper = self._css(string=f"@page {{ size: {self.paper}; }}")

    def _css(self, **kwargs) -> weasyprint.CSS:
        return weasyprint.CSS(font_config=self.font_config, url_fetcher=self.fetcher, **kwargs)

    def stylesheet(self, path) -> weasyprint.CSS:
        """A stylesheet file, or CSS generated from the brand (brand.GeneratedStylesheet)."""
        if path not in self._stylesheets:
            source = {"string": path.text} if hasattr(path, "text") else {"filename": str(path)}
            self._stylesheets[path] = self._css(**source)
        return self._stylesheets[path]

    def layout(
        self, doc: HtmlDocument, extra_css: list[str] = (), *, tagged: bool = True
    ) -> weasyprint.Document:
        """Lay out one document; errors name the document and never leave a file behind.

        `tagged=False` is for files meant only for a printer (see printing.py)."""
        stylesheets = [
            self._fonts,
            *(self.stylesheet(p) for p in doc.stylesheets),
            self._paper,
            *(self._css(string=css) for css in extra_css),
        ]
        collector = _WarningCollector()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(collector)
        refused = len(self.fetcher.refusals)
        try:
            html = weasyprint.HTML(
                string=doc.html,
                base_url=str(self.project.root) + "/",
                url_fetcher=self.fetcher,
            )
            document = html.render(
                stylesheets=stylesheets,
                font_config=self.font_config,
                cache=self.image_cache,
                pdf_variant=self.variant if tagged else None,
            )
        except FatalURLFetchingError as exc:
            raise HandoutsError(f"{doc.name}: {exc}") from None
        except (ValueError, OSError, RecursionError) as exc:
            raise HandoutsError(f"{doc.name}: could not lay out the document: {exc}") from None
        finally:
            logger.removeHandler(collector)
        self._fail_on_refusals(doc.name, refused)
        lost = [m for m in collector.messages if m.startswith(LOST_CONTENT)]
        if lost:  # a picture or font WeasyPrint could not use would be left out in silence
            raise HandoutsError(f"{doc.name}: {lost[0]}")
        self.warnings.extend(f"{doc.name}: {m}" for m in collector.messages)
        metadata = document.metadata
        metadata.title = doc.title
        metadata.authors = [self.project.settings.clinic.name]
        metadata.description = doc.subject
        metadata.keywords = list(doc.keywords)
        metadata.lang = doc.language
        metadata.generator = "handouts"
        metadata.created = metadata.modified = doc.created.isoformat()
        if self.archive and tagged:
            declare_pdfua(metadata)
        return document

    def write(self, document: weasyprint.Document, *, tagged: bool = True) -> bytes:
        refused = len(self.fetcher.refusals)
        try:
            if not tagged:
                data = document.write_pdf(pdf_variant=None)
            else:
                data = document.write_pdf(pdf_variant=self.variant, finisher=_finish_tags)
        except FatalURLFetchingError as exc:
            raise HandoutsError(str(exc)) from None
        self._fail_on_refusals(document.metadata.title or "document", refused)  # inline SVG
        return data

    def _fail_on_refusals(self, name: str, since: int) -> None:
        """Content never silently disappears: a picture the fetcher refused is an error."""
        refusals = self.fetcher.refusals[since:]
        if refusals:
            del self.fetcher.refusals[since:]
            raise HandoutsError(f"{name}: {refusals[0]}")


# Repairs to WeasyPrint 70's structure tree, run in order on the pydyf objects before writing:
# each (weasyprint document, pydyf pdf) -> None.
FINISHERS = [add_table_header_scope, mark_furniture_as_artifacts]


def _finish_tags(document, pdf) -> None:
    for finish in FINISHERS:
        finish(document, pdf)


def first_page_with_anchor(document: weasyprint.Document, anchor: str) -> int | None:
    """0-based index of the first page holding `anchor`, or None."""
    for index, page in enumerate(document.pages):
        if anchor in page.anchors:
            return index
    return None
