"""For one patient: the fields of `handouts handout ID --patient ...` as a form; the packet
comes back inline, ready to print, or the form again with each mistake beside its field."""

from __future__ import annotations

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
    holds = holds + [("", "")] * max(0, HOLD_ROWS - len(holds))
    return page(
        "patient.html",
        status=status,
        groups=choices(project),
        languages=language_choices(project),
        physicians=settings.physicians if settings else (),
        locations=settings.locations if settings else (),
        values=values,
        holds=holds,
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


def read_values(form) -> dict:
    values = {name: str(form.get(name) or "").strip() for name in TEXT_FIELDS}
    values["sedation"] = form.get("sedation") == "yes"
    values["large_print"] = form.get("large_print") == "yes"
    values["late_ok"] = form.get("late_ok") == "yes"
    drugs, days = form.getlist("hold_drug"), form.getlist("hold_days")
    values["holds"] = [
        (str(d).strip(), str(n).strip())
        for d, n in list(zip(drugs, days, strict=False))[:MAX_HOLD_ROWS]
        if str(d).strip() or str(n).strip()
    ]
    return values


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
        holds=[f"{drug}:{days}" for drug, days in values["holds"]],
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
    data = Path(result["path"]).read_bytes()
    headers = {"content-disposition": f'inline; filename="{result["name"]}"'}
    return Response(data, media_type="application/pdf", headers=headers)
