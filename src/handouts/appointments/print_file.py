"""The day's print file: every packet in order, each starting on a fresh sheet.

It is for the printer only (the tagged packets are the patients' copies), so it is joined
from the finished PDFs rather than laid out again. A packet with an odd page count is
followed by a blank page, so when printed double-sided no patient's page lands on the back
of another's.

pikepdf (qpdf) does the join: parsing each tagged packet's object streams in pure Python
(pypdf) took about 0.19 s per packet, which made the print file the slowest part of a batch;
qpdf copies a packet's pages in about 5 ms.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import pikepdf

from handouts.pdf.print_options import PRINT_ONLY_NOTE


def join_packets(out: BinaryIO, packets: Iterable[Path], title: str) -> int:
    """Write the print file to `out`; returns its page count (blank pads included)."""
    joined = pikepdf.Pdf.new()
    for path in packets:
        append_packet(joined, path)
    return save_print_file(joined, out, title)


def append_packet(joined: pikepdf.Pdf, path: Path) -> None:
    with pikepdf.open(path) as packet:
        joined.pages.extend(packet.pages)
        if len(packet.pages) % 2 == 1:
            box = packet.pages[-1].mediabox
            joined.add_blank_page(page_size=(float(box[2]), float(box[3])))


def save_print_file(joined: pikepdf.Pdf, out: BinaryIO, title: str) -> int:
    joined.docinfo["/Title"] = title
    joined.docinfo["/Subject"] = f"Appointment packets, {PRINT_ONLY_NOTE}"
    joined.docinfo["/Producer"] = "handouts"
    # Same packets, same bytes: no random file identifier.
    joined.save(out, deterministic_id=True)
    return len(joined.pages)


class PrintFilesInOrder:
    """The day's print files, joined in appointment order while packets are still being made
    (batch_pool.py): each packet is appended as soon as every earlier appointment's has
    arrived, and a day's file is written as soon as its last appointment has."""

    def __init__(self, folder: Path, order: list[tuple[int, str]], mode: int):
        self.folder, self.order, self.mode = folder, order, mode  # order: (row, date)
        self.next = 0
        self.arrived: dict[int, str | None] = {}  # row -> packet file name, None if it failed
        self.day: tuple[str, pikepdf.Pdf] | None = None
        self.written: list[tuple[Path, int]] = []

    def add(self, row: int, file: str | None) -> None:
        self.arrived[row] = file
        while self.next < len(self.order) and self.order[self.next][0] in self.arrived:
            row, date = self.order[self.next]
            file = self.arrived.pop(row)
            if self.day is not None and self.day[0] != date:
                self._save()
            if file is not None:
                if self.day is None:
                    self.day = (date, pikepdf.Pdf.new())
                append_packet(self.day[1], self.folder / file)
            self.next += 1
        if self.next == len(self.order) and self.day is not None:
            self._save()

    def _save(self) -> None:
        from handouts.output import atomic_stream

        date, joined = self.day
        path = self.folder / f"{date}-print-all.pdf"
        with atomic_stream(path, self.mode) as out:
            pages = save_print_file(joined, out, f"Appointment packets for {date}")
        self.written.append((path, pages))
        self.day = None
