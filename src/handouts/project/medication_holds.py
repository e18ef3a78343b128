"""`medication_holds:` in handouts.yaml: the clinic's hold intervals, by bleeding-risk class.

How long to stop an anticoagulant or antiplatelet before a procedure is the clinic's protocol,
not the booklet's: the booklet prints these values as a table (low / intermediate / high risk,
the ASRA 2018 pain-procedure classes) saying whose protocol it is and when it was reviewed.
Values are text, as a protocol writes them ("5 days; normal INR", "Shared assessment").

    medication_holds:
      protocol: Riverbend anticoagulation protocol   # whose protocol (default: the clinic's)
      reviewed: 2026-11-27                            # when the clinic last reviewed it
      reviewed_by: Dr A. Rivera                      # optional
      examples: true      # the shipped example values: printed as examples to confirm
      drugs:
        - drug: Warfarin
          low: Shared assessment
          intermediate: 5 days; normal INR
          high: 5 days; normal INR
          restart: 6 h

Packets never read this table: a patient's hold days are the ones their clinician enters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from handouts.project.config_options import Option
from handouts.project.schema import Checker

SECTION = "medication_holds"
RISK_CLASSES = ("low", "intermediate", "high")
ROW_FIELDS = ("drug", *RISK_CLASSES, "restart")
# Sources the booklet cites beside the table: the guideline and the summaries of its tables
# that the shipped example values come from (keys of the built-in booklet's references).
SOURCES = ("ASRA18", "UTD-108918", "PainSource", "AccessAnes")


@dataclass(frozen=True)
class HoldRow:
    drug: str
    low: str
    intermediate: str
    high: str
    restart: str

    def before(self, risk_class: str) -> str:
        return getattr(self, risk_class)


@dataclass(frozen=True)
class MedicationHolds:
    protocol: str
    reviewed: dt.date
    rows: tuple[HoldRow, ...]
    reviewed_by: str = ""
    examples: bool = True  # shipped example values, not yet confirmed by the clinic


class MedicationHoldsOption(Option):
    """The section, or None (absent, or wrong: every mistake is reported with its line)."""

    def __init__(self):
        super().__init__(None)

    def validate(self, check: Checker, value, path):
        optional = ("protocol", "reviewed_by", "examples")
        data = check.mapping(value, path, required=("reviewed", "drugs"), optional=optional)
        if data is None or "reviewed" not in data or "drugs" not in data:
            return None  # the missing field is reported
        reviewed = check.date(data["reviewed"], (*path, "reviewed"))
        protocol = self._text(check, data, path, "protocol")
        reviewed_by = self._text(check, data, path, "reviewed_by")
        examples = True
        if "examples" in data:
            examples = check.boolean(data["examples"], (*path, "examples"))
        rows = self._rows(check, data.get("drugs"), (*path, "drugs"))
        if None in (reviewed, protocol, reviewed_by, examples, rows):
            return None
        return MedicationHolds(protocol, reviewed, rows, reviewed_by, examples)

    @staticmethod
    def _text(check: Checker, data: dict, path, key: str) -> str | None:
        if key not in data:
            return ""
        return check.text(data[key], (*path, key))

    @staticmethod
    def _rows(check: Checker, value, path) -> tuple[HoldRow, ...] | None:
        rows, usable, seen = [], True, set()
        for item_path, item in check.items(value, path, min_items=1):
            row = check.mapping(item, item_path, required=ROW_FIELDS)
            if row is None:
                usable = False
                continue
            cells = {
                key: check.text(row[key], (*item_path, key)) if key in row else None
                for key in ROW_FIELDS
            }
            if None in cells.values():
                usable = False
                continue
            if cells["drug"].lower() in seen:
                check.error((*item_path, "drug"), f"'{cells['drug']}' is listed twice")
                usable = False
            seen.add(cells["drug"].lower())
            rows.append(HoldRow(**cells))
        return tuple(rows) if usable and rows else None
