"""`handouts init DIR`: a new clinic project that uses the built-in content and theme.

The project holds only what the clinic owns (settings, brand, overrides), so upgrading the
package brings new and corrected content without touching the clinic's changes.
"""

from __future__ import annotations

import json
from pathlib import Path

from handouts.diagnostics import HandoutsError
from handouts.project.loader import builtin_dir
from handouts.project.settings import CONFIG_NAME

SETTINGS = """\
# {config}: your clinic's contact details and print settings (docs/configuration.md).
# The look (name shown, logo, colours, fonts) lives in _brand.yml (docs/branding.md).
# Content refers to these values with placeholders such as {{phone}}, so each is set once here.

clinic:
  name: {name}                  # printed on every handout and the booklet
  phone: (555) 010-0100         # REPLACE: "Questions? Call ..." and the "call us" box
  after_hours_phone: (555) 010-0199   # REPLACE: who patients call at night and at weekends
  # address: 100 Main Street, Springfield      # optional
  # website: https://example.org               # optional
  emergency_number: "911"       # the "go to the emergency department or call ..." box

print:
  paper: letter                 # letter or a4
  language: en-US               # language tag of the handouts' text
  timezone: America/New_York    # for appointment dates and times

# `handouts check` fails while the phone numbers are the fictional 555-01xx ones above.
# Set demo: true only for a project that is a demonstration, never for real patients.
demo: false

# medication_holds:             # the booklet's hold table: YOUR protocol (docs/configuration.md)
#   protocol: Our anticoagulation protocol
#   reviewed: 2026-01-31
#   examples: false             # once your clinicians have checked every cell
#   drugs:
#     - drug: Warfarin
#       low: ...                # before a low-, intermediate- or high-risk procedure
#       intermediate: ...
#       high: ...
#       restart: ...

# video:                        # a QR code on every handout and on the booklet cover
#   url: https://example.org/videos   # https:// only; nothing is fetched (docs/configuration.md)
#   label: Watch short videos about your care
#   # per language: url: {{en: https://example.org/videos, es: https://example.org/es/videos}}

# theme:
#   brand: _brand.yml             # where the look is kept (default: _brand.yml beside this file)
#   stylesheets: [print-extra.css]  # more CSS, loaded after templates/clinic.css

# schedule:                     # how `handouts batch` reads your practice system's export
#                               # (CSV, Excel .xlsx, HL7 SIU or FHIR; docs/appointments.md)
#   columns:                    # your export's column headers (CSV and Excel)
#     appointment_id: Appt ID
#     patient_name: Patient Name  # or patient_last: and patient_first: (two columns)
#     visit_type: Visit Type
#     date: Appt Date           # or start: (one column holding the date and the time)
#     time: Appt Time
#     physician: Provider
#   date_format: MM/DD/YYYY     # or M/D/YY, YYYY-MM-DD, DD/MM/YYYY, a list, or auto
#   time_format: h:mm AM/PM     # or HH:MM (24-hour), or auto
#   visit_types:                # the first rule that matches wins; `handouts batch FILE
#                               # --dry-run` shows how each row maps before printing
#     - name: LESI L4-5         # the visit type exactly (any upper or lower case)
#       procedure: epidural-steroid-injection
#     - pattern: "RFA*"         # * stands for any text
#       procedure: radiofrequency-ablation
#     - code: "64493"           # a CPT code or your system's own code
#       procedure: facet-joint-injection
#     - name: [Follow-up, New consult]
#       skip: true              # needs no handout: counted in the summary, not an error

# readability:                  # the plain-language gate of `handouts check` (docs/readability.md)
#   handout_max_grade: 8          # a handout fails above this Flesch-Kincaid grade
#   handout_max_smog: 10          # ... or above this SMOG grade
#   section_max_grade: 10         # a section above this grade is a warning
#   sentence_max_words: 25        # a longer sentence is a warning
"""

BRAND = """\
# _brand.yml: your clinic's look, in the brand.yml format (https://posit-dev.github.io/brand-yml/)
# that Quarto and Shiny also read. Paths are relative to this file and must be local files:
# print never fetches logos or fonts from the web. See docs/branding.md.

meta:
  name: {name}                  # keep it the same as clinic.name in {config}

# logo:                         # SVG, PNG or JPEG; alt text is required (screen readers),
#                               # one text or per language: alt: {{en: ..., es: ...}}
#   medium: {{path: images/logo.svg, alt: {logo_alt}}}    # top of every handout
#   large: {{path: images/logo-large.png, alt: {logo_alt}}}  # booklet cover

color:
  # palette:                    # your named colours; the roles below may refer to them
  #   harbor-blue: "#1b4f8a"
  foreground: "#1c1c1c"         # body text
  background: "#ffffff"         # the page
  primary: "#1b4f8a"            # headings, rules, the clinic name
  danger: "#a3161a"             # the "go to the emergency department" box
  warning: "#7a4d00"            # the "call us" box
  # `handouts check` fails if any text has less than WCAG AA contrast with these colours.

# typography:                   # font files only (TTF, OTF, WOFF, WOFF2), kept in the project
#   fonts:
#     - family: Source Sans 3
#       source: file
#       files:
#         - {{path: fonts/SourceSans3-Regular.ttf, weight: 400}}
#         - {{path: fonts/SourceSans3-Bold.ttf, weight: 700}}
#   base: {{family: Source Sans 3, size: 13pt}}   # handout body text: at least 12 pt
#   headings: Source Sans 3

# defaults:
#   handouts:                   # print-only settings brand.yml has no place for
#     masthead-logo: medium     # which logo size the handouts' masthead uses
#     cover-logo: large         # which logo size the booklet cover uses
#     colors:                   # pale box backgrounds (default: a tint of the colour) and more
#       primary-soft: "#e8f0fa"
#       danger-soft: "#fdeceb"
#       warning-soft: "#fff5dd"
#       muted: "#4a4a4a"        # subtitles, footers, notes
#       on-primary: "#ffffff"   # numbers of numbered steps, on the primary colour
"""

