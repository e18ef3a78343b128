"""Realistic schedule exports, built in code (not copied from any vendor): HL7 v2 SIU
messages, FHIR R4 Bundles and Excel workbooks, as a practice system or interface engine
writes them."""

from __future__ import annotations

import io
import json

MAPPING = """
schedule:
  date_format: MM/DD/YYYY
  time_format: h:mm AM/PM
  columns:
    appointment_id: Appt ID
    patient_name: Patient Name
    visit_type: Visit Type
    date: Appt Date
    time: Appt Time
    physician: Provider
  visit_types:
    - {name: LESI L4-5, procedure: epidural-steroid-injection}
    - {code: "64493", procedure: facet-joint-injection}
    - {pattern: "RFA*", procedure: radiofrequency-ablation}
    - {name: [Follow-up, New consult], skip: true}
    - {code: FOLLOWUP, skip: true}
"""


# -- HL7 v2 -----------------------------------------------------------------------------


def segment(name: str, fields: dict[int, str]) -> str:
    values = [""] * (max(fields) + 1)
    for number, value in fields.items():
        values[number] = value
    values[0] = name
    return "|".join(values)


def siu(
    event: str,
    appointment: str,
    start: str,
    service: str,
    *,
    family="Lopez",
    given="Maria",
    language="SPA^Spanish^ISO6392",
    status="Booked",
    reason="ROUTINE^Routine^HL70276",
    control="1",
    kind="SIU",
) -> str:
    msh = (
        f"MSH|^~\\&|PRACTICE|RIVERBEND|HANDOUTS|RIVERBEND|20261201080000||{kind}^{event}"
        f"^{kind}_S12|MSG{control}|P|2.5.1|||AL|NE||UNICODE UTF-8"
    )
    segments = [
        msh,
        segment(
            "SCH",
            {
                1: f"{appointment}^PRACTICE",
                2: f"{appointment}^PRACTICE",
                7: reason,
                8: "NORMAL^Normal^HL70277",
                9: "30",
                10: "MIN",
                11: f"^^30^{start}",
                16: "1234^Front^Desk",
                25: status,
            },
        ),
        "NTE|1||Patient anxious about needles; HIV+ see chart",
        segment(
            "PID",
            {
                1: "1",
                3: f"MRN{control}^^^RPC^MR",
                5: f"{family}^{given}^J^^^^L",
                7: "19610412",
                8: "F",
                11: "1 Main St^^Springfield^IL^62701",
                13: "(555)010-0000",
                15: language,
                19: "123-45-6789",
            },
        ),
        segment("PV1", {1: "1", 2: "O", 7: "9876^Smith^Alan^^^Dr.^MD"}),
        "RGS|1|A",
        segment("AIS", {1: "1", 2: "A", 3: service, 4: start, 7: "30", 8: "MIN"}),
        segment("AIP", {1: "1", 2: "A", 3: "4567^O'Hara^Jane^^^Dr.^MD", 4: "ATTENDING"}),
        segment("AIL", {1: "1", 2: "A", 3: "PROC2^^^RPC^^^^^Building B, Procedure Suite 2"}),
    ]
    return "\r".join(segments) + "\r"


def hl7_day() -> list[str]:
    """A day's feed: bookings, a reschedule, a cancellation, a follow-up, an ADT message."""
    return [
        siu("S12", "A1001", "202612020930", "^LESI L4-5^L", control="1"),
        siu("S12", "A1002", "202612021015", "64493^Facet inj lumbar^C4", family="Lee",
            given="Sam", language="", control="2"),
        siu("S12", "A1003", "202612021100", "^Follow-up^L", reason="FOLLOWUP^Follow-up^HL70276",
            family="Tran", given="Kim", control="3"),
        siu("S12", "A1004", "202612021300", "^RFA lumbar^L", family="Chen", given="Bo",
            control="4"),
        siu("S12", "A1005", "202612021400-0500", "^LESI L4-5^L", family="Park", given="Eve",
            language="en^English^ISO639", control="5"),
        siu("A08", "-", "", "", kind="ADT", control="6"),
        siu("S14", "A1004", "202612021330", "^RFA lumbar^L", family="Chen", given="Bo",
            control="7"),
        siu("S15", "A1002", "202612021015", "64493^Facet inj lumbar^C4", family="Lee",
            given="Sam", status="Cancelled", control="8"),
        siu("S12", "A1006", "202612021500", "^Botox cervical^L", family="Wu", given="Li",
            control="9"),
    ]  # fmt: skip


