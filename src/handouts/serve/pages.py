"""The app's own HTML pages: a Jinja environment over the package's templates/ folder
(autoescaped: every value from a patient or a file is text, never markup)."""

from __future__ import annotations

from functools import cache
from importlib import resources

import jinja2
from starlette.responses import HTMLResponse

NAV = (
    ("library", "/", "Library"),
    ("patient", "/patient", "For one patient"),
    ("day", "/day", "A whole day"),
    ("preview", "/preview", "Preview"),
)
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("handouts.serve", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["nav"] = NAV
    return env


def render(template: str, **context) -> str:
    context.setdefault("clinic_name", "handouts")
    context.setdefault("active", "")
    context.setdefault("csrf", "")
    return environment().get_template(template).render(**context)


def page(template: str, status: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(render(template, **context), status_code=status)


def error_html(status: int, title: str, message: str, problems=()) -> str:
    return render("error.html", status=status, title=title, message=message, problems=problems)


@cache
def static_files() -> dict[str, tuple[bytes, str]]:
    """Every asset the app serves, read once from the package: a fixed set of names, so no
    URL can reach any other file."""
    folder = resources.files("handouts.serve") / "static"
    files = {}
    for entry in folder.iterdir():
        suffix = "." + entry.name.rsplit(".", 1)[-1]
        if entry.is_file() and suffix in STATIC_TYPES:
            files[entry.name] = (entry.read_bytes(), STATIC_TYPES[suffix])
    return files
