"""How a run should print: archive flavour, large print, paper, and booklet print files.

One small value object passed from the CLI to `build.build`, so commands (including `batch`)
share one meaning for each print option. No WeasyPrint here.
"""

from __future__ import annotations

from dataclasses import dataclass

IMPOSITIONS = ("saddle-stitch",)

# Print-shop file (booklet only). WeasyPrint makes the CSS bleed area the PDF MediaBox, sets the
# PDF BleedBox 10 pt (3.5 mm, more than the usual 1/8 in or 3 mm) outside the TrimBox, and draws
# crop marks in the outer half of the bleed area. Half an inch leaves 18 pt long marks that stop
# 8 pt outside the bleed, where a guillotine never cuts into them.
PRINT_SHOP_CSS = "@page { bleed: 0.5in; marks: crop; }"
PRINT_SHOP_SUFFIX = "-print-shop"
IMPOSED_SUFFIX = "-saddle-stitch"

# Files made only for a printer are not tagged; their Subject says so, so nobody files them
# in a patient's record or sends them to a screen reader by mistake.
PRINT_ONLY_NOTE = "for printing only: not tagged, not for screen reading or filing"


@dataclass(frozen=True)
class PrintOptions:
    archive: bool = False  # PDF/A-2a (tagged) plus the PDF/UA identifier, for the patient record
    large_print: bool = False  # also write <id>-large-print.pdf beside each handout
    paper: str | None = None  # "letter" or "a4"; None = handouts.yaml print.paper
    impose: str | None = None  # booklet imposition, one of IMPOSITIONS
    crop_marks: bool = False  # booklet print-shop file with bleed and crop marks

    @property
    def extra_booklet_files(self) -> bool:
        return bool(self.impose or self.crop_marks)
