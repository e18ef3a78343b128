"""Checks that a clinic's project is ready to print, beyond valid content.

- Phone numbers are not the fictional 555-01xx sample ones (unless handouts.yaml says `demo: true`),
  so no clinic prints the sample numbers by mistake.
- Every text/background pair has enough contrast with the brand's colours (contrast.py).
- `_brand.yml`'s meta.name agrees with handouts.yaml's clinic.name (handouts.yaml wins).
- Each logo's alt text is given in every language the project prints, so a screen reader
  does not announce an English logo on a Spanish handout.
- A procedure (or booklet) the clinic copied or overrode has not fallen behind the built-in
  version, so corrections in new releases reach clinics; and one whose text differs from the
  built-in file of the same version (an edit without a version bump) is named, since outputs
  and manifests tell content apart by version and by its fingerprint (sha256 of the text).

`check` fails on the errors; `build` shows every finding as a warning.
"""

from __future__ import annotations

import re
from pathlib import Path

from handouts.brand.contrast import check_contrast
from handouts.diagnostics import ProblemList
from handouts.i18n.languages import english_name
from handouts.project.loader import Project, builtin_dir
from handouts.project.settings import CONFIG_NAME

PHONE_FIELDS = ("phone", "after_hours_phone")
VERSION_PREFIX = re.compile(r"^\s*v?(\d+(?:\.\d+)*)")


def preflight(project: Project) -> ProblemList:
    problems = ProblemList()
    check_phone_numbers(project, problems)
    check_brand_name(project, problems)
    check_logo_languages(project, problems)
    check_video_languages(project, problems)
    check_contrast(project, problems)
    check_content_versions(project, problems)
    return problems


def check_logo_languages(project: Project, problems: ProblemList) -> None:
    brand = project.brand
    for language in project.languages[1:]:
        for logo in dict.fromkeys(brand.logos.values()):
            if logo.speaks(language):
                continue
            name, own = english_name(language), english_name(logo.alt_language)
            problems.warning(
                brand.source,
                logo.alt_field,
                f"the logo's alt text has no {name} ({language}) version, so screen readers "
                f"announce the logo of the {name} handouts in {own}: write it as "
                f"alt: {{{logo.alt_language}: ..., {language}: ...}}",
                logo.alt_where,
            )


def check_video_languages(project: Project, problems: ProblemList) -> None:
    """A video address or label lacking a language the project prints: the handouts in that
    language print the clinic's own (an English video, say), and the clinic should know."""
    from handouts.project.media_settings import load_media_settings

    clinic = load_media_settings(project.settings).video
    settings = [(CONFIG_NAME, clinic, project.procedures_in("en").values())] if clinic else []
    for procedure in project.procedures.values():
        if procedure.video is not None:
            settings.append((procedure.source, procedure.video, [procedure]))
    for language in project.languages[1:]:
        name = english_name(language)
        translated = project.procedures_in(language)
        for source, video, procedures in settings:
            # The clinic's prints on handouts with no video of their own; a procedure's, unless
            # its translation names its own.
            wanted = None if source == CONFIG_NAME else video
            if not any(p.id in translated and translated[p.id].video is wanted for p in procedures):
                continue
            own = english_name(video.language)
            for lacks, what in (
                (not video.has_url_in(language), "address"),
                (not video.has_label_in(language), "label"),
            ):
                if lacks:
                    problems.warning(
                        source,
                        f"{video.field}.{'url' if what == 'address' else what}",
                        f"the video has no {name} ({language}) {what}, so the {name} handouts "
                        f"print the {own} one: write it as "
                        f"{'url' if what == 'address' else what}: "
                        f"{{{video.language}: ..., {language}: ...}}",
                        video.where,
                    )


def is_fictional_phone(number: str) -> bool:
    """Numbers reserved for fiction in North America: 555-0100 to 555-0199, and area code 555
    (not in service), as in the sample project's (555) 010-0142."""
    digits = re.sub(r"\D", "", number)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == 10:
        return digits.startswith("555") or digits[3:8] == "55501"
    return len(digits) == 7 and digits.startswith("55501")


