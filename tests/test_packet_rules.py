"""Rules a packet for a real patient follows (issue 17): strict packets refuse draft content
unless the project is a demonstration; medication holds print their restart date when the
clinician (or the clinic's default for that drug) gives one, and otherwise say to ask."""

from __future__ import annotations

import shutil

import pytest

from conftest import REPO, run_cli

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
