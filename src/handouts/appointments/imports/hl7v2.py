"""HL7 v2 scheduling messages (SIU) as an interface engine writes them to a file.

Messages may be framed for MLLP (`<VT> ... <FS><CR>`), one per line, or one segment per line;
each starts at its MSH segment (batch FHS/BHS/BTS/FTS segments are passed over). python-hl7
parses each message; the fields read are:

| what | where (first that is filled) |
|---|---|
| event | MSH-9: SIU^S12 new, S13 rescheduled, S14 modified, S15/S16/S17 cancelled, S26 no-show |
| appointment id | SCH-2 (filler), SCH-1 (placer) |
| start | TQ1-7, SCH-11.4, AIS-4, AIL-6, AIP-6, AIG-8 (no offset: the clinic's time zone) |
| status | SCH-25 (Cancelled, Deleted, Dc, Noshow override the event) |
| visit type | AIS-3 text and code, SCH-7 (appointment reason), SCH-8 (appointment type) |
| patient | PID-5 (family^given), language PID-15 |
| physician | AIP-3, else PV1-7 (prefix, given and family name) |
| location | AIL-3.9 (description), else AIL-3.1 |

Notes (NTE) are never read: they are written for staff, not for the patient's page.
"""

from __future__ import annotations

import datetime as dt
import re

import hl7
import hl7.containers
import hl7.util

from handouts.appointments.imports.language import language_tag
from handouts.appointments.imports.records import BOOKED, CANCELLED, SourceRecord

# python-hl7 logs a field it cannot unescape, with the field's text (a patient's name) at
# ERROR level, which Python prints to the terminal when no logging is set up: silence it.
for _logger in (hl7.util.logger, hl7.containers.logger):
    _logger.disabled = True

BOOKING = {"S12", "S13", "S14"}
CANCELLING = {"S15", "S16", "S17"}
NO_SHOW = "S26"
STATUS = {"cancelled": CANCELLED, "deleted": CANCELLED, "dc": CANCELLED, "noshow": "noshow"}
WRAPPERS = ("FHS", "BHS", "BTS", "FTS")
_SEGMENT = re.compile(r"[^\r\n\x0b\x1c]+")
_DTM = re.compile(r"^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(?:(\d{2})(?:\.\d{1,4})?)?([+-]\d{4})?$")


def split_messages(text: str) -> list[tuple[int, list[str]]]:
    """(line of the MSH, segments) per message; text before the first MSH as line -n."""
    messages: list[tuple[int, list[str]]] = []
    stray: list[int] = []
    line, position = 1, 0
    for match in _SEGMENT.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        segment = match.group().strip()
        if not segment or segment[:3] in WRAPPERS:
            continue
        if segment.startswith("MSH"):
            messages.append((line, [segment]))
        elif messages:
            messages[-1][1].append(segment)
        else:
            stray.append(line)
    if stray:
        messages.insert(0, (-stray[0], []))
    return messages


def hl7_records(text: str, source: str) -> list[SourceRecord]:
    records = []
    for number, (line, segments) in enumerate(split_messages(text), start=1):
        record = SourceRecord("message", number)
        if line < 0:
            record.kind, record.number = "line", -line
            record.problems.append("text before the first MSH segment is not an HL7 message")
        else:
            _read_message(record, "\r".join(segments))
        records.append(record)
    return records


def _read_message(record: SourceRecord, text: str) -> None:
    try:
        message = hl7.parse(text)
        kind, trigger = _get(message, "MSH", 9, 1), _get(message, "MSH", 9, 2)
    except Exception:  # python-hl7 raises several types for a broken MSH
        record.problems.append("is not a readable HL7 message (check its MSH segment)")
        return
    record.event = f"{kind}^{trigger}"
    if not kind or not trigger:
        record.problems.append("has no message type and event (MSH-9, such as SIU^S12)")
        return
    if kind != "SIU":
        record.skip_reason = f"not a scheduling message ({_plain(record.event)})"
        return
    if trigger not in BOOKING | CANCELLING | {NO_SHOW}:
        record.skip_reason = f"SIU^{_plain(trigger)} (not a booking, change or cancellation)"
        return
    try:
        _read_appointment(record, message, trigger)
    except Exception:  # a segment too broken for python-hl7 to walk
        record.problems.append("is not a readable HL7 message (a segment is malformed)")


