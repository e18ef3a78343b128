"""Trial layouts: what fitting asks of a layout, remembered by everything that shaped it.

Fitting a handout to its page limit (fitting.py, figure_fit.py) lays it out again and again,
each time a little tighter, or with its box of words narrowed or a drawing taken out, and asks
each layout only a few things: how many pages, where the diary starts, whether a caption was
dropped, the body's type size, line height and margins, and which section crosses the limit.
Only the chosen layout is written. A layout takes 0.3 to 0.6 s and a default handout can need
a dozen trials, so the answers are kept for the life of the process, keyed by everything that
shapes a layout: the HTML, the text of every stylesheet (and of what it imports), the extra
CSS, the paper, the PDF variant, and the path, size and time of every local file that the HTML
and CSS name (a relative address resolved against the project folder, as the layout resolves
it). Two projects with the same look and content share answers. The next fit of the same
handout (the next packet of a batch, the next preview in the web app, the next build in the
same process) lays it out once, as printed.

The answers are also kept on disk, in `<project>/.handouts-cache/trials.json` (a cache, like
.pytest_cache: safe to delete, never committed), so the next command on the project starts
with them: `handouts handout ID --patient ...` from a fresh process lays the handout out once.
The file is bounded (the latest MAX_KEPT answers), written atomically, read only when small,
and ignored when unreadable or written by another version of handouts or WeasyPrint; a
project folder that cannot be written to only means no cache.

The printed layout is always a real one. If its answers differ from the kept ones (a file
changed in a way the key cannot see), the kept answers are dropped and the fit is searched
again from scratch (figure_fit.fit_handout).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from collections import OrderedDict
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from handouts.pdf.measure import Trial, measure
from handouts.render.document import HtmlDocument

MAX_KEPT = 512  # answers kept per process and on disk; each is a few hundred bytes
CACHE_FOLDER = ".handouts-cache"
STORE_NAME = "trials.json"
STORE_FORMAT = 1  # bump when Trial or measure() changes what an answer means
MAX_STORE_BYTES = 2_000_000
KEPT_DOCUMENTS = 5  # laid-out documents a Trials holds until they are printed
FILE_URL = re.compile(r"""file://[^\s"')<>]+""")
HTML_REF = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"'#][^"']*)["']""")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+?)['"]?\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]([^'"]+)['"]""")
MAX_IMPORT_DEPTH = 5


class StaleTrials(Exception):
    """The printed layout disagreed with the kept answers for the same key."""


_kept: OrderedDict[str, Trial] = OrderedDict()
_learnt: list[tuple[str, Trial]] = []  # answers found since take_learnt() was last called


def forget_all() -> None:
    _kept.clear()
    _learnt.clear()


def known() -> list[tuple[str, Trial]]:
    """The answers kept in this process, for worker processes to start with."""
    return list(_kept.items())


def learn(answers: list[tuple[str, Trial]]) -> None:
    """Keep answers found in another process (a build's worker)."""
    for key, trial in answers:
        _keep(key, trial)
    _found[0] += len(answers)


def take_learnt() -> list[tuple[str, Trial]]:
    """The answers this process found since the last call: a worker sends them back."""
    found = list(_learnt)
    _learnt.clear()
    return found


_found = [0]  # answers this process laid out or learnt from a worker, in all
_stores: dict[Path, int] = {}  # store file -> _found when it was last read or written


def _store_path(project_root: Path) -> Path:
    return Path(project_root) / CACHE_FOLDER / STORE_NAME


def _versions() -> str:
    import weasyprint

    from handouts import __version__

    return f"{STORE_FORMAT} handouts {__version__} weasyprint {weasyprint.__version__}"


def open_store(project_root: Path) -> None:
    """Start with the answers kept on disk for this project (once per process)."""
    path = _store_path(project_root)
    if path in _stores:
        return
    _stores[path] = _found[0]
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError, AttributeError):
        if path.stat().st_size > MAX_STORE_BYTES:
            return
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("versions") != _versions():
            return
        loaded = [(key, trial_from(fields)) for key, fields in data["answers"][-MAX_KEPT:]]
        for key, trial in reversed(loaded):  # older than this process's own answers
            if isinstance(key, str) and key not in _kept:
                _kept[key] = trial
                _kept.move_to_end(key, last=False)
        while len(_kept) > MAX_KEPT:
            _kept.popitem(last=False)


def trial_from(fields: dict) -> Trial:
    """A Trial from the store's JSON, or ValueError: the file is the project's, not ours,
    so a value of the wrong kind is refused here rather than met later."""
    number = (int, float)

    def need(ok: bool) -> None:
        if not ok:
            raise ValueError("not a trial layout")

    need(isinstance(fields, dict) and set(fields) == set(Trial.__dataclass_fields__))
    need(all(isinstance(fields[k], int) for k in ("pages", "lost_captions")))
    need(fields["diary_page"] is None or isinstance(fields["diary_page"], int))
    need(all(isinstance(fields[k], number) for k in ("font_px", "line_height")))
    need(isinstance(fields["margins"], list) and len(fields["margins"]) == 4)
    need(all(isinstance(m, number) for m in fields["margins"]))
    need(fields["crossing"] is None or isinstance(fields["crossing"], str))
    need(isinstance(fields["warnings"], list))
    need(all(isinstance(w, str) for w in fields["warnings"]))
    return Trial(
        **{**fields, "margins": tuple(fields["margins"]), "warnings": tuple(fields["warnings"])}
    )


