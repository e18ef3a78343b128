"""Colours: the CSS colour forms a brand may use (parsed by tinycss2), and WCAG contrast.

The contrast formula is WCAG 2.x relative luminance
(https://w3c.github.io/wcag/guidelines/relative-luminance.html): each sRGB channel is
linearised, weighted 0.2126/0.7152/0.0722, and the ratio is (L_lighter + 0.05) / (L_darker + 0.05),
from 1 to 21.
"""

from __future__ import annotations

import tinycss2.color4

NORMAL_TEXT_MINIMUM = 4.5  # WCAG 2.x SC 1.4.3, level AA
LARGE_TEXT_MINIMUM = 3.0  # large = at least 18 pt, or 14 pt bold
GAMUT_SLACK = 1e-6  # hsl() arithmetic lands a hair outside 0..1


def parse_color(value: str) -> str | None:
    """A CSS colour ('#1B4F8A', '#abc', 'rgb(27, 79, 138)', 'navy', 'hsl(210 50% 40%)')
    -> '#1b4f8a'; None if it is not an opaque sRGB colour we can compute contrast for
    (transparent, currentcolor, out of range, a colour space without an sRGB conversion)."""
    color = tinycss2.color4.parse_color(value.strip())
    if not isinstance(color, tinycss2.color4.Color) or color.alpha != 1:
        return None
    try:
        coordinates = color.to("srgb").coordinates
    except NotImplementedError:
        return None
    if any(not -GAMUT_SLACK <= c <= 1 + GAMUT_SLACK for c in coordinates):
        return None
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in coordinates)


def channels(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def relative_luminance(color: str) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in channels(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(color: str, background: str, amount: float) -> str:
    """`amount` of `color` over `background`: the pale tint behind a box of that colour."""
    return "#" + "".join(
        f"{round(c * amount + b * (1 - amount)):02x}"
        for c, b in zip(channels(color), channels(background), strict=True)
    )
