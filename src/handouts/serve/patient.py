"""For one patient: the fields of `handouts handout ID --patient ...` as a form; the packet
comes back inline, ready to print, or the form again with each mistake beside its field.

A packet made with a warning the CLI would print (a handout over its page limit, printed at
its natural length) comes back as a page that says so, with a link that opens the packet:
staff see the warning before they print."""

from __future__ import annotations

import secrets
from collections import OrderedDict
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from handouts.appointments.settings import load_appointment_settings
from handouts.appointments.single import packet_fields
from handouts.diagnostics import HandoutsError
from handouts.i18n.languages import own_name
from handouts.serve import worker
from handouts.serve.library import common, problems_page, server_of
from handouts.serve.pages import page
from handouts.serve.pool import PACKET

HOLD_ROWS = 3  # empty medicine rows on a new form (the page's script adds more)
MAX_HOLD_ROWS = 20
MADE_KEPT = 50  # packets made with a warning that a link may still open
TEXT_FIELDS = (
    "procedure",
    "patient",
    "date",
    "time",
    "appointment_id",
    "physician",
    "location",
    "note",
    "arrive_minutes",
    "language",
)
# make_appointment's field names -> the form's
FORM_NAMES = {"patient_name": "patient", "holds": "holds"}


def choices(project) -> list[tuple[str, list[tuple[str, str]]]]:
    """(procedure title, [(handout id, label)]): a procedure with variants offers only them."""
    groups = []
    for procedure in project.procedures.values():
        handouts = procedure.handouts()
        if procedure.variants:
            options = [(h.slug, h.title) for h in handouts]
        else:
            options = [(handouts[0].slug, procedure.title)]
        groups.append((procedure.title, options))
    return groups


def language_choices(project) -> list[tuple[str, str]]:
    """(tag, name in that language): staff and patient both recognise "Español"."""
    return [(tag, own_name(tag)) for tag in project.languages]


def render_form(server, values: dict, errors: dict, problems=(), status=200, warnings=()):
    project = server.state.project
    try:
        settings = load_appointment_settings(project.settings)
    except HandoutsError:
        settings = None
    holds = values.get("holds") or []
    holds = holds + [("", "", "")] * max(0, HOLD_ROWS - len(holds))
    return page(
        "patient.html",
        status=status,
        groups=choices(project),
        languages=language_choices(project),
        physicians=settings.physicians if settings else (),
        locations=settings.locations if settings else (),
        values=values,
        holds=holds,
        restart_hint=restart_hint(settings),
        errors=errors,
        problems=list(problems),
        warnings=list(warnings),
        **common(server, "patient"),
    )


async def form(request: Request) -> Response:
    server = server_of(request)
    if server.state.project is None:
        return problems_page(server, "patient")
    return render_form(server, {}, {})


def restart_hint(settings) -> str:
    defaults = settings.restart_days if settings else ()
    if not defaults:
        return "the packet tells the patient to ask when to start again."
    listed = ", ".join(
        f"{drug} {days} day{'s' if days != 1 else ''} after" for drug, days in defaults
    )
    return f"the clinic's default applies where it has one ({listed})."


def read_values(form) -> dict:
    values = {name: str(form.get(name) or "").strip() for name in TEXT_FIELDS}
    values["sedation"] = form.get("sedation") == "yes"
    values["large_print"] = form.get("large_print") == "yes"
    values["late_ok"] = form.get("late_ok") == "yes"
    rows = zip(
        form.getlist("hold_drug"),
        form.getlist("hold_days"),
        form.getlist("hold_restart"),
        strict=False,
    )
    values["holds"] = [
        tuple(str(value).strip() for value in row)
        for row in list(rows)[:MAX_HOLD_ROWS]
        if any(str(value).strip() for value in row)
    ]
    return values


def hold_text(drug: str, days: str, restart: str) -> str:
    """One row as the CLI's --hold DRUG:DAYS[:RESTART]."""
    return f"{drug}:{days}:{restart}" if restart else f"{drug}:{days}"


def missing(values: dict) -> dict:
    """The CLI's usage errors for the two fields it requires with --patient."""
    return {name: "is required" for name in ("date", "time") if not values[name]}


async def submit(request: Request) -> Response:
    server = server_of(request)
    async with request.form(max_files=0, max_fields=200) as data:
        if not server.guard.csrf_ok(dict(request.headers), data.get("csrf")):
            raise HTTPException(403)
        values = read_values(data)
    if server.state.project is None:
        return problems_page(server, "patient")
    errors = missing(values)
    if errors:
        return render_form(server, values, errors, status=422)
    fields = packet_fields(
        values["procedure"],
        values["patient"],
        date=values["date"],
        time=values["time"],
        appointment_id=values["appointment_id"],
        physician=values["physician"],
        location=values["location"],
        note=values["note"],
        sedation=values["sedation"],
        holds=[hold_text(*row) for row in values["holds"]],
        arrive_minutes=values["arrive_minutes"] or None,
        large_print=values["large_print"],
        language=values["language"] or None,
    )
    out_dir = str(server.out_dir)
    try:
        result = await server.pool.run(
            worker.make_packet,
            server.state.generation,
            fields,
            out_dir,
            values["late_ok"],
            priority=PACKET,
        )
    except HandoutsError as exc:
        result = {"problems": [exc.message]}
    if "fields" in result:
        errors, general = {}, []
        for field, message in result["fields"]:
            if field:
                name = FORM_NAMES.get(field, field)
                errors[name] = f"{errors[name]}; {message}" if name in errors else message
            else:
                general.append(message)
        return render_form(server, values, errors, general, status=422)
    if "warnings" in result:  # the CLI prints these and goes on; here staff confirm first
        return render_form(server, values, {}, warnings=result["warnings"], status=409)
    if "problems" in result:
        return render_form(server, values, {}, result["problems"], status=500)
    if result.get("layout_warning"):
        token = server.made_packets.add(result["path"], result["name"])
        return page(
            "patient_made.html",
            warning=result["layout_warning"],
            link=f"/patient/made/{token}",
            pages=result["pages"],
            **common(server, "patient"),
        )
    return packet_response(result["path"], result["name"])


def packet_response(path: str, name: str) -> Response:
    data = Path(path).read_bytes()
    headers = {"content-disposition": f'inline; filename="{name}"'}
    return Response(data, media_type="application/pdf", headers=headers)


class MadePackets:
    """Packets made with a warning, each opened by a random token (the file name, which
    holds the date and appointment id, never goes in an address), the latest MADE_KEPT."""

    def __init__(self):
        self._made: OrderedDict[str, tuple[str, str]] = OrderedDict()

    def add(self, path: str, name: str) -> str:
        token = secrets.token_urlsafe(18)
        self._made[token] = (path, name)
        while len(self._made) > MADE_KEPT:
            self._made.popitem(last=False)
        return token

    def get(self, token: str) -> tuple[str, str] | None:
        return self._made.get(token)


async def made_packet(request: Request) -> Response:
    """A packet made with a warning, opened from the link on the page that showed it."""
    server = server_of(request)
    found = server.made_packets.get(request.path_params["token"])
    if found is None or not Path(found[0]).is_file():
        raise HTTPException(404)
    return packet_response(*found)
