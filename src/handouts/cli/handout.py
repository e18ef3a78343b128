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
from handouts.cli.param_types import DATE, HOLD, TIME

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
@click.option("--date", type=DATE, help="Appointment date, YYYY-MM-DD.")
@click.option("--time", "time_", type=TIME, help="Appointment time, HH:MM (24-hour clock).")
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
    type=HOLD,
    multiple=True,
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


# Appointment fields by the option that gives them, for messages: --patient, --hold, ...
FLAGS = {"patient_name": "--patient", "holds": "--hold", "procedure": "ID"}


def _flag(field: str) -> str:
    return "--" + field.replace("_", "-")


def run_packet(
    project_dir, out_dir, output_file, quiet, procedure_id, patient, packet, print_options
):
    from handouts.appointments.appointment import AppointmentError, appointment_from_values
    from handouts.appointments.packets import (
        APPOINTMENTS_FOLDER,
        PacketMaker,
        private_folder,
        single_packet_name,
        write_private,
    )
    from handouts.appointments.settings import load_appointment_settings
    from handouts.cli._common import load, resolve_out
    from handouts.errors import UsageError

    started = time.monotonic()
    project = load(project_dir)
    settings = load_appointment_settings(project.settings)
    values = {
        **packet,
        "procedure": procedure_id,
        "patient_name": patient,
        "sedation": bool(packet["sedation"]),
        "holds": tuple(packet["holds"]),
        "large_print": print_options.large_print,
    }
    try:
        appointment = appointment_from_values(project, values)
    except AppointmentError as exc:
        messages = [f"{FLAGS.get(field, _flag(field))}: {rest}" for field, rest in exc.fields]
        raise UsageError("; ".join(messages)) from None

    packet = PacketMaker(project, settings, print_options).make(appointment)
    if output_file is not None:
        path = output_file.resolve()
    else:
        folder = private_folder(resolve_out(project, out_dir) / APPOINTMENTS_FOLDER)
        path = folder / single_packet_name(appointment)
    write_private(path, packet.data)
    if not quiet:
        click.echo(f"Wrote {path} ({packet.pages} pages) in {time.monotonic() - started:.1f} s.")
