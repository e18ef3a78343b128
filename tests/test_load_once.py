"""Each YAML file is parsed once per run, and one run reports the mistakes of every file."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import REPO, SAMPLE_SETTINGS, run_cli
from handouts.project import yamlfile


@pytest.fixture
def parses(monkeypatch):
    """How many times each YAML file (by the name shown to the user) was parsed."""
    counted: Counter = Counter()
    original = yamlfile.parse_yaml

    def counting(text, source, problems):
        counted[source] += 1
        return original(text, source, problems)

    monkeypatch.setattr(yamlfile, "parse_yaml", counting)
    return counted


def test_check_parses_every_yaml_file_once(parses, make_project):
    root = make_project(
        {
            "content/procedures/facet-joint-injection.yaml": (
                REPO / "content/procedures/facet-joint-injection.yaml"
            ).read_text(encoding="utf-8"),
            "_brand.yml": "meta:\n  name: Another name\ncolor:\n  primary: '#1b4f8a'\n",
        },
        settings=SAMPLE_SETTINGS + "readability:\n  handout_max_grade: 8\n",
    )
    run_cli("check", "--project", root)
    assert "handouts.yaml" in parses and "_brand.yml" in parses
    assert "content/procedures/facet-joint-injection.yaml" in parses
    assert len(parses) > 10, parses  # the built-in procedures, booklet and glossary too
    assert [name for name, count in parses.items() if count > 1] == []


def test_a_handout_build_parses_every_yaml_file_once(parses, tmp_path):
    result = run_cli(
        "handout", "facet-joint-injection", "--project", REPO, "--out", tmp_path / "out"
    )
    assert result.exit_code == 0, result.output + result.stderr
    assert parses and max(parses.values()) == 1, parses


def test_one_run_reports_mistakes_of_handouts_yaml_and_brand_file_together(make_project):
    settings = SAMPLE_SETTINGS.replace("paper: letter", "paper: legal")
    root = make_project(
        {"_brand.yml": "color:\n  primary: not-a-colour\n"},
        settings=settings + "readability:\n  sentence_max_words: 2\n",
    )
    result = run_cli("list", "--project", root)
    assert result.exit_code == 1
    assert "handouts.yaml:" in result.stderr and "print.paper" in result.stderr
    assert "readability.sentence_max_words: must be at least 5" in result.stderr
    assert "_brand.yml:2:12: color.primary: 'not-a-colour' is not a colour" in result.stderr
    assert "3 errors; nothing was written." in result.stderr


@pytest.fixture
def html_parses(monkeypatch):
    """How many times each rendered HTML text was parsed, and by which readers each time."""
    from handouts.render import html_scan

    counted: Counter = Counter()
    original = html_scan.read_html

    def counting(html, *readers):
        counted[hash(html)] += 1
        return original(html, *readers)

    monkeypatch.setattr(html_scan, "read_html", counting)
    return counted


def test_check_parses_each_rendered_document_once(html_parses):
    result = run_cli("check", "--project", REPO)
    assert result.exit_code == 0, result.output + result.stderr
    assert len(html_parses) >= 13  # twelve handouts and the booklet
    assert max(html_parses.values()) == 1, html_parses


def test_a_build_parses_each_document_for_its_key_and_once_for_the_checks(html_parses, tmp_path):
    result = run_cli("build", "--project", REPO, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output + result.stderr
    # The incremental key reads a document's references before the gate decides to run; the
    # gate's structure, prose and reference readers then share one parse.
    assert len(html_parses) >= 13 and max(html_parses.values()) <= 2, html_parses


def test_every_section_of_handouts_yaml_is_checked_when_the_project_loads(make_project):
    settings = SAMPLE_SETTINGS + (
        "schedule:\n  format: pdf\n"
        "video:\n  url: http://clinic.example/videos\n"
        "figures:\n  leave_out: [[nested]]\n"
        "language_assistance:\n  print_on: [walls]\n"
    )
    root = make_project({}, settings=settings)
    result = run_cli("list", "--project", root)  # a command that never reads a schedule
    assert result.exit_code == 1
    for field in ("schedule.format", "video.url", "figures.leave_out[0]", "print_on[0]"):
        assert field in result.stderr, (field, result.stderr)
    assert "Traceback" not in result.stderr
