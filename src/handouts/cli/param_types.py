"""Click parameter types for appointment options: a date, a time of day, DRUG:DAYS[:RESTART].

Each converts the option's text with the same parser the schedule's cells go through
(appointments/appointment.py), so `--date` and a CSV `date` column accept and refuse the same
values. A value that does not parse becomes `Invalid(reason)` instead of stopping Click at the
first bad option: the command then reports every bad option together, as it does for a row.
"""

from __future__ import annotations

import click

from handouts.appointments.appointment import Invalid, parse_date, parse_hold, parse_time


class ParsedText(click.ParamType):
    def __init__(self, name: str, metavar: str, parse):
        self.name = name
        self.metavar = metavar
        self.parse = parse

    def get_metavar(self, param, ctx=None) -> str:
        return self.metavar

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return value  # already converted (a default, or a caller passing typed values)
        try:
            return self.parse(value)
        except ValueError as exc:
            return Invalid(str(exc))


DATE = ParsedText("date", "YYYY-MM-DD", parse_date)
TIME = ParsedText("time", "HH:MM", parse_time)
HOLD = ParsedText("hold", "DRUG:DAYS[:RESTART]", parse_hold)
