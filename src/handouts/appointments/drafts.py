"""A packet is for a real patient: under --strict, draft content is refused.

A procedure whose `review.reviewed_by` is empty has not been signed off by the clinic's
clinicians. A plain build prints it with its draft notice (and `check` notes it); a packet
made with `--strict` (`batch --strict`, `handout --patient ... --strict`) refuses it, naming
the procedure and its file, unless handouts.yaml says `demo: true` (a demonstration project,
such as the sample clinic). Draft translations are refused the same way in languages.py.
"""

from __future__ import annotations

from handouts.project.loader import Project


def draft_content_errors(project: Project, appointment, strict: bool) -> list[str]:
    """The refusal of a packet whose English content is a draft, as messages without personal
    data; empty when not strict, in a demo project, or when the content is reviewed."""
    if not strict or project.settings.demo:
        return []
    procedure = appointment.handout.procedure
    english = project.procedures.get(procedure.id, procedure)  # a translation's English
    if not english.review.is_draft:
        return []
    return [
        f"'{appointment.handout.slug}' is draft content (version {english.review.version}, "
        f"{english.source}: review.reviewed_by is empty, so no clinician has signed it off); "
        "a packet for a patient is refused with --strict unless handouts.yaml says demo: true"
    ]
