"""Benchmark `handouts serve` on a warm server: what the front desk and a template author wait for.

Usage (from the repository root):
    python benchmarks/serve.py [--runs 20] [--workers 2]

Starts the real server (as `handouts serve` does, on a free loopback port) on a copy of the
sample project, waits until it is warm, then prints medians and 90th percentiles of:
- a single packet: POST of the "For one patient" form until the whole PDF is received;
- preview refresh: saving a handout's YAML until the page's event arrives, the page is fetched
  again and all its page images are received (what the browser does on the event);
- the library page with its thumbnails cached: the page and every card's image.
Targets on a 2-core machine: packet <= 0.5 s, preview refresh <= 1.5 s, library <= 0.3 s.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from serve_helpers import request, start_server  # noqa: E402

DOCUMENT = "facet-joint-injection"


def summary(name: str, times: list[float], target: float) -> str:
    times = sorted(times)
    median = statistics.median(times)
    p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
    verdict = "ok" if median <= target else "SLOWER THAN TARGET"
    return f"{name:<36} median {median:6.3f} s  p90 {p90:6.3f} s  (target {target} s: {verdict})"


def packet_times(url: str, runs: int) -> list[float]:
    html = request(url + "/patient")[2].decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    times = []
    for run in range(runs + 2):
        form = urllib.parse.urlencode(
            {
                "csrf": csrf,
                "procedure": "epidural-steroid-injection",
                "patient": "Benchmark Patient",
                "date": "2026-12-10",
                "time": f"{8 + run % 8:02d}:30",
                "appointment_id": f"BENCH-{run}",
                "hold_drug": "apixaban",
                "hold_days": "3",
            }
        ).encode()
        started = time.perf_counter()
        status, _headers, body = request(url + "/patient", form)
        elapsed = time.perf_counter() - started
        assert status == 200 and body.startswith(b"%PDF"), (status, body[:200])
        if run >= 2:  # the first two warm the handout in both processes
            times.append(elapsed)
    return times


class EventWatcher(threading.Thread):
    """Reads /events and records when each `reload` event arrives."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url = url
        self.arrivals: list[float] = []
        self.ready = threading.Event()

    def run(self):
        with urllib.request.urlopen(self.url + "/events", timeout=120) as stream:
            for raw in stream:
                line = raw.decode().strip()
                if line.startswith("event: hello"):
                    self.ready.set()
                if line == "event: reload":
                    self.arrivals.append(time.perf_counter())


def fetch_preview(url: str) -> None:
    html = request(url + f"/preview/{DOCUMENT}")[2].decode()
    images = re.findall(r'<img src="([^"]+)"', html)
    assert images, html[:500]
    for src in images:
        assert request(url + src)[0] == 200


def preview_times(url: str, source: Path, runs: int) -> list[float]:
    watcher = EventWatcher(url)
    watcher.start()
    watcher.ready.wait(30)
    original = source.read_text(encoding="utf-8")
    fetch_preview(url)
    times = []
    try:
        for run in range(runs):
            seen = len(watcher.arrivals)
            edited = original.replace(
                "title: Facet joint injection", f"title: Facet joint injection {run}", 1
            )
            started = time.perf_counter()
            source.write_text(edited, encoding="utf-8")
            while len(watcher.arrivals) == seen:
                time.sleep(0.005)
            fetch_preview(url)
            times.append(time.perf_counter() - started)
            time.sleep(0.3)
    finally:
        source.write_text(original, encoding="utf-8")
    return times


def library_times(url: str, runs: int) -> list[float]:
    html = request(url + "/")[2].decode()
    for src in re.findall(r'<img src="([^"]+)"', html):
        request(url + src)  # draw them once: the benchmark is of the cached page
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        html = request(url + "/")[2].decode()
        for src in re.findall(r'<img src="([^"]+)"', html):
            assert request(url + src)[0] == 200
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="handouts-bench-serve-") as temp:
        project = Path(temp) / "clinic"
        (project / "content" / "procedures").mkdir(parents=True)
        shutil.copy(ROOT / "handouts.yaml", project / "handouts.yaml")
        source = project / "content" / "procedures" / f"{DOCUMENT}.yaml"
        shutil.copy(ROOT / "content" / "procedures" / source.name, source)
        started = time.perf_counter()
        # The later --workers wins over start_server's own.
        server = start_server(project, Path(temp) / "logs", "--workers", str(args.workers))
        try:
            print(
                f"server warm after {time.perf_counter() - started:.1f} s "
                f"({args.workers} render processes)"
            )
            print(summary("single packet, submit to PDF", packet_times(server.url, args.runs), 0.5))
            print(
                summary(
                    "preview refresh after saving YAML",
                    preview_times(server.url, source, max(5, args.runs // 4)),
                    1.5,
                )
            )
            print(
                summary(
                    "library page, thumbnails cached", library_times(server.url, args.runs), 0.3
                )
            )
        finally:
            server.stop()


if __name__ == "__main__":
    main()
