"""Translated patient content: content/<lang>/procedures/<id>.yaml and glossary.yaml.

A translated procedure file has the same ids and structure as the English one (same section ids
in the same order, same variants, same glance items, same diary) but only the patient-facing
parts, plus a `translation:` block saying which English version it translates and who
translated and reviewed it (docs/languages.md). It is paired with its English procedure, which
keeps everything that is not words: the kind, page limit, clinician chapter, review dates and
appointment logistics. Content never silently disappears: a section the English has and the
translation lacks is a loud warning, and that language's handout is refused until it is there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path

from handouts.diagnostics import ProblemList
from handouts.project.content_reader import ContentReader as _Loader
from handouts.project.content_reader import check_schema_version as _check_schema_version
from handouts.project.models import (
    AppointmentInfo,
    Diary,
    GlossaryEntry,
    Procedure,
    Review,
    Variant,
)
from handouts.project.procedure_file import read_glance
from handouts.project.video import read_video
from handouts.project.yamlfile import load_yaml

ENGLISH = "en"
LANGUAGE_FOLDER = re.compile(r"^[a-z]{2,3}$")  # content/es, content/vi, content/zh ...


@dataclass(frozen=True)
class Translation:
    """The `translation:` block of a translated file."""

    language: str
    of_version: str  # the English review.version this file translates
    translated_by: str
    reviewed_by: str  # a qualified medical translator; empty means draft
    last_reviewed: dt.date | None
    source: str
    missing: tuple[str, ...] = ()  # parts the English has and this file lacks

    @property
    def is_draft(self) -> bool:
        return not self.reviewed_by.strip()

    @property
    def complete(self) -> bool:
        return not self.missing


def version_key(version: str) -> tuple:
    """'1.0.10' > '1.0.9': numbers compare as numbers."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\-]", version.strip()))


def is_stale(translation: Translation, english: Procedure) -> bool:
    try:
        return version_key(english.review.version) > version_key(translation.of_version)
    except TypeError:  # "1.0.a" against "1.0.1": not comparable, so not provably current
        return english.review.version != translation.of_version


def language_folders(content_dir: Path) -> list[tuple[str, Path]]:
    """The translation trees of one content folder, e.g. [("es", content/es)]."""
    if not content_dir.is_dir():
        return []
    return [
        (folder.name, folder)
        for folder in sorted(content_dir.iterdir())
        if folder.is_dir() and LANGUAGE_FOLDER.match(folder.name) and folder.name != ENGLISH
    ]


def _translation_block(load: _Loader, value, language: str) -> Translation | None:
    check = load.check
    path = ("translation",)
    data = check.mapping(
        value,
        path,
        required=("language", "of_version"),
        optional=("translated_by", "reviewed_by", "last_reviewed"),
    )
    if data is None:
        return None
    lang = check.text(data.get("language"), (*path, "language"))
    if lang and lang.split("-")[0] != language:
        check.error((*path, "language"), f"is '{lang}' but the file is in content/{language}/")
    version = check.text(str(data.get("of_version", "")), (*path, "of_version"))

    def text(key):
        return check.text(data.get(key) or "", (*path, key), required=False, allow_empty=True)

    last = check.date(data.get("last_reviewed"), (*path, "last_reviewed"), required=False)
    if None in (lang, version):
        return None
    return Translation(
        language, version, text("translated_by") or "", text("reviewed_by") or "", last, ""
    )


