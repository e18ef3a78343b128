"""The schedule section of handouts.yaml: a practice system's export read as it comes."""

from __future__ import annotations

import pytest

from conftest import SAMPLE_SETTINGS, run_cli
from handouts.appointments.schedule import read_schedule
from handouts.diagnostics import ContentError, HandoutsError
from handouts.project.loader import load_project

MAPPING = """
schedule:
  columns:
    appointment_id: Appt ID
    patient_name: Patient Name
    visit_type: Visit Type
    visit_code: CPT
    date: Appt Date
    time: Appt Time
    physician: Provider
  date_format: MM/DD/YYYY
  time_format: h:mm AM/PM
  visit_types:
    - {name: LESI L4-5, procedure: epidural-steroid-injection}
    - {pattern: "RFA *", procedure: radiofrequency-ablation}
    - {code: "64483", procedure: epidural-steroid-injection}
    - {name: SCS trial, procedure: spinal-cord-stimulation-trial}
    - {name: [Follow-up, New consult], skip: true}
"""

EXPORT = (
    "Appt ID,Patient Name,Visit Type,CPT,Appt Date,Appt Time,Provider,DOB\n"
    'A-1001,"Lopez, Maria",LESI L4-5,,12/02/2026,9:30 AM,Dr. Jane O\'Hara,04/12/1961\n'
    "A-1002,Sam Lee,RFA lumbar,,12/02/2026,1:15 PM,,\n"
    "A-1003,Kim Tran,Follow-up,,12/02/2026,10:00 AM,,\n"
    "A-1004,Ana Ruiz,TFESI right L5,64483,12/2/2026,12:00 PM,,\n"
    "A-1005,Bo Chen,SCS trial,,12/02/2026,12:30 AM,,\n"
    "A-1006,Li Wei,Botox cervical,,12/02/2026,11:00 AM,,\n"
    "A-1007,Eve Park,  follow-UP ,,12/02/2026,11:00 AM,,\n"
)


@pytest.fixture
def clinic(make_project):
    return make_project(settings=SAMPLE_SETTINGS + MAPPING)


def schedule_of(root, text, name="export.csv", encoding="utf-8"):
    path = root / name
    path.write_bytes(text.encode(encoding))
    return read_schedule(path, load_project(root)), path


def test_a_typical_export_maps_as_it_comes(clinic):
    schedule, _ = schedule_of(clinic, EXPORT)
    got = {
        a.appointment.appointment_id: (a.appointment.procedure_id, a.appointment.start.isoformat())
        for a in schedule.appointments
    }
    assert got == {
        "A-1001": ("epidural-steroid-injection", "2026-12-02T09:30:00-06:00"),
        "A-1002": ("radiofrequency-ablation", "2026-12-02T13:15:00-06:00"),
        "A-1004": ("epidural-steroid-injection", "2026-12-02T12:00:00-06:00"),
        "A-1005": ("spinal-cord-stimulation-trial", "2026-12-02T00:30:00-06:00"),
    }
    first = schedule.appointments[0].appointment
    assert first.patient_name == "Lopez, Maria" and first.physician == "Dr. Jane O'Hara"
    assert dict(schedule.skipped) == {"'Follow-up'": 2}
    (error,) = schedule.errors
    assert str(error) == (
        "row 7 (appointment A-1006): visit type 'Botox cervical' is not in "
        "schedule.visit_types of handouts.yaml; add a rule for it (with skip: true if it "
        "needs no handout)"
    )


def test_rules_apply_in_the_order_written(make_project):
    rules = MAPPING.replace(
        '    - {pattern: "RFA *", procedure: radiofrequency-ablation}\n',
        '    - {pattern: "*", skip: true}\n'
        '    - {pattern: "RFA *", procedure: radiofrequency-ablation}\n',
    )
    root = make_project(settings=SAMPLE_SETTINGS + rules)
    schedule, _ = schedule_of(root, EXPORT)
    ids = sorted(a.appointment.appointment_id for a in schedule.appointments)
    assert ids == ["A-1001"]  # the catch-all skip comes before every later rule
    assert schedule.errors == []


