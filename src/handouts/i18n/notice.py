"""The language-assistance notice: one short line per language, each tagged with its language.

US clinics must tell patients that free language help is available (Section 1557, 45 CFR
92.11; patient-education standards §6). The notice prints where the clinic turns it on:

    language_assistance:
      print_on: [handouts, packets]    # default: nowhere
      lines:                           # added after the English and Spanish lines
        - language: vi
          text: "CHÚ Ý: Nếu bạn nói Tiếng Việt, có các dịch vụ hỗ trợ ngôn ngữ miễn phí.
                 Gọi {phone}."

Every line carries its own `lang` (PDF/UA 7.2), so screen readers and hyphenation follow it,
and a line that no installed font can draw is an error naming its place in handouts.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from handouts.project.config_options import LANGUAGE_PATTERN, Option
from handouts.project.schema import Checker

SECTION = "language_assistance"
PLACES = ("handouts", "packets")
RIGHT_TO_LEFT = re.compile(r"^(ar|fa|he|ur|yi|ps)(-|$)")

# The default lines: English, and the wording of HHS's Spanish tagline.
DEFAULT_LINES = (
    (
        "en",
        "Free language assistance and aids for people with disabilities are available to you. "
        "Call {phone}.",
    ),
    (
        "es",
        "ATENCIÓN: si habla español, tiene a su disposición servicios gratuitos de asistencia "
        "lingüística. Llame al {phone}.",
    ),
)


@dataclass(frozen=True)
class NoticeLine:
    language: str
    text: str
    phone: str = ""

    @property
    def direction(self) -> str:
        return "rtl" if RIGHT_TO_LEFT.match(self.language) else "ltr"

    @property
    def html(self) -> Markup:
        """The escaped line. The phone number's spaces do not break, and inside a right-to-left
        line the number stays left to right. (A `white-space: nowrap` span makes WeasyPrint 70
        break the line before it at odd places, so no-break spaces it is.)"""
        text = escape(self.text)
        if self.phone:
            number = escape(self.phone)
            kept = Markup(str(number).replace(" ", "\u00a0"))
            if self.direction == "rtl":
                kept = Markup('<span dir="ltr">{}</span>').format(kept)
            text = Markup(text.replace(number, kept))
        return text


@dataclass(frozen=True)
class Notice:
    lines: tuple[NoticeLine, ...]
    places: tuple[str, ...] = ()

    @property
    def on_handouts(self) -> bool:
        return "handouts" in self.places

    @property
    def on_packets(self) -> bool:
        return "packets" in self.places


@dataclass(frozen=True)
class NoticeSettings:
    """The section as written: the clinic's own lines keep their `{phone}` placeholder."""

    places: tuple[str, ...] = ()
    lines: tuple[tuple[str, str], ...] = ()  # (language, text)


class NoticeOption(Option):
    def __init__(self):
        super().__init__(NoticeSettings())

    def validate(self, check: Checker, value, path) -> NoticeSettings:
        data = check.mapping(value or {}, path, optional=("print_on", "lines"))
        if data is None:
            return NoticeSettings()
        places = []
        for item_path, item in check.items(data.get("print_on"), (*path, "print_on")):
            place = check.choice(item, item_path, PLACES)
            if place:
                places.append(place)
        lines = []
        for item_path, item in check.items(data.get("lines"), (*path, "lines")):
            entry = check.mapping(item, item_path, required=("language", "text"))
            if entry is None:
                continue
            language = check.text(entry.get("language"), (*item_path, "language"))
            text = check.text(entry.get("text"), (*item_path, "text"))
            if language and not LANGUAGE_PATTERN.match(language):
                message = f"'{language}' is not a language tag such as vi"
                check.error((*item_path, "language"), message)
                continue
            if language and text and _drawable(check, (*item_path, "text"), text):
                lines.append((language, " ".join(text.split())))
        return NoticeSettings(tuple(dict.fromkeys(places)), tuple(lines))


def notice_lines(project) -> Notice:
    """The project's notice: the default lines, then the clinic's, with its phone number."""
    settings = project.settings
    phone = settings.clinic.phone
    written = settings.language_assistance
    lines = tuple(
        NoticeLine(language, text.replace("{phone}", phone), phone)
        for language, text in (*DEFAULT_LINES, *written.lines)
    )
    return Notice(lines, written.places)


def _drawable(check: Checker, path, text: str) -> bool:
    from handouts.pdf.fonts import describe_character, undrawable_characters

    missing = undrawable_characters(text.replace("&", "&amp;").replace("<", "&lt;"))
    for char in missing:
        check.error(
            path, f"character {describe_character(char)} cannot be drawn by any installed font"
        )
    return not missing
