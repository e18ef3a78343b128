from __future__ import annotations

import time

import click

from handouts.cli._common import (
    out_option,
    output_file_option,
    project_option,
    quiet_option,
    reports_errors,
    strict_option,
)
from handouts.cli._print_options import archive_option, large_print_option, paper_option
from handouts.cli.build import run_build

# Options that make a personalised packet; each needs --patient.
PACKET_OPTIONS = (
    "date",
    "time",
    "appointment_id",
    "physician",
    "location",
    "note",
    "arrive_minutes",
    "sedation",
    "holds",
)


@click.command(
    help="Build the patient handouts for the given procedure ids (see 'handouts list'). "
    "With --patient, build one personalised packet: a 'Your appointment' page followed by "
    "the handout.",
    epilog="\b\nExamples:\n"
    "  handouts handout nerve-block facet-joint-injection\n"
    '  handouts handout epidural-steroid-injection --patient "Maria Lopez" \\\n'
    "      --date 2026-12-01 --time 09:30 --hold apixaban:3 --sedation",
)
@click.argument("procedure_ids", nargs=-1, required=True, metavar="ID...")
@project_option
@out_option
@output_file_option(
    "Write the one PDF to this file (one procedure without variants, or one packet)."
)
@click.option("--patient", help="Patient's name: makes a personalised appointment packet.")
@click.option("--date", help="Appointment date, YYYY-MM-DD.")
@click.option("--time", "time_", help="Appointment time, HH:MM (24-hour clock).")
@click.option("--appointment-id", help="Appointment number (also used in the file name).")
@click.option("--physician", help="Doctor doing the procedure.")
@click.option("--location", help="Where to go. Default: the clinic's address.")
@click.option("--note", help="A short note from the care team, printed on the first page.")
@click.option(
    "--arrive-minutes",
    type=click.IntRange(0, 240),
    help="How early to arrive. Default: the procedure's own setting.",
)
@click.option("--sedation", is_flag=True, help="Sedation is planned: print fasting times.")
@click.option(
    "--hold",
    "holds",
    multiple=True,
    metavar="DRUG:DAYS",
    help="No DRUG on the DAYS calendar days before the procedure day (repeatable). "
    "The clinician decides DAYS; the packet prints the dates.",
)
@archive_option
@large_print_option
@paper_option
@strict_option
@quiet_option
@reports_errors
def command(
    procedure_ids,
    project_dir,
    out_dir,
    output_file,
    patient,
    archive,
    large_print,
    paper,
    strict,
    quiet,
    **packet,
):
    from handouts.pdf.print_options import PrintOptions

    options = PrintOptions(archive=archive, large_print=large_print, paper=paper)
    packet["time"] = packet.pop("time_")
    if patient is None:
        given = [name for name in PACKET_OPTIONS if packet.get(name) not in (None, False, ())]
        if given:
            flag = "--" + given[0].replace("_", "-").replace("holds", "hold")
            raise click.UsageError(f"{flag} makes a personalised packet and needs --patient")
        ids = list(procedure_ids)
        run_build(project_dir, out_dir, strict, quiet, ids, False, output_file, options=options)
        return
    if len(procedure_ids) != 1:
        raise click.UsageError("a packet is for one procedure: give exactly one ID")
    for required in ("date", "time"):
        if not packet.get(required):
            raise click.UsageError(f"--{required} is required with --patient")
    run_packet(project_dir, out_dir, output_file, quiet, procedure_ids[0], patient, packet, options)


def run_packet(
    project_dir, out_dir, output_file, quiet, procedure_id, patient, packet, print_options
):
    from handouts.appointments.appointment import AppointmentError
    from handouts.appointments.single import make_single_packet, packet_fields
    from handouts.cli._common import load
    from handouts.errors import UsageError

    started = time.monotonic()
    project = load(project_dir)
    fields = packet_fields(
        procedure_id,
        patient,
        date=packet["date"],
        time=packet["time"],
        appointment_id=packet["appointment_id"],
        physician=packet["physician"],
        location=packet["location"],
        note=packet["note"],
        sedation=packet["sedation"],
        holds=packet["holds"],
        arrive_minutes=packet["arrive_minutes"],
        large_print=print_options.large_print,
    )
    try:
        written = make_single_packet(
            project,
            fields,
            print_options=print_options,
            out_dir=out_dir,
            output_file=output_file,
        )
    except AppointmentError as exc:
        raise UsageError("; ".join(flag_messages(exc.messages))) from None
    if not quiet:
        elapsed = time.monotonic() - started
        click.echo(f"Wrote {written.path} ({written.packet.pages} pages) in {elapsed:.1f} s.")


# Field names as the user typed them: --patient, --hold, ...
FLAGS = {"patient_name": "--patient", "holds": "--hold", "procedure": "ID"}


def flag_messages(messages: list[str]) -> list[str]:
    from handouts.appointments.single import field_messages

    return [
        f"{FLAGS.get(field, '--' + field.replace('_', '-'))}: {rest}" if field else rest
        for field, rest in field_messages(messages)
    ]