def one_per_line(messages: list[str]) -> str:
    """Segments joined by carriage returns, one message per line."""
    return "\n".join(m.rstrip("\r") for m in messages) + "\n"


def mllp(messages: list[str]) -> bytes:
    return b"".join(b"\x0b" + m.encode("utf-8") + b"\x1c\r" for m in messages)


# -- FHIR R4 ----------------------------------------------------------------------------


def fhir_appointment(ident, start, status="booked", *, service=None, kind=None, patient="#p"):
    resource = {
        "resourceType": "Appointment",
        "id": f"appt-{ident}",
        "identifier": [{"system": "urn:oid:1.2.3.4", "value": ident}],
        "status": status,
        "start": start,
        "end": start,
        "comment": "Staff only: HIV+ see chart",
        "patientInstruction": "Bring your MRI disc.",
        "participant": [
            {"actor": {"reference": patient, "display": "Lopez, Maria"}, "status": "accepted"},
            {"actor": {"reference": "Practitioner/dr-ohara"}, "status": "accepted"},
            {"actor": {"reference": "urn:uuid:0f1c2d3e-loc"}, "status": "accepted"},
        ],
    }
    if service:
        resource["serviceType"] = [service]
    if kind:
        resource["appointmentType"] = kind
    if patient == "#p":
        resource["contained"] = [
            {
                "resourceType": "Patient",
                "id": "p",
                "name": [
                    {"use": "nickname", "given": ["Mari"]},
                    {"use": "official", "family": "Lopez", "given": ["Maria", "José"]},
                ],
                "birthDate": "1961-04-12",
                "communication": [
                    {"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "en"}]}},
                    {
                        "language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "es"}]},
                        "preferred": True,
                    },
                ],
            }
        ]
    return {"fullUrl": f"https://ehr.example/fhir/Appointment/appt-{ident}", "resource": resource}


def fhir_bundle() -> dict:
    lesi = {"coding": [{"system": "urn:practice", "code": "LESI", "display": "LESI L4-5"}]}
    facet = {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "64493"}]}
    follow = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0276",
                          "code": "FOLLOWUP"}]}  # fmt: skip
    entries = [
        fhir_appointment("F-1", "2026-12-02T15:30:00Z", service=lesi),
        fhir_appointment("F-2", "2026-12-02T10:00:00-06:00", service=facet, patient="Patient/p2"),
        fhir_appointment("F-3", "2026-12-02T11:00:00-06:00", kind=follow),
        fhir_appointment("F-4", "2026-12-02T12:00:00-06:00", "cancelled", service=lesi),
        fhir_appointment("F-5", "2026-12-02T12:30:00-06:00", "noshow", service=lesi),
        fhir_appointment("F-6", "2026-12-02T13:00:00+01:00", service={"text": "Botox cervical"}),
        {
            "fullUrl": "https://ehr.example/fhir/Patient/p2",
            "resource": {
                "resourceType": "Patient",
                "id": "p2",
                "name": [{"family": "Lee", "given": ["Sam"]}],
            },
        },
        {
            "fullUrl": "https://ehr.example/fhir/Practitioner/dr-ohara",
            "resource": {
                "resourceType": "Practitioner",
                "id": "dr-ohara",
                "name": [{"prefix": ["Dr."], "given": ["Jane"], "family": "O'Hara"}],
            },
        },
        {
            "fullUrl": "urn:uuid:0f1c2d3e-loc",
            "resource": {"resourceType": "Location", "name": "Building B, Procedure Suite 2"},
        },
    ]
    return {"resourceType": "Bundle", "type": "searchset", "entry": entries}


def fhir_bytes(bundle: dict) -> bytes:
    return json.dumps(bundle, indent=2).encode("utf-8")


# -- Excel ------------------------------------------------------------------------------


def workbook(rows: list[list], *, sheet="Schedule", first_sheet=None, epoch_1904=False) -> bytes:
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = openpyxl.Workbook()
    if epoch_1904:
        book.epoch = CALENDAR_MAC_1904
    if first_sheet:
        book.active.title = first_sheet
        book.active.append(["not the schedule"])
        target = book.create_sheet(sheet)
    else:
        target = book.active
        target.title = sheet
    for row in rows:
        target.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