def test_a_name_split_over_two_columns_and_a_combined_start(make_project):
    mapping = """
schedule:
  columns:
    appointment_id: Encounter
    patient_last: Last Name
    patient_first: First Name
    procedure: Handout
    start: Start
  date_format: [YYYY-MM-DD, M/D/YY]
"""
    root = make_project(settings=SAMPLE_SETTINGS + mapping)
    text = (
        "Encounter;Last Name;First Name;Handout;Start\n"
        "E1;Lopez;Maria;facet-joint-injection;2026-12-02T14:05:00\n"
        "E2;Lee;Sam;facet-joint-injection;12/3/26 8:00 AM\n"
        "E3;Tran;Kim;facet-joint-injection;12/3/26\n"
    )
    schedule, _ = schedule_of(root, text)
    got = [
        (a.appointment.patient_name, a.appointment.start.isoformat()) for a in schedule.appointments
    ]
    assert got == [
        ("Maria Lopez", "2026-12-02T14:05:00-06:00"),
        ("Sam Lee", "2026-12-03T08:00:00-06:00"),
    ]
    (error,) = schedule.errors
    assert str(error) == "row 4 (appointment E3): start: is not a date followed by a time"


def test_an_ambiguous_date_is_refused_not_guessed(make_project):
    mapping = MAPPING.replace("  date_format: MM/DD/YYYY\n", "  date_format: auto\n")
    root = make_project(settings=SAMPLE_SETTINGS + mapping)
    text = EXPORT.split("\n")[0] + "\n"
    text += "A-1,Ana Ruiz,LESI L4-5,,03/04/2026,9:30 AM,,\n"
    text += "A-2,Ana Ruiz,LESI L4-5,,12/22/2026,9:30 AM,,\n"
    text += "A-3,Ana Ruiz,LESI L4-5,,2026-12-22,9:30 AM,,\n"
    schedule, _ = schedule_of(root, text)
    assert [a.appointment.appointment_id for a in schedule.appointments] == ["A-2", "A-3"]
    (error,) = schedule.errors
    assert str(error) == (
        "row 2 (appointment A-1): date: is ambiguous: DD/MM/YYYY and MM/DD/YYYY read it as "
        "different days; keep only the one your system writes in schedule.date_format"
    )
    assert "03/04" not in str(error)


def test_times_with_and_without_am_pm_follow_the_time_format(clinic):
    text = EXPORT.split("\n")[0] + "\n"
    text += "A-1,Ana Ruiz,LESI L4-5,,12/02/2026,13:30,,\n"
    text += "A-2,Ana Ruiz,LESI L4-5,,12/02/2026,13:30 PM,,\n"
    text += "A-3,Ana Ruiz,LESI L4-5,,12/02/2026,12:05 a.m.,,\n"
    schedule, _ = schedule_of(clinic, text)
    assert [str(e) for e in schedule.errors] == [
        "row 2 (appointment A-1): time: has no AM or PM; schedule.time_format is h:mm AM/PM",
        "row 3 (appointment A-2): time: is not a real time of day",
    ]
    assert schedule.appointments[0].appointment.start.strftime("%H:%M") == "00:05"


def test_a_missing_mapped_column_is_refused_naming_it(clinic):
    with pytest.raises(HandoutsError) as caught:
        schedule_of(clinic, "Appt ID,Patient Name,Appt Date,Appt Time\nA-1,X,12/02/2026,9:00 AM\n")
    assert caught.value.message.endswith(
        "no header row has the column(s) 'Visit Type or CPT'; the names given in "
        "schedule.columns of handouts.yaml"
    )


def test_cancelled_rows_get_no_packet(make_project):
    mapping = MAPPING.replace(
        "    physician: Provider\n", "    physician: Provider\n    status: Status\n"
    )
    root = make_project(settings=SAMPLE_SETTINGS + mapping)
    text = "Appt ID,Patient Name,Visit Type,Appt Date,Appt Time,Status\n"
    text += "A-1,Ana Ruiz,LESI L4-5,12/02/2026,9:30 AM,Scheduled\n"
    text += "A-2,Bo Chen,LESI L4-5,12/02/2026,9:30 AM,Canceled\n"
    schedule, _ = schedule_of(root, text)
    assert [a.appointment.appointment_id for a in schedule.appointments] == ["A-1"]
    assert [(c.row, c.appointment_id) for c in schedule.cancelled] == [(3, "A-2")]


