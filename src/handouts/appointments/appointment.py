"""One patient's appointment: validated from text fields, and the calendar and clock
arithmetic behind its instructions (medication holds, arrival and fasting times).

The same validation serves `handouts handout --patient ...` and every row of
`handouts batch`; messages name the field but never repeat the patient's name or note.
All clock arithmetic is done in real elapsed time (through UTC) and shown in the clinic's
time zone, so "8 hours before" stays 8 hours across a daylight-saving change.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from handouts.appointments.arithmetic import (
    FastingTimes,
    HoldSchedule,
    clock_before,
    fasting_times,
    hold_schedule,
    local_datetime,
)
from handouts.appointments.holds import (
    HOLD_FORM,
    MAX_DRUG,
    MAX_HOLD_DAYS,
    MedicationHold,
    parse_hold,
    parse_holds,
    plain_digits,
    split_holds,
)
from handouts.appointments.languages import localise
from handouts.pdf.fonts import describe_character, undrawable_characters
from handouts.procedure_ids import one_handout
from handouts.project.content import Handout
from handouts.project.loader import Project
from handouts.render.large_print import wants_large_print
from handouts.yes_no import parse_yes_no

# The arithmetic lived here before arithmetic.py; page.py and clinics' scripts import it here.
__all__ = [
    "HOLD_FORM",
    "MAX_HOLD_DAYS",
    "Appointment",
    "AppointmentError",
    "FastingTimes",
    "HoldSchedule",
    "Invalid",
    "MedicationHold",
    "appointment_from_values",
    "clock_before",
    "fasting_times",
    "hold_schedule",
    "local_datetime",
    "make_appointment",
    "parse_hold",
    "parse_holds",
    "split_holds",
]

APPOINTMENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
# An appointment's optional details, by the names schedules, patient files and forms use.
DETAIL_FIELDS = (
    "physician",
    "location",
    "note",
    "sedation",
    "holds",
    "arrive_minutes",
    "large_print",
    "language",
)
FIRST_YEAR, LAST_YEAR = 1900, 2999  # appointment dates outside these are mistakes
MAX_TEXT = {"patient_name": 200, "physician": 200, "location": 300, "note": 600, "drug": MAX_DRUG}


class AppointmentError(Exception):
    """Every problem found in one appointment's fields, as separate messages."""

    def __init__(self, messages: list[str], fields: list[tuple[str, str]] | None = None):
        super().__init__("; ".join(messages))
        self.messages = messages
        self.fields = fields or [tuple(m.split(": ", 1)) for m in messages]  # (field, message)


@dataclass(frozen=True)
class Appointment:
    handout: Handout
    patient_name: str
    start: dt.datetime  # aware, in the clinic's time zone
    arrive_minutes: int
    appointment_id: str = ""
    physician: str = ""
    location: str = ""
    note: str = ""
    sedation: bool = False
    holds: tuple[MedicationHold, ...] = ()
    large_print: bool = False  # the packet in the large-print edition (large_print.py)
    language: str = ""  # BCP 47 tag of the patient's language ("" = the clinic's)
    printed_language: str = "en"  # the base language the packet prints in (languages.py)

    @property
    def procedure_id(self) -> str:
        return self.handout.slug

    @property
    def arrival(self) -> dt.datetime:
        return clock_before(self.start, dt.timedelta(minutes=self.arrive_minutes))

    @property
    def driver_required(self) -> bool:
        # Sedation always needs a driver, whatever the procedure's default says.
        return self.handout.driver_required or self.sedation


# -- validation ---------------------------------------------------------------------------


# A schedule row whose columns slipped puts a name, a birth date or a record number where a
# date, a yes/no or a number of minutes should be (an SSN looks like digits and hyphens), so no
# value of a field that may be personal is ever quoted: messages say what was wrong instead.
# Procedure ids are not personal and are shown (sanitised for the terminal).
SHOWABLE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")
NOT_SHOWN = "the value"
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$")
DIGITS = re.compile(r"^[0-9]{1,6}$")  # ASCII only: '³'.isdigit() is True, int('³') fails


