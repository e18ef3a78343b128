"""Parts of `handouts serve` that need no server: settings for the form, the security checks."""

from __future__ import annotations

import pytest

from conftest import SAMPLE_SETTINGS, with_in_section
from handouts.appointments.settings import load_appointment_settings
from handouts.diagnostics import ContentError
from handouts.project.loader import load_project
from handouts.serve.security import Guard, hostname, is_loopback
from handouts.serve.watch import watched


def test_physicians_and_locations_are_the_forms_choices(make_project):
    settings = with_in_section(
        SAMPLE_SETTINGS,
        "appointments",
        "  physicians: [Dr. A. Rivera, Dr. B. Chen]\n  locations: [Main clinic]\n",
    )
    project = load_project(make_project(settings=settings))
    loaded = load_appointment_settings(project.settings)
    assert loaded.physicians == ("Dr. A. Rivera", "Dr. B. Chen")
    assert loaded.locations == ("Main clinic",)
    assert loaded.fasting is not None


def test_a_wrong_physicians_list_names_file_line_and_field(make_project):
    # Every handouts.yaml section is validated when the project loads (issue 11).
    with pytest.raises(ContentError) as caught:
        settings = with_in_section(SAMPLE_SETTINGS, "appointments", "  physicians: Dr. Rivera\n")
        load_project(make_project(settings=settings))
    message = str(caught.value.problems[0])
    assert message.startswith("handouts.yaml:") and "appointments.physicians" in message
    assert "expected a list" in message


def test_hosts():
    assert hostname("127.0.0.1:8000") == "127.0.0.1"
    assert hostname("[::1]:8000") == "[::1]"
    assert hostname("frontdesk") == "frontdesk"
    assert is_loopback("localhost") and is_loopback("127.0.0.1") and is_loopback("[::1]")
    assert not is_loopback("0.0.0.0") and not is_loopback("evil.example")


def test_csrf_needs_the_pages_token_and_the_same_origin():
    guard = Guard(token=None, https=False, bind_host="127.0.0.1", max_body=1000)
    own = {"host": "127.0.0.1:8000", "origin": "http://127.0.0.1:8000"}
    assert guard.csrf_ok(own, guard.csrf_token)
    assert guard.csrf_ok({"host": "127.0.0.1:8000"}, guard.csrf_token)  # no Origin sent
    assert not guard.csrf_ok(own, None)
    assert not guard.csrf_ok(own, "0" * len(guard.csrf_token))
    assert not guard.csrf_ok({**own, "origin": "http://evil.example"}, guard.csrf_token)
    other = Guard(token=None, https=False, bind_host="127.0.0.1", max_body=1000)
    assert not guard.csrf_ok(own, other.csrf_token)  # each server start has its own


def test_the_watcher_ignores_outputs_and_editor_files(tmp_path):
    keep = watched(tmp_path)
    assert keep(None, str(tmp_path / "content" / "procedures" / "x.yaml"))
    assert keep(None, str(tmp_path / "_brand.yml"))
    assert not keep(None, str(tmp_path / "output" / "appointments" / "a.pdf"))
    assert not keep(None, str(tmp_path / "content" / ".x.yaml.swp"))
    assert not keep(None, str(tmp_path / "templates" / "handout.html.j2~"))
    assert not keep(None, str(tmp_path / ".git" / "index"))


def call(app, path="/", method="GET", headers=(), body=b""):
    """One request through an ASGI app; returns (status, headers, body)."""
    import asyncio

    sent = []
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": b"",
        "headers": [(k.encode(), v.encode()) for k, v in headers],
    }

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = sent[0]
    return start["status"], dict(start["headers"]), b"".join(m.get("body", b"") for m in sent[1:])


def test_an_unexpected_error_is_a_page_without_traceback_or_details(caplog):
    from handouts.serve.security import GuardMiddleware

    async def broken(scope, receive, send):
        raise KeyError("Zebulon Quartermaine")  # an error whose text holds a name

    guard = Guard(token=None, https=False, bind_host="127.0.0.1", max_body=1000)
    app = GuardMiddleware(broken, guard)
    status, headers, body = call(app, headers=[("host", "127.0.0.1:8000")])
    assert status == 500
    assert headers[b"content-type"].startswith(b"text/html")
    assert headers[b"cache-control"] == b"no-store"
    assert b"Something went wrong" in body
    assert b"Traceback" not in body and b"Zebulon" not in body
    assert "KeyError" in caplog.text and "Zebulon" not in caplog.text


def test_a_rebinding_host_and_a_large_body_are_refused():
    from handouts.serve.security import GuardMiddleware

    async def app(scope, receive, send):
        await receive()  # reads the body, as a form parser does
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    guard = Guard(token=None, https=False, bind_host="127.0.0.1", max_body=10)
    guarded = GuardMiddleware(app, guard)
    assert call(guarded, headers=[("host", "127.0.0.1:8000")])[0] == 200
    assert call(guarded, headers=[("host", "attacker.example:8000")])[0] == 421
    big = [("host", "localhost:8000"), ("content-length", "11")]
    assert call(guarded, "/day", "POST", big, b"x" * 11)[0] == 413
    chunked = [("host", "localhost:8000")]  # no length given: counted as it arrives
    assert call(guarded, "/day", "POST", chunked, b"x" * 11)[0] == 413
    assert call(guarded, "/day", "POST", chunked, b"x" * 10)[0] == 200
