"""`handouts serve` end to end: the real server on a free loopback port, driven by Debian's
Chromium through Playwright, and plain HTTP requests for what a browser would not send.

All tests of this module run in one xdist worker (one server, one browser)."""

from __future__ import annotations

import io
import os
import re
import shutil
import urllib.parse
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from pdfutil import normalise
from serve_helpers import CHROMIUM, request, start_server

pytestmark = pytest.mark.xdist_group("serve")


def test_the_serve_tests_share_one_worker(request):
    """Under xdist (--dist loadgroup) the group holds: pytest 9.2 with pytest-xdist 3.8 lost
    it silently (pytest-xdist#1386), spreading the browser tests over every worker."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.skip("not run by xdist workers")
    assert request.node.nodeid.endswith("@serve")


REPO = Path(__file__).resolve().parents[1]
PATIENT = "Zebulon Quartermaine"  # names no page, file or log may show
DAY_PATIENTS = ("Ottoline Vanderpump", "Peregrine Oakenshield", "Hyacinth Bucketworth")
EDITED = "facet-joint-injection"
TODAY = "2026-12-01"  # the server's today (HANDOUTS_TODAY): the dates below stay in the future


def pdf_text(data: bytes) -> str:
    return normalise(
        " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve-project")
    shutil.copy(REPO / "handouts.yaml", root / "handouts.yaml")
    (root / "content" / "procedures").mkdir(parents=True)
    source = REPO / "content" / "procedures" / f"{EDITED}.yaml"
    shutil.copy(source, root / "content" / "procedures" / source.name)
    return root


@pytest.fixture(scope="module")
def server(project, tmp_path_factory):
    logs = tmp_path_factory.mktemp("serve-logs")
    running = start_server(project, logs, "--max-upload", "1", env={"HANDOUTS_TODAY": TODAY})
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (./dev setup installs it)")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def test_library_shows_every_document_and_opens_a_pdf(server, page):
    page.goto(server.url + "/")
    cards = page.locator(".card")
    assert cards.count() >= 7  # every handout and variant, and the booklet
    first = cards.filter(has_text="Epidural steroid injection").first
    assert "Version 1." in first.inner_text()
    assert "draft" in first.inner_text()
    thumb = first.locator("img")
    thumb.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 200", arg=thumb.element_handle()
    )
    for link, title in (("Open PDF", "Epidural steroid injection"), ("Large print", "large print")):
        href = first.get_by_role("link", name=link).get_attribute("href")
        response = page.request.get(server.url + href)
        assert response.ok and response.headers["content-type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.body()))
        assert title in reader.metadata.title


class Sent:
    """The POST's response as the server sent it (Chromium's PDF viewer replaces the body
    the page sees, so the bytes are taken on the way through)."""

    status: int
    headers: dict
    data: bytes


def submit_packet(page) -> Sent:
    sent = Sent()

    def through(route):
        response = route.fetch()
        sent.status, sent.headers, sent.data = response.status, response.headers, response.body()
        route.fulfill(response=response)

    page.route("**/patient", through)
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.get_by_role("button", name="Make the packet").click()
    page.unroute("**/patient")
    return sent


def test_patient_form_returns_the_packet(server, page, project):
    page.goto(server.url + "/patient")
    page.select_option("#procedure", "epidural-steroid-injection")
    page.fill("#patient", PATIENT)
    page.fill("#date", "2026-12-10")
    page.fill("#time", "09:30")
    page.fill("#appointment_id", "APT-77")
    page.locator("input[name=hold_drug]").nth(0).fill("apixaban")
    page.locator("input[name=hold_days]").nth(0).fill("3")
    page.locator("input[name=hold_restart]").nth(0).fill("2")
    page.get_by_role("button", name="Add a medicine").click()
    assert page.locator("input[name=hold_drug]").count() == 4
    page.locator("input[name=hold_drug]").nth(3).fill("clopidogrel")
    page.locator("input[name=hold_days]").nth(3).fill("7")
    page.check("input[name=sedation]")
    sent = submit_packet(page)
    assert sent.status == 200
    headers = sent.headers
    assert headers["content-type"] == "application/pdf"
    assert headers["cache-control"] == "no-store"
    assert PATIENT not in headers["content-disposition"]
    text = pdf_text(sent.data)
    assert PATIENT in text
    assert "Thursday, December 10, 2026" in text
    assert "apixaban" in text and "clopidogrel" in text
    # The holds' dates: apixaban's last dose 4 days before, clopidogrel's 8 days before.
    assert "December 6" in text and "December 2" in text
    # apixaban starts again 2 days after, as the CLI's --hold apixaban:3:2 prints it.
    assert "Start taking it again on Saturday, December 12, unless" in text
    # Written as the CLI writes it: its file name, mode 0600, no name in it.
    written = (
        project
        / "output"
        / "appointments"
        / "2026-12-10-0930-epidural-steroid-injection-APT-77.pdf"
    )
    assert written.is_file() and written.stat().st_mode & 0o777 == 0o600


def test_the_form_prints_the_packet_in_the_patients_language(server, page):
    page.goto(server.url + "/patient")
    names = page.locator("#language option").all_inner_texts()
    assert names == ["English", "Español"]  # each language named as its readers know it
    assert page.input_value("#language") == "en"
    page.select_option("#procedure", "epidural-steroid-injection")
    page.select_option("#language", "es")
    page.fill("#patient", PATIENT)
    page.fill("#date", "2026-12-10")
    page.fill("#time", "09:30")
    sent = submit_packet(page)
    assert sent.status == 200
    reader = PdfReader(io.BytesIO(sent.data))
    assert reader.trailer["/Root"]["/Lang"] == "es-US"
    text = pdf_text(sent.data)
    assert "jueves, 10 de diciembre de 2026" in text
    assert "Thursday" not in text


def test_a_packet_over_its_page_limit_says_so_before_it_is_printed(server, page):
    # The English epidural handout in large print takes 5 pages against its limit of 4
    # (written at its natural length, as `build` warns): staff see that before they print.
    page.goto(server.url + "/patient")
    page.select_option("#procedure", "epidural-steroid-injection")
    page.fill("#patient", PATIENT)
    page.fill("#date", "2026-12-10")
    page.fill("#time", "09:30")
    page.check("input[name=large_print]")
    sent = submit_packet(page)
    assert sent.status == 200 and sent.headers["content-type"].startswith("text/html")
    warning = page.inner_text(".notice.warning")
    assert "epidural-steroid-injection-large-print: takes 5 pages, 1 over its limit of 4" in (
        warning
    )
    assert PATIENT not in page.content()
    link = page.get_by_role("link", name=re.compile(r"Open the packet \(\d+ pages\)"))
    address = link.get_attribute("href")
    assert re.fullmatch(r"/patient/made/[\w-]{20,}", address)
    opened = page.request.get(server.url + address)
    assert opened.headers["content-type"] == "application/pdf"
    assert PATIENT in pdf_text(opened.body())
    assert page.request.get(server.url + "/patient/made/not-a-token").status == 404


def test_bad_date_shows_beside_its_field_and_the_form_keeps_input(server, page):
    page.goto(server.url + "/patient")
    page.fill("#patient", PATIENT)
    # An old browser without a date picker lets anything be typed.
    page.eval_on_selector("#date", "input => input.type = 'text'")
    page.fill("#date", "2026-02-30")
    page.fill("#time", "09:30")
    page.locator("input[name=hold_drug]").nth(0).fill("apixaban")
    page.locator("input[name=hold_days]").nth(0).fill("three")
    assert submit_packet(page).status == 422
    page.wait_for_selector("#date-error")
    # The CLI's words: `--date: is not a real date`.
    assert page.inner_text("#date-error") == "is not a real date"
    assert "is not DRUG:DAYS" in page.inner_text("#holds-error")
    assert page.input_value("#patient") == PATIENT
    assert page.input_value("#time") == "09:30"
    assert page.locator("input[name=hold_days]").nth(0).input_value() == "three"


def test_a_past_date_asks_before_making_the_packet(server, page):
    page.goto(server.url + "/patient")
    page.fill("#patient", PATIENT)
    page.fill("#date", "2026-11-20")
    page.fill("#time", "10:00")
    assert submit_packet(page).status == 409
    assert "is in the past (today is 2026-12-01)" in page.inner_text(".notice.warning")
    assert page.input_value("#date") == "2026-11-20"
    with page.expect_response(lambda r: r.request.method == "POST") as info:
        page.get_by_role("button", name="Make it anyway").click()
    assert info.value.status == 200
    assert info.value.headers["content-type"] == "application/pdf"


def test_whole_day_upload_reports_the_bad_row_and_downloads(server, page, tmp_path):
    schedule = tmp_path / "tomorrow.csv"
    a, b, c = DAY_PATIENTS
    schedule.write_text(
        "appointment_id,patient_name,procedure,date,time,holds\n"
        f"D-1,{a},epidural-steroid-injection,2026-12-11,08:00,apixaban:3\n"
        f"D-2,{b},facet-joint-injection,2026-12-11,08:30,\n"
        f"D-3,{c},facet-joint-injection,2026-12-99,09:00,\n",
        encoding="utf-8",
    )
    page.goto(server.url + "/day")
    page.set_input_files("#schedule", str(schedule))
    page.get_by_role("button", name="Make the day's packets").click()
    page.wait_for_selector(".summary", timeout=60_000)
    assert "2 packets made" in page.inner_text(".summary")
    row = page.locator("table.rows tbody tr").first
    assert row.locator("td").nth(0).inner_text() == "4"
    assert row.locator("td").nth(1).inner_text() == "D-3"
    assert "is not a real date" in row.inner_text()
    assert not any(name in page.content() for name in DAY_PATIENTS[2:])  # the bad row's name

    href = page.get_by_role("link", name=re.compile("Print file")).get_attribute("href")
    printed = page.request.get(server.url + href)
    assert printed.headers["cache-control"] == "no-store"
    text = pdf_text(printed.body())
    assert a in text and b in text
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("zip")).click()
    download = info.value
    assert not any(name.split()[1] in download.suggested_filename for name in DAY_PATIENTS)
    with zipfile.ZipFile(download.path()) as archive:
        names = sorted(archive.namelist())
    assert names == [
        "D-1-epidural-steroid-injection.pdf",
        "D-2-facet-joint-injection.pdf",
        "manifest.json",
    ]
    # Kept only until downloaded.
    status, _, _ = request(
        server.url
        + href.replace(href.split("/day/")[1], page.url.split("/day/")[1] + "/packets.zip")
    )
    assert status == 410


def test_preview_refreshes_after_a_save_and_shows_file_mistakes(server, page, project):
    source = project / "content" / "procedures" / f"{EDITED}.yaml"
    original = source.read_text(encoding="utf-8")
    page.goto(server.url + f"/preview/{EDITED}")
    first = page.locator(".pages img").first
    assert first.get_attribute("alt") == "Page 1 of Facet joint injection"
    assert page.locator(".findings").inner_text().startswith("handouts check")
    page.wait_for_function(
        "() => document.getElementById('live-status').textContent.startsWith('Refreshes')"
    )
    before = page.request.get(server.url + first.get_attribute("src")).body()

    with page.expect_navigation(timeout=30_000):
        source.write_text(
            original.replace(
                "title: Facet joint injection", "title: Facet joint injection (edited)", 1
            ),
            encoding="utf-8",
        )
    page.wait_for_selector(".pages img")
    first = page.locator(".pages img").first
    assert first.get_attribute("alt") == "Page 1 of Facet joint injection (edited)"
    assert page.request.get(server.url + first.get_attribute("src")).body() != before

    with page.expect_navigation(timeout=30_000):
        source.write_text(
            original.replace("title: Facet joint injection", "title: [unclosed", 1),
            encoding="utf-8",
        )
    page.wait_for_selector(".problems")
    problem = page.inner_text(".problems")
    assert re.search(rf"content/procedures/{EDITED}\.yaml:\d+:\d+: invalid YAML", problem)

    with page.expect_navigation(timeout=30_000):
        source.write_text(original, encoding="utf-8")
    page.wait_for_selector(".pages img")  # the server kept running
    assert (
        page.locator(".pages img").first.get_attribute("alt") == "Page 1 of Facet joint injection"
    )


def test_paths_outside_the_app_are_404(server, project):
    outside = project.parent / "secret.txt"
    outside.write_text("not for the web", encoding="utf-8")
    (project / "content" / "procedures" / "link.yaml.png").symlink_to(outside)
    for path in (
        "/static/..%2F..%2F..%2Fpyproject.toml",
        "/static/%2e%2e/app.py",
        "/static/../pool.py",
        "/thumb/..%2F..%2Fetc%2Fpasswd.png",
        "/pdf/..%2fhandouts.yaml.pdf",
        "/pdf/link.yaml.pdf",
        "/preview/%2e%2e%2fhandouts.yaml",
        "/preview/facet-joint-injection/1/..%2F..%2F1.png",
        "/day/..%2F..%2Fetc/status",
        "/static/",
    ):
        status, headers, body = request(server.url + path)
        assert status == 404, path
        assert b"not for the web" not in body and b"Traceback" not in body
        assert headers["content-type"].startswith("text/html")


def test_posts_need_the_page_token_and_uploads_have_a_limit(server):
    form = urllib.parse.urlencode(
        {"patient": PATIENT, "date": "2026-12-10", "time": "09:30"}
    ).encode()
    status, _, body = request(server.url + "/patient", form)
    assert status == 403 and b"Traceback" not in body
    page = request(server.url + "/patient")[2].decode()
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    forged = urllib.parse.urlencode({"csrf": token, "patient": PATIENT}).encode()
    status, _, _ = request(server.url + "/patient", forged, {"Origin": "http://evil.example"})
    assert status == 403
    big = b"x" * (1024 * 1024 + 10)  # --max-upload 1 (MB)
    status, body = _oversized_post(server.url + "/day", big)
    assert status == 413 and b"too large" in body.lower()
    status, _, _ = request(server.url + "/patient", method="PUT")
    assert status == 405


def test_no_patient_detail_in_any_log_line(server):
    # Runs last in this module: every name typed or uploaded above has passed through.
    console = server.console()
    assert "POST /patient" in console  # the access log is there
    for name in (PATIENT, *DAY_PATIENTS):
        for part in name.split():
            assert part not in console


def test_token_required_on_a_network_bind(project, tmp_path):
    server = start_server(
        project, tmp_path, "--host", "0.0.0.0", "--token", "s3cret-token", "--no-watch"
    )
    try:
        status, _, body = request(server.url + "/")
        assert status == 401 and b"Access token" in body
        assert request(server.url + "/pdf/clinician-booklet.pdf")[0] == 401
        status, headers, _ = request(server.url + "/patient?token=s3cret-token")
        assert status == 303 and headers["location"] == "/patient"
        cookie = headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert request(server.url + "/patient?token=wrong")[0] == 401
        status, _, _ = request(server.url + "/patient", headers={"Cookie": cookie.split(";")[0]})
        assert status == 200
        console = server.console()
        assert "unencrypted" in console  # plain HTTP on the network: a clear warning
        assert "s3cret-token" not in console  # the user's own token: never printed or logged
    finally:
        server.stop()


def _oversized_post(url: str, body: bytes) -> tuple[int, bytes]:
    """POST a body the server refuses before reading it all. The server may answer 413 and
    close while the body is still being sent, so a broken pipe on sending is expected and the
    answer is read from what the server already sent."""
    import contextlib
    import http.client

    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.putrequest("POST", parts.path)
        conn.putheader("Content-Type", "multipart/form-data; boundary=b")
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            conn.send(body)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()