def check_phone_numbers(project: Project, problems: ProblemList) -> None:
    settings = project.settings
    if settings.demo:
        return
    doc = settings.document
    for name in PHONE_FIELDS:
        number = getattr(settings.clinic, name)
        if is_fictional_phone(number):
            where = doc.where(("clinic", name)) if doc else None
            problems.error(
                CONFIG_NAME,
                f"clinic.{name}",
                f"{number} is a fictional sample number (555-01xx); put in the clinic's real "
                "number, or set 'demo: true' if this project is only a demonstration",
                where,
            )


def check_brand_name(project: Project, problems: ProblemList) -> None:
    brand, clinic = project.brand, project.settings.clinic
    if brand.name and brand.name.strip() != clinic.name.strip():
        problems.warning(
            brand.source,
            "meta.name",
            f"'{brand.name}' differs from clinic.name '{clinic.name}' in {CONFIG_NAME}; "
            f"handouts print the name from {CONFIG_NAME}",
            _where(project, project.root / brand.source, ("meta", "name")),
        )


def version_key(version: str) -> tuple[int, ...] | None:
    """'1.2.0' -> (1, 2, 0); '1.2.0+riverbend.3' (a clinic's own edit) -> (1, 2, 0)."""
    match = VERSION_PREFIX.match(str(version))
    if not match:
        return None
    parts = [int(p) for p in match.group(1).split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def check_content_versions(project: Project, problems: ProblemList) -> None:
    builtin_content = builtin_dir() / "content"
    if (project.root / "content").resolve() == builtin_content.resolve():
        return  # the sample project is the built-in content
    pairs = [
        (p.source, builtin_content / "procedures" / f"{p.id}.yaml", p.review.version)
        for p in project.procedures.values()
        if not p.builtin
    ]
    booklet = project.booklet
    if booklet.source and not Path(booklet.source).is_absolute():
        pairs.append((booklet.source, builtin_content / "booklet.yaml", booklet.review.version))
    for source, original, version in pairs:
        if not original.is_file():
            continue  # the clinic's own procedure: nothing upstream to follow
        doc = project.files.get(original)  # parsed on load, unless the project has no copy
        review = doc.data.get("review") if doc and isinstance(doc.data, dict) else None
        upstream = str(review.get("version", "")) if isinstance(review, dict) else ""
        if str(version).strip() == upstream.strip():
            _edited_without_bump(project, source, doc, version, problems)
            continue
        ours_key, upstream_key = version_key(version), version_key(upstream)
        if ours_key is None or upstream_key is None or upstream_key <= ours_key:
            continue
        problems.warning(
            source,
            "review.version",
            f"your copy is version {version}, but the built-in text is now version {upstream}: "
            f"compare your file with the new built-in one ({original.name}) and bring in its "
            f"corrections, then set your version to {upstream} (or {upstream}+yourclinic.1)",
            _where(project, project.root / source, ("review", "version")),
        )


def _edited_without_bump(project: Project, source: str, builtin, version, problems) -> None:
    """A copy whose text is not the built-in file's, under the same version."""
    ours = project.files.get(project.root / source)
    if ours is None or builtin is None or ours.sha256 == builtin.sha256:
        return
    problems.warning(
        source,
        "review.version",
        f"your copy differs from the built-in {Path(source).name} of the same version "
        f"{version} (content fingerprint sha256 {ours.sha256[:12]}..., built-in "
        f"{builtin.sha256[:12]}...): an edit without a version bump. Bump review.version "
        f"(for example to {version}+yourclinic.1) so handouts, packet manifests and the "
        "build record tell your text from the built-in one",
        _where(project, project.root / source, ("review", "version")),
    )


def _where(project: Project, path: Path, field: tuple) -> tuple[int, int] | None:
    """The line of a field in a file the project loaded (kept from its one parse)."""
    doc = project.files.get(path)
    return doc.where(field) if doc else None
