"""Check every file a document refers to before it is rendered, naming the file that refers.

Rendering may read only files inside the project folder and the package's own assets, and never
the network. `pdf.LocalOnlyFetcher` enforces that as the last fence, but when WeasyPrint calls
it, it knows only a URL. This check walks the rendered HTML, every stylesheet, and the CSS and
SVG files they pull in, so each bad reference is reported with the template or stylesheet (and
line) that made it, before any layout starts. Nothing here imports WeasyPrint.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

import tinycss2

from handouts.diagnostics import ProblemList
from handouts.project.yamlfile import display_path
from handouts.render.file_types import content_mismatch
from handouts.render.html_scan import HtmlReader, read_document, read_html

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# HTML and SVG attributes whose value WeasyPrint (or a browser) would fetch.
FETCHED_ATTRIBUTES = {"src", "href", "xlink:href", "data", "poster", "background", "srcset"}
# Elements whose href is a link to follow, not a file to fetch (unless rel=attachment).
LINK_ELEMENTS = {"a", "area"}
CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE)
TEMPLATE_SUFFIXES = (".j2", ".html", ".jinja", ".jinja2", ".svg")


@dataclass(frozen=True)
class Found:
    """One reference: what it says, how it was made, and where."""

    url: str
    route: str  # e.g. "<img src>", "@import", "url()", "@font-face src"
    line: int | None = None
    column: int | None = None


class ReferenceChecker:
    """Checks the references of one project's documents; every problem goes to `problems`."""

    def __init__(self, root: Path, allowed_roots: list[Path], template_dirs: list[Path]):
        self.root = root.resolve()
        self.allowed = [r.resolve() for r in allowed_roots]
        self.template_dirs = template_dirs
        self._checked_files: set[Path] = set()
        self._template_texts: list[tuple[Path, str]] | None = None

    # -- entry points ----------------------------------------------------------------------

    def check_document(
        self, name: str, html: str, stylesheets: list[Path], problems, references=None
    ) -> None:
        """`references`: those of `html` when already read (`references_in`)."""
        base = self.root.as_uri() + "/"
        for found in html_references(html) if references is None else references:
            # A line of the rendered HTML means nothing to the user: name the template instead.
            origin = self._html_origin(name, found)
            self._check(Found(found.url, found.route), base, origin, problems)
        for path in stylesheets:
            if hasattr(path, "text"):  # CSS generated from the brand (brand.GeneratedStylesheet)
                for found in css_references(path.text):
                    self._check(Found(found.url, found.route), base, path.name, problems)
            else:
                self.check_file(path, problems)

    def check_file(self, path: Path, problems, origin: str | None = None) -> None:
        """A stylesheet or SVG file: it must itself be allowed, then so must its references.

        `origin` is the file that refers to it; None for a stylesheet the theme lists."""
        resolved = path.resolve()
        if resolved in self._checked_files:
            return
        self._checked_files.add(resolved)
        shown = self._show(path)
        if not self._is_allowed(resolved):
            if origin is None:
                problems.error(shown, "", self._outside(path, resolved))
            else:
                problems.error(origin, "", f"{shown} {self._outside(path, resolved)}")
            return
        too_big = _too_big(resolved, MAX_PARSED_BYTES)
        if too_big:
            problems.error(origin or shown, "", f"{shown} {too_big}")
            return
        if resolved.suffix.lower() == ".css":
            found_list = css_references(_read_text(resolved))
        elif resolved.suffix.lower() == ".svg":
            found_list = svg_references(_read_bytes(resolved))
        else:
            return
        base = resolved.parent.as_uri() + "/"
        for found in found_list:
            self._check(found, base, shown, problems)

    # -- one reference ---------------------------------------------------------------------

    def _check(self, found: Found, base: str, origin: str, problems) -> None:
        url = found.url.strip()
        where = (found.line, found.column) if found.line else None
        if found.route in ("<base href>", "xml:base"):
            problems.error(
                origin,
                found.route,
                f"'{_short(url)}' would change where every other file is looked up; remove it",
                where,
            )
            return
        if url.lower().startswith("data:"):
            if _is_svg_data(url):
                problems.error(origin, found.route, DATA_SVG_REFUSED, where)
            return
        if url.startswith("#"):
            return
        if not url:
            problems.error(origin, found.route, "empty reference", where)
            return
        target = urlsplit(urljoin(base, url))
        if target.scheme != "file" or target.netloc not in ("", "localhost"):
            problems.error(
                origin,
                found.route,
                f"'{_short(url)}' is not a local file: handouts never fetches anything from "
                "the network; copy the file into the project and refer to it by a relative path",
                where,
            )
            return
        path = Path(url2pathname(unquote(target.path)))
        resolved = path.resolve()
        if not self._is_allowed(resolved):
            problems.error(
                origin, found.route, f"'{_short(url)}' {self._outside(path, resolved)}", where
            )
            return
        if not resolved.is_file():
            problems.error(
                origin, found.route, f"'{_short(url)}': file not found ({self._show(path)})", where
            )
            return
        wrong = _too_big(resolved, MAX_FILE_BYTES) or content_mismatch(resolved)
        if wrong:
            problems.error(origin, found.route, f"'{_short(url)}' {wrong}", where)
            return
        if resolved.suffix.lower() in (".css", ".svg"):
            self.check_file(resolved, problems, origin)

    def _is_allowed(self, resolved: Path) -> bool:
        return any(resolved.is_relative_to(root) for root in self.allowed)

    def _outside(self, path: Path, resolved: Path) -> str:
        if path.is_symlink() or any(p.is_symlink() for p in path.parents):
            return (
                f"is a symbolic link to {resolved}, outside the project; "
                "copy the file into the project instead"
            )
        return "is outside the project folder; only files inside it may be used"

    def _show(self, path: Path) -> str:
        return display_path(path, self.root) if path.is_absolute() else str(path)

    # -- naming the template that made a reference in rendered HTML ------------------------

    def _html_origin(self, document: str, found: Found) -> str:
        """The first template (clinic's before built-in) holding the reference, as file:line."""
        if not found.url:
            return f"{document} (rendered HTML)"
        values = {found.url, found.url.replace("&", "&amp;")}
        # As written in an attribute or url() first, so '../x' does not match inside '../../x'.
        if found.route.startswith("<"):
            forms = ('="{}"', "='{}'", "={}")
        else:
            forms = ('("{}")', "('{}')", "({})", '"{}"', "'{}'")
        needles = [form.format(v) for form in forms for v in values] + [*values]
        for needle in needles:
            for path, text in self._templates():
                index = text.find(needle)
                if index >= 0:
                    line = text.count("\n", 0, index) + 1
                    return f"{self._show(path)}:{line}"
        return f"{document} (rendered HTML)"

    def _templates(self) -> list[tuple[Path, str]]:
        if self._template_texts is None:
            self._template_texts = []
            for folder in self.template_dirs:
                for path in sorted(folder.rglob("*")):
                    if path.suffix in TEMPLATE_SUFFIXES and path.is_file():
                        self._template_texts.append((path, _read_text(path)))
        return self._template_texts


