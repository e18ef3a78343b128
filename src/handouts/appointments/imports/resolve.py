"""From records to the day's appointments: visit types mapped, skips counted, cancellations
noted, repeats settled, every field validated, and every problem reported by row or message.

Messages show the row or message number, the appointment id when it looks like one, the visit
type and the procedure; never a value from a column that may hold personal data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from handouts.appointments.appointment import Appointment, AppointmentError, make_appointment
from handouts.appointments.imports.clock import iso_time
from handouts.appointments.imports.mapping import ScheduleMapping, normal
from handouts.appointments.imports.records import (
    BOOKED,
    SourceRecord,
    safe_id,
    shown_visit_type,
)
from handouts.project.loader import Project


@dataclass(frozen=True)
class RowError:
    row: int
    appointment_id: str  # "" unless it looks like an appointment id
    message: str
    kind: str = "row"

    def __str__(self) -> str:
        ident = f" (appointment {self.appointment_id})" if self.appointment_id else ""
        return f"{self.kind} {self.row}{ident}: {self.message}"


@dataclass(frozen=True)
class ScheduledAppointment:
    row: int  # row (the header is row 1), message or entry number
    appointment: Appointment
    kind: str = "row"
    visit_type: str = ""


@dataclass(frozen=True)
class Cancellation:
    row: int
    kind: str
    appointment_id: str
    status: str  # "cancelled", "noshow", ...


@dataclass(frozen=True)
class PlanLine:
    """What --dry-run prints for one record: no names, no personal values."""

    label: str
    appointment_id: str
    visit_type: str
    outcome: str  # a procedure id, "skip", "cancelled", "replaced by ..." or "error: ..."
    start: dt.datetime | None = None
    language: str = ""


@dataclass
class Schedule:
    appointments: list[ScheduledAppointment]
    errors: list[RowError]
    skipped: Counter = field(default_factory=Counter)  # shown visit type -> count
    cancelled: list[Cancellation] = field(default_factory=list)
    plan: list[PlanLine] = field(default_factory=list)
    format: str = "csv"
    notes: list[str] = field(default_factory=list)
    spellings: dict[str, str] = field(default_factory=dict)  # normal visit type -> first seen


def resolve(
    records: list[SourceRecord],
    project: Project,
    mapping: ScheduleMapping,
    *,
    last_wins: bool,
    format_name: str = "csv",
) -> Schedule:
    """`last_wins`: message formats, where a later message about an appointment replaces the
    earlier ones; in a table a repeated id is an error on the later row."""
    schedule = Schedule([], [], format=format_name)
    zone = ZoneInfo(project.settings.print.timezone)
    final = _latest(records, schedule) if last_wins else records
    seen: dict[str, int] = {}
    for record in final:
        _resolve_one(record, project, mapping, zone, schedule, seen)
    schedule.errors.sort(key=lambda e: e.row)
    schedule.plan.sort(key=lambda line: int(line.label.rsplit(" ", 1)[1]))
    return schedule


def _latest(records: list[SourceRecord], schedule: Schedule) -> list[SourceRecord]:
    last: dict[str, SourceRecord] = {}
    for record in records:
        if record.appointment_id and not record.skip_reason:
            last[record.appointment_id] = record
    kept = []
    for record in records:
        winner = last.get(record.appointment_id) if record.appointment_id else None
        if winner is not None and winner is not record:
            schedule.plan.append(
                PlanLine(
                    record.label,
                    safe_id(record.appointment_id),
                    _shown(record),
                    f"replaced by {winner.label}",
                )
            )
            continue
        kept.append(record)
    return kept


def _resolve_one(record, project, mapping, zone, schedule: Schedule, seen) -> None:
    ident = record.appointment_id
    shown_id = safe_id(ident)

    def fail(message: str) -> None:
        schedule.errors.append(RowError(record.number, shown_id, message, record.kind))
        schedule.plan.append(PlanLine(record.label, shown_id, _shown(record), "error: " + message))

    if record.skip_reason:
        schedule.skipped[record.skip_reason] += 1
        schedule.plan.append(PlanLine(record.label, shown_id, record.skip_reason, "skip"))
        return
    if record.problems:
        return fail("; ".join(record.problems))
    if record.status != BOOKED:
        schedule.cancelled.append(Cancellation(record.number, record.kind, ident, record.status))
        schedule.plan.append(PlanLine(record.label, shown_id, _shown(record), record.status))
        return
    procedure = (record.fields.get("procedure") or "").strip()
    if not procedure:
        rule = mapping.visit_rule(record.visit_type, record.visit_codes)
        if rule is None:
            return fail(_unmapped(record))
        if rule.procedure is None:
            # Counted by visit type as first spelled ("Follow-up" and "follow-UP" are one).
            spelling = schedule.spellings.setdefault(normal(_shown(record)), _shown(record))
            schedule.skipped[spelling] += 1
            schedule.plan.append(PlanLine(record.label, shown_id, _shown(record), "skip"))
            return
        procedure = rule.procedure
    fields = dict(record.fields, procedure=procedure)
    errors = list(record.field_errors)
    try:
        start = _local(record.start, zone)
    except (OverflowError, ValueError):  # 9999-12-31T23:30-12:00 is past the calendar's end
        start = None
        errors.append("start: is too close to the edge of the calendar")
    if start is not None:
        fields["date"], fields["time"] = start.date().isoformat(), iso_time(start.time())
    try:
        appointment = make_appointment(project, fields)
    except AppointmentError as exc:
        errors += [m for m in exc.messages if start is not None or not _is_when(m)]
    if not errors and not ident:
        errors.append("appointment_id: is empty")
    if not errors and ident in seen:
        errors.append(f"appointment_id repeats {record.kind} {seen[ident]}")
    if errors:
        return fail("; ".join(sorted(errors, key=_field_order)))
    seen[ident] = record.number
    schedule.appointments.append(
        ScheduledAppointment(record.number, appointment, record.kind, record.visit_type)
    )
    schedule.plan.append(
        PlanLine(
            record.label,
            shown_id,
            _shown(record),
            appointment.procedure_id,
            appointment.start,
            getattr(appointment, "language", ""),
        )
    )


def _local(start: dt.datetime | None, zone: ZoneInfo) -> dt.datetime | None:
    """A moment on the clinic's clock: naive times are already on it, instants are converted."""
    if start is None or start.tzinfo is None:
        return start
    return start.astimezone(zone).replace(tzinfo=None)


FIELD_ORDER = (
    "appointment_id",
    "procedure",
    "patient_name",
    "start",
    "date",
    "time",
)


def _field_order(message: str) -> int:
    """Messages in the order make_appointment checks the fields (the row reads left to right)."""
    name = message.split(":", 1)[0]
    return FIELD_ORDER.index(name) if name in FIELD_ORDER else len(FIELD_ORDER)


def _is_when(message: str) -> bool:
    return message.startswith(("date:", "time:"))


def _shown(record: SourceRecord) -> str:
    if record.visit_type:
        return shown_visit_type(record.visit_type)
    if record.visit_codes:
        return "code " + shown_visit_type(record.visit_codes[0])
    procedure = (record.fields.get("procedure") or "").strip()
    return shown_visit_type(procedure) if procedure else ""


def _unmapped(record: SourceRecord) -> str:
    if not record.visit_type and not record.visit_codes:
        return "the visit type is empty"
    return (
        f"visit type {_shown(record)} is not in schedule.visit_types of handouts.yaml; add a "
        "rule for it (with skip: true if it needs no handout)"
    )
