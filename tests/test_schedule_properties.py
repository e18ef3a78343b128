"""Property tests of the CSV reader's row-level cases: whatever the names, notes, holds,
separator and encoding, a well-formed row reads back exactly, and a row that lies (an unquoted
separator in its last column, a quote never closed) fails alone while every other row is read."""

from __future__ import annotations

import csv
import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO
from handouts.appointments.schedule import read_schedule
from handouts.project.loader import load_project

EXAMPLES = int(os.environ.get("HANDOUTS_FUZZ_EXAMPLES", "50"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
HEADER = ["appointment_id", "patient_name", "procedure", "date", "time", "holds", "note"]
LETTERS = "abcdefghijklmnopqrstuvwxyzÁÉñüßçŁ"
names = st.text(alphabet=LETTERS + " ,'\"-.\t", min_size=1, max_size=30).filter(
    lambda t: any(c.isalpha() for c in t)
)
notes = st.text(alphabet=LETTERS + " ,;'\"\n.:", max_size=40)
drugs = st.text(alphabet=LETTERS + " ", min_size=1, max_size=12).filter(lambda t: t.strip())
holds = st.lists(
    st.tuples(drugs, st.integers(0, 30)), max_size=3, unique_by=lambda h: h[0].strip().lower()
)
rows = st.lists(st.tuples(names, holds, notes), min_size=1, max_size=6)
separators = st.sampled_from([",", ";", "\t"])
hold_separators = st.sampled_from(["; ", ";", ", ", ",", "\n"])
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])


PROJECT = load_project(REPO)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("properties")


def cells(index, name, hold_list, note, joiner):
    held = joiner.join(f"{drug}:{days}" for drug, days in hold_list)
    return [f"A-{index}", name, "facet-joint-injection", "2026-12-01", "09:00", held, note]


def line(values, separator):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator="\r\n").writerow(values)
    return buffer.getvalue()


def read(folder, text, encoding="utf-8"):
    path = folder / "schedule.csv"
    if encoding == "cp1252":
        text = text.replace("Ł", "L")  # not in Windows-1252
    path.write_bytes(text.encode(encoding))
    return read_schedule(path, PROJECT)


def expected(name, hold_list, note):
    return (
        " ".join(name.split()),
        tuple((drug.strip(), days) for drug, days in hold_list),
        " ".join(note.split()),
    )


def got(item):
    a = item.appointment
    return a.patient_name, tuple((h.drug, h.days) for h in a.holds), a.note


@PROPERTY
@given(rows=rows, separator=separators, joiner=hold_separators, encoding=encodings)
def test_well_formed_rows_read_back_exactly(folder, rows, separator, joiner, encoding):
    text = line(HEADER, separator)
    text += "".join(line(cells(i, *r, joiner), separator) for i, r in enumerate(rows))
    schedule = read(folder, text, encoding)
    assert schedule.errors == []
    fix = (lambda t: t.replace("Ł", "L")) if encoding == "cp1252" else (lambda t: t)
    want = [expected(fix(n), [(fix(d), days) for d, days in h], fix(o)) for n, h, o in rows]
    assert [got(item) for item in schedule.appointments] == want
    assert [item.row for item in schedule.appointments] == list(range(2, len(rows) + 2))


@PROPERTY
@given(rows=rows, separator=separators, data=st.data())
def test_an_unquoted_separator_in_the_last_column_fails_that_row_alone(
    folder, rows, separator, data
):
    bad = data.draw(st.integers(0, len(rows) - 1))
    text = line(HEADER, separator)
    for index, (name, hold_list, note) in enumerate(rows):
        values = cells(index, name, hold_list, note, "; ")
        if index == bad:  # the export forgot to quote: "Bring MRI<sep> and glasses"
            text += line(values[:-1], separator).rstrip("\r\n") + separator
            text += f"Bring MRI{separator} and glasses\r\n"
        else:
            text += line(values, separator)
    schedule = read(folder, text)
    (error,) = schedule.errors
    assert error.row == bad + 2 and "unquoted" in error.message
    assert error.appointment_id == f"A-{bad}"
    others = [r for i, r in enumerate(rows) if i != bad]
    assert [got(item) for item in schedule.appointments] == [expected(*r) for r in others]