def _read_appointment(record: SourceRecord, message, trigger: str) -> None:
    def get(segment, field, component=1, repetition=1):
        return _unescape(message, _get(message, segment, field, component, repetition))

    record.fields["appointment_id"] = get("SCH", 2) or get("SCH", 1)
    status = STATUS.get(get("SCH", 25).lower().replace("-", ""), BOOKED)
    if trigger in CANCELLING:
        status = CANCELLED
    elif trigger == NO_SHOW:
        status = "noshow"
    record.status = status
    names = [get("AIS", 3, 2), get("SCH", 7, 2), get("SCH", 8, 2)]
    record.visit_type = next((n for n in names if n), "")
    codes = [get("AIS", 3, 1), get("SCH", 7, 1), get("SCH", 8, 1)]
    record.visit_codes = tuple(c for c in codes if c)
    record.fields["patient_name"] = _person(get("PID", 5, 2), get("PID", 5, 1))
    record.fields["language"] = language_tag(get("PID", 15, 1), get("PID", 15, 2))
    if _has(message, "AIP"):
        record.fields["physician"] = _person(
            get("AIP", 3, 3), get("AIP", 3, 2), prefix=get("AIP", 3, 6)
        )
    else:
        record.fields["physician"] = _person(
            get("PV1", 7, 3), get("PV1", 7, 2), prefix=get("PV1", 7, 6)
        )
    record.fields["location"] = get("AIL", 3, 9) or get("AIL", 3, 1)
    starts = [get("TQ1", 7), get("SCH", 11, 4), get("AIS", 4), get("AIL", 6), get("AIP", 6)]
    starts.append(get("AIG", 8))
    start_text = next((s for s in starts if s), "")
    if status == BOOKED:
        try:
            record.start = parse_dtm(start_text)
        except ValueError as exc:
            record.field_errors.append(f"start: {exc}")


def parse_dtm(text: str) -> dt.datetime:
    """An HL7 DTM to the minute; with an offset it is aware, without it is clinic time."""
    if not text:
        raise ValueError("the message gives no start time (TQ1-7, SCH-11.4 or AIS-4)")
    match = _DTM.match(text.strip())
    if not match:
        raise ValueError("is not an HL7 date and time to the minute (YYYYMMDDHHMM)")
    year, month, day, hour, minute = (int(g) for g in match.groups()[:5])
    offset = match.group(7)
    try:
        moment = dt.datetime(year, month, day, hour, minute)
    except ValueError:
        raise ValueError("is not a real date and time") from None
    if offset:
        sign = -1 if offset[0] == "-" else 1
        minutes = sign * (int(offset[1:3]) * 60 + int(offset[3:5]))
        if abs(minutes) > 14 * 60:
            raise ValueError("has an offset from UTC that no time zone has")
        moment = moment.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes)))
    return moment


def _person(given: str, family: str, prefix: str = "") -> str:
    return " ".join(part.strip() for part in (prefix, given, family) if part.strip())


def _has(message, segment: str) -> bool:
    return any(s[0][0] == segment for s in message if s and s[0])


def _get(message, segment: str, field: int, component: int = 1, repetition: int = 1) -> str:
    """A component's text, "" when the segment, field or component is absent."""
    found = next((s for s in message if s and s[0] and s[0][0] == segment), None)
    if found is None or field >= len(found):
        return ""
    node = found[field]
    for index in (repetition, component, 1):
        if isinstance(node, str):
            return node if index == 1 else ""
        if index > len(node):
            return ""
        node = node[index - 1]
    while not isinstance(node, str):
        node = node[0] if len(node) else ""
    return node


def _unescape(message, text: str) -> str:
    if "\\" not in text:
        return text
    try:
        return message.unescape(text)
    except Exception:  # a malformed escape: keep the text as sent
        return text


def _plain(text: str) -> str:
    """A message type for the terminal: letters, digits and ^ only."""
    return re.sub(r"[^A-Za-z0-9^]", "?", text)[:20]
