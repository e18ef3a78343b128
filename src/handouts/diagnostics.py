"""Diagnostics: the one record every loader and check reports (`Diagnostic`), the list that
collects them, and the errors the CLI prints without a traceback."""

from __future__ import annotations

import re
from dataclasses import dataclass

from handouts.wording import plural

# Terminal control (ANSI escapes, C1 codes) and bidirectional overrides that could hide or
# reorder what a message says; data from files never reaches the terminal raw.
_UNSAFE_FOR_TERMINAL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def terminal_safe(text: str) -> str:
    """`text` with each control or bidi-override character shown as an escape (\\x1b,
    \\u202e); line breaks stay."""

    def escape(match: re.Match) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSAFE_FOR_TERMINAL.sub(escape, str(text))


def json_terminal_safe(text: str) -> str:
    """The same for JSON text: the characters become \\uXXXX escapes, which JSON reads back
    as the same characters."""
    return _UNSAFE_FOR_TERMINAL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True)
class Diagnostic:
    """One thing found about the input, located as precisely as we know it: a loader's
    problem (file, line, field) or a finding of `handouts check` (which check, which document).

    `Problem` (loaders) and `Finding` (checks) are this one type under their older names."""

    source: str  # the file to edit, as shown to the user; "" when there is none
    field: str  # a field path in that file, or a section id within a document; "" for none
    message: str
    line: int | None = None
    column: int | None = None
    severity: str = "error"  # "error", "warning" or "info"
    check: str = ""  # the check that found it: readability, glossary, links, project, ...
    document: str = ""  # handout name(s) or "clinician-booklet"; "" for a file or the project

    @property
    def where(self) -> str:
        """The section a finding is about (its `field`)."""
        return self.field

    @property
    def location(self) -> str:
        """`file:line:column`, as far as known."""
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        place = " › ".join(part for part in (self.document, self.field) if part)
        text = ": ".join(part for part in (self.location, place, self.message) if part)
        return terminal_safe(text)  # file data never reaches the terminal raw

    def as_dict(self) -> dict:
        """A finding in `handouts check --format json`."""
        return {
            "severity": self.severity,
            "check": self.check,
            "document": self.document,
            "section": self.field,
            "message": self.message,
            "source": self.location,
        }


Problem = Diagnostic  # the loaders' name for it


class HandoutsError(Exception):
    """An error the user can fix; the CLI prints its message without a traceback."""

    exit_code = 1

    def __init__(self, message: str):
        message = terminal_safe(message)
        super().__init__(message)
        self.message = message


class UsageError(HandoutsError):
    """Bad command-line usage: unknown procedure id, no project found, ..."""

    exit_code = 2


class ContentError(HandoutsError):
    """One or more problems in content, settings or templates, all reported together."""

    def __init__(self, problems: list[Problem]):
        self.problems = [p for p in problems if p.severity == "error"]
        lines = [str(p) for p in self.problems]
        summary = f"{plural(len(self.problems), 'problem')} found"
        super().__init__("\n".join([*lines, summary]))


class ProblemList(list):
    """Collects problems while loading so that every one is reported in one run."""

    def error(self, source, field, message, where=None):
        line, column = where or (None, None)
        self.append(Problem(str(source), field, message, line, column, "error"))

    def warning(self, source, field, message, where=None):
        line, column = where or (None, None)
        self.append(Problem(str(source), field, message, line, column, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if p.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ContentError(self.errors)