def check_references(documents, project, problems: ProblemList) -> None:
    """Check the references of rendered documents (`render.HtmlDocument`s) of `project`."""
    from handouts.pdf.fonts import font_folder
    from handouts.project.loader import builtin_dir

    checker = ReferenceChecker(
        project.root, [project.root, builtin_dir(), font_folder()], project.template_dirs
    )
    found = ProblemList()
    for doc in documents:
        checker.check_document(doc.name, doc.html, doc.stylesheets, found, references_in(doc))
    for problem in dict.fromkeys(found):  # every handout shares templates: report each once
        problems.append(problem)


# -- finding references ------------------------------------------------------------------------


class ReferenceReader(HtmlReader):
    """Every reference in an HTML text, with its line and column."""

    def __init__(self, doc=None):
        self.found: list[Found] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        rel = values.get("rel", "").lower().split()
        line, column = self.getpos()
        for name, value in attrs:
            value = value or ""
            if name == "style":
                self.found.extend(_at(css_references(value, inline=True), line))
            elif name == "xml:base" or (tag == "base" and name == "href"):
                route = "xml:base" if name == "xml:base" else "<base href>"
                self.found.append(Found(value, route, line, column + 1))
            elif name in FETCHED_ATTRIBUTES:
                if tag in LINK_ELEMENTS and "attachment" not in rel:
                    continue  # a link the reader may follow; nothing is fetched
                urls = _srcset_urls(value) if name == "srcset" else [value]
                route = f"<{tag} {name}>" if "attachment" not in rel else f"<{tag} rel=attachment>"
                self.found.extend(Found(url, route, line, column + 1) for url in urls)
            elif "url(" in value.lower():  # SVG presentation attributes: fill="url(...)"
                self.found.extend(
                    Found(m.group(2), f"{name}=url()", line, column + 1)
                    for m in CSS_URL.finditer(value)
                )
        if tag == "style":
            self._in_style = True

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            line = self.getpos()[0]
            self.found.extend(_at(css_references(data), line - 1, relative=True))


