"""The peer figure: warm Chromium (Playwright, Debian's `chromium`) printing the same
appointment pages the batch lays out, one page per call and all pages as one document.

Run by run.py in a process of its own; prints one line per figure, or a line saying why the
figure is skipped (no Playwright, no /usr/bin/chromium).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")


def page_html(doc, font_css: str) -> str:
    """The HtmlDocument with its stylesheets inlined, as a browser would be given it."""
    css = [font_css]
    for sheet in doc.stylesheets:
        css.append(sheet.text if hasattr(sheet, "text") else Path(sheet).read_text("utf-8"))
    style = "<style>\n" + "\n".join(css) + "\n</style>"
    return doc.html.replace("</head>", style + "</head>", 1)


def documents(project_dir: str, schedule: str):
    from handouts.appointments.page import AppointmentPages
    from handouts.appointments.schedule import read_schedule
    from handouts.appointments.settings import load_appointment_settings
    from handouts.pdf.fonts import font_face_css
    from handouts.project.loader import load_project

    project = load_project(project_dir)
    pages = AppointmentPages(project, load_appointment_settings(project.settings))
    items = read_schedule(Path(schedule), project).appointments
    return [page_html(pages.html(i.appointment), font_face_css()) for i in items]


def one_document(htmls: list[str]) -> str:
    head, rest = htmls[0].split("<body", 1)
    body_tag = "<body" + rest.split(">", 1)[0] + ">"
    bodies = [h.split("<body", 1)[1].split(">", 1)[1].rsplit("</body>", 1)[0] for h in htmls]
    joined = "".join(f'<div style="break-before: page">{b}</div>' for b in bodies)
    return head + body_tag + joined + "</body></html>"


def main(project_dir: str, schedule: str) -> None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("chromium  skipped: Playwright is not installed (pip install playwright)")
        return
    if not CHROMIUM.is_file():
        print(f"chromium  skipped: {CHROMIUM} is missing (apt-get install chromium)")
        return
    htmls = documents(project_dir, schedule)
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        page = browser.new_page()
        files = []
        for n, html in enumerate([*htmls, one_document(htmls)]):
            files.append(Path(temp) / f"{n}.html")
            files[-1].write_text(html, encoding="utf-8")

        def render(path: Path) -> bytes:
            page.goto(path.as_uri())
            return page.pdf(format="Letter", prefer_css_page_size=True)

        render(files[0])  # warm up
        started = time.perf_counter()
        for path in files[:-1]:
            render(path)
        single = time.perf_counter() - started
        started = time.perf_counter()
        render(files[-1])
        whole = time.perf_counter() - started
        browser.close()
    count = len(htmls)
    print(
        f"chromium  {count:5d} appointment pages, warm, one page per call: {single:6.1f} s, "
        f"{count / single:5.1f} pages/s; as one document: {whole:5.1f} s, "
        f"{count / whole:5.1f} pages/s"
    )


if __name__ == "__main__":
    main(*sys.argv[1:3])
