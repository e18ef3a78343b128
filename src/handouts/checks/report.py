"""How a check report is shown: a readable table for people, JSON for scripts and CI."""

from __future__ import annotations

import json

from handouts.checks.readability import Scores
from handouts.checks.results import CheckReport, HandoutScore
from handouts.wording import plural

SEVERITY_LABELS = {"error": "ERROR", "warning": "WARNING", "info": "note"}


def _score_row(label: str, scores: Scores, smog: bool, width: int) -> str:
    if not scores.words:
        return f"{label:<{width}}  {'(no text)':>6}"
    smog_text = ""
    if smog:
        mark = "*" if scores.smog_extrapolated else " "
        smog_text = f"{scores.smog:5.1f}{mark}"
    return (
        f"{label:<{width}}  {scores.flesch_kincaid_grade:5.1f}  {scores.flesch_reading_ease:5.1f}"
        f"  {smog_text:>6}  {scores.words:5d}  {scores.sentences:4d}"
        f"  {scores.mean_sentence_words:5.1f}"
    )


def format_text(report: CheckReport, strict: bool, *, sections: bool = True) -> str:
    """The report as a table, then the longest sentences, then every finding."""
    lines: list[str] = []
    limits = report.limits
    if report.handouts:
        lines.append(
            "Readability of the patient text as printed "
            f"(limits: handout FK ≤ {limits.handout_max_grade:g} and SMOG ≤ "
            f"{limits.handout_max_smog:g}; section FK ≤ {limits.section_max_grade:g}; "
            f"sentences ≤ {limits.sentence_max_words} words)"
        )
        width = max(
            [len(h.name) for h in report.handouts]
            + [len(s.id) + 2 for h in report.handouts for s in h.sections]
        )
        lines.append(
            f"{'handout / section':<{width}}  {'FK':>5}  {'FRE':>5}  {'SMOG':>6}  {'words':>5}"
            f"  {'sent':>4}  {'w/sent':>5}"
        )
        for handout in report.handouts:
            lines.append(_score_row(handout.name, handout.scores, True, width))
            if sections:
                for section in handout.sections:
                    lines.append(_score_row(f"  {section.id}", section.scores, False, width))
        if any(h.scores.smog_extrapolated for h in report.handouts):
            lines.append("* SMOG extrapolated: fewer than 30 sentences")
        lines.append("")
        lines.append("Longest sentences:")
        for handout in report.handouts:
            lines.extend(_longest(handout))
        lines.append("")
    if report.translated:
        lines.extend(_translated_table(report, sections))
    if report.findings:
        lines.append("Findings:")
        for finding in report.findings:
            lines.append(
                f"  {SEVERITY_LABELS[finding.severity]:<7}  {finding.check:<11}  {finding}"
            )
        lines.append("")
    lines.append(summary_line(report, strict))
    return "\n".join(lines)


def _translated_table(report: CheckReport, sections: bool) -> list[str]:
    limits = report.limits
    lines = [
        "Readability of the Spanish patient text as printed (limits: handout INFLESZ ≥ "
        f"{limits.handout_min_inflesz:g}; section INFLESZ ≥ {limits.section_min_inflesz:g}; "
        f"sentences ≤ {limits.sentence_max_words} words)"
    ]
    width = max(
        [len(h.name) for h in report.translated]
        + [len(s.id) + 2 for h in report.translated for s in h.sections]
    )
    lines.append(
        f"{'handout / section':<{width}}  {'INFLESZ':>7}  {'F-H':>5}  {'words':>5}  {'sent':>4}"
        f"  {'w/sent':>6}  band"
    )

    def row(label, s):
        if not s.words:
            return f"{label:<{width}}  {'(no text)':>7}"
        return (
            f"{label:<{width}}  {s.inflesz:7.1f}  {s.fernandez_huerta:5.1f}  {s.words:5d}"
            f"  {s.sentences:4d}  {s.mean_sentence_words:6.1f}  {s.band}"
        )

    for handout in report.translated:
        lines.append(row(handout.name, handout.scores))
        if sections:
            lines.extend(row(f"  {s.id}", s.scores) for s in handout.sections)
    lines.append("")
    return lines


def _longest(handout: HandoutScore) -> list[str]:
    out = []
    for words, sentence in handout.scores.longest:
        section = next(
            (s.id for s in handout.sections if any(t == sentence for _, t in s.scores.longest)),
            "",
        )
        where = f"{handout.name} › {section}" if section else handout.name
        out.append(f"  {words:3d} words  {where}: “{sentence}”")
    return out


def summary_line(report: CheckReport, strict: bool) -> str:
    verdict = "FAILED" if report.failed(strict) else "passed"
    documents = plural(report.documents, "document")
    strictness = " (--strict: warnings fail)" if strict and report.warnings else ""
    return f"check {verdict}: {documents}, {report.counts()}{strictness}."


def format_json(report: CheckReport, strict: bool) -> str:
    def scores(s: Scores, smog: bool) -> dict:
        data = {
            "flesch_kincaid_grade": round(s.flesch_kincaid_grade, 2),
            "flesch_reading_ease": round(s.flesch_reading_ease, 2),
            "words": s.words,
            "sentences": s.sentences,
            "syllables": s.syllables,
            "polysyllables": s.polysyllables,
            "mean_sentence_words": round(s.mean_sentence_words, 2),
            "longest_sentences": [{"words": w, "text": t} for w, t in s.longest],
        }
        if smog:
            data["smog"] = round(s.smog, 2)
            data["smog_extrapolated"] = s.smog_extrapolated
        return data

    data = {
        "ok": not report.failed(strict),
        "strict": strict,
        "today": report.today.isoformat(),
        "limits": report.limits.as_dict(),
        "documents": report.documents,
        "counts": {
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "notes": len(report.notes),
        },
        "handouts": [
            {
                "name": h.name,
                "title": h.title,
                "source": h.source,
                **scores(h.scores, True),
                "sections": [
                    {"id": s.id, "title": s.title, **scores(s.scores, False)} for s in h.sections
                ],
            }
            for h in report.handouts
        ],
        "translated_handouts": [
            {
                "name": h.name,
                "language": h.language,
                "title": h.title,
                "source": h.source,
                **_translated_scores(h.scores),
                "sections": [
                    {"id": s.id, "title": s.title, **_translated_scores(s.scores)}
                    for s in h.sections
                ],
            }
            for h in report.translated
        ],
        "findings": [f.as_dict() for f in report.findings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def _translated_scores(s) -> dict:
    return {
        "inflesz": round(s.inflesz, 2),
        "fernandez_huerta": round(s.fernandez_huerta, 2),
        "band": s.band,
        "words": s.words,
        "sentences": s.sentences,
        "syllables": s.syllables,
        "mean_sentence_words": round(s.mean_sentence_words, 2),
        "longest_sentences": [{"words": w, "text": t} for w, t in s.longest],
    }
