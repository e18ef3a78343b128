"""Property tests: any YAML document fed to any loader either loads or is reported.

A loader must never raise anything but the project's own error type, and a document it
rejects must leave at least one problem with a message. Arbitrary text, arbitrary YAML
structures and the real files with one value changed at random are all tried.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO
from handouts.brand.brandfile import load_brand
from handouts.diagnostics import HandoutsError, ProblemList
from handouts.project.content import load_booklet, load_glossary, load_procedure
from handouts.project.loader import builtin_dir, load_project
from handouts.project.settings import load_settings
from handouts.project.yamlfile import parse_yaml

PLACEHOLDERS = {
    "clinic": "Test Clinic",
    "phone": "(555) 010-0100",
    "after_hours_phone": "(555) 010-0101",
    "address": "",
    "website": "",
    "emergency_number": "911",
}
CONTENT = builtin_dir() / "content"
FERNHILL = REPO / "examples" / "fernhill-spine"
# CI tries 50 documents per loader; HANDOUTS_FUZZ_EXAMPLES=2000 runs a longer campaign.
EXAMPLES = int(os.environ.get("HANDOUTS_FUZZ_EXAMPLES", "50"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# -- strategies -------------------------------------------------------------------------------

safe_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    safe_text,
    st.dates(min_value=dt.date(1, 1, 1)),
    st.sampled_from(["", " ", "{", "}", "[[x]]", "[@nope]", "{phone}", "{nope}", "**", "a|b"]),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(safe_text, children, max_size=4)
    ),
    max_leaves=12,
)
YAML_PIECES = [
    ":",
    ": ",
    "- ",
    " ",
    "  ",
    "\n",
    "\t",
    "&a ",
    "*a",
    "!!str ",
    "!!python/object ",
    "{",
    "}",
    "[",
    "]",
    "'",
    '"',
    "id",
    "title",
    "schema",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "|\n",
    ">\n",
    "# c",
    "? ",
    ", ",
    "\ufeff",
    "2024-02-30",
    "0x1F",
    ".inf",
    "~",
    "null",
    "yes",
    "é",
    "\x00",
    "<<: *a\n",
    "\\",
    "\r\n",
]
yaml_like_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(YAML_PIECES), max_size=40).map("".join),
)


DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's is ten times faster


def dump(data) -> str:
    return yaml.dump(data, Dumper=DUMPER, sort_keys=False, allow_unicode=True)


@st.composite
def mutated(draw, original):
    """`original` with one value replaced, one key removed or one unknown key added."""
    data = copy.deepcopy(original)
    node = data
    while isinstance(node, (dict, list)) and node and draw(st.booleans()):
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        child = node[draw(st.sampled_from(keys))]
        if not isinstance(child, (dict, list)) or not child:
            break
        node = child
    if isinstance(node, dict) and node:
        key = draw(st.sampled_from(list(node)))
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            node[key] = draw(values)
        elif action == "delete":
            del node[key]
        else:
            node[draw(safe_text)] = draw(values)
    elif isinstance(node, list) and node:
        node[draw(st.integers(0, len(node) - 1))] = draw(values)
    else:
        data = draw(values)
    return data


def assert_loaded_or_reported(result, problems: ProblemList):
    """The property: a rejected document always leaves a problem that says something."""
    for problem in problems:
        assert problem.message.strip(), problem
        assert str(problem)
    if result is None:
        assert problems.errors, "rejected without saying why"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


# -- the YAML reader itself -------------------------------------------------------------------


@FUZZ
@given(text=yaml_like_text)
def test_parse_yaml_never_raises(text):
    problems = ProblemList()
    doc = parse_yaml(text, "x.yaml", problems)
    assert_loaded_or_reported(doc, problems)


# -- content ----------------------------------------------------------------------------------

ESI = yaml.safe_load((CONTENT / "procedures/epidural-steroid-injection.yaml").read_text())
NERVE = yaml.safe_load((CONTENT / "procedures/nerve-block.yaml").read_text())
BOOKLET = yaml.safe_load((CONTENT / "booklet.yaml").read_text())
GLOSSARY = yaml.safe_load((CONTENT / "glossary.yaml").read_text())


@FUZZ
@given(data=st.one_of(mutated(ESI), mutated(NERVE), values))
def test_procedure_loader_loads_or_reports(folder, data):
    path = write(folder, "epidural-steroid-injection.yaml", dump(data))
    problems = ProblemList()
    assert_loaded_or_reported(load_procedure(path, problems, PLACEHOLDERS, folder), problems)


@FUZZ
@given(text=yaml_like_text)
def test_procedure_loader_survives_any_text(folder, text):
    path = write(folder, "nerve-block.yaml", text)
    problems = ProblemList()
    assert_loaded_or_reported(load_procedure(path, problems, PLACEHOLDERS, folder), problems)


@FUZZ
@given(data=st.one_of(mutated(BOOKLET), values))
def test_booklet_loader_loads_or_reports(folder, data):
    path = write(folder, "booklet.yaml", dump(data))
    problems = ProblemList()
    assert_loaded_or_reported(load_booklet(path, problems, PLACEHOLDERS, folder), problems)


@FUZZ
@given(data=st.one_of(mutated(GLOSSARY), values))
def test_glossary_loader_loads_or_reports(folder, data):
    path = write(folder, "glossary.yaml", dump(data))
    problems = ProblemList()
    entries = load_glossary(path, problems, PLACEHOLDERS, folder)
    assert isinstance(entries, dict)
    assert_loaded_or_reported(entries if entries or not problems.errors else None, problems)


# -- settings and brand -----------------------------------------------------------------------

SETTINGS = yaml.safe_load((REPO / "handouts.yaml").read_text())
SETTINGS_FULL = {
    **SETTINGS,
    "readability": {"handout_max_grade": 8, "sentence_max_words": 25},
    "theme": {"brand": "_brand.yml", "stylesheets": ["style.css"]},
}
BRAND = yaml.safe_load((FERNHILL / "_brand.yml").read_text())


@FUZZ
@given(data=st.one_of(mutated(SETTINGS_FULL), values), text=st.none() | yaml_like_text)
def test_settings_loader_loads_or_reports(folder, data, text):
    write(folder, "handouts.yaml", dump(data) if text is None else text)
    problems = ProblemList()
    assert_loaded_or_reported(load_settings(folder, problems), problems)


@pytest.fixture(scope="module")
def brand_project(tmp_path_factory):
    root = tmp_path_factory.mktemp("brand-fuzz")
    shutil.copytree(FERNHILL, root, dirs_exist_ok=True)
    return root


@FUZZ
@given(data=st.one_of(mutated(BRAND), values))
def test_brand_loader_loads_or_reports(brand_project, data):
    write(brand_project, "_brand.yml", dump(data))
    problems = ProblemList()
    assert load_brand(brand_project, problems) is not None
    for problem in problems:
        assert problem.message.strip(), problem


@settings(
    max_examples=max(10, EXAMPLES // 5), deadline=None, suppress_health_check=list(HealthCheck)
)
@given(data=st.one_of(mutated(SETTINGS_FULL), values))
def test_whole_project_loads_or_raises_our_error(tmp_path_factory, data):
    """Through the public entry point: a Project, or a HandoutsError with a message."""
    root = tmp_path_factory.mktemp("project-fuzz")
    write(root, "handouts.yaml", dump(data))
    try:
        load_project(root)
    except HandoutsError as exc:
        assert exc.message.strip()


# -- schedule CSV -----------------------------------------------------------------------------

COLUMNS = [
    "appointment_id", "patient_name", "procedure", "date", "time", "physician", "location",
    "sedation", "holds", "arrive_minutes", "note", "mrn",
]  # fmt: skip
CELL_PIECES = [
    "A-1", "A-1", "Ann Example", "radiofrequency-ablation", "nerve-block", "2026-12-01",
    "2026-02-30", "09:30", "25:00", "yes", "maybe", "apixaban:3; clopidogrel:7", "x:", "30",
    "-5", "", " ", '"', ",", ";", "\n", "\r\n", "\x00", "é", "../x", "<b>", "{{ x }}",
]  # fmt: skip
cells = st.one_of(st.sampled_from(CELL_PIECES), st.text(max_size=12))


@pytest.fixture(scope="module")
def sample_project():
    return load_project(REPO)


@FUZZ
@given(
    header=st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=8),
    rows=st.lists(st.lists(cells, max_size=9), max_size=6),
    separator=st.sampled_from([",", ";"]),
)
def test_schedule_rows_load_or_are_reported(folder, sample_project, header, rows, separator):
    """Arbitrary rows under arbitrary headers: a Schedule whose bad rows carry a message, or
    HandoutsError for a file that is unusable as a whole."""
    import csv
    import io

    from handouts.appointments.schedule import read_schedule

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator)
    writer.writerow(header)
    writer.writerows(rows)
    path = write(folder, "schedule.csv", buffer.getvalue())
    try:
        schedule = read_schedule(path, sample_project)
    except HandoutsError as exc:
        assert exc.message.strip()
        return
    for error in schedule.errors:
        assert error.row >= 2 and error.message.strip()


@FUZZ
@given(raw=st.one_of(st.binary(max_size=300), yaml_like_text.map(str.encode)))
def test_any_bytes_as_a_schedule_load_or_are_reported(folder, sample_project, raw):
    from handouts.appointments.schedule import read_schedule

    path = write(folder, "schedule.csv", raw)
    try:
        schedule = read_schedule(path, sample_project)
    except HandoutsError as exc:
        assert exc.message.strip()
        return
    assert all(e.message.strip() for e in schedule.errors)


@FUZZ
@given(fields=st.dictionaries(st.sampled_from(COLUMNS), cells, max_size=12))
def test_one_appointment_loads_or_raises_its_own_error(sample_project, fields):
    from handouts.appointments.appointment import AppointmentError, make_appointment

    try:
        make_appointment(sample_project, fields)
    except AppointmentError as exc:
        assert exc.messages and all(m.strip() for m in exc.messages)
