"""`handouts check` and the checks `handouts build` runs, on small projects made for each test.

The built-in content is replaced by a one-procedure set written here, so these tests judge the
checks, not the shipped content (which the content writers change independently).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import handouts.project.loader
import handouts.render.theme
from conftest import REPO, run_cli

EASY_WHY = "It can ease pain in your back. It can help you walk and sleep better."
HARD_WHY = (
    "Interventional management of intractable neuropathic symptomatology necessitates "
    "comprehensive multidisciplinary evaluation, incorporating psychological assessment, "
    "pharmacological optimization and rehabilitative physiotherapy, prior to consideration "
    "of percutaneous neuromodulatory intervention in carefully selected patients."
)


def procedure_yaml(why: str = EASY_WHY, *, what: str | None = None, due="2027-11-20") -> str:
    what = what or (
        "It is a shot of [[steroid]] medicine near a nerve in your back. "
        "The medicine calms the nerve."
    )
    return textwrap.dedent(
        """\
        schema: 1
        id: test-shot
        title: Test shot
        subtitle: What to expect
        kind: injection
        review:
          version: 1.0.0
          last_reviewed: 2026-11-20
          reviewed_by: ""
          next_review_due: {due}
        patient:
          sections:
            - {{id: what-is-it, title: "What is it?", body: "{what}"}}
            - {{id: why, title: "Why have it?", body: "{why}"}}
            - id: how-it-is-done
              title: How is it done
              body: You lie on your belly. We numb your skin. The shot takes a few minutes.
            - id: how-to-get-ready
              title: How to get ready
              body: "1. Eat a light meal.\n2. Bring a driver."
            - id: after
              title: After the shot
              body: Rest for the day. You can go back to work the next day.
            - id: risks
              title: What are the risks
              body: Most people have no problems. About 1 in 100 people get a headache.
          emergency: [new weakness in your legs]
          call_us: [a fever]
        clinician:
          bleeding_risk: intermediate
          sections:
            - {{id: indications, title: "Indications", body: "Radicular pain [@Ref1]."}}
            - {{id: contraindications, title: "Contraindications", body: "Infection."}}
            - {{id: technique, title: "Technique", body: "Fluoroscopic guidance."}}
            - {{id: complications, title: "Complications", body: "Rare."}}
            - {{id: evidence, title: "Evidence", body: "Moderate."}}
          references:
            - {{key: Ref1, text: "A reference."}}
        """
    ).format(why=why, what=what, due=due)


BOOKLET = textwrap.dedent(
    """\
    schema: 1
    title: Test booklet
    subtitle: A clinician reference
    review:
      version: 1.0.0
      last_reviewed: 2026-11-20
      reviewed_by: Dr Lee
      next_review_due: 2027-11-20
    chapters: [test-shot]
    overview:
      title: Overview
      sections:
        - {id: what-it-is, title: "What it is", body: "Text."}
        - {id: principles, title: "Principles", body: "Text."}
        - {id: conditions, title: "Conditions", body: "Text."}
        - {id: candidates, title: "Candidates", body: "Text."}
      references:
        - {key: R, text: "A reference."}
    """
)
GLOSSARY = textwrap.dedent(
    """\
    schema: 1
    terms:
      - {term: steroid, definition: A medicine that calms swelling.}
    """
)


@pytest.fixture
def builtin(tmp_path, monkeypatch):
    """A built-in folder with the real templates and one small procedure; returns a writer."""
    root = tmp_path / "builtin"
    shutil.copytree(REPO / "templates", root / "templates")

    def write(procedure: str = procedure_yaml(), glossary: str = GLOSSARY) -> Path:
        (root / "content" / "procedures").mkdir(parents=True, exist_ok=True)
        (root / "content" / "procedures" / "test-shot.yaml").write_text(procedure, "utf-8")
        (root / "content" / "booklet.yaml").write_text(BOOKLET, "utf-8")
        (root / "content" / "glossary.yaml").write_text(glossary, "utf-8")
        return root

    write()
    for module in (handouts.project.loader, handouts.render.theme):
        monkeypatch.setattr(module, "builtin_dir", lambda: root)
    return write


def check(project, *args):
    return run_cli("check", "--project", project, "--today", "2026-12-01", *args)


def test_easy_content_passes_even_with_strict(builtin, make_project):
    result = check(make_project(), "--strict")
    assert result.exit_code == 0, result.output
    assert "test-shot" in result.output
    assert "check passed: 2 documents, 0 errors, 0 warnings" in result.output


def test_table_reports_scores_per_handout_and_section(builtin, make_project):
    result = check(make_project())
    header = next(line for line in result.output.splitlines() if "handout / section" in line)
    assert header.split()[-6:] == ["FK", "FRE", "SMOG", "words", "sent", "w/sent"]
    row = next(line for line in result.output.splitlines() if line.startswith("test-shot"))
    assert "*" in row  # SMOG extrapolated: the handout has fewer than 30 sentences
    assert "SMOG extrapolated" in result.output
    sections = [line.split()[0] for line in result.output.splitlines() if line.startswith("  ")]
    for section in ("what-is-it", "why", "risks", "emergency", "call-us"):
        assert section in sections
    assert "Longest sentences:" in result.output


def test_draft_status_is_a_note_not_a_warning(builtin, make_project):
    result = check(make_project(), "--strict")
    assert result.exit_code == 0
    note = next(line for line in result.output.splitlines() if "draft" in line)
    assert note.split()[0] == "note"
    assert "test-shot.yaml" in note


def test_a_deliberately_hard_paragraph_fails_naming_handout_and_section(builtin, make_project):
    builtin(procedure_yaml(HARD_WHY))
    result = check(make_project())
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.strip().startswith("ERROR")]
    assert any("test-shot" in e and "Flesch-Kincaid grade" in e and "why (FK" in e for e in errors)
    assert any("SMOG grade" in e for e in errors)
    warnings = [line for line in result.output.splitlines() if "WARNING" in line]
    assert any("test-shot › why" in w and "section reads at" in w for w in warnings)
    assert any("test-shot › why" in w and "sentence of 29 words" in w for w in warnings)
    assert "check FAILED" in result.output


def test_build_runs_the_checks_and_writes_nothing_when_they_fail(builtin, make_project, tmp_path):
    builtin(procedure_yaml(HARD_WHY))
    out = tmp_path / "out"
    result = run_cli("build", "--project", make_project(), "--out", out)
    assert result.exit_code == 1
    assert "error: " in result.stderr and "test-shot" in result.stderr
    assert "check FAILED" in result.stderr
    assert not out.exists()


def test_build_prints_a_one_line_check_summary(builtin, make_project, tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", "--project", make_project(), "--out", out, "--today", "2026-12-01")
    assert result.exit_code == 0, result.output + result.stderr
    summary = [line for line in result.stdout.splitlines() if line.startswith("check ")]
    assert summary == [
        "check passed: 2 documents, 0 errors, 0 warnings, 1 note. Details: handouts check"
    ]
    assert (out / "handouts" / "test-shot.pdf").is_file()


def test_limits_come_from_handouts_yaml(builtin, make_project):
    settings = (REPO / "handouts.yaml").read_text(
        "utf-8"
    ) + "readability:\n  handout_max_grade: 0.5\n"
    result = check(make_project(settings=settings), "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert data["limits"]["handout_max_grade"] == 0.5
    assert data["limits"]["handout_max_smog"] == 10  # the default still applies


def test_a_wrong_limit_is_reported_with_file_and_line(builtin, make_project):
    base = (REPO / "handouts.yaml").read_text("utf-8")
    settings = base + "readability:\n  handout_max_grade: eight\n  sentence_max_word: 20\n"
    result = check(make_project(settings=settings))
    assert result.exit_code == 1
    line = len(base.splitlines()) + 2
    assert f"handouts.yaml:{line}:22: readability.handout_max_grade: expected a number" in (
        result.stderr
    )
    assert "did you mean 'sentence_max_words'?" in result.stderr
    assert "Traceback" not in result.output


def test_json_output_for_scripts(builtin, make_project):
    result = check(make_project(), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["today"] == "2026-12-01"
    (handout,) = data["handouts"]
    assert handout["name"] == "test-shot"
    assert handout["smog_extrapolated"] is True
    assert handout["flesch_kincaid_grade"] < 6
    assert [s["id"] for s in handout["sections"]][:2] == ["what-is-it", "why"]
    assert {f["severity"] for f in data["findings"]} == {"info"}


def test_review_date_warns_once_passed_and_today_fixes_the_date(builtin, make_project):
    builtin(procedure_yaml(due="2027-01-15"))
    project = make_project()
    before = run_cli("check", "--project", project, "--today", "2027-01-15", "--strict")
    assert before.exit_code == 0
    after = run_cli("check", "--project", project, "--today", "2027-01-16")
    assert after.exit_code == 0  # a warning only
    assert "review overdue: the next review was due on 2027-01-15" in after.output
    strict = run_cli("check", "--project", project, "--today", "2027-01-16", "--strict")
    assert strict.exit_code == 1


def test_an_unexplained_medical_word_is_a_warning(builtin, make_project):
    builtin(
        procedure_yaml(what="It is a shot of steroid medicine near a nerve. [[Steroid]] calms it.")
    )
    result = check(make_project())
    assert result.exit_code == 0
    warning = next(line for line in result.output.splitlines() if "glossary" in line)
    assert "test-shot › what-is-it" in warning
    assert "medical word 'steroid' is not explained" in warning
    assert check(make_project(), "--strict").exit_code == 1


def test_a_medical_word_marked_at_first_use_may_be_used_plainly_later(builtin, make_project):
    builtin(procedure_yaml(what="It is a [[steroid]] shot. The steroid calms the nerve."))
    result = check(make_project(), "--strict")
    assert result.exit_code == 0, result.output


def test_a_word_inside_an_explained_phrase_counts_as_explained(builtin, make_project):
    glossary = GLOSSARY + "  - {term: spinal cord stimulator, definition: A small device.}\n"
    what = "A [[spinal cord stimulator]] sends pulses. The [[steroid]] and the stimulator help."
    builtin(procedure_yaml(what=what), glossary)
    result = check(make_project(), "--strict")
    assert result.exit_code == 0, result.output


def test_a_marked_term_without_definition_is_an_error(builtin, make_project):
    builtin(procedure_yaml(what="It is a [[facet joint]] shot."))
    result = check(make_project())
    assert result.exit_code == 1
    assert "glossary term '[[facet joint]]' has no definition" in result.stderr


def test_an_unknown_citation_key_is_an_error(builtin, make_project):
    builtin(procedure_yaml().replace("[@Ref1]", "[@Ref2]"))
    result = check(make_project())
    assert result.exit_code == 1
    assert "citation [@Ref2] has no entry in this file's references" in result.stderr
    assert "test-shot.yaml:" in result.stderr


def test_an_empty_required_section_is_an_error(builtin, make_project):
    builtin(procedure_yaml(why="{{ }}"))  # prints as "{ }": no words
    result = check(make_project())
    assert result.exit_code == 1
    assert "test-shot › why: section prints no text" in result.output


def test_images_need_alt_text_and_links_must_resolve(builtin, make_project):
    override = (
        '{% extends "!handout.html.j2" %}\n'
        "{% block note %}"
        '<img src="logo.png"><img src="line.png" alt="" aria-hidden="true">'
        '<svg class="icon"><path d="M0 0"/></svg>'
        '<a href="#nowhere">see</a> <a href="#test-shot-risks">risks</a> '
        '<a href="https://">x</a> <a href="manual.pdf">manual</a>'
        "{{ super() }}{% endblock %}\n"
    )
    project = make_project({"templates/handout.html.j2": override})
    result = check(project)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if "ERROR" in line]
    assert any("<img> logo.png has no text alternative" in e for e in errors)
    assert not any("line.png has no text alternative" in e for e in errors)  # decoration
    assert any("<svg> class 'icon' has no text alternative" in e for e in errors)
    assert any("cross-reference '#nowhere' points to nothing" in e for e in errors)
    assert not any("#test-shot-risks" in e for e in errors)
    assert any("link 'https://' has no valid host name" in e for e in errors)
    assert any("link 'manual.pdf' cannot be followed from a PDF" in e for e in errors)


def test_check_does_not_import_weasyprint_or_nltk(builtin, make_project):
    code = (
        "import sys\n"
        "from handouts.cli import cli\n"
        "try:\n"
        f"    cli.main(['check', '--project', {str(REPO)!r}], standalone_mode=False)\n"
        "except BaseException:\n"
        "    pass\n"
        "print(sorted(m for m in ('weasyprint', 'nltk', 'textstat') if m in sys.modules))\n"
    )
    env_path = str(REPO / "src")
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
