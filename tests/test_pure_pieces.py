"""Fast unit tests of the small pure pieces, so a change there fails in seconds."""

from __future__ import annotations

import pytest

from handouts.brand.colors import contrast_ratio, mix, parse_color, relative_luminance
from handouts.brand.cssvars import css_variables


@pytest.mark.parametrize(
    ("text", "color"),
    [
        ("#1B4F8A", "#1b4f8a"),
        ("#abc", "#aabbcc"),
        ("rgb(27, 79, 138)", "#1b4f8a"),
        ("white", "#ffffff"),
        ("navy", "#000080"),
        ("hsl(210 50% 40%)", "#336699"),
        (" #fff ", "#ffffff"),
    ],
)
def test_colours_a_brand_may_use(text, color):
    assert parse_color(text) == color


@pytest.mark.parametrize(
    "text", ["blue-ish", "rgb(300, 0, 0)", "transparent", "rgba(0, 0, 0, .5)", "currentcolor", ""]
)
def test_colours_without_a_contrast_are_refused(text):
    assert parse_color(text) is None


def test_wcag_contrast_formula():
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    assert relative_luminance("#000000") == 0.0
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    # The sample primary on white, worked by hand: L = 0.0766, (1 + 0.05) / (0.0766 + 0.05).
    assert contrast_ratio("#1b4f8a", "#ffffff") == pytest.approx(8.29, abs=0.01)
    assert mix("#000000", "#ffffff", 0.5) == "#808080"


def test_css_variables_as_css_reads_them():
    css = """/* --color-primary: #000000; (a comment) */
:root {
  --color-primary: #1b4f8a;
  --font-body: "Atkinson Hyperlegible",
      sans-serif;
}
@media print { :root { --color-muted: #4a4a4a; } }
a::after { content: "--not-a-variable: 1;"; }
:root { --color-primary: #0b3f7a; }
"""
    found = css_variables(css, "clinic.css")
    assert {name: v.value for name, v in found.items()} == {
        "color-primary": "#0b3f7a",  # the later declaration wins
        "font-body": '"Atkinson Hyperlegible", sans-serif',
        "color-muted": "#4a4a4a",
    }
    assert found["color-primary"].line == 9
    assert found["font-body"].line == 4
    assert found["color-muted"].source == "clinic.css"


# -- content markup ---------------------------------------------------------------------------


def markup(text: str, **context):
    from handouts.project.markup import MarkupContext, render_inline

    ctx = MarkupContext(placeholders={"phone": "(555) 010-0100", "clinic": "A & B"}, **context)
    return str(render_inline(text, ctx)), ctx


def test_markup_escapes_text_and_fills_placeholders_escaped():
    html, ctx = markup("Call {phone} at {clinic} <b>now</b>")
    assert html == "Call (555) 010-0100 at A &amp; B &lt;b&gt;now&lt;/b&gt;"
    assert ctx.errors == []


def test_markup_terms_emphasis_links_and_citations():
    html, ctx = markup(
        "The [[epidural space|epidural]] is **near** the *spine* [1](https://example.org) [@smith]",
        references={"smith": 3},
        anchor_prefix="esi-",
    )
    assert '<dfn class="term" data-term="epidural">epidural space</dfn>' in html
    assert "<strong>near</strong>" in html and "<em>spine</em>" in html
    assert '<a href="https://example.org">1</a>' in html
    assert '<a class="cite" href="#esi-ref-smith" data-ref="smith">3</a>' in html
    assert ctx.terms == ["epidural"] and ctx.citations == ["smith"] and ctx.errors == []


def test_markup_reports_what_it_cannot_print():
    _, ctx = markup("{fax} [x](javascript:void) [@nobody] a { brace")
    assert ctx.errors == [
        "unknown placeholder {fax}; known: {phone}, {clinic}",
        "link 'javascript:void' must start with https://, http://, mailto: or tel:",
        "citation [@nobody] has no entry in this file's references",
        "a lone '{' or '}': write {{ or }} for a literal brace",
    ]


def test_markup_blocks_paragraphs_bullets_and_numbered_steps():
    from handouts.project.markup import MarkupContext, render_blocks

    text = "First line\nsame paragraph\n\n- one\n- two\n  continued\n\n1. step\n2) next"
    html = str(render_blocks(text, MarkupContext(placeholders={})))
    assert html.split("\n") == [
        "<p>First line same paragraph</p>",
        "<ul><li>one</li><li>two continued</li></ul>",
        '<ol class="steps"><li>step</li><li>next</li></ol>',
    ]