def save_store(project_root: Path) -> None:
    """Write the kept answers for the next command, if this process found new ones."""
    path = _store_path(project_root)
    if _stores.get(path, 0) >= _found[0]:
        return
    _stores[path] = _found[0]
    answers = [[key, asdict(trial)] for key, trial in _kept.items()]
    data = {"versions": _versions(), "answers": answers[-MAX_KEPT:]}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    with contextlib.suppress(OSError):  # a cache: a read-only project only means none
        path.parent.mkdir(exist_ok=True)
        replace_file(path, text.encode("utf-8"))


def replace_file(path: Path, data: bytes) -> None:
    """A temporary file renamed into place: a reader sees the old store or the new one. Not
    flushed to disk (output.atomic_write is, for PDFs): a store lost in a crash is only a
    slower next run, and is read as damaged."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _keep(key: str, trial: Trial) -> None:
    _kept[key] = trial
    _kept.move_to_end(key)
    while len(_kept) > MAX_KEPT:
        _kept.popitem(last=False)


class Trials:
    """Trial layouts of one PdfMaker, with the answers kept for the process."""

    def __init__(self, maker):
        self.maker = maker
        self._laid_out: dict[str, object] = {}  # key -> weasyprint.Document not yet handed out
        open_store(maker.project.root)

    def save(self) -> None:
        save_store(self.maker.project.root)

    def trial(self, doc: HtmlDocument, css: tuple[str, ...] = ()) -> Trial:
        key = layout_key(self.maker, doc, css)
        if key in _kept:
            _kept.move_to_end(key)
            found = _kept[key]
            self.maker.warnings.extend(found.warnings)
            return found
        return self._lay_out(key, doc, css)[0]

    def document(self, doc: HtmlDocument, css: tuple[str, ...] = ()):
        """The real layout of `doc` with `css`, to write. Raises StaleTrials when it does not
        agree with the answers kept for it."""
        key = layout_key(self.maker, doc, css)
        if key in self._laid_out:
            return self._laid_out.pop(key)
        expected = _kept.get(key)
        found, document = self._lay_out(key, doc, css)
        self._laid_out.pop(key, None)
        if expected is not None and _answers(expected) != _answers(found):
            forget_all()
            raise StaleTrials(doc.name)
        return document

    def _lay_out(self, key: str, doc: HtmlDocument, css: tuple[str, ...]):
        before = len(self.maker.warnings)
        document = self.maker.layout(doc, extra_css=list(css))
        found = measure(doc, document, tuple(self.maker.warnings[before:]))
        _keep(key, found)
        _learnt.append((key, found))
        _found[0] += 1
        # Keep the latest few layouts: fitting prints the last one it tried, or one it tried
        # up to four layouts before (a natural one, or the tightest, tried early: fitting.py).
        self._laid_out[key] = document
        while len(self._laid_out) > KEPT_DOCUMENTS:
            self._laid_out.pop(next(iter(self._laid_out)))
        return found, document


def _answers(trial: Trial) -> tuple:
    return (trial.pages, trial.diary_page, trial.lost_captions, trial.crossing)


# -- the key --------------------------------------------------------------------------------


def layout_key(maker, doc: HtmlDocument, css: tuple[str, ...]) -> str:
    """A digest of everything that shapes the layout of `doc` with `css` by `maker`."""
    digest = hashlib.sha256()

    def add(text: str) -> None:
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")

    add(doc.html)
    add(maker.paper)
    add(maker.variant)
    for rule in css:
        add(rule)
    names = set(FILE_URL.findall(doc.html))
    root = Path(maker.project.root)
    for target in HTML_REF.findall(doc.html) + CSS_URL.findall(doc.html):  # relative ones
        local = _local_path(root / "index.html", target)
        if local is not None:
            names.add(local.as_uri())
    for sheet in doc.stylesheets:
        text = getattr(sheet, "text", None)
        if text is not None:  # CSS made from the brand
            add(text)
            names.update(FILE_URL.findall(text))
        else:
            for path, sheet_text in _sheet_texts(Path(sheet)):
                add(sheet_text)
                names.update(_css_files(path, sheet_text))
    for name in sorted(names):
        add(f"{name} {_stamp(name)}")
    return digest.hexdigest()


def _sheet_texts(path: Path, depth: int = 0):
    """(path, text) of a stylesheet file and of the local files it imports."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        yield path, f"unreadable {path}"  # the layout reports it
        return
    yield path, text
    if depth >= MAX_IMPORT_DEPTH:
        return
    for target in CSS_IMPORT.findall(text):
        local = _local_path(path, target)
        if local is not None:
            yield from _sheet_texts(local, depth + 1)


def _css_files(path: Path, text: str) -> set[str]:
    found = set()
    for target in CSS_URL.findall(text):
        local = _local_path(path, target)
        if local is not None:
            found.add(local.as_uri())
    return found


def _local_path(sheet: Path, target: str) -> Path | None:
    parts = urlsplit(target.strip())
    if parts.scheme == "file":
        return Path(url2pathname(parts.path))
    if parts.scheme or parts.netloc or target.startswith("#"):
        return None  # data: or a fetch the fetcher refuses; nothing on disk to stamp
    return (sheet.parent / url2pathname(parts.path)).resolve()


def _stamp(uri: str) -> str:
    try:
        stat = Path(url2pathname(urlsplit(uri).path)).stat()
    except (OSError, ValueError):
        return "missing"
    return f"{stat.st_size} {stat.st_mtime_ns}"
