"""Rows of a table (a CSV or a worksheet) as records, through the clinic's column mapping.

The header is the first of the top rows that names every required column, so a report title
above it does no harm. A row is read only through the columns the mapping names; any other
column is never looked at again, let alone shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from handouts.appointments.appointment import DETAIL_FIELDS
from handouts.appointments.imports.clock import iso_time, parse_date, parse_time, split_start
from handouts.appointments.imports.delimited import TableRow
from handouts.appointments.imports.language import language_tag
from handouts.appointments.imports.mapping import ScheduleMapping, normal
from handouts.appointments.imports.records import CANCELLED, SourceRecord
from handouts.diagnostics import HandoutsError

HEADER_SEARCH_ROWS = 10
TEXT_FIELDS = (
    "appointment_id",
    "patient_name",
    "procedure",
    *DETAIL_FIELDS,
)
OUR_OPTIONAL = ("physician", "location", "sedation", "holds", "arrive_minutes", "note")
EXCEL_1900 = dt.datetime(1899, 12, 30)
EXCEL_1904 = dt.datetime(1904, 1, 1)
SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}


@dataclass
class Header:
    row: int  # its row number
    width: int  # number of columns
    columns: dict[str, int]  # field -> column index


def required_groups(mapping: ScheduleMapping) -> list[tuple[str, ...]]:
    """Each group needs one of its fields present (all of a tuple marked with '+')."""
    name = (
        ("patient_last+patient_first",) if "patient_last" in mapping.columns else ("patient_name",)
    )
    when = ("start",) if "start" in mapping.columns else ("date+time",)
    what: tuple[str, ...] = ("procedure",)
    if mapping.configured:
        named = tuple(f for f in ("procedure", "visit_type", "visit_code") if f in mapping.columns)
        what = named or ("procedure", "visit_type", "visit_code")
    return [("appointment_id",), name, what, when]


def find_header(rows: list[TableRow], mapping: ScheduleMapping, source: str) -> Header:
    best = None
    for row in rows[:HEADER_SEARCH_ROWS]:
        names = [normal(c) if c is not None else "" for c in row.cells]
        missing = _missing(names, mapping)
        if not missing:
            columns = {}
            for field_name in (
                *TEXT_FIELDS,
                *_when_fields(),
                "patient_last",
                "patient_first",
                "visit_type",
                "visit_code",
                "status",
            ):
                wanted = normal(mapping.column(field_name))
                if wanted in names:
                    columns[field_name] = names.index(wanted)
            return Header(row.number, len(row.cells), columns)
        if best is None or len(missing) < len(best[1]):
            best = (row, missing)
    missing = best[1] if best else ["appointment_id"]
    shown = ", ".join(f"'{m}'" for m in missing)
    if mapping.configured:
        hint = "the names given in schedule.columns of handouts.yaml"
    else:
        hint = (
            "a schedule needs the columns appointment_id, patient_name, procedure, date, time "
            f"(optional: {', '.join(OUR_OPTIONAL)}, large_print, language), or a schedule "
            "section in handouts.yaml that names your export's columns (docs/appointments.md)"
        )
    raise HandoutsError(f"{source}: no header row has the column(s) {shown}; {hint}")


def _when_fields() -> tuple[str, ...]:
    return ("date", "time", "start")


def _missing(names: list[str], mapping: ScheduleMapping) -> list[str]:
    missing = []
    for group in required_groups(mapping):
        options = [option.split("+") for option in group]
        if not any(all(normal(mapping.column(f)) in names for f in fields) for fields in options):
            fields = options[0] if len(options) == 1 else [o[0] for o in options]
            absent = [f for f in fields if normal(mapping.column(f)) not in names]
            label = " or ".join(mapping.column(f) for f in absent) if len(options) > 1 else None
            missing += [label] if label else [mapping.column(f) for f in absent]
    return missing


def table_records(
    rows: list[TableRow],
    header: Header,
    mapping: ScheduleMapping,
    *,
    delimiter: str | None = None,
    epoch: dt.datetime = EXCEL_1900,
) -> list[SourceRecord]:
    records = []
    for row in rows:
        if row.number <= header.row:
            continue
        if not row.problem and all(_blank(c) for c in row.cells):
            continue  # blank lines at the end of exports
        records.append(_record(row, header, mapping, delimiter, epoch))
    return records


def _record(row, header, mapping, delimiter, epoch) -> SourceRecord:
    record = SourceRecord("row", row.number)
    if row.problem:
        record.problems.append(row.problem)
        return record
    cells = row.cells
    if delimiter is not None:
        shape = _shape_problem(cells, header, delimiter)
        if shape:
            # Only a first-column id is where it should be: a stray separator before the id
            # column would have moved some other value (a name) into it.
            if header.columns.get("appointment_id") == 0 and cells:
                record.fields["appointment_id"] = _text(cells[0])
            record.problems.append(shape)
            return record

    def cell(name):
        index = header.columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    for name in TEXT_FIELDS:
        if name in header.columns:
            record.fields[name] = _text(cell(name))
    if record.fields.get("language"):  # "Spanish" or "SPA" as well as "es"
        record.fields["language"] = (
            language_tag(record.fields["language"]) or record.fields["language"]
        )
    if "patient_last" in header.columns:
        parts = (_text(cell("patient_first")), _text(cell("patient_last")))
        record.fields["patient_name"] = " ".join(p.strip() for p in parts if p.strip())
    record.visit_type = _text(cell("visit_type")).strip()
    code = _text(cell("visit_code")).strip()
    record.visit_codes = (code,) if code else ()
    if normal(_text(cell("status"))) in mapping.cancelled_statuses:
        record.status = CANCELLED
    try:
        record.start = _start(cell, header, mapping, epoch)
    except _WhenError as exc:
        record.field_errors.append(str(exc))
    return record


def _shape_problem(cells: list, header: Header, delimiter: str) -> str:
    sep = SEPARATOR_NAMES.get(delimiter, "separator")
    if len(cells) > header.width and any(c.strip() for c in cells[header.width :]):
        return (
            f"has {len(cells)} values but the header has {header.width} columns: a value "
            f"holds an unquoted {sep}; put that value in quotes (or export with another "
            "separator)"
        )
    if any(index >= len(cells) for index in header.columns.values()):
        return (
            f"has {len(cells)} values but the header has {header.width} columns: a {sep} is "
            "missing or the row was cut short"
        )
    return ""


class _WhenError(ValueError):
    pass


def _start(cell, header, mapping, epoch) -> dt.datetime | None:
    if "start" in header.columns:
        value = cell("start")
        if isinstance(value, dt.datetime):
            return value.replace(second=0, microsecond=0, tzinfo=None)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _serial("start", value, epoch)
        try:
            day_text, time_text = split_start(_text(value))
        except ValueError as exc:
            raise _WhenError(f"start: {exc}") from None
        day = _date(day_text, mapping, epoch)
        return dt.datetime.combine(day, _time(time_text, mapping))
    day = _date(cell("date"), mapping, epoch)
    return dt.datetime.combine(day, _time(cell("time"), mapping))


def _date(value, mapping, epoch) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial("date", value, epoch).date()
    try:
        return parse_date(_text(value), mapping.date_formats)
    except ValueError as exc:
        raise _WhenError(f"date: {exc}") from None


def _time(value, mapping) -> dt.time:
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 0 <= value < 1:
            raise _WhenError("time: is a number, not a time of day")
        minutes = round(value * 24 * 60)
        return dt.time(min(minutes // 60, 23), minutes % 60)
    try:
        return parse_time(_text(value), mapping.time_formats)
    except ValueError as exc:
        raise _WhenError(f"time: {exc}") from None


def _serial(field_name: str, value: float, epoch: dt.datetime) -> dt.datetime:
    """An Excel serial date (days since the workbook's epoch, time as the fraction)."""
    if not 1 <= value < 2_958_466:  # 9999-12-31
        raise _WhenError(f"{field_name}: is a number, not a date")
    moment = epoch + dt.timedelta(minutes=round(value * 24 * 60))
    return moment


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _blank(value) -> bool:
    return value is None or not str(value).strip()


__all__ = ["Header", "find_header", "iso_time", "table_records"]
