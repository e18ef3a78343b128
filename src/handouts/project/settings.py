"""The project's `handouts.yaml`: clinic contact details and print settings.

`handouts.yaml` is the one home of the clinic's contact details and print settings; content
refers to them through placeholders, so a clinic changes a phone number in one place.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from handouts.errors import ProblemList, UsageError
from handouts.project.schema import Checker
from handouts.project.yamlfile import load_yaml

CONFIG_NAME = "handouts.yaml"
PAPER_SIZES = ("letter", "a4")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")


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
    """Validated `handouts.yaml`."""

    root: Path
    clinic: Clinic
    print: PrintSettings = field(default_factory=PrintSettings)
    demo: bool = False
    extra: dict = field(default_factory=dict)  # sections owned by later features


def find_project(explicit: str | os.PathLike | None = None, start: Path | None = None) -> Path:
    """Locate the project folder: `--project`/`HANDOUTS_PROJECT`, else the nearest parent
    of the current folder that holds `handouts.yaml` (as MkDocs finds `mkdocs.yml`)."""
    if explicit:
        root = Path(explicit).expanduser()
        if not (root / CONFIG_NAME).is_file():
            raise UsageError(f"no {CONFIG_NAME} in {root}: is --project pointing at a project?")
        return root.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise UsageError(
        f"no {CONFIG_NAME} found in {here} or its parents; run inside a project, "
        "pass --project DIR, or create one with 'handouts init DIR'"
    )


def load_settings(root: Path, problems: ProblemList) -> Settings | None:
    doc = load_yaml(root / CONFIG_NAME, problems, root)
    if doc is None:
        return None
    check = Checker(doc, problems)
    data = check.mapping(
        doc.data, (), required=("clinic",), optional=("print", "demo", *EXTRA_SECTIONS)
    )
    if data is None:
        return None
    clinic = _load_clinic(check, data.get("clinic"))
    printing = _load_print(check, data.get("print", {}))
    demo = check.boolean(data["demo"], ("demo",)) if "demo" in data else False
    if clinic is None or printing is None:
        return None
    extra = {key: data[key] for key in EXTRA_SECTIONS if key in data}
    return Settings(root=root, clinic=clinic, print=printing, demo=bool(demo), extra=extra)


# Sections of handouts.yaml read by other modules: checks.py, brand.py, appointment_settings.py,
# appointments/imports/mapping.py, media_settings.py (video, figures), i18n/notice.py.
EXTRA_SECTIONS: tuple[str, ...] = (
    "readability",
    "theme",
    "appointments",
    "schedule",
    "video",
    "figures",
    "language_assistance",
)


def _load_clinic(check: Checker, value) -> Clinic | None:
    path = ("clinic",)
    data = check.mapping(
        value,
        path,
        required=("name", "phone", "after_hours_phone"),
        optional=("address", "website", "emergency_number"),
    )
    if data is None:
        return None
    fields = {}
    for key in ("name", "phone", "after_hours_phone", "address", "website", "emergency_number"):
        if key in data:
            fields[key] = check.text(data[key], (*path, key))
    if any(fields.get(key) is None for key in ("name", "phone", "after_hours_phone")):
        return None
    return Clinic(**{k: v for k, v in fields.items() if v is not None})


def _load_print(check: Checker, value) -> PrintSettings | None:
    path = ("print",)
    data = check.mapping(value or {}, path, optional=("paper", "language", "timezone"))
    if data is None:
        return None
    defaults = PrintSettings()
    paper = check.choice(data.get("paper", defaults.paper), (*path, "paper"), PAPER_SIZES)
    language = check.text(data.get("language", defaults.language), (*path, "language"))
    if language and not LANGUAGE_PATTERN.match(language):
        check.error((*path, "language"), f"'{language}' is not a language tag such as en-US or es")
        language = None
    timezone = check.text(data.get("timezone", defaults.timezone), (*path, "timezone"))
    if timezone:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            check.error(
                (*path, "timezone"), f"unknown time zone '{timezone}' (e.g. America/Chicago)"
            )
            timezone = None
    if None in (paper, language, timezone):
        return None
    return PrintSettings(paper=paper, language=language, timezone=timezone)
