"""A procedure file (content/procedures/<id>.yaml) into a Procedure, every mistake reported."""

from __future__ import annotations

from pathlib import Path

from handouts.diagnostics import ProblemList
from handouts.project.content_reader import ContentReader, check_schema_version
from handouts.project.diary import read_diary
from handouts.project.models import (
    CLINICIAN_SECTIONS,
    KINDS,
    PATIENT_SECTIONS,
    AppointmentInfo,
    Glance,
    Procedure,
    Variant,
)
from handouts.project.video import read_video
from handouts.project.yamlfile import YamlFiles, read_yaml


def load_procedure(
    path: Path,
    problems: ProblemList,
    placeholders: dict[str, str],
    root: Path | None = None,
    files: YamlFiles | None = None,
    conditions: dict[str, object] | None = None,
) -> Procedure | None:
    doc = read_yaml(path, problems, root, files)
    if doc is None:
        return None
    load = ContentReader(doc, problems, placeholders, root, conditions)
    check = load.check
    data = check.mapping(
        doc.data,
        (),
        required=("schema", "id", "title", "subtitle", "kind", "review", "patient", "clinician"),
        optional=("page_limit", "at_a_glance", "variants", "diary", "appointment", "video"),
    )
    if data is None:
        return None
    check_schema_version(check, data)
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

    variants = _variants(check, data.get("variants"))
    variant_ids = tuple(v.id for v in variants)
    glance = read_glance(load, data.get("at_a_glance"), variant_ids)

    parts = _patient_and_clinician(load, data, variant_ids)
    diary = read_diary(load, data["diary"], variant_ids) if "diary" in data else None

    appointment = AppointmentInfo()
    if "appointment" in data:
        appointment = _appointment(load, data["appointment"], variant_ids)

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
        **parts,
        variants=tuple(variants),
        diary=diary,
        appointment=appointment,
        source=doc.source,
        video=video,
        content_sha256=doc.sha256,
    )


def _variants(check, value) -> list[Variant]:
    variants = []
    for item_path, item in check.items(value, ("variants",)):
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
    return variants


def read_glance(load: ContentReader, value, variant_ids) -> list[Glance]:
    """The at-a-glance strip of a procedure file or of its translation."""
    check = load.check
    glance = []
    for item_path, item in check.items(value, ("at_a_glance",)):
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
    return glance


def _appointment(load: ContentReader, value, variant_ids) -> AppointmentInfo:
    check = load.check
    appointment = AppointmentInfo()
    a = check.mapping(
        value,
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
        driver = check.boolean(a.get("driver_required", True), ("appointment", "driver_required"))
        bring = load.item_list(a.get("bring"), ("appointment", "bring"), variant_ids, min_items=0)
        appointment = AppointmentInfo(arrive if arrive is not None else 30, bool(driver), bring)
    return appointment


def _patient_and_clinician(load: ContentReader, data: dict, variant_ids) -> dict:
    """The patient and clinician parts, as Procedure fields."""
    check = load.check
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
            data.get("patient"),
            ("patient",),
            required=("sections", "emergency", "call_us"),
            optional=("call_office",),
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
    call_office = load.item_list(
        patient.get("call_office"), ("patient", "call_office"), variant_ids, min_items=0
    )
    patient_terms = tuple(dict.fromkeys(load.terms))

    bleeding = load.markup(
        check.text(clinician.get("bleeding_risk"), ("clinician", "bleeding_risk")),
        ("clinician", "bleeding_risk"),
    )
    clinician_sections = load.sections(
        clinician.get("sections"), ("clinician", "sections"), CLINICIAN_SECTIONS
    )
    return {
        "sections": sections,
        "emergency": emergency,
        "call_us": call_us,
        "call_office": call_office,
        "clinician_sections": clinician_sections,
        "bleeding_risk": bleeding,
        "references": references,
        "terms": patient_terms,
    }
