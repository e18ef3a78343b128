"""Procedure, booklet and glossary content: loading, validation and the models templates use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from handouts.errors import ProblemList
from handouts.project.figures import Figure, FigureReader
from handouts.project.markup import MarkupContext, render_blocks, render_inline
from handouts.project.schema import Checker
from handouts.project.video import Video, read_video
from handouts.project.yamlfile import YamlDocument, load_yaml

SCHEMA_VERSION = 1
KINDS = {"injection": 2, "implant": 4}  # kind -> default page limit (US Letter)
PATIENT_SECTIONS = ("what-is-it", "why", "how-it-is-done", "how-to-get-ready", "after", "risks")
CLINICIAN_SECTIONS = ("indications", "contraindications", "technique", "complications", "evidence")
OVERVIEW_SECTIONS = ("what-it-is", "principles", "conditions", "candidates")


@dataclass(frozen=True)
class Review:
    version: str
    last_reviewed: dt.date
    reviewed_by: str
    next_review_due: dt.date

    @property
    def is_draft(self) -> bool:
        return not self.reviewed_by.strip()


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    body: Markup
    only: tuple[str, ...] | None = None
    figures: tuple[Figure, ...] = ()  # drawings printed beside the text (project/figures.py)


@dataclass(frozen=True)
class Item:
    """A list entry (help boxes, what to bring) that may be limited to some variants."""

    html: Markup
    only: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Reference:
    key: str
    number: int
    text: Markup
    url: str = ""


@dataclass(frozen=True)
class Glance:
    value: Markup
    label: Markup
    only: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Variant:
    id: str
    title: str
    subtitle: str
    arrive_minutes: int | None = None  # overrides the procedure's appointment settings
    driver_required: bool | None = None


DIARY_COLUMNS = ("Time of day", "Pain score (0 to 10)", "What were you doing?")


@dataclass(frozen=True)
class Diary:
    title: str
    intro: Markup
    times: tuple[str, ...]
    only: tuple[str, ...] | None = None
    columns: tuple[str, ...] = DIARY_COLUMNS
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class AppointmentInfo:
    arrive_minutes: int = 30
    driver_required: bool = True
    bring: tuple[Item, ...] = ()


@dataclass
class Procedure:
    id: str
    title: str
    subtitle: str
    kind: str
    page_limit: int
    review: Review
    glance: tuple[Glance, ...]
    sections: tuple[Section, ...]
    emergency: tuple[Item, ...]
    call_us: tuple[Item, ...]
    clinician_sections: tuple[Section, ...]
    bleeding_risk: Markup
    references: tuple[Reference, ...]
    variants: tuple[Variant, ...] = ()
    diary: Diary | None = None
    appointment: AppointmentInfo = field(default_factory=AppointmentInfo)
    source: str = ""
    builtin: bool = True
    terms: tuple[str, ...] = ()
    video: Video | None = None  # a web page the handout prints as a QR code (project/video.py)
    language: str = "en"  # the content's language (translations.py makes the others)
    translation: object | None = None  # translations.Translation, for translated content

    def handouts(self) -> list[Handout]:
        """One handout per variant, or one for the whole procedure."""
        if not self.variants:
            return [Handout(self, None)]
        return [Handout(self, variant) for variant in self.variants]


@dataclass(frozen=True)
class Handout:
    """What one patient handout prints: a procedure, or one variant of it."""

    procedure: Procedure
    variant: Variant | None

    @property
    def slug(self) -> str:
        return f"{self.procedure.id}-{self.variant.id}" if self.variant else self.procedure.id

    @property
    def title(self) -> str:
        return self.variant.title if self.variant else self.procedure.title

    @property
    def subtitle(self) -> str:
        return (self.variant.subtitle if self.variant else "") or self.procedure.subtitle

    def _visible(self, entries):
        variant = self.variant.id if self.variant else None
        return tuple(e for e in entries if e.only is None or variant in e.only)

    def figures(self, holder: Section | Diary) -> tuple[Figure, ...]:
        """The figures of a section (or the diary) that this variant prints."""
        return self._visible(holder.figures)

    @property
    def glance(self) -> tuple[Glance, ...]:
        return self._visible(self.procedure.glance)

    @property
    def sections(self) -> tuple[Section, ...]:
        return self._visible(self.procedure.sections)

    @property
    def emergency(self) -> tuple[Item, ...]:
        return self._visible(self.procedure.emergency)

    @property
    def call_us(self) -> tuple[Item, ...]:
        return self._visible(self.procedure.call_us)

    @property
    def diary(self) -> Diary | None:
        diary = self.procedure.diary
        return diary if diary and self._visible([diary]) else None

    @property
    def bring(self) -> tuple[Item, ...]:
        return self._visible(self.procedure.appointment.bring)

    @property
    def arrive_minutes(self) -> int:
        own = self.variant.arrive_minutes if self.variant else None
        return own if own is not None else self.procedure.appointment.arrive_minutes

    @property
    def driver_required(self) -> bool:
        own = self.variant.driver_required if self.variant else None
        return own if own is not None else self.procedure.appointment.driver_required


@dataclass
class Overview:
    title: str
    sections: tuple[Section, ...]
    references: tuple[Reference, ...]


@dataclass
class Booklet:
    title: str
    subtitle: str
    review: Review
    chapters: tuple[str, ...]
    overview: Overview
    source: str = ""


@dataclass
class GlossaryEntry:
    term: str
    definition: Markup
    source: str = ""


# -- loading ---------------------------------------------------------------------------------


class _Loader:
    """Validates one content file and compiles its markup, collecting every problem."""

    def __init__(
        self,
        doc: YamlDocument,
        problems: ProblemList,
        placeholders: dict[str, str],
        root: Path | None = None,
    ):
        self.doc = doc
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
        optional = ("only", "figure") if with_figures else ("only",)
        placed = []  # (item path, id, only) of every section, for the per-variant checks
        for item_path, item in self.check.items(value, path, min_items=1):
            data = self.check.mapping(
                item, item_path, required=("id", "title", "body"), optional=optional
            )
            if data is None:
                continue
            ident = self.check.identifier(data.get("id"), (*item_path, "id"))
            title = self.check.text(data.get("title"), (*item_path, "title"))
            body_text = self.check.text(data.get("body"), (*item_path, "body"))
            only = self.only(data.get("only"), (*item_path, "only"), variant_ids)
            placed.append((item_path, ident, only))
            body = self.markup(body_text, (*item_path, "body"), blocks=True)
            figures = self.figures(data, item_path, variant_ids) if with_figures else ()
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
            only = None
            if isinstance(item, dict):
                data = self.check.mapping(item, item_path, required=("text",), optional=("only",))
                if data is None:
                    continue
                only = self.only(data.get("only"), (*item_path, "only"), variant_ids)
                item_path = (*item_path, "text")
                item = data.get("text")
            text = self.check.text(item, item_path)
            if text is not None:
                items.append(Item(self.markup(text, item_path), only))
        return tuple(items)

    def reference_list(self, value, path) -> tuple[Reference, ...]:
        refs = []
        for item_path, item in self.check.items(value, path, min_items=1):
            data = self.check.mapping(item, item_path, required=("key", "text"), optional=("url",))
            if data is None:
                continue
            key = self.check.text(data.get("key"), (*item_path, "key"))
            text = self.check.text(data.get("text"), (*item_path, "text"))
            url = self.check.text(data.get("url"), (*item_path, "url"), required=False) or ""
            if url and not url.startswith(("https://", "http://")):
                self.check.error((*item_path, "url"), "must start with https:// or http://")
            if key in self.references:
                self.check.error((*item_path, "key"), f"reference key '{key}' is listed twice")
                continue
            if key and text:
                number = len(self.references) + 1
                self.references[key] = number
                refs.append(Reference(key, number, self.markup(text, (*item_path, "text")), url))
        return tuple(refs)


def _check_schema_version(check: Checker, data: dict) -> None:
    version = check.integer(data.get("schema"), ("schema",))
    if version is not None and version != SCHEMA_VERSION:
        check.error(("schema",), f"this version of handouts reads schema {SCHEMA_VERSION}")


def load_procedure(
    path: Path, problems: ProblemList, placeholders: dict[str, str], root: Path | None = None
) -> Procedure | None:
    doc = load_yaml(path, problems, root)
    if doc is None:
        return None
    load = _Loader(doc, problems, placeholders, root)
    check = load.check
    data = check.mapping(
        doc.data,
        (),
        required=("schema", "id", "title", "subtitle", "kind", "review", "patient", "clinician"),
        optional=("page_limit", "at_a_glance", "variants", "diary", "appointment", "video"),
    )
    if data is None:
        return None
    _check_schema_version(check, data)
    ident = check.identifier(data.get("id"), ("id",))
    if ident and ident != path.stem:
        check.error(("id",), f"id '{ident}' must match the file name '{path.stem}.yaml'")
    load.anchor_prefix = f"{ident}-"
    title = check.text(data.get("title"), ("title",))
    subtitle = check.text(data.get("subtitle"), ("subtitle",))
    kind = check.choice(data.get("kind"), ("kind",), tuple(KINDS))
    page_limit = KINDS.get(kind, 2)
    if "page_limit" in data:
        page_limit = check.integer(data["page_limit"], ("page_limit",), minimum=1, maximum=40)
    review = load.review(data.get("review"), ("review",))

    variants = []
    for item_path, item in check.items(data.get("variants"), ("variants",)):
        v = check.mapping(
            item,
            item_path,
            required=("id", "title"),
            optional=("subtitle", "arrive_minutes", "driver_required"),
        )
        if v is None:
            continue
        vid = check.identifier(v.get("id"), (*item_path, "id"))
        vtitle = check.text(v.get("title"), (*item_path, "title"))
        vsub = check.text(v.get("subtitle"), (*item_path, "subtitle"), required=False) or ""
        arrive = check.integer(
            v.get("arrive_minutes"),
            (*item_path, "arrive_minutes"),
            minimum=0,
            maximum=240,
            required=False,
        )
        driver = (
            check.boolean(v["driver_required"], (*item_path, "driver_required"))
            if "driver_required" in v
            else None
        )
        if vid and vtitle:
            variants.append(Variant(vid, vtitle, vsub, arrive, driver))
    variant_ids = tuple(v.id for v in variants)

    glance = []
    for item_path, item in check.items(data.get("at_a_glance"), ("at_a_glance",)):
        g = check.mapping(item, item_path, required=("value", "label"), optional=("only",))
        if g is None:
            continue
        value = check.text(g.get("value"), (*item_path, "value"))
        label = check.text(g.get("label"), (*item_path, "label"))
        only = load.only(g.get("only"), (*item_path, "only"), variant_ids)
        if value and label:
            glance.append(
                Glance(
                    load.markup(value, (*item_path, "value")),
                    load.markup(label, (*item_path, "label")),
                    only,
                )
            )
    for variant in variant_ids or (None,):
        shown = [g for g in glance if g.only is None or variant in g.only]
        if len(shown) > 4:
            where = f" in variant '{variant}'" if variant else ""
            check.error(("at_a_glance",), f"at most 4 items fit in the strip{where}")

    # Clinician references first: citations anywhere in the file resolve against them.
    clinician = (
        check.mapping(
            data.get("clinician"),
            ("clinician",),
            required=("bleeding_risk", "sections", "references"),
        )
        or {}
    )
    references = load.reference_list(clinician.get("references"), ("clinician", "references"))

    patient = (
        check.mapping(
            data.get("patient"), ("patient",), required=("sections", "emergency", "call_us")
        )
        or {}
    )
    sections = load.sections(
        patient.get("sections"),
        ("patient", "sections"),
        PATIENT_SECTIONS,
        variant_ids,
        with_figures=True,
    )
    emergency = load.item_list(patient.get("emergency"), ("patient", "emergency"), variant_ids)
    call_us = load.item_list(patient.get("call_us"), ("patient", "call_us"), variant_ids)
    patient_terms = tuple(dict.fromkeys(load.terms))

    bleeding = load.markup(
        check.text(clinician.get("bleeding_risk"), ("clinician", "bleeding_risk")),
        ("clinician", "bleeding_risk"),
    )
    clinician_sections = load.sections(
        clinician.get("sections"), ("clinician", "sections"), CLINICIAN_SECTIONS
    )

    diary = None
    if "diary" in data:
        d = check.mapping(
            data["diary"],
            ("diary",),
            required=("title", "intro", "times"),
            optional=("only", "columns", "figure"),
        )
        if d is not None:
            times = [
                check.text(t, p)
                for p, t in check.items(d.get("times"), ("diary", "times"), min_items=2)
            ]
            columns = DIARY_COLUMNS
            if "columns" in d:
                columns = tuple(
                    check.text(c, p)
                    for p, c in check.items(d["columns"], ("diary", "columns"), min_items=1)
                )
            dtitle = check.text(d.get("title"), ("diary", "title"))
            intro = load.markup(check.text(d.get("intro"), ("diary", "intro")), ("diary", "intro"))
            only = load.only(d.get("only"), ("diary", "only"), variant_ids)
            figures = load.figures(d, ("diary",), variant_ids)
            if dtitle and None not in times and None not in columns:
                diary = Diary(dtitle, intro, tuple(times), only, columns, figures)

    appointment = AppointmentInfo()
    if "appointment" in data:
        a = check.mapping(
            data["appointment"],
            ("appointment",),
            optional=("arrive_minutes", "driver_required", "bring"),
        )
        if a is not None:
            arrive = check.integer(
                a.get("arrive_minutes", 30),
                ("appointment", "arrive_minutes"),
                minimum=0,
                maximum=240,
            )
            driver = check.boolean(
                a.get("driver_required", True), ("appointment", "driver_required")
            )
            bring = load.item_list(
                a.get("bring"), ("appointment", "bring"), variant_ids, min_items=0
            )
            appointment = AppointmentInfo(arrive if arrive is not None else 30, bool(driver), bring)

    video = read_video(check, data["video"], ("video",)) if "video" in data else None
    if None in (ident, title, subtitle, kind, page_limit, review):
        return None
    return Procedure(
        id=ident,
        title=title,
        subtitle=subtitle,
        kind=kind,
        page_limit=page_limit,
        review=review,
        glance=tuple(glance),
        sections=sections,
        emergency=emergency,
        call_us=call_us,
        clinician_sections=clinician_sections,
        bleeding_risk=bleeding,
        references=references,
        variants=tuple(variants),
        diary=diary,
        appointment=appointment,
        source=doc.source,
        terms=patient_terms,
        video=video,
    )


def load_booklet(
    path: Path, problems: ProblemList, placeholders: dict[str, str], root: Path | None = None
) -> Booklet | None:
    doc = load_yaml(path, problems, root)
    if doc is None:
        return None
    load = _Loader(doc, problems, placeholders)
    check = load.check
    data = check.mapping(
        doc.data,
        (),
        required=("schema", "title", "subtitle", "review", "chapters", "overview"),
    )
    if data is None:
        return None
    _check_schema_version(check, data)
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
    path: Path, problems: ProblemList, placeholders: dict[str, str], root: Path | None = None
) -> dict[str, GlossaryEntry]:
    doc = load_yaml(path, problems, root)
    if doc is None:
        return {}
    load = _Loader(doc, problems, placeholders)
    check = load.check
    data = check.mapping(doc.data, (), required=("schema", "terms"))
    if data is None:
        return {}
    _check_schema_version(check, data)
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
