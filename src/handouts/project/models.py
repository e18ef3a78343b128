"""The content models templates receive: procedures, their handouts, the booklet, the glossary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from markupsafe import Markup

from handouts.project.figures import Figure
from handouts.project.video import VideoSetting

SCHEMA_VERSION = 1
CONTENT_KEYWORD = "content-sha256:"  # a PDF keyword: the procedure content's fingerprint
KINDS = {"injection": 2, "implant": 4}  # kind -> default page limit (US Letter)
PATIENT_SECTIONS = ("what-is-it", "why", "how-it-is-done", "how-to-get-ready", "after", "risks")
CLINICIAN_SECTIONS = ("indications", "contraindications", "technique", "complications", "evidence")
OVERVIEW_SECTIONS = ("what-it-is", "principles", "conditions", "candidates")


@dataclass(frozen=True)
class Review:
    version: str
    last_reviewed: dt.date
    reviewed_by: str
    next_review_due: dt.date

    @property
    def is_draft(self) -> bool:
        return not self.reviewed_by.strip()


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    body: Markup
    only: tuple[str, ...] | None = None
    figures: tuple[Figure, ...] = ()  # drawings printed beside the text (project/figures.py)


@dataclass(frozen=True)
class Item:
    """A list entry (help boxes, what to bring) that may be limited to some variants."""

    html: Markup
    only: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Reference:
    """A source as printed: the original's citation, and its DOI or PMID when it has one.

    `key` drives citations and is never printed."""

    key: str
    number: int
    text: Markup
    url: str = ""
    doi: str = ""
    pmid: str = ""

    @property
    def address(self) -> str:
        """Where a reader finds the original: its DOI, else its PubMed entry, else its url."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return self.url


@dataclass(frozen=True)
class Glance:
    value: Markup
    label: Markup
    only: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Variant:
    id: str
    title: str
    subtitle: str
    arrive_minutes: int | None = None  # overrides the procedure's appointment settings
    driver_required: bool | None = None


# Column keys of project/diary.py's DIARY_COLUMNS: a diary that names none asks these.
DEFAULT_DIARY_COLUMNS = ("time", "pain", "activity")


@dataclass(frozen=True)
class Diary:
    title: str
    intro: Markup
    times: tuple[str, ...]  # labelled rows ("1 hour after"); () for blank rows
    only: tuple[str, ...] | None = None
    columns: tuple[str, ...] = DEFAULT_DIARY_COLUMNS  # keys: "date", "pain", "relief", ...
    figures: tuple[Figure, ...] = ()
    rows: int = 0  # how many rows print: len(times), or the number of blank rows
    injection_time: bool = False  # a "time of your injection" line above the table

    @property
    def row_labels(self) -> tuple[str, ...]:
        """One label per printed row ("" for a blank row the patient dates)."""
        return self.times or ("",) * self.rows


@dataclass(frozen=True)
class AppointmentInfo:
    arrive_minutes: int = 30
    driver_required: bool = True
    bring: tuple[Item, ...] = ()


@dataclass
class Procedure:
    id: str
    title: str
    subtitle: str
    kind: str
    page_limit: int
    review: Review
    glance: tuple[Glance, ...]
    sections: tuple[Section, ...]
    emergency: tuple[Item, ...]  # help level 1: call 911 now
    call_us: tuple[Item, ...]  # level 2: call us now, day or night
    clinician_sections: tuple[Section, ...]
    bleeding_risk: Markup
    references: tuple[Reference, ...]
    variants: tuple[Variant, ...] = ()
    diary: Diary | None = None
    call_office: tuple[Item, ...] = ()  # level 3: call us in office hours
    appointment: AppointmentInfo = field(default_factory=AppointmentInfo)
    source: str = ""
    builtin: bool = True
    terms: tuple[str, ...] = ()
    video: VideoSetting | None = (
        None  # a web page the handout prints as a QR code (project/video.py)
    )
    language: str = "en"  # the content's language (translations.py makes the others)
    translation: object | None = None  # translations.Translation, for translated content
    # sha256 of the file's text as loaded: printed in handout PDFs and manifests, so content
    # edited without a version bump can be told from the built-in one (checks/fingerprints.py).
    content_sha256: str = ""

    @property
    def fingerprint_keyword(self) -> str:
        """The PDF keyword that carries the fingerprint."""
        return f"{CONTENT_KEYWORD}{self.content_sha256}"

    def handouts(self) -> list[Handout]:
        """One handout per variant, or one for the whole procedure."""
        if not self.variants:
            return [Handout(self, None)]
        return [Handout(self, variant) for variant in self.variants]


@dataclass(frozen=True)
class Handout:
    """What one patient handout prints: a procedure, or one variant of it."""

    procedure: Procedure
    variant: Variant | None

    @property
    def slug(self) -> str:
        return f"{self.procedure.id}-{self.variant.id}" if self.variant else self.procedure.id

    @property
    def title(self) -> str:
        return self.variant.title if self.variant else self.procedure.title

    @property
    def subtitle(self) -> str:
        return (self.variant.subtitle if self.variant else "") or self.procedure.subtitle

    def _visible(self, entries):
        variant = self.variant.id if self.variant else None
        return tuple(e for e in entries if e.only is None or variant in e.only)

    def figures(self, holder: Section | Diary) -> tuple[Figure, ...]:
        """The figures of a section (or the diary) that this variant prints."""
        return self._visible(holder.figures)

    @property
    def glance(self) -> tuple[Glance, ...]:
        return self._visible(self.procedure.glance)

    @property
    def sections(self) -> tuple[Section, ...]:
        return self._visible(self.procedure.sections)

    @property
    def emergency(self) -> tuple[Item, ...]:
        return self._visible(self.procedure.emergency)

    @property
    def call_us(self) -> tuple[Item, ...]:
        return self._visible(self.procedure.call_us)

    @property
    def call_office(self) -> tuple[Item, ...]:
        return self._visible(self.procedure.call_office)

    @property
    def diary(self) -> Diary | None:
        diary = self.procedure.diary
        return diary if diary and self._visible([diary]) else None

    @property
    def bring(self) -> tuple[Item, ...]:
        return self._visible(self.procedure.appointment.bring)

    @property
    def arrive_minutes(self) -> int:
        own = self.variant.arrive_minutes if self.variant else None
        return own if own is not None else self.procedure.appointment.arrive_minutes

    @property
    def driver_required(self) -> bool:
        own = self.variant.driver_required if self.variant else None
        return own if own is not None else self.procedure.appointment.driver_required


@dataclass
class Overview:
    title: str
    sections: tuple[Section, ...]
    references: tuple[Reference, ...]


@dataclass
class Booklet:
    title: str
    subtitle: str
    review: Review
    chapters: tuple[str, ...]
    overview: Overview
    source: str = ""


@dataclass
class GlossaryEntry:
    term: str
    definition: Markup
    source: str = ""
