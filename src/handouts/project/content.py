"""Procedure, booklet and glossary files: loading and validation into the models (models.py).

A procedure file has its own module (procedure_file.py); this one reads the booklet and the
glossary, and is where the models and loaders have always been imported from.
"""

from __future__ import annotations

from pathlib import Path

from handouts.diagnostics import ProblemList
from handouts.project.content_reader import ContentReader, check_schema_version
from handouts.project.models import (
    OVERVIEW_SECTIONS,
    AppointmentInfo,
    Booklet,
    Diary,
    Glance,
    GlossaryEntry,
    Handout,
    Item,
    Overview,
    Procedure,
    Reference,
    Review,
    Section,
    Variant,
)
from handouts.project.procedure_file import load_procedure
from handouts.project.yamlfile import YamlFiles, read_yaml

# The models lived here before models.py; modules and clinics' scripts still import them here.
__all__ = [
    "AppointmentInfo",
    "Booklet",
    "Diary",
    "Glance",
    "GlossaryEntry",
    "Handout",
    "Item",
    "Overview",
    "Procedure",
    "Reference",
    "Review",
    "Section",
    "Variant",
    "load_booklet",
    "load_glossary",
    "load_procedure",
]


def load_booklet(
    path: Path,
    problems: ProblemList,
    placeholders: dict[str, str],
    root: Path | None = None,
    files: YamlFiles | None = None,
) -> Booklet | None:
    doc = read_yaml(path, problems, root, files)
    if doc is None:
        return None
    load = ContentReader(doc, problems, placeholders)
    check = load.check
    data = check.mapping(
        doc.data,
        (),
        required=("schema", "title", "subtitle", "review", "chapters", "overview"),
    )
    if data is None:
        return None
    check_schema_version(check, data)
    title = check.text(data.get("title"), ("title",))
    subtitle = check.text(data.get("subtitle"), ("subtitle",))
    review = load.review(data.get("review"), ("review",))
    chapters = []
    for item_path, item in check.items(data.get("chapters"), ("chapters",), min_items=1):
        ident = check.identifier(item, item_path)
        if ident in chapters:
            check.error(item_path, f"chapter '{ident}' is listed twice")
        elif ident:
            chapters.append(ident)
    load.anchor_prefix = "overview-"
    overview = (
        check.mapping(
            data.get("overview"), ("overview",), required=("title", "sections", "references")
        )
        or {}
    )
    references = load.reference_list(overview.get("references"), ("overview", "references"))
    otitle = check.text(overview.get("title"), ("overview", "title"))
    sections = load.sections(overview.get("sections"), ("overview", "sections"), OVERVIEW_SECTIONS)
    if None in (title, subtitle, review, otitle):
        return None
    return Booklet(
        title, subtitle, review, tuple(chapters), Overview(otitle, sections, references), doc.source
    )


def load_glossary(
    path: Path,
    problems: ProblemList,
    placeholders: dict[str, str],
    root: Path | None = None,
    files: YamlFiles | None = None,
) -> dict[str, GlossaryEntry]:
    doc = read_yaml(path, problems, root, files)
    if doc is None:
        return {}
    load = ContentReader(doc, problems, placeholders)
    check = load.check
    data = check.mapping(doc.data, (), required=("schema", "terms"))
    if data is None:
        return {}
    check_schema_version(check, data)
    entries: dict[str, GlossaryEntry] = {}
    for item_path, item in check.items(data.get("terms"), ("terms",), min_items=1):
        entry = check.mapping(item, item_path, required=("term", "definition"))
        if entry is None:
            continue
        term = check.text(entry.get("term"), (*item_path, "term"))
        definition = check.text(entry.get("definition"), (*item_path, "definition"))
        if term and term.lower() in entries:
            check.error((*item_path, "term"), f"'{term}' is defined twice")
        elif term and definition:
            entries[term.lower()] = GlossaryEntry(
                term, load.markup(definition, (*item_path, "definition")), doc.source
            )
    return entries
