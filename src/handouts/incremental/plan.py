"""Which outputs a build must make, and which it can keep, decided before WeasyPrint is imported.

`plan_build` renders the selected documents to HTML (Jinja only, about 0.1 s for the sample
clinic), takes each edition's key (keys.py) and compares it with the folder's record
(state.py). `pipeline.build` then lays out only the stale editions and calls `finish`,
which records what was written. The booklet is one output: when any of its inputs changes it
is laid out whole again (see docs/architecture.md, "Incremental builds").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handouts.incremental.keys import FileDigests, document_key
from handouts.incremental.state import BuildState, OutputRecord, WrittenFile, file_sha256
from handouts.pdf.fonts import font_face_css, font_folder
from handouts.pdf.print_options import PrintOptions
from handouts.project.loader import Project
from handouts.render.document import HtmlDocument


@dataclass
class Edition:
    doc: HtmlDocument
    path: Path
    key: str
    record: OutputRecord | None  # the up-to-date record, or None when it must be made


@dataclass
class BuildPlan:
    documents: list[HtmlDocument]  # the selected documents (without large-print editions)
    editions: list[Edition]
    state: BuildState
    forced: bool = False
    followed: dict[str, str] = field(default_factory=dict)  # each file the keys read: sha256

    @property
    def stale(self) -> list[Edition]:
        return [e for e in self.editions if e.record is None]

    @property
    def unchanged(self) -> list[Edition]:
        return [e for e in self.editions if e.record is not None]

    def tasks(self) -> list[tuple[HtmlDocument, Path]]:
        """(document, path) of each edition to lay out, in build order."""
        return [(e.doc, e.path) for e in self.stale]

    def finish(self, made: list[tuple[Path, list, list[str], list[str]]]) -> None:
        """Record each made edition: (path, [(BuiltFile, bytes)], warnings, notes); then save."""
        keys = {e.path: e.key for e in self.editions}
        content = {e.path: e.doc.content for e in self.editions}
        for path, files, warnings, notes in made:
            written = []
            for built, _data in files:
                name = self.state.relative(built.path)
                if name is None:
                    break
                written.append(
                    WrittenFile(
                        name,
                        built.kind,
                        built.pages,
                        built.content_pages,
                        built.page_limit,
                        file_sha256(built.path) or "",
                    )
                )
            else:
                record = OutputRecord(keys[path], written, warnings, notes, content[path])
                self.state.remember(path, record)
                continue
            self.state.forget(path)
        self.state.save()


def plan_build(
    project: Project,
    out_dir: Path,
    *,
    procedure_ids: list[str] | None = None,
    include_booklet: bool = True,
    options: PrintOptions | None = None,
    force: bool = False,
    documents: list[HtmlDocument] | None = None,
) -> BuildPlan:
    """Render (unless `documents` are given, already rendered), key and compare every
    edition the build would make (no WeasyPrint)."""
    from handouts.build import editions, output_path, select_documents

    options = options or PrintOptions()
    if documents is None:
        documents = select_documents(project, procedure_ids, include_booklet)
    state = BuildState(out_dir)
    key_of = Keys(project, options)
    planned = []
    for doc in editions(project, documents, options):
        path = output_path(out_dir, doc)
        key = key_of(doc)
        record = None if force else state.fresh(path, key)
        planned.append(Edition(doc, path, key, record))
    return BuildPlan(documents, planned, state, forced=force, followed=key_of.followed)


class Keys:
    """The key of each document of one project printed with one set of options."""

    def __init__(self, project: Project, options: PrintOptions):
        self.common = {
            "root": project.root,
            "clinic_name": project.settings.clinic.name,
            "paper": options.paper or project.settings.print.paper,
            "options": options,
            "digests": FileDigests(),
            "font_css": font_face_css(),
            "font_base": font_folder(),
        }
        self.followed: dict[str, str] = {}  # every file a key read (path -> sha256)

    def __call__(self, doc: HtmlDocument) -> str:
        return document_key(doc, **self.common, followed=self.followed)


def built_outputs(out_dir: Path, docs: dict, keys: dict) -> dict:
    """Which of `docs` (any name -> document, each with its key in `keys`) the last build
    made in `out_dir` and are still up to date: name -> its file. (Appointment packets
    append a handout the last build made instead of making it again.)"""
    from handouts.build import output_path

    state = BuildState(out_dir)
    found = {}
    for name, doc in docs.items():
        path = output_path(out_dir, doc)
        if state.fresh(path, keys[name]):
            found[name] = path
    return found