TEMPLATES_README = """\
# Your templates

Files here override the built-in templates of the same name; everything else comes from the
package, so upgrades still reach you. `handouts templates` lists what can be overridden and
the blocks each template has. Full guide: docs/templates.md.

- **Change one part**: create `handout.html.j2` here that extends the built-in one with a `!`
  and redefines a block. This one changes the wording of the masthead's contact lines:

  ```jinja
  {% extends "!handout.html.j2" %}
  {% block contact %}
  <div class="masthead-contact">
    <span class="contact-line">Questions, or need an interpreter?
      Call <strong class="phone">{{ clinic.phone }}</strong></span>
    <span class="contact-line">After hours: {{ clinic.after_hours_phone }}</span>
  </div>
  {% endblock %}
  ```

  `{{ super() }}` inside a block keeps the original and adds to it. Whatever you add takes
  room: a handout at its page limit is then tightened to fit, within the reading floors in
  docs/printing.md, or printed longer with a warning naming the section that crosses the limit.

- **Replace a whole file**: copy it from the package (for example `partials/logo.html.j2`)
  into this folder under the same name and edit it.
- **Add CSS**: create `clinic.css` here. It loads after the built-in CSS and can use and
  override the custom properties such as `--color-primary` and `--font-body`.

An error in a template is reported with its file name and line.
"""

CONTENT_README = """\
# Your content

By default this project prints the built-in procedures, booklet and glossary that come with
`handouts`, and new releases bring their corrections. Add files here only for what you change:

- **Add a procedure**: create `procedures/<id>.yaml` with a new id. It then appears in
  `handouts list`, in `handouts build` and as a chapter of the booklet.
- **Override a procedure**: create `procedures/<id>.yaml` with a built-in id (start from a
  copy of the built-in file). You can add your own sections to it. `handouts check` warns
  when the built-in version has moved on, so you can bring in its corrections.
- `booklet.yaml` and `glossary.yaml` here replace the built-in booklet settings and extend the
  glossary.

The file format is described in docs/content.md.
"""

GITIGNORE = "/output/\n/.handouts-cache/\n"


def project_files(name: str) -> dict[str, str]:
    values = {
        "name": _yaml_text(name),
        "logo_alt": _yaml_text(f"{name} logo"),
        "config": CONFIG_NAME,
    }
    files = {
        CONFIG_NAME: SETTINGS.format(**values),
        "_brand.yml": BRAND.format(**values),
        "templates/README.md": TEMPLATES_README,
        "content/README.md": CONTENT_README,
    }
    # The guides ship with the package (a wheel has no repository beside it): point at them.
    docs = docs_dir().as_posix() + "/"
    files = {rel: text.replace("docs/", docs) for rel, text in files.items()}
    return {**files, "content/procedures/.keep": "", ".gitignore": GITIGNORE}


def docs_dir() -> Path:
    """The guides (docs/*.md): packaged under handouts/_builtin/docs in a wheel."""
    return builtin_dir() / "docs"


def _yaml_text(text: str) -> str:
    """A clinic name as a YAML scalar that reads back as the same text, always: a name such
    as `yes`, `- x`, `null`, `12`, `St. Mary's` or `"Lakeside" Pain` would otherwise be read
    as something else or break the file. A JSON string is a valid YAML double-quoted one."""
    return json.dumps(text, ensure_ascii=False)


def create_project(folder: Path, name: str, copy_content: bool = False) -> list[Path]:
    """Write a new project; refuse if any of its files already exists. Returns what was made."""
    files = {rel: text.encode("utf-8") for rel, text in project_files(name).items()}
    if copy_content:
        builtin_content = builtin_dir() / "content"
        for path in sorted(builtin_content.rglob("*")):
            if path.is_file() and path.suffix in (".yaml", ".md") and path.name != "README.md":
                files[f"content/{path.relative_to(builtin_content).as_posix()}"] = path.read_bytes()
    existing = [rel for rel in files if (folder / rel).exists()]
    if existing:
        shown = ", ".join(existing[:4]) + (" ..." if len(existing) > 4 else "")
        raise HandoutsError(
            f"{folder} already holds a handouts project ({shown}); nothing was changed. "
            "Choose a new or empty folder"
        )
    written: list[Path] = []
    try:
        for rel, data in files.items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as handle:  # never replace a file that appeared meanwhile
                handle.write(data)
            written.append(target)
    except OSError as exc:
        for path in written:  # nothing half-made: take back what this run wrote
            path.unlink(missing_ok=True)
        raise HandoutsError(
            f"cannot create the project in {folder}: {exc.strerror or exc}"
        ) from None
    return written
