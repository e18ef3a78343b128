"""Fonts: Atkinson Hyperlegible for Latin text, installed Noto fonts for other scripts.

A character that no font can draw would print as an empty box, so it is an error.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

FAMILY = "Atkinson Hyperlegible"
STYLES = {
    "Regular": ("normal", "normal"),
    "Bold": ("bold", "normal"),
    "Italic": ("normal", "italic"),
    "BoldItalic": ("bold", "italic"),
}
TAG = re.compile(r"<[^>]*>")
IGNORED_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}  # controls, format marks, spaces
FONT_FOLDER = Path(__file__).resolve().parents[1] / "fonts" / "atkinson-hyperlegible"


def font_folder() -> Path:
    """The bundled font files, shipped in the package with their licence (OFL.txt)."""
    return FONT_FOLDER


def font_face_css() -> str:
    """@font-face rules for the bundled font, with absolute file URLs."""
    rules = []
    for style, (weight, slant) in STYLES.items():
        path = font_folder() / f"AtkinsonHyperlegible-{style}.ttf"
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; '
            f'font-style: {slant}; src: url("{path.as_uri()}"); }}'
        )
    return "\n".join(rules)


@cache
def _bundled_codepoints() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for style in STYLES:
        with TTFont(font_folder() / f"AtkinsonHyperlegible-{style}.ttf", lazy=True) as font:
            points.update(font.getBestCmap())
    return frozenset(points)


@cache
def _system_font_has(char: str) -> bool | None:
    """Whether any installed font covers `char`; None when fontconfig is not installed."""
    if shutil.which("fc-list") is None:
        return None
    result = subprocess.run(
        ["fc-list", f":charset={ord(char):x}", "family"],
        capture_output=True,
        text=True,
        check=False,
    )
    return bool(result.stdout.strip())


def undrawable_characters(markup: str) -> list[str]:
    """Characters of an HTML text that no available font can draw."""
    text = html.unescape(TAG.sub(" ", markup))
    missing = []
    bundled = _bundled_codepoints()
    for char in sorted(set(text)):
        if ord(char) < 128 or ord(char) in bundled:
            continue
        if unicodedata.category(char) in IGNORED_CATEGORIES:
            continue
        if _system_font_has(char) is False:
            missing.append(char)
    return missing


def describe_character(char: str) -> str:
    name = unicodedata.name(char, "unnamed character")
    return f"'{char}' (U+{ord(char):04X} {name})"


def undrawable_messages(markup: str) -> list[str]:
    """One message per character of an HTML text that no available font can draw."""
    return [
        f"character {describe_character(char)} cannot be drawn by any installed font"
        for char in undrawable_characters(markup)
    ]