def load_translated_procedure(
    path: Path,
    language: str,
    english: dict[str, Procedure],
    problems: ProblemList,
    placeholders: dict[str, str],
    root: Path | None = None,
    conditions: dict[str, object] | None = None,
) -> Procedure | None:
    """The English procedure with this file's words in place of its patient text."""
    doc = load_yaml(path, problems, root)
    if doc is None:
        return None
    load = _Loader(doc, problems, placeholders, conditions=conditions)
    check = load.check
    data = check.mapping(
        doc.data,
        (),
        required=("schema", "id", "title", "subtitle", "translation", "patient"),
        optional=(
            *("kind", "page_limit", "at_a_glance", "variants", "diary", "appointment"),
            "video",
        ),
    )
    if data is None:
        return None
    _check_schema_version(check, data)
    ident = check.identifier(data.get("id"), ("id",))
    if ident and ident != path.stem:
        check.error(("id",), f"id '{ident}' must match the file name '{path.stem}.yaml'")
    base = english.get(ident) if ident else None
    if ident and base is None:
        check.error(("id",), f"there is no English procedure '{ident}' for this to translate")
        return None
    if base is None:
        return None
    load.anchor_prefix = f"{ident}-"
    load.references = {r.key: r.number for r in base.references}  # citations keep numbering
    translation = _translation_block(load, data.get("translation"), language)
    title = check.text(data.get("title"), ("title",))
    subtitle = check.text(data.get("subtitle"), ("subtitle",))
    if "kind" in data and data["kind"] != base.kind:
        check.error(("kind",), f"is '{data['kind']}' but the English is '{base.kind}'")
    page_limit = base.page_limit  # a translation may take more pages, if the clinic says so
    if "page_limit" in data:
        page_limit = check.integer(data["page_limit"], ("page_limit",), minimum=1, maximum=40)
    variants = _variants(load, data.get("variants"), base)
    variant_ids = tuple(v.id for v in base.variants)
    glance = tuple(read_glance(load, data.get("at_a_glance"), variant_ids))
    patient = _patient(load, data.get("patient"), variant_ids)
    diary = _diary(load, data.get("diary"), base, variant_ids)
    bring = _bring(load, data.get("appointment"), base, variant_ids)
    video = base.video  # the English file's, which may give this language's address
    if "video" in data:
        video = read_video(check, data["video"], ("video",), language)
    if None in (title, subtitle, translation, page_limit):
        return None
    translated = replace(
        base,
        page_limit=page_limit,
        title=title,
        subtitle=subtitle,
        glance=glance,
        **patient,
        variants=variants,
        diary=diary,
        appointment=AppointmentInfo(
            base.appointment.arrive_minutes, base.appointment.driver_required, bring
        ),
        video=video,
        source=doc.source,
        terms=tuple(dict.fromkeys(load.terms)),
        content_sha256=doc.sha256,
    )
    _mark(translated, translation, base, load, language, doc.source)
    return translated


def _patient(load: _Loader, value, variant_ids) -> dict:
    """The patient text: sections and the three help levels, as Procedure fields."""
    patient = (
        load.check.mapping(
            value,
            ("patient",),
            required=("sections", "emergency", "call_us"),
            optional=("call_office",),
        )
        or {}
    )

    def items(level, min_items=1):
        return load.item_list(
            patient.get(level), ("patient", level), variant_ids, min_items=min_items
        )

    return {
        "sections": load.sections(
            patient.get("sections"), ("patient", "sections"), (), variant_ids, with_figures=True
        ),
        "emergency": items("emergency"),
        "call_us": items("call_us"),
        "call_office": items("call_office", min_items=0),
    }


def _bring(load: _Loader, value, base: Procedure, variant_ids):
    """What to bring, in this language (the English list when the file has none)."""
    if not isinstance(value, dict):
        return base.appointment.bring
    a = load.check.mapping(
        value, ("appointment",), optional=("arrive_minutes", "driver_required", "bring")
    )
    if a is None or "bring" not in a:
        return base.appointment.bring
    return load.item_list(a["bring"], ("appointment", "bring"), variant_ids, min_items=0)


def _mark(translated, translation, base, load: _Loader, language: str, source: str) -> None:
    """Record what the translation lacks or lags behind, loudly, on the translated procedure."""
    check = load.check
    missing = _missing_parts(base, translated)
    for what in missing:
        check.warning(
            ("patient",),
            f"lacks {what} that the English has; the {language} handout is not made "
            "until it is translated",
        )
    translation = replace(translation, source=source, missing=tuple(missing))
    if is_stale(translation, base):
        check.warning(
            ("translation", "of_version"),
            f"translates English version {translation.of_version}, but {base.source} is at "
            f"version {base.review.version}; update the translation, then of_version",
        )
    translated.language = language
    translated.translation = translation
    translated.review = _review(base.review, translation)


def _review(english: Review, translation: Translation) -> Review:
    """A translation is reviewed when its translator signed it off and the English is reviewed."""
    reviewed = "" if english.is_draft else translation.reviewed_by
    return Review(
        version=translation.of_version,
        last_reviewed=translation.last_reviewed or english.last_reviewed,
        reviewed_by=reviewed,
        next_review_due=english.next_review_due,
    )


def _variants(load: _Loader, value, base: Procedure) -> tuple[Variant, ...]:
    check = load.check
    titles = {}
    for item_path, item in check.items(value, ("variants",)):
        v = check.mapping(item, item_path, required=("id", "title"), optional=("subtitle",))
        if v is None:
            continue
        vid = check.identifier(v.get("id"), (*item_path, "id"))
        if vid and vid not in {b.id for b in base.variants}:
            check.error((*item_path, "id"), f"the English has no variant '{vid}'")
            continue
        title = check.text(v.get("title"), (*item_path, "title"))
        sub = check.text(v.get("subtitle"), (*item_path, "subtitle"), required=False) or ""
        if vid and title:
            titles[vid] = (title, sub)
    variants = []
    for variant in base.variants:
        if variant.id not in titles:
            check.error(("variants",), f"variant '{variant.id}' of the English is not translated")
            variants.append(variant)
            continue
        title, sub = titles[variant.id]
        variants.append(replace(variant, title=title, subtitle=sub))
    return tuple(variants)


