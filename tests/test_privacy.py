"""Privacy: patient names and other schedule columns appear only inside the packets.

One batch run (with a bad row too) is scanned everywhere a name could leak: console output,
log records, file names, the manifest and the metadata of every PDF. Then `handouts clean`
removes personal outputs older than the given age and nothing else.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import REPO, run_cli

# Every value here is personal; each must be found inside the packets and nowhere else.
PATIENTS = [
    {"appointment_id": "A-101", "patient_name": "Zelda Quixotewright", "note": "Knee-Xylophone"},
    {"appointment_id": "A-102", "patient_name": "Ōtsuka Yuzuriha", "note": "Bring Umbrellaqua"},
]
BAD_ROW = {"appointment_id": "A-103", "patient_name": "Barnaby Fictionhollow", "note": "Zzqnote"}
SECRET_COLUMN = "Diagnosisvalue-Ultrasecret"
SLID_NAME = "Lopez, Marisol"
PROCEDURE = "radiofrequency-ablation"


def schedule_text() -> str:
    header = "appointment_id,patient_name,procedure,date,time,note,diagnosis"
    rows = [
        f"{p['appointment_id']},{p['patient_name']},{PROCEDURE},2026-12-01,09:{30 + i},"
        f"{p['note']},{SECRET_COLUMN}"
        for i, p in enumerate(PATIENTS)
    ]
    bad = BAD_ROW
    rows.append(
        f"{bad['appointment_id']},{bad['patient_name']},{PROCEDURE},2026-02-30,10:00,"
        f"{bad['note']},{SECRET_COLUMN}"
    )
    # An unquoted comma in a name slides every later column along: the name's parts land where
    # a procedure, date or time should be, and the error messages must not quote them.
    rows.append(f"A-104,{SLID_NAME},{PROCEDURE},2026-12-01,11:00,,{SECRET_COLUMN}")
    rows.append(f"A-105,Kim Jiwoo,{PROCEDURE},2026-12-01,Jiwoo,,{SECRET_COLUMN}")
    return "\n".join([header, *rows]) + "\n"


def personal_values() -> list[str]:
    values = [SECRET_COLUMN, "Lopez", "Marisol", "Jiwoo"]
    for person in [*PATIENTS, BAD_ROW]:
        values += [person["patient_name"], person["note"]]
        values += person["patient_name"].split()  # a first or last name alone leaks too
    return values


@pytest.fixture(scope="module")
def batch_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("privacy")
    (root / "handouts.yaml").write_text((REPO / "handouts.yaml").read_text())
    schedule = root / "schedule.csv"
    schedule.write_text(schedule_text(), encoding="utf-8")
    out = root / "packets"
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    previous_level = logging.getLogger().level
    logging.getLogger().setLevel(logging.DEBUG)
    try:
        result = run_cli("batch", schedule, "--project", root, "--out", out, "--jobs", "1")
    finally:
        logging.getLogger().removeHandler(handler)
        logging.getLogger().setLevel(previous_level)
    logs = "\n".join(f"{r.name}: {r.getMessage()}" for r in records)
    return result, out, logs


def test_the_batch_ran_with_one_bad_row(batch_run):
    result, out, _ = batch_run
    assert result.exit_code == 1, result.output + result.stderr
    for ident in ("A-103", "A-104", "A-105"):  # bad rows are named by their ids
        assert ident in result.stderr
    assert sorted(p.name for p in out.glob("A-*.pdf")) == [
        f"A-101-{PROCEDURE}.pdf",
        f"A-102-{PROCEDURE}.pdf",
    ]


def test_names_are_inside_the_packets(batch_run):
    """The scan below could pass by printing nothing at all: the names must be here."""
    _, out, _ = batch_run
    for person in PATIENTS:
        packet = out / f"{person['appointment_id']}-{PROCEDURE}.pdf"
        text = PdfReader(packet).pages[0].extract_text()
        assert person["patient_name"] in text
        assert person["note"] in text


def test_no_personal_value_outside_the_packets(batch_run):
    result, out, logs = batch_run
    places = {
        "console output": result.output + result.stderr,
        "log records": logs,
        "file names": "\n".join(str(p.relative_to(out)) for p in out.rglob("*")),
    }
    for path in out.rglob("*"):
        if path.suffix == ".pdf":
            places[f"metadata of {path.name}"] = pdf_metadata(path)
        elif path.is_file():
            places[path.name] = path.read_text(encoding="utf-8", errors="replace")
    for value in personal_values():
        for place, text in places.items():
            assert value not in text, f"{value!r} found in {place}"
    assert SECRET_COLUMN not in "".join(
        PdfReader(p).pages[0].extract_text() for p in out.glob("A-*.pdf")
    ), "an unknown column must not even print"


def test_personal_files_are_private(batch_run):
    _, out, _ = batch_run
    assert out.stat().st_mode & 0o777 == 0o700
    for path in out.iterdir():
        assert path.stat().st_mode & 0o777 == 0o600, path.name


def pdf_metadata(path: Path) -> str:
    """Document info and XMP metadata as text, as a file browser or indexer would read them."""
    reader = PdfReader(path)
    parts = [f"{key}={value}" for key, value in (reader.metadata or {}).items()]
    xmp = reader.trailer["/Root"].get("/Metadata")
    if xmp is not None:
        parts.append(xmp.get_object().get_data().decode("utf-8", errors="replace"))
    for page in reader.pages:  # annotations (link tooltips) are metadata a viewer shows
        for annotation in page.get("/Annots") or []:
            parts.append(str(annotation.get_object()))
    return "\n".join(parts)


# -- handouts clean ----------------------------------------------------------------------------


def age(path: Path, days: float) -> None:
    stamp = time.time() - days * 86400
    os.utime(path, (stamp, stamp))


def write_manifest_listing(folder: Path, paths: list[Path]) -> None:
    files = {p.name: {"kind": "print-file" if "print-all" in p.name else "packet"} for p in paths}
    manifest = {"schema_version": 1, "appointments": {}, "files": files, "runs": []}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_clean_removes_personal_outputs_older_than_the_age(tmp_path):
    root = tmp_path / "clinic"
    folder = root / "output" / "appointments"
    folder.mkdir(parents=True)
    (root / "handouts.yaml").write_text((REPO / "handouts.yaml").read_text())
    old = [folder / "A-1-nerve-block.pdf", folder / "2026-11-01-print-all.pdf"]
    new = [folder / "A-2-nerve-block.pdf", folder / "manifest.json"]
    left_alone = [folder / "notes.txt", folder / "keep" / "A-0-old.pdf", root / "output/x.pdf"]
    for path in [*old, *new, *left_alone]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.7 test")
    write_manifest_listing(folder, [old[0], old[1], new[0]])
    temp = folder / ".handouts-tmp-abc.part"
    temp.write_bytes(b"half")
    for path in [*old, temp, *left_alone]:
        age(path, 8)
    age(new[0], 6)

    dry = run_cli("clean", "--older-than", "7d", "--dry-run", "--project", root)
    assert dry.exit_code == 0, dry.stderr
    assert "Would remove 3 personal files older than 7 days" in dry.output
    assert all(p.exists() for p in [*old, temp])

    result = run_cli("clean", "--older-than", "7d", "--project", root)
    assert result.exit_code == 0, result.stderr
    assert "Removed 3 personal files older than 7 days" in result.output
    assert "kept 2 newer" in result.output
    assert not any(p.exists() for p in [*old, temp])
    assert all(p.exists() for p in [*new, *left_alone])

    everything = run_cli("clean", "--older-than", "0d", "--out", folder)
    assert everything.exit_code == 0
    assert not any(p.exists() for p in new)


@pytest.mark.parametrize("bad", ["7", "seven days", "7y", "-1d", ""])
def test_clean_refuses_an_unclear_age(bad, tmp_path):
    result = run_cli("clean", "--older-than", bad, "--out", tmp_path)
    assert result.exit_code == 2
    assert "is not an age such as 7d" in result.stderr


def test_clean_works_when_the_content_is_broken(tmp_path):
    root = tmp_path / "clinic"
    (root / "content/procedures").mkdir(parents=True)
    (root / "handouts.yaml").write_text((REPO / "handouts.yaml").read_text())
    (root / "content/procedures/broken.yaml").write_text("id: [unclosed\n")
    result = run_cli("clean", "--older-than", "1d", "--project", root)
    assert result.exit_code == 0, result.stderr
    assert "Removed 0 personal files" in result.output


def test_clean_never_removes_files_this_tool_did_not_write(tmp_path):
    """`handouts clean --older-than 7d --out ~/Documents` used to delete unrelated PDFs."""
    documents = tmp_path / "Documents"
    documents.mkdir()
    theirs = [documents / "tax-return.pdf", documents / "A-1-nerve-block.pdf"]
    theirs.append(documents / "2026-11-01-print-all.pdf")
    ours = documents / "B-7-nerve-block.pdf"
    for path in [*theirs, ours]:
        path.write_bytes(b"%PDF-1.7 test")
        age(path, 30)
    bare = run_cli("clean", "--older-than", "7d", "--out", documents)
    assert bare.exit_code == 0, bare.stderr
    assert "Removed 0 personal files" in bare.output
    assert "Left 4 other PDFs alone" in bare.output
    assert all(p.exists() for p in [*theirs, ours])
    assert sorted(p.name for p in documents.iterdir()) == sorted(p.name for p in [*theirs, ours])

    write_manifest_listing(documents, [ours])
    age(documents / "manifest.json", 30)
    result = run_cli("clean", "--older-than", "7d", "--out", documents)
    assert result.exit_code == 0, result.stderr
    assert "Removed 2 personal files" in result.output  # the packet and its manifest
    assert not ours.exists() and not (documents / "manifest.json").exists()
    assert all(p.exists() for p in theirs)


def test_a_manifest_from_before_schema_version_still_tells_clean_what_is_ours(tmp_path):
    folder = tmp_path / "packets"
    folder.mkdir()
    old = {"generator": "handouts 0.1", "appointments": {"A-1": {"procedure": "nerve-block",
           "date": "2026-11-01", "file": "A-1-nerve-block.pdf"}}}  # fmt: skip
    (folder / "manifest.json").write_text(json.dumps(old), encoding="utf-8")
    ours = [folder / "A-1-nerve-block.pdf", folder / "2026-11-01-print-all.pdf"]
    theirs = folder / "scan.pdf"
    for path in [*ours, theirs, folder / "manifest.json"]:
        path.write_bytes(b"%PDF-1.7 test") if path.suffix == ".pdf" else None
        age(path, 30)
    result = run_cli("clean", "--older-than", "7d", "--out", folder)
    assert result.exit_code == 0, result.stderr
    assert "Removed 3 personal files" in result.output
    assert not any(p.exists() for p in ours) and theirs.exists()
