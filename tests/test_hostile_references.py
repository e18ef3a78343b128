"""Hostile or careless files cannot reach out: no network request, no file outside the project.

Each route by which a template or stylesheet can make WeasyPrint fetch something is tried
against a recording HTTP server on 127.0.0.1 and against /etc/passwd. Two fences are tested
apart: the reference check before rendering (names the file that made the reference) and
`pdf.LocalOnlyFetcher` during layout (the last fence, if a reference slips past the check).
"""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from handouts.diagnostics import HandoutsError, ProblemList
from handouts.project.loader import load_project
from handouts.render.document import HtmlDocument
from handouts.render.references import ReferenceChecker

SECRET = "root:x:0:0"  # the first line of /etc/passwd


class RecordingServer:
    """An HTTP server on 127.0.0.1 that answers every request and remembers its path."""

    def __init__(self):
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # the name http.server calls
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/css")
                self.end_headers()
                self.wfile.write(b"body { color: red }")

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def server():
    with RecordingServer() as running:
        yield running


def routes(target: str) -> dict[str, tuple[str, str]]:
    """route -> (file, text) that makes a document fetch `target` by that route."""
    logo = "templates/partials/logo.html.j2"
    css = "templates/clinic.css"
    return {
        "img": (logo, f'<img src="{target}" alt="Logo">'),
        "css-url": (css, f"h1 {{ background: url('{target}') }}"),
        "css-import": (css, f'@import "{target}";'),
        "font-face": (css, f"@font-face {{ font-family: X; src: url({target}) }}"),
        "link-attachment": (logo, f'<link rel="attachment" href="{target}">'),
        "a-attachment": (logo, f'<a rel="attachment" href="{target}">file</a>'),
        "svg-image": (logo, f'<svg aria-hidden="true"><image href="{target}"/></svg>'),
        "svg-use": (logo, f'<svg aria-hidden="true"><use xlink:href="{target}#a"/></svg>'),
        "style-attribute": (logo, f"<div style=\"background: url('{target}')\">x</div>"),
        "style-element": (logo, f'<style>@import url("{target}");</style>'),
        "object": (logo, f'<object data="{target}">x</object>'),
    }


NETWORK_TARGETS = ["{server}/x", "//127.0.0.1:{port}/x", "ftp://127.0.0.1:{port}/x"]
FILE_TARGETS = ["/etc/passwd", "file:///etc/passwd", "../../../../../../../../etc/passwd"]
ROUTES = list(routes("x"))


def project_with(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "clinic"
    root.mkdir()
    (root / "handouts.yaml").write_text((REPO / "handouts.yaml").read_text())
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def fill(target: str, server: RecordingServer) -> str:
    return target.format(server=server.url, port=server.url.rsplit(":", 1)[1])


# -- fence one: the reference check names the file, before anything is rendered --------------


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("target", NETWORK_TARGETS + FILE_TARGETS)
def test_reference_check_names_the_file_for_every_route(route, target, server, tmp_path):
    url = fill(target, server)
    name, text = routes(url)[route]
    root = project_with(tmp_path, {name: text})
    # The template's text stands in for the rendered page (the CLI test below renders for real).
    html = text if name.endswith(".j2") else "<p>x</p>"
    stylesheets = [root / name] if name.endswith(".css") else []
    problems = ProblemList()
    checker = ReferenceChecker(root, [root], [root / "templates"])
    checker.check_document("handout", html, stylesheets, problems)
    messages = [str(p) for p in problems]
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"{name}:1") and url in messages[0], messages
    assert server.hits == []


