"""CSV schedules as exports really are: dialects, encodings, rows that lie, files that are not
files, and messages that never show a personal value (no PDFs made here)."""

from __future__ import annotations

import os
import threading

import pytest

from conftest import REPO
from handouts.appointments.schedule import read_schedule
from handouts.diagnostics import HandoutsError
from handouts.project.loader import load_project

HEADER = "appointment_id,patient_name,procedure,date,time,holds,note\n"


@pytest.fixture(scope="module")
def project():
    return load_project(REPO)


def write(tmp_path, text, encoding="utf-8", name="schedule.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def row(ident, name="Ana Ruiz", holds="", note="", time="09:00"):
    return f"{ident},{name},nerve-block-occipital,2026-12-01,{time},{holds},{note}\n"


# -- files that are not schedule files --------------------------------------------------


def test_a_fifo_is_refused_at_once_instead_of_blocking(tmp_path, project):
    fifo = tmp_path / "schedule.csv"
    os.mkfifo(fifo)
    outcome = {}

    def read():
        try:
            read_schedule(fifo, project)
        except HandoutsError as exc:
            outcome["message"] = exc.message

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), "reading a FIFO blocked"
    assert outcome["message"] == (
        f"{fifo} is a pipe (FIFO), not a schedule file; save the export to a file and give its path"
    )


def test_dev_zero_and_folders_are_refused_before_reading(tmp_path, project):
    with pytest.raises(HandoutsError, match=r"/dev/zero is a device, not a schedule file"):
        read_schedule(os.path.realpath("/dev/zero") and "/dev/zero", project)
    with pytest.raises(HandoutsError, match=r"is a folder, not a schedule file"):
        read_schedule(tmp_path, project)


def test_an_oversized_file_is_refused_by_its_size(tmp_path, project):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # sparse: nothing is really written
        handle.truncate(60_000_000)
    with pytest.raises(HandoutsError, match=r"is larger than 50,000,000 bytes"):
        read_schedule(path, project)


def test_an_empty_file_is_refused(tmp_path, project):
    with pytest.raises(HandoutsError, match=r"the file is empty"):
        read_schedule(write(tmp_path, "\n\n"), project)


# -- dialects and encodings -------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "separator"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("utf-16", "\t"), ("cp1252", ","), ("utf-16-le", ";")],
)
def test_dialects_and_encodings_read_the_same_names(tmp_path, project, encoding, separator):
    lines = [
        ["appointment_id", "patient_name", "procedure", "date", "time", "note"],
        ["A-1", "Zoë Ñúñez", "radiofrequency-ablation", "2026-12-01", "09:00", ""],
        ["A-2", "Łukasz" if encoding.startswith("utf") else "François", "facet-joint-injection",
         "2026-12-01", "10:00", '"Bring your MRI disc.\nAnd your glasses."'],
    ]  # fmt: skip
    text = "\r\n".join(separator.join(cells) for cells in lines) + "\r\n"
    schedule = read_schedule(write(tmp_path, text, encoding), project)
    assert schedule.errors == []
    names = [a.appointment.patient_name for a in schedule.appointments]
    assert names[0] == "Zoë Ñúñez"
    assert schedule.appointments[1].appointment.note == "Bring your MRI disc. And your glasses."


def test_a_very_long_value_in_an_ignored_column_is_no_error(tmp_path, project):
    text = "appointment_id,patient_name,procedure,date,time,history\n"
    text += f'A-1,Ana Ruiz,facet-joint-injection,2026-12-01,09:00,"{"x" * 300_000}"\n'
    schedule = read_schedule(write(tmp_path, text), project)
    assert schedule.errors == [] and len(schedule.appointments) == 1


def test_rows_above_the_header_such_as_a_report_title_are_passed_over(tmp_path, project):
    text = "Schedule for Dec 1 2026,,,,\n" + "appointment_id,patient_name,procedure,date,time\n"
    text += "A-1,Ana Ruiz,facet-joint-injection,2026-12-01,09:00\n"
    schedule = read_schedule(write(tmp_path, text), project)
    assert [a.row for a in schedule.appointments] == [3]


# -- rows that lie ----------------------------------------------------------------------