# -- link checks, version keys, ages ----------------------------------------------------------


@pytest.mark.parametrize(
    ("href", "problem"),
    [
        ("#risks", None),
        ("#gone", "cross-reference '#gone' points to nothing in this document"),
        ("https://example.org/a", None),
        ("https://localhost/", "link 'https://localhost/' has no valid host name"),
        ("mailto:desk@example.org", None),
        ("mailto:desk", "link 'mailto:desk' has no e-mail address"),
        ("tel:555-0100", None),
        ("tel:12", "link 'tel:12' has no number"),
        ("ftp://x.org", "link 'ftp://x.org' cannot be followed from a PDF (use https://, "
         "mailto: or tel:)"),
    ],
)  # fmt: skip
def test_link_problems(href, problem):
    from handouts.checks.structure import link_problem

    assert link_problem(href, ["risks"]) == problem


@pytest.mark.parametrize(
    ("version", "key"),
    [
        ("1.2.0", (1, 2)),
        ("1.2.0+riverbend.3", (1, 2)),
        ("v2", (2,)),
        ("1.10", (1, 10)),
        ("0", (0,)),
        ("draft", None),
    ],
)
def test_version_keys_compare_releases_not_text(version, key):
    from handouts.checks.preflight import version_key

    assert version_key(version) == key


def test_version_keys_order_numerically():
    from handouts.checks.preflight import version_key

    assert version_key("1.10.0") > version_key("1.9.3") > version_key("1.9")


@pytest.mark.parametrize(
    ("text", "seconds", "words"),
    [("7d", 7 * 86400, "7 days"), ("36h", 36 * 3600, "36 hours"), (" 1w ", 604800, "1 week")],
)
def test_ages(text, seconds, words):
    from handouts.appointments.clean import describe_age, parse_age

    assert parse_age(text) == seconds
    assert describe_age(text) == words


@pytest.mark.parametrize("text", ["7", "7 days", "-1d", "", "1y"])
def test_ages_that_are_refused(text):
    from handouts.appointments.clean import parse_age
    from handouts.diagnostics import UsageError

    with pytest.raises(UsageError, match="is not an age such as 7d"):
        parse_age(text)


# -- diagnostics ------------------------------------------------------------------------------


def test_one_diagnostic_type_prints_problems_and_findings():
    from handouts.checks.results import Finding
    from handouts.diagnostics import Diagnostic, Problem

    assert Problem is Diagnostic and Finding is Diagnostic
    problem = Diagnostic("handouts.yaml", "clinic.phone", "expected text", 5, 10)
    assert str(problem) == "handouts.yaml:5:10: clinic.phone: expected text"
    assert str(Diagnostic("_brand.yml", "", "file is empty")) == "_brand.yml: file is empty"
    finding = Diagnostic(
        "content/procedures/x.yaml", "risks", "section prints no text", None, None,
        "error", "sections", "x, x-lumbar",
    )  # fmt: skip
    assert str(finding) == "content/procedures/x.yaml: x, x-lumbar › risks: section prints no text"
    assert finding.as_dict() == {
        "severity": "error",
        "check": "sections",
        "document": "x, x-lumbar",
        "section": "risks",
        "message": "section prints no text",
        "source": "content/procedures/x.yaml",
    }


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("Yes", True),
        (" y ", True),
        ("TRUE", True),
        ("1", True),
        ("no", False),
        ("", False),
        (None, False),
        ("0", False),
        ("maybe", None),
        ("x", None),
        ("si", None),
    ],
)
def test_yes_no_answers(text, answer):
    from handouts.yes_no import parse_yes_no, read_yes_no

    assert read_yes_no(text) is answer
    if answer is None:
        with pytest.raises(ValueError):
            parse_yes_no(text or "")
    else:
        assert parse_yes_no(text or "") is answer


def test_a_large_print_column_also_takes_a_tick():
    from handouts.render.large_print import wants_large_print

    assert wants_large_print("x") is True and wants_large_print("Large print") is True
    assert wants_large_print("no") is False and wants_large_print("perhaps") is None
