"""Reading schedule CSVs: separators, quoting, and row-level errors (no PDFs made here)."""

from __future__ import annotations

import pytest

from conftest import REPO
from handouts.appointments.schedule import read_schedule
from handouts.diagnostics import HandoutsError
from handouts.project.loader import load_project


@pytest.fixture(scope="module")
def project():
    return load_project(REPO)


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "schedule.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_comma_separated_with_quoted_holds_and_extra_columns(tmp_path, project):
    path = write(
        tmp_path,
        "MRN,appointment_id,patient_name,procedure,date,time,holds,sedation\n"
        '123,A-1,"Lopez, Maria",radiofrequency-ablation,2026-12-01,9:05,'
        '"apixaban:3; clopidogrel:7",Yes\n'
        ",,,,,,,\n",
    )
    schedule = read_schedule(path, project)
    assert schedule.errors == []
    (item,) = schedule.appointments
    assert item.row == 2
    appointment = item.appointment
    assert appointment.patient_name == "Lopez, Maria"
    assert appointment.start.hour == 9 and appointment.start.minute == 5
    assert [(h.drug, h.days) for h in appointment.holds] == [("apixaban", 3), ("clopidogrel", 7)]
    assert appointment.sedation is True


def test_duplicate_ids_and_unsafe_ids_fail_their_rows(tmp_path, project):
    path = write(
        tmp_path,
        "appointment_id;patient_name;procedure;date;time\n"
        "A-1;X Y;radiofrequency-ablation;2026-12-01;09:00\n"
        "A-1;X Z;radiofrequency-ablation;2026-12-01;10:00\n"
        "../etc;X W;radiofrequency-ablation;2026-12-01;11:00\n",
    )
    schedule = read_schedule(path, project)
    assert [a.row for a in schedule.appointments] == [2]
    messages = [str(e) for e in schedule.errors]
    assert messages[0] == "row 3 (appointment A-1): appointment_id repeats row 2"
    assert messages[1].startswith("row 4: appointment_id: use letters, digits")


def test_hold_syntax_errors_name_the_field(tmp_path, project):
    path = write(
        tmp_path,
        "appointment_id,patient_name,procedure,date,time,holds\n"
        "A-1,X Y,radiofrequency-ablation,2026-12-01,09:00,apixaban:99\n",
    )
    (error,) = read_schedule(path, project).errors
    assert str(error) == "row 2 (appointment A-1): holds: entry 1: at most 30 days"
    assert "apixaban" not in str(error)  # medicines are health data


def test_bytes_that_are_no_known_encoding_are_refused_whole(tmp_path, project):
    path = tmp_path / "schedule.csv"
    # 0x81 is undefined in Windows-1252 and invalid in UTF-8.
    path.write_bytes(
        b"appointment_id,patient_name,procedure,date,time\nA-1,Zo\x81,x,2026-12-01,09:00\n"
    )
    with pytest.raises(
        HandoutsError, match=r"schedule.csv:2: not text in UTF-8, UTF-16 or Windows-1252"
    ):
        read_schedule(path, project)
