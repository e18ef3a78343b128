"""A project: settings, content and templates, loaded and validated as one unit.

The library API follows the pipeline load project -> validate -> render HTML -> write PDF;
this module is the first two steps. Nothing here imports WeasyPrint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handouts.brand.brandfile import Brand, load_brand
from handouts.brand.theme_section import ThemeSettings
from handouts.diagnostics import Problem, ProblemList, UsageError
from handouts.i18n.languages import ENGLISH
from handouts.project.content import (
    Booklet,
    GlossaryEntry,
    Procedure,
    load_booklet,
    load_glossary,
    load_procedure,
)
from handouts.project.devices import DeviceSettings
from handouts.project.finder import builtin_dir
from handouts.project.settings import Clinic, Settings, find_project, read_settings
from handouts.project.yamlfile import YamlFiles


@dataclass
class Project:
    root: Path
    settings: Settings
    procedures: dict[str, Procedure]
    booklet: Booklet
    glossary: dict[str, GlossaryEntry]
    problems: list[Problem] = field(default_factory=list)  # warnings and notes found on load
    brand: Brand = field(default_factory=Brand)  # the look, from _brand.yml (brand.py)
    files: YamlFiles = field(default_factory=YamlFiles, repr=False)  # each parsed once
    # Translated patient content by base language ("es"): procedures and glossaries
    # (translations.py). English is `procedures` and `glossary`.
    translations: dict[str, dict[str, Procedure]] = field(default_factory=dict)
    glossaries: dict[str, dict[str, GlossaryEntry]] = field(default_factory=dict)

    @property
    def languages(self) -> list[str]:
        """Every language the project has handouts in, English first."""
        return ["en", *sorted(lang for lang, found in self.translations.items() if found)]

    def procedures_in(self, language: str) -> dict[str, Procedure]:
        """The procedures translated into a language (all of them for English)."""
        if language == "en":
            return self.procedures
        return self.translations.get(language, {})

    def glossary_in(self, language: str) -> dict[str, GlossaryEntry]:
        return self.glossary if language == "en" else self.glossaries.get(language, {})

    @property
    def template_dirs(self) -> list[Path]:
        """Search path for templates: the clinic's own folder first, then the built-in theme."""
        dirs = [self.root / "templates", builtin_dir() / "templates"]
        unique = []
        for folder in dirs:
            if folder.is_dir() and folder.resolve() not in [d.resolve() for d in unique]:
                unique.append(folder)
        return unique

    def procedure(self, ident: str) -> Procedure:
        if ident not in self.procedures:
            from handouts.procedure_ids import unknown_id_message

            raise UsageError(unknown_id_message(self.procedures, ident))
        return self.procedures[ident]

    def chapters(self) -> list[Procedure]:
        """Booklet chapter order: the booklet's list, then procedures the clinic added."""
        ordered = [self.procedures[i] for i in self.booklet.chapters if i in self.procedures]
        extra = sorted(
            (p for p in self.procedures.values() if p.id not in self.booklet.chapters),
            key=lambda p: p.id,
        )
        return ordered + extra


def content_dirs(root: Path) -> list[tuple[Path, bool]]:
    """(folder, is_builtin) pairs, built-in first so that the project's files win."""
    builtin = builtin_dir() / "content"
    dirs = [(builtin, True)]
    own = root / "content"
    if own.is_dir() and own.resolve() != builtin.resolve():
        dirs.append((own, False))
    return dirs


