"""The "Your appointment" page: an appointment turned into printable phrases, then HTML.

Every date and time is formatted here, in the clinic's language (see datefmt), so the
template only arranges ready-made text. Patient text reaches the template as plain strings
and is escaped by Jinja's autoescape. Nothing here imports WeasyPrint.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from handouts.appointments.appointment import (
    Appointment,
    MedicationHold,
    fasting_times,
    hold_schedule,
)
from handouts.appointments.dates import DateFormat, check_drawable, date_format
from handouts.appointments.settings import AppointmentSettings
from handouts.diagnostics import HandoutsError
from handouts.project.content import Item
from handouts.project.loader import Project
from handouts.render.document import HtmlDocument, Renderer
from handouts.render.theme import render_template, stylesheet_paths

TEMPLATE = "appointment.html.j2"


@dataclass(frozen=True)
class HoldText:
    drug: str
    last_dose: str  # "Friday, November 27"
    no_dose_days: str  # "on November 28, 29 or 30"; empty when only the morning is skipped
    restart: str = ""  # the day to start again ("Wednesday, December 2"); empty: ask us


@dataclass(frozen=True)
class FastingText:
    no_food_time: str
    no_food_day: str
    liquids_time: str
    liquids_day: str


@dataclass(frozen=True)
class AppointmentView:
    """What the page prints, all as text."""

    patient_name: str
    appointment_id: str
    procedure_title: str
    day: str
    time: str
    arrival_time: str
    arrive_minutes: int
    location: str
    physician: str
    note: str
    bring: tuple[Item, ...]
    driver_required: bool
    sedation: bool
    holds: tuple[HoldText, ...]
    fasting: FastingText | None

    @property
    def holds_to_ask(self) -> bool:
        """A hold without a restart day: the patient must ask us when to start again."""
        return any(not hold.restart for hold in self.holds)


class NoFastingRule(HandoutsError):
    def __init__(self):
        super().__init__(
            "sedation is planned but handouts.yaml has no appointments.fasting rule "
            "(see docs/appointments.md); the tool will not guess fasting times"
        )


def describe(
    appointment: Appointment, settings: AppointmentSettings, fmt: DateFormat
) -> AppointmentView:
    day = appointment.start.date()
    holds = []
    for hold in appointment.holds:
        schedule = hold_schedule(hold, day)
        restart = restart_day(hold, settings, day)
        holds.append(
            HoldText(
                drug=hold.drug,
                last_dose=fmt.day(schedule.last_dose, year=schedule.last_dose.year != day.year),
                no_dose_days=fmt.on_days(schedule.skipped) if schedule.skipped else "",
                restart=fmt.day(restart, year=restart.year != day.year) if restart else "",
            )
        )
    fasting = None
    if appointment.sedation:
        if settings.fasting is None:
            raise NoFastingRule()
        times = fasting_times(settings.fasting, appointment)
        fasting = FastingText(
            no_food_time=fmt.clock(times.no_food_after),
            no_food_day=fmt.day(times.no_food_after.date()),
            liquids_time=fmt.clock(times.clear_liquids_until),
            liquids_day=fmt.day(times.clear_liquids_until.date()),
        )
    view = AppointmentView(
        patient_name=appointment.patient_name,
        appointment_id=appointment.appointment_id,
        procedure_title=appointment.handout.title,
        day=fmt.day(day, year=True),
        time=fmt.clock(appointment.start),
        arrival_time=fmt.clock(appointment.arrival),
        arrive_minutes=appointment.arrive_minutes,
        location=appointment.location,
        physician=appointment.physician,
        note=appointment.note,
        bring=appointment.handout.bring,
        driver_required=appointment.driver_required,
        sedation=appointment.sedation,
        holds=tuple(holds),
        fasting=fasting,
    )
    check_drawable([view.day, view.time, view.arrival_time, *_dates(view)])
    return view


def restart_day(
    hold: MedicationHold, settings: AppointmentSettings, day: dt.date
) -> dt.date | None:
    """The day to start a held drug again: the hold's own RESTART, else the clinic's default
    for that drug (which only ever applies to a hold the clinician entered), else None (the
    page says to ask). Never the booklet's table: packets take only what the clinician set."""
    days = hold.restart_days if hold.restart_days is not None else settings.restart_for(hold.drug)
    return None if days is None else day + dt.timedelta(days=days)


def _dates(view: AppointmentView) -> list[str]:
    texts = [t for h in view.holds for t in (h.last_dose, h.no_dose_days, h.restart)]
    if view.fasting:
        f = view.fasting
        texts += [f.no_food_time, f.no_food_day, f.liquids_time, f.liquids_day]
    return texts


class AppointmentPages:
    """Renders appointment pages for one project in one language (a base language tag, "es"),
    sharing the Jinja environment."""

    def __init__(self, project: Project, settings: AppointmentSettings, language: str = "en"):
        self.project = project
        self.settings = settings
        self.language = language
        self.renderer = Renderer(project, language=language)
        self.fmt = date_format(self.renderer.tag)
        self.stylesheets = stylesheet_paths(project, "appointment", language)

    def html(self, appointment: Appointment) -> HtmlDocument:
        view = describe(appointment, self.settings, self.fmt)
        context = {
            **self.renderer.base_context(),
            "appointment": view,
            "procedure": appointment.handout.procedure,
            "handout": appointment.handout,
        }
        html = render_template(self.renderer.env, TEMPLATE, context)
        clinic = self.project.settings.clinic.name
        procedure = appointment.handout.procedure
        text = self.renderer.text
        handout_title = appointment.handout.title
        # Title and subject name the procedure only: PDF metadata shows in file browsers,
        # search indexes and print queues, where a patient's name must not appear.
        return HtmlDocument(
            name=appointment.handout.slug,
            kind="appointment",
            html=html,
            stylesheets=self.stylesheets,
            title=f"{text('Your appointment: %(title)s', title=handout_title)} — {clinic}",
            subject=text("Appointment packet: %(title)s", title=handout_title),
            language=self.renderer.tag,
            content_language=self.language,
            created=procedure.review.last_reviewed,
            keywords=[
                "patient education",
                "appointment",
                procedure.id,
                procedure.fingerprint_keyword,
            ],
        )
