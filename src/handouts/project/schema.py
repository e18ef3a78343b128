"""Small, explicit validation helpers that report problems with file, line and field.

Each loader describes its schema in plain code with these helpers; every problem is
collected rather than raised, so one run reports all of them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re

from handouts.diagnostics import ProblemList
from handouts.project.yamlfile import YamlDocument, format_path
from handouts.wording import plural

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Checker:
    """Validates values of one YAML document; every method returns a clean value or None."""

    def __init__(self, doc: YamlDocument, problems: ProblemList):
        self.doc = doc
        self.problems = problems
        self.missing: set[tuple] = set()  # required fields already reported as missing

    def error(self, path, message, *, at_key=False):
        if tuple(path) in self.missing:
            return  # "missing required field" said it; "expected text" would say it again
        where = self.doc.where_key(path) if at_key else self.doc.where(path)
        self.problems.error(self.doc.source, format_path(path), message, where)

    def warning(self, path, message):
        self.problems.warning(self.doc.source, format_path(path), message, self.doc.where(path))

    # -- containers ---------------------------------------------------------------

    def mapping(self, value, path, required=(), optional=()):
        """Check `value` is a mapping with the given keys; report unknown and missing ones."""
        if not isinstance(value, dict):
            self.error(path, f"expected a mapping of fields, found {describe(value)}")
            return None
        known = (*required, *optional)
        for key in value:
            if key not in known:
                hint = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
                allowed = ", ".join(known)
                self.error(
                    (*path, key),
                    f"unknown field{suggestion}; expected one of: {allowed}",
                    at_key=True,
                )
        for key in required:
            if key not in value:
                self.error(path, f"missing required field '{key}'")
                self.missing.add((*path, key))
        return value

    def items(self, value, path, *, min_items=0):
        """Check `value` is a list; yields (path, item) pairs."""
        if value is None:
            value = []
        if not isinstance(value, list):
            self.error(path, f"expected a list, found {describe(value)}")
            return []
        if len(value) < min_items:
            self.error(path, f"expected at least {plural(min_items, 'item')}")
        return [((*path, index), item) for index, item in enumerate(value)]

    # -- scalars ------------------------------------------------------------------

    def text(self, value, path, *, required=True, allow_empty=False):
        if value is None:
            if required:
                self.error(path, "expected text")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(path, f"expected text, found {describe(value)}")
            return None
        text = str(value)
        if not text.strip() and not allow_empty:
            self.error(path, "expected text, found an empty value")
            return None
        return text.strip("\n")

    def identifier(self, value, path):
        text = self.text(value, path)
        if text is not None and not ID_PATTERN.match(text):
            self.error(path, f"'{text}' is not a valid id (lowercase letters, digits and hyphens)")
            return None
        return text

    def integer(self, value, path, *, minimum=None, maximum=None, required=True):
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, f"expected a whole number, found {describe(value)}")
            return None
        if minimum is not None and value < minimum:
            self.error(path, f"must be at least {minimum}")
            return None
        if maximum is not None and value > maximum:
            self.error(path, f"must be at most {maximum}")
            return None
        return value

    def number(self, value, path, *, minimum=None, maximum=None):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(path, f"expected a number, found {describe(value)}")
            return None
        if not math.isfinite(value):  # .nan and .inf compare false with every limit
            self.error(path, f"expected a number, found {value!r} (not a number one can print)")
            return None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.error(path, f"must be between {minimum} and {maximum}")
            return None
        return value

    def boolean(self, value, path):
        if not isinstance(value, bool):
            self.error(path, f"expected true or false, found {describe(value)}")
            return None
        return value

    def date(self, value, path, *, required=True):
        if value is None and not required:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.error(path, f"expected a date as YYYY-MM-DD, found {describe(value)}")
        return None

    def choice(self, value, path, choices):
        text = self.text(value, path)
        if text is None:
            return None
        if text not in choices:
            hint = difflib.get_close_matches(text, choices, n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            self.error(
                path, f"'{text}' is not allowed{suggestion}; expected one of: " + ", ".join(choices)
            )
            return None
        return text


def describe(value) -> str:
    """How a wrong value is named in messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"a date ({value})"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"
