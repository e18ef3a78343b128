"""Error types and the `Problem` record that every loader and check reports."""

from __future__ import annotations

from dataclasses import dataclass

from handouts.wording import plural


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
        return f"{where}:{field} {self.message}"


class HandoutsError(Exception):
    """An error the user can fix; the CLI prints its message without a traceback."""

    exit_code = 1

    def __init__(self, message: str):
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
