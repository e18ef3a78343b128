"""The Jinja2 environment: the clinic's templates first, then the built-in theme.

A clinic overrides a whole template by placing a file of the same name in its own
`templates/`, or one block by extending the built-in one explicitly with a `!` prefix
(`{% extends "!handout.html.j2" %}`), as Sphinx does.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from handouts.brand.brandfile import GeneratedStylesheet
from handouts.brand.cssvars import read_css_variables
from handouts.diagnostics import HandoutsError
from handouts.i18n.jinja import install, page_label_stylesheet
from handouts.i18n.languages import document_tag
from handouts.project.loader import Project, builtin_dir
from handouts.render.sandbox import HandoutsSandbox
from handouts.render.template_limits import (
    MAX_RENDER_MEMORY,
    ConfinedFileSystemLoader,
    RenderLimitExceeded,
    TemplateOutsideProject,
    render_limited,
)

STYLESHEETS = {
    "handout": ("css/base.css", "css/handout.css"),
    "booklet": ("css/base.css", "css/booklet.css"),
    "appointment": ("css/base.css", "css/handout.css", "css/appointment.css"),
}
CLINIC_STYLESHEET = "clinic.css"


class _BuiltinLoader(jinja2.BaseLoader):
    """Serves `!name` from the built-in theme, so overrides can extend the original."""

    def __init__(self, folder: Path):
        self.inner = jinja2.FileSystemLoader(folder)

    def get_source(self, environment, template):
        if not template.startswith("!"):
            raise jinja2.TemplateNotFound(template)
        return self.inner.get_source(environment, template[1:])

    def list_templates(self):
        return ["!" + name for name in self.inner.list_templates()]


def make_environment(project: Project, language: str = "en") -> jinja2.Environment:
    """Every template, the built-in ones included, renders in the sandbox (sandbox.py), with
    one language's catalogue and month names."""
    # A clinic may override a template for one language only: templates/<lang>/ comes first.
    own = project.root / "templates" / language
    dirs = ([own] if language != "en" and own.is_dir() else []) + project.template_dirs
    loader = jinja2.ChoiceLoader(
        [
            ConfinedFileSystemLoader([str(d) for d in dirs], allowed=[project.root, builtin_dir()]),
            _BuiltinLoader(builtin_dir() / "templates"),
        ]
    )
    env = HandoutsSandbox(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["brand"] = project.brand
    env.filters["longdate"] = format_long_date
    env.filters["break_at_slashes"] = break_at_slashes
    env.filters["keep_units"] = keep_units
    tag = document_tag(language, project.settings.print.language)
    install(env, language, tag, project.root)
    return env


def break_at_slashes(address: str) -> Markup:
    """An address that may wrap only after a slash, never inside "https://" or at a hyphen
    or dot: each run up to and including a "/" is kept whole (white-space: nowrap), with a
    <wbr> between runs."""
    text = str(address)
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "", text
    parts = [part + "/" for part in rest.split("/")]
    parts[-1] = parts[-1][:-1]
    parts[0] = scheme + sep + parts[0]
    runs = [Markup('<span class="nobreak">{}</span>').format(p) for p in parts if p]
    return Markup("<wbr>").join(runs)


UNIT = re.compile(r"(\d)[ ](h|days?|mL|mg)\b")


def keep_units(text: str) -> str:
    """'24 h', '5 days': a number and its unit on one line (a no-break space between)."""
    return UNIT.sub("\\1\u00a0\\2", str(text))


def format_long_date(value: dt.date) -> str:
    """'Tuesday, December 1, 2026' (US English)."""
    return f"{value:%A}, {value:%B} {value.day}, {value.year}"


def find_stylesheet(project: Project, name: str) -> Path | None:
    for folder in project.template_dirs:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def stylesheet_paths(
    project: Project, kind: str, language: str = "en"
) -> list[Path | GeneratedStylesheet]:
    """Built-in (or overridden) stylesheets for a document kind, its language's page label,
    then the brand's custom properties, then the clinic's own: templates/clinic.css and
    handouts.yaml theme.stylesheets.
    """
    paths: list[Path | GeneratedStylesheet] = []
    for name in STYLESHEETS[kind]:
        path = find_stylesheet(project, name)
        if path is None:
            raise HandoutsError(f"stylesheet {name} is missing from the templates")
        paths.append(path)
    label = page_label_stylesheet(language, project.root, kind)
    if label is not None:
        paths.append(label)
    brand_css = brand_stylesheet(project, kind)
    if brand_css is not None:
        paths.append(brand_css)
    clinic_css = project.root / "templates" / CLINIC_STYLESHEET
    if clinic_css.is_file():
        paths.append(clinic_css)
    paths.extend(project.brand.stylesheets)
    return paths


def brand_stylesheet(project: Project, kind: str) -> GeneratedStylesheet | None:
    """The brand as CSS; a brand font goes before the built-in font list, which stays as the
    fallback for characters the brand font lacks."""
    base_css = find_stylesheet(project, "css/base.css")
    fonts = read_css_variables(base_css, "css/base.css").get("font-body") if base_css else None
    return project.brand.stylesheet(kind, fonts.value if fonts else "sans-serif")


def render_template(env: jinja2.Environment, name: str, context: dict) -> str:
    """Render one template; a template error names the template file and line."""
    try:
        return render_limited(env.get_template(name), context)
    except TemplateOutsideProject as exc:
        raise HandoutsError(
            f"{exc.filename}: template is a symbolic link to {exc.target}, outside the project; "
            "copy the file into the project instead"
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or name
        raise HandoutsError(f"{where}:{exc.lineno}: template syntax error: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise HandoutsError(f"template not found: {exc.name}") from None
    except jinja2.UndefinedError as exc:
        raise HandoutsError(f"{_template_location(name)}: {exc.message}") from None
    except RenderLimitExceeded as exc:
        raise HandoutsError(f"{exc.location or _template_location(name)}: {exc}") from None
    except SecurityError as exc:
        raise HandoutsError(f"{_template_location(name)}: template not allowed: {exc}") from None
    except MemoryError:
        raise HandoutsError(
            f"{_template_location(name)}: the template needed more than "
            f"{MAX_RENDER_MEMORY >> 20:,} MB of memory; "
            "does a loop make text far larger than intended?"
        ) from None
    except RecursionError:
        raise HandoutsError(
            f"{_template_location(name)}: templates include or call each other without end"
        ) from None
    except Exception as exc:  # template code is the clinic's: any failure is theirs to fix
        message = str(exc) or type(exc).__name__
        raise HandoutsError(f"{_template_location(name)}: template error: {message}") from None


def _template_location(default: str) -> str:
    """The innermost template frame of the exception being handled, as file:line."""
    tb = sys.exc_info()[2]
    location = default
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            location = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return location
