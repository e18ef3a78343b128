"""Reading one content file: its checker, its markup, its review block and shared lists."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from handouts.diagnostics import ProblemList
from handouts.project.devices import holds
from handouts.project.figures import Figure, FigureReader
from handouts.project.markup import MarkupContext, render_blocks, render_inline
from handouts.project.models import SCHEMA_VERSION, Item, Reference, Review, Section
from handouts.project.reference_sources import address_problem, doi_problem, pmid_problem
from handouts.project.schema import Checker
from handouts.project.yamlfile import YamlDocument


class ContentReader:
    """Validates one content file and compiles its markup, collecting every problem."""

    def __init__(
        self,
        doc: YamlDocument,
        problems: ProblemList,
        placeholders: dict[str, str],
        root: Path | None = None,
        conditions: dict[str, object] | None = None,
    ):
        self.doc = doc
        self.conditions = conditions or {}  # the clinic's device settings, for `when:`
        self.check = Checker(doc, problems)
        self.figure_reader = FigureReader(self.check, root)
        self.placeholders = placeholders
        self.references: dict[str, int] = {}
        self.anchor_prefix = ""
        self.terms: list[str] = []

    def markup(self, text, path, *, blocks=False) -> Markup:
        if text is None:
            return Markup("")
        ctx = MarkupContext(self.placeholders, self.references, self.anchor_prefix)
        html = render_blocks(text, ctx) if blocks else render_inline(text, ctx)
        for message in ctx.errors:
            self.check.error(path, message)
        self.terms.extend(ctx.terms)
        return html

    def review(self, value, path) -> Review | None:
        data = self.check.mapping(
            value,
            path,
            required=("version", "last_reviewed", "next_review_due"),
            optional=("reviewed_by",),
        )
        if data is None:
            return None
        version = self.check.text(data.get("version"), (*path, "version"))
        last = self.check.date(data.get("last_reviewed"), (*path, "last_reviewed"))
        due = self.check.date(data.get("next_review_due"), (*path, "next_review_due"))
        by = self.check.text(
            data.get("reviewed_by") or "", (*path, "reviewed_by"), required=False, allow_empty=True
        )
        if last and due and due < last:
            self.check.error((*path, "next_review_due"), "is before last_reviewed")
        if None in (version, last, due):
            return None
        return Review(version, last, by or "", due)

    def applies(self, data: dict, path) -> bool:
        """False when the entry's `when:` does not hold for this clinic (project/devices.py)."""
        if "when" not in data:
            return True
        return holds(self.check, data["when"], (*path, "when"), self.conditions)

    def only(self, value, path, variant_ids) -> tuple[str, ...] | None:
        if value is None:
            return None
        ids = []
        for item_path, item in self.check.items(value, path, min_items=1):
            ident = self.check.identifier(item, item_path)
            if ident is not None and ident not in variant_ids:
                known = ", ".join(variant_ids) or "none declared"
                self.check.error(item_path, f"unknown variant '{ident}' (variants: {known})")
            ids.append(ident)
        return tuple(i for i in ids if i)

    def sections(
        self, value, path, required, variant_ids=(), *, with_figures=False
    ) -> tuple[Section, ...]:
        sections = []
        optional = ("only", "when", "figure") if with_figures else ("only", "when")
        placed = []  # (item path, id, only) of every section, for the per-variant checks
        for item_path, item in self.check.items(value, path, min_items=1):
            data = self.check.mapping(
                item, item_path, required=("id", "title", "body"), optional=optional
            )
            if data is None:
                continue
            # Text whose `when:` does not hold is still checked, so its mistakes show.
            kept = self.applies(data, item_path)
            ident = self.check.identifier(data.get("id"), (*item_path, "id"))
            title = self.check.text(data.get("title"), (*item_path, "title"))
            body_text = self.check.text(data.get("body"), (*item_path, "body"))
            only = self.only(data.get("only"), (*item_path, "only"), variant_ids)
            body = self.markup(body_text, (*item_path, "body"), blocks=True)
            figures = self.figures(data, item_path, variant_ids) if with_figures else ()
            if not kept:
                continue
            placed.append((item_path, ident, only))
            if None not in (ident, title, body_text):
                sections.append(Section(ident, title, body, only, figures))
        if isinstance(value, list):
            # Each variant (or the one handout) must have every required section, once.
            for variant in variant_ids or (None,):
                visible = [(p, i) for p, i, only in placed if only is None or variant in only]
                seen = set()
                for item_path, ident in visible:
                    if ident in seen:
                        self.check.error(
                            (*item_path, "id"),
                            f"section id '{ident}' is used twice"
                            + (f" in variant '{variant}'" if variant else ""),
                        )
                    seen.add(ident)
                for missing in [s for s in required if s not in seen]:
                    where = f" for variant '{variant}'" if variant else ""
                    self.check.error(path, f"missing required section '{missing}'{where}")
        return tuple(sections)

    def figures(self, data: dict, path, variant_ids) -> tuple[Figure, ...]:
        if "figure" not in data:
            return ()
        return self.figure_reader.figures(
            data["figure"], (*path, "figure"), lambda v, p: self.only(v, p, variant_ids)
        )

    def item_list(self, value, path, variant_ids=(), *, min_items=1) -> tuple[Item, ...]:
        items = []
        for item_path, item in self.check.items(value, path, min_items=min_items):
            only, kept = None, True
            if isinstance(item, dict):
                data = self.check.mapping(
                    item, item_path, required=("text",), optional=("only", "when")
                )
                if data is None:
                    continue
                kept = self.applies(data, item_path)
                only = self.only(data.get("only"), (*item_path, "only"), variant_ids)
                item_path = (*item_path, "text")
                item = data.get("text")
            text = self.check.text(item, item_path)
            html = self.markup(text, item_path) if text is not None else None
            if html is not None and kept:
                items.append(Item(html, only))
        return tuple(items)

    def reference_list(self, value, path) -> tuple[Reference, ...]:
        refs = []
        for item_path, item in self.check.items(value, path, min_items=1):
            data = self.check.mapping(
                item, item_path, required=("key", "text"), optional=("url", "doi", "pmid")
            )
            if data is None:
                continue
            key = self.check.text(data.get("key"), (*item_path, "key"))
            text = self.check.text(data.get("text"), (*item_path, "text"))
            address = {
                field: self.reference_address(data, item_path, field, problem)
                for field, problem in (
                    ("url", address_problem),
                    ("doi", doi_problem),
                    ("pmid", pmid_problem),
                )
            }
            if key in self.references:
                self.check.error((*item_path, "key"), f"reference key '{key}' is listed twice")
                continue
            if key and text:
                number = len(self.references) + 1
                self.references[key] = number
                html = self.markup(text, (*item_path, "text"))
                refs.append(Reference(key, number, html, **address))
        return tuple(refs)

    def reference_address(self, data: dict, item_path, field: str, problem) -> str:
        text = self.check.text(data.get(field), (*item_path, field), required=False) or ""
        message = problem(text) if text else None
        if message:
            self.check.error((*item_path, field), message)
            return ""
        return text


def check_schema_version(check: Checker, data: dict) -> None:
    version = check.integer(data.get("schema"), ("schema",))
    if version is not None and version != SCHEMA_VERSION:
        check.error(("schema",), f"this version of handouts reads schema {SCHEMA_VERSION}")
