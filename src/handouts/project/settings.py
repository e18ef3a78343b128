"""The project's `handouts.yaml`: clinic contact details and print settings.

`handouts.yaml` is the one home of the clinic's contact details and print settings; content
refers to them through placeholders, so a clinic changes a phone number in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.appointments.settings import APPOINTMENTS, AppointmentSettings
from handouts.brand.theme_section import ThemeSection, ThemeSettings
from handouts.checks.limits import READABILITY, Limits
from handouts.diagnostics import ProblemList
from handouts.project.config_options import (
    LANGUAGE_PATTERN,
    Boolean,
    Choice,
    LanguageTag,
    Option,
    Section,
    Text,
    TimeZone,
)
from handouts.project.devices import DEVICES, DeviceSettings
from handouts.project.finder import CONFIG_NAME, find_project
from handouts.project.medication_holds import MedicationHolds, MedicationHoldsOption
from handouts.project.schema import Checker
from handouts.project.yamlfile import YamlDocument, YamlFiles, read_yaml

if TYPE_CHECKING:
    from handouts.appointments.imports.mapping import ScheduleMapping
    from handouts.i18n.notice import NoticeSettings
    from handouts.project.media_settings import FigureSettings
    from handouts.project.video import VideoSetting

PAPER_SIZES = ("letter", "a4")
__all__ = [
    "CONFIG_NAME",
    "LANGUAGE_PATTERN",
    "PAPER_SIZES",
    "Settings",
    "find_project",
    "load_settings",
]


@dataclass(frozen=True)
class Clinic:
    name: str
    phone: str
    after_hours_phone: str
    address: str = ""
    website: str = ""
    emergency_number: str = "911"

    def placeholders(self) -> dict[str, str]:
        """Values that content may insert with `{name}` placeholders."""
        return {
            "clinic": self.name,
            "phone": self.phone,
            "after_hours_phone": self.after_hours_phone,
            "address": self.address,
            "website": self.website,
            "emergency_number": self.emergency_number,
        }


@dataclass(frozen=True)
class PrintSettings:
    paper: str = "letter"
    language: str = "en-US"
    timezone: str = "America/New_York"


@dataclass
class Settings:
    """Validated `handouts.yaml`: every section, checked when the project loads."""

    root: Path
    clinic: Clinic
    print: PrintSettings = field(default_factory=PrintSettings)
    demo: bool = False
    readability: Limits = field(default_factory=Limits)
    theme: ThemeSettings = field(default_factory=ThemeSettings)
    appointments: AppointmentSettings = field(default_factory=AppointmentSettings)
    medication_holds: MedicationHolds | None = (
        None  # the booklet's hold table, if the clinic has one
    )
    devices: DeviceSettings = field(default_factory=DeviceSettings)  # project/devices.py
    # Sections owned by features that import this module: their types are named lazily.
    schedule: ScheduleMapping = field(default_factory=lambda: _defaults()["schedule"])
    video: VideoSetting | None = None
    figures: FigureSettings = field(default_factory=lambda: _defaults()["figures"])
    language_assistance: NoticeSettings = field(
        default_factory=lambda: _defaults()["language_assistance"]
    )
    document: YamlDocument | None = field(default=None, repr=False)  # positions, for messages


def schema(root: Path) -> dict[str, Option]:
    """Every section of handouts.yaml, in the order messages list them."""
    return {
        "clinic": Section(
            {
                "name": Text(required=True),
                "phone": Text(required=True),
                "after_hours_phone": Text(required=True),
                "address": Text(),
                "website": Text(),
                "emergency_number": Text(),
            },
            Clinic,
            required=True,
        ),
        "print": Section(
            {
                "paper": Choice(PAPER_SIZES, PrintSettings.paper),
                "language": LanguageTag(PrintSettings.language),
                "timezone": TimeZone(PrintSettings.timezone),
            },
            PrintSettings,
            empty_means_defaults=True,
            all_or_nothing=True,
            defaults_checked=True,
        ),
        "demo": Boolean(False),
        "readability": READABILITY,
        "theme": ThemeSection(root),
        "appointments": APPOINTMENTS,
        "medication_holds": MedicationHoldsOption(),
        "devices": DEVICES,
        **_feature_sections(),
    }


def _feature_sections() -> dict[str, Option]:
    # These features read Settings themselves, so they are imported when the schema is made.
    from handouts.appointments.imports.mapping import ScheduleOption
    from handouts.i18n.notice import NoticeOption
    from handouts.project.media_settings import FiguresOption
    from handouts.project.video import VideoOption

    return {
        "schedule": ScheduleOption(),
        "video": VideoOption(),
        "figures": FiguresOption(),
        "language_assistance": NoticeOption(),
    }


def _defaults() -> dict:
    return {name: option.default for name, option in _feature_sections().items()}


@dataclass
class SettingsFile:
    """What reading handouts.yaml gave: Settings when clinic and print are usable, and every
    section that validated, so the brand and content are still read when one is wrong."""

    settings: Settings | None
    sections: dict = field(default_factory=dict)


def read_settings(
    root: Path, problems: ProblemList, files: YamlFiles | None = None
) -> SettingsFile:
    doc = read_yaml(root / CONFIG_NAME, problems, root, files)
    if doc is None:
        return SettingsFile(None)
    check = Checker(doc, problems)
    options = schema(root)
    data = check.mapping(
        doc.data,
        (),
        required=tuple(k for k, o in options.items() if o.required),
        optional=tuple(k for k, o in options.items() if not o.required),
    )
    if data is None:
        return SettingsFile(None)
    sections = {}
    for name, option in options.items():
        if name in data:
            value = option.validate(check, data[name], (name,))
            if value is not None:
                sections[name] = value
    if "clinic" not in sections or ("print" in data and "print" not in sections):
        return SettingsFile(None, sections)
    settings = Settings(root=root, document=doc, **sections)
    return SettingsFile(settings, sections)


def load_settings(root: Path, problems: ProblemList, files: YamlFiles | None = None):
    """Validated handouts.yaml, or None after reporting why it cannot be used."""
    return read_settings(root, problems, files).settings
