"""Command-line options for how documents are printed (see handouts.pdf.print_options)."""

from __future__ import annotations

import click

from handouts.pdf.print_options import IMPOSITIONS

archive_option = click.option(
    "--archive",
    is_flag=True,
    help="Write PDF/A-2a (tagged, also marked PDF/UA-1) for filing in a patient's record.",
)
large_print_option = click.option(
    "--large-print",
    is_flag=True,
    help="Also write a large-print edition (18 pt) of each handout: <id>-large-print.pdf.",
)
paper_option = click.option(
    "--paper",
    type=click.Choice(["letter", "a4"]),
    default=None,
    help="Paper size. Default: print.paper in handouts.yaml.",
)
impose_option = click.option(
    "--impose",
    type=click.Choice(IMPOSITIONS),
    default=None,
    help="Also write the booklet imposed two-up for a duplex printer "
    "(clinician-booklet-saddle-stitch.pdf).",
)
crop_marks_option = click.option(
    "--crop-marks",
    is_flag=True,
    help="Also write a print-shop file with bleed and crop marks "
    "(clinician-booklet-print-shop.pdf).",
)
