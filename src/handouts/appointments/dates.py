"""Dates and times as patients read them, in the packet's language.

Month and weekday names, the order of day and month and the 12-hour clock come from Babel's
copy of the Unicode CLDR, never from the C library's locale (`strftime("%A")` depends on the
machine's settings). Each language adds its phrasing: how a list of days or a range reads in a
sentence. US English keeps the tool's long-standing house style where CLDR differs ("9:30 AM"
with a plain space, no serial comma in "28, 29 or 30").

CLDR writes a narrow no-break space (U+202F) inside "9:30 a.m."; the handout font has no such
glyph, so every string is normalised to a plain no-break space and then checked against the
installed fonts: a character nothing can draw is an error, never a blank box on paper.

To add a language: subclass `DateFormat` with its CLDR locale and phrasing, and register it in
`FORMATS` (docs/languages.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import groupby

from babel.dates import format_date, format_skeleton, format_time
from babel.lists import format_list

from handouts.diagnostics import HandoutsError

# Characters CLDR uses that the handout font lacks, and what prints instead.
NORMALISED = {"\u202f": "\u00a0", "\u2009": " "}


def _clean(text: str) -> str:
    for char, replacement in NORMALISED.items():
        text = text.replace(char, replacement)
    return text


class DateFormat:
    """Formats for one language. Subclasses supply the locale and the phrasing."""

    language = ""
    locale = ""  # Babel / CLDR locale, e.g. "es_US"

    def time(self, value: dt.time | dt.datetime) -> str:
        return _clean(format_time(value, "short", locale=self.locale))

    def clock(self, value: dt.time | dt.datetime) -> str:
        """A time as it follows "at", "by" or "until" in a sentence ("las 9:30 a.m.")."""
        return self.time(value)

    def month_day(self, value: dt.date) -> str:
        return _clean(format_skeleton("MMMMd", value, locale=self.locale))

    def day(self, value: dt.date, *, year: bool = False) -> str:
        """A weekday and date: the form a patient checks against a calendar."""
        if year:
            return _clean(format_date(value, "full", locale=self.locale))
        return _clean(format_skeleton("MMMMEEEEd", value, locale=self.locale))

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
    locale = "en_US"

    def time(self, value):
        # CLDR's "h:mm a" with a plain space, as the tool has always printed it.
        return format_time(value, "h:mm a", locale=self.locale)

    def day(self, value, *, year=False):
        pattern = "EEEE, MMMM d, y" if year else "EEEE, MMMM d"
        return format_date(value, pattern, locale=self.locale)

    def day_list(self, days):
        # The month is named once per month: "November 29, 30 or December 1" (no serial
        # comma, unlike CLDR's "28, 29, or 30").
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


class SpanishUS(DateFormat):
    """US Spanish (CLDR es_US): "martes, 1 de diciembre de 2026", "9:30 a.m."."""

    language = "es-US"
    locale = "es_US"

    def day(self, value, *, year=False):
        if year:  # CLDR's full date: "martes, 1 de diciembre de 2026"
            return super().day(value, year=True)
        # CLDR's skeleton abbreviates the weekday here ("vie, 27 de noviembre"): spell it out.
        return format_date(value, "EEEE, d 'de' MMMM", locale=self.locale)

    def clock(self, value):
        # Spanish reads the hour with its article: "la 1:05 p.m.", "las 9:30 a.m.".
        article = "la" if value.hour % 12 == 1 else "las"
        return f"{article} {self.time(value)}"

    def _or(self, items: list[str]) -> str:
        # "o" becomes "u" before a word starting with an o sound ("7 u 8", "10 u 11").
        text = format_list(items, "or", locale=self.locale)
        if len(items) > 1 and items[-1].split()[0] in ("8", "11", "80"):
            head, _, tail = text.rpartition(" o ")
            text = f"{head} u {tail}"
        return text

    def day_list(self, days):
        # "el 28, 29 o 30 de noviembre"; across months "el 30 de noviembre o el 1 de diciembre".
        groups = []
        for _, group in groupby(days, key=lambda d: (d.year, d.month)):
            group = list(group)
            numbers = self._or([str(d.day) for d in group])
            month = format_date(group[0], "MMMM", locale=self.locale)
            groups.append(f"el {numbers} de {month}")
        return " o ".join(groups)

    def day_range(self, first, last):
        def plain(day):  # "martes 24 de noviembre": no comma inside "del ... al ..."
            return format_date(day, "EEEE d 'de' MMMM", locale=self.locale)

        return f"del {plain(first)} al {plain(last)}"

    def on_days(self, days):
        if len(days) <= 3:
            return self.day_list(days)
        return self.day_range(days[0], days[-1])


FORMATS: dict[str, type[DateFormat]] = {
    "en-US": EnglishUS,
    "en": EnglishUS,
    "es-US": SpanishUS,
    "es": SpanishUS,
}


def date_format(language: str) -> DateFormat:
    """The formats for a language tag (print.language in handouts.yaml, or a packet's)."""
    # No fallback from a regional tag to another region: en-GB must not get US dates.
    if language in FORMATS:
        return FORMATS[language]()
    supported = ", ".join(sorted(FORMATS))
    raise HandoutsError(
        f"appointment dates cannot yet be written in language '{language}' "
        f"(print.language in handouts.yaml); supported: {supported}"
    )


def check_drawable(texts: Sequence[str]) -> None:
    """Every formatted date must be drawable by an installed font (see the module note)."""
    from handouts.pdf.fonts import describe_character, undrawable_characters

    missing = undrawable_characters("".join(texts))
    if missing:
        shown = ", ".join(describe_character(c) for c in missing)
        raise HandoutsError(f"a formatted date or time uses a character no font draws: {shown}")
