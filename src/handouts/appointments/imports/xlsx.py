"""Excel workbooks (.xlsx), read with openpyxl in read-only mode: the first sheet or a named
one. Cells typed as dates and times arrive as such; a date or time left as a bare Excel serial
number is converted with the workbook's own epoch (1900 or 1904)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from handouts.appointments.imports.delimited import TableRow
from handouts.appointments.imports.tabular import EXCEL_1900, EXCEL_1904
from handouts.diagnostics import HandoutsError

MAX_UNPACKED_BYTES = 300_000_000  # a zip bomb would unpack to far more
MAX_ROWS = 20_000
MAX_COLUMNS = 200


def read_workbook(raw: bytes, source: str, sheet: str | None) -> tuple[list[TableRow], dt.datetime]:
    _check_archive(raw, source)
    import openpyxl  # only when a workbook is read: it takes 0.2 s to import

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise HandoutsError(
            f"{source}: not an Excel workbook this tool can read; save it again as .xlsx "
            "(Excel Workbook) or CSV UTF-8"
        ) from None
    try:
        worksheet = _sheet(book, sheet, source)
        epoch = EXCEL_1904 if book.epoch.year == 1904 else EXCEL_1900
        width = min(worksheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
        rows = []
        for number, values in enumerate(worksheet.iter_rows(values_only=True, max_col=width), 1):
            if number > MAX_ROWS:
                raise HandoutsError(
                    f"{source}: the sheet has more than {MAX_ROWS:,} rows; export only the "
                    "days you are printing for"
                )
            cells = list(values)
            while cells and cells[-1] is None:
                cells.pop()
            rows.append(TableRow(number, [_cell(v) for v in cells]))
    except HandoutsError:
        raise
    except Exception:
        raise HandoutsError(
            f"{source}: a sheet of the workbook is damaged; save it again"
        ) from None
    finally:
        book.close()
    return rows, epoch


def _check_archive(raw: bytes, source: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise HandoutsError(f"{source}: not an Excel workbook (the file is damaged)") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise HandoutsError(
            f"{source}: the workbook unpacks to more than {MAX_UNPACKED_BYTES:,} bytes; "
            "export only the days you are printing for"
        )
    if "xl/workbook.xml" not in names:
        raise HandoutsError(
            f"{source}: a zip file but not an Excel workbook (.xlsx); save the schedule as "
            ".xlsx or CSV UTF-8"
        )


def _sheet(book, name: str | None, source: str):
    if name is None:
        return book.worksheets[0]
    if name not in book.sheetnames:
        raise HandoutsError(
            f"{source}: the workbook has no sheet named '{name}' (schedule.sheet in "
            f"handouts.yaml); it has: {', '.join(book.sheetnames)}"
        )
    return book[name]


def _cell(value):
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value  # numbers, dates and times stay typed; None is an empty cell
