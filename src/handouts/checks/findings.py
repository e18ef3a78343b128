"""`handouts check`: the plain-language and publishing gate, run on the rendered HTML.

Loading already rejects what cannot be built (schema errors, a missing required section, an
unknown citation key, a glossary term without a definition). The checks here look at the
documents as the templates render them and report *findings*:

- error: the handout must not go out (exit 1): patient text above the readability limits,
  an image without alt text, a link or cross-reference that goes nowhere, an empty section,
  a character no font can draw;
- warning: a reviewer should look (exit 1 only with --strict): a hard section, a long
  sentence, a medical word used without explanation, a review date that has passed;
- info: worth knowing, never failing: draft status.

Clinician text (the booklet) is held to the structural checks only, never to readability.
Nothing here imports WeasyPrint.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from importlib import resources
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from handouts.appointments.imports.mapping import load_schedule_mapping
from handouts.appointments.settings import load_appointment_settings
from handouts.checks.figures import figure_findings
from handouts.checks.preflight import preflight
from handouts.checks.prose import ProseSection, Unit, patient_sections
from handouts.checks.readability import Scores, score_units
from handouts.errors import ProblemList
from handouts.pdf.fonts import undrawable_messages
from handouts.procedure_ids import select_handouts
from handouts.project.content import Procedure, Review
from handouts.project.loader import Project
from handouts.project.schema import Checker
from handouts.project.settings import CONFIG_NAME
from handouts.project.yamlfile import load_yaml
from handouts.render.document import HtmlDocument, Renderer
from handouts.render.references import check_references

SEVERITIES = ("error", "warning", "info")
SETTINGS_SECTION = "readability"


# -- settings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """The `readability:` section of handouts.yaml. Defaults follow the standards file, §8."""

    handout_max_grade: float = 8.0  # Flesch-Kincaid; above it the handout fails
    handout_max_smog: float = 10.0  # SMOG; above it the handout fails
    section_max_grade: float = 10.0  # Flesch-Kincaid of one section; above it, a warning
    sentence_max_words: int = 25  # longer sentences are warnings
    handout_min_inflesz: float = 65.0  # Spanish: INFLESZ "bastante fácil"; below it, error
    section_min_inflesz: float = 55.0  # Spanish: a section below "normal" is a warning

    def as_dict(self) -> dict:
        return {
            "handout_max_grade": self.handout_max_grade,
            "handout_max_smog": self.handout_max_smog,
            "section_max_grade": self.section_max_grade,
            "sentence_max_words": self.sentence_max_words,
            "handout_min_inflesz": self.handout_min_inflesz,
            "section_min_inflesz": self.section_min_inflesz,
        }


def load_limits(project: Project, problems: ProblemList) -> Limits:
    """Validate `readability:` in handouts.yaml, reporting file:line for every mistake."""
    if SETTINGS_SECTION not in project.settings.extra:
        return Limits()
    doc = load_yaml(project.root / CONFIG_NAME, problems, project.root)
    if doc is None or not isinstance(doc.data, dict):
        return Limits()
    check = Checker(doc, problems)
    path = (SETTINGS_SECTION,)
    defaults = Limits().as_dict()
    data = check.mapping(doc.data.get(SETTINGS_SECTION) or {}, path, optional=tuple(defaults))
    if data is None:
        return Limits()
    values = {}
    for key, default in defaults.items():
        if key not in data:
            continue
        if isinstance(default, int):
            value = check.integer(data[key], (*path, key), minimum=5, maximum=100)
        else:
            top = 100 if "inflesz" in key else 30
            value = check.number(data[key], (*path, key), minimum=0, maximum=top)
        if value is not None:
            values[key] = value
    return Limits(**values)


# -- findings and the report ------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    severity: str  # "error", "warning" or "info"
    check: str  # which check: readability, glossary, review, images, links, sections, ...
    document: str  # handout name(s) or "clinician-booklet"; "" for the project as a whole
    where: str  # a section id within the document, or ""
    message: str
    source: str = ""  # the file to edit

    def __str__(self) -> str:
        place = " › ".join(part for part in (self.document, self.where) if part)
        prefix = f"{self.source}: " if self.source else ""
        return f"{prefix}{place + ': ' if place else ''}{self.message}"

    def as_dict(self) -> dict:
        return {
            "severity": self.severity,
            "check": self.check,
            "document": self.document,
            "section": self.where,
            "message": self.message,
            "source": self.source,
        }


@dataclass
class SectionScore:
    id: str
    title: str
    scores: Scores


@dataclass
class HandoutScore:
    name: str
    title: str
    source: str
    scores: Scores
    sections: list[SectionScore]


@dataclass
class CheckReport:
    today: dt.date
    limits: Limits
    documents: int = 0
    handouts: list[HandoutScore] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    translated: list = field(default_factory=list)  # translated.TranslatedScore, per handout

    def of(self, severity: str) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]

    @property
    def errors(self) -> list[Finding]:
        return self.of("error")

    @property
    def warnings(self) -> list[Finding]:
        return self.of("warning")

    @property
    def notes(self) -> list[Finding]:
        return self.of("info")

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def counts(self) -> str:
        def plural(n, word):
            return f"{n} {word}{'' if n == 1 else 's'}"

        return ", ".join(
            (
                plural(len(self.errors), "error"),
                plural(len(self.warnings), "warning"),
                plural(len(self.notes), "note"),
            )
        )


class _Collector:
    """Gathers findings; one finding about text that several variants share is kept once."""

    def __init__(self):
        self.findings: dict[tuple, Finding] = {}

    def add(self, severity, check, document, where, message, source=""):
        key = (severity, check, where, message, source)
        known = self.findings.get(key)
        if known is not None and document not in known.document.split(", "):
            document = f"{known.document}, {document}"
        self.findings[key] = Finding(severity, check, document, where, message, source)

    def sorted(self) -> list[Finding]:
        return sorted(self.findings.values(), key=lambda f: SEVERITIES.index(f.severity))


# -- running the checks -----------------------------------------------------------------------


def clinic_today(project: Project) -> dt.date:
    """Today's date where the clinic is, so a review falls due on the clinic's calendar."""
    return dt.datetime.now(ZoneInfo(project.settings.print.timezone)).date()


def run_checks(
    project: Project,
    *,
    today: dt.date | None = None,
    procedure_ids: list[str] | None = None,
    include_booklet: bool = True,
    preflight_errors_as_warnings: bool = False,
    languages: list[str] | None = None,
) -> CheckReport:
    """Render the selected documents to HTML and check them; raises ContentError only for a
    mistake in the `readability:` settings themselves.

    `build` passes `preflight_errors_as_warnings` so a new project's sample phone numbers or a
    low-contrast brand warn while it builds (and fail with --strict), but fail `check`."""
    problems = ProblemList()
    limits = load_limits(project, problems)
    problems.raise_if_errors()
    load_appointment_settings(project.settings)  # a mistake there fails check, not the front desk
    load_schedule_mapping(project)  # the schedule section too: before the day's export arrives
    report = CheckReport(today or clinic_today(project), limits)
    found = _Collector()
    for problem in [*project.problems, *figure_findings(project)]:  # found while loading
        found.add(problem.severity, "content", "", problem.field, problem.message, problem.source)
    for problem in preflight(project):  # sample phone numbers, contrast, content versions
        severity = problem.severity
        if preflight_errors_as_warnings and severity == "error":
            severity = "warning"
        location = problem.source
        if problem.line:
            location += f":{problem.line}" + (f":{problem.column}" if problem.column else "")
        found.add(severity, "project", "", problem.field, problem.message, location)

    renderer = Renderer(project)
    ids = list(project.procedures) if procedure_ids is None else procedure_ids
    chosen = select_handouts(project.procedures, ids)  # variant ids too (procedure_ids.py)
    procedures = list({h.procedure.id: h.procedure for h in chosen}.values())
    rendered: list[HtmlDocument] = []
    languages = languages or ["en"]
    for procedure in procedures if "en" in languages else []:
        for handout in [h for h in chosen if h.procedure is procedure]:
            doc = renderer.handout(handout)
            rendered.append(doc)
            sections = patient_sections(doc.html, doc.name)
            report.handouts.append(
                check_readability(doc, handout.title, procedure, sections, limits, found)
            )
            check_glossary_use(doc.name, procedure.source, sections, found)
            check_structure(doc, procedure.source, found)
            report.documents += 1
        check_review(procedure.review, procedure.source, procedure.id, report.today, found)
    for language in [lang for lang in languages if lang != "en"]:
        from handouts.checks.translated import check_language

        rendered += check_language(project, language, chosen, limits, report, found)
    if include_booklet:
        booklet = project.booklet
        doc = renderer.booklet()
        rendered.append(doc)
        check_structure(doc, booklet.source, found)
        check_review(booklet.review, booklet.source, doc.name, report.today, found)
        report.documents += 1
    references = ProblemList()  # files outside the project, network addresses, symlinks out
    check_references(rendered, project, references)
    for problem in references:
        where = f"{problem.source}:{problem.line}" if problem.line else problem.source
        found.add("error", "references", "", problem.field, problem.message, where)
    report.findings = found.sorted()
    return report


# -- readability ------------------------------------------------------------------------------


def check_readability(
    doc: HtmlDocument,
    title: str,
    procedure: Procedure,
    sections: list[ProseSection],
    limits: Limits,
    found: _Collector,
) -> HandoutScore:
    source = procedure.source
    scored = [SectionScore(s.id, s.title, score_units(_texts(s.units))) for s in sections]
    whole = score_units([u.text for s in sections for u in s.units])
    hardest = sorted(
        (s for s in scored if s.scores.words), key=lambda s: -s.scores.flesch_kincaid_grade
    )
    named = ", ".join(f"{s.id} (FK {s.scores.flesch_kincaid_grade:.1f})" for s in hardest[:3])
    if whole.words and whole.flesch_kincaid_grade > limits.handout_max_grade:
        found.add(
            "error",
            "readability",
            doc.name,
            "",
            f"patient text reads at Flesch-Kincaid grade {whole.flesch_kincaid_grade:.1f}, "
            f"above the limit of {limits.handout_max_grade:g}; hardest sections: {named}",
            source,
        )
    if whole.words and whole.smog > limits.handout_max_smog:
        extrapolated = (
            f" (extrapolated from {whole.sentences} sentences)" if whole.smog_extrapolated else ""
        )
        found.add(
            "error",
            "readability",
            doc.name,
            "",
            f"patient text has SMOG grade {whole.smog:.1f}{extrapolated}, above the limit of "
            f"{limits.handout_max_smog:g}; hardest sections: {named}",
            source,
        )
    for section, score in zip(sections, scored, strict=True):
        grade = score.scores.flesch_kincaid_grade
        if score.scores.words and grade > limits.section_max_grade:
            found.add(
                "warning",
                "readability",
                doc.name,
                section.id,
                f"section reads at Flesch-Kincaid grade {grade:.1f}, "
                f"above {limits.section_max_grade:g}",
                source,
            )
        long = score_units(_texts(section.units), longest=1_000).longest
        for words, sentence in long:
            if words > limits.sentence_max_words:
                found.add(
                    "warning",
                    "readability",
                    doc.name,
                    section.id,
                    f"sentence of {words} words (limit {limits.sentence_max_words}): "
                    f"“{_shorten(sentence)}”",
                    source,
                )
        if not score.scores.words:
            found.add("error", "sections", doc.name, section.id, "section prints no text", source)
    return HandoutScore(doc.name, title, source, whole, scored)


def _texts(units: list[Unit]) -> list[str]:
    return [u.text for u in units]


def _shorten(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


# -- glossary ---------------------------------------------------------------------------------


@cache
def medical_terms() -> tuple[str, ...]:
    """The shipped list of medical words that patient text must explain (data/medical-terms.txt)."""
    text = resources.files("handouts").joinpath("data/medical-terms.txt").read_text("utf-8")
    terms = {line.split("#", 1)[0].strip().lower() for line in text.splitlines()}
    return tuple(sorted((t for t in terms if t), key=lambda t: (-len(t), t)))


@cache
def _term_pattern() -> re.Pattern:
    # Longest first, so "spinal cord stimulator" wins over "stimulator" at the same place.
    words = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in medical_terms())
    return re.compile(rf"(?<![\w-])({words})(?:e?s)?(?![\w-])", re.IGNORECASE)


def check_glossary_use(
    name: str, source: str, sections: list[ProseSection], found: _Collector
) -> None:
    """Warn when a listed medical word is used before it has been marked as a glossary term."""
    explained: set[str] = set()
    for section in sections:
        for unit in section.units:
            marks = [
                (start, end, key, unit.text[start:end].lower()) for start, end, key in unit.terms
            ]
            for match in _term_pattern().finditer(unit.text):
                term = " ".join(match.group(1).lower().split())
                inside = any(s <= match.start() and match.end() <= e for s, e, _, _ in marks)
                earlier = {k for s, _, k, _ in marks if s < match.start()} | {
                    t for s, _, _, t in marks if s < match.start()
                }
                if inside or _covered(term, explained | earlier):
                    explained.add(term)
                    continue
                explained.add(term)  # warn about the first use only
                found.add(
                    "warning",
                    "glossary",
                    name,
                    section.id,
                    f"medical word '{match.group(0)}' is not explained; mark its first use "
                    f"as [[{term}]] (with a glossary definition) or use an everyday word",
                    source,
                )
            for _, _, key, shown in marks:
                explained.update((key, shown))


def _covered(term: str, explained: set[str]) -> bool:
    """A term is explained by itself or by an explained phrase that holds it ("stimulator" by
    "spinal cord stimulator")."""
    return any(re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", e) for e in explained)


# -- structure: images, links, cross-references -----------------------------------------------


class _Structure(HTMLParser):
    """Ids, links and images of one document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
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


def check_structure(doc: HtmlDocument, source: str, found: _Collector) -> None:
    for message in undrawable_messages(doc.html):
        found.add("error", "characters", doc.name, "", message, source)
    parser = _Structure()
    parser.feed(doc.html)
    parser.close()
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


# -- review dates -----------------------------------------------------------------------------


def check_review(review: Review, source: str, name: str, today: dt.date, found: _Collector):
    if review.next_review_due < today:
        found.add(
            "warning",
            "review",
            name,
            "",
            f"review overdue: the next review was due on {review.next_review_due.isoformat()}; "
            "review the content, then update review.last_reviewed and review.next_review_due",
            source,
        )
    if review.is_draft:
        found.add(
            "info",
            "review",
            name,
            "",
            f"draft (version {review.version}): not yet signed off by the clinic's clinicians; "
            "set review.reviewed_by once they have reviewed it",
            source,
        )
