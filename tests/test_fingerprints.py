"""Content fingerprints (issue 17): the sha256 of each procedure file's text goes into its
handout PDFs, the packets' manifest and the build record; `check` names a clinic's copy that
differs from the built-in file of the same version (an edit without a version bump)."""

from __future__ import annotations

import hashlib
import json

from pypdf import PdfReader

from conftest import REPO, run_cli

RFA = REPO / "content" / "procedures" / "radiofrequency-ablation.yaml"


def sha256_of(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def keywords(path) -> list[str]:
    return [k.strip() for k in str(PdfReader(path).metadata["/Keywords"]).split(",")]


def test_each_handout_pdf_and_the_build_record_carry_the_content_fingerprint(sample_build):
    nerve_block = sha256_of(REPO / "content" / "procedures" / "nerve-block.yaml")
    for name in ["nerve-block-occipital", "nerve-block-genicular"]:
        assert f"content-sha256:{nerve_block}" in keywords(
            sample_build / "handouts" / f"{name}.pdf"
        )
    spanish = sha256_of(REPO / "content" / "es" / "procedures" / "nerve-block.yaml")
    assert spanish != nerve_block
    record = json.loads((sample_build / ".handouts-build.json").read_text(encoding="utf-8"))
    outputs = record["outputs"]
    assert outputs["handouts/nerve-block-occipital.pdf"]["content"] == {"nerve-block": nerve_block}
    assert outputs["handouts/radiofrequency-ablation.pdf"]["content"] == {
        "radiofrequency-ablation": sha256_of(RFA)
    }
    booklet = outputs["clinician-booklet.pdf"]["content"]
    assert booklet["nerve-block"] == nerve_block and len(booklet) >= 6  # every chapter


def test_a_spanish_handout_carries_its_translations_fingerprint(tmp_path):
    result = run_cli(
        "handout", "radiofrequency-ablation", "--project", REPO, "--out", tmp_path, "--lang", "es"
    )
    assert result.exit_code == 0, result.stderr
    spanish = REPO / "content" / "es" / "procedures" / "radiofrequency-ablation.yaml"
    pdf = tmp_path / "handouts" / "es" / "radiofrequency-ablation.pdf"
    assert f"content-sha256:{sha256_of(spanish)}" in keywords(pdf)


def test_packets_record_the_fingerprint_in_the_pdf_and_the_manifest(tmp_path, monkeypatch):
    monkeypatch.setenv("HANDOUTS_TODAY", "2026-11-20")
    schedule = tmp_path / "day.csv"
    schedule.write_text(
        "appointment_id,patient_name,procedure,date,time,language\n"
        "F-1,Pat Doe,radiofrequency-ablation,2026-12-01,09:00,\n"
        "F-2,Ana Ruiz,radiofrequency-ablation,2026-12-01,10:00,es\n",
        encoding="utf-8",
    )
    out = tmp_path / "packets"
    result = run_cli("batch", schedule, "--project", REPO, "--out", out)
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["schema_version"] == 2
    english = sha256_of(RFA)
    spanish = sha256_of(REPO / "content" / "es" / "procedures" / "radiofrequency-ablation.yaml")
    entries = manifest["appointments"]
    assert entries["F-1"]["content_sha256"] == english
    assert entries["F-2"]["content_sha256"] == spanish  # what that packet printed
    assert f"content-sha256:{english}" in keywords(out / entries["F-1"]["file"])
    # One packet by hand: the same field in its folder's manifest.
    single = tmp_path / "single"
    result = run_cli(
        "handout", "radiofrequency-ablation", "--project", REPO, "--out", single,
        "--patient", "Pat Doe", "--date", "2026-12-01", "--time", "09:00",
        "--appointment-id", "S-1",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((single / "appointments" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["appointments"]["S-1"]["content_sha256"] == english


def check_findings(root) -> list[str]:
    result = run_cli("check", "--project", root, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    report = json.loads(result.output)
    return [f"{f['source']}: {f['message']}" for f in report["findings"]]


def test_check_warns_when_a_copy_is_edited_without_a_version_bump(sample_copy):
    assert run_cli("customize", "radiofrequency-ablation", "--project", sample_copy).exit_code == 0
    copy = sample_copy / "content" / "procedures" / "radiofrequency-ablation.yaml"
    unbumped = "edit without a version bump"
    assert not [f for f in check_findings(sample_copy) if unbumped in f]  # an exact copy
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("title: Radiofrequency ablation\n", "title: Nerve ablation\n"))
    (finding,) = [f for f in check_findings(sample_copy) if unbumped in f]
    assert finding.startswith("content/procedures/radiofrequency-ablation.yaml:13:")
    assert "differs from the built-in radiofrequency-ablation.yaml of the same version 1.1.0" in (
        finding
    )
    assert "Bump review.version" in finding
    # Bumped, the warning goes; the PDFs now tell the copy apart by version too.
    assert "  version: 1.1.0\n" in text
    copy.write_text(
        text.replace("title: Radiofrequency ablation\n", "title: Nerve ablation\n").replace(
            "  version: 1.1.0\n", "  version: 1.1.0+riverbend.1\n"
        )
    )
    assert not [f for f in check_findings(sample_copy) if unbumped in f]
