"""Starting the real `handouts serve` for the web tests and benchmarks: a subprocess on a
free loopback port, its console and log kept in files the tests read."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningServer:
    process: subprocess.Popen
    url: str  # http://127.0.0.1:PORT
    stdout: Path
    stderr: Path

    def console(self) -> str:
        return self.stdout.read_text(encoding="utf-8") + self.stderr.read_text(encoding="utf-8")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(
    project: Path, logs: Path, *args: str, timeout: float = 90, env: dict | None = None
) -> RunningServer:
    """Start the server and wait until it answers (its render process is warm by then)."""
    port = free_port()
    logs.mkdir(parents=True, exist_ok=True)
    stdout, stderr = logs / f"serve-{port}.out", logs / f"serve-{port}.err"
    command = [sys.executable, "-m", "handouts", "serve", "--project", str(project)]
    command += ["--port", str(port), "--workers", "1", *args]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env)
    server = RunningServer(process, f"http://127.0.0.1:{port}", stdout, stderr)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"handouts serve exited:\n{server.console()}")
        try:
            with urllib.request.urlopen(server.url + "/static/app.css", timeout=2):
                return server
        except urllib.error.HTTPError:
            return server  # it answers (401 without the token)
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"handouts serve did not start in {timeout} s:\n{server.console()}")


def request(url: str, data: bytes | None = None, headers: dict | None = None, method=None):
    """(status, headers, body) without raising on 4xx/5xx or following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with opener.open(req, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()
