"""Rules a packet for a real patient follows (issue 17): strict packets refuse draft content
unless the project is a demonstration; medication holds print their restart date when the
clinician (or the clinic's default for that drug) gives one, and otherwise say to ask."""

from __future__ import annotations

import shutil

import pytest

from conftest import REPO, run_cli
from pdfutil import normalise, page_texts

PROCEDURE = "radiofrequency-ablation"  # a draft in the shipped content (reviewed_by: "")
PACKET = ["--date", "2026-12-01", "--time", "09:30"]


@pytest.fixture(autouse=True)
def before_the_appointment(monkeypatch):
    monkeypatch.setenv("HANDOUTS_TODAY", "2026-11-20")  # the holds' days are still ahead


def not_demo(root):
    settings = root / "handouts.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "demo: true" in text  # the sample clinic is a demonstration
    settings.write_text(text.replace("demo: true", "demo: false"), encoding="utf-8")
    return root


def packet(root, target, *extra):
    return run_cli(
        "handout", PROCEDURE, "--project", root, "-o", target, "--patient", "Pat Doe",
        *PACKET, *extra,
    )  # fmt: skip


# -- strict packets and drafts ------------------------------------------------------------


def test_a_strict_packet_refuses_draft_content_naming_the_procedure(sample_copy, tmp_path):
    root = not_demo(sample_copy)
    result = packet(root, tmp_path / "p.pdf", "--strict")
    assert result.exit_code != 0
    assert f"'{PROCEDURE}' is draft content (version " in result.stderr
    assert "review.reviewed_by is empty" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert "Pat Doe" not in result.output + result.stderr
    assert not (tmp_path / "p.pdf").exists()
    # Without --strict the draft is printed (with its draft notice), as before.
    assert packet(root, tmp_path / "p.pdf").exit_code == 0


def test_a_demo_project_may_make_strict_packets_of_drafts(sample_copy, tmp_path):
    result = packet(sample_copy, tmp_path / "p.pdf", "--strict")  # demo: true
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "p.pdf").is_file()


def test_reviewed_content_passes_a_strict_packet(sample_copy, tmp_path):
    root = not_demo(sample_copy)
    source = (REPO / "content" / "procedures" / f"{PROCEDURE}.yaml").read_text(encoding="utf-8")
    assert 'reviewed_by: ""' in source
    own = root / "content" / "procedures"
    own.mkdir(parents=True)
    (own / f"{PROCEDURE}.yaml").write_text(
        source.replace('reviewed_by: ""', 'reviewed_by: "Dr. A. Rivera"'), encoding="utf-8"
    )
    result = packet(root, tmp_path / "p.pdf", "--strict")
    assert result.exit_code == 0, result.stderr


def test_batch_strict_refuses_draft_rows_and_makes_the_others(sample_copy, tmp_path):
    root = not_demo(sample_copy)
    source = (REPO / "content" / "procedures" / "nerve-block.yaml").read_text(encoding="utf-8")
    own = root / "content" / "procedures"
    own.mkdir(parents=True)
    (own / "nerve-block.yaml").write_text(
        source.replace('reviewed_by: ""', 'reviewed_by: "Dr. A. Rivera"'), encoding="utf-8"
    )
    schedule = tmp_path / "day.csv"
    schedule.write_text(
        "appointment_id,patient_name,procedure,date,time\n"
        f"B-1,Pat Doe,{PROCEDURE},2026-12-01,09:00\n"
        "B-2,Sam Roe,nerve-block-occipital,2026-12-01,10:00\n",
        encoding="utf-8",
    )
    out = tmp_path / "packets"
    result = run_cli("batch", schedule, "--project", root, "--out", out, "--strict")
    assert result.exit_code == 1
    assert f"row 2 (appointment B-1): '{PROCEDURE}' is draft content" in result.stderr
    assert sorted(p.name for p in out.glob("B-*.pdf")) == ["B-2-nerve-block-occipital.pdf"]
    # The same day in the demo project: both packets.
    shutil.copy(REPO / "handouts.yaml", root / "handouts.yaml")
    result = run_cli("batch", schedule, "--project", root, "--out", tmp_path / "demo", "--strict")
    assert result.exit_code == 0, result.stderr
    assert len(list((tmp_path / "demo").glob("B-*.pdf"))) == 2


# -- when to start a held medicine again ----------------------------------------------------


def with_restart_defaults(root, lines: str):
    """The sample settings with `restart_days:` (and `lines`) at the end of `appointments:`."""
    settings = root / "handouts.yaml"
    rows = settings.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, row in enumerate(rows) if row.startswith("appointments:"))
    end = next(
        (i for i in range(start + 1, len(rows)) if rows[i][:1].isalpha()), len(rows)
    )  # the next top-level key
    rows[end:end] = ["  restart_days:\n", lines]
    settings.write_text("".join(rows), encoding="utf-8")
    return root


def restart_line(root) -> int:
    """The 1-based line of 'restart_days:' in the project's handouts.yaml."""
    rows = (root / "handouts.yaml").read_text(encoding="utf-8").splitlines()
    return rows.index("  restart_days:") + 1


def first_page(path) -> str:
    return normalise(page_texts(path)[0])


APIXABAN = (
    "Take your last dose of apixaban on Friday, November 27. Do not take it on November 28, "
    "29 or 30, or on the morning of your procedure."
)


