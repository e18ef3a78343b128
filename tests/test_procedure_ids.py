"""Procedure ids: every id `handouts list` prints works with every command."""

from __future__ import annotations

import json

from conftest import REPO, run_cli
from pdfutil import page_texts

VARIANTS = [
    "nerve-block-occipital",
    "nerve-block-genicular",
    "nerve-block-stellate",
    "nerve-block-lumbar-sympathetic",
]


def listed_json():
    result = run_cli("list", "--format", "json", "--project", REPO)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.output)["procedures"]


def test_list_json_has_every_id_the_table_prints():
    procedures = listed_json()
    table = run_cli("list", "--project", REPO).output
    ids = [p["id"] for p in procedures] + [v["id"] for p in procedures for v in p["variants"]]
    assert len(ids) == 15
    for ident in ids:
        assert ident in table
    nerve = next(p for p in procedures if p["id"] == "nerve-block")
    assert nerve["handouts"] == VARIANTS
    assert nerve["variants"][0]["title"] == "Occipital nerve block"
    esi = next(p for p in procedures if p["id"] == "epidural-steroid-injection")
    assert esi["handouts"] == ["epidural-steroid-injection"] and esi["variants"] == []
    assert esi["draft"] is True and esi["page_limit"] == 2


def test_handout_takes_a_variant_id_without_patient(tmp_path):
    result = run_cli("handout", "nerve-block-occipital", "--project", REPO, "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    made = sorted(p.name for p in (tmp_path / "handouts").iterdir())
    assert made == ["nerve-block-occipital.pdf"]
    assert "Occipital nerve block" in page_texts(tmp_path / "handouts" / made[0])[0]


def test_variant_id_with_output_file(tmp_path):
    target = tmp_path / "occipital.pdf"
    result = run_cli("handout", "nerve-block-stellate", "-o", target, "--project", REPO)
    assert result.exit_code == 0, result.stderr
    assert "Stellate ganglion block" in page_texts(target)[0]


def test_base_id_means_all_variants_once(tmp_path):
    result = run_cli(
        "handout", "nerve-block-stellate", "nerve-block", "--project", REPO, "--out", tmp_path
    )
    assert result.exit_code == 0, result.stderr
    made = sorted(p.stem for p in (tmp_path / "handouts").iterdir())
    assert made == sorted(VARIANTS)
    assert result.output.count("nerve-block-stellate.pdf") == 1


def test_unknown_id_suggests_the_closest(tmp_path):
    result = run_cli("handout", "nerve-block-occipitl", "--project", REPO, "--out", tmp_path)
    assert result.exit_code == 2
    assert "unknown procedure 'nerve-block-occipitl'" in result.stderr
    assert "did you mean 'nerve-block-occipital'" in result.stderr
    assert not any(tmp_path.iterdir())


def test_check_takes_ids(tmp_path):
    result = run_cli("check", "nerve-block-genicular", "--project", REPO, "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.output)
    assert [h["name"] for h in report["handouts"]] == ["nerve-block-genicular"]
    result = run_cli("check", "epidurl-steroid-injection", "--project", REPO)
    assert result.exit_code == 2
    assert "did you mean 'epidural-steroid-injection'" in result.stderr


def test_packet_refuses_a_base_id_with_its_variants(tmp_path):
    result = run_cli(
        "handout", "nerve-block", "--patient", "Ana Diaz", "--date", "2026-12-01",
        "--time", "09:30", "--project", REPO, "--out", tmp_path,
    )  # fmt: skip
    assert result.exit_code == 2
    assert "procedure 'nerve-block' has variants; use one of: " + ", ".join(VARIANTS) in (
        result.stderr
    )
    assert "Ana Diaz" not in result.stderr
    assert not any(tmp_path.rglob("*.pdf"))


def test_schedule_row_with_a_misspelt_id_gets_a_suggestion(tmp_path):
    schedule = tmp_path / "day.csv"
    schedule.write_text(
        "appointment_id,patient_name,procedure,date,time\n"
        "A-1,Ana Diaz,facet-joint-injetion,2026-12-01,09:30\n"
        "A-2,Ben Ode,spinal-cord-stimulation,2026-12-01,10:30\n",
        encoding="utf-8",
    )
    result = run_cli("batch", schedule, "--project", REPO, "--out", tmp_path / "out", "-j", "1")
    assert result.exit_code == 1
    err = result.stderr
    assert "row 2 (appointment A-1): procedure: unknown procedure 'facet-joint-injetion'" in err
    assert "did you mean 'facet-joint-injection'" in err
    assert (
        "row 3 (appointment A-2): procedure: procedure 'spinal-cord-stimulation' has variants"
        in err
    )
    assert "spinal-cord-stimulation-trial, spinal-cord-stimulation-implant" in err
    assert "Ana Diaz" not in err and "Ben Ode" not in err
