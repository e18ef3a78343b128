"""`handout --patient-file FILE`: the patient's details from a file or standard input.

`--patient "Maria Lopez"` is visible to every local user in the process list and stays in
the shell history; a file (or `-` for standard input, e.g. from the practice system) is not.
The file is a small YAML or JSON mapping, which also covers plain `key: value` lines:

    patient: Maria Lopez
    date: 2026-12-01
    time: "09:30"
    holds: [apixaban:3, clopidogrel:7]

Messages name the file, line and key, never a value: they are personal.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from handouts.diagnostics import ProblemList, UsageError
from handouts.project.yamlfile import FileRefused, parse_yaml, read_bounded
from handouts.yes_no import read_yes_no

MAX_BYTES = 64_000
# Keys of the file and the option each stands for (`patient_name` as in the schedule CSV).
KEYS = {
    "patient": "patient",
    "patient_name": "patient",
    "date": "date",
    "time": "time",
    "appointment_id": "appointment_id",
    "physician": "physician",
    "location": "location",
    "note": "note",
    "arrive_minutes": "arrive_minutes",
    "sedation": "sedation",
    "holds": "holds",
    "hold": "holds",
}


def read_patient_file(name: str) -> dict:
    """The file's details as option values: {"patient": ..., "holds": (...), ...}."""
    shown = "standard input" if name == "-" else name
    raw = _read(name, shown)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"--patient-file {shown}: not UTF-8 text") from None
    problems = ProblemList()
    doc = parse_yaml(text, shown, problems)
    if problems.errors or doc is None:
        first = problems.errors[0] if problems.errors else None
        where = f":{first.line}" if first and first.line else ""
        reason = first.message.split(":")[0] if first else "empty"
        raise UsageError(f"--patient-file {shown}{where}: {reason}; expected lines of key: value")
    if not isinstance(doc.data, dict):
        raise UsageError(f"--patient-file {shown}: expected lines of key: value")
    values: dict = {}
    for key, value in doc.data.items():
        line = (doc.where((key,)) or ("?",))[0]
        option = KEYS.get(key.strip().lower().replace("-", "_"))
        if option is None:
            known = ", ".join(sorted({k for k in KEYS if k not in ("patient_name", "hold")}))
            raise UsageError(f"--patient-file {shown}:{line}: unknown key '{key}'; known: {known}")
        values[option] = _option_value(option, value, shown, line, key)
    if not values.get("patient"):
        raise UsageError(f"--patient-file {shown}: the patient's name (patient:) is missing")
    return values


def _read(name: str, shown: str) -> bytes:
    if name == "-":
        stream = getattr(sys.stdin, "buffer", None) or io.BytesIO(sys.stdin.read().encode())
        raw = stream.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise UsageError(f"--patient-file {shown}: more than {MAX_BYTES:,} bytes")
        return raw
    try:
        return read_bounded(Path(name), MAX_BYTES)
    except FileRefused as exc:
        raise UsageError(f"--patient-file {shown}: {exc}") from None
    except OSError as exc:
        raise UsageError(f"--patient-file {shown}: cannot read it ({exc.strerror})") from None


def _option_value(option: str, value, shown: str, line, key: str):
    if option == "holds":
        items = value if isinstance(value, list) else str(value or "").split(";")
        return tuple(str(item).strip() for item in items if str(item).strip())
    if option == "sedation":
        if isinstance(value, bool):
            return value
        answer = read_yes_no(None if value is None else str(value))
        if answer is None:
            raise UsageError(f"--patient-file {shown}:{line}: {key}: expected yes or no")
        return answer
    if option == "arrive_minutes":
        if value in (None, ""):
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 240:
            raise UsageError(
                f"--patient-file {shown}:{line}: {key}: expected whole minutes from 0 to 240"
            )
        return value
    if isinstance(value, (dict, list)):
        raise UsageError(f"--patient-file {shown}:{line}: {key}: expected one value")
    if option == "time" and isinstance(value, int):  # YAML 1.1 reads 09:30 as 570 minutes
        return f"{value // 60:02d}:{value % 60:02d}"
    return "" if value is None else str(value)
