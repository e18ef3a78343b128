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

from handouts.appointments.languages import localise
from handouts.appointments.settings import FastingRule
from handouts.pdf.fonts import describe_character, undrawable_characters
from handouts.procedure_ids import one_handout
from handouts.project.content import Handout
from handouts.project.loader import Project
from handouts.render.large_print import wants_large_print

UTC = dt.timezone.utc
APPOINTMENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
MAX_HOLD_DAYS = 30  # a typo guard, not clinical advice: the clinician decides the days
FIRST_YEAR, LAST_YEAR = 1900, 2999  # appointment dates outside these are mistakes
MAX_TEXT = {"patient_name": 200, "physician": 200, "location": 300, "note": 600, "drug": 80}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


class AppointmentError(Exception):
    """Every problem found in one appointment's fields, as separate messages."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class MedicationHold:
    drug: str
    days: int  # calendar days with no dose before the procedure day


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


@dataclass(frozen=True)
class HoldSchedule:
    drug: str
    last_dose: dt.date
    skipped: tuple[dt.date, ...]  # the days with no dose, before the procedure day


@dataclass(frozen=True)
class FastingTimes:
    no_food_after: dt.datetime
    clear_liquids_until: dt.datetime


# -- arithmetic --------------------------------------------------------------------------


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


def parse_holds(values: list[str]) -> tuple[MedicationHold, ...]:
    """`["apixaban:3", "clopidogrel:7"]` -> holds; ValueError naming the bad entry."""
    # Medicines are health data: entries are named by their position, never quoted.
    holds: list[MedicationHold] = []
    for position, raw in enumerate((v for v in values if v.strip()), start=1):
        entry = raw.strip()
        drug, sep, days_text = entry.rpartition(":")
        drug = drug.strip()
        days_text = days_text.strip()
        if not sep or not drug or ":" in drug or not _plain_digits(days_text, 4):
            raise ValueError(f"entry {position} is not DRUG:DAYS (for example apixaban:3)")
        days = int(days_text)
        if days > MAX_HOLD_DAYS:
            raise ValueError(f"entry {position}: at most {MAX_HOLD_DAYS} days")
        if len(drug) > MAX_TEXT["drug"]:
            raise ValueError(f"a drug name is longer than {MAX_TEXT['drug']} characters")
        if any(h.drug.lower() == drug.lower() for h in holds):
            raise ValueError(f"entry {position} names a medicine listed before it")
        holds.append(MedicationHold(drug, days))
    return tuple(holds)


def split_holds(text: str) -> list[str]:
    """The CSV form: `apixaban:3; clopidogrel:7` (a comma or a new line also separates:
    `apixaban:3, clopidogrel:7` is two holds, not one drug named "apixaban:3, clopidogrel")."""
    return [part for part in re.split(r"[;,\n]", text) if part.strip()]


def parse_yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise ValueError("is not yes or no")


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


def make_appointment(project: Project, fields: dict[str, str]) -> Appointment:
    """Validate one appointment given as text fields (the CSV column names).

    Raises AppointmentError with every problem found, each prefixed by its field name.
    """
    errors: list[str] = []
    values: dict = {}

    def attempt(field, parse):
        try:
            values[field] = parse(fields.get(field) or "")
        except ValueError as exc:
            errors.append(f"{field}: {exc}")

    appointment_id = (fields.get("appointment_id") or "").strip()
    if appointment_id and not APPOINTMENT_ID.match(appointment_id):
        errors.append(
            "appointment_id: use letters, digits, '.', '_' and '-' only (at most 64), "
            "since it becomes part of a file name"
        )
    attempt("procedure", lambda t: resolve_handout(project, t.strip()))
    attempt("patient_name", lambda t: check_text("patient_name", t, required=True))
    attempt("date", parse_date)
    attempt("time", parse_time)
    for field in ("physician", "location", "note"):
        attempt(field, lambda t, f=field: check_text(f, t))
    attempt("sedation", parse_yes_no)
    attempt("holds", lambda t: parse_holds(split_holds(t)))
    for hold in values.get("holds", ()):
        try:
            check_text("drug", hold.drug)
        except ValueError as exc:
            errors.append(f"holds: a drug name {exc}")
    attempt("arrive_minutes", _parse_minutes)
    attempt("large_print", _parse_large_print)
    attempt("language", _parse_language)

    start = None
    if "date" in values and "time" in values:
        try:
            zone = ZoneInfo(project.settings.print.timezone)
            start = local_datetime(values["date"], values["time"], zone)
        except ValueError as exc:
            errors.append(f"time: {exc}")
        except OverflowError:
            errors.append("date: is too close to the edge of the calendar")
    if errors:
        raise AppointmentError(errors)

    handout, printed_language = localise(project, values["procedure"], values["language"])
    minutes = values["arrive_minutes"]
    return Appointment(
        handout=handout,
        patient_name=values["patient_name"],
        start=start,
        arrive_minutes=handout.arrive_minutes if minutes is None else minutes,
        appointment_id=appointment_id,
        physician=values["physician"],
        location=values["location"] or project.settings.clinic.address,
        note=values["note"],
        sedation=values["sedation"],
        holds=values["holds"],
        large_print=values["large_print"],
        language=values["language"],
        printed_language=printed_language,
    )


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


def _plain_digits(text: str, most: int) -> bool:
    """0-9 only, at most `most` of them: int() also takes '³' and '٣' (with a message in
    Python's words) and turns 5,000 digits into a hint about sys.set_int_max_str_digits()."""
    return 0 < len(text) <= most and text.isascii() and text.isdigit()


def _parse_minutes(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not _plain_digits(text, 3) or int(text) > 240:
        raise ValueError("is not a whole number of minutes from 0 to 240")
    return int(text)