def load_project(root: Path | str | None = None) -> Project:
    """Load and validate a whole project; raise ContentError listing every problem of every
    file (a mistake in handouts.yaml does not hide those in _brand.yml or the content)."""
    root = find_project(root)
    problems = ProblemList()
    files = YamlFiles(root)
    read = read_settings(root, problems, files)
    settings = read.settings
    # Wrong clinic details still let the content be checked, with blank placeholder values.
    clinic = settings.clinic if settings else read.sections.get("clinic", Clinic("", "", ""))
    placeholders = clinic.placeholders()
    # Which device wording prints (`when:` in content): the clinic's, or the defaults.
    conditions = read.sections.get("devices", DeviceSettings()).conditions()
    language = settings.print.language if settings else ENGLISH
    brand = load_brand(root, problems, read.sections.get("theme", ThemeSettings()), files, language)

    procedures: dict[str, Procedure] = {}
    booklet: Booklet | None = None
    glossary: dict[str, GlossaryEntry] = {}
    for folder, is_builtin in content_dirs(root):
        for path in sorted((folder / "procedures").glob("*.yaml")):
            if not is_builtin and not _inside_project(path, root, problems):
                continue
            procedure = load_procedure(path, problems, placeholders, root, files, conditions)
            if procedure is not None:
                procedure.builtin = is_builtin
                procedures[procedure.id] = procedure
        path = folder / "booklet.yaml"
        if _present(path) and (is_builtin or _inside_project(path, root, problems)):
            booklet = load_booklet(path, problems, placeholders, root, files) or booklet
        path = folder / "glossary.yaml"
        if _present(path) and (is_builtin or _inside_project(path, root, problems)):
            glossary.update(load_glossary(path, problems, placeholders, root, files))

    translations, glossaries = _load_translations(
        root, procedures, problems, placeholders, conditions
    )

    if booklet is not None:
        for ident in booklet.chapters:
            if ident not in procedures:
                problems.error(booklet.source, "chapters", f"no procedure with id '{ident}'")
    elif not problems.errors:
        problems.error("content/booklet.yaml", "", "the booklet file is missing")
    for procedure in procedures.values():
        for term in procedure.terms:
            if term not in glossary:
                problems.error(
                    procedure.source,
                    "patient",
                    f"glossary term '[[{term}]]' has no definition in content/glossary.yaml",
                )
    problems.raise_if_errors()
    return Project(
        root,
        settings,
        procedures,
        booklet,
        glossary,
        list(problems),
        brand,
        files,
        translations,
        glossaries,
    )


def _load_translations(root, english, problems, placeholders, conditions=None):
    """content/<lang>/ trees, built-in first so the project's files win by id."""
    from handouts.project.translations import (
        language_folders,
        load_translated_glossary,
        load_translated_procedure,
    )

    translations: dict[str, dict[str, Procedure]] = {}
    glossaries: dict[str, dict[str, GlossaryEntry]] = {}
    dirs = list(content_dirs(root))
    # A built-in translation the project replaces is not read: it translates the built-in
    # English, which the project may have changed (a diary's rows, a help level).
    replaced = {
        (language, path.name)
        for folder, is_builtin in dirs
        if not is_builtin
        for language, tree in language_folders(folder)
        for path in (tree / "procedures").glob("*.yaml")
    }
    for folder, is_builtin in dirs:
        for language, tree in language_folders(folder):
            found = translations.setdefault(language, {})
            terms = glossaries.setdefault(language, {})
            for path in sorted((tree / "procedures").glob("*.yaml")):
                if is_builtin and (language, path.name) in replaced:
                    continue
                if not is_builtin and not _inside_project(path, root, problems):
                    continue
                procedure = load_translated_procedure(
                    path, language, english, problems, placeholders, root, conditions
                )
                if procedure is not None:
                    procedure.builtin = is_builtin
                    found[procedure.id] = procedure
            path = tree / "glossary.yaml"
            if path.is_file() and (is_builtin or _inside_project(path, root, problems)):
                terms.update(load_translated_glossary(path, language, problems, placeholders, root))
    for language, found in translations.items():
        for procedure in found.values():
            for term in procedure.terms:
                if term not in glossaries[language]:
                    problems.error(
                        procedure.source,
                        "patient",
                        f"glossary term '[[...|{term}]]' has no definition in "
                        f"content/{language}/glossary.yaml",
                    )
    return translations, glossaries


def _present(path: Path) -> bool:
    """There, as a file or not: a glossary.yaml that is a folder is an error (load_yaml says
    so), never silently skipped."""
    return path.exists() or path.is_symlink()


def _inside_project(path: Path, root: Path, problems: ProblemList) -> bool:
    """A content file that leads outside the project (through a symlink) is not read."""
    target = path.resolve()
    if target.is_relative_to(root.resolve()):
        return True
    shown = path.relative_to(root) if path.is_relative_to(root) else path
    problems.error(
        str(shown), "", f"is a symbolic link to {target}, outside the project; copy the file in"
    )
    return False