def shown(text: str, pattern: re.Pattern | None = None) -> str:
    """Kept for callers that passed a pattern: a value is never quoted any more."""
    return NOT_SHOWN


def shown_procedure(text: str) -> str:
    clean = "".join(c if c.isprintable() else "?" for c in text)[:60]
    return f"'{clean}'"


def resolve_handout(project: Project, ident: str) -> Handout:
    """A handout by procedure id, or by `<procedure>-<variant>` for procedures with variants."""
    if not ident:
        raise ValueError("is empty")
    # Procedure ids are not personal: shown, sanitised for the terminal.
    return one_handout(project.procedures, ident, shown_procedure(ident))


def parse_date(text: str) -> dt.date:
    text = text.strip()
    if not DATE.match(text):
        raise ValueError("is not a date as YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError("is not a real date") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        # 0001-01-01 and 9999-12-31 end in OverflowError once hold and arrival times are
        # counted back or forth from them.
        raise ValueError(f"is not a date between {FIRST_YEAR} and {LAST_YEAR}")
    return day


def parse_time(text: str) -> dt.time:
    text = text.strip()
    match = TIME.match(text) if text.isascii() else None
    if not match:
        raise ValueError("is not a time as HH:MM (24-hour clock)")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ValueError("is not a real time of day")
    return dt.time(hour, minute)


def check_text(field: str, text: str, *, required: bool = False) -> str:
    """Clean free text from a patient record. Messages never quote the text itself."""
    text = " ".join(text.split())  # newlines and runs of spaces from exports
    if required and not text:
        raise ValueError("is empty")
    if required and not any(unicodedata.category(c)[0] in "LN" for c in text):
        # Only zero-width or other invisible characters would print "For " and nothing else.
        raise ValueError("has no visible letters (only spaces or invisible characters)")
    if len(text) > MAX_TEXT[field]:
        raise ValueError(f"is longer than {MAX_TEXT[field]} characters")
    for char in text:
        if unicodedata.category(char) == "Cc":
            raise ValueError(f"contains a control character (U+{ord(char):04X})")
    missing = undrawable_characters(html.escape(text))
    if missing:
        chars = ", ".join(_code_point(c) for c in missing)
        raise ValueError(f"contains a character no installed font can draw: {chars}")
    return text


def _code_point(char: str) -> str:
    # The code point and its name identify the problem without printing the patient's text.
    return describe_character(char).split(" ", 1)[1].strip("()")


@dataclass(frozen=True)
class Invalid:
    """A value that could not be parsed where its text arrived (a CSV cell, a CLI option),
    kept so that every problem of an appointment is reported together."""

    message: str


# Fields in the order their problems are reported.
TEXT_FIELDS = ("physician", "location", "note")


def make_appointment(project: Project, fields: dict[str, str]) -> Appointment:
    """Validate one appointment given as text fields (the CSV column names).

    Raises AppointmentError with every problem found, each prefixed by its field name.
    """
    parsers = {
        "date": parse_date,
        "time": parse_time,
        "sedation": parse_yes_no,
        "holds": lambda t: parse_holds(split_holds(t)),
        "arrive_minutes": _parse_minutes,
        "large_print": _parse_large_print,
        "language": _parse_language,
    }
    values: dict = {name: fields.get(name) or "" for name in fields}
    for name, parse in parsers.items():
        values[name] = parsed(parse, fields.get(name) or "")
    return appointment_from_values(project, values)


def parsed(parse, text: str):
    """parse(text), or Invalid with the reason."""
    try:
        return parse(text)
    except ValueError as exc:
        return Invalid(str(exc))


def appointment_from_values(project: Project, values: dict) -> Appointment:
    """Validate one appointment from typed values (date, time, MedicationHolds, booleans;
    an Invalid where parsing failed) and the free text fields, which are cleaned here.

    Raises AppointmentError with every problem found, each with its field name."""
    errors: list[tuple[str, str]] = []
    clean: dict = {}

    def attempt(field, check):
        value = values.get(field)
        if isinstance(value, Invalid):
            errors.append((field, value.message))
            return
        try:
            clean[field] = check(value)
        except ValueError as exc:
            errors.append((field, str(exc)))

    appointment_id = (values.get("appointment_id") or "").strip()
    if appointment_id and not APPOINTMENT_ID.match(appointment_id):
        errors.append(
            (
                "appointment_id",
                "use letters, digits, '.', '_' and '-' only (at most 64), "
                "since it becomes part of a file name",
            )
        )
    attempt("procedure", lambda v: resolve_handout(project, (v or "").strip()))
    attempt("patient_name", lambda v: check_text("patient_name", v or "", required=True))
    attempt("date", _given)
    attempt("time", _given)
    for field in TEXT_FIELDS:
        attempt(field, lambda v, f=field: check_text(f, v or ""))
    attempt("sedation", bool)
    attempt("holds", _distinct_holds)
    for hold in clean.get("holds", ()):
        try:
            check_text("drug", hold.drug)
        except ValueError as exc:
            errors.append(("holds", f"a drug name {exc}"))
    attempt("arrive_minutes", lambda v: v)
    attempt("large_print", bool)
    attempt("language", lambda v: v or "")
    start = _start(project, clean, errors)
    if errors:
        raise AppointmentError([f"{field}: {message}" for field, message in errors], errors)
    handout, printed_language = localise(project, clean["procedure"], clean["language"])
    minutes = clean["arrive_minutes"]
    return Appointment(
        handout=handout,
        patient_name=clean["patient_name"],
        start=start,
        arrive_minutes=handout.arrive_minutes if minutes is None else minutes,
        appointment_id=appointment_id,
        physician=clean["physician"],
        location=clean["location"] or project.settings.clinic.address,
        note=clean["note"],
        sedation=clean["sedation"],
        holds=clean["holds"],
        large_print=clean["large_print"],
        language=clean["language"],
        printed_language=printed_language,
    )


def _given(value):
    if value is None:
        raise ValueError("is required")
    return value


def _distinct_holds(holds) -> tuple[MedicationHold, ...]:
    """Holds given one by one (--hold ...): the first unusable one, or a medicine named
    twice, each named by its position (medicines are health data: never quoted)."""
    holds = tuple(holds or ())
    for position, hold in enumerate(holds, start=1):
        if isinstance(hold, Invalid):
            raise ValueError(hold.message.replace("entry 1", f"entry {position}", 1))
    seen: set[str] = set()
    for position, hold in enumerate(holds, start=1):
        if hold.drug.lower() in seen:
            raise ValueError(f"entry {position} names a medicine listed before it")
        seen.add(hold.drug.lower())
    return holds


def _start(project: Project, clean: dict, errors: list) -> dt.datetime | None:
    if "date" not in clean or "time" not in clean:
        return None
    try:
        zone = ZoneInfo(project.settings.print.timezone)
        return local_datetime(clean["date"], clean["time"], zone)
    except ValueError as exc:
        errors.append(("time", str(exc)))
    except OverflowError:
        errors.append(("date", "is too close to the edge of the calendar"))
    return None


def _parse_large_print(text: str) -> bool:
    answer = wants_large_print(text)
    if answer is None:
        raise ValueError("is not yes or no")
    return answer


def _parse_language(text: str) -> str:
    text = text.strip()
    if text and not LANGUAGE_TAG.match(text):
        raise ValueError("is not a language tag such as en, es or es-US")
    return text


def _parse_minutes(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not plain_digits(text, 3) or int(text) > 240:
        raise ValueError("is not a whole number of minutes from 0 to 240")
    return int(text)
