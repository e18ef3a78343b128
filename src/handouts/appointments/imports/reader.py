"""Which format a schedule file is, and reading it into records."""

from __future__ import annotations

import re
from pathlib import Path

from handouts.appointments.imports.delimited import physical_lines, read_rows, sniff_delimiter
from handouts.appointments.imports.mapping import ScheduleMapping
from handouts.appointments.imports.records import SourceRecord
from handouts.appointments.imports.source import read_source
from handouts.appointments.imports.tabular import find_header, table_records
from handouts.appointments.imports.text import decode
from handouts.diagnostics import HandoutsError

FORMAT_NAMES = {"csv": "CSV", "xlsx": "Excel workbook", "hl7": "HL7 v2", "fhir": "FHIR R4 Bundle"}


def detect_format(raw: bytes, path: Path) -> str:
    """By content, not by name: exports are often saved as .txt or without an extension."""
    if raw.startswith(b"PK\x03\x04"):
        return "xlsx"
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise HandoutsError(
            f"{path} is an Excel 97-2003 workbook (.xls); save it as .xlsx or CSV UTF-8"
        )
    head = raw[:64].lstrip(b"\xef\xbb\xbf\x0b \t\r\n")
    if head.startswith((b"{", b"[")):
        return "fhir"
    if re.search(rb"(?:^|[\r\n\x0b])(?:MSH|FHS|BHS)\|", raw[:4096]):
        return "hl7"  # an engine may write a line of its own before the first message
    return "csv"


def read_records(path: Path, mapping: ScheduleMapping) -> tuple[str, list[SourceRecord]]:
    """(format, records); HandoutsError when the file as a whole is unusable."""
    raw = read_source(path)
    kind = mapping.format if mapping.format != "auto" else detect_format(raw, path)
    source = str(path)
    if kind == "xlsx":
        from handouts.appointments.imports.xlsx import read_workbook

        rows, epoch = read_workbook(raw, source, mapping.sheet)
        header = find_header(rows, mapping, source)
        return kind, table_records(rows, header, mapping, epoch=epoch)
    if kind == "hl7":
        from handouts.appointments.imports.hl7v2 import hl7_records

        return kind, hl7_records(decode(raw, source, mapping.encoding), source)
    if kind == "fhir":
        from handouts.appointments.imports.fhir import fhir_records

        return kind, fhir_records(raw, source)
    text = decode(raw, source, mapping.encoding)
    lines = physical_lines(text)
    delimiter = mapping.delimiter or sniff_delimiter(lines)
    header = find_header(read_rows(lines[:50], delimiter), mapping, source)
    rows = read_rows(lines, delimiter, header.width)
    header = find_header(rows, mapping, source)
    return kind, table_records(rows, header, mapping, delimiter=delimiter)
