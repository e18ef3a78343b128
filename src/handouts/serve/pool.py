"""One warm pool of render processes for the whole server.

WeasyPrint is single-threaded and slow to import, so it runs only in these processes, started
with the server (spawned, not forked: the server has threads) and kept for its lifetime.
A process that dies is replaced on the next request.
"""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import queue
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from handouts.diagnostics import HandoutsError
from handouts.pdf.print_options import PrintOptions
from handouts.serve import worker

# Job priorities: what a person at the desk waits for first, drawings for later.
PACKET, PREVIEW, BACKGROUND = 0, 1, 2


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
        self.busy = 0  # people waiting for a render process now
        self._queue: asyncio.PriorityQueue | None = None
        self._dispatchers: list[asyncio.Task] = []
        self._sequence = 0

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

    async def stop_dispatching(self) -> None:
        for task in self._dispatchers:
            task.cancel()
        await asyncio.gather(*self._dispatchers, return_exceptions=True)
        self._dispatchers, self._queue = [], None

    def close(self) -> None:
        if self.progress_queue is None:
            return  # closed already
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        self.progress_queue.put(None)
        if self._reader is not None:
            self._reader.join(timeout=2)
            self._reader = None
        self.progress_queue.close()
        self.progress_queue.join_thread()
        # uvicorn ends the process by raising the stop signal again, so exit handlers do not
        # run: release the queue's semaphores now rather than leave them to the tracker.
        self.progress_queue = None
        gc.collect()

    async def run(self, function, *args, priority: int = PREVIEW):
        """Run worker.function(*args) in a render process; lower priorities go first."""
        self.start()
        loop = asyncio.get_running_loop()
        if self._queue is None:
            self._queue = asyncio.PriorityQueue()
            self._dispatchers = [loop.create_task(self._dispatch()) for _ in range(self.processes)]
        done = loop.create_future()
        self._sequence += 1
        self.busy += priority < BACKGROUND
        try:
            await self._queue.put((priority, self._sequence, done, function, args))
            return await done
        finally:
            self.busy -= priority < BACKGROUND

    async def _dispatch(self) -> None:
        """Hand one job at a time to the processes, so a packet never queues behind a
        row of thumbnails that were asked for first."""
        loop = asyncio.get_running_loop()
        while True:
            _priority, _sequence, done, function, args = await self._queue.get()
            if done.cancelled():
                continue
            try:
                result = await asyncio.wrap_future(self._pool.submit(function, *args), loop=loop)
            except BrokenProcessPool:
                with self._lock:
                    self._pool = None
                self.start()  # a new pool for the next job
                error = HandoutsError(
                    "the render process stopped unexpectedly; nothing was written. Try again."
                )
                if not done.done():
                    done.set_exception(error)
            except Exception as exc:
                if not done.done():
                    done.set_exception(exc)
            else:
                if not done.done():
                    done.set_result(result)

    async def idle(self) -> None:
        """Wait until no request is waiting: background work must not delay a person."""
        while self.busy:
            await asyncio.sleep(0.05)

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
