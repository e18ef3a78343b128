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


def join_packets(
    out: BinaryIO, packets: Iterable[Path], title: str, run_id: str | None = None
) -> int:
    """Write the print file to `out`; returns its page count (blank pads included). The
    run that made it is in its Subject and in /HandoutsRun."""
    joined = pikepdf.Pdf.new()
    for path in packets:
        with pikepdf.open(path) as packet:
            joined.pages.extend(packet.pages)
            if len(packet.pages) % 2 == 1:
                box = packet.pages[-1].mediabox
                joined.add_blank_page(page_size=(float(box[2]), float(box[3])))
    joined.docinfo["/Title"] = title
    made_by = f"; made by run {run_id}" if run_id else ""
    joined.docinfo["/Subject"] = f"Appointment packets, {PRINT_ONLY_NOTE}{made_by}"
    if run_id:
        joined.docinfo["/HandoutsRun"] = run_id
    joined.docinfo["/Producer"] = "handouts"
    # Same packets, same bytes: no random file identifier.
    joined.save(out, deterministic_id=True)
    return len(joined.pages)
