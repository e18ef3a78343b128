"""The appointment page's "my notes" back: laid out once for the packets that print it the same,
and never at the cost of what a packet prints."""

from __future__ import annotations

from conftest import counted_layouts, run_cli
from pdfutil import outline_titles, page_texts

ROWS = [
    ("N-1", "Ann Able", "radiofrequency-ablation", "09:00"),
    ("N-2", "Bea Baker", "radiofrequency-ablation", "10:00"),
    ("N-3", "Cy Cole", "facet-joint-injection", "11:00"),
]


def batch(clinic):
    schedule = clinic / "day.csv"
    schedule.write_text(
        "appointment_id,patient_name,procedure,date,time\n"
        + "".join(f"{i},{name},{proc},2026-12-01,{t}\n" for i, name, proc, t in ROWS),
        encoding="utf-8",
    )
    result = run_cli("batch", schedule, "--project", clinic, "--jobs", "1", "--out", clinic / "day")
    assert result.exit_code == 0, result.output
    return {i: page_texts(clinic / "day" / f"{i}-{proc}.pdf") for i, _, proc, _ in ROWS}


def test_one_notes_page_layout_serves_every_packet(make_project, monkeypatch):
    laid_out = counted_layouts(monkeypatch, record=lambda doc: doc.html)
    clinic = make_project()
    texts = batch(clinic)
    notes = [html for html in laid_out if 'class="notes-page"' in html]
    appointment = [html for html in laid_out if 'class="appointment-page"' in html]
    assert len(notes) == 1 and len(appointment) == 3
    assert not any('class="notes-page"' in html for html in appointment)
    for ident, name, _, _ in ROWS:
        assert name in texts[ident][0]
        assert texts[ident][1].startswith("Before your visit: my notes")
        assert "Page 1 of" in texts[ident][2]  # the handout, on a sheet of its own
    packet = clinic / "day" / "N-1-radiofrequency-ablation.pdf"
    outline = outline_titles(packet)
    assert outline[:1] == [("Your appointment", 0, 0)]
    assert ("Before your visit: my notes", 1, 1) in outline  # still under the appointment


def test_a_notes_page_that_names_the_patient_is_each_patients_own(make_project):
    clinic = make_project(
        {
            "templates/appointment.html.j2": (
                '{% extends "!appointment.html.j2" %}\n'
                "{% block notes_page %}"
                '<section class="notes-page"><h2>Notes for {{ appointment.patient_name }}</h2>'
                "</section>{% endblock %}\n"
            )
        }
    )
    texts = batch(clinic)
    for ident, name, _, _ in ROWS:
        assert texts[ident][1].strip() == f"Notes for {name}"


def test_page_numbers_on_the_appointment_pages_count_the_notes_page(make_project):
    clinic = make_project(
        {
            "templates/clinic.css": (
                ".appointment-page, .notes-page { page: numbered; }\n"
                '@page numbered { @bottom-right { content: "Sheet " counter(page) " of "'
                " counter(pages); } }\n"
            )
        }
    )
    texts = batch(clinic)
    for ident, _, _, _ in ROWS:
        assert "Sheet 1 of 2" in texts[ident][0]
        assert "Sheet 2 of 2" in texts[ident][1]
