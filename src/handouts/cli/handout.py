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
    today_option,
)
from handouts.cli._print_options import archive_option, large_print_option, paper_option
from handouts.cli.build import force_option, run_build
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
    "  handouts handout epidural-steroid-injection --lang es\n"
    '  handouts handout epidural-steroid-injection --patient "Maria Lopez" \\\n'
    "      --date 2026-12-01 --time 09:30 --hold apixaban:3:1 --sedation\n"
    "  practice-system-export | handouts handout nerve-block-occipital --patient-file -\n"
    "\n"
    "--patient is visible to every user of this computer in the process list, and stays\n"
    "in the shell history. --patient-file FILE (or - for standard input) is not: a small\n"
    "file of key: value lines (YAML or JSON) with patient: and any of date, time,\n"
    "appointment_id, physician, location, note, arrive_minutes, sedation, holds.\n"
    "Options given on the command line win over the file's values.\n"
    "A date in the past, or a hold whose last dose day has gone by, is a warning\n"
    "(with --strict an error, and no packet).",
)
@click.argument("procedure_ids", nargs=-1, required=True, metavar="ID...")
@project_option
@out_option
@lang_option
@output_file_option(
    "Write the one PDF to this file (one procedure without variants, or one packet)."
)
@click.option(
    "--patient",
    help="Patient's name: makes a personalised appointment packet. Visible to other users "
    "in the process list and kept in shell history: prefer --patient-file.",
)
@click.option(
    "--patient-file",
    metavar="FILE",
    help="Read the patient's name and other packet details from FILE ('-': standard "
    "input) instead of the command line, where other users could see them.",
)
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
    help="No DRUG on the DAYS calendar days before the procedure day (repeatable); "
    "RESTART: start again that many days after the procedure day (else the clinic's "
    "appointments.restart_days for DRUG, else the packet says to ask). The clinician "
    "decides the days; the packet prints the dates.",
)
@archive_option
@large_print_option
@paper_option
@strict_option
@quiet_option
@force_option
@today_option
@reports_errors
def command(
    procedure_ids,
    project_dir,
    out_dir,
    language,
    output_file,
    patient,
    patient_file,
    archive,
    large_print,
    paper,
    strict,
    quiet,
    force,
    today,
    **packet,
):
    from handouts.pdf.print_options import PrintOptions

    options = PrintOptions(archive=archive, large_print=large_print, paper=paper)
    packet["time"] = packet.pop("time_")
    if patient_file is not None:
        patient = _merge_patient_file(patient_file, patient, packet)
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
            force=force,
            today=today,
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


def _merge_patient_file(patient_file: str, patient, packet: dict) -> str:
    from handouts.appointments.patient_file import read_patient_file

    if patient is not None:
        raise click.UsageError("give the patient's name once: --patient or --patient-file")
    values = read_patient_file(patient_file)
    for name, value in values.items():
        if name != "patient" and packet.get(name) in (None, False, ()):
            packet[name] = _typed(name, value)
    return values["patient"]


def _typed(name: str, value):
    """A patient file's value as its option's type would have made it (param_types.py)."""
    if value in ("", None):
        return value
    if name == "holds":
        return tuple(HOLD.convert(item, None, None) for item in value)
    parse = {"date": DATE, "time": TIME}.get(name)
    return parse.convert(value, None, None) if parse else value


def run_packet(
    project_dir, out_dir, output_file, quiet, procedure_id, patient, packet, print_options, strict
):
    from handouts.appointments.appointment import AppointmentError, appointment_from_values
    from handouts.appointments.drafts import draft_content_errors
    from handouts.appointments.languages import packet_language_problems
    from handouts.appointments.single import late_warnings, write_single_packet
    from handouts.cli._common import load, print_warnings
    from handouts.diagnostics import UsageError

    started = time.monotonic()
    project = load(project_dir)
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
        raise UsageError("; ".join(flag_messages(exc.fields))) from None
    print_warnings(late_warnings(project, appointment), strict)  # exits under --strict
    language_warnings, errors = packet_language_problems(project, appointment, strict)
    errors = draft_content_errors(project, appointment, strict) + errors
    if errors:
        raise UsageError("; ".join(errors))
    written = write_single_packet(
        project,
        appointment,
        print_options=print_options,
        out_dir=out_dir,
        output_file=output_file,
        notify=_note,
        strict=strict,
    )
    if not quiet:
        elapsed = time.monotonic() - started
        click.echo(f"Wrote {written.path} ({written.packet.pages} pages) in {elapsed:.1f} s.")
    layout = [written.packet.layout_warning] if written.packet.layout_warning else []
    # A fallback to English, said once more; the handout over its limit (strict refused it).
    print_warnings(language_warnings + layout, strict=False)


# Field names as the user typed them: --patient, --hold, ...
FLAGS = {"patient_name": "--patient", "holds": "--hold", "procedure": "ID"}


def flag_messages(fields: list[tuple[str, str]]) -> list[str]:
    """AppointmentError's (field, message) pairs, each named by its option."""
    return [
        f"{FLAGS.get(field, '--' + field.replace('_', '-'))}: {rest}" if field else rest
        for field, rest in fields
    ]


def _note(message: str) -> None:
    click.echo(f"note: {message}", err=True)
