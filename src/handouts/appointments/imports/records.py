"""The format-neutral shape of one appointment as a file gives it, before validation."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# Shown in messages only when it looks like an appointment number: anything else might be a
# name or a record number that slid into the id column.
SHOWABLE_ID = re.compile(r"^[A-Za-z0-9._-]{1,32}$")
MAX_SHOWN_VISIT_TYPE = 60

# Statuses that mean "no packet": the appointment will not happen, or did not.
CANCELLED = "cancelled"
BOOKED = "booked"


@dataclass
class SourceRecord:
    """One row (CSV, Excel), message (HL7) or entry (FHIR), still as text."""

    kind: str  # "row", "message" or "entry": how messages name it
    number: int  # row number (the header is row 1), message or entry number
    fields: dict[str, str] = field(default_factory=dict)  # our field names -> text
    visit_type: str = ""  # the practice system's name for the visit (not personal: shown)
    visit_codes: tuple[str, ...] = ()  # CPT or the system's own codes
    start: dt.datetime | None = None  # naive: the clinic's time zone; aware: converted to it
    status: str = BOOKED  # BOOKED, or why there is no packet ("cancelled", "noshow", ...)
    event: str = ""  # e.g. "SIU^S13" (shown by --dry-run)
    problems: list[str] = field(default_factory=list)  # the record as a whole is unusable
    field_errors: list[str] = field(default_factory=list)  # "date: ..." found while reading
    skip_reason: str = ""  # not an appointment at all (an ADT message in an HL7 feed)

    @property
    def appointment_id(self) -> str:
        return (self.fields.get("appointment_id") or "").strip()

    @property
    def label(self) -> str:
        return f"{self.kind} {self.number}"


def safe_id(ident: str) -> str:
    """The id if it may be shown, else "" (the message then names the row alone)."""
    return ident if SHOWABLE_ID.match(ident) else ""


def shown_visit_type(text: str) -> str:
    """A visit type fit for a terminal: no control or bidi characters, not too long."""
    clean = "".join(c if c.isprintable() and not _is_bidi(c) else "?" for c in text.strip())
    clean = " ".join(clean.split())
    if len(clean) > MAX_SHOWN_VISIT_TYPE:
        clean = clean[: MAX_SHOWN_VISIT_TYPE - 1] + "…"
    return f"'{clean}'"


def _is_bidi(char: str) -> bool:
    return "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069" or char in "\u200e\u200f"
