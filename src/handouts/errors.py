"""Error types and the `Problem` record that every loader and check reports."""

from __future__ import annotations

import re
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Problem:
    """One finding about an input file, located as precisely as we know it."""

    source: str
    field: str
    message: str
    line: int | None = None
    column: int | None = None
    severity: str = "error"  # "error", "warning" or "info"

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return terminal_safe(f"{where}:{field} {self.message}")


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
        count = len(self.problems)
        summary = f"{count} problem{'s' if count != 1 else ''} found"
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
