"""The errors and diagnostics, under the module name earlier releases used (diagnostics.py)."""

from handouts.diagnostics import (
    ContentError,
    Diagnostic,
    HandoutsError,
    Problem,
    ProblemList,
    UsageError,
    json_terminal_safe,
    terminal_safe,
)

__all__ = [
    "ContentError",
    "Diagnostic",
    "HandoutsError",
    "Problem",
    "ProblemList",
    "UsageError",
    "json_terminal_safe",
    "terminal_safe",
]
