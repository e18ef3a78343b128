"""The `handouts` command line: a thin layer over the library.

Commands are imported only when run, so `handouts --help` answers without importing
WeasyPrint. Each command lives in `handouts/cli/<name>.py` and exposes `command`.
"""

from __future__ import annotations

import importlib

import click

from handouts import __version__

COMMANDS = {
    "build": "Build every patient handout and the clinician booklet.",
    "handout": "Build the patient handouts for some procedures.",
    "booklet": "Build the clinician reference booklet.",
    "batch": "Build personalised appointment packets for a whole schedule (CSV, Excel, HL7, FHIR).",
    "clean": "Remove personal outputs (appointment packets) older than an age.",
    "list": "List the procedures: ids, titles, variants and review status.",
    "check": "Validate content, settings and templates without making PDFs.",
    "init": "Create a clinic project: settings, brand, and folders for overrides.",
    "templates": "List the templates and blocks a clinic can override.",
    "customize": "Copy a built-in procedure (or template) into the project to edit it.",
    "serve": "Serve the web app: library, one patient, a whole day, live preview.",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return list(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        module = importlib.import_module(f"handouts.cli.{name.replace('-', '_')}")
        return module.command

    def format_commands(self, ctx, formatter):
        rows = [(name, help_text) for name, help_text in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


EPILOG = """\b
Examples:
  handouts build                      all handouts and the booklet into output/
  handouts handout nerve-block        its handouts (one per variant) into output/handouts/
  handouts batch tomorrow.csv         appointment packets into output/appointments/
  handouts check --strict             validate everything; warnings fail too
  handouts list                       what procedures there are
  handouts init my-clinic             start a clinic's own project
  handouts customize nerve-block      copy a built-in procedure into the project to edit it
  handouts clean --older-than 7d      remove packets older than a week
  handouts serve --open               the web app for the front desk and the preview
\b
Exit codes: 0 success; 1 content, settings, template, render or write error,
or a failed check; 2 usage error (unknown option or procedure, no project).
"""


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EPILOG,
)
@click.version_option(__version__, "-V", "--version", prog_name="handouts")
def cli():
    """Print patient handouts and a clinician booklet about interventional pain
    procedures, from YAML content and Jinja2 templates.

    Commands find handouts.yaml in the current folder or its parents, or use
    --project DIR (or the HANDOUTS_PROJECT environment variable).
    """


def main(args=None, prog_name=None):
    cli.main(args=args, prog_name=prog_name or "handouts")
