from __future__ import annotations

import time

import click

from handouts.cli._common import (
    lang_option,
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
    "  handouts handout epidural-steroid-injection --lang es\n"
    '  handouts handout epidural-steroid-injection --patient "Maria Lopez" \\\n'
    "      --date 2026-12-01 --time 09:30 --hold apixaban:3 --sedation",
)
@click.argument("procedure_ids", nargs=-1, required=True, metavar="ID...")
@project_option
@out_option
@lang_option
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
    language,
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
        run_build(
            project_dir,
            out_dir,
            strict,
            quiet,
            ids,
            False,
            output_file,
            options=options,
            language=language,
        )
        return
    if len(procedure_ids) != 1:
        raise click.UsageError("a packet is for one procedure: give exactly one ID")
    for required in ("date", "time"):
        if not packet.get(required):
            raise click.UsageError(f"--{required} is required with --patient")
    packet["language"] = language or ""
    run_packet(
        project_dir, out_dir, output_file, quiet, procedure_ids[0], patient, packet, options, strict
    )


def run_packet(
    project_dir,
    out_dir,
    output_file,
    quiet,
    procedure_id,
    patient,
    packet,
    print_options,
    strict=False,
):
    from handouts.appointments.appointment import AppointmentError, make_appointment
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
    fields = {
        "procedure": procedure_id,
        "patient_name": patient,
        "date": packet["date"],
        "time": packet["time"],
        "appointment_id": packet["appointment_id"] or "",
        "physician": packet["physician"] or "",
        "location": packet["location"] or "",
        "note": packet["note"] or "",
        "sedation": "yes" if packet["sedation"] else "no",
        "holds": "; ".join(packet["holds"]),
        "arrive_minutes": "" if packet["arrive_minutes"] is None else str(packet["arrive_minutes"]),
        "large_print": "yes" if print_options.large_print else "no",
        "language": packet.get("language", ""),
    }
    try:
        appointment = make_appointment(project, fields)
    except AppointmentError as exc:
        # Field names as the user typed them: --patient, --hold, ...
        names = {"patient_name": "--patient", "holds": "--hold", "procedure": "ID"}
        messages = []
        for message in exc.messages:
            field, _, rest = message.partition(": ")
            flag = names.get(field, "--" + field.replace("_", "-"))
            messages.append(f"{flag}: {rest}")
        raise UsageError("; ".join(messages)) from None

    from handouts.appointments.languages import packet_language_problems
    from handouts.cli._common import print_warnings

    warnings, errors = packet_language_problems(project, appointment, strict)
    if errors:
        raise UsageError("; ".join(errors))
    packet = PacketMaker(project, settings, print_options).make(appointment)
    if output_file is not None:
        path = output_file.resolve()
    else:
        folder = private_folder(resolve_out(project, out_dir) / APPOINTMENTS_FOLDER)
        path = folder / single_packet_name(appointment)
    write_private(path, packet.data)
    if not quiet:
        click.echo(f"Wrote {path} ({packet.pages} pages) in {time.monotonic() - started:.1f} s.")
    print_warnings(warnings, strict=False)