def test_an_unquoted_comma_in_the_last_column_fails_that_row(tmp_path, project):
    text = HEADER + row("A-1", note="Bring MRI, and glasses") + row("A-2", note="Bring MRI")
    schedule = read_schedule(write(tmp_path, text), project)
    assert [a.appointment.appointment_id for a in schedule.appointments] == ["A-2"]
    (error,) = schedule.errors
    assert str(error) == (
        "row 2 (appointment A-1): has 8 values but the header has 7 columns: a value holds "
        "an unquoted comma; put that value in quotes (or export with another separator)"
    )


def test_an_unclosed_quote_fails_its_row_and_the_rows_after_it_are_still_read(tmp_path, project):
    text = HEADER + row("A-1", name='"Lopez, Maria') + row("A-2") + row("A-3") + row("A-4")
    schedule = read_schedule(write(tmp_path, text), project)
    assert [a.appointment.appointment_id for a in schedule.appointments] == ["A-2", "A-3", "A-4"]
    (error,) = schedule.errors
    assert error.row == 2 and "a quote opened in this row is not closed" in error.message
    assert "Lopez" not in str(error)


def test_a_quote_closed_rows_later_fails_the_row_it_opened_in(tmp_path, project):
    text = HEADER + row("A-1", note='"Bring MRI') + row("A-2") + row("A-3", note='Call "Bo"')
    schedule = read_schedule(write(tmp_path, text), project)
    assert schedule.errors[0].row == 2
    assert "not closed where the row ends" in schedule.errors[0].message
    assert [a.appointment.appointment_id for a in schedule.appointments][:1] == ["A-2"]
    reported = {e.row for e in schedule.errors} | {a.row for a in schedule.appointments}
    assert reported == {2, 3, 4}  # no row dropped without a word


def test_holds_separated_by_commas_are_several_holds(tmp_path, project):
    text = HEADER + row("A-1", holds='"apixaban:3, clopidogrel:7"')
    (item,) = read_schedule(write(tmp_path, text), project).appointments
    holds = [(h.drug, h.days) for h in item.appointment.holds]
    assert holds == [("apixaban", 3), ("clopidogrel", 7)]


def test_a_name_of_only_invisible_characters_fails_its_row(tmp_path, project):
    text = HEADER + row("A-1", name="\u200b\u200d\u2060") + row("A-2", name="\u00a0 \u3000")
    errors = [str(e) for e in read_schedule(write(tmp_path, text), project).errors]
    assert errors == [
        "row 2 (appointment A-1): patient_name: has no visible letters (only spaces or "
        "invisible characters)",
        "row 3 (appointment A-2): patient_name: is empty",
    ]


# -- messages never show personal values -----------------------------------------------


def test_messages_never_quote_values_from_personal_columns(tmp_path, project):
    text = "appointment_id,patient_name,procedure,date,time,large_print,arrive_minutes,holds\n"
    text += "A-1,Ana Ruiz,facet-joint-injection,2026-12-01,09:00,HIV+ see chart,123-45-6789,\n"
    text += "Maria Lopez,Ana Ruiz,facet-joint-injection,1961-04-12,09:00,,,\n"
    text += "A-3,Ana Ruiz,facet-joint-injection,2026-12-01,09:00,,³,warfarin:5x\n"
    text += f"{'A' * 33},Ana Ruiz,facet-joint-injection,2026-12-01,25:00,,,\n"
    errors = [str(e) for e in read_schedule(write(tmp_path, text), project).errors]
    assert errors == [
        "row 2 (appointment A-1): arrive_minutes: is not a whole number of minutes from 0 to "
        "240; large_print: is not yes or no",
        "row 3: appointment_id: use letters, digits, '.', '_' and '-' only (at most 64), since "
        "it becomes part of a file name",
        "row 4 (appointment A-3): holds: entry 1 is not DRUG:DAYS or DRUG:DAYS:RESTART (for "
        "example apixaban:3 or apixaban:3:1); "
        "arrive_minutes: is not a whole number of minutes from 0 to 240",
        "row 5: time: is not a real time of day",
    ]
    joined = "\n".join(errors)
    for secret in ("HIV", "123-45", "Maria", "1961", "warfarin", "³", "AAAA"):
        assert secret not in joined


def test_procedure_ids_are_shown_in_messages(tmp_path, project):
    text = "appointment_id,patient_name,procedure,date,time\n"
    text += "A-1,Ana Ruiz,LESI L4-5,2026-12-01,09:00\n"
    (error,) = read_schedule(write(tmp_path, text), project).errors
    assert error.message.startswith("procedure: unknown procedure 'LESI L4-5'; known: ")
