"""Bad content gets one clear message naming file, line and field; nothing is written."""

from __future__ import annotations

import textwrap

import yaml
from pypdf import PdfReader

from conftest import run_cli
from handouts.project.loader import builtin_dir

BUILTIN_ESI = (builtin_dir() / "content/procedures/epidural-steroid-injection.yaml").read_text()


def esi_with(**changes) -> str:
    data = yaml.safe_load(BUILTIN_ESI)
    data.update(changes)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def test_yaml_syntax_error_names_file_line_and_column(make_project, tmp_path):
    root = make_project(
        {"content/procedures/epidural-steroid-injection.yaml": "id: x\ntitle: [unclosed\nkind: y\n"}
    )
    out = tmp_path / "out"
    result = run_cli("build", "--project", root, "--out", out)
    assert result.exit_code == 1
    assert "content/procedures/epidural-steroid-injection.yaml:3:" in result.stderr
    assert "invalid YAML" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists(), "nothing may be written when the input is bad"


def test_wrong_type_reports_the_field_path(make_project):
    data = yaml.safe_load(BUILTIN_ESI)
    data["patient"]["sections"][2]["title"] = ["not", "text"]
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    root = make_project({"content/procedures/epidural-steroid-injection.yaml": text})
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.strip() == "- not")
    assert f"content/procedures/epidural-steroid-injection.yaml:{line}:" in result.stderr
    assert "patient.sections[2].title: expected text, found a list" in result.stderr


def test_every_problem_is_reported_in_one_run(make_project):
    text = esi_with(titel="Typo", kind="surgery", subtitle=None)
    root = make_project({"content/procedures/epidural-steroid-injection.yaml": text})
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "titel: unknown field (did you mean 'title'?)" in result.stderr
    assert "kind: 'surgery' is not allowed" in result.stderr
    assert "subtitle: expected text" in result.stderr
    assert "3 errors" in result.stderr


def test_duplicate_keys_are_an_error(make_project):
    text = BUILTIN_ESI.replace("\ntitle:", "\ntitle: First\ntitle:", 1)
    root = make_project({"content/procedures/epidural-steroid-injection.yaml": text})
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "title: duplicate key" in result.stderr


def test_unknown_placeholder_is_an_error(make_project):
    data = yaml.safe_load(BUILTIN_ESI)
    data["patient"]["call_us"].append("call {nurse_line} now")
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    root = make_project({"content/procedures/epidural-steroid-injection.yaml": text})
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "unknown placeholder {nurse_line}" in result.stderr


def test_missing_required_section_is_an_error(make_project):
    data = yaml.safe_load(BUILTIN_ESI)
    data["patient"]["sections"] = [s for s in data["patient"]["sections"] if s["id"] != "risks"]
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    root = make_project({"content/procedures/epidural-steroid-injection.yaml": text})
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "missing required section 'risks'" in result.stderr


def test_bad_settings_are_reported_with_line(make_project):
    settings = textwrap.dedent(
        """\
        clinic:
          name: Test Clinic
          phone: (555) 010-0100
          after_hours_phone: (555) 010-0101
        print:
          paper: legal
          timezone: Mars/Olympus
        """
    )
    root = make_project(settings=settings)
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "handouts.yaml:6:10: print.paper: 'legal' is not allowed" in result.stderr
    assert "print.timezone: unknown time zone 'Mars/Olympus'" in result.stderr


def test_html_in_content_prints_as_text(make_project, tmp_path):
    data = yaml.safe_load(BUILTIN_ESI)
    data["subtitle"] = "<b>Bold?</b> <script>alert(1)</script>"
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    root = make_project({"content/procedures/epidural-steroid-injection.yaml": text})
    out = tmp_path / "out"
    result = run_cli("handout", "epidural-steroid-injection", "--project", root, "--out", out)
    assert result.exit_code == 0, result.stderr
    page = PdfReader(out / "handouts/epidural-steroid-injection.pdf").pages[0].extract_text()
    assert "<b>Bold?</b> <script>alert(1)</script>" in page


def test_clinic_details_fill_placeholders(make_project, tmp_path):
    settings = (
        "clinic:\n  name: Placeholder Test Clinic\n  phone: (555) 010-0177\n"
        "  after_hours_phone: (555) 010-0178\ndemo: true\n"
    )
    root = make_project(settings=settings)
    out = tmp_path / "out"
    result = run_cli("handout", "radiofrequency-ablation", "--project", root, "--out", out)
    assert result.exit_code == 0, result.stderr
    text = " ".join(
        p.extract_text() for p in PdfReader(out / "handouts/radiofrequency-ablation.pdf").pages
    )
    assert "(555) 010-0177" in text
    assert "Placeholder Test Clinic" in text


