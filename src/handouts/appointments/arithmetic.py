"""The calendar and clock arithmetic behind a packet's instructions: medication holds,
arrival and fasting times.

All clock arithmetic is done in real elapsed time (through UTC) and shown in the clinic's time
zone, so "8 hours before" stays 8 hours across a daylight-saving change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from handouts.appointments.appointment import Appointment, MedicationHold
    from handouts.appointments.settings import FastingRule

UTC = dt.timezone.utc


@dataclass(frozen=True)
class HoldSchedule:
    drug: str
    last_dose: dt.date
    skipped: tuple[dt.date, ...]  # the days with no dose, before the procedure day


@dataclass(frozen=True)
class FastingTimes:
    no_food_after: dt.datetime
    clear_liquids_until: dt.datetime


def local_datetime(day: dt.date, time: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The wall-clock time in the zone; ValueError if the clock skips it (spring forward).

    A time the clock shows twice (fall back) means the first one, as clinics do.
    """
    moment = dt.datetime.combine(day, time, tzinfo=zone)
    back = moment.astimezone(UTC).astimezone(zone)
    if back.replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise ValueError("does not exist in the clinic's time zone (the clocks skip it)")
    return moment


def clock_before(moment: dt.datetime, delta: dt.timedelta) -> dt.datetime:
    """The moment `delta` of real time earlier, on the clock of the same time zone."""
    return (moment.astimezone(UTC) - delta).astimezone(moment.tzinfo)


def hold_schedule(hold: MedicationHold, procedure_day: dt.date) -> HoldSchedule:
    """No dose on the `days` calendar days before the procedure day (nor on that morning)."""
    skipped = tuple(procedure_day - dt.timedelta(days=n) for n in range(hold.days, 0, -1))
    last_dose = procedure_day - dt.timedelta(days=hold.days + 1)
    return HoldSchedule(hold.drug, last_dose, skipped)


def fasting_times(rule: FastingRule, appointment: Appointment) -> FastingTimes:
    anchor = appointment.arrival if rule.counted_from == "arrival" else appointment.start
    return FastingTimes(
        no_food_after=clock_before(anchor, dt.timedelta(hours=rule.solid_food_hours)),
        clear_liquids_until=clock_before(anchor, dt.timedelta(hours=rule.clear_liquids_hours)),
    )
