"""Reading a day's schedule: the CSV a practice system exports.

Only the columns we know are read; any other column (exports carry many: insurance,
birth dates, diagnoses) is dropped on reading and never printed, logged or stored.
A row's problems are reported by row number and appointment id, never by patient name.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from handouts.appointments.appointment import Appointment, AppointmentError, make_appointment
from handouts.errors import HandoutsError
from handouts.project.loader import Project

REQUIRED_COLUMNS = ("appointment_id", "patient_name", "procedure", "date", "time")
OPTIONAL_COLUMNS = (
    "physician",
    "location",
    "sedation",
    "holds",
    "arrive_minutes",
    "note",
    "large_print",
    "language",
)
MAX_SCHEDULE_BYTES = 50_000_000


@dataclass(frozen=True)
class ScheduledAppointment:
    row: int  # as a spreadsheet numbers it: the header is row 1
    appointment: Appointment


@dataclass(frozen=True)
class RowError:
    row: int
    appointment_id: str  # may be empty when the row has none
    message: str

    def __str__(self) -> str:
        ident = f" (appointment {self.appointment_id})" if self.appointment_id else ""
        return f"row {self.row}{ident}: {self.message}"


@dataclass
class Schedule:
    appointments: list[ScheduledAppointment]
    errors: list[RowError]


def read_schedule(path: Path, project: Project) -> Schedule:
    """Parse and validate every row. Raises HandoutsError if the file itself is unusable
    (unreadable, not UTF-8, missing required columns): then nothing should be written."""
    rows = _read_rows(path)
    appointments: list[ScheduledAppointment] = []
    errors: list[RowError] = []
    seen_ids: dict[str, int] = {}
    for row_number, fields in rows:
        ident = (fields.get("appointment_id") or "").strip()
        try:
            appointment = make_appointment(project, fields)
        except AppointmentError as exc:
            errors.append(RowError(row_number, _safe_id(ident), "; ".join(exc.messages)))
            continue
        if not ident:
            errors.append(RowError(row_number, "", "appointment_id: is empty"))
            continue
        if ident in seen_ids:
            errors.append(
                RowError(row_number, ident, f"appointment_id repeats row {seen_ids[ident]}")
            )
            continue
        seen_ids[ident] = row_number
        appointments.append(ScheduledAppointment(row_number, appointment))
    return Schedule(appointments, errors)


def _safe_id(ident: str) -> str:
    """An id fit for the console (a malformed one might hold anything, even a name)."""
    from handouts.appointments.appointment import APPOINTMENT_ID

    return ident if APPOINTMENT_ID.match(ident) else ""


def _read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise HandoutsError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(raw) > MAX_SCHEDULE_BYTES:
        raise HandoutsError(f"{path} is larger than {MAX_SCHEDULE_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8-sig")  # Excel writes a byte-order mark
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise HandoutsError(
            f"{path}:{line}: not UTF-8 text; export the schedule as CSV UTF-8"
        ) from None
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise HandoutsError(f"{path}: the file is empty") from None
    except csv.Error as exc:
        raise HandoutsError(f"{path}: not a readable CSV file: {exc}") from None
    columns = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise HandoutsError(
            f"{path}: the header row lacks column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}. A schedule needs the columns "
            f"{', '.join(REQUIRED_COLUMNS)} (optional: {', '.join(OPTIONAL_COLUMNS)})"
        )
    wanted = {
        index: name
        for index, name in enumerate(columns)
        if name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS
    }
    rows = []
    row_number = 1
    try:
        for record in reader:
            row_number += 1
            if not any(cell.strip() for cell in record):
                continue  # blank lines at the end of exports
            rows.append(
                (
                    row_number,
                    {name: record[i] if i < len(record) else "" for i, name in wanted.items()},
                )
            )
    except csv.Error as exc:
        raise HandoutsError(f"{path}: row {row_number + 1} is not valid CSV: {exc}") from None
    return rows
