"""Keep clinic templates from reading outside the project, running forever or flooding memory.

Clinic templates are the clinic's own code, but they are edited by many hands: a symlink to a
file elsewhere, a loop over `range(10**9)` or a macro that calls itself must end in one clear
message naming the template, not a hang, a traceback or someone else's file in a handout.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

MAX_OUTPUT_CHARS = 5_000_000  # a handout renders to about 11 kB of HTML, the booklet to 250 kB
MAX_RENDER_SECONDS = 60  # a whole booklet renders in well under a second
# Memory a render may take beyond what the process already uses: the booklet needs a few MB.
MAX_RENDER_MEMORY = 512 << 20


class TemplateOutsideProject(jinja2.TemplateError):
    """A template file that resolves (through a symlink) to a file outside the allowed folders."""

    def __init__(self, name: str, filename: str, target: Path):
        super().__init__(f"{filename} is a symbolic link to {target}, outside the project")
        self.filename = filename
        self.target = target


class ConfinedFileSystemLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that refuses, before reading, a template resolving outside `allowed`."""

    def __init__(self, searchpath, allowed: list[Path]):
        super().__init__(searchpath)
        self.allowed = [Path(p).resolve() for p in allowed]

    def get_source(self, environment, template):
        pieces = split_template_path(template)
        for folder in self.searchpath:
            filename = os.path.join(folder, *pieces)
            if os.path.isfile(filename):
                target = Path(filename).resolve()
                if not any(target.is_relative_to(root) for root in self.allowed):
                    raise TemplateOutsideProject(template, filename, target)
                break
        return super().get_source(environment, template)


class RenderLimitExceeded(Exception):
    """Rendering went past a limit; `location` is the template file:line it was at, if known."""

    def __init__(self, message: str, location: str | None = None):
        super().__init__(message)
        self.location = location


def render_limited(
    template: jinja2.Template,
    context: dict,
    *,
    max_chars: int | None = None,
    max_seconds: float | None = None,
) -> str:
    """Render `template`, stopping it with RenderLimitExceeded past the size or time limit."""
    max_chars = MAX_OUTPUT_CHARS if max_chars is None else max_chars
    max_seconds = MAX_RENDER_SECONDS if max_seconds is None else max_seconds
    parts: list[str] = []
    size = 0
    stream = template.generate(context)
    with _time_limit(max_seconds), _memory_limit(MAX_RENDER_MEMORY):
        for part in stream:
            size += len(part)
            if size > max_chars:
                location = _suspended_location(stream)
                stream.close()
                raise RenderLimitExceeded(
                    f"the template printed more than {max_chars:,} characters; "
                    "does a loop run far more often than intended?",
                    location,
                )
            parts.append(part)
    return "".join(parts)


def _suspended_location(stream) -> str | None:
    """file:line of the innermost template code a suspended `generate()` stream stopped in.

    Jinja nests templates as generators: blocks and extends through `yield from`, includes
    through a local generator named `gen`; follow both down to the innermost one."""
    location = None
    generator = stream
    while generator is not None and generator.gi_frame is not None:
        frame = generator.gi_frame
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            name = template.filename or template.name
            location = f"{name}:{template.get_corresponding_lineno(frame.f_lineno)}"
        inner = generator.gi_yieldfrom
        if inner is None:
            inner = frame.f_locals.get("gen")
        generator = inner if hasattr(inner, "gi_frame") else None
    return location


class _memory_limit:  # a context manager, named like contextlib's
    """A ceiling on the address space while a template renders (Linux, main thread only), so a
    string doubled in a loop ends in MemoryError instead of taking the machine's memory."""

    def __init__(self, headroom: int):
        self.headroom = headroom
        self.previous: tuple[int, int] | None = None

    def __enter__(self):
        try:
            import resource

            if threading.current_thread() is not threading.main_thread():
                return self
            with open("/proc/self/statm", encoding="ascii") as statm:
                in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            ceiling = in_use + self.headroom
            if soft != resource.RLIM_INFINITY and soft <= ceiling:
                return self  # already tighter than ours
            if hard != resource.RLIM_INFINITY:
                ceiling = min(ceiling, hard)
            resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
            self.previous = (soft, hard)
        except (ImportError, OSError, ValueError):
            pass  # not Linux: the sandbox's own bounds still hold
        return self

    def __exit__(self, *exc):
        if self.previous is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, self.previous)
        return False


class _time_limit:  # a context manager, named like contextlib's
    """SIGALRM-based limit (main thread only; elsewhere rendering runs unlimited in time)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.previous: Callable | int | None = None
        self.active = False

    def __enter__(self):
        usable = (
            self.seconds > 0
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0  # someone else's timer: leave it
        )
        if usable:
            self.previous = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self.active = True
        return self

    def _expired(self, signum, frame):
        raise RenderLimitExceeded(
            f"the template was still rendering after {self.seconds:g} seconds; "
            "does a loop run far more often than intended?"
        )

    def __exit__(self, *exc):
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        return False
