"""What `check` says about figures and QR codes beyond what loading the content found.

Loading already reports a missing drawing, missing alt text, an unknown label or a label too
wide for its drawing, at the YAML line. Here: the `video:` and `figures:` sections of
handouts.yaml (a mistake there is an error, as for any setting), and a note for each drawing
the clinic chose to leave out, so that none disappears unnoticed.
"""

from __future__ import annotations

from handouts.diagnostics import Problem
from handouts.project.content import Procedure
from handouts.project.figures import Figure
from handouts.project.loader import Project
from handouts.project.media_settings import load_media_settings
from handouts.project.settings import CONFIG_NAME


def procedure_figures(procedure: Procedure) -> list[Figure]:
    figures = [f for section in procedure.sections for f in section.figures]
    if procedure.diary is not None:
        figures.extend(procedure.diary.figures)
    return figures


def figure_findings(project: Project) -> list[Problem]:
    """Notes about figures; raises ContentError for a mistake in handouts.yaml's sections."""
    printed = {f.name for p in project.procedures.values() for f in procedure_figures(p)}
    settings = load_media_settings(project.settings, printed)
    return [
        Problem(
            CONFIG_NAME,
            "figures.leave_out",
            f"figure '{name}' is not printed on any handout, as handouts.yaml asks",
            severity="info",
        )
        for name in sorted(settings.leave_out)
    ]