def html_references(html: str) -> list[Found]:
    reader = ReferenceReader()
    read_html(html, reader)
    return reader.found


def references_in(doc) -> list[Found]:
    """The references of a rendered document (`render.HtmlDocument`), read once per document."""
    return read_document(doc, {"references": ReferenceReader})["references"].found


def _at(found: list[Found], line: int, relative: bool = False) -> list[Found]:
    """Place references found in a piece of CSS at their line in the enclosing file."""
    return [
        Found(f.url, f.route, (line + (f.line or 1)) if relative else line, f.column) for f in found
    ]


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def css_references(text: str, inline: bool = False) -> list[Found]:
    """Every url(), @import and @font-face src in a stylesheet or a style attribute."""
    if inline:
        return _tokens_urls(tinycss2.parse_blocks_contents(text), "url()")
    found: list[Found] = []
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            for token in rule.prelude:
                url = _token_url(token)
                if url is None and token.type == "string":
                    url = token.value
                if url is not None:
                    found.append(Found(url, "@import", token.source_line, token.source_column))
                    break
        elif rule.type == "at-rule" and rule.lower_at_keyword == "font-face":
            found.extend(_tokens_urls(rule.content or [], "@font-face src"))
        elif rule.type in ("at-rule", "qualified-rule"):
            found.extend(_tokens_urls(rule.prelude or [], "url()"))
            found.extend(_tokens_urls(rule.content or [], "url()"))
    return found


def _tokens_urls(tokens, route: str) -> list[Found]:
    found = []
    for token in tokens:
        url = _token_url(token)
        if url is not None:
            found.append(Found(url, route, token.source_line, token.source_column))
        for attribute in ("content", "arguments", "value", "prelude"):
            inner = getattr(token, attribute, None)
            if isinstance(inner, list):
                found.extend(_tokens_urls(inner, route))
    return found


def _token_url(token) -> str | None:
    if token.type == "url":
        return token.value
    if token.type == "function" and token.lower_name in ("url", "src"):
        for argument in token.arguments:
            if argument.type == "string":
                return argument.value
    return None


def svg_references(data: bytes) -> list[Found]:
    """href/xlink:href of every element, and url() in styles, of an SVG file."""
    try:
        tree = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return []  # not our job: WeasyPrint reports an unreadable image
    found = []
    for element in tree.iter():
        for name, value in element.attrib.items():
            if name in (XLINK_HREF, "href"):
                found.append(Found(value, f"SVG <{_local(element.tag)} href>"))
            elif name == "{http://www.w3.org/XML/1998/namespace}base":
                found.append(Found(value, "xml:base"))
            elif "url(" in value.lower():
                found.extend(
                    Found(m.group(2), f"SVG {name}=url()") for m in CSS_URL.finditer(value)
                )
        if _local(element.tag) == "style" and element.text:
            found.extend(css_references(element.text))
    return found


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# Files are checked by size before they are read: a 3 GB "stylesheet" is a mistake.
MAX_PARSED_BYTES = 5_000_000  # a stylesheet or SVG this check (and WeasyPrint) parses
MAX_FILE_BYTES = 50_000_000  # any picture, font or attachment


def _too_big(path: Path, limit: int) -> str | None:
    try:
        size = path.stat().st_size
    except OSError:
        return None
    if size > limit:
        return f"is {size:,} bytes; the limit is {limit:,}"
    return None


DATA_SVG_REFUSED = (
    "a data: SVG picture is not allowed (it can pull in other files and is dropped when it "
    "does); save the SVG as a file in the project and refer to it by its path"
)


def _is_svg_data(url: str) -> bool:
    media = url[5:].split(",", 1)[0].split(";", 1)[0].strip().lower()
    return media == "image/svg+xml" or "svg" in media


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _short(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "..."
