"""The key of an output: a digest of everything that went into making it.

A document's key is taken from what WeasyPrint would be given, not from which input files
changed: the rendered HTML (so its content, glossary entries, settings, brand wording and
templates, exactly as they print), its metadata, every stylesheet's text, the bytes of every
file the HTML and CSS pull in (images, fonts, imported CSS, SVG), the print options, and the
versions of handouts and the libraries that lay out and write the PDF. Editing the booklet's
template therefore leaves the handouts' keys alone, and a glossary entry changes only the
documents that print it. Nothing here imports WeasyPrint.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

from handouts.incremental import versions
from handouts.pdf.print_options import PrintOptions
from handouts.render.document import HtmlDocument
from handouts.render.references import css_references, references_in, svg_references


class FileDigests:
    """sha256 of files, each read once per run; references found in CSS and SVG followed."""

    def __init__(self):
        self._digests: dict[Path, str] = {}
        self._references: dict[Path, list[str]] = {}  # the URLs each CSS or SVG file names

    def of(self, path: Path) -> str:
        path = path.resolve()
        if path not in self._digests:
            try:
                self._digests[path] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                self._digests[path] = "missing"
        return self._digests[path]

    def with_references(self, path: Path, seen: dict[str, str]) -> None:
        """Add `path` and, for CSS and SVG, what it refers to, to `seen` (path -> digest)."""
        path = path.resolve()
        if str(path) in seen:
            return
        seen[str(path)] = self.of(path)
        suffix = path.suffix.lower()
        if seen[str(path)] == "missing" or suffix not in (".css", ".svg"):
            return
        if path not in self._references:
            try:
                data = path.read_bytes()
                found = (
                    css_references(data.decode("utf-8", "replace"))
                    if suffix == ".css"
                    else svg_references(data)
                )
            except (OSError, ValueError):
                found = []
            self._references[path] = [f.url for f in found]
        self.urls(self._references[path], path.parent.as_uri() + "/", seen)

    def urls(self, urls: list[str], base: str, seen: dict[str, str]) -> None:
        for url in urls:
            local = local_path(url, base)
            if local is not None:
                self.with_references(local, seen)


def local_path(url: str, base: str) -> Path | None:
    """The local file a reference names, or None for data:, fragments and anything else."""
    url = url.strip()
    if not url or url.startswith("#") or url.lower().startswith("data:"):
        return None
    target = urlsplit(urljoin(base, url))
    if target.scheme != "file" or target.netloc not in ("", "localhost"):
        return None
    return Path(url2pathname(target.path))


def document_key(
    doc: HtmlDocument,
    *,
    root: Path,
    clinic_name: str,
    paper: str,
    options: PrintOptions,
    digests: FileDigests,
    font_css: str,
    font_base: Path,
    followed: dict[str, str] | None = None,
) -> str:
    """The key of one edition of a document (see the module docstring). The files it read
    (path -> sha256) are added to `followed` when given."""
    files: dict[str, str] = {}
    digests.urls([f.url for f in references_in(doc)], root.as_uri() + "/", files)
    stylesheets = []
    for sheet in doc.stylesheets:
        if hasattr(sheet, "text"):  # CSS made from the brand
            stylesheets.append(["generated", sheet.name, sheet.text])
            found = [f.url for f in css_references(sheet.text)]
            digests.urls(found, root.as_uri() + "/", files)
        else:
            stylesheets.append(["file", str(Path(sheet).resolve()), digests.of(Path(sheet))])
            digests.with_references(Path(sheet), files)
    digests.urls([f.url for f in css_references(font_css)], font_base.as_uri() + "/", files)
    booklet_files = doc.kind == "booklet"
    parts = {
        "versions": versions.tool_versions(),
        "options": {
            "paper": paper,
            "archive": options.archive,
            "impose": options.impose if booklet_files else None,
            "crop_marks": options.crop_marks if booklet_files else False,
        },
        "document": {
            "name": doc.name,
            "kind": doc.kind,
            "title": doc.title,
            "subject": doc.subject,
            "language": doc.language,
            "created": doc.created.isoformat(),
            "page_limit": doc.page_limit,
            "diary_anchor": doc.diary_anchor,
            "keywords": list(doc.keywords),
            "author": clinic_name,
        },
        "stylesheets": stylesheets,
        "fonts": font_css,
        "files": sorted(files.items()),
    }
    if followed is not None:
        followed.update(files)
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8"))
    digest.update(doc.html.encode("utf-8"))
    return digest.hexdigest()
