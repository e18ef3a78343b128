"""Reading the custom properties (`--color-primary: #1b4f8a;`) that a stylesheet declares.

The contrast check and the brand stylesheet need the values the built-in CSS and a clinic's
CSS really set, so that what is checked is what prints. tinycss2 (WeasyPrint's own CSS parser)
reads the stylesheet, so comments, strings and nested blocks (@media) are read as CSS reads
them. Only plain declarations are read; a value computed with var() or calc() is left to the
renderer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import tinycss2

MAX_STYLESHEET_BYTES = 5_000_000


@dataclass(frozen=True)
class CssVariable:
    name: str  # without the leading "--"
    value: str
    source: str  # file as shown to the user
    line: int


def read_css_variables(path: Path, shown_as: str) -> dict[str, CssVariable]:
    """Custom properties declared in a stylesheet; a later declaration wins, as in CSS."""
    from handouts.project.yamlfile import FileRefused, read_bounded

    try:  # a FIFO or a 3 GB file is refused unread (references.py reports it)
        text = read_bounded(path, MAX_STYLESHEET_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError, FileRefused):
        return {}
    return css_variables(text, shown_as)


def css_variables(text: str, shown_as: str) -> dict[str, CssVariable]:
    """Custom properties declared in stylesheet text, in every rule and nested block."""
    found: dict[str, CssVariable] = {}
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    _collect(rules, shown_as, found)
    return found


def _collect(rules, shown_as: str, found: dict[str, CssVariable]) -> None:
    for rule in rules:
        if rule.type not in ("qualified-rule", "at-rule") or rule.content is None:
            continue
        contents = tinycss2.parse_blocks_contents(
            rule.content, skip_comments=True, skip_whitespace=True
        )
        for item in contents:
            if item.type == "declaration" and item.name.startswith("--"):
                value = " ".join(tinycss2.serialize(item.value).split())
                name = item.name[2:]
                found[name] = CssVariable(name, value, shown_as, item.source_line)
            elif item.type in ("qualified-rule", "at-rule"):
                _collect([item], shown_as, found)
