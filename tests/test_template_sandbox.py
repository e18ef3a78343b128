"""Templates render in a sandbox: each known escape route and each allocation bomb ends in one
message naming the template file and line, and nothing it asked for runs."""

from __future__ import annotations

import pytest

from conftest import run_cli

LOGO = "templates/partials/logo.html.j2"

# Each runs `touch MARK` (or reads a file) if the sandbox lets it through.
ESCAPES = {
    "cycler globals": "{{ cycler.__init__.__globals__.os.system('touch MARK') }}",
    "joiner globals": "{{ joiner.__init__.__globals__.os.popen('touch MARK').read() }}",
    "namespace globals": "{{ namespace.__init__.__globals__.os.system('touch MARK') }}",
    "lipsum globals": "{{ lipsum.__globals__.os.system('touch MARK') }}",
    "str mro subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "int class": "{{ (1).__class__.__base__.__subclasses__() }}",
    "template reference context": "{{ self._TemplateReference__context }}",
    "attr filter": "{{ (cycler|attr('__init__')|attr('__globals__')).os.system('touch MARK') }}",
    "subscript": "{{ cycler['__init__']['__globals__']['os'].system('touch MARK') }}",
    "map attribute": "{{ [cycler]|map(attribute='__init__')|list }}",
    "sort attribute": "{{ [cycler, joiner]|sort(attribute='__name__')|list }}",
    "format string field": "{{ '{0.__init__.__globals__}'.format(cycler) }}",
    "format_map": "{{ '{a.__class__}'.format_map({'a': 1}) }}",
    "markup format": "{{ clinic.name|e|attr('format') }}{{ ('{0.__class__}'|safe).format(1) }}",
    "bound method self": "{{ brand.logo.__self__.__dict__ }}",
    "bound method func": "{{ brand.logo.__func__.__globals__ }}",
    "object dict": "{{ brand.__dict__ }}",
    "loop internals": "{% for x in [1] %}{{ loop.__class__ }}{% endfor %}",
    "cycler instance": "{{ cycler(1).__class__.__init__.__globals__ }}",
    "mutating a list": "{% set items = [1] %}{{ items.append(2) }}",
    "mutating a dict": "{{ {}.update({'a': 1}) }}",
    "path method": "{{ settings.root.joinpath('MARK').touch() }}",
    "path open": "{{ settings.root.joinpath('handouts.yaml').read_text() }}",
    "lipsum bomb": "{{ lipsum(n=10000000) }}",
}

BOMBS = {
    "string repeat": "{{ 'x' * 3000000000 }}",
    "string repeat, reversed": "{{ 3000000000 * 'x' }}",
    "repeat of a repeat": "{{ ('x' * 1000000) * 3000 }}",
    "list repeat": "{{ [0] * 3000000000 }}",
    "huge range": "{{ range(300000000) | list }}",
    "huge power": "{{ 2 ** 100000000 }}",
    "center filter": "{{ 'x' | center(3000000000) }}",
    "ljust method": "{{ 'x'.ljust(3000000000) }}",
    "zfill method": "{{ '1'.zfill(3000000000) }}",
    "percent width": "{{ '%3000000000s' % 1 }}",
    "percent precision": "{{ '%.999999999f' % 1 }}",
    "percent star": "{{ '%*s' % (3000000000, 'x') }}",
    "format filter": "{{ '%3000000000d' | format(1) }}",
    "brace width": "{{ '{:3000000000}'.format(1) }}",
    "nested brace width": "{{ '{:{w}}'.format(1, w=3000000000) }}",
    "replace growth": "{{ ('x' * 100000) | replace('x', 'x' * 100000) }}",
    "doubling in a loop": (
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}"
    ),
}


def hostile_project(make_project, body: str):
    marker = make_project().joinpath("MARK")
    text = "{# a clinic's logo partial, copied from somewhere #}\n" + body.replace(
        "MARK", str(marker)
    )
    return make_project({LOGO: text}), marker


@pytest.mark.parametrize("body", list(ESCAPES.values()), ids=list(ESCAPES))
def test_escape_routes_are_errors_naming_template_and_line(body, make_project):
    root, marker = hostile_project(make_project, body)
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1, result.output
    assert f"{LOGO}:2:" in result.stderr, result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert not marker.exists()
    assert "password" not in result.output and "clinic:" not in result.stderr


@pytest.mark.parametrize("body", list(BOMBS.values()), ids=list(BOMBS))
def test_allocation_bombs_fail_fast_with_the_template_and_line(body, make_project):
    root, _ = hostile_project(make_project, body)
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1, result.output
    assert f"{LOGO}:2:" in result.stderr, result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_a_hostile_template_stops_the_build_and_writes_nothing(make_project, tmp_path):
    root, marker = hostile_project(make_project, ESCAPES["cycler globals"])
    out = tmp_path / "out"
    result = run_cli("build", "--project", root, "--out", out)
    assert result.exit_code == 1
    assert f"{LOGO}:2: template not allowed" in result.stderr
    assert not marker.exists()
    assert not out.exists() or not any(out.rglob("*.pdf"))


def test_ordinary_template_code_still_works(make_project):
    body = (
        "{% set ns = namespace(n=0) %}{% for i in range(3) %}{% set ns.n = ns.n + i %}{% endfor %}"
        "{{ ns.n }} {{ '%02d' % 7 }} {{ '{:>5}'.format('ab') }} {{ 'ab' * 3 }} {{ 2 ** 10 }}"
        " {{ clinic.name | upper | center(40) }} {{ [3, 1, 2] | sort | join(',') }}"
        " {{ {'a': 1}.items() | list }} {{ cycler('odd', 'even').next() }}"
    )
    root = make_project({LOGO: body})
    result = run_cli("check", "--project", root)
    assert "template" not in result.stderr, result.stderr
