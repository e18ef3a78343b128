"""A clinic makes the handouts its own: init, _brand.yml, template overrides, new procedures.

The main scenario is built once per session: `handouts init`, then colours, a PNG logo and a
local font in _brand.yml, one block override, one whole-template override, a clinic
stylesheet named in handouts.yaml, and a new procedure; then its handout and the booklet.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from conftest import REPO, run_cli

EXAMPLE = REPO / "examples" / "fernhill-spine"
REAL_NUMBERS = {"(555) 010-0100": "(617) 201-4477", "(555) 010-0199": "(617) 201-4478"}

NEW_PROCEDURE = """\
schema: 1
id: harbor-stretch-clinic
title: Harbor stretch class
subtitle: A guided group class to keep your back moving
kind: injection
review:
  version: 1.0.0
  last_reviewed: 2026-01-10
  reviewed_by: Dr. Lee
  next_review_due: 2027-01-10
patient:
  sections:
    - id: what-is-it
      title: "What is it?"
      body: A one-hour group class with a physiotherapist.
    - id: why
      title: "Why do it?"
      body: Gentle movement helps many kinds of back pain.
    - id: how-it-is-done
      title: "How is it done?"
      body: You follow simple stretches on a mat.
    - id: how-to-get-ready
      title: "How to get ready"
      body: Wear loose clothes.
    - id: after
      title: "After the class"
      body: You may feel a little sore the next day.
    - id: risks
      title: "Risks"
      body: Stop if a stretch hurts.
    - id: harbor-parking
      title: "Parking at Harbor"
      body: Park free in the blue garage.
  emergency: [chest pain or trouble breathing]
  call_us: [pain that is much worse after the class]
clinician:
  bleeding_risk: none
  sections:
    - id: indications
      title: "Indications"
      body: Chronic low back pain.
    - id: contraindications
      title: "Contraindications"
      body: Acute fracture.
    - id: technique
      title: "Technique"
      body: Supervised stretching.
    - id: complications
      title: "Complications"
      body: Muscle soreness.
    - id: evidence
      title: "Evidence"
      body: Exercise therapy helps chronic back pain.
  references:
    - {key: X1, text: Example reference.}
diary:
  title: Stretch diary
  intro: Write down your pain before and after each class.
  times: [Before class, After class]
"""

BLOCK_OVERRIDE = """\
{% extends "!handout.html.j2" %}
{% block note %}{{ super() }}
<p class="note">Harbor tip: free parking in the blue garage.</p>
{% endblock %}
"""

WHOLE_OVERRIDE = """\
<section class="diary" id="{{ handout.slug }}-diary">
  <h2 class="diary-title">Harbor's own diary page: {{ diary.title }}</h2>
  <p>Bring this page to Harbor.</p>
</section>
"""

BRAND = """\
meta:
  name: Harbor Pain Clinic
logo:
  medium: {path: images/harbor.png, alt: Harbor Pain Clinic logo}
color:
  palette:
    harbor-green: "#0b6e4f"
  primary: harbor-green
  danger: "#9b1c1c"
typography:
  fonts:
    - family: Harbor Serif
      source: file
      files:
        - {path: fonts/HarborSerif-Bold.ttf, weight: 700}
        - {path: fonts/HarborSerif.ttf, weight: 400}
  headings: Harbor Serif
