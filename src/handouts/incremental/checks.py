"""The checks `build` runs first (`handouts check`), kept under the keys of what they checked.

The checks read the rendered documents (their keys), the project's settings, brand and
content files (sample numbers, contrast, the readability limits, content versions against
the built-in ones), the warnings found while loading, and the date (review dates). When all
of these are the same as in a recorded run, the recorded outcome is shown again instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from zoneinfo import ZoneInfo

from handouts.incremental import versions
from handouts.incremental.keys import FileDigests
from handouts.project.loader import Project, content_dirs


def clinic_today(project: Project) -> dt.date:
    # The same date as checks.findings.clinic_today, without importing the checks.
    return dt.datetime.now(ZoneInfo(project.settings.print.timezone)).date()


def project_files(project: Project) -> list[tuple[str, str]]:
    """(path, sha256) of the settings, brand and every content file the checks may read."""
    digests = FileDigests()
    paths = [project.root / name for name in ("handouts.yaml", "_brand.yml", "_brand.yaml")]
    for folder, _ in content_dirs(project.root):
        paths.extend(sorted(p for p in folder.rglob("*") if p.is_file()))
    return [(str(p), digests.of(p)) for p in paths]


def check_key(plan, project: Project, today, procedure_ids, include_booklet) -> str:
    parts = {
        "versions": versions.tool_versions(),
        "today": (today or clinic_today(project)).isoformat(),
        "selection": [procedure_ids, include_booklet],
        "documents": sorted(e.key for e in plan.editions),
        "files": project_files(project),
        "loading": [str(p) + p.severity for p in project.problems],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()


def outcome(report) -> dict:
    """What `build` shows of a check report, with and without --strict."""
    from handouts.checks.report import summary_line

    shown = {}
    for strict in (False, True):
        failing = report.errors + (report.warnings if strict else [])
        shown["strict" if strict else "normal"] = {
            "failing": [f"{f.severity}: {f}" for f in failing],
            "summary": summary_line(report, strict),
            "failed": report.failed(strict),
        }
    shown["has_findings"] = bool(report.findings)
    return shown
