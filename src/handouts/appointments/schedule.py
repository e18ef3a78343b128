"""Reading a day's schedule as the practice system exports it (CSV, Excel, HL7, FHIR).

Only the fields the mapping names are read; any other column (exports carry many: insurance,
birth dates, diagnoses) is dropped on reading and never printed, logged or stored. A row's
problems are reported by row number and appointment id, never by a personal value. The work
is done in appointments/imports/; this module is the entry point the commands use.
"""

from __future__ import annotations

from pathlib import Path

from handouts.appointments.imports.mapping import ScheduleMapping, load_schedule_mapping
from handouts.appointments.imports.reader import read_records
from handouts.appointments.imports.resolve import (
    Cancellation,
    PlanLine,
    RowError,
    Schedule,
    ScheduledAppointment,
    resolve,
)
from handouts.appointments.imports.source import MAX_SCHEDULE_BYTES
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

__all__ = [
    "MAX_SCHEDULE_BYTES",
    "Cancellation",
    "PlanLine",
    "RowError",
    "Schedule",
    "ScheduledAppointment",
    "read_schedule",
]


def read_schedule(path: Path, project: Project, mapping: ScheduleMapping | None = None) -> Schedule:
    """Parse and validate every record. Raises HandoutsError if the file itself is unusable
    (not a regular file, too large, not text, no header naming the needed columns): then
    nothing should be written."""
    mapping = mapping or load_schedule_mapping(project)
    kind, records = read_records(Path(path), mapping)
    return resolve(records, project, mapping, last_wins=kind in ("hl7", "fhir"), format_name=kind)