@PROPERTY
@given(rows=rows, separator=separators, data=st.data())
def test_an_unclosed_quote_fails_its_row_and_no_other_row_is_lost(folder, rows, separator, data):
    bad = data.draw(st.integers(0, len(rows) - 1))
    text = line(HEADER, separator)
    for index, (name, hold_list, note) in enumerate(rows):
        values = cells(index, name, hold_list, note, "; ")
        if index == bad:  # a quote opened and never closed
            values[1] = "PLACEHOLDER"
            text += line(values, separator).replace("PLACEHOLDER", '"Lopez')
        else:
            text += line(values, separator)
    schedule = read(folder, text)
    assert schedule.errors[0].row == bad + 2
    if not any(c in rows[bad][2] for c in (separator, '"', "\n")):  # the note is not quoted
        assert len(schedule.errors) == 1
        assert "quote" in schedule.errors[0].message
    # else the stray quote may end at the note's own quote (the row is then too short), and
    # the broken row's later lines are reported as rows of their own: never read silently
    assert "Lopez" not in str(schedule.errors[0])
    others = [r for i, r in enumerate(rows) if i != bad]
    assert [got(item) for item in schedule.appointments] == [expected(*r) for r in others]


@PROPERTY
@given(hold_list=holds.filter(bool), joiner=hold_separators)
def test_holds_are_split_on_any_separator(folder, hold_list, joiner):
    text = line(HEADER, ",") + line(cells(1, "Ana", hold_list, "", joiner), ",")
    (item,) = read(folder, text).appointments
    assert got(item)[1] == expected("Ana", hold_list, "")[1]


@PROPERTY
@given(name=st.text(alphabet="\u200b\u200c\u200d\u2060\ufeff \u00a0\u3000\t", min_size=1))
def test_a_name_without_a_visible_letter_always_fails(folder, name):
    text = line(HEADER, ",") + line(cells(1, name, [], "", ";"), ",")
    schedule = read(folder, text)
    assert schedule.appointments == []
    (error,) = schedule.errors
    assert error.message.startswith("patient_name: ")


@PROPERTY
@given(
    prefix=st.sampled_from([b"MSH|^~\\&|", b"\x0bMSH|^~\\&|", b"{", b"[", b"PK\x03\x04", b""]),
    body=st.binary(max_size=400),
    text=st.text(alphabet='MSHCPIDAL|^~\\&\r\n0123456789{}[]":,SIU', max_size=300),
)
def test_any_bytes_in_any_format_load_or_are_reported(folder, prefix, body, text):
    """HL7, FHIR, Excel and CSV readers: our own error or a schedule, never a traceback."""
    from handouts.diagnostics import HandoutsError

    for data in (prefix + body, prefix + text.encode("utf-8")):
        path = folder / "schedule.dat"
        path.write_bytes(data)
        try:
            schedule = read_schedule(path, PROJECT)
        except HandoutsError as exc:
            assert exc.message.strip()
            continue
        assert all(e.message.strip() for e in schedule.errors)


MAPPED = None


def mapped_project():
    """The sample project with the schedule mapping of schedule_exports.py (built once)."""
    global MAPPED
    if MAPPED is None:
        import tempfile
        from pathlib import Path

        from conftest import SAMPLE_SETTINGS
        from schedule_exports import MAPPING

        root = Path(tempfile.mkdtemp(prefix="handouts-mapped-"))
        (root / "handouts.yaml").write_text(SAMPLE_SETTINGS + MAPPING, encoding="utf-8")
        MAPPED = load_project(root)
    return MAPPED


hl7_text = st.text(alphabet=LETTERS + " ^~&\\|0123456789-+.:'", max_size=20)


@PROPERTY
@given(
    event=st.sampled_from(["S12", "S13", "S14", "S15", "S26", "S18", "A08", ""]),
    ident=hl7_text,
    start=st.one_of(hl7_text, st.sampled_from(["202612020930", "202612020930-0500", "99991231"])),
    service=st.one_of(hl7_text, st.sampled_from(["^LESI L4-5^L", "64493^x^C4", "^Follow-up"])),
    family=hl7_text,
    given_name=hl7_text,
    language=hl7_text,
)
def test_siu_messages_with_any_field_content_map_or_are_reported(
    folder, event, ident, start, service, family, given_name, language
):
    from schedule_exports import siu

    family = "Qzx" + family  # a marker that no message of ours contains
    message = siu(event, ident, start, service, family=family, given=given_name,
                  language=language)  # fmt: skip
    path = folder / "feed.hl7"
    path.write_text(message, encoding="utf-8")
    schedule = read_schedule(path, mapped_project())
    counted = len(schedule.appointments) + len(schedule.errors) + len(schedule.cancelled)
    assert counted + sum(schedule.skipped.values()) == 1  # the message is never lost
    for error in schedule.errors:
        assert error.message.strip()
        assert "Qzx" not in str(error)
