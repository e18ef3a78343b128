"""Medication holds as the clinician enters them: `DRUG:DAYS[:RESTART]` (a --hold option, a
schedule's `holds` cell, a patient file's `holds:` list), parsed one way for all of them.

Medicines are health data: messages name an entry by its position, never quote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_HOLD_DAYS = 30  # a typo guard, not clinical advice: the clinician decides the days
MAX_DRUG = 80  # characters in a drug name


@dataclass(frozen=True)
class MedicationHold:
    drug: str
    days: int  # calendar days with no dose before the procedure day
    # Days after the procedure day to start again (0: that day), as the clinician entered it
    # (`apixaban:3:1`); None: the clinic's default for the drug, if any, else "ask us".
    restart_days: int | None = None


HOLD_FORM = "DRUG:DAYS or DRUG:DAYS:RESTART (for example apixaban:3 or apixaban:3:1)"


def parse_holds(values: list[str]) -> tuple[MedicationHold, ...]:
    """`["apixaban:3", "clopidogrel:7:1"]` -> holds; ValueError naming the bad entry.
    RESTART, when given, is the number of days after the procedure day to start again."""
    # Medicines are health data: entries are named by their position, never quoted.
    holds: list[MedicationHold] = []
    for position, raw in enumerate((v for v in values if v.strip()), start=1):
        drug, *numbers = (part.strip() for part in raw.strip().split(":"))
        if not drug or len(numbers) not in (1, 2):
            raise ValueError(f"entry {position} is not {HOLD_FORM}")
        if not all(plain_digits(number, 4) for number in numbers):
            raise ValueError(f"entry {position} is not {HOLD_FORM}")
        days, *restart = (int(number) for number in numbers)
        if days > MAX_HOLD_DAYS:
            raise ValueError(f"entry {position}: at most {MAX_HOLD_DAYS} days")
        if restart and restart[0] > MAX_HOLD_DAYS:
            raise ValueError(
                f"entry {position}: start again at most {MAX_HOLD_DAYS} days after the procedure"
            )
        if len(drug) > MAX_DRUG:
            raise ValueError(f"a drug name is longer than {MAX_DRUG} characters")
        if any(h.drug.lower() == drug.lower() for h in holds):
            raise ValueError(f"entry {position} names a medicine listed before it")
        holds.append(MedicationHold(drug, days, restart[0] if restart else None))
    return tuple(holds)


def split_holds(text: str) -> list[str]:
    """The CSV form: `apixaban:3; clopidogrel:7` (a comma or a new line also separates:
    `apixaban:3, clopidogrel:7` is two holds, not one drug named "apixaban:3, clopidogrel")."""
    return [part for part in re.split(r"[;,\n]", text) if part.strip()]


def parse_hold(text: str) -> MedicationHold:
    """One `DRUG:DAYS[:RESTART]` (a --hold option); ValueError naming the problem."""
    holds = parse_holds([text])
    if not holds:
        raise ValueError(f"entry 1 is not {HOLD_FORM}")
    return holds[0]


def plain_digits(text: str, most: int) -> bool:
    """0-9 only, at most `most` of them: int() also takes '³' and '٣' (with a message in
    Python's words) and turns 5,000 digits into a hint about sys.set_int_max_str_digits()."""
    return 0 < len(text) <= most and text.isascii() and text.isdigit()
