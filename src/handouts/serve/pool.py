"""One warm pool of render processes for the whole server.

WeasyPrint is single-threaded and slow to import, so it runs only in these processes, started
with the server (spawned, not forked: the server has threads) and kept for its lifetime.
A process that dies is replaced on the next request.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import queue
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from handouts.errors import HandoutsError
from handouts.pdf.print_options import PrintOptions
from handouts.serve import worker


class RenderPool:
    def __init__(self, root: Path, options: PrintOptions, processes: int):
        self.root = root
        self.options = options
        self.processes = processes
        self._context = multiprocessing.get_context("spawn")
        self.progress_queue = self._context.Queue()
        self._listeners: dict[str, Callable[[int, int], None]] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._reader: threading.Thread | None = None

    def start(self) -> None:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.processes,
                    mp_context=self._context,
                    initializer=worker.start,
                    initargs=(str(self.root), self.options, self.progress_queue),
                )
        if self._reader is None:
            self._reader = threading.Thread(target=self._read_progress, daemon=True)
            self._reader.start()

    def warm(self) -> None:
        """Start every process now (a pool starts them lazily), so no request waits."""
        self.start()
        futures = [self._pool.submit(_ready) for _ in range(self.processes)]
        for future in futures:
            future.result()

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        self.progress_queue.put(None)
        if self._reader is not None:
            self._reader.join(timeout=2)
            self._reader = None

    async def run(self, function, *args):
        """Run worker.function(*args) in a render process."""
        self.start()
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wrap_future(self._pool.submit(function, *args), loop=loop)
        except BrokenProcessPool:
            with self._lock:
                self._pool = None  # start a new pool on the next request
            raise HandoutsError(
                "the render process stopped unexpectedly; nothing was written. Try again."
            ) from None

    def listen(self, job: str, callback: Callable[[int, int], None]) -> None:
        self._listeners[job] = callback

    def forget(self, job: str) -> None:
        self._listeners.pop(job, None)

    def _read_progress(self) -> None:
        while True:
            try:
                message = self.progress_queue.get(timeout=1)
            except queue.Empty:
                continue
            except (EOFError, OSError):
                return
            if message is None:
                return
            job, done, total = message
            callback = self._listeners.get(job)
            if callback is not None:
                callback(done, total)


def _ready() -> bool:
    return True
