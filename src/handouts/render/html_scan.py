"""One parse of a rendered document's HTML, feeding every reader that needs it.

Several steps read the same rendered HTML: the check gate reads its structure (ids, links, text
alternatives) and its patient prose, the reference fence and the incremental keys read the files
it refers to. Each is an `HtmlReader` that receives parse events; `read_document` feeds all the
readers a caller asks for from a single parse, and keeps them on the document, so a later step
asking for a reader already fed parses nothing again.
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handouts.render.document import HtmlDocument


class HtmlReader:
    """Receives the events of one parse; the same methods as `HTMLParser`'s handlers."""

    _parser: HTMLParser | None = None

    def getpos(self) -> tuple[int, int]:
        """Line and column of the event being handled, as `HTMLParser.getpos()`."""
        return self._parser.getpos() if self._parser else (1, 0)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        pass

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        pass


class _FanOut(HTMLParser):
    def __init__(self, readers: list[HtmlReader]):
        super().__init__(convert_charrefs=True)
        self.readers = readers
        for reader in readers:
            reader._parser = self

    def handle_starttag(self, tag, attrs):
        for reader in self.readers:
            reader.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        for reader in self.readers:
            reader.handle_endtag(tag)

    def handle_startendtag(self, tag, attrs):
        for reader in self.readers:
            reader.handle_startendtag(tag, attrs)

    def handle_data(self, data):
        for reader in self.readers:
            reader.handle_data(data)


def read_html(html: str, *readers: HtmlReader) -> None:
    """Feed every reader from one parse of `html`."""
    parser = _FanOut(list(readers))
    parser.feed(html)
    parser.close()
    for reader in readers:
        reader._parser = None


ReaderFactory = Callable[["HtmlDocument"], HtmlReader]


def read_document(doc: HtmlDocument, wanted: dict[str, ReaderFactory]) -> dict[str, HtmlReader]:
    """The readers `wanted` (name → factory), fed from the document's HTML.

    Readers the document already holds are reused; the others are fed together from one parse
    and kept on the document."""
    held = doc.readings
    missing = {name: make(doc) for name, make in wanted.items() if name not in held}
    if missing:
        read_html(doc.html, *missing.values())
        held.update(missing)
    return {name: held[name] for name in wanted}
