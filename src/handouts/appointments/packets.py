"""Personalised packets: the "Your appointment" page followed by the procedure handout.

The procedure pages are the same for every patient, so each handout is laid out and
written once per process, and so is the appointment page's "my notes" back (notes_page.py).
For each patient only the appointment page is laid out and written, then joined to the
finished notes and handout pages by pdf/join.py, which keeps the packet one tagged PDF/UA
document. Laying out and writing the whole packet again took 0.4–0.6 s; writing cached
laid-out pages again (`Document.copy()`) still cost 30–50 ms a page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from handouts.appointments.appointment import Appointment
from handouts.appointments.notes_page import NotesPages
from handouts.appointments.page import AppointmentPages
from handouts.appointments.settings import AppointmentSettings
from handouts.build import SHORTEN
from handouts.diagnostics import HandoutsError
from handouts.figure_fit import fit_handout
from handouts.output import atomic_write
from handouts.pdf.join import PreparedPart, join_all
from handouts.pdf.print_options import PrintOptions
from handouts.project.content import Handout
from handouts.project.loader import Project
from handouts.render.document import HtmlDocument
from handouts.render.large_print import LARGE_PRINT_SUFFIX, large_print_edition


@dataclass(frozen=True)
class Packet:
    data: bytes
    pages: int
    sha256: str
    # The handout did not fit its page limit even tightened: printed at its natural length.
    layout_warning: str = ""


class PacketMaker:
    """Makes packets for one project in one process, caching laid-out procedure pages."""

    def __init__(
        self,
        project: Project,
        settings: AppointmentSettings,
        options: PrintOptions | None = None,
        *,
        strict: bool = False,
    ):
        from handouts.pdf.writer import PdfMaker  # WeasyPrint is slow to import

        options = options or PrintOptions()
        self.project = project
        self.settings = settings
        self._pages: dict[str, AppointmentPages] = {}  # one per language
        self.pdf = PdfMaker(project, paper=options.paper, archive=options.archive)
        self.notes = NotesPages(self.pdf)  # the "my notes" back, laid out once per kind
        # Each handout is written once per process, language and edition.
        self._handouts: dict[tuple[str, str, bool], PreparedPart] = {}
        # Handout PDFs made for the batch, by edition (edition_key) -> file (batch_pool.py).
        self.shared_files: dict[tuple[str, str, bool], str] = {}
        # A handout over its page limit is printed at its natural length with a warning, as
        # `build` writes it; under --strict it is an error and no packet is made.
        self.strict = strict
        self.layout_warnings: dict[tuple[str, str, bool], str] = {}
        # Handouts this maker laid out that fit their limit, for the next batch.
        self.made_pdfs: dict[tuple[str, str, bool], bytes] = {}

    @property
    def pages(self) -> AppointmentPages:
        """The English appointment pages (the benchmark and older callers use these)."""
        return self.pages_in("en")

    def pages_in(self, language: str) -> AppointmentPages:
        if language not in self._pages:
            self._pages[language] = AppointmentPages(self.project, self.settings, language)
        return self._pages[language]

    def _edition(self, doc: HtmlDocument, large_print: bool) -> HtmlDocument:
        return large_print_edition(self.project, doc) if large_print else doc

    def handout_pdf(self, handout: Handout, large_print: bool = False) -> bytes:
        """The handout laid out (tightened to fit, as in a build) and written."""
        renderer = self.pages_in(handout.procedure.language).renderer
        doc = self._edition(renderer.handout(handout), large_print)
        # Tightened, then figures that would break the page limit left out, as `build` does.
        doc, fitted, _ = fit_handout(self.pdf, doc)
        if fitted.pages_over:
            if self.strict:
                raise HandoutsError(f"{doc.name}: {fitted.overflow(doc)}. {SHORTEN}")
            self.layout_warnings[edition_key(handout, large_print)] = (
                f"{doc.name}: {fitted.overflow(doc)}; printed at its natural length. {SHORTEN}"
            )
        return self.pdf.write(fitted.document)

    def handout_part(self, handout: Handout, large_print: bool = False) -> PreparedPart:
        """The handout's finished pages, made once per process, language and edition, or
        read from a file made earlier in the batch (`shared_files`, batch_pool.py)."""
        key = edition_key(handout, large_print)
        if key not in self._handouts:
            shared = self.shared_files.get(key)
            data = Path(shared).read_bytes() if shared else self.handout_pdf(handout, large_print)
            if not shared and key not in self.layout_warnings:
                self.made_pdfs[key] = data
            self.prepare(key, data)
        return self._handouts[key]

    def prepare(self, key: tuple[str, str, bool], data: bytes) -> None:
        """Keep a handout's written PDF as the part packets append; key (language, slug,
        large print)."""
        try:
            self._handouts[key] = PreparedPart(data)
        except ValueError as exc:  # something in the handout that a packet would drop
            name = key[1] + (LARGE_PRINT_SUFFIX if key[2] else "")
            raise HandoutsError(f"{name}: cannot make packets: {exc}") from None

    def make(self, appointment: Appointment) -> Packet:
        """One packet as PDF bytes. Raises HandoutsError (messages never hold the name)."""
        large = appointment.large_print
        handout = self.handout_part(appointment.handout, large)
        pages = self.pages_in(appointment.printed_language)
        page, notes = self.notes.layout(self._edition(pages.html(appointment), large))
        # The packet's title, language and metadata are the appointment page's. The page and
        # its back ("my notes") come to an even count, padded if longer, so printed
        # double-sided the handout starts on a fresh sheet (on page 3 of the packet).
        parts = [notes, handout] if notes else [handout]
        data = join_all(self.pdf.write(page), parts, recto=[False, True][-len(parts) :])
        front = len(page.pages) + (notes.page_count if notes else 0)
        pages = front + front % 2 + handout.page_count
        warning = self.layout_warnings.get(edition_key(appointment.handout, large), "")
        return Packet(data, pages, hashlib.sha256(data).hexdigest(), warning)


def edition_key(handout: Handout, large_print: bool) -> tuple[str, str, bool]:
    """(language, slug, large print): one handout edition a batch makes once."""
    return handout.procedure.language, handout.slug, large_print


# -- files -----------------------------------------------------------------------------------

APPOINTMENTS_FOLDER = "appointments"
PRIVATE_FILE = 0o600  # packets hold a patient's name: readable by their owner only
PRIVATE_FOLDER = 0o700


def single_packet_stem(appointment: Appointment) -> str:
    """`2026-12-01-0930-<procedure>[-<appointment id>]`: never the patient's name."""
    stamp = appointment.start.strftime("%Y-%m-%d-%H%M")
    suffix = f"-{appointment.appointment_id}" if appointment.appointment_id else ""
    return f"{stamp}-{appointment.procedure_id}{suffix}"


def single_packet_name(appointment: Appointment) -> str:
    return single_packet_stem(appointment) + ".pdf"


def batch_packet_stem(appointment: Appointment) -> str:
    """`<appointment id>-<procedure>`; manifest.claim_name adds `-2` (and `.pdf`) when that
    name is another appointment's."""
    return f"{appointment.appointment_id}-{appointment.procedure_id}"


def batch_packet_name(appointment: Appointment) -> str:
    return batch_packet_stem(appointment) + ".pdf"


def private_folder(folder: Path) -> Path:
    """Create the output folder readable by its owner only (an existing one is left as is)."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    except OSError as exc:
        raise HandoutsError(f"cannot create {folder}: {exc.strerror or exc}") from None
    return folder


def write_private(path: Path, data: bytes) -> None:
    atomic_write(path, data, mode=PRIVATE_FILE)
