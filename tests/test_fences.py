"""Tracebacks and fences: values Python cannot handle, files that are not what they seem,
pictures that would silently go missing, text that would drive the terminal, and clinic
names `init` must quote."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import REPO, SAMPLE_SETTINGS, run_cli
from handouts.diagnostics import HandoutsError
from handouts.project.loader import load_project

HEADER = "appointment_id,patient_name,procedure,date,time,holds,arrive_minutes\n"
PROCEDURE = "radiofrequency-ablation"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'


def no_traceback(result) -> None:
    text = result.output + result.stderr
    assert "Traceback" not in text and "Error:" not in text.replace("error:", "")


def batch(tmp_path: Path, rows: list[str], *args, env=None):
    schedule = tmp_path / "schedule.csv"
    schedule.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "packets"
    result = run_cli(
        "batch", schedule, "--project", REPO, "--out", out, "--jobs", "1", *args, env=env
    )
    return result, out


def test_nan_in_settings_is_a_message(make_project):
    settings = SAMPLE_SETTINGS.replace("solid_food_hours: 8", "solid_food_hours: .nan")
    result = run_cli("check", "--project", make_project(settings=settings))
    assert result.exit_code == 1
    assert re.search(
        r"handouts.yaml:\d+:\d+: appointments.fasting.solid_food_hours: "
        r"expected a number, found nan",
        result.stderr,
    ), result.stderr
    no_traceback(result)


def test_dates_at_the_edge_of_the_calendar_lose_only_their_row(tmp_path):
    rows = [
        f"E-1,Ann Able,{PROCEDURE},9999-12-31,23:30,,",
        f"E-2,Ben Baker,{PROCEDURE},0001-01-01,00:10,apixaban:3,",
        f"E-3,Cy Cole,{PROCEDURE},2026-12-01,09:00,,",
    ]
    result, out = batch(tmp_path, rows)
    assert result.exit_code == 1
    assert "row 2 (appointment E-1): date: is not a date between 1900 and 2999" in result.stderr
    assert "row 3 (appointment E-2): date: is not a date between 1900 and 2999" in result.stderr
    assert (out / f"E-3-{PROCEDURE}.pdf").is_file()
    no_traceback(result)


@pytest.mark.parametrize(
    "holds, minutes",
    [("", "³"), ("", "٣٠"), ("apixaban:³", ""), ("apixaban:" + "9" * 5000, ""), ("", "9" * 5000)],
    ids=[
        "superscript minutes",
        "arabic-indic minutes",
        "superscript days",
        "5000-digit days",
        "5000-digit minutes",
    ],
)
def test_digits_python_would_word_get_our_words(holds, minutes, tmp_path):
    result, _ = batch(tmp_path, [f"D-1,Ann Able,{PROCEDURE},2026-12-01,09:00,{holds},{minutes}"])
    assert result.exit_code == 1
    assert "row 2 (appointment D-1)" in result.stderr
    for python_words in (
        "invalid literal",
        "set_int_max_str_digits",
        "Exceeds the limit",
        "base 10",
    ):
        assert python_words not in result.stderr
    no_traceback(result)


def test_a_full_disk_while_joining_the_print_file_leaves_no_part_file(tmp_path, monkeypatch):
    import handouts.appointments.batch as batch_module

    def join_until_full(out, packets, title, run_id=None):
        out.write(b"%PDF-1.7 half of a print file")
        raise RuntimeError("qpdf: error writing: No space left on device")  # as pikepdf does

    monkeypatch.setattr(batch_module, "join_packets", join_until_full)
    result, out = batch(tmp_path, [f"P-1,Ann Able,{PROCEDURE},2026-12-01,09:00,,"])
    assert result.exit_code == 1
    assert "2026-12-01-print-all.pdf: the disk is full" in result.stderr
    assert not list(out.glob(".handouts-tmp-*")) and not (out / "2026-12-01-print-all.pdf").exists()
    # The packet is made and known to the manifest, so `handouts clean` will remove it.
    assert "P-1-radiofrequency-ablation.pdf" in (out / "manifest.json").read_text()
    no_traceback(result)


# -- pictures and fonts ---------------------------------------------------------------------


def test_an_svg_saved_as_png_is_an_error(make_project):
    root = make_project(
        {
            "_brand.yml": "meta:\n  name: Riverbend Pain Clinic\n"
            "logo:\n  medium: {path: images/logo.png, alt: Logo}\n"
        }
    )
    (root / "images").mkdir()
    (root / "images/logo.png").write_bytes(SVG)
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "images/logo.png is an SVG file named .png; rename it to logo.svg" in result.stderr


def test_an_svg_saved_as_png_in_a_template_is_an_error(make_project):
    root = make_project(
        {"templates/partials/logo.html.j2": '<img src="images/logo.png" alt="Logo">'}
    )
    (root / "images").mkdir()
    (root / "images/logo.png").write_bytes(SVG)
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert (
        "templates/partials/logo.html.j2:1: <img src>: 'images/logo.png' is an SVG file named .png"
        in result.output + result.stderr
    )


def test_a_data_svg_is_an_error_before_and_during_layout(make_project):
    image = (
        '<img src="data:image/svg+xml;utf8,<svg xmlns=%22http://www.w3.org/2000/svg%22/>" alt="x">'
    )
    root = make_project({"templates/partials/logo.html.j2": image})
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert (
        "templates/partials/logo.html.j2:1: <img src>: a data: SVG picture is not allowed"
        in result.output + result.stderr
    )


def test_a_refused_picture_stops_the_document_instead_of_vanishing():
    """WeasyPrint catches the fetcher's refusal for <img> and only logs it: the picture was
    simply missing and the run exited 0."""
    from handouts.pdf.writer import PdfMaker
    from handouts.render.document import HtmlDocument

    maker = PdfMaker(load_project(REPO))
    html = (
        '<!doctype html><html lang="en"><title>t</title><body>'
        '<img src="file:///etc/hostname" alt="x"><p>x</p></body></html>'
    )
    doc = HtmlDocument("hostile", "handout", html, [], "t", "s", "en-US", dt.date(2026, 1, 1))
    with pytest.raises(HandoutsError, match="hostile: refused to read /etc/hostname"):
        maker.layout(doc)
    data_svg = html.replace("file:///etc/hostname", "data:image/svg+xml;base64,PHN2Zy8+")
    with pytest.raises(HandoutsError, match="data: SVG"):
        maker.layout(
            HtmlDocument("svg", "handout", data_svg, [], "t", "s", "en-US", dt.date(2026, 1, 1))
        )


def test_a_font_file_that_is_not_a_font_is_an_error(make_project):
    brand = (
        "meta:\n  name: Riverbend Pain Clinic\ntypography:\n  fonts:\n    - family: Broken Sans\n"
        "      source: file\n      files: [{path: fonts/Broken.ttf, weight: 400}]\n"
        "  base: Broken Sans\n"
    )
    root = make_project({"_brand.yml": brand, "fonts/Broken.ttf": "<html>404 Not Found</html>"})
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "fonts/Broken.ttf is not a TrueType/OpenType font file" in result.stderr


def test_handout_patient_runs_the_pre_render_check(tmp_path, make_project):
    root = make_project(
        {"templates/partials/logo.html.j2": '<img src="http://127.0.0.1:9/x.png" alt="x">'}
    )
    args = ["handout", PROCEDURE, "--project", root, "--out", tmp_path / "out"]
    result = run_cli(*args, "--patient", "Ann Able", "--date", "2026-12-01", "--time", "09:00")
    assert result.exit_code == 1
    assert (
        "templates/partials/logo.html.j2:1: <img src>: "
        "'http://127.0.0.1:9/x.png' is not a local file" in result.stderr
    )
    assert not list((tmp_path / "out").rglob("*.pdf"))


# -- the terminal --------------------------------------------------------------------------


def test_escapes_and_bidi_overrides_from_data_never_reach_the_terminal(make_project):
    procedure = (REPO / "content/procedures/nerve-block.yaml").read_text(encoding="utf-8")
    procedure = procedure.replace("\ntitle:", '\n"ti\\e[2J\\e[31mtle\\u202e": x\ntitle:', 1)
    root = make_project({"content/procedures/nerve-block.yaml": procedure})
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    text = result.output + result.stderr
    assert "\x1b" not in text and "\u202e" not in text
    assert "ti\\x1b[2J\\x1b[31mtle\\u202e" in text


# -- init ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "St. Mary's Pain Center",
        '"Lakeside" Pain',
        "yes",
        "- x",
        "null",
        "12:30",
        "#1 Spine: Care & more",
    ],
)
def test_init_writes_files_that_load_whatever_the_clinic_name(name, tmp_path):
    folder = tmp_path / "clinic"
    result = run_cli("init", folder, "--clinic-name", name)
    assert result.exit_code == 0, result.stderr
    project = load_project(folder)
    assert project.settings.clinic.name == name
    # The commented logo lines still load once a clinic uncomments them.
    brand = (folder / "_brand.yml").read_text(encoding="utf-8")
    logo = [
        ln[2:]
        for ln in brand.splitlines()
        if ln.startswith(("# logo:", "#   medium:", "#   large:"))
    ]
    logo = [ln.split("  #")[0] for ln in logo]
    data = yaml.safe_load("\n".join(logo))
    assert data["logo"]["medium"]["alt"] == f"{name} logo"
    assert yaml.safe_load(brand)["meta"]["name"] == name


# -- patient details off the command line -----------------------------------------------------


def test_patient_details_from_a_file_or_standard_input(tmp_path):
    details = tmp_path / "patient.yaml"
    details.write_text(
        'patient: Ann Able\ndate: 2026-12-01\ntime: "09:30"\n'
        "appointment_id: F-1\nholds: [apixaban:3]\n"
    )
    out = tmp_path / "out"
    result = run_cli(
        "handout", PROCEDURE, "--project", REPO, "--out", out, "--patient-file", details
    )
    assert result.exit_code == 0, result.stderr
    packet = out / "appointments" / f"2026-12-01-0930-{PROCEDURE}-F-1.pdf"
    assert "Ann Able" in PdfReader(packet).pages[0].extract_text()
    assert "Ann Able" not in result.output + result.stderr

    json_text = '{"patient": "Ben Baker", "date": "2026-12-02", "time": "10:00"}'
    piped = run_cli(
        "handout",
        PROCEDURE,
        "--project",
        REPO,
        "--out",
        out,
        "--patient-file",
        "-",
        input=json_text,
    )
    assert piped.exit_code == 0, piped.stderr
    assert (
        "Ben Baker"
        in PdfReader(out / "appointments" / f"2026-12-02-1000-{PROCEDURE}.pdf")
        .pages[0]
        .extract_text()
    )


def test_a_bad_patient_file_names_the_key_never_the_value(tmp_path):
    details = tmp_path / "patient.txt"
    details.write_text("patient: Ann Able\nsocial: 123-45-6789\n")
    result = run_cli("handout", PROCEDURE, "--project", REPO, "--patient-file", details)
    assert result.exit_code == 2
    assert "patient.txt:2: unknown key 'social'" in result.stderr
    assert "123-45-6789" not in result.stderr and "Ann Able" not in result.stderr


def test_a_patient_file_sedation_that_is_not_yes_or_no_is_refused(tmp_path):
    details = tmp_path / "patient.yaml"
    details.write_text('patient: Ann Able\ndate: 2026-12-01\ntime: "09:30"\nsedation: maybe\n')
    result = run_cli("handout", PROCEDURE, "--project", REPO, "--patient-file", details)
    assert result.exit_code == 2
    assert "patient.yaml:4: sedation: expected yes or no" in result.stderr
    assert "Ann Able" not in result.stderr


def test_help_says_how_to_keep_the_name_out_of_the_process_list():
    text = run_cli("handout", "--help").output
    assert "--patient-file" in text and "process list" in text and "standard input" in text


# -- too late to print --------------------------------------------------------------------


def test_a_past_date_or_a_hold_already_under_way_warns_and_fails_under_strict(tmp_path):
    env = {"HANDOUTS_TODAY": "2026-12-05"}
    out = tmp_path / "out"
    base = ["handout", PROCEDURE, "--project", REPO, "--out", out, "--patient", "Ann Able"]
    past = run_cli(*base, "--date", "2026-12-01", "--time", "09:00", env=env)
    assert past.exit_code == 0
    assert (
        "warning: the appointment date 2026-12-01 is in the past (today is 2026-12-05)"
        in past.stderr
    )
    hold = [*base, "--date", "2026-12-10", "--time", "09:00", "--hold", "apixaban:7"]
    late = run_cli(*hold, env=env)
    assert "warning: medication hold 1: its last dose day 2026-12-02 is already past" in late.stderr
    assert "apixaban" not in late.stderr
    before = sorted((out / "appointments").glob("*.pdf"))
    strict = run_cli(*hold, "--strict", env=env)
    assert strict.exit_code == 1
    assert sorted((out / "appointments").glob("*.pdf")) == before
    on_time = run_cli(*hold, env={"HANDOUTS_TODAY": "2026-12-02"})
    assert "warning" not in on_time.stderr


def test_batch_strict_refuses_rows_in_the_past(tmp_path):
    rows = [
        f"L-1,Ann Able,{PROCEDURE},2026-12-01,09:00,,",
        f"L-2,Ben Baker,{PROCEDURE},2026-12-09,09:00,,",
    ]
    env = {"HANDOUTS_TODAY": "2026-12-05"}
    warned, _ = batch(tmp_path, rows, env=env)
    assert warned.exit_code == 0
    assert (
        "warning: schedule.csv row 2 (appointment L-1): "
        "the appointment date 2026-12-01 is in the past" in warned.stderr
    )
    (tmp_path / "strict").mkdir()
    strict, _ = batch(tmp_path / "strict", rows, "--strict", env=env)
    assert strict.exit_code == 1
    assert (
        "error: schedule.csv row 2 (appointment L-1): the appointment date 2026-12-01"
        in strict.stderr
    )


def test_titles_with_escapes_are_shown_escaped_by_list_and_check_json(make_project):
    procedure = (REPO / "content/procedures/nerve-block.yaml").read_text(encoding="utf-8")
    title = next(ln for ln in procedure.splitlines() if ln.startswith("title:"))
    evil = 'title: "Nerve \\e[8mblock\\u202e\\u0085"'
    root = make_project({"content/procedures/nerve-block.yaml": procedure.replace(title, evil, 1)})
    for args in (["list"], ["list", "--format", "json"], ["check", "--format", "json"]):
        result = run_cli(*args, "--project", root)
        text = result.output + result.stderr
        assert not any(c in text for c in "\x1b\u202e\x85"), args
    data = json.loads(run_cli("list", "--format", "json", "--project", root).output)
    assert any(p["title"] == "Nerve \x1b[8mblock\u202e\x85" for p in data["procedures"])
