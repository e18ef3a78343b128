"""Dates and times as patients read them, in the clinic's language.

Formatting never goes through the C library's locale (`strftime("%A")` depends on the machine's
settings); each language is a small class with its own names and rules. To add a language,
subclass `DateFormat`, fill in its names and phrasing, and register it in `FORMATS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from handouts.errors import HandoutsError


class DateFormat:
    """Formats for one language. Subclasses supply the names and the phrasing."""

    language = ""
    weekdays: tuple[str, ...] = ()  # Monday first, as datetime.weekday() counts
    months: tuple[str, ...] = ()  # January first

    def time(self, value: dt.time | dt.datetime) -> str:
        raise NotImplementedError

    def month_day(self, value: dt.date) -> str:
        raise NotImplementedError

    def day(self, value: dt.date, *, year: bool = False) -> str:
        """A weekday and date: the form a patient checks against a calendar."""
        raise NotImplementedError

    def day_list(self, days: Sequence[dt.date]) -> str:
        """A few consecutive days as one phrase ("November 28, 29 or 30")."""
        raise NotImplementedError

    def day_range(self, first: dt.date, last: dt.date) -> str:
        """A longer run of days ("from Tuesday, November 24 through Monday, November 30")."""
        raise NotImplementedError

    def on_days(self, days: Sequence[dt.date]) -> str:
        """Days with no dose: listed when few, as a range when many (easier to follow)."""
        raise NotImplementedError


class EnglishUS(DateFormat):
    """US English: 12-hour clock with AM/PM, month before day, no leading zeros."""

    language = "en-US"
    weekdays = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    months = (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    )

    def time(self, value):
        hour = value.hour % 12 or 12
        suffix = "AM" if value.hour < 12 else "PM"
        return f"{hour}:{value.minute:02d} {suffix}"

    def month_day(self, value):
        return f"{self.months[value.month - 1]} {value.day}"

    def day(self, value, *, year=False):
        text = f"{self.weekdays[value.weekday()]}, {self.month_day(value)}"
        return f"{text}, {value.year}" if year else text

    def day_list(self, days):
        # The month is named once per month: "November 29, 30 or December 1".
        parts = []
        previous = None
        for day in days:
            same_month = previous and (previous.year, previous.month) == (day.year, day.month)
            parts.append(str(day.day) if same_month else self.month_day(day))
            previous = day
        if len(parts) == 1:
            return parts[0]
        return ", ".join(parts[:-1]) + " or " + parts[-1]

    def day_range(self, first, last):
        return f"from {self.day(first)} through {self.day(last)}"

    def on_days(self, days):
        if len(days) <= 3:
            return f"on {self.day_list(days)}"
        return self.day_range(days[0], days[-1])


FORMATS: dict[str, type[DateFormat]] = {"en-US": EnglishUS, "en": EnglishUS}


def date_format(language: str) -> DateFormat:
    """The formats for a language tag (print.language in handouts.yaml)."""
    # No fallback from a regional tag to another region: en-GB must not get US dates.
    if language in FORMATS:
        return FORMATS[language]()
    supported = ", ".join(sorted({cls.language for cls in FORMATS.values()}))
    raise HandoutsError(
        f"appointment dates cannot yet be written in language '{language}' "
        f"(print.language in handouts.yaml); supported: {supported}"
    )
