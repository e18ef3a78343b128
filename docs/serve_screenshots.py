"""Screenshots of `handouts serve` at a front-desk PC's size (1366 x 768) for the docs.

Usage (from the repository root, after ./dev setup):
    .venv/bin/python docs/serve_screenshots.py [--out docs/images]

Starts the real server on a copy of the sample project and drives Debian's chromium.
The names typed are fictional.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from serve_helpers import CHROMIUM, start_server  # noqa: E402

SCHEDULE = """appointment_id,patient_name,procedure,date,time,holds,sedation
A-1001,Maria Lopez,epidural-steroid-injection,2026-12-11,08:00,apixaban:3,no
A-1002,Sam Okafor,facet-joint-injection,2026-12-11,08:30,,no
A-1003,Lee Chen,radiofrequency-ablation,2026-12-11,09:15,,yes
A-1004,Ana Silva,nerve-block,2026-12-11,10:00,,no
A-1005,Tom Berg,facet-joint-injection,2026-12-31,25:00,,no
"""


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="handouts-shots-") as temp:
        project = Path(temp) / "clinic"
        project.mkdir()
        shutil.copy(ROOT / "handouts.yaml", project / "handouts.yaml")
        (project / "content" / "procedures").mkdir(parents=True)
        edited = project / "content" / "procedures" / "facet-joint-injection.yaml"
        shutil.copy(ROOT / "content" / "procedures" / edited.name, edited)
        schedule = Path(temp) / "tomorrow.csv"
        schedule.write_text(SCHEDULE, encoding="utf-8")
        server = start_server(project, Path(temp) / "logs", "--workers", "2")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1366, "height": 768})
                shoot(page, server.url, schedule, args.out)
                shoot_mistake(page, server.url, edited, args.out)
                browser.close()
        finally:
            server.stop()


def shoot(page, url: str, schedule: Path, out: Path) -> None:
    page.goto(url + "/")
    page.wait_for_function(
        "() => [...document.images].slice(0, 9).every(i => i.complete && i.naturalWidth)"
    )
    page.screenshot(path=out / "serve-library.png")

    page.goto(url + "/patient")
    page.select_option("#procedure", "epidural-steroid-injection")
    page.fill("#patient", "Maria Lopez")
    page.eval_on_selector("#date", "input => input.type = 'text'")
    page.fill("#date", "2026-11-31")
    page.fill("#time", "09:30")
    page.fill("#physician", "Dr. A. Rivera")
    page.locator("input[name=hold_drug]").nth(0).fill("apixaban")
    page.locator("input[name=hold_days]").nth(0).fill("3")
    page.check("input[name=sedation]")
    page.get_by_role("button", name="Make the packet").click()
    page.wait_for_selector("#date-error")
    page.screenshot(path=out / "serve-patient.png")

    page.goto(url + "/day")
    page.set_input_files("#schedule", str(schedule))
    page.get_by_role("button", name="Make the day's packets").click()
    page.wait_for_selector(".summary", timeout=120_000)
    page.screenshot(path=out / "serve-day.png")

    page.goto(url + "/preview/facet-joint-injection")
    page.wait_for_function("() => [...document.images].every(i => i.complete && i.naturalWidth)")
    page.screenshot(path=out / "serve-preview.png")


def shoot_mistake(page, url: str, edited: Path, out: Path) -> None:
    """A template author's typo: the preview shows the file, line and field."""
    original = edited.read_text(encoding="utf-8")
    page.goto(url + "/preview/facet-joint-injection")
    page.wait_for_function(
        "() => document.getElementById('live-status').textContent.startsWith('Refreshes')"
    )
    with page.expect_navigation():
        edited.write_text(
            original.replace("kind: injection", "kind: injektion", 1), encoding="utf-8"
        )
    page.wait_for_selector(".problems")
    page.screenshot(path=out / "serve-preview-mistake.png")
    edited.write_text(original, encoding="utf-8")


if __name__ == "__main__":
    main()
