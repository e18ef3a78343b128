"""Counted words in messages: "1 page", "2 pages"."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None, *, show_count: bool = True) -> str:
    """`count` and `word` in the right number: plural(1, "page") -> "1 page".

    `many` is the plural when it is not `word` + "s"; show_count=False gives the word alone
    ("lacks the column" / "lacks the columns")."""
    form = word if count == 1 else (many or word + "s")
    return f"{count} {form}" if show_count else form
