"""Calendar and clock arithmetic of appointment packets, and how dates read in US English."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from handouts.appointments.appointment import (
    MedicationHold,
    clock_before,
    hold_schedule,
    local_datetime,
)
from handouts.appointments.dates import EnglishUS, SpanishUS, check_drawable, date_format
from handouts.diagnostics import HandoutsError

CHICAGO = ZoneInfo("America/Chicago")
US = EnglishUS()


def hold_text(days: int, procedure_day: dt.date) -> tuple[str, str]:
    schedule = hold_schedule(MedicationHold("apixaban", days), procedure_day)
    return US.day(schedule.last_dose), US.on_days(schedule.skipped)


def test_hold_across_a_month_boundary():
    assert hold_text(3, dt.date(2026, 12, 1)) == (
        "Friday, November 27",
        "on November 28, 29 or 30",
    )


def test_hold_across_a_year_boundary():
    schedule = hold_schedule(MedicationHold("clopidogrel", 3), dt.date(2027, 1, 2))
    assert schedule.last_dose == dt.date(2026, 12, 29)
    assert US.day(schedule.last_dose, year=True) == "Tuesday, December 29, 2026"
    assert US.on_days(schedule.skipped) == "on December 30, 31 or January 1"


def test_hold_over_a_leap_day():
    assert hold_text(2, dt.date(2028, 3, 1)) == ("Sunday, February 27", "on February 28 or 29")
    assert hold_text(1, dt.date(2027, 3, 1)) == ("Saturday, February 27", "on February 28")


def test_long_hold_reads_as_a_range():
    assert hold_text(7, dt.date(2026, 12, 1)) == (
        "Monday, November 23",
        "from Tuesday, November 24 through Monday, November 30",
    )


def test_hold_of_zero_days_skips_only_the_morning_dose():
    schedule = hold_schedule(MedicationHold("metformin", 0), dt.date(2026, 12, 1))
    assert schedule.last_dose == dt.date(2026, 11, 30)
    assert schedule.skipped == ()


def test_fasting_counts_real_hours_when_clocks_spring_forward():
    # Sunday 8 March 2026: Chicago clocks jump from 2:00 to 3:00 AM.
    procedure = local_datetime(dt.date(2026, 3, 8), dt.time(9, 30), CHICAGO)
    no_food = clock_before(procedure, dt.timedelta(hours=8))
    assert (no_food.date(), US.time(no_food)) == (dt.date(2026, 3, 8), "12:30 AM")


def test_fasting_counts_real_hours_when_clocks_fall_back():
    # Sunday 1 November 2026: Chicago clocks go back from 2:00 to 1:00 AM.
    procedure = local_datetime(dt.date(2026, 11, 1), dt.time(7, 0), CHICAGO)
    no_food = clock_before(procedure, dt.timedelta(hours=8))
    assert US.day(no_food.date()) == "Sunday, November 1"
    assert US.time(no_food) == "12:00 AM"  # wall-clock subtraction would say 11:00 PM Saturday


def test_a_time_the_clock_skips_is_refused():
    with pytest.raises(ValueError, match="does not exist"):
        local_datetime(dt.date(2026, 3, 8), dt.time(2, 30), CHICAGO)


@pytest.mark.parametrize(
    ("hour", "minute", "text"),
    [(0, 30, "12:30 AM"), (9, 5, "9:05 AM"), (12, 0, "12:00 PM"), (13, 45, "1:45 PM")],
)
def test_twelve_hour_clock(hour, minute, text):
    assert US.time(dt.time(hour, minute)) == text


def test_a_language_without_date_formats_is_a_clear_error():
    assert isinstance(date_format("en-US"), EnglishUS)
    with pytest.raises(HandoutsError, match="supported: en, en-US, es, es-US"):
        date_format("en-GB")


# -- US Spanish, from CLDR (es_US) ------------------------------------------------------------

ES = SpanishUS()


def test_spanish_dates_and_times():
    assert ES.day(dt.date(2026, 12, 1), year=True) == "martes, 1 de diciembre de 2026"
    assert ES.day(dt.date(2026, 11, 27)) == "viernes, 27 de noviembre"
    assert ES.time(dt.time(9, 30)) == "9:30\u00a0a.m."  # CLDR's U+202F, normalised
    assert ES.clock(dt.time(13, 5)) == "la 1:05\u00a0p.m."
    assert ES.clock(dt.time(0, 30)) == "las 12:30\u00a0a.m."


def test_spanish_hold_days_across_month_and_year():
    days = hold_schedule(MedicationHold("apixaban", 3), dt.date(2026, 12, 1)).skipped
    assert ES.on_days(days) == "el 28, 29 o 30 de noviembre"
    days = hold_schedule(MedicationHold("apixaban", 3), dt.date(2027, 1, 2)).skipped
    assert ES.on_days(days) == "el 30 o 31 de diciembre o el 1 de enero"
    days = hold_schedule(MedicationHold("apixaban", 2), dt.date(2026, 12, 9)).skipped
    assert ES.on_days(days) == "el 7 u 8 de diciembre"  # "o" becomes "u" before "ocho"
    days = hold_schedule(MedicationHold("clopidogrel", 7), dt.date(2026, 12, 1)).skipped
    assert ES.on_days(days) == "del martes 24 de noviembre al lunes 30 de noviembre"


def test_no_formatted_date_uses_a_character_the_fonts_lack():
    texts = [ES.time(dt.time(h, 0)) for h in range(24)] + [
        US.time(dt.time(h, 0)) for h in range(24)
    ]
    assert not any("\u202f" in t for t in texts)
    check_drawable(texts)  # raises HandoutsError naming the character otherwise
