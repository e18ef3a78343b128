"""The command line: help, version, listing, exit codes and messages."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO, run_cli
from handouts import __version__


def test_version():
    result = run_cli("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_lists_commands_and_exit_codes():
    result = run_cli("--help")
    assert result.exit_code == 0
    for name in ("build", "handout", "booklet", "list", "check"):
        assert name in result.output
    assert "Exit codes" in result.output


def test_help_list_and_check_do_not_import_weasyprint():
    code = (
        "import sys; from handouts.cli import main\n"
        "for args in (['--help'], ['list'], ['check']):\n"
        "    try: main(args)\n"
        "    except SystemExit as e: assert e.code == 0, (args, e.code)\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint was imported'\n"
    )
    env = {**os.environ, "HANDOUTS_PROJECT": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr


def test_python_dash_m_works():
    done = subprocess.run(
        [sys.executable, "-m", "handouts", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0 and __version__ in done.stdout


def test_list_shows_ids_and_titles():
    result = run_cli("list", "--project", REPO)
    assert result.exit_code == 0, result.stderr
    assert "epidural-steroid-injection" in result.output
    assert "Spinal cord stimulation" in result.output or "spinal-cord-stimulation" in result.output


def test_unknown_procedure_is_a_usage_error(tmp_path):
    result = run_cli("handout", "knee-replacement", "--project", REPO, "--out", tmp_path)
    assert result.exit_code == 2
    assert "unknown procedure 'knee-replacement'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not any(tmp_path.iterdir())


def test_no_project_found_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HANDOUTS_PROJECT", raising=False)
    result = run_cli("list")
    assert result.exit_code == 2
    assert "no handouts.yaml found" in result.stderr


def test_project_found_in_a_parent_folder(monkeypatch):
    monkeypatch.chdir(REPO / "docs")
    monkeypatch.delenv("HANDOUTS_PROJECT", raising=False)
    result = run_cli("list")
    assert result.exit_code == 0, result.stderr


def test_project_from_environment_variable(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("list", env={"HANDOUTS_PROJECT": str(REPO)})
    assert result.exit_code == 0, result.stderr


def test_unknown_option_is_a_usage_error():
    result = run_cli("build", "--colour")
    assert result.exit_code == 2


def test_check_passes_on_the_sample_project():
    result = run_cli("check", "--project", REPO)
    assert result.exit_code == 0, result.stderr
