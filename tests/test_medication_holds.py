"""The booklet's medication holds: the clinic's protocol from handouts.yaml, as a table by
procedure bleeding-risk class, saying whose protocol it is and when it was reviewed (issue 17)."""

from __future__ import annotations

import re

import yaml

from conftest import REPO, run_cli
from pdfutil import outline_titles, page_texts

SAMPLE = yaml.safe_load((REPO / "handouts.yaml").read_text("utf-8"))["medication_holds"]


def squash(text: str) -> str:
    """Text without whitespace (or the no-break spaces that keep '24 h' together)."""
    return re.sub(r"[\s\u00a0]+", "", text)


def holds_page(pdf) -> str:
    """Text of the booklet pages from the Medication holds bookmark to the next one."""
    texts = page_texts(pdf)
    outline = outline_titles(pdf)
    start = next(page for title, _, page in outline if title == "Medication holds")
    after = [page for _, _, page in outline if page > start]
    return "\n".join(texts[start : (min(after) if after else start) + 1])


def test_booklet_holds_table_prints_the_sample_settings(sample_build):
    text = holds_page(sample_build / "clinician-booklet.pdf")
    flat = squash(text)
    assert squash(SAMPLE["protocol"]) in flat
    assert squash(f"reviewed {SAMPLE['reviewed'].isoformat()}") in flat
    assert squash("Example intervals to confirm") in flat  # the shipped values are examples
    for header in ("Low risk", "Intermediate risk", "High risk", "Restart after"):
        assert squash(header) in flat
    for row in SAMPLE["drugs"]:
        cells = [row["drug"], row["low"], row["intermediate"], row["high"], row["restart"]]
        assert squash("".join(cells)) in flat, row["drug"]  # one row, cells in column order


def settings_with_holds(holds_yaml: str) -> str:
    text = (REPO / "handouts.yaml").read_text("utf-8")
    start = text.index("medication_holds:")
    return text[:start] + holds_yaml


def test_changed_settings_change_the_table(make_project, tmp_path):
    root = make_project(
        settings=settings_with_holds(
            "medication_holds:\n"
            "  protocol: Lakeside anticoagulation policy v3\n"
            "  reviewed: 2027-01-15\n"
            "  reviewed_by: Dr Ana Ortiz\n"
            "  examples: false\n"
            "  drugs:\n"
            "    - drug: Warfarin\n"
            "      low: Continue\n"
            "      intermediate: 4 days; INR 1.4 or less\n"
            "      high: 6 days; INR 1.4 or less\n"
            "      restart: Next morning\n"
        )
    )
    result = run_cli("booklet", "--project", root, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output + result.stderr
    flat = squash(holds_page(tmp_path / "out" / "clinician-booklet.pdf"))
    assert squash("Lakeside anticoagulation policy v3, reviewed 2027-01-15 by Dr Ana Ortiz") in flat
    assert squash("WarfarinContinue4days;INR1.4orless6days;INR1.4orlessNextmorning") in flat
    assert squash("Example intervals") not in flat  # the clinic confirmed its values
    assert "Clopidogrel" not in flat  # only the clinic's rows


def test_without_the_section_the_booklet_says_it_is_not_set(make_project, tmp_path):
    root = make_project(settings=settings_with_holds(""))
    result = run_cli("booklet", "--project", root, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output + result.stderr
    flat = squash(holds_page(tmp_path / "out" / "clinician-booklet.pdf"))
    assert squash("has not set its medication-hold protocol") in flat
    assert "Warfarin" not in flat


def test_mistakes_name_file_line_and_field(make_project):
    settings = settings_with_holds(
        "medication_holds:\n"
        "  reviewed: last spring\n"
        "  examples: maybe\n"
        "  drugs:\n"
        "    - drug: Warfarin\n"
        "      low: Continue\n"
        "      intermediate: 5 days\n"
        "      hihg: 5 days\n"
        "      restart: 6 h\n"
    )
    root = make_project(settings=settings)
    first = settings.count("\n", 0, settings.index("medication_holds:")) + 1
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    err = result.stderr
    assert (
        f"handouts.yaml:{first + 1}:" in err and "medication_holds.reviewed: expected a date" in err
    )
    assert (
        f"handouts.yaml:{first + 2}:" in err
        and "medication_holds.examples: expected true or false" in err
    )
    assert "medication_holds.drugs[0].hihg: unknown field (did you mean 'high'?)" in err
    assert "medication_holds.drugs[0]: missing required field 'high'" in err
    assert "Traceback" not in err
