"""WCAG contrast of every text/background pair the built-in templates print.

The colours checked are the ones that print: the built-in CSS custom properties, then the
brand's, then the clinic's own stylesheets, in the order the renderer loads them. A pair below
4.5:1 (3:1 for large text: 18 pt, or 14 pt bold) is an error at the line that set the colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handouts.brand.brandfile import ColorSetting
from handouts.brand.colors import (
    LARGE_TEXT_MINIMUM,
    NORMAL_TEXT_MINIMUM,
    contrast_ratio,
    parse_color,
)
from handouts.brand.cssvars import read_css_variables
from handouts.diagnostics import ProblemList
from handouts.project.loader import Project, builtin_dir
from handouts.project.yamlfile import display_path
from handouts.render.theme import stylesheet_paths


@dataclass(frozen=True)
class TextPair:
    """Text in one colour on a background the templates print it on (see templates/css)."""

    what: str
    text: str  # custom property name without the leading --color-
    background: str
    large: bool  # every use is at least 18 pt, or 14 pt bold


TEXT_PAIRS = (
    TextPair("body text", "foreground", "background", False),
    TextPair(
        "headings, the clinic name, glossary terms and citations", "primary", "background", False
    ),
    TextPair("subtitles, contact lines, footers and notes", "muted", "background", False),
    TextPair(
        "text in pale boxes (at a glance, bleeding risk, diary table)",
        "foreground",
        "primary-soft",
        False,
    ),
    TextPair("'at a glance' highlights (13.5 pt bold)", "primary", "primary-soft", False),
    TextPair("numbers of numbered steps (12 pt bold)", "on-primary", "primary", False),
    TextPair("the emergency box heading (15 pt bold)", "danger", "danger-soft", True),
    TextPair("text in the emergency box", "foreground", "danger-soft", False),
    TextPair("the 'call us' box heading (15 pt bold)", "warning", "warning-soft", True),
    TextPair("text in the 'call us' box", "foreground", "warning-soft", False),
)


def printed_colors(project: Project) -> dict[str, tuple[ColorSetting, bool]]:
    """Colour custom properties as the renderer will see them: name -> (where it was set,
    whether the clinic set it rather than the built-in theme)."""
    builtin = (builtin_dir() / "templates").resolve()
    colors: dict[str, tuple[ColorSetting, bool]] = {}
    seen: set = set()
    for kind in ("handout", "booklet"):
        for sheet in stylesheet_paths(project, kind):
            if sheet in seen:
                continue
            seen.add(sheet)
            if not isinstance(sheet, Path):  # the stylesheet generated from _brand.yml
                colors.update({name: (c, True) for name, c in project.brand.colors.items()})
                continue
            from_clinic = not sheet.resolve().is_relative_to(builtin)
            shown = display_path(sheet, project.root)
            for name, var in read_css_variables(sheet, shown).items():
                value = parse_color(var.value) if name.startswith("color-") else None
                if value:
                    setting = ColorSetting(value, var.source, f"--{name}", var.line)
                    colors[name.removeprefix("color-")] = (setting, from_clinic)
    return colors


def check_contrast(project: Project, problems: ProblemList) -> None:
    colors = printed_colors(project)
    for pair in TEXT_PAIRS:
        if pair.text not in colors or pair.background not in colors:
            continue  # a colour we cannot compute (var(), a keyword): the renderer decides
        (text, text_is_clinics), (background, _) = colors[pair.text], colors[pair.background]
        ratio = contrast_ratio(text.value, background.value)
        minimum = LARGE_TEXT_MINIMUM if pair.large else NORMAL_TEXT_MINIMUM
        if ratio + 1e-9 >= minimum:
            continue
        # Point at a colour the clinic chose, the text colour when it chose both.
        blame, name = (text, pair.text) if text_is_clinics else (background, pair.background)
        problems.error(
            blame.source,
            blame.field,
            f"{pair.what}: {pair.text} {text.value} on {pair.background} {background.value} "
            f"has a contrast of {ratio:.2f}:1; WCAG AA needs at least {minimum:g}:1 "
            f"for {'large' if pair.large else 'normal'} text. Choose a {name} colour "
            "with more contrast",
            (blame.line, blame.column),
        )
