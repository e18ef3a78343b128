"""The `schedule:` section of handouts.yaml: how the clinic's export maps onto appointments.

```yaml
schedule:
  columns:                      # the export's column headers, per field
    appointment_id: Appt ID
    patient_name: Patient Name  # or patient_last + patient_first
    visit_type: Visit Type
    date: Appt Date             # or one combined column: start: Appt Start
    time: Appt Time
    physician: Provider
  date_format: MM/DD/YYYY       # or a list; auto tries all and refuses ambiguous dates
  time_format: h:mm AM/PM       # HH:MM, h:mm AM/PM or auto
  visit_types:                  # first matching rule wins
    - {name: LESI L4-5, procedure: epidural-steroid-injection}
    - {pattern: "RFA*", procedure: radiofrequency-ablation}
    - {code: "64483", procedure: epidural-steroid-injection}
    - {name: [Follow-up, New consult], skip: true}
```

Without the section a CSV uses our own column names, ISO dates, 24-hour times and handout ids.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field

from handouts.appointments.appointment import DETAIL_FIELDS
from handouts.appointments.imports.clock import DATE_FORMATS, TIME_FORMATS
from handouts.appointments.imports.text import ENCODINGS
from handouts.diagnostics import ProblemList
from handouts.procedure_ids import one_handout
from handouts.project.config_options import Option
from handouts.project.loader import Project
from handouts.project.schema import Checker

SECTION = "schedule"
FORMATS = ("auto", "csv", "xlsx", "hl7", "fhir")
DELIMITERS = {"auto": None, ",": ",", ";": ";", "tab": "\t", "\t": "\t", "|": "|"}
# Fields a column can hold. All but the id, visit type, code and procedure may be personal.
FIELDS = (
    "appointment_id",
    "patient_name",
    "patient_last",
    "patient_first",
    "procedure",
    "visit_type",
    "visit_code",
    "date",
    "time",
    "start",
    *DETAIL_FIELDS,
    "status",
)
DEFAULT_CANCELLED = ("cancelled", "canceled", "no show", "no-show", "noshow", "deleted")
MAX_RULES = 500


def normal(text: str) -> str:
    """Visit types compare without case and runs of spaces ("LESI  l4-5" is "LESI L4-5")."""
    return " ".join(str(text).split()).casefold()


@dataclass(frozen=True)
class VisitRule:
    kind: str  # "name", "pattern" or "code"
    values: tuple[str, ...]  # normalised names or codes, or compiled-pattern sources
    procedure: str | None  # None: a visit that needs no handout (skip)
    where: tuple = field(default=(), compare=False)  # its place in handouts.yaml, for messages

    def matches(self, visit_type: str, codes: tuple[str, ...]) -> bool:
        if self.kind == "code":
            return any(normal(code) in self.values for code in codes)
        if self.kind == "name":
            return normal(visit_type) in self.values
        return any(re.match(p, normal(visit_type)) for p in self.values)


@dataclass(frozen=True)
class ScheduleMapping:
    configured: bool = False  # False: no schedule section (our own column names)
    format: str = "auto"
    encoding: str = "auto"
    delimiter: str | None = None
    sheet: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # field -> header as written
    date_formats: tuple[str, ...] = ("YYYY-MM-DD",)
    time_formats: tuple[str, ...] = ("HH:MM",)
    visit_types: tuple[VisitRule, ...] = ()
    cancelled_statuses: frozenset[str] = frozenset(DEFAULT_CANCELLED)

    def column(self, name: str) -> str:
        return self.columns.get(name, name)

    def visit_rule(self, visit_type: str, codes: tuple[str, ...]) -> VisitRule | None:
        return next((r for r in self.visit_types if r.matches(visit_type, codes)), None)


KEYS = (
    "format",
    "encoding",
    "delimiter",
    "sheet",
    "columns",
    "date_format",
    "time_format",
    "visit_types",
    "cancelled_statuses",
)


class ScheduleOption(Option):
    """The `schedule:` section; that each rule names a handout is checked with the content."""

    def __init__(self):
        super().__init__(ScheduleMapping())

    def validate(self, check: Checker, value, path) -> ScheduleMapping:
        data = check.mapping(value or {}, path, optional=KEYS)
        if data is None:
            return ScheduleMapping()
        values = {
            "configured": True,
            "format": check.choice(data.get("format", "auto"), (*path, "format"), FORMATS),
            "encoding": check.choice(data.get("encoding", "auto"), (*path, "encoding"), ENCODINGS),
            "delimiter": _delimiter(check, data.get("delimiter", "auto"), (*path, "delimiter")),
            "sheet": check.text(data["sheet"], (*path, "sheet")) if "sheet" in data else None,
            "columns": _columns(check, data.get("columns", {}), (*path, "columns")),
            "date_formats": _names(
                check, data.get("date_format", "auto"), (*path, "date_format"), DATE_FORMATS
            ),
            "time_formats": _names(
                check, data.get("time_format", "auto"), (*path, "time_format"), TIME_FORMATS
            ),
            "visit_types": _rules(check, data.get("visit_types", []), (*path, "visit_types")),
        }
        if "cancelled_statuses" in data:
            items = check.items(data["cancelled_statuses"], (*path, "cancelled_statuses"))
            texts = [check.text(v, p) for p, v in items]
            values["cancelled_statuses"] = frozenset(normal(t) for t in texts if t)
        return ScheduleMapping(**values)


def load_schedule_mapping(project: Project) -> ScheduleMapping:
    """The validated section; raise ContentError when a rule names no handout of the project."""
    settings = project.settings
    mapping = settings.schedule
    if settings.document is None:
        return mapping
    problems = ProblemList()
    check = Checker(settings.document, problems)
    for rule in mapping.visit_types:
        if rule.procedure is not None:
            try:
                one_handout(project.procedures, rule.procedure)
            except ValueError as exc:
                check.error((*rule.where, "procedure"), str(exc))
    problems.raise_if_errors()
    return mapping


def _delimiter(check: Checker, value, path) -> str | None:
    if value not in DELIMITERS:
        check.error(path, "expected auto, ',', ';', '|' or tab")
        return None
    return DELIMITERS[value]


def _columns(check: Checker, value, path) -> dict[str, str]:
    data = check.mapping(value or {}, path, optional=FIELDS)
    columns = {}
    for key, header in (data or {}).items():
        if key in FIELDS:
            text = check.text(header, (*path, key))
            if text is not None:
                columns[key] = text.strip()
    if ("patient_last" in columns) != ("patient_first" in columns):
        check.error(path, "give both patient_last and patient_first, or patient_name")
    if "start" in columns and ("date" in columns or "time" in columns):
        check.error(path, "give either start (one date-time column) or date and time")
    seen: dict[str, str] = {}
    for key, header in columns.items():
        if normal(header) in seen:
            check.error((*path, key), f"the same column as {seen[normal(header)]}")
        seen[normal(header)] = key
    return columns


def _names(check: Checker, value, path, known) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    names = []
    for index, item in enumerate(items):
        where = (*path, index) if isinstance(value, list) else path
        choice = check.choice(item, where, ("auto", *known))
        if choice:
            names.append(choice)
    return tuple(names) or ("auto",)


def _rules(check: Checker, value, path) -> tuple[VisitRule, ...]:
    rules = []
    items = check.items(value, path)
    if len(items) > MAX_RULES:
        check.error(path, f"at most {MAX_RULES} rules")
        return ()
    for where, item in items:
        rule = _rule(check, item, where)
        if rule is not None:
            rules.append(rule)
    return tuple(rules)


def _rule(check: Checker, item, where) -> VisitRule | None:
    data = check.mapping(item, where, optional=("name", "pattern", "code", "procedure", "skip"))
    if data is None:
        return None
    kinds = [k for k in ("name", "pattern", "code") if k in data]
    if len(kinds) != 1:
        check.error(where, "give exactly one of name, pattern or code")
        return None
    kind = kinds[0]
    raw = data[kind] if isinstance(data[kind], list) else [data[kind]]
    texts = [check.text(v, (*where, kind)) for v in raw]
    if None in texts or not texts:
        return None
    values = tuple(normal(t) for t in texts)
    if kind == "pattern":
        values = tuple(fnmatch.translate(v) for v in values)  # anchored at both ends
    skip = data.get("skip")
    if ("procedure" in data) == (skip is True):
        check.error(where, "give either procedure: <handout id> or skip: true")
        return None
    if skip is not None and skip is not True:
        check.error((*where, "skip"), "expected true (leave it out otherwise)")
        return None
    procedure = None
    if "procedure" in data:
        procedure = check.text(data["procedure"], (*where, "procedure"))
        if procedure is None:
            return None
    return VisitRule(kind, values, procedure, tuple(where))