def test_dry_run_prints_each_row_without_names_and_writes_nothing(clinic):
    (clinic / "export.csv").write_text(EXPORT, encoding="utf-8")
    out = clinic / "out"
    result = run_cli("batch", clinic / "export.csv", "--project", clinic, "--out", out, "--dry-run")
    assert result.exit_code == 1  # A-1006 has an unmapped visit type
    assert not out.exists()
    lines = result.output.splitlines()
    assert lines[0] == "export.csv: CSV"
    assert lines[1].split() == [
        "row", "2", "A-1001", "'LESI", "L4-5'", "->", "epidural-steroid-injection",
        "2026-12-02", "09:30",
    ]  # fmt: skip
    assert "  row 4        A-1003         'Follow-up' -> skip\n" in result.output
    assert any(
        line.startswith("  row 7") and "error: visit type 'Botox cervical'" in line
        for line in lines
    )
    assert (
        "Dry run: 4 packets would be made, 2 skipped, 0 cancelled, 1 with errors." in result.stderr
    )
    everything = result.output + result.stderr
    for secret in ("Lopez", "Maria", "O'Hara", "1961", "Kim Tran"):
        assert secret not in everything


@pytest.mark.parametrize(
    ("section", "message"),
    [
        (
            "schedule:\n  date_format: DD-MM-YYYY\n",
            "handouts.yaml:{first}:16: schedule.date_format: 'DD-MM-YYYY' is not allowed",
        ),
        (
            "schedule:\n  visit_types:\n    - {name: LESI, procedure: lesi}\n",
            "handouts.yaml:{second}:31: schedule.visit_types[0].procedure: "
            "unknown procedure 'lesi'",
        ),
        (
            "schedule:\n  visit_types:\n    - {name: LESI, pattern: L*, skip: true}\n",
            "handouts.yaml:{second}:7: schedule.visit_types[0]: "
            "give exactly one of name, pattern or code",
        ),
        (
            "schedule:\n  columns:\n    patient_last: Last\n",
            "handouts.yaml:{second}:5: schedule.columns: give both patient_last and patient_first",
        ),
        (
            "schedule:\n  colums: {}\n",
            "handouts.yaml:{first}:3: schedule.colums: unknown field (did you mean 'columns'?)",
        ),
    ],
)
def test_check_validates_the_section_with_file_and_line(make_project, section, message):
    root = make_project(settings=SAMPLE_SETTINGS + section)
    start = SAMPLE_SETTINGS.count("\n") + 1  # the line of 'schedule:'
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert message.format(first=start + 1, second=start + 2) in result.stderr


def test_batch_refuses_a_bad_section_before_reading_the_schedule(make_project):
    root = make_project(settings=SAMPLE_SETTINGS + "schedule:\n  time_format: 24h\n")
    (root / "s.csv").write_text("x\n", encoding="utf-8")
    with pytest.raises(ContentError):
        read_schedule(root / "s.csv", load_project(root))


def test_init_writes_a_commented_example_mapping_that_works_when_uncommented(tmp_path):
    result = run_cli("init", tmp_path / "clinic", "--clinic-name", "Harbor Pain")
    assert result.exit_code == 0, result.output + result.stderr
    settings = tmp_path / "clinic" / "handouts.yaml"
    lines = settings.read_text(encoding="utf-8").splitlines()
    start = lines.index("# schedule:                     # how `handouts batch` reads your "
                        "practice system's export")  # fmt: skip
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("#"))
    lines[start:end] = [line[2:] for line in lines[start:end]]
    settings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from handouts.appointments.imports.mapping import load_schedule_mapping

    mapping = load_schedule_mapping(load_project(tmp_path / "clinic"))
    assert mapping.columns["visit_type"] == "Visit Type"
    assert mapping.date_formats == ("MM/DD/YYYY",)
    assert [r.procedure for r in mapping.visit_types] == [
        "epidural-steroid-injection",
        "radiofrequency-ablation",
        "facet-joint-injection",
        None,
    ]
    export = tmp_path / "export.csv"
    export.write_text(EXPORT, encoding="utf-8")
    result = run_cli("batch", export, "--project", tmp_path / "clinic", "--dry-run")
    assert "row 3        A-1002         'RFA lumbar' -> radiofrequency-ablation" in result.output
