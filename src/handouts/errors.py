"""Deprecated name of `handouts.diagnostics`, kept for code written against earlier releases.

Nothing in the package imports it (tests/test_code_size.py checks); import diagnostics instead.
"""

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
