"""The `appointments:` section of handouts.yaml: the clinic's fasting rule for sedation.

```yaml
appointments:
  fasting:
    solid_food_hours: 8        # no food during the last 8 hours
    clear_liquids_hours: 2     # clear liquids allowed until 2 hours before
    counted_from: arrival      # arrival or procedure
  physicians: [Dr. A. Rivera, Dr. B. Chen]   # optional: choices in the web form
  locations: [Main clinic, Day surgery unit]  # optional: choices in the web form
  restart_days:              # optional: when to start a held medicine again, by drug
    apixaban: 1              # the day after the procedure, unless the hold says otherwise
```

The hours are the clinic's decision (their anaesthesia policy); the tool only turns them into
clock times. Without this section, a packet with sedation is refused rather than guessed.
`restart_days` applies only to a hold the clinician entered for that drug without its own
restart (`--hold apixaban:3` takes it; `apixaban:3:2` does not): it never adds a hold.
"""

from __future__ import annotations

from dataclasses import dataclass

from handouts.appointments.holds import MAX_HOLD_DAYS
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
    restart_days: tuple[tuple[str, int], ...] = ()  # (drug, days after the procedure day)

    def restart_for(self, drug: str) -> int | None:
        """The clinic's default restart for a held drug (names compared ignoring case)."""
        for name, days in self.restart_days:
            if name.casefold() == drug.strip().casefold():
                return days
        return None


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


class RestartDays(Option):
    """`drug: days` pairs: each drug named once (ignoring case), each a whole number of days
    after the procedure day, 0 to 30."""

    def __init__(self):
        super().__init__(())

    def validate(self, check, value, path):
        if value is None:
            return ()
        if not isinstance(value, dict):
            check.error(path, "expected drug: days pairs, such as 'apixaban: 1'")
            return None
        pairs: list[tuple[str, int]] = []
        seen: set[str] = set()
        for key, days in value.items():
            where = (*path, key)
            drug = check.text(key, where)
            if drug is None:
                continue
            if ":" in drug or drug.strip().casefold() in seen:
                reason = "contains ':'" if ":" in drug else "is named twice"
                check.error(where, f"the drug name {reason}", at_key=True)
                continue
            seen.add(drug.strip().casefold())
            # The bound of a hold's own days: a typo guard, not clinical advice.
            days = check.integer(days, where, minimum=0, maximum=MAX_HOLD_DAYS)
            if days is not None:
                pairs.append((drug.strip(), days))
        return tuple(pairs)


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
        "restart_days": RestartDays(),
    },
    AppointmentSettings,
)
