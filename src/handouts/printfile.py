"""The day's print file: every packet in order, each starting on a fresh sheet.

It is for the printer only (the tagged packets are the patients' copies), so it is joined
from the finished PDFs with pypdf. A packet with an odd page count is followed by a blank
page, so when printed double-sided no patient's page lands on the back of another's.

pypdf's PdfWriter keeps every appended page in memory until the end; a health system's
nightly run has thousands of packets, so this writer streams instead: each packet's pages
and the objects they use are copied out and renumbered one packet at a time, and only the
byte offsets stay in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

CATALOG_ID, PAGES_ID = 1, 2
# Page entries that tie a page to its own file's structure, links or page tree.
DROPPED_PAGE_KEYS = {"/Parent", "/Annots", "/StructParents", "/B", "/Tabs"}


class PrintFileWriter:
    """Writes one PDF from many, packet by packet. Use as a context manager around a stream."""

    def __init__(self, out: BinaryIO, title: str):
        self.out = out
        self.title = title
        self.offsets: dict[int, int] = {}
        self.next_id = PAGES_ID + 1
        self.kids: list[int] = []
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def _new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def _write(self, ident: int, obj: PdfObject) -> None:
        self.offsets[ident] = self.out.tell()
        self.out.write(f"{ident} 0 obj\n".encode())
        obj.write_to_stream(self.out)
        self.out.write(b"\nendobj\n")

    def add_packet(self, path: Path, *, pad_to_even: bool = True) -> int:
        """Append a packet's pages (and a blank one if their count is odd); returns pages added."""
        reader = PdfReader(path)
        new_ids: dict[tuple[int, int], int] = {}
        pending: list[IndirectObject] = []

        def renumber(obj):
            if isinstance(obj, IndirectObject):
                key = (obj.idnum, obj.generation)
                if key not in new_ids:
                    new_ids[key] = self._new_id()
                    pending.append(obj)
                return IndirectObject(new_ids[key], 0, None)
            # New containers, never edits: pypdf shares inherited page entries (such as
            # /Resources) between pages, and a second visit must see the original numbers.
            if isinstance(obj, StreamObject):
                stream = obj.__class__()
                stream._data = obj._data  # still encoded: copied byte for byte
                for key, value in obj.items():
                    stream[key] = renumber(value)
                return stream
            if isinstance(obj, DictionaryObject):
                return DictionaryObject({key: renumber(value) for key, value in obj.items()})
            if isinstance(obj, ArrayObject):
                return ArrayObject([renumber(item) for item in obj])
            return obj

        media_box = None
        for page in reader.pages:
            page_id = self._new_id()
            entries = {k: v for k, v in page.items() if k not in DROPPED_PAGE_KEYS}
            copy = renumber(DictionaryObject(entries))
            copy[NameObject("/Parent")] = IndirectObject(PAGES_ID, 0, None)
            self._write(page_id, copy)
            self.kids.append(page_id)
            media_box = page.mediabox
        while pending:
            ref = pending.pop()
            obj = ref.get_object()
            self._write(new_ids[(ref.idnum, ref.generation)], renumber(obj))
        added = len(reader.pages)
        if pad_to_even and added % 2 == 1 and media_box is not None:
            self._blank_page(media_box)
            added += 1
        return added

    def _blank_page(self, media_box) -> None:
        page_id = self._new_id()
        blank = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Page"),
                NameObject("/Parent"): IndirectObject(PAGES_ID, 0, None),
                NameObject("/MediaBox"): ArrayObject(
                    [NumberObject(round(float(v))) for v in media_box]
                ),
                NameObject("/Resources"): DictionaryObject(),
            }
        )
        self._write(page_id, blank)
        self.kids.append(page_id)

    def close(self) -> None:
        pages = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Pages"),
                NameObject("/Kids"): ArrayObject([IndirectObject(k, 0, None) for k in self.kids]),
                NameObject("/Count"): NumberObject(len(self.kids)),
            }
        )
        self._write(PAGES_ID, pages)
        catalog = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Catalog"),
                NameObject("/Pages"): IndirectObject(PAGES_ID, 0, None),
            }
        )
        self._write(CATALOG_ID, catalog)
        info_id = self._new_id()
        info = DictionaryObject(
            {
                NameObject("/Title"): TextStringObject(self.title),
                NameObject("/Producer"): TextStringObject("handouts"),
            }
        )
        self._write(info_id, info)
        xref = self.out.tell()
        size = self.next_id
        lines = [f"xref\n0 {size}\n", "0000000000 65535 f \n"]
        for ident in range(1, size):
            lines.append(f"{self.offsets[ident]:010d} 00000 n \n")
        self.out.write("".join(lines).encode())
        trailer = (
            f"trailer\n<< /Size {size} /Root {CATALOG_ID} 0 R /Info {info_id} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n"
        )
        self.out.write(trailer.encode())


def join_packets(out: BinaryIO, packets: Iterable[Path], title: str) -> int:
    """Write the print file to `out`; returns its page count (blank pads included)."""
    writer = PrintFileWriter(out, title)
    for path in packets:
        writer.add_packet(path)
    writer.close()
    return len(writer.kids)