def _diary(load: _Loader, value, base: Procedure, variant_ids) -> Diary | None:
    """The diary's words; its columns and rows are the English diary's."""
    if value is None:
        return None
    check = load.check
    d = check.mapping(
        value,
        ("diary",),
        required=("title", "intro"),
        optional=("only", "times", "columns", "figure"),
    )
    if d is None:
        return None
    if "columns" in d:
        check.error(
            ("diary", "columns"),
            "the columns come from the English file (their headings are translated in the "
            "catalogue); remove them here",
        )
    english = base.diary
    times = [check.text(t, p) for p, t in check.items(d.get("times"), ("diary", "times"))]
    if english is not None and len(times) != len(english.times):
        check.error(
            ("diary", "times"), f"has {len(times)} times; the English has {len(english.times)}"
        )
    title = check.text(d.get("title"), ("diary", "title"))
    intro = load.markup(check.text(d.get("intro"), ("diary", "intro")), ("diary", "intro"))
    only = load.only(d.get("only"), ("diary", "only"), variant_ids)
    figures = load.figures(d, ("diary",), variant_ids)  # its words are this language's
    if not title or None in times or english is None:
        return None
    return replace(
        english, title=title, intro=intro, times=tuple(times), only=only, figures=figures
    )


def _missing_parts(english: Procedure, translated: Procedure) -> list[str]:
    """What each handout of the English prints that the translation's would not."""
    missing = []
    for handout in english.handouts():
        variant = handout.variant.id if handout.variant else None
        theirs = {s.id for s in translated.sections if s.only is None or variant in s.only}
        where = f" in variant '{variant}'" if variant else ""
        for section in handout.sections:
            if section.id not in theirs:
                missing.append(f"section '{section.id}'{where}")
        for part in ("glance", "emergency", "call_us", "call_office"):
            ours = getattr(handout, part)
            shown = [e for e in getattr(translated, part) if e.only is None or variant in e.only]
            if len(shown) < len(ours):
                missing.append(f"{len(ours) - len(shown)} of the English {part} items{where}")
        if handout.diary is not None and translated.diary is None:
            missing.append(f"the pain diary{where}")
        missing += _missing_figures(handout, translated, variant, where)
    return list(dict.fromkeys(missing))


def _missing_figures(handout, translated: Procedure, variant, where: str) -> list[str]:
    """A drawing the English handout prints needs its words (alt text, caption, labels) in the
    translation too; without them the translated handout would silently lose the picture."""

    def shown(figures):
        return {f.file for f in figures if f.only is None or variant in f.only}

    missing = []
    theirs: dict[str, set[str]] = {}
    for section in translated.sections:  # a section id may recur, once per variant
        if section.only is None or variant in section.only:
            theirs.setdefault(section.id, set()).update(shown(section.figures))
    for section in handout.sections:
        for file in sorted(shown(section.figures) - theirs.get(section.id, set())):
            missing.append(f"the figure {file} of section '{section.id}'{where}")
    if handout.diary is not None and translated.diary is not None:
        for file in sorted(shown(handout.diary.figures) - shown(translated.diary.figures)):
            missing.append(f"the figure {file} of the pain diary{where}")
    return missing


def load_translated_glossary(
    path: Path,
    language: str,
    problems: ProblemList,
    placeholders: dict[str, str],
    root: Path | None = None,
) -> dict[str, GlossaryEntry]:
    """Spanish labels and definitions keyed by the English term (the key after the pipe)."""
    doc = load_yaml(path, problems, root)
    if doc is None:
        return {}
    load = _Loader(doc, problems, placeholders)
    check = load.check
    data = check.mapping(doc.data, (), required=("schema", "terms"), optional=("translation",))
    if data is None:
        return {}
    _check_schema_version(check, data)
    if "translation" in data:
        _translation_block(load, data["translation"], language)
    entries: dict[str, GlossaryEntry] = {}
    for item_path, item in check.items(data.get("terms"), ("terms",), min_items=1):
        entry = check.mapping(item, item_path, required=("term", "label", "definition"))
        if entry is None:
            continue
        term = check.text(entry.get("term"), (*item_path, "term"))
        label = check.text(entry.get("label"), (*item_path, "label"))
        definition = check.text(entry.get("definition"), (*item_path, "definition"))
        if term and term.lower() in entries:
            check.error((*item_path, "term"), f"'{term}' is defined twice")
        elif term and label and definition:
            entries[term.lower()] = GlossaryEntry(
                label, load.markup(definition, (*item_path, "definition")), doc.source
            )
    return entries
