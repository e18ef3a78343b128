"""What `handouts check` found: findings, scores and the report that gathers them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from handouts.checks.limits import Limits
from handouts.checks.readability import Scores
from handouts.diagnostics import Diagnostic
from handouts.wording import plural

SEVERITIES = ("error", "warning", "info")


# A finding is a Diagnostic (diagnostics.py) with the check that made it and its document.
Finding = Diagnostic


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

    def add(self, severity, check, document, where, message, source="", line=None, column=None):
        finding = Diagnostic(source, where, message, line, column, severity, check, document)
        key = (severity, check, where, message, finding.location)
        known = self.findings.get(key)
        if known is not None and document not in known.document.split(", "):
            finding = replace(finding, document=f"{known.document}, {document}")
        self.findings[key] = finding

    def add_diagnostic(self, diagnostic: Diagnostic, check: str, severity: str | None = None):
        """A loader's or preflight's diagnostic as a finding of `check`."""
        d = diagnostic
        self.add(severity or d.severity, check, d.document, d.field, d.message, d.source,
                 d.line, d.column)  # fmt: skip

    def sorted(self) -> list[Finding]:
        return sorted(self.findings.values(), key=lambda f: SEVERITIES.index(f.severity))