def test_a_restart_day_on_the_hold_prints_its_date(tmp_path):
    target = tmp_path / "p.pdf"
    result = packet(REPO, target, "--hold", "apixaban:3:1")
    assert result.exit_code == 0, result.stderr
    text = first_page(target)
    assert (
        APIXABAN + " Start taking it again on Wednesday, December 2, unless we tell you otherwise."
    ) in text
    assert "Ask us when to start" not in text
    notes = normalise(page_texts(target)[1])
    assert "Questions to ask us" in notes
    assert "When do I start my medicines again?" not in notes  # the page has told them


def test_the_clinics_default_restart_applies_only_to_holds_the_clinician_entered(
    sample_copy, tmp_path
):
    root = with_restart_defaults(sample_copy, "    Apixaban: 1\n    warfarin: 2\n")
    target = tmp_path / "p.pdf"
    result = packet(root, target, "--hold", "apixaban:3", "--hold", "clopidogrel:7")
    assert result.exit_code == 0, result.stderr
    text = first_page(target)
    # The default names the drug in another case: still apixaban's.
    assert "Start taking it again on Wednesday, December 2, unless we tell you otherwise." in text
    # clopidogrel has no default: that hold says to ask, in its own entry.
    assert "through Monday, November 30, or on the morning of your procedure. Ask us when" in text
    assert "warfarin" not in text  # a default never adds a hold
    # The hold's own restart wins over the clinic's default.
    assert packet(root, target, "--hold", "apixaban:3:2").exit_code == 0
    assert "Start taking it again on Thursday, December 3," in first_page(target)
    # No hold entered, no medicine text at all.
    assert packet(root, target).exit_code == 0
    text = first_page(target)
    assert "Your medicines" not in text and "apixaban" not in text.lower()


def test_without_a_restart_day_the_packet_says_to_ask(tmp_path):
    target = tmp_path / "p.pdf"
    assert packet(REPO, target, "--hold", "apixaban:3", "--hold", "clopidogrel:7").exit_code == 0
    text = first_page(target)
    assert "Ask us when to start taking them again." in text
    assert "Start taking it again" not in text
    assert "When do I start my medicines again?" in normalise(page_texts(target)[1])


def test_a_schedule_row_gives_restart_days_in_its_holds_column(tmp_path):
    schedule = tmp_path / "day.csv"
    schedule.write_text(
        "appointment_id,patient_name,procedure,date,time,holds\n"
        f'H-1,Pat Doe,{PROCEDURE},2026-12-01,09:00,"apixaban:3:1; clopidogrel:7"\n'
        f"H-2,Sam Roe,{PROCEDURE},2026-12-01,10:00,apixaban:3:x\n",
        encoding="utf-8",
    )
    out = tmp_path / "packets"
    result = run_cli("batch", schedule, "--project", REPO, "--out", out)
    assert result.exit_code == 1
    assert "row 3 (appointment H-2): holds: entry 1 is not DRUG:DAYS or DRUG:DAYS:RESTART" in (
        result.stderr
    )
    text = first_page(out / f"H-1-{PROCEDURE}.pdf")
    assert "Start taking it again on Wednesday, December 2, unless we tell you otherwise." in text
    assert "November 30, or on the morning of your procedure. Ask us when to start" in text


def test_the_spanish_packet_prints_the_restart_date_and_its_notes_page(sample_copy, tmp_path):
    root = with_restart_defaults(sample_copy, "    apixaban: 1\n")
    target = tmp_path / "es.pdf"
    result = run_cli(
        "handout", "epidural-steroid-injection", "--project", root, "-o", target, "--lang", "es",
        "--patient", "Ana Ruiz", *PACKET, "--hold", "apixaban:3", "--hold", "clopidogrel:7",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    texts = [normalise(t) for t in page_texts(target)]
    assert (
        "Vuelva a tomar esta medicina el miércoles, 2 de diciembre, a menos que le digamos "
        "otra cosa." in texts[0]
    )
    assert "Pregúntenos cuándo volver a tomar esta medicina." in texts[0]  # clopidogrel
    for expected in ["Antes de su cita: mis notas", "Mis medicinas", "Preguntas para hacernos"]:
        assert expected in texts[1], expected
    assert "Página 1 de" in texts[2]


@pytest.mark.parametrize(
    "lines, message",
    [
        ("    apixaban: -1\n", "appointments.restart_days.apixaban: must be at least 0"),
        ("    apixaban: 31\n", "appointments.restart_days.apixaban: must be at most 30"),
        ("    apixaban: soon\n", "appointments.restart_days.apixaban: expected a whole number"),
        (
            "    apixaban: 1\n    Apixaban: 2\n",
            "appointments.restart_days.Apixaban: the drug name is named twice",
        ),
    ],
)
def test_restart_defaults_are_checked_with_file_line_and_field(sample_copy, lines, message):
    root = with_restart_defaults(sample_copy, lines)
    result = run_cli("list", "--project", root)
    assert result.exit_code != 0
    # The first restart_days entry is on the line after 'restart_days:'.
    bad_line = restart_line(root) + 1 + (1 if "named twice" in message else 0)
    assert f"handouts.yaml:{bad_line}:" in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_restart_longer_than_30_days_is_refused_as_a_typo(tmp_path):
    result = packet(REPO, tmp_path / "p.pdf", "--hold", "apixaban:3:45")
    assert result.exit_code == 2
    assert "--hold: entry 1: start again at most 30 days after the procedure" in result.stderr
    assert not (tmp_path / "p.pdf").exists()
