"""Yes/no answers as people type them in schedules, forms and patient files."""

from __future__ import annotations

YES = frozenset({"yes", "y", "true", "1"})
NO = frozenset({"no", "n", "false", "0", ""})


def read_yes_no(text: str | None, also_yes: frozenset[str] = frozenset()) -> bool | None:
    """True, False, or None when `text` is not a yes/no answer (case and spaces ignored).

    `also_yes` adds words that mean yes in one column, such as an "x" ticked in a spreadsheet."""
    value = (text or "").strip().lower()
    if value in YES or value in also_yes:
        return True
    if value in NO:
        return False
    return None


def parse_yes_no(text: str) -> bool:
    """`read_yes_no` for a value that must be an answer: anything else is a ValueError."""
    answer = read_yes_no(text)
    if answer is None:
        raise ValueError("is not yes or no")
    return answer
