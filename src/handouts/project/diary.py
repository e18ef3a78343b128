"""A procedure's pain diary: its columns from a fixed list, its rows, checked with file:line.

The diary must ask what the handout's instructions ask ("write your pain score and how much
better you feel each hour"), so each procedure names its columns from the list below; each
has one heading, translated through the gettext catalogue, so a translated file only gives
the diary's own words (title, intro, row labels). Rows are either labelled times ("1 hour
after") or a number of blank rows the patient dates themselves.
"""

from __future__ import annotations

from handouts.i18n.catalog import N_
from handouts.project.models import DEFAULT_DIARY_COLUMNS, Diary

# key -> heading (English; the catalogue translates it where the template prints it)
DIARY_COLUMNS = {
    "date": N_("Date"),
    "time": N_("Time of day"),
    "pain": N_("Pain (circle 0 to 10)"),
    "relief": N_("Percent better"),
    "activity": N_("What were you doing?"),
    "medicine": N_("Pain medicine you took"),
    "side_effects": N_("Side effects"),
}
MAX_ROWS = 16  # a diary is one page; more rows than this cannot be written in by hand


def read_columns(check, value, path) -> tuple[str, ...] | None:
    """The column keys of `diary.columns`, each checked against DIARY_COLUMNS."""
    keys = []
    for item_path, item in check.items(value, path, min_items=1):
        key = check.choice(item, item_path, tuple(DIARY_COLUMNS))
        if key is None:
            return None
        if key in keys:
            check.error(item_path, f"column '{key}' is listed twice")
            return None
        keys.append(key)
    return tuple(keys) or None


def read_rows(check, d: dict) -> tuple[list | None, int | None]:
    """(times, blank_rows): exactly one of `times` (labelled rows) or `rows` (a number)."""
    if ("times" in d) == ("rows" in d):
        check.error(("diary",), "give either times (labelled rows) or rows (a number), not both")
        return None, None
    if "rows" in d:
        rows = check.integer(d["rows"], ("diary", "rows"), minimum=2, maximum=MAX_ROWS)
        return [], rows
    times = [
        check.text(t, p) for p, t in check.items(d.get("times"), ("diary", "times"), min_items=2)
    ]
    if len(times) > MAX_ROWS:
        check.error(("diary", "times"), f"at most {MAX_ROWS} rows fit on the diary page")
    return times, len(times)


def read_diary(load, value, variant_ids) -> Diary | None:
    """`diary:` of an English procedure file."""
    check = load.check
    d = check.mapping(
        value,
        ("diary",),
        required=("title", "intro"),
        optional=("only", "columns", "figure", "times", "rows", "injection_time"),
    )
    if d is None:
        return None
    times, rows = read_rows(check, d)
    columns = DEFAULT_DIARY_COLUMNS
    if "columns" in d:
        columns = read_columns(check, d["columns"], ("diary", "columns"))
    if columns is not None and not times and not {"date", "time"} & set(columns):
        check.error(("diary", "columns"), "blank rows need a date or time column to write in")
        columns = None
    injection_time = False
    if "injection_time" in d:
        injection_time = check.boolean(d["injection_time"], ("diary", "injection_time"))
    title = check.text(d.get("title"), ("diary", "title"))
    intro = load.markup(check.text(d.get("intro"), ("diary", "intro")), ("diary", "intro"))
    only = load.only(d.get("only"), ("diary", "only"), variant_ids)
    figures = load.figures(d, ("diary",), variant_ids)
    if not title or times is None or None in times or columns is None or rows is None:
        return None
    return Diary(title, intro, tuple(times), only, columns, figures, rows, bool(injection_time))
