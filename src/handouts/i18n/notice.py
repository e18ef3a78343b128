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

from handouts.errors import ProblemList
from handouts.project.schema import Checker
from handouts.project.settings import CONFIG_NAME, LANGUAGE_PATTERN
from handouts.project.yamlfile import load_yaml

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


def notice_lines(project) -> Notice:
    """The project's notice (validated once per project; ContentError on a mistake)."""
    cached = getattr(project, "_language_notice", None)
    if cached is None:
        problems = ProblemList()
        cached = load_notice(project.settings, problems)
        problems.raise_if_errors()
        project._language_notice = cached
    return cached


def load_notice(settings, problems: ProblemList) -> Notice:
    phone = settings.clinic.phone
    defaults = tuple(
        NoticeLine(lang, text.replace("{phone}", phone), phone) for lang, text in DEFAULT_LINES
    )
    if SECTION not in settings.extra:
        return Notice(defaults)
    doc = load_yaml(settings.root / CONFIG_NAME, problems, settings.root)
    if doc is None or not isinstance(doc.data, dict):
        return Notice(defaults)
    check = Checker(doc, problems)
    path = (SECTION,)
    data = check.mapping(doc.data.get(SECTION) or {}, path, optional=("print_on", "lines"))
    if data is None:
        return Notice(defaults)
    places = []
    for item_path, item in check.items(data.get("print_on"), (*path, "print_on")):
        place = check.choice(item, item_path, PLACES)
        if place:
            places.append(place)
    lines = list(defaults)
    for item_path, item in check.items(data.get("lines"), (*path, "lines")):
        entry = check.mapping(item, item_path, required=("language", "text"))
        if entry is None:
            continue
        language = check.text(entry.get("language"), (*item_path, "language"))
        text = check.text(entry.get("text"), (*item_path, "text"))
        if language and not LANGUAGE_PATTERN.match(language):
            check.error((*item_path, "language"), f"'{language}' is not a language tag such as vi")
            continue
        if language and text:
            line = NoticeLine(language, " ".join(text.replace("{phone}", phone).split()), phone)
            if _drawable(check, (*item_path, "text"), line.text):
                lines.append(line)
    return Notice(tuple(lines), tuple(dict.fromkeys(places)))


def _drawable(check: Checker, path, text: str) -> bool:
    from handouts.pdf.fonts import describe_character, undrawable_characters

    missing = undrawable_characters(text.replace("&", "&amp;").replace("<", "&lt;"))
    for char in missing:
        check.error(
            path, f"character {describe_character(char)} cannot be drawn by any installed font"
        )
    return not missing