"""


def init_project(folder: Path, *extra: str) -> Path:
    result = run_cli("init", folder, "--clinic-name", "Harbor Pain Clinic", *extra)
    assert result.exit_code == 0, result.output + result.stderr
    return folder


def use_real_numbers(root: Path) -> None:
    settings = root / "handouts.yaml"
    text = settings.read_text(encoding="utf-8")
    for fake, real in REAL_NUMBERS.items():
        text = text.replace(fake, real)
    settings.write_text(text, encoding="utf-8")


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def chapter_text(path: Path, title: str) -> str:
    """Text of the booklet page a top-level bookmark points to (the chapter's first page)."""
    reader = pypdf.PdfReader(path)
    entry = next((e for e in reader.outline if not isinstance(e, list) and e.title == title), None)
    assert entry is not None, f"no bookmark '{title}' in {path.name}"
    return reader.pages[reader.get_destination_page_number(entry)].extract_text()


def alt_texts(path: Path) -> list[str]:
    """Alternative texts in the PDF's structure tree (what a screen reader announces)."""
    found = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/Alt" in node:
                found.append(str(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(pypdf.PdfReader(path).trailer["/Root"]["/StructTreeRoot"])
    return found


def font_names(path: Path) -> set[str]:
    names = set()
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def title_color(path: Path) -> tuple:
    """Fill colour (0-255 RGB) of the largest text on page 1: the handout title."""
    fill = {"rgb": None}
    chunks = []

    def before(operator, args, cm, tm):
        if operator == b"rg":
            fill["rgb"] = tuple(round(float(a) * 255) for a in args)

    def text(chunk, cm, tm, font, size):
        if chunk.strip():
            chunks.append((size * (abs(tm[0] * cm[0]) or 1), fill["rgb"]))

    pypdf.PdfReader(path).pages[0].extract_text(visitor_operand_before=before, visitor_text=text)
    return max(chunks, key=lambda c: c[0])[1]


@pytest.fixture(scope="session")
def clinic(tmp_path_factory):
    """A project made with `handouts init` and customised as a clinic would, then built."""
    root = init_project(tmp_path_factory.mktemp("harbor") / "harbor")
    use_real_numbers(root)
    write(root, "_brand.yml", BRAND)
    (root / "images").mkdir()
    Image.new("RGB", (64, 64), "#0b6e4f").save(root / "images" / "harbor.png")
    (root / "fonts").mkdir()
    shutil.copy(EXAMPLE / "fonts" / "DejaVuSerif-Bold.ttf", root / "fonts" / "HarborSerif-Bold.ttf")
    shutil.copy(EXAMPLE / "fonts" / "DejaVuSerif.ttf", root / "fonts" / "HarborSerif.ttf")
    write(root, "templates/handout.html.j2", BLOCK_OVERRIDE)
    write(root, "templates/partials/diary.html.j2", WHOLE_OVERRIDE)
    write(root, "content/procedures/harbor-stretch-clinic.yaml", NEW_PROCEDURE)
    write(root, "styles/print.css", ":root { --color-primary: #7a1f5c; }\n")
    with (root / "handouts.yaml").open("a", encoding="utf-8") as settings:
        settings.write("theme:\n  stylesheets: [styles/print.css]\n")
    out = root / "output"
    # The clinic's own handout carries every customisation; built-in handouts are left out
    # because the added note line could push them past their page limits.
    result = run_cli("handout", "harbor-stretch-clinic", "--project", root, "--out", out)
    assert result.exit_code == 0, result.output + result.stderr
    booklet = run_cli("booklet", "--project", root, "--out", out)
    assert booklet.exit_code == 0, booklet.output + booklet.stderr
    return root, out, result


# -- init --------------------------------------------------------------------------------------


def test_init_creates_a_project_that_builds_from_the_builtin_content(tmp_path):
    root = tmp_path / "new-clinic"
    result = run_cli("init", root)
    assert result.exit_code == 0, result.stderr
    for name in ("handouts.yaml", "_brand.yml", "templates/README.md", "content/README.md"):
        assert (root / name).is_file(), name
    assert not list((root / "content").rglob("*.yaml")), "built-in content is used, not copied"
    assert (
        result.output.strip().splitlines()[-1].strip().endswith(f"handouts build --project {root}")
    )
    listing = run_cli("list", "--project", root)
    assert listing.exit_code == 0 and "radiofrequency-ablation" in listing.output


def test_init_refuses_to_overwrite_an_existing_project(tmp_path):
    root = init_project(tmp_path / "clinic")
    (root / "handouts.yaml").write_text("# mine\n", encoding="utf-8")
    result = run_cli("init", root)
    assert result.exit_code == 1
    assert "already holds a handouts project" in result.stderr
    assert (root / "handouts.yaml").read_text(encoding="utf-8") == "# mine\n"


def test_init_copy_content_copies_the_builtin_procedures(tmp_path):
    root = init_project(tmp_path / "clinic", "--copy-content")
    builtin = sorted(p.name for p in (REPO / "content" / "procedures").glob("*.yaml"))
    assert sorted(p.name for p in (root / "content" / "procedures").glob("*.yaml")) == builtin
    use_real_numbers(root)
    result = run_cli("check", "--project", root)
    assert result.exit_code == 0, result.stderr
    assert "review.version" not in result.stderr  # same versions as the built-in: no drift


# -- the customised clinic, built ----------------------------------------------------------------


def test_clinic_name_logo_and_font_are_in_the_handouts(clinic):
    _, out, _ = clinic
    handout = out / "handouts" / "harbor-stretch-clinic.pdf"
    assert "Harbor Pain Clinic" in pdf_text(handout)
    assert "Harbor Pain Clinic logo" in alt_texts(handout)
    assert pypdf.PdfReader(handout).pages[0].images, "the PNG logo is on page 1"
    assert any("Harbor-Serif" in name for name in font_names(handout)), "brand heading font"
    assert any("Atkinson" in name for name in font_names(handout)), "default font stays for body"


def test_clinic_stylesheet_from_handouts_yaml_loads_after_the_brand(clinic):
    _, out, _ = clinic
    # _brand.yml makes titles #0b6e4f; styles/print.css, loaded later, makes them #7a1f5c.
    assert title_color(out / "handouts" / "harbor-stretch-clinic.pdf") == (0x7A, 0x1F, 0x5C)


def test_block_override_keeps_the_original_and_adds_the_clinic_text(clinic):
    _, out, _ = clinic
    text = pdf_text(out / "handouts" / "harbor-stretch-clinic.pdf")
    assert "Harbor tip: free parking in the blue garage." in text
    assert "does not replace, the advice of your care team" in text  # {{ super() }}


def test_new_procedure_is_listed_built_and_in_the_booklet(clinic):
    root, out, build = clinic
    listing = run_cli("list", "--project", root)
    assert re.search(r"harbor-stretch-clinic\s+Harbor stretch class .*clinic's own", listing.output)
    handout = out / "handouts" / "harbor-stretch-clinic.pdf"
    assert "harbor-stretch-clinic.pdf" in build.output
    text = pdf_text(handout)
    assert "Parking at Harbor" in text  # the clinic's own section
    assert "Harbor's own diary page: Stretch diary" in text  # the whole-template override
    chapter = chapter_text(out / "clinician-booklet.pdf", "Harbor stretch class")
    assert "Supervised stretching." in chapter


def test_brand_colours_reach_the_pdf(tmp_path):
    root = init_project(tmp_path / "clinic")
    use_real_numbers(root)
    brand = (root / "_brand.yml").read_text(encoding="utf-8")
    write(root, "_brand.yml", brand.replace('primary: "#1b4f8a"', 'primary: "#0b6e4f"'))
    out = tmp_path / "out"
    result = run_cli("handout", "radiofrequency-ablation", "--project", root, "--out", out)
    assert result.exit_code == 0, result.stderr
    assert title_color(out / "handouts" / "radiofrequency-ablation.pdf") == (0x0B, 0x6E, 0x4F)


# -- check: demo numbers, contrast, brand rules, drift -------------------------------------------


def test_demo_phone_numbers_fail_check_unless_the_project_is_a_demo(tmp_path):
    root = init_project(tmp_path / "clinic")
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert re.search(
        r"handouts\.yaml:\d+:\d+: clinic\.phone: \(555\) 010-0100 is a fictional",
        result.output,
    )
    assert "clinic.after_hours_phone" in result.output + result.stderr
    settings = root / "handouts.yaml"
    settings.write_text(settings.read_text().replace("demo: false", "demo: true"), encoding="utf-8")
    assert run_cli("check", "--project", root).exit_code == 0


def test_build_warns_about_demo_numbers_and_strict_fails(tmp_path):
    root = init_project(tmp_path / "clinic")
    result = run_cli("handout", "radiofrequency-ablation", "--project", root, "--strict")
    assert result.exit_code == 1
    assert "fictional sample number" in result.output + result.stderr


@pytest.mark.parametrize(
    ("setting", "field", "needs"),
    [
        ('primary: "#1b4f8a"', 'primary: "#8fb3d9"', "4.5:1"),  # pale headings on white
        ('warning: "#7a4d00"', 'warning: "#ffcc00"', "3:1"),  # yellow 'call us' heading
    ],
)
def test_low_contrast_brand_fails_check_at_the_line_that_set_the_colour(
    tmp_path, setting, field, needs
):
    root = init_project(tmp_path / "clinic")
    use_real_numbers(root)
    brand = root / "_brand.yml"
    text = brand.read_text(encoding="utf-8")
    brand.write_text(text.replace(setting, field), encoding="utf-8")
    line = next(n for n, text in enumerate(brand.read_text().splitlines(), 1) if field in text)
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert f"_brand.yml:{line}:" in result.output + result.stderr
    assert f"WCAG AA needs at least {needs}" in result.output + result.stderr


def test_low_contrast_in_clinic_css_fails_check(tmp_path):
    root = init_project(tmp_path / "clinic")
    use_real_numbers(root)
    write(root, "templates/clinic.css", ":root {\n  --color-muted: #b0b0b0;\n}\n")
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "templates/clinic.css:2: --color-muted:" in result.output + result.stderr


@pytest.mark.parametrize(
    ("brand", "message"),
    [
        (
            "typography:\n  fonts:\n    - {family: Inter, source: google}\n  base: Inter\n",
            "fonts from Google Fonts are fetched from the web",
        ),
        (
            "typography:\n  fonts:\n    - {family: Inter, source: bunny}\n",
            "fonts from Bunny Fonts are fetched from the web",
        ),
        (
            "logo:\n  medium: {path: 'https://example.org/logo.png', alt: Logo}\n",
            "is a web address; print uses local files only",
        ),
        ("logo:\n  medium: images/logo.png\n", "a logo needs alt text"),
        ("logo:\n  medium: {path: logo.gif, alt: Logo}\n", "must be a svg or png or jpg or jpeg"),
        ("color:\n  primary: blue-ish\n", "is not a colour handouts can check"),
        ("typography:\n  base: {size: 10pt}\n", "patient handouts need at least 12 pt"),
        ("colour:\n  primary: '#000000'\n", "unknown field (did you mean 'color'?)"),
    ],
)
def test_brand_settings_print_cannot_honour_are_clear_errors(tmp_path, brand, message):
    root = init_project(tmp_path / "clinic")
    (root / "images").mkdir()
    Image.new("RGB", (8, 8)).save(root / "images" / "logo.png")
    write(root, "_brand.yml", brand)
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert re.search(r"_brand\.yml:\d+:\d+: ", result.output + result.stderr), result.stderr
    assert message in result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_a_logos_alt_text_follows_the_handouts_language(tmp_path):
    root = init_project(tmp_path / "clinic")
    use_real_numbers(root)
    (root / "images").mkdir()
    Image.new("RGB", (32, 32), "#0b6e4f").save(root / "images" / "logo.png")
    alt = "{en: Harbor Pain Clinic logo, es: Logotipo de Harbor Pain Clinic}"
    write(root, "_brand.yml", f"logo:\n  medium: {{path: images/logo.png, alt: {alt}}}\n")
    check = run_cli("check", "--project", root, "--strict")
    assert "alt text" not in check.output + check.stderr
    out = root / "output"
    result = run_cli("handout", "nerve-block-occipital", "--lang", "all", "--project", root)
    assert result.exit_code == 0, result.stderr
    english = alt_texts(out / "handouts" / "nerve-block-occipital.pdf")
    spanish = alt_texts(out / "handouts" / "es" / "nerve-block-occipital.pdf")
    assert "Harbor Pain Clinic logo" in english and "Logotipo de Harbor Pain Clinic" not in english
    assert "Logotipo de Harbor Pain Clinic" in spanish and "Harbor Pain Clinic logo" not in spanish


def test_a_logo_alt_text_in_one_language_is_a_warning_for_the_others(tmp_path):
    root = init_project(tmp_path / "clinic")
    (root / "images").mkdir()
    Image.new("RGB", (32, 32)).save(root / "images" / "logo.png")
    use_real_numbers(root)
    write(root, "_brand.yml", "logo:\n  medium: {path: images/logo.png, alt: Harbor logo}\n")
    result = run_cli("check", "--project", root)
    assert result.exit_code == 0, result.stderr
    warning = re.search(r"_brand\.yml:2:\d+: logo\.medium\.alt: (.*)", result.output)
    assert warning, result.output
    assert "no Spanish (es) version" in warning.group(1)
    assert "alt: {en: ..., es: ...}" in warning.group(1)
    assert run_cli("check", "--project", root, "--strict").exit_code == 1


def test_the_built_in_mark_is_named_in_the_handouts_language(tmp_path):
    out = tmp_path / "out"
    result = run_cli(
        "handout", "nerve-block-occipital", "--lang", "es", "--project", REPO, "--out", out
    )
    assert result.exit_code == 0, result.stderr
    alts = alt_texts(out / "handouts" / "es" / "nerve-block-occipital.pdf")
    assert "Logotipo de Riverbend Pain Clinic" in alts, alts


def test_brand_name_that_differs_from_handouts_yaml_is_a_warning(tmp_path):
    root = init_project(tmp_path / "clinic")
    use_real_numbers(root)
    brand = root / "_brand.yml"
    brand.write_text(brand.read_text().replace('name: "Harbor Pain Clinic"', "name: Harbour"))
    line = next(n for n, t in enumerate(brand.read_text().splitlines(), 1) if "name: Harbour" in t)
    result = run_cli("check", "--project", root)
    assert result.exit_code == 0
    assert (
        f"_brand.yml:{line}:9: meta.name: 'Harbour' differs from clinic.name"
        in result.output + result.stderr
    )
    assert run_cli("check", "--project", root, "--strict").exit_code == 1


def test_check_warns_when_an_overridden_procedure_is_behind_the_builtin_version(tmp_path):
    root = init_project(tmp_path / "clinic")
    use_real_numbers(root)
    builtin = REPO / "content" / "procedures" / "radiofrequency-ablation.yaml"
    text = re.sub(
        r"(?m)^(\s+version:).*$", r"\1 0.0.1", builtin.read_text(encoding="utf-8"), count=1
    )
    write(root, "content/procedures/radiofrequency-ablation.yaml", text)
    result = run_cli("check", "--project", root)
    assert result.exit_code == 0, result.stderr
    assert re.search(
        r"content/procedures/radiofrequency-ablation\.yaml:\d+:\d+: review\.version: "
        r"your copy is version 0\.0\.1, but the built-in text is now version",
        result.output + result.stderr,
    )


# -- templates --------------------------------------------------------------------------------


def test_templates_lists_blocks_and_the_clinics_overrides(clinic):
    root, _, _ = clinic
    result = run_cli("templates", "--project", root)
    assert result.exit_code == 0
    handout_entry = result.output.split("handout.html.j2", 1)[1].split("partials/", 1)[0]
    for block in ("masthead", "logo", "contact", "title_block", "section", "get_help", "note"):
        assert re.search(rf"\b{block}\b", handout_entry), block
    assert "overridden by templates/handout.html.j2" in result.output
    assert "overridden by templates/partials/diary.html.j2" in result.output


def test_template_error_names_the_file_and_line(tmp_path):
    root = init_project(tmp_path / "clinic", "--clinic-name", "X")
    write(
        root,
        "templates/handout.html.j2",
        '{% extends "!handout.html.j2" %}\n\n{% block note %}{{ oops }\n',
    )
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert re.search(r"templates/handout\.html\.j2:3: template syntax error", result.stderr)
    write(
        root,
        "templates/handout.html.j2",
        '{% extends "!handout.html.j2" %}\n{% block note %}\n{{ clinic.fax }}{% endblock %}\n',
    )
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert re.search(r"templates/handout\.html\.j2:3: .*fax", result.stderr), result.stderr
    assert "Traceback" not in result.stderr


# -- the second worked example -------------------------------------------------------------------


@pytest.fixture(scope="session")
def example_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("fernhill-output")
    result = run_cli("build", "--project", EXAMPLE, "--out", out, "--strict")
    assert result.exit_code == 0, result.output + result.stderr
    return out


def test_example_clinic_builds_on_a4_with_its_own_look(example_build):
    handouts = sorted((example_build / "handouts").glob("*.pdf"))
    assert handouts and (example_build / "clinician-booklet.pdf").is_file()
    first = handouts[0]
    width, height = (float(v) for v in pypdf.PdfReader(first).pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = pdf_text(first)
    assert "Fernhill Spine & Pain Centre" in text
    assert "Questions? Ring" in text  # the overridden contact block
    assert "Need an interpreter or this leaflet in large print?" in text
    assert "Fernhill Spine & Pain Centre logo" in alt_texts(first)
    assert title_color(first) == (0x5B, 0x2A, 0x6E)  # plum from _brand.yml


def test_example_clinic_passes_check_strict():
    result = run_cli("check", "--project", EXAMPLE, "--strict")
    assert result.exit_code == 0, result.stderr
