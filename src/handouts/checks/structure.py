"""Structure checks on rendered HTML: images, links, cross-references, undrawable characters,
authors' working notes."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from handouts.checks.results import Collector
from handouts.pdf.fonts import undrawable_messages
from handouts.render.document import HtmlDocument
from handouts.render.html_scan import HtmlReader


class StructureReader(HtmlReader):
    """Ids, links and images of one document."""

    def __init__(self, doc=None):
        self.ids: list[str] = []
        self.links: list[str] = []
        self.images: list[tuple[str, str]] = []  # (tag, description) lacking a text alternative
        self.svg: list[dict] = []  # open <svg> elements: attributes and whether titled

    def handle_starttag(self, tag, attrs):
        attributes = {k: (v or "") for k, v in attrs}
        if attributes.get("id"):
            self.ids.append(attributes["id"])
        if tag == "a" and "href" in attributes:
            self.links.append(attributes["href"].strip())
        decorative = attributes.get("aria-hidden") == "true" or attributes.get("role") in (
            "presentation",
            "none",
        )
        if tag == "img" and not decorative and not attributes.get("alt", "").strip():
            self.images.append(("img", attributes.get("src", "")[:80] or "(no src)"))
        if tag == "svg":
            named = decorative or bool(
                attributes.get("aria-label", "").strip() or attributes.get("aria-labelledby")
            )
            self.svg.append({"named": named, "class": attributes.get("class", "")})
        if tag == "title" and self.svg:
            self.svg[-1]["named"] = True

    def handle_endtag(self, tag):
        if tag == "svg" and self.svg:
            svg = self.svg.pop()
            if not svg["named"]:
                self.images.append(("svg", f"class '{svg['class']}'" if svg["class"] else ""))


def check_structure(doc: HtmlDocument, source: str, found: Collector) -> None:
    for message in undrawable_messages(doc.html):
        found.add("error", "characters", doc.name, "", message, source)
    from handouts.checks.readings import check_readings
    from handouts.checks.working_notes import check_working_notes

    check_working_notes(doc, source, found)

    parser = check_readings(doc)["structure"]
    for tag, description in parser.images:
        found.add(
            "error",
            "images",
            doc.name,
            "",
            f"<{tag}> {description} has no text alternative: give it alt text "
            "(or aria-label / <title> for SVG), or mark it aria-hidden if it is decoration",
            source,
        )
    ids = set(parser.ids)
    for ident in sorted({i for i in parser.ids if parser.ids.count(i) > 1}):
        found.add(
            "error",
            "links",
            doc.name,
            "",
            f"id '{ident}' is used twice: links to it are ambiguous",
            source,
        )
    for href in parser.links:
        problem = link_problem(href, ids)
        if problem:
            found.add("error", "links", doc.name, "", problem, source)


def link_problem(href: str, ids: Iterable[str]) -> str | None:
    """Why a link cannot be followed from the printed PDF, or None when it can."""
    if href.startswith("#"):
        target = href[1:]
        if target not in ids:
            return f"cross-reference '{href}' points to nothing in this document"
        return None
    parts = urlsplit(href)
    if parts.scheme in ("http", "https"):
        if "." not in (parts.hostname or ""):
            return f"link '{href}' has no valid host name"
        return None
    if parts.scheme == "mailto":
        return None if "@" in parts.path else f"link '{href}' has no e-mail address"
    if parts.scheme == "tel":
        return None if sum(c.isdigit() for c in parts.path) >= 3 else f"link '{href}' has no number"
    return f"link '{href}' cannot be followed from a PDF (use https://, mailto: or tel:)"
