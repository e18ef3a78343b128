"""One packet from typed fields: what `handouts handout ID --patient ...` and the web form's
"For one patient" page both do.

The fields are the schedule's column names (`patient_name`, `holds`, ...), so the same
validation and messages serve the command line, the web form and every schedule row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handouts.appointments.appointment import Appointment, make_appointment
from handouts.appointments.packets import (
    APPOINTMENTS_FOLDER,
    Packet,
    PacketMaker,
    private_folder,
    single_packet_name,
    write_private,
)
from handouts.appointments.settings import load_appointment_settings
from handouts.pdf.print_options import PrintOptions
from handouts.project.loader import Project

FIELDS = (
    "procedure",
    "patient_name",
    "date",
    "time",
    "appointment_id",
    "physician",
    "location",
    "note",
    "sedation",
    "holds",
    "arrive_minutes",
    "large_print",
)


@dataclass(frozen=True)
class WrittenPacket:
    path: Path
    packet: Packet
    appointment: Appointment


def packet_fields(
    procedure: str,
    patient: str,
    *,
    date: str,
    time: str,
    appointment_id: str | None = None,
    physician: str | None = None,
    location: str | None = None,
    note: str | None = None,
    sedation: bool = False,
    holds: tuple[str, ...] | list[str] = (),
    arrive_minutes: int | str | None = None,
    large_print: bool = False,
) -> dict[str, str]:
    """Typed values (options, form fields) as the text fields make_appointment reads."""
    return {
        "procedure": procedure,
        "patient_name": patient,
        "date": date or "",
        "time": time or "",
        "appointment_id": appointment_id or "",
        "physician": physician or "",
        "location": location or "",
        "note": note or "",
        "sedation": "yes" if sedation else "no",
        "holds": "; ".join(h for h in holds if h.strip()),
        "arrive_minutes": "" if arrive_minutes is None else str(arrive_minutes),
        "large_print": "yes" if large_print else "no",
    }


def field_messages(messages: list[str]) -> list[tuple[str, str]]:
    """AppointmentError messages ("date: 'x' is not ...") as (field, message) pairs."""
    pairs = []
    for message in messages:
        field, _, rest = message.partition(": ")
        pairs.append((field, rest) if field in FIELDS else ("", message))
    return pairs


def packet_path(project: Project, appointment: Appointment, out_dir: Path | None) -> Path:
    """Where the CLI puts a single packet: output/appointments/<date>-<time>-<id>.pdf."""
    base = (out_dir if out_dir is not None else project.root / "output").resolve()
    folder = private_folder(base / APPOINTMENTS_FOLDER)
    return folder / single_packet_name(appointment)


def make_single_packet(
    project: Project,
    fields: dict[str, str],
    *,
    print_options: PrintOptions | None = None,
    out_dir: Path | None = None,
    output_file: Path | None = None,
    maker: PacketMaker | None = None,
) -> WrittenPacket:
    """Validate, make and write one packet (mode 0600). Raises AppointmentError (every
    problem with its field) or HandoutsError; messages never hold the patient's name.

    A caller making many packets (the web app's workers) passes its own warm `maker`.
    """
    appointment = make_appointment(project, fields)
    if maker is None:
        settings = load_appointment_settings(project.settings)
        maker = PacketMaker(project, settings, print_options)
    packet = maker.make(appointment)
    if output_file is not None:
        path = output_file.resolve()
    else:
        path = packet_path(project, appointment, out_dir)
    write_private(path, packet.data)
    return WrittenPacket(path, packet, appointment)
