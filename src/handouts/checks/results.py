"""What `handouts check` found: findings, scores and the report that gathers them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from handouts.checks.limits import Limits
from handouts.checks.readability import Scores
from handouts.wording import plural

SEVERITIES = ("error", "warning", "info")


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
        return ", ".join(
            (
                plural(len(self.errors), "error"),
                plural(len(self.warnings), "warning"),
                plural(len(self.notes), "note"),
            )
        )


class Collector:
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
