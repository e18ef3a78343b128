"""CSV (comma, semicolon or tab separated) read row by row, catching the rows that lie.

Python's csv module happily reads a row with an unquoted comma as one more value, and an
unclosed quote as one value holding every later row. Here each physical line is tracked, a
row with more values than the header has columns is an error on that row, and a quote that
swallows later rows fails the row it opened in; reading then starts again on the next line,
so the rows after it are still read and none is dropped unreported.
"""

from __future__ import annotations

import contextlib
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

CANDIDATES = ("\t", ";", ",", "|")
SWALLOWED = (
    "a quote opened in this row is not closed where the row ends, so the lines after it "
    "were read as one value; close or remove the quote (the lines after it were read as rows "
    "of their own)"
)
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


@dataclass
class TableRow:
    number: int  # as a spreadsheet numbers it: the first row is 1
    cells: list = field(default_factory=list)  # text (CSV) or typed values (Excel)
    line: int | None = None  # physical line where it starts (CSV)
    problem: str = ""  # the row as a whole cannot be trusted: why


def physical_lines(text: str) -> list[str]:
    return _LINES.findall(text)


def sniff_delimiter(lines: list[str]) -> str:
    """The candidate that appears most in the first lines (ties: tab, semicolon, comma)."""
    head = "".join(lines[:10])
    return max(CANDIDATES, key=lambda c: (head.count(c), -CANDIDATES.index(c)))


@contextlib.contextmanager
def _large_fields() -> Iterator[None]:
    # The default limit (128 kB) turns one long note in an ignored column into an error about
    # the whole file; the file's size is already bounded, so any field it holds may be read.
    previous = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def read_rows(lines: list[str], delimiter: str, width: int | None = None) -> list[TableRow]:
    """Every row. With `width` (the header's number of columns) a row whose quote swallows
    the lines after it fails, and reading resumes on the line after its first."""
    rows: list[TableRow] = []
    start = 0
    with _large_fields():
        while start < len(lines):
            start = _read_from(lines, start, delimiter, width, rows)
    return rows


def _read_from(lines, start, delimiter, width, rows) -> int:
    """Read rows from line index `start`; returns where to resume (len(lines) at the end)."""
    # A generator, not a slice: resuming after many bad rows must not copy the file each time.
    reader = csv.reader(
        (lines[i] for i in range(start, len(lines))), delimiter=delimiter, strict=True
    )
    consumed = 0
    while True:
        first = start + consumed
        try:
            cells = next(reader)
        except StopIteration:
            return len(lines)
        except csv.Error as exc:
            spans_lines = reader.line_num > consumed + 1
            problem = SWALLOWED if spans_lines else _csv_problem(str(exc))
            rows.append(TableRow(len(rows) + 1, [], first + 1, problem))
            return first + 1
        consumed = reader.line_num
        last = start + consumed - 1
        if last > first and width and _swallows(lines[first + 1 : last + 1], delimiter, width):
            rows.append(TableRow(len(rows) + 1, [], first + 1, SWALLOWED))
            return first + 1
        rows.append(TableRow(len(rows) + 1, cells, first + 1))


def _swallows(continuation: list[str], delimiter: str, width: int) -> bool:
    """Do lines inside a quoted value look like whole rows of the table?"""
    if width < 3:
        return False
    for line in continuation:
        cells = next(csv.reader([line], delimiter=delimiter), [])
        if len(cells) >= width:
            return True
    return False


def _csv_problem(message: str) -> str:
    if "end of data" in message:
        return (
            "a quote opened in this row is never closed; close or remove it "
            "(the lines after it were read as rows of their own)"
        )
    if "expected after" in message:
        return "a value goes on after its closing quote; quote the whole value or none of it"
    return "is not valid CSV (check its quotes and separators)"
