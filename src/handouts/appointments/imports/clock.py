"""Dates and times as exports write them, read by the formats the clinic names.

Messages never repeat the value (a birth date or a record number may sit in the wrong
column); they say which formats were expected instead. A date that two of the allowed formats
read as different days is refused rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import re

# name -> (pattern, order of the groups); leading zeros are optional everywhere.
DATE_FORMATS: dict[str, tuple[str, str]] = {
    "YYYY-MM-DD": (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"),
    "MM/DD/YYYY": (r"(\d{1,2})/(\d{1,2})/(\d{4})", "mdy"),
    "M/D/YY": (r"(\d{1,2})/(\d{1,2})/(\d{2})", "mdy"),
    "DD/MM/YYYY": (r"(\d{1,2})/(\d{1,2})/(\d{4})", "dmy"),
    "D/M/YY": (r"(\d{1,2})/(\d{1,2})/(\d{2})", "dmy"),
    "DD.MM.YYYY": (r"(\d{1,2})\.(\d{1,2})\.(\d{4})", "dmy"),
    "YYYYMMDD": (r"(\d{4})(\d{2})(\d{2})", "ymd"),
}
TIME_FORMATS = ("HH:MM", "h:mm AM/PM")
AUTO = "auto"
# In an ISO date-time ("2026-12-02T09:30:00") the time follows a T.
_SPLIT = re.compile(r"^(\S+?)(?:T|\s+)(.+)$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:([AaPp])\.?\s*[Mm]\.?)?$")


def expand_date_formats(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(DATE_FORMATS) if AUTO in names else names


def parse_date(text: str, formats: tuple[str, ...]) -> dt.date:
    """A date in one of `formats`; ValueError (without the value) otherwise."""
    text = text.strip()
    readings: dict[dt.date, str] = {}
    impossible = False
    for name in expand_date_formats(formats):
        pattern, order = DATE_FORMATS[name]
        match = re.fullmatch(pattern, text)
        if not match:
            continue
        parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
        year = parts["y"] + (2000 if len(match.group(order.index("y") + 1)) == 2 else 0)
        try:
            readings.setdefault(dt.date(year, parts["m"], parts["d"]), name)
        except ValueError:
            impossible = True
    if len(readings) > 1:
        names = " and ".join(sorted(set(readings.values())))
        raise ValueError(
            f"is ambiguous: {names} read it as different days; keep only the one your "
            "system writes in schedule.date_format"
        )
    if readings:
        return next(iter(readings))
    if impossible:
        raise ValueError("is not a real date")
    raise ValueError(f"is not a date as {' or '.join(expand_date_formats(formats))}")


def parse_time(text: str, formats: tuple[str, ...]) -> dt.time:
    """A time of day as HH:MM (24-hour) or h:mm AM/PM, as `formats` allow."""
    allowed = TIME_FORMATS if AUTO in formats else formats
    match = _TIME.match(text.strip())
    if not match:
        raise ValueError(f"is not a time as {' or '.join(allowed)}")
    hour, minute = int(match.group(1)), int(match.group(2))
    half = (match.group(4) or "").lower()
    if half:
        if "h:mm AM/PM" not in allowed:
            raise ValueError("has AM or PM, but schedule.time_format is HH:MM (24-hour)")
        if not 1 <= hour <= 12 or minute > 59:
            raise ValueError("is not a real time of day")
        hour = hour % 12 + (12 if half == "p" else 0)
    elif "HH:MM" not in allowed:
        raise ValueError("has no AM or PM; schedule.time_format is h:mm AM/PM")
    if hour > 23 or minute > 59 or int(match.group(3) or 0) > 59:
        raise ValueError("is not a real time of day")
    return dt.time(hour, minute)


def split_start(text: str) -> tuple[str, str]:
    """A combined date-time cell ("12/02/2026 9:30 AM", "2026-12-02T09:30") as two parts."""
    match = _SPLIT.match(text.strip())
    if not match:
        raise ValueError("is not a date followed by a time")
    return match.group(1), match.group(2)


def iso_time(value: dt.time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"
