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
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from handouts.appointments.imports.mapping import load_schedule_mapping
from handouts.checks.figures import figure_findings
from handouts.checks.limits import SETTINGS_SECTION, Limits  # noqa: F401 (the old home)
from handouts.checks.preflight import preflight
from handouts.checks.prose import ProseSection, Unit
from handouts.checks.readability import score_units
from handouts.checks.readings import document_sections
from handouts.checks.results import (
    CheckReport,
    Collector,
    HandoutScore,
    SectionScore,
)
from handouts.checks.structure import check_structure
from handouts.diagnostics import ProblemList
from handouts.procedure_ids import select_handouts
from handouts.project.content import Procedure, Review
from handouts.project.loader import Project
from handouts.render.document import HtmlDocument, Renderer
from handouts.render.references import check_references

# -- settings ---------------------------------------------------------------------------------


def load_limits(project: Project, problems: ProblemList | None = None) -> Limits:
    """The `readability:` limits, validated when the project loaded (checks/limits.py)."""
    return project.settings.readability


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
    documents: list[HtmlDocument] | None = None,
) -> CheckReport:
    """Check the selected documents as rendered to HTML (rendered here unless `documents`,
    the pipeline's, already holds them: each document is rendered once per run).

    `build` passes `preflight_errors_as_warnings` so a new project's sample phone numbers or a
    low-contrast brand warn while it builds (and fail with --strict), but fail `check`."""
    limits = project.settings.readability  # every settings section was checked on load
    load_schedule_mapping(project)  # the schedule section too: before the day's export arrives
    report = CheckReport(today or clinic_today(project), limits)
    found = Collector()
    for problem in [*project.problems, *figure_findings(project)]:  # found while loading
        # (without the line: what is said is about the file as loaded)
        found.add(problem.severity, "content", "", problem.field, problem.message, problem.source)
    for problem in preflight(project):  # sample phone numbers, contrast, content versions
        severity = problem.severity
        if preflight_errors_as_warnings and severity == "error":
            severity = "warning"
        found.add_diagnostic(problem, "project", severity)

    renderer = _Rendered(project, documents or [])
    ids = list(project.procedures) if procedure_ids is None else procedure_ids
    chosen = select_handouts(project.procedures, ids)  # variant ids too (procedure_ids.py)
    procedures = list({h.procedure.id: h.procedure for h in chosen}.values())
    rendered: list[HtmlDocument] = []
    languages = languages or ["en"]
    for procedure in procedures if "en" in languages else []:
        for handout in [h for h in chosen if h.procedure is procedure]:
            doc = renderer.handout(handout)
            rendered.append(doc)
            sections = document_sections(doc)
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
    for problem in references:  # (their line only: the column is the template's, not the file's)
        found.add(
            "error", "references", "", problem.field, problem.message, problem.source, problem.line
        )
    report.findings = found.sorted()
    return report


class _Rendered:
    """The pipeline's rendered documents by name, rendering any that are not among them."""

    def __init__(self, project: Project, documents: list[HtmlDocument]):
        self.renderer = Renderer(project)
        # English only: translated documents share their English names (checks/translated.py).
        self.by_name = {
            (doc.kind, doc.name): doc for doc in documents if doc.content_language == "en"
        }

    def handout(self, handout) -> HtmlDocument:
        return self.by_name.get(("handout", handout.slug)) or self.renderer.handout(handout)

    def booklet(self) -> HtmlDocument:
        return self.by_name.get(("booklet", "clinician-booklet")) or self.renderer.booklet()


# -- readability ------------------------------------------------------------------------------


def check_readability(
    doc: HtmlDocument,
    title: str,
    procedure: Procedure,
    sections: list[ProseSection],
    limits: Limits,
    found: Collector,
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
    name: str, source: str, sections: list[ProseSection], found: Collector
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


# -- review dates -----------------------------------------------------------------------------


def check_review(review: Review, source: str, name: str, today: dt.date, found: Collector):
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
