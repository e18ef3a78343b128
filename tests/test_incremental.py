"""Incremental builds: each kind of input change makes exactly the outputs it should again."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import REPO, run_cli

ESI = "epidural-steroid-injection"
RFA = "radiofrequency-ablation"
BOTH = {ESI, RFA}
WRITTEN = re.compile(r"^  \S*?([a-z-]+)\.pdf  ", re.MULTILINE)


def written(result) -> set[str]:
    """Names of the PDFs a run says it wrote (unchanged ones are not listed)."""
    assert result.exit_code == 0, result.stderr
    return set(WRITTEN.findall(result.output))


@pytest.fixture
def clinic(make_project):
    return make_project()


def handouts(clinic, *extra):
    return run_cli("handout", ESI, RFA, "--project", clinic, *extra)


def test_second_run_writes_nothing_and_touches_no_file(clinic):
    assert written(handouts(clinic)) == BOTH
    pdf = clinic / "output" / "handouts" / f"{ESI}.pdf"
    before = pdf.stat().st_mtime_ns
    again = handouts(clinic)
    assert written(again) == set()
    assert "Nothing changed: the 2 PDFs" in again.output
    assert pdf.stat().st_mtime_ns == before


def test_content_edit_remakes_that_handout_only(clinic):
    handouts(clinic)
    own = clinic / "content" / "procedures" / f"{ESI}.yaml"
    own.parent.mkdir(parents=True)
    text = (REPO / "content" / "procedures" / f"{ESI}.yaml").read_text(encoding="utf-8")
    own.write_text(text.replace("Epidural steroid injection", "Epidural injection", 1))
    result = handouts(clinic)
    assert written(result) == {ESI}
    assert "1 unchanged" in result.output


def test_glossary_entry_remakes_only_the_documents_that_print_it(clinic):
    override = clinic / "templates" / "handout.html.j2"
    override.parent.mkdir()
    override.write_text(  # the definitions of a handout's terms, in its HTML
        '{% extends "!handout.html.j2" %}{% block note %}{{ super() }}'
        "{% for t in terms %}<!-- {{ t.term }}: {{ t.definition }} -->{% endfor %}{% endblock %}"
    )
    handouts(clinic)
    (clinic / "content").mkdir()
    (clinic / "content" / "glossary.yaml").write_text(
        "schema: 1\nterms:\n  - term: epidural space\n"
        "    definition: A thin space around the nerves in your spine.\n"
    )
    assert written(handouts(clinic)) == {ESI}


def test_template_stylesheet_brand_and_settings_edits_remake_all(clinic):
    handouts(clinic)
    override = clinic / "templates" / "handout.html.j2"
    override.parent.mkdir()
    override.write_text(
        '{% extends "!handout.html.j2" %}{% block note %}{{ super() }}'
        "<p>Free interpreters.</p>{% endblock %}"
    )
    assert written(handouts(clinic)) == BOTH
    (clinic / "templates" / "clinic.css").write_text("h2 { letter-spacing: 0.01em; }\n")
    assert written(handouts(clinic)) == BOTH
    (clinic / "_brand.yml").write_text("color:\n  palette:\n    blue: '#1d4f91'\n")
    assert written(handouts(clinic)) == BOTH
    settings = clinic / "handouts.yaml"
    settings.write_text(settings.read_text().replace("(555) 010-0142", "(555) 010-0143"))
    assert written(handouts(clinic)) == BOTH
    assert written(handouts(clinic)) == set()


def test_booklet_template_leaves_the_handouts_alone(clinic):
    handouts(clinic)
    (clinic / "templates").mkdir()
    (clinic / "templates" / "booklet.html.j2").write_text('{% extends "!booklet.html.j2" %}')
    (clinic / "templates" / "booklet.css").write_text("h1 { color: black; }\n")
    assert written(handouts(clinic)) == set()


def test_a_file_the_css_refers_to_is_part_of_the_key(clinic):
    from handouts.pdf.fonts import font_folder

    fonts = font_folder()  # two different real font files serve as "the clinic's font"
    assets = clinic / "templates"
    assets.mkdir()
    shutil.copy(fonts / "AtkinsonHyperlegible-Regular.ttf", assets / "clinic-font.ttf")
    (assets / "clinic.css").write_text(
        '@font-face { font-family: "Unused"; src: url("clinic-font.ttf"); }\n'
    )
    handouts(clinic)
    assert written(handouts(clinic)) == set()
    shutil.copy(fonts / "AtkinsonHyperlegible-Bold.ttf", assets / "clinic-font.ttf")
    assert written(handouts(clinic)) == BOTH


def test_options_are_part_of_the_key(clinic):
    handouts(clinic)
    assert written(handouts(clinic, "--paper", "a4")) == BOTH
    assert written(handouts(clinic, "--paper", "a4")) == set()
    result = handouts(clinic, "--paper", "a4", "--large-print")
    assert written(result) == {f"{ESI}-large-print", f"{RFA}-large-print"}


def test_a_version_change_remakes_everything(clinic, monkeypatch):
    from handouts.incremental import versions as tools

    handouts(clinic)
    versions = {**tools.tool_versions(), "weasyprint": "999.0"}
    monkeypatch.setattr(tools, "tool_versions", lambda: versions)
    assert written(handouts(clinic)) == BOTH
    versions = {**tools.tool_versions(), "handouts": "999.0"}
    assert written(handouts(clinic)) == BOTH


def test_missing_or_edited_outputs_are_made_again(clinic):
    handouts(clinic)
    folder = clinic / "output" / "handouts"
    (folder / f"{ESI}.pdf").unlink()
    assert written(handouts(clinic)) == {ESI}
    with open(folder / f"{RFA}.pdf", "ab") as handle:
        handle.write(b"%% edited\n")
    assert written(handouts(clinic)) == {RFA}


def test_force_and_output_file_always_make(clinic, tmp_path):
    handouts(clinic)
    assert written(handouts(clinic, "--force")) == BOTH
    target = tmp_path / "one.pdf"
    assert run_cli("handout", ESI, "-o", target, "--project", clinic).exit_code == 0
    assert target.is_file()


def test_checks_are_kept_under_the_same_keys(clinic, monkeypatch):
    import handouts.checks.findings as findings

    handouts(clinic)
    calls = []
    real = findings.run_checks
    monkeypatch.setattr(findings, "run_checks", lambda *a, **k: calls.append(1) or real(*a, **k))
    result = handouts(clinic)
    assert calls == [] and "check passed" in result.stderr + result.output
    handouts(clinic, "--today", "2027-12-31")  # a new date: review dates are checked again
    assert calls == [1]
    settings = clinic / "handouts.yaml"
    settings.write_text(settings.read_text().replace("(555) 010-0142", "(555) 010-0143"))
    handouts(clinic, "--today", "2027-12-31")
    assert calls == [1, 1]


def test_warnings_of_kept_outputs_still_fail_strict(clinic):
    override = clinic / "templates" / "handout.html.j2"
    override.parent.mkdir()
    override.write_text(
        '{% extends "!handout.html.j2" %}{% block note %}{{ super() }}'
        '<p style="colour: red">Free interpreters.</p>{% endblock %}'
    )
    first = handouts(clinic)
    assert first.exit_code == 0 and "warning:" in first.stderr
    again = handouts(clinic, "--strict")
    assert again.exit_code == 1 and "warning:" in again.stderr


def test_build_remakes_the_booklet_equal_to_a_forced_build(make_project, tmp_path):
    clinic = make_project()
    build = run_cli("build", "--project", clinic, "-q")
    assert build.exit_code == 0, build.stderr
    (clinic / "content").mkdir()
    (clinic / "content" / "glossary.yaml").write_text(
        "schema: 1\nterms:\n  - term: epidural space\n"
        "    definition: A thin space around the nerves in your spine.\n"
    )
    result = run_cli("build", "--project", clinic)
    # The booklet's glossary, and the one handout whose "Words to know" prints this term.
    assert written(result) == {"clinician-booklet", "epidural-steroid-injection"}
    assert "11 unchanged" in result.output
    own = clinic / "content" / "procedures" / "facet-joint-injection.yaml"
    own.parent.mkdir()
    text = (REPO / "content" / "procedures" / own.name).read_text(encoding="utf-8")
    own.write_text(text.replace("Facet joint injection", "Facet joint injection (spine)", 1))
    result = run_cli("build", "--project", clinic)
    assert written(result) == {"facet-joint-injection", "clinician-booklet"}
    forced = run_cli("build", "--project", clinic, "--out", tmp_path / "forced", "--force", "-q")
    assert forced.exit_code == 0, forced.stderr
    for name in ("clinician-booklet.pdf", "handouts/facet-joint-injection.pdf"):
        assert (clinic / "output" / name).read_bytes() == (tmp_path / "forced" / name).read_bytes()


def test_progress_bar_on_a_terminal_only(clinic):
    import os
    import pty
    import subprocess
    import sys

    command = [sys.executable, "-m", "handouts", "handout", ESI, RFA, "--project", str(clinic)]
    piped = subprocess.run(command, capture_output=True, text=True)
    assert piped.returncode == 0, piped.stderr
    assert "PDFs" not in piped.stderr and "%" not in piped.stderr
    leader, follower = pty.openpty()
    done = subprocess.run(
        [*command, "--force"], stdin=follower, stdout=follower, stderr=follower, timeout=120
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert done.returncode == 0
    assert b"PDFs" in shown and b"100%" in shown


def test_a_handout_made_alone_is_the_one_made_with_others(clinic):
    # Both print drawings; the second's must not be numbered after the first's.
    assert written(handouts(clinic)) == BOTH
    alone = run_cli("handout", RFA, "--project", clinic)
    assert written(alone) == set()
    assert "Nothing changed" in alone.output
