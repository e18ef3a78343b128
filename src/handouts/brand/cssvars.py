"""Reading the custom properties (`--color-primary: #1b4f8a;`) that a stylesheet declares.

The contrast check and the brand stylesheet need the values the built-in CSS and a clinic's
CSS really set, so that what is checked is what prints. Only plain declarations are read; a
value computed with var() or calc() is left to the renderer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DECLARATION = re.compile(r"--([a-zA-Z0-9-]+)\s*:\s*([^;{}]+?)\s*(?:;|})")
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
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
    # Blank out comments but keep their newlines, so line numbers stay right.
    text = COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    found = {}
    for match in DECLARATION.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        name, value = match.group(1), " ".join(match.group(2).split())
        found[name] = CssVariable(name, value, shown_as, line)
    return found
