"""The day's print file: every packet in order, each starting on a fresh sheet.

It is for the printer only (the tagged packets are the patients' copies), so it is joined
from the finished PDFs rather than laid out again. A packet with an odd page count is
followed by a blank page, so when printed double-sided no patient's page lands on the back
of another's.

pikepdf (qpdf) does the join: parsing each tagged packet's object streams in pure Python
(pypdf) took about 0.19 s per packet, which made the print file the slowest part of a batch;
qpdf copies a packet's pages in about 5 ms.

Most pages of a day's packets are the same few handouts over and over, so a handout page
that has been copied before (the same content stream and resources, byte for byte) shares
them instead of holding another copy. Measured on 1,000 sample packets: a 73 MB file joined
in 3.7 s and 252 MB of memory before, 24 MB in 5.8 s and 164 MB now (comparing a page's
resources costs more than copying them, but the printer receives a third of the bytes). Links
and structure references are left out: the file is for the printer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import pikepdf

from handouts.pdf.print_options import PRINT_ONLY_NOTE
from handouts.pdf.saving import save


def join_packets(
    out: BinaryIO, packets: Iterable[Path], title: str, run_id: str | None = None
) -> int:
    """Write the print file to `out`; returns its page count (blank pads included). The
    run that made it is in its Subject and in /HandoutsRun."""
    joined = pikepdf.Pdf.new()
    shared = SharedPages(joined)
    for path in packets:
        with pikepdf.open(path) as packet:
            memo: dict = {}  # signatures of this packet's objects, by object number
            for page in packet.pages:
                shared.append(page, memo)
            if len(packet.pages) % 2 == 1:
                box = packet.pages[-1].mediabox
                joined.add_blank_page(page_size=(float(box[2]), float(box[3])))
    joined.docinfo["/Title"] = title
    made_by = f"; made by run {run_id}" if run_id else ""
    joined.docinfo["/Subject"] = f"Appointment packets, {PRINT_ONLY_NOTE}{made_by}"
    if run_id:
        joined.docinfo["/HandoutsRun"] = run_id
    joined.docinfo["/Producer"] = "handouts"
    save(joined, out, keep_metadata=False)  # a new file: no packet's XMP to keep
    return len(joined.pages)


# Page keys kept on a page of the print file; anything else (links, structure references,
# thumbnails) is the tagged packet's, not the printer's.
PAGE_KEYS = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/Rotate", "/UserUnit")


class SharedPages:
    """Pages copied into `joined`, an identical page sharing the content and resources of
    the first copy. Only a page whose content stream was seen is compared in full (its
    resources, fonts included): a patient's own page is copied without hashing its fonts."""

    def __init__(self, joined: pikepdf.Pdf):
        self.joined = joined
        self.by_content: dict[bytes, list] = {}  # -> [[Contents, Resources, signature], ...]
        self.memo: dict = {}  # signatures of the joined file's objects

    def append(self, page: pikepdf.Page, memo: dict) -> None:
        source = page.obj
        for key in list(source.keys()):
            if key not in (*PAGE_KEYS, "/Type", "/Parent", "/Contents", "/Resources"):
                del source[key]
        content = _signature(source.get("/Contents"), memo)
        for entry in self.by_content.get(content, ()):
            contents, resources, signature = entry
            if signature is None:  # the first copy's, worked out once
                signature = entry[2] = _signature(resources, self.memo)
            if _signature(source.get("/Resources"), memo) == signature:
                self.joined.pages.append(pikepdf.Page(_page_sharing(source, contents, resources)))
                return
        self.joined.pages.append(page)
        added = self.joined.pages[-1].obj
        copied = [added.get("/Contents"), added.get("/Resources"), None]
        self.by_content.setdefault(content, []).append(copied)


def _page_sharing(source, contents, resources) -> pikepdf.Dictionary:
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, Contents=contents, Resources=resources)
    for key in PAGE_KEYS:  # boxes (arrays of numbers) and numbers
        if key in source:
            value = source[key]
            page[key] = pikepdf.Array(list(value)) if isinstance(value, pikepdf.Array) else value
    return page


def _signature(value, memo: dict) -> bytes:
    """A digest of an object's whole content (streams by their bytes), for deduplication."""
    if not isinstance(value, pikepdf.Object):  # a number, a boolean or None
        return repr(value).encode()
    key = value.objgen if value.is_indirect else None
    if key is not None and key in memo:
        return memo[key]
    if key is None and isinstance(value, (pikepdf.Array, pikepdf.Dictionary)):
        text = value.unparse()
        if b" R" not in text:  # no references: its text is its whole content (a font's /W)
            return hashlib.sha256(text).digest()
    digest = hashlib.sha256()
    if isinstance(value, pikepdf.Stream):
        digest.update(b"stream")
        digest.update(value.read_raw_bytes())
        digest.update(_signature(value.stream_dict, memo))
    elif isinstance(value, pikepdf.Dictionary):
        for name in sorted(value.keys()):
            if name in ("/Parent", "/P"):
                continue  # back-references: the page itself
            digest.update(name.encode() + _signature(value[name], memo))
    elif isinstance(value, pikepdf.Array):
        digest.update(b"[")
        for item in value:
            digest.update(_signature(item, memo))
    else:
        digest.update(repr(value).encode())
    result = digest.digest()
    if key is not None:
        memo[key] = result
    return result