def test_a_hostile_build_fails_and_the_server_sees_nothing(server, tmp_path):
    """Every route at once through the real CLI: one message per reference, no request."""
    logo_lines, css_lines = [], []
    for target in NETWORK_TARGETS + FILE_TARGETS:
        for name, text in routes(fill(target, server)).values():
            (logo_lines if name.endswith(".j2") else css_lines).append(text)
    root = project_with(
        tmp_path,
        {
            "templates/partials/logo.html.j2": "\n".join(logo_lines),
            "templates/clinic.css": "\n".join(css_lines),
        },
    )
    out = tmp_path / "out"
    result = run_cli("handout", "radiofrequency-ablation", "--project", root, "--out", out)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    reported = [ln for ln in result.stderr.splitlines() if "error: templates/" in ln]
    assert len(reported) == len(logo_lines) + len(css_lines), result.stderr
    assert SECRET not in result.output + result.stderr
    assert server.hits == []
    assert not out.exists()


def test_symlinks_out_of_the_project_are_refused(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("h1 { color: red } /* not the clinic's */")
    root = project_with(
        tmp_path, {"templates/partials/logo.html.j2": '<img src="images/a.svg" alt="a">'}
    )
    (root / "images").mkdir()
    (root / "images/a.svg").symlink_to("/etc/passwd")
    (root / "templates/clinic.css").symlink_to(secret)
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "templates/partials/logo.html.j2:1: <img src>: 'images/a.svg' is a symbolic link" in (
        result.output
    )
    assert "templates/clinic.css" in result.output and "symbolic link" in result.output
    assert SECRET not in result.output


def test_an_svg_inside_the_project_cannot_pull_in_a_file_outside(server, tmp_path):
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        f'<image xlink:href="{server.url}/from-svg"/><image href="/etc/passwd"/></svg>'
    )
    root = project_with(
        tmp_path,
        {
            "images/logo.svg": svg,
            "templates/partials/logo.html.j2": '<img src="images/logo.svg" alt="Logo">',
        },
    )
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "images/logo.svg: SVG <image href>" in result.output
    assert f"'{server.url}/from-svg' is not a local file" in result.output
    assert "'/etc/passwd' is outside the project" in result.output
    assert server.hits == []


def test_links_in_content_are_not_fetched(server):
    """An ordinary <a href> is for the reader to follow: allowed, and never requested."""
    problems = ProblemList()
    checker = ReferenceChecker(REPO, [REPO], [])
    checker.check_document("doc", f'<a href="{server.url}/link">read more</a>', [], problems)
    assert list(problems) == []


# -- fence two: the fetcher refuses during layout, even with no check before it ----------------


@pytest.fixture(scope="module")
def maker():
    from handouts.pdf.writer import PdfMaker

    return PdfMaker(load_project(REPO))


def raw_document(html: str) -> HtmlDocument:
    return HtmlDocument(
        name="hostile",
        kind="handout",
        html=f"<!doctype html><html lang='en'><title>t</title><body>{html}</body></html>",
        stylesheets=[],
        title="t",
        subject="s",
        language="en-US",
        created=dt.date(2026, 1, 1),
    )


FETCHER_ROUTES = [
    "img",
    "css-url",
    "css-import",
    "font-face",
    "link-attachment",
    "svg-image",
    "object",
]


@pytest.mark.parametrize("route", FETCHER_ROUTES)
@pytest.mark.parametrize("target", ["{server}/fetch", "/etc/passwd", "file:///etc/passwd"])
def test_the_fetcher_refuses_every_route(route, target, server, maker, caplog):
    url = fill(target, server)
    _, text = routes(url)[route]
    html = text if "<" in text else f"<style>{text}</style><h1>x</h1>"
    try:
        pdf = maker.write(maker.layout(raw_document(html)))
    except HandoutsError as exc:
        assert "refused" in exc.message
        assert "only local files" in exc.message or "/etc/passwd" in exc.message
        assert SECRET not in exc.message
    else:
        # WeasyPrint draws inline SVG while writing and logs the refusal instead.
        assert route == "svg-image", "the fetcher let a reference through"
        assert "Failed to render SVG image" in caplog.text
        assert SECRET.encode() not in pdf
    assert server.hits == []
