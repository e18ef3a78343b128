"""One packet from typed fields: what `handouts handout ID --patient ...` and the web form's
"For one patient" page both do.

The fields are the schedule's column names (`patient_name`, `holds`, ...), so the same
validation (make_appointment) and messages serve the command line, the web form and every
schedule row. Both callers then check late_warnings and call write_single_packet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from handouts.appointments.appointment import DETAIL_FIELDS, Appointment
from handouts.appointments.batch import check_packet_references
from handouts.appointments.manifest import save_single_packet
from handouts.appointments.packets import (
    APPOINTMENTS_FOLDER,
    Packet,
    PacketMaker,
    private_folder,
    write_private,
)
from handouts.appointments.settings import load_appointment_settings
from handouts.appointments.timing import timing_warnings, today_for
from handouts.pdf.print_options import PrintOptions
from handouts.project.loader import Project

FIELDS = (
    "procedure",
    "patient_name",
    "date",
    "time",
    "appointment_id",
    *DETAIL_FIELDS,
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
    language: str | None = None,
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
        "language": language or "",
    }


def field_messages(messages: list[str]) -> list[tuple[str, str]]:
    """AppointmentError messages ("date: 'x' is not ...") as (field, message) pairs."""
    pairs = []
    for message in messages:
        field, _, rest = message.partition(": ")
        pairs.append((field, rest) if field in FIELDS else ("", message))
    return pairs


def late_warnings(project: Project, appointment: Appointment) -> list[str]:
    """A date in the past, or a hold whose last dose day has gone by (timing.py)."""
    return timing_warnings(appointment, today_for(project.settings.print.timezone))


def write_single_packet(
    project: Project,
    appointment: Appointment,
    *,
    print_options: PrintOptions | None = None,
    out_dir: Path | None = None,
    output_file: Path | None = None,
    maker: PacketMaker | None = None,
    notify: Callable[[str], None] | None = None,
    strict: bool = False,
) -> WrittenPacket:
    """Make and write one validated appointment's packet (mode 0600): to `output_file`, or
    into the packets folder under its lock, under a name that never replaces another
    patient's, recorded in its manifest. Raises HandoutsError; messages never hold the name.

    A caller making many packets (the web app's workers) passes its own warm `maker`.
    """
    settings = load_appointment_settings(project.settings)
    check_packet_references(project, settings, [appointment])  # as batch does, before layout
    if maker is None:
        maker = PacketMaker(project, settings, print_options, strict=strict)
    packet = maker.make(appointment)
    if output_file is not None:
        path = output_file.resolve()
        write_private(path, packet.data)
    else:
        base = (out_dir if out_dir is not None else project.root / "output").resolve()
        folder = private_folder(base / APPOINTMENTS_FOLDER)
        path = save_single_packet(folder, appointment, packet, notify=notify)
    return WrittenPacket(path, packet, appointment)
