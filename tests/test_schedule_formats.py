"""HL7 v2 SIU, FHIR R4 and Excel schedules read through the same mapping and privacy rules
as a CSV. Read-level tests make no PDFs; one small batch per format checks real packets."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from conftest import SAMPLE_SETTINGS, run_cli
from handouts.appointments.schedule import read_schedule
from handouts.diagnostics import HandoutsError
from handouts.project.loader import load_project
from pdfutil import normalise, page_texts
from schedule_exports import (
    MAPPING,
    fhir_bundle,
    fhir_bytes,
    hl7_day,
    mllp,
    one_per_line,
    siu,
    workbook,
)

SECRETS = ("Lopez", "Maria", "Tran", "Chen", "Wu", "HIV", "19610412", "1961", "123-45", "MRN")


@pytest.fixture
def clinic(make_project):
    return make_project(settings=SAMPLE_SETTINGS + MAPPING)


def read(root, name, data):
    path = root / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return read_schedule(path, load_project(root))


def starts(schedule):
    return {
        a.appointment.appointment_id: (a.appointment.procedure_id, a.appointment.start.isoformat())
        for a in schedule.appointments
    }


def no_secrets(text):
    for secret in SECRETS:
        assert secret not in text, secret


# -- HL7 v2 -------------------------------------------------------------------------------


@pytest.mark.parametrize("framing", ["one per line", "mllp", "segments per line"])
def test_an_hl7_feed_maps_reschedules_cancels_and_skips(clinic, framing):
    messages = hl7_day()
    data = {
        "one per line": one_per_line(messages),
        "mllp": mllp(messages),
        "segments per line": "\r\n".join(m.replace("\r", "\r\n") for m in messages),
    }[framing]
    schedule = read(clinic, "feed.hl7", data)
    assert schedule.format == "hl7"
    assert starts(schedule) == {
        "A1001": ("epidural-steroid-injection", "2026-12-02T09:30:00-06:00"),
        "A1004": ("radiofrequency-ablation", "2026-12-02T13:30:00-06:00"),  # S14 moved it
        "A1005": ("epidural-steroid-injection", "2026-12-02T13:00:00-06:00"),  # 14:00 Eastern
    }
    first = schedule.appointments[0].appointment
    assert first.patient_name == "Maria Lopez"
    assert first.physician == "Dr. Jane O'Hara"
    assert first.location == "Building B, Procedure Suite 2"
    assert first.language == "es"  # PID-15 SPA
    assert first.note == ""  # NTE is for staff: never printed
    by_id = {a.appointment.appointment_id: a.appointment for a in schedule.appointments}
    assert by_id["A1005"].language == "en"
    assert [(c.row, c.appointment_id, c.status) for c in schedule.cancelled] == [
        (8, "A1002", "cancelled")
    ]
    assert dict(schedule.skipped) == {
        "'Follow-up'": 1,
        "not a scheduling message (ADT^A08)": 1,
    }
    assert [str(e) for e in schedule.errors] == [
        "message 9 (appointment A1006): visit type 'Botox cervical' is not in "
        "schedule.visit_types of handouts.yaml; add a rule for it (with skip: true if it "
        "needs no handout)"
    ]


def test_hl7_problems_are_reported_per_message_without_personal_values(clinic):
    messages = [
        siu("S12", "A1", "20261202", "^LESI L4-5^L"),
        siu("S12", "A2", "202613020930", "^LESI L4-5^L"),
        siu("S12", "", "202612020930", "^LESI L4-5^L"),
        siu("S12", "Lopez Maria 1961", "202612020930", "^LESI L4-5^L"),
        siu("S12", "A5", "202612020930", "^LESI L4-5^L", family="", given="\u200b"),
        "MSH|^~\\&\r",
    ]
    schedule = read(clinic, "feed.txt", "NOISE\n" + one_per_line(messages))
    errors = [str(e) for e in schedule.errors]
    assert errors == [
        "line 1: text before the first MSH segment is not an HL7 message",
        "message 2 (appointment A1): start: is not an HL7 date and time to the minute "
        "(YYYYMMDDHHMM)",
        "message 3 (appointment A2): start: is not a real date and time",
        "message 4: appointment_id: is empty",
        "message 5: appointment_id: use letters, digits, '.', '_' and '-' only (at most 64), "
        "since it becomes part of a file name",
        "message 6 (appointment A5): patient_name: has no visible letters (only spaces or "
        "invisible characters)",
        "message 7: has no message type and event (MSH-9, such as SIU^S12)",
    ]
    no_secrets("\n".join(errors))


def test_a_batch_from_hl7_then_a_cancellation_marks_the_manifest(clinic, tmp_path):
    out = tmp_path / "packets"
    feed = clinic / "monday.hl7"
    feed.write_text(one_per_line(hl7_day()[:2]), encoding="utf-8")
    result = run_cli("batch", feed, "--project", clinic, "--out", out, "-j", "1")
    assert result.exit_code == 0, result.output + result.stderr
    assert sorted(p.name for p in out.glob("A*.pdf")) == [
        "A1001-epidural-steroid-injection.pdf",
        "A1002-facet-joint-injection.pdf",
    ]
    text = normalise(" ".join(page_texts(out / "A1001-epidural-steroid-injection.pdf")[:1]))
    # PID-15 says Spanish: the packet is the Spanish one (docs/languages.md).
    assert "Maria Lopez" in text and "a las 9:30 a.m." in text and "Dr. Jane O'Hara" in text
    assert "miércoles, 2 de diciembre de 2026" in text

    cancel = clinic / "monday-update.hl7"
    cancel.write_text(
        one_per_line([siu("S15", "A1002", "202612021015", "64493^^C4", status="Cancelled")]),
        encoding="utf-8",
    )
    result = run_cli("batch", cancel, "--project", clinic, "--out", out, "-j", "1")
    assert result.exit_code == 0, result.output + result.stderr
    assert "1 cancelled appointment: no packet." in result.output
    assert (
        "Cancelled: appointment A1002 already has a packet (A1002-facet-joint-injection.pdf); "
        "it is marked cancelled in manifest.json." in result.output
    )
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["appointments"]
    assert manifest["A1002"]["status"] == "cancelled"
    assert dt.datetime.fromisoformat(manifest["A1002"]["status_changed"]).tzinfo is not None
    assert manifest["A1002"]["sha256"]  # the record of what was given is kept
    assert "status" not in manifest["A1001"]
    assert (out / "A1002-facet-joint-injection.pdf").exists()  # the clinic decides
    no_secrets(result.output + result.stderr + json.dumps(manifest))


# -- FHIR R4 --------------------------------------------------------------------------------


def test_a_fhir_bundle_maps_statuses_references_and_time_zones(clinic):
    schedule = read(clinic, "bundle.json", fhir_bytes(fhir_bundle()))
    assert schedule.format == "fhir"
    assert starts(schedule) == {
        "F-1": ("epidural-steroid-injection", "2026-12-02T09:30:00-06:00"),  # 15:30 UTC
        "F-2": ("facet-joint-injection", "2026-12-02T10:00:00-06:00"),
    }
    first, second = (a.appointment for a in schedule.appointments)
    assert first.patient_name == "Maria José Lopez"  # the official name, not the nickname
    assert first.language == "es"  # the preferred communication
    assert first.physician == "Dr. Jane O'Hara"
    assert first.location == "Building B, Procedure Suite 2"
    assert first.note == "Bring your MRI disc."  # patientInstruction; never the comment
    assert second.patient_name == "Sam Lee" and second.language == ""
    assert [(c.appointment_id, c.status) for c in schedule.cancelled] == [
        ("F-4", "cancelled"),
        ("F-5", "noshow"),
    ]
    assert dict(schedule.skipped) == {"code 'FOLLOWUP'": 1}
    assert [str(e) for e in schedule.errors] == [
        "entry 6 (appointment F-6): visit type 'Botox cervical' is not in schedule.visit_types "
        "of handouts.yaml; add a rule for it (with skip: true if it needs no handout)"
    ]


def test_fhir_last_entry_about_an_appointment_wins(clinic):
    bundle = fhir_bundle()
    moved = json.loads(json.dumps(bundle["entry"][0]))
    moved["resource"]["start"] = "2026-12-03T15:00:00Z"
    cancelled = json.loads(json.dumps(bundle["entry"][1]))
    cancelled["resource"]["status"] = "cancelled"
    bundle["entry"] += [moved, cancelled]
    schedule = read(clinic, "bundle.json", fhir_bytes(bundle))
    assert starts(schedule) == {"F-1": ("epidural-steroid-injection", "2026-12-03T09:00:00-06:00")}
    assert ("F-2", "cancelled") in [(c.appointment_id, c.status) for c in schedule.cancelled]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"resourceType": "Bundle", "entry": [', "bundle.json:1: not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "bundle.json: not a FHIR Bundle this tool can read"),
        (b'{"resourceType": "Patient"}', "bundle.json: not a FHIR Bundle of Appointments"),
        (b'{"resourceType": "Bundle", "entry": [{"resource": 1}]}', None),
    ],
)
def test_fhir_files_that_are_not_bundles_are_refused(clinic, data, message):
    if message is None:
        (error,) = read(clinic, "bundle.json", data).errors
        assert str(error) == "entry 1: has no resource"
        return
    with pytest.raises(HandoutsError) as caught:
        read(clinic, "bundle.json", data)
    assert message in caught.value.message


def test_a_batch_from_fhir_makes_the_packet(clinic, tmp_path):
    bundle = fhir_bundle()
    bundle["entry"] = [bundle["entry"][0], *bundle["entry"][6:]]
    (clinic / "bundle.json").write_bytes(fhir_bytes(bundle))
    out = tmp_path / "packets"
    result = run_cli("batch", clinic / "bundle.json", "--project", clinic, "--out", out, "-j", "1")
    assert result.exit_code == 0, result.output + result.stderr
    text = normalise(page_texts(out / "F-1-epidural-steroid-injection.pdf")[0])
    # Patient.communication prefers Spanish: the packet is the Spanish one.
    assert "Maria José Lopez" in text and "a las 9:30 a.m." in text
    assert "Bring your MRI disc." in text  # the care team's note, as written
    assert "HIV" not in text
    no_secrets(result.output + result.stderr)


# -- Excel --------------------------------------------------------------------------------

HEADER = ["Appt ID", "Patient Name", "Visit Type", "Appt Date", "Appt Time", "Provider", "DOB"]


AT_14_45 = dt.datetime(2026, 12, 2, 14, 45)


def excel_rows():
    return [
        ["Riverbend Pain Clinic: schedule for Wednesday"],  # a title above the header
        HEADER,
        ["X-1", "Maria Lopez", "LESI L4-5", dt.datetime(2026, 12, 2), dt.time(9, 30), "Dr. O'Hara",
         dt.datetime(1961, 4, 12)],
        ["X-2", "Sam Lee", "RFA lumbar", 46358, 0.5625, None, None],  # bare serials
        ["X-3", "Kim Tran", "Follow-up", "12/02/2026", "11:00 AM", None, None],
        [1004, "Bo Chen", "RFA lumbar", AT_14_45, AT_14_45, None, None],
        ["X-5", "Eve Park", "LESI L4-5", dt.datetime(2026, 12, 2), 1.5, None, None],
        [None, None, None, None, None, None, None],
    ]  # fmt: skip


def test_an_excel_workbook_reads_typed_cells_and_serials(clinic):
    schedule = read(clinic, "day.xlsx", workbook(excel_rows()))
    assert schedule.format == "xlsx"
    assert starts(schedule) == {
        "X-1": ("epidural-steroid-injection", "2026-12-02T09:30:00-06:00"),
        "X-2": ("radiofrequency-ablation", "2026-12-02T13:30:00-06:00"),
        "1004": ("radiofrequency-ablation", "2026-12-02T14:45:00-06:00"),
    }
    assert dict(schedule.skipped) == {"'Follow-up'": 1}
    assert [str(e) for e in schedule.errors] == [
        "row 7 (appointment X-5): time: is a number, not a time of day"
    ]


def test_excel_named_sheet_and_1904_dates(make_project):
    root = make_project(settings=SAMPLE_SETTINGS + MAPPING + "  sheet: Schedule\n")
    rows = [*excel_rows()[1:3], ["X-9", "Ana Ruiz", "LESI L4-5", 45896, 0.375]]
    data = workbook(rows, first_sheet="Notes", epoch_1904=True)
    schedule = read(root, "day.xlsx", data)
    assert starts(schedule)["X-9"] == ("epidural-steroid-injection", "2029-08-28T09:00:00-05:00")
    root = make_project(settings=SAMPLE_SETTINGS + MAPPING + "  sheet: Tuesday\n")
    with pytest.raises(
        HandoutsError, match=r"no sheet named 'Tuesday' .*; it has: Notes, Schedule"
    ):
        read(root, "day.xlsx", data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Excel 97-2003 workbook (.xls)"),
        (b"PK\x03\x04broken", "not an Excel workbook (the file is damaged)"),
    ],
)
def test_files_that_are_not_workbooks_are_refused(clinic, data, message):
    with pytest.raises(HandoutsError, match=re.escape(message)):
        read(clinic, "day.xlsx", data)


def test_a_zip_that_is_not_a_workbook_is_refused(clinic):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(HandoutsError, match=r"a zip file but not an Excel workbook"):
        read(clinic, "day.xlsx", buffer.getvalue())


def test_a_batch_from_excel_makes_the_packet_and_dry_run_shows_no_names(clinic, tmp_path):
    (clinic / "day.xlsx").write_bytes(workbook(excel_rows()[:3]))
    out = tmp_path / "packets"
    dry = run_cli("batch", clinic / "day.xlsx", "--project", clinic, "--out", out, "--dry-run")
    assert dry.exit_code == 0, dry.output + dry.stderr
    assert dry.output.splitlines()[0] == "day.xlsx: Excel workbook"
    assert (
        "row 3        X-1            'LESI L4-5' -> epidural-steroid-injection  2026-12-02 09:30"
        in dry.output
    )
    assert not out.exists()
    result = run_cli("batch", clinic / "day.xlsx", "--project", clinic, "--out", out, "-j", "1")
    assert result.exit_code == 0, result.output + result.stderr
    text = normalise(page_texts(out / "X-1-epidural-steroid-injection.pdf")[0])
    assert "Maria Lopez" in text and "9:30 AM" in text
    no_secrets(dry.output + dry.stderr + result.output + result.stderr)


def test_instants_at_the_edge_of_the_calendar_lose_only_their_entry(clinic):
    bundle = fhir_bundle()
    bundle["entry"][0]["resource"]["start"] = "9999-12-31T23:30:00-12:00"
    bundle["entry"][1]["resource"]["start"] = "0001-01-01T00:10:00+14:00"
    schedule = read(clinic, "bundle.json", fhir_bytes(bundle))
    errors = [str(e) for e in schedule.errors]
    assert "entry 1 (appointment F-1): start: is too close to the edge of the calendar" in errors
    assert "entry 2 (appointment F-2): start: is too close to the edge of the calendar" in errors


def test_a_malformed_hl7_escape_in_a_name_is_never_logged(clinic, capfd):
    """python-hl7 logs the field it cannot unescape; with no logging set up Python would
    print that (a patient's name) on the terminal."""
    message = siu("S12", "A1", "202612020930", "^LESI L4-5^L", family="O\\Xzz\\Qzxname")
    (clinic / "feed.hl7").write_text(message, encoding="utf-8")
    result = run_cli("batch", clinic / "feed.hl7", "--project", clinic, "--dry-run")
    captured = capfd.readouterr()
    assert "Qzxname" not in result.output + result.stderr + captured.out + captured.err
