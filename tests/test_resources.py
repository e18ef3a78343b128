"""Files that are not what they seem, and what a run leaves behind: FIFOs, huge files, alias
bombs, folders named like files, symbolic links out of the project, WeasyPrint's temporary
font folders."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import REPO, SAMPLE_SETTINGS, run_cli

SRC = REPO / "src"
SECRET = "root:x:0:0:the-secret-line"


def handouts(*args, tmpdir: Path | None = None, timeout=120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    command = [sys.executable, "-m", "handouts", *map(str, args)]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)


def alias_bomb(levels: int = 8) -> str:
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    for n in range(1, levels):
        lines.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]")
    lines.append(f"? [*l{levels - 1}, *l{levels - 1}]\n: 1")  # inside a complex key
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_in_handouts_yaml_is_a_fast_error(make_project):
    root = make_project(settings=SAMPLE_SETTINGS + alias_bomb())
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "handouts.yaml: more than 100,000 values once aliases (*name) are expanded" in (
        result.stderr
    )
    assert "MemoryError" not in result.output + result.stderr


def test_a_list_as_a_key_is_an_error_not_a_crash(make_project):
    root = make_project(settings=SAMPLE_SETTINGS + "? [a, b]\n: 1\n")
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "keys must be text, not a list or mapping" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_as_a_content_file_is_refused_without_blocking(make_project):
    root = make_project()
    (root / "content/procedures").mkdir(parents=True)
    os.mkfifo(root / "content/procedures/nerve-block.yaml")
    result = handouts("check", "--project", root, timeout=60)  # blocked forever before
    assert result.returncode == 1
    assert "content/procedures/nerve-block.yaml: is a named pipe (FIFO)" in result.stderr


def test_a_huge_content_file_is_refused_before_it_is_read(make_project):
    root = make_project()
    huge = root / "content/procedures/nerve-block.yaml"
    huge.parent.mkdir(parents=True)
    with open(huge, "wb") as handle:  # sparse: 3 GB that take no disk
        handle.truncate(3_000_000_000)
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "file is 3,000,000,000 bytes; the limit is 2,000,000" in result.stderr


def test_a_glossary_that_is_a_folder_is_an_error(make_project):
    root = make_project()
    (root / "content/glossary.yaml").mkdir(parents=True)
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "content/glossary.yaml: is a folder" in result.stderr


@pytest.mark.parametrize("name", ["_brand.yml", "handouts.yaml"])
def test_settings_through_a_symlink_out_of_the_project_are_refused(name, tmp_path, make_project):
    root = make_project()
    outside = tmp_path / "elsewhere.yml"
    outside.write_text(SECRET + "\n" + (SAMPLE_SETTINGS if name == "handouts.yaml" else ""))
    (root / name).unlink(missing_ok=True)
    (root / name).symlink_to(outside)
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert f"{name}: is a symbolic link to a file outside the project" in result.stderr
    assert SECRET not in result.output + result.stderr


def test_weasyprint_font_folders_are_removed(tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    schedule = tmp_path / "s.csv"
    schedule.write_text(
        "appointment_id,patient_name,procedure,date,time\n"
        "T-1,Ann Able,facet-joint-injection,2026-12-01,09:00\n"
        "T-2,Ben Baker,radiofrequency-ablation,2026-12-01,10:00\n"
    )
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = Path(tempfile.mkdtemp(prefix=f"weasyprint-handouts-{dead.pid}-", dir=temp))
    someone_elses = Path(tempfile.mkdtemp(prefix="weasyprint-", dir=temp))
    out = tmp_path / "packets"
    result = handouts(
        "batch", schedule, "--project", REPO, "--out", out, "--jobs", "2", tmpdir=temp
    )
    assert result.returncode == 0, result.stderr
    assert sorted(temp.iterdir()) == [someone_elses], "font folders were left behind"
    assert not left.exists()


def test_a_huge_stylesheet_or_picture_is_refused_before_it_is_read(make_project):
    root = make_project({"templates/partials/logo.html.j2": '<img src="images/big.png" alt="x">'})
    (root / "images").mkdir()
    with open(root / "images/big.png", "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n")
        handle.truncate(3_000_000_000)
    with open(root / "templates/clinic.css", "wb") as handle:
        handle.truncate(3_000_000_000)
    result = run_cli("check", "--project", root)
    text = result.output + result.stderr
    assert result.exit_code == 1
    assert "'images/big.png' is 3,000,000,000 bytes; the limit is 50,000,000" in text
    assert "templates/clinic.css is 3,000,000,000 bytes; the limit is 5,000,000" in text
