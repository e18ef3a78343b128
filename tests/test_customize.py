"""`handouts customize`: a built-in procedure (or template) copied into the project to edit."""

from __future__ import annotations

from conftest import REPO, run_cli
from pdfutil import normalise, page_texts

BUILTIN = REPO / "content" / "procedures" / "nerve-block.yaml"


def test_customize_copies_the_procedure_and_says_where(sample_copy):
    result = run_cli("customize", "nerve-block-occipital", "--project", sample_copy)
    assert result.exit_code == 0, result.stderr
    target = sample_copy / "content" / "procedures" / "nerve-block.yaml"
    assert target.read_bytes() == BUILTIN.read_bytes()  # a variant's id: its procedure's file
    assert f"Wrote {target} (a copy of the built-in content/procedures/nerve-block.yaml)" in (
        result.output
    )
    assert "bump review.version" in result.output
    assert not (sample_copy / "content" / "es").exists()  # English unless asked


def test_the_copy_is_what_the_project_prints(sample_copy, tmp_path):
    assert run_cli("customize", "radiofrequency-ablation", "--project", sample_copy).exit_code == 0
    own = sample_copy / "content" / "procedures" / "radiofrequency-ablation.yaml"
    text = own.read_text(encoding="utf-8")
    assert "title: Radiofrequency ablation\n" in text
    own.write_text(text.replace("title: Radiofrequency ablation\n", "title: Nerve ablation\n"))
    result = run_cli(
        "handout", "radiofrequency-ablation", "--project", sample_copy, "--out", tmp_path
    )
    assert result.exit_code == 0, result.stderr
    assert "Nerve ablation" in normalise(
        page_texts(tmp_path / "handouts" / "radiofrequency-ablation.pdf")[0]
    )


def test_customize_refuses_to_overwrite_without_force(sample_copy):
    target = sample_copy / "content" / "procedures" / "nerve-block.yaml"
    assert run_cli("customize", "nerve-block", "--project", sample_copy).exit_code == 0
    target.write_text(target.read_text(encoding="utf-8") + "# our edit\n", encoding="utf-8")
    result = run_cli("customize", "nerve-block", "--project", sample_copy)
    assert result.exit_code == 2
    assert f"{target} already exists and may hold your edits; nothing was copied" in result.stderr
    assert "--force" in result.stderr
    assert target.read_text(encoding="utf-8").endswith("# our edit\n")  # untouched
    result = run_cli("customize", "nerve-block", "--project", sample_copy, "--force")
    assert result.exit_code == 0, result.stderr
    assert f"Replaced {target}" in result.output
    assert target.read_bytes() == BUILTIN.read_bytes()


def test_customize_with_lang_copies_the_translation(sample_copy):
    result = run_cli("customize", "nerve-block", "--project", sample_copy, "--lang", "en,es")
    assert result.exit_code == 0, result.stderr
    spanish = sample_copy / "content" / "es" / "procedures" / "nerve-block.yaml"
    assert spanish.read_bytes() == (REPO / "content/es/procedures/nerve-block.yaml").read_bytes()
    assert (sample_copy / "content" / "procedures" / "nerve-block.yaml").is_file()
    assert str(spanish) in result.output
    # Both copies load together: the project's Spanish pairs with the project's English.
    assert run_cli("list", "--project", sample_copy).exit_code == 0


def test_customize_a_template_and_bad_names(sample_copy):
    result = run_cli("customize", "--template", "appointment.html.j2", "--project", sample_copy)
    assert result.exit_code == 0, result.stderr
    copied = sample_copy / "templates" / "appointment.html.j2"
    assert copied.read_bytes() == (REPO / "templates" / "appointment.html.j2").read_bytes()
    result = run_cli("customize", "--template", "appointment.htm", "--project", sample_copy)
    assert result.exit_code == 2
    assert "did you mean 'appointment.html.j2'?" in result.stderr
    result = run_cli("customize", "nerveblock", "--project", sample_copy)
    assert result.exit_code == 2
    assert "unknown procedure 'nerveblock' (did you mean 'nerve-block'" in result.stderr
    assert run_cli("customize", "--project", sample_copy).exit_code == 2
    assert "Traceback" not in result.stderr


def test_customize_never_copies_a_file_onto_itself():
    result = run_cli("customize", "nerve-block", "--project", REPO, "--force")
    assert result.exit_code == 1
    assert "is the built-in file itself" in result.stderr