def test_missing_image_in_a_clinic_template_is_an_error(make_project, tmp_path):
    root = make_project(
        {"templates/partials/logo.html.j2": '<img class="logo" src="images/gone.png" alt="Logo">'}
    )
    out = tmp_path / "out"
    result = run_cli("handout", "radiofrequency-ablation", "--project", root, "--out", out)
    assert result.exit_code == 1
    assert "file not found" in result.stderr and "gone.png" in result.stderr
    assert not out.exists()


def test_files_outside_the_project_are_refused(make_project, tmp_path):
    root = make_project(
        {"templates/partials/logo.html.j2": '<img class="logo" src="file:///etc/passwd" alt="x">'}
    )
    out = tmp_path / "out"
    result = run_cli("handout", "radiofrequency-ablation", "--project", root, "--out", out)
    assert result.exit_code == 1
    assert "logo.html.j2:1: <img src>: 'file:///etc/passwd' is outside the project" in result.stderr
    assert not out.exists()


def test_network_references_are_refused(make_project, tmp_path):
    root = make_project(
        {"templates/partials/logo.html.j2": '<img src="http://127.0.0.1:9/x.png" alt="x">'}
    )
    result = run_cli(
        "handout", "radiofrequency-ablation", "--project", root, "--out", tmp_path / "out"
    )
    assert result.exit_code == 1
    assert (
        "logo.html.j2:1: <img src>: 'http://127.0.0.1:9/x.png' is not a local file" in result.stderr
    )


def test_template_error_names_template_and_line(make_project, tmp_path):
    root = make_project({"templates/partials/logo.html.j2": "{{ clinic.nmae }}"})
    result = run_cli(
        "handout", "radiofrequency-ablation", "--project", root, "--out", tmp_path / "out"
    )
    assert result.exit_code == 1
    assert "templates/partials/logo.html.j2:1" in result.stderr
    assert "nmae" in result.stderr


def test_unwritable_output_folder_is_a_clear_error(tmp_path):
    # A file where the output folder should be fails for root too (CI runs as root).
    from conftest import REPO

    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    result = run_cli(
        "handout", "radiofrequency-ablation", "--project", REPO, "--out", blocker / "out"
    )
    assert result.exit_code == 1
    assert "cannot write to" in result.stderr
    assert "Traceback" not in result.stderr


def test_failed_build_leaves_earlier_outputs_untouched(make_project, tmp_path):
    from conftest import REPO

    out = tmp_path / "out"
    assert (
        run_cli("handout", "radiofrequency-ablation", "--project", REPO, "--out", out).exit_code
        == 0
    )
    before = (out / "handouts/radiofrequency-ablation.pdf").read_bytes()
    root = make_project({"content/procedures/radiofrequency-ablation.yaml": "id: [broken\n"})
    result = run_cli("handout", "radiofrequency-ablation", "--project", root, "--out", out)
    assert result.exit_code == 1
    assert (out / "handouts/radiofrequency-ablation.pdf").read_bytes() == before


def test_character_no_font_can_draw_is_an_error(make_project, tmp_path):
    data = yaml.safe_load(BUILTIN_ESI)
    data["subtitle"] = "Private use \ue000 character"
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    root = make_project({"content/procedures/epidural-steroid-injection.yaml": text})
    out = tmp_path / "out"
    result = run_cli("handout", "epidural-steroid-injection", "--project", root, "--out", out)
    assert result.exit_code == 1
    assert "U+E000" in result.stderr and "cannot be drawn by any installed font" in result.stderr
    assert not out.exists()


def test_non_latin_text_renders_from_fallback_fonts(make_project, tmp_path):
    settings = (
        "clinic:\n  name: Phòng khám Đau 疼痛诊所 عيادة\n  phone: (555) 010-0133\n"
        "  after_hours_phone: (555) 010-0134\ndemo: true\n"
    )
    root = make_project(settings=settings)
    out = tmp_path / "out"
    result = run_cli("handout", "radiofrequency-ablation", "--project", root, "--out", out)
    assert result.exit_code == 0, result.stderr
    text = PdfReader(out / "handouts/radiofrequency-ablation.pdf").pages[0].extract_text()
    assert "Phòng khám Đau" in text and "疼痛诊所" in text


def test_check_validates_the_appointments_section(make_project):
    settings = (
        "clinic:\n  name: Test Clinic\n  phone: (555) 010-0100\n"
        "  after_hours_phone: (555) 010-0101\n"
        "demo: true\nappointments:\n  fasting:\n    food_hours: 8\n"
    )
    root = make_project(settings=settings)
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert (
        "handouts.yaml:8:5: appointments.fasting.food_hours: unknown field "
        "(did you mean 'solid_food_hours'?)" in result.stderr
    )
