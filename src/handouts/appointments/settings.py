"""The `appointments:` section of handouts.yaml: the clinic's fasting rule for sedation.

```yaml
appointments:
  fasting:
    solid_food_hours: 8        # no food during the last 8 hours
    clear_liquids_hours: 2     # clear liquids allowed until 2 hours before
    counted_from: arrival      # arrival or procedure
  physicians: [Dr. A. Rivera, Dr. B. Chen]   # optional: choices in the web form
  locations: [Main clinic, Day surgery unit]  # optional: choices in the web form
```

The hours are the clinic's decision (their anaesthesia policy); the tool only turns them into
clock times. Without this section, a packet with sedation is refused rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from handouts.errors import ProblemList
from handouts.project.schema import Checker
from handouts.project.settings import CONFIG_NAME, Settings
from handouts.project.yamlfile import load_yaml

SECTION = "appointments"
COUNTED_FROM = ("arrival", "procedure")


@dataclass(frozen=True)
class FastingRule:
    solid_food_hours: float
    clear_liquids_hours: float
    counted_from: str  # "arrival" or "procedure"


@dataclass(frozen=True)
class AppointmentSettings:
    fasting: FastingRule | None = None
    physicians: tuple[str, ...] = ()  # the web form offers these (free text when empty)
    locations: tuple[str, ...] = ()


def load_appointment_settings(settings: Settings) -> AppointmentSettings:
    """Validate the section (with file:line messages); raise ContentError on problems."""
    if SECTION not in settings.extra:
        return AppointmentSettings()
    problems = ProblemList()
    doc = load_yaml(settings.root / CONFIG_NAME, problems, settings.root)
    problems.raise_if_errors()
    check = Checker(doc, problems)
    data = check.mapping(
        settings.extra[SECTION], (SECTION,), optional=("fasting", "physicians", "locations")
    )
    fasting = None
    if data is not None and "fasting" in data:
        fasting = _load_fasting(check, data["fasting"], (SECTION, "fasting"))
    lists = {
        key: _load_names(check, (data or {}).get(key), (SECTION, key))
        for key in ("physicians", "locations")
    }
    problems.raise_if_errors()
    return AppointmentSettings(fasting=fasting, **lists)


def _load_names(check: Checker, value, path) -> tuple[str, ...]:
    names = [check.text(item, item_path) for item_path, item in check.items(value, path)]
    return tuple(name.strip() for name in names if name)


def _load_fasting(check: Checker, value, path) -> FastingRule | None:
    data = check.mapping(
        value, path, required=("solid_food_hours", "clear_liquids_hours", "counted_from")
    )
    if data is None:
        return None
    food = check.number(
        data.get("solid_food_hours"), (*path, "solid_food_hours"), minimum=1, maximum=24
    )
    liquids = check.number(
        data.get("clear_liquids_hours"), (*path, "clear_liquids_hours"), minimum=0, maximum=24
    )
    counted_from = check.choice(data.get("counted_from"), (*path, "counted_from"), COUNTED_FROM)
    if food is not None and liquids is not None and liquids > food:
        check.error((*path, "clear_liquids_hours"), "must not be more than solid_food_hours")
        return None
    if None in (food, liquids, counted_from):
        return None
    return FastingRule(float(food), float(liquids), counted_from)
