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

from handouts.project.config_options import Choice, Number, Option, Section

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


def load_appointment_settings(settings) -> AppointmentSettings:
    """The section as validated when the project loaded (kept for callers of the old API)."""
    return settings.appointments


def _fasting_rule(check, path, values) -> FastingRule | None:
    food, liquids = values.get("solid_food_hours"), values.get("clear_liquids_hours")
    if food is not None and liquids is not None and liquids > food:
        check.error((*path, "clear_liquids_hours"), "must not be more than solid_food_hours")
        return None
    if None in (food, liquids, values.get("counted_from")):
        return None
    return FastingRule(float(food), float(liquids), values["counted_from"])


class Names(Option):
    """A list of names (physicians, locations): each text, empty entries dropped."""

    def __init__(self):
        super().__init__(())

    def validate(self, check, value, path):
        names = [check.text(item, item_path) for item_path, item in check.items(value, path)]
        return tuple(name.strip() for name in names if name)


APPOINTMENTS = Section(
    {
        "fasting": Section(
            {
                "solid_food_hours": Number(minimum=1, maximum=24, required=True),
                "clear_liquids_hours": Number(minimum=0, maximum=24, required=True),
                "counted_from": Choice(COUNTED_FROM, required=True),
            },
            whole=_fasting_rule,
        ),
        "physicians": Names(),
        "locations": Names(),
    },
    AppointmentSettings,
)
