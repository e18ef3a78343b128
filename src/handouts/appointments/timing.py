"""Packets made too late: an appointment already past, or a medication hold whose last dose
day has gone by (the patient may have taken doses the packet says to skip).

"Today" is the clinic's date, or HANDOUTS_TODAY (YYYY-MM-DD) when set, so runs and tests with
fixed dates give the same answer on any day. Messages name dates only: never the patient,
nor the drug (health information).
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from handouts.appointments.appointment import Appointment, hold_schedule
from handouts.diagnostics import UsageError

TODAY_ENV = "HANDOUTS_TODAY"


def today_for(timezone: str, today: dt.date | None = None) -> dt.date:
    """`today` if given, else HANDOUTS_TODAY, else today in the clinic's time zone."""
    if today is not None:
        return today
    text = os.environ.get(TODAY_ENV, "").strip()
    if text:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise UsageError(f"{TODAY_ENV} must be a date as YYYY-MM-DD") from None
    return dt.datetime.now(ZoneInfo(timezone)).date()


def timing_warnings(appointment: Appointment, today: dt.date) -> list[str]:
    day = appointment.start.date()
    if day < today:
        return [
            f"the appointment date {day.isoformat()} is in the past (today is "
            f"{today.isoformat()}); check the date before printing"
        ]
    warnings = []
    for number, hold in enumerate(appointment.holds, 1):
        last_dose = hold_schedule(hold, day).last_dose
        if last_dose < today:
            warnings.append(
                f"medication hold {number}: its last dose day {last_dose.isoformat()} is "
                f"already past (today is {today.isoformat()}); the patient may have taken "
                "doses this packet says to skip: call them before the procedure"
            )
    return warnings
