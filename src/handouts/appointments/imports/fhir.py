"""FHIR R4: a Bundle (JSON) of Appointment resources and the resources they refer to.

Patient, Practitioner and Location may be contained in the Appointment (`#id`) or entries of
the Bundle (`Patient/123`, or the entry's `fullUrl`). Read from each Appointment:

| what | where |
|---|---|
| appointment id | identifier[0].value, else the resource id |
| start | start (an instant, converted to the clinic's time zone) |
| status | cancelled, noshow and entered-in-error get no packet |
| visit type | serviceType and appointmentType: text or coding display, and coding codes |
| patient | the Patient participant: name (official or usual first), communication language |
| physician | the Practitioner participant's name (or the reference's display) |
| location | the Location participant's name (or the reference's display) |
| note | patientInstruction (comment is for staff and is never read) |
"""

from __future__ import annotations

import datetime as dt
import json
import re

from handouts.appointments.imports.language import language_tag
from handouts.appointments.imports.records import BOOKED, CANCELLED, SourceRecord
from handouts.diagnostics import HandoutsError

NO_PACKET = {"cancelled": CANCELLED, "noshow": "noshow", "entered-in-error": "entered-in-error"}
_INSTANT = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$"
)


def fhir_records(raw: bytes, source: str) -> list[SourceRecord]:
    bundle = _load(raw, source)
    entries = bundle.get("entry") if bundle.get("resourceType") == "Bundle" else None
    if bundle.get("resourceType") == "Appointment":
        entries = [{"resource": bundle}]
    if not isinstance(entries, list):
        raise HandoutsError(
            f"{source}: not a FHIR Bundle of Appointments (resourceType is not Bundle, or it "
            "has no entry list)"
        )
    index = _index(entries)
    records = []
    for number, entry in enumerate(entries, start=1):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict):
            record = SourceRecord("entry", number)
            record.problems.append("has no resource")
            records.append(record)
        elif resource.get("resourceType") == "Appointment":
            records.append(_appointment(number, resource, index))
    return records


def _load(raw: bytes, source: str) -> dict:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise HandoutsError(f"{source}: not UTF-8 text (FHIR JSON is always UTF-8)") from None
    except json.JSONDecodeError as exc:
        raise HandoutsError(f"{source}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    except (RecursionError, ValueError):  # nested too deep, or a number too long
        raise HandoutsError(f"{source}: not a FHIR Bundle this tool can read") from None
    if not isinstance(data, dict):
        raise HandoutsError(f"{source}: not a FHIR Bundle (the JSON is not an object)")
    return data


def _index(entries: list) -> dict[str, dict]:
    """Resources by `Type/id` and by fullUrl."""
    found: dict[str, dict] = {}
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("resource"), dict):
            continue
        resource = entry["resource"]
        if isinstance(entry.get("fullUrl"), str):
            found[entry["fullUrl"]] = resource
        if isinstance(resource.get("id"), str):
            found[f"{resource.get('resourceType')}/{resource['id']}"] = resource
    return found


def _appointment(number: int, resource: dict, index: dict) -> SourceRecord:
    record = SourceRecord("entry", number, event="Appointment")
    identifiers = [i for i in _list(resource.get("identifier")) if _text(i.get("value"))]
    ident = _text(identifiers[0].get("value")) if identifiers else _text(resource.get("id"))
    record.fields["appointment_id"] = ident
    status = _text(resource.get("status"))
    record.status = NO_PACKET.get(status, BOOKED)
    concepts = _list(resource.get("serviceType")) + _list([resource.get("appointmentType")])
    names = [_concept_name(c) for c in concepts]
    record.visit_type = next((n for n in names if n), "")
    codes = [_text(c.get("code")) for concept in concepts for c in _list(concept.get("coding"))]
    record.visit_codes = tuple(c for c in codes if c)
    record.fields["note"] = _text(resource.get("patientInstruction"))
    contained = {
        f"#{r.get('id')}": r for r in _list(resource.get("contained")) if r.get("id") is not None
    }
    for participant in _list(resource.get("participant")):
        actor = participant.get("actor")
        if not isinstance(actor, dict):
            continue
        reference = _text(actor.get("reference"))
        target = contained.get(reference) or index.get(reference) or {}
        kind = target.get("resourceType") or reference.split("/")[0].lstrip("#")
        _participant(record, kind, target, _text(actor.get("display")))
    if record.status == BOOKED:
        try:
            record.start = parse_instant(_text(resource.get("start")))
        except ValueError as exc:
            record.field_errors.append(f"start: {exc}")
    return record


def _participant(record: SourceRecord, kind: str, target: dict, display: str) -> None:
    if kind == "Patient" and "patient_name" not in record.fields:
        record.fields["patient_name"] = _human_name(target.get("name")) or display
        record.fields["language"] = _language(target)
    elif kind == "Practitioner" and "physician" not in record.fields:
        name = _human_name(target.get("name"), prefix=True)
        record.fields["physician"] = name or display
    elif kind == "Location" and "location" not in record.fields:
        record.fields["location"] = _text(target.get("name")) or display


def parse_instant(text: str) -> dt.datetime:
    """A FHIR instant ("2026-12-02T15:30:00Z", "...-06:00"); without an offset (not valid
    FHIR, but sent) it is taken as the clinic's time."""
    if not text:
        raise ValueError("the Appointment has no start")
    match = _INSTANT.match(text.strip())
    if not match:
        raise ValueError("is not a FHIR instant (YYYY-MM-DDThh:mm:ss+zz:zz)")
    parts = [int(g) for g in match.groups()[:5]]
    try:
        moment = dt.datetime(*parts)
    except ValueError:
        raise ValueError("is not a real date and time") from None
    offset = match.group(7)
    if offset == "Z":
        return moment.replace(tzinfo=dt.timezone.utc)
    if offset:
        sign = -1 if offset[0] == "-" else 1
        minutes = sign * (int(offset[1:3]) * 60 + int(offset[4:6]))
        if abs(minutes) > 14 * 60:
            raise ValueError("has an offset from UTC that no time zone has")
        return moment.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes)))
    return moment


def _human_name(value, prefix: bool = False) -> str:
    names = [n for n in _list(value)]
    if not names:
        return ""
    best = next((n for n in names if n.get("use") in ("official", "usual")), names[0])
    given = " ".join(_text(g) for g in _list_of_text(best.get("given")))
    parts = [" ".join(_list_of_text(best.get("prefix")))] if prefix else []
    parts += [given, _text(best.get("family"))]
    joined = " ".join(p for p in parts if p.strip())
    return joined or _text(best.get("text"))


def _language(patient: dict) -> str:
    options = _list(patient.get("communication"))
    options.sort(key=lambda c: c.get("preferred") is not True)
    for option in options:
        concept = option.get("language") if isinstance(option.get("language"), dict) else {}
        codes = [_text(c.get("code")) for c in _list(concept.get("coding"))]
        tag = language_tag(*codes, _text(concept.get("text")))
        if tag:
            return tag
    return ""


def _concept_name(concept: dict) -> str:
    text = _text(concept.get("text"))
    if text:
        return text
    return next(
        (_text(c.get("display")) for c in _list(concept.get("coding")) if c.get("display")), ""
    )


def _list(value) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _list_of_text(value) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""
