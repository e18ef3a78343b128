"""`handouts build`: all handouts and the booklet, validated and written atomically."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path

from handouts.built import BuildResult, BuiltFile
from handouts.diagnostics import HandoutsError, ProblemList
from handouts.locks import folder_lock
from handouts.output import atomic_write_all, remove_stale_temporaries
from handouts.pdf.fonts import undrawable_messages
from handouts.pdf.print_options import PrintOptions
from handouts.project.loader import Project
from handouts.render.document import HtmlDocument, Renderer
from handouts.render.references import check_references
from handouts.workers import default_jobs, worker_pool

HANDOUT_FOLDER = "handouts"
BOOKLET_NAME = "clinician-booklet.pdf"


def check_characters(documents: list[HtmlDocument], problems: ProblemList) -> None:
    for doc in documents:
        for message in undrawable_messages(doc.html):
            problems.error(doc.name, "", message)


def select_documents(
    project: Project,
    procedure_ids: list[str] | None,
    include_booklet: bool,
    languages: list[str] | None = None,
) -> list[HtmlDocument]:
    """Each language's handouts (English first), then the booklet, which is English only."""
    from handouts.i18n.select import handouts_in

    languages = languages or ["en"]
    docs = []
    for language in languages:
        renderer = Renderer(project, language=language)
        chosen = handouts_in(project, language, procedure_ids, every_language=len(languages) > 1)
        docs.extend(renderer.handout(h) for h in chosen)
    if include_booklet:
        docs.append(Renderer(project).booklet())
    return docs


SHORTEN = "Shorten the text or split the procedure into variants; never cut safety content"


def output_path(out_dir: Path, doc: HtmlDocument) -> Path:
    if doc.kind == "booklet":
        return out_dir / BOOKLET_NAME
    if doc.content_language != "en":  # output/handouts/es/<id>.pdf
        return out_dir / HANDOUT_FOLDER / doc.content_language / f"{doc.name}.pdf"
    return out_dir / HANDOUT_FOLDER / f"{doc.name}.pdf"


def _large_print(project: Project, doc: HtmlDocument, options: PrintOptions):
    """After each patient document, its large-print edition when asked for."""
    if not options.large_print or doc.kind == "booklet":
        return None
    from handouts.render.large_print import large_print_edition

    return large_print_edition(project, doc)


# Editions: each (project, document, options) -> another HtmlDocument to write, or None.
EDITIONS: list[Callable] = [_large_print]


def editions(project: Project, documents: list[HtmlDocument], options: PrintOptions):
    """Each file to write: each document, then the editions (EDITIONS) made of it."""
    for doc in documents:
        yield doc
        for edition in EDITIONS:
            extra = edition(project, doc, options)
            if extra is not None:
                yield extra


def _saddle_stitch(maker, doc: HtmlDocument, booklet_pdf: bytes, path: Path, options):
    from handouts.pdf.impose import impose_saddle_stitch
    from handouts.pdf.print_options import IMPOSED_SUFFIX, PRINT_ONLY_NOTE

    if options.impose != "saddle-stitch":
        return None
    imposed = impose_saddle_stitch(
        booklet_pdf, subject=f"{doc.subject}, imposed for saddle stitching; {PRINT_ONLY_NOTE}"
    )
    target = path.with_name(path.stem + IMPOSED_SUFFIX + path.suffix)
    pages = imposed.sheets * 2
    return BuiltFile(target, "booklet-imposed", pages, pages, None), imposed.data


def _print_shop(maker, doc: HtmlDocument, booklet_pdf: bytes, path: Path, options):
    from handouts.pdf.print_options import PRINT_ONLY_NOTE, PRINT_SHOP_CSS, PRINT_SHOP_SUFFIX

    if not options.crop_marks:
        return None
    shop_doc = replace(doc, subject=f"{doc.subject}, with bleed and crop marks; {PRINT_ONLY_NOTE}")
    document = maker.layout(shop_doc, [PRINT_SHOP_CSS], tagged=False)
    target = path.with_name(path.stem + PRINT_SHOP_SUFFIX + path.suffix)
    pages = len(document.pages)
    return BuiltFile(target, "booklet-print-shop", pages, pages, None), maker.write(
        document, tagged=False
    )


# The booklet's files for printers: each (maker, doc, booklet PDF, path, options) ->
# (BuiltFile, bytes), or None when the options do not ask for it.
PRINT_FILES: list[Callable] = [_saddle_stitch, _print_shop]


def booklet_print_files(maker, doc: HtmlDocument, booklet_pdf: bytes, path: Path, options):
    """The booklet's files for printers (PRINT_FILES): imposition, the print-shop file."""
    for make in PRINT_FILES:
        made = make(maker, doc, booklet_pdf, path, options)
        if made is not None:
            yield made


def build(project: Project, out_dir: Path, **kwargs) -> BuildResult:
    """The whole pipeline, check gate included (pipeline.build); its home in earlier releases."""
    from handouts.pipeline import build as run_pipeline

    return run_pipeline(project, out_dir, **kwargs)


def write_documents(
    project: Project,
    out_dir: Path,
    documents: list[HtmlDocument],
    *,
    output_file: Path | None = None,
    progress: Callable[[str], None] | None = None,
    options: PrintOptions | None = None,
    jobs: int | None = None,
    plan=None,
    strict: bool = False,
    checked: bool = False,
) -> BuildResult:
    """Lay out the rendered documents (and their editions and print files), check each fits
    its page limit, and only then write them all.

    Nothing is written unless every document lays out and fits its page limit, so a failed
    build leaves the previous outputs as they were. `checked` says the check gate has already
    looked at the characters and references. `jobs` worker processes lay documents out side
    by side when there is enough work to repay starting them (see _worth_workers).
    With a `plan` (incremental.plan.plan_build, made of the same documents and options)
    only its stale editions are laid out and written; the others are kept as they are.
    `strict` makes a handout that does not fit its page limit even tightened an error.
    """
    options = options or PrintOptions()
    include_booklet = any(doc.kind == "booklet" for doc in documents)
    if plan is None:
        tasks = [
            (doc, output_file or output_path(out_dir, doc))
            for doc in editions(project, documents, options)
        ]
    else:
        tasks = plan.tasks()
    makes_several = options.large_print or (include_booklet and options.extra_booklet_files)
    if output_file is not None and (len(documents) != 1 or makes_several):
        raise HandoutsError("-o/--output names one file, but this run makes several; use --out DIR")
    problems = ProblemList()
    if not checked:
        to_make = [d for d in documents if any(doc.html is d.html for doc, _ in tasks)]
        check_characters(to_make, problems)
        check_references(to_make, project, problems)
        problems.raise_if_errors()

    result = BuildResult()
    if plan is not None:
        reuse_unchanged(plan, result)
    if not tasks:
        if plan is not None:  # the record is shared with any other run into the folder
            with folder_lock(out_dir, "build"):
                plan.finish([])
        return result
    jobs = min(jobs or default_jobs(), len(tasks))
    reuse = plan is None or not plan.forced  # --force lays out every booklet chapter again
    if jobs > 1 and _worth_workers([doc for doc, _ in tasks]):
        outcomes = _in_workers(project, options, tasks, jobs, progress, reuse)
    else:
        outcomes = _in_this_process(project, options, tasks, progress, reuse)

    pending = collect(tasks, outcomes, strict, result, problems)
    problems.raise_if_errors()

    # Every file of the run replaced, or none (a full disk half-way leaves the old set); one
    # run at a time writes into a folder.
    files = [(built.path, data) for built, data in pending]
    if output_file is not None:  # one file the user named: no lock file beside it
        atomic_write_all(files)
    else:
        with folder_lock(out_dir, "build"):
            remove_stale_temporaries(out_dir)
            atomic_write_all(files)
            if plan is not None:  # what made each file, for the next run (incremental/)
                made = zip(tasks, outcomes, strict=True)
                plan.finish([(path, o.files, o.warnings, o.notes) for (_, path), o in made])
    result.files.extend(built for built, _ in pending)
    return result


def collect(tasks, outcomes, strict: bool, result: BuildResult, problems: ProblemList) -> list:
    """The files to write, with each outcome's warnings, notes and problems recorded."""
    pending: list[tuple[BuiltFile, bytes]] = []
    for (doc, _), outcome in zip(tasks, outcomes, strict=True):
        if outcome.overflow and strict:
            problems.error(doc.name, "", f"{outcome.overflow}. {SHORTEN}")
        elif outcome.overflow:
            outcome.warnings.append(
                f"{doc.name}: {outcome.overflow}. Written at its natural length; {SHORTEN.lower()}"
            )
        result.warnings.extend(outcome.warnings)
        result.notes.extend(outcome.notes)
        if outcome.problem:
            problems.error(doc.name, "", outcome.problem)
        pending.extend(outcome.files)
    return pending


def reuse_unchanged(plan, result: BuildResult) -> None:
    """Up-to-date outputs count in the result as they were recorded, warnings included."""
    for edition in plan.unchanged:
        result.count_unchanged(plan.state.out_dir, edition.record)


@dataclass
class Outcome:
    """What laying out one document gave: its files, or why it may not be printed."""

    files: list[tuple[BuiltFile, bytes]] = field(default_factory=list)
    problem: str | None = None
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    overflow: str | None = None  # over its page limit even tightened (a warning, or --strict)


def make_edition(
    maker, doc: HtmlDocument, path: Path, options: PrintOptions, reuse: bool = True
) -> Outcome:
    """Lay out and write one document (and the booklet's print files). Raises HandoutsError.

    A handout over its limit is tightened to fit (fitting.py); figures that would still break
    its page limit are left out (figure_fit.py, with a warning); a handout still over its
    limit is written at its natural length with `overflow` saying why. The booklet is made a
    chapter at a time, reusing the chapters kept from earlier builds unless `reuse` is False
    (pdf/booklet_parts.py)."""
    from handouts.figure_fit import fit_handout

    warnings_before = len(maker.warnings)
    if doc.kind == "booklet":
        made = _booklet_by_parts(maker, doc, path, options, reuse)
        if made is not None:
            made.warnings = list(dict.fromkeys(maker.warnings[warnings_before:]))
            return made
    doc, fitted, left_out = fit_handout(maker, doc)
    maker.warnings.extend(left_out)
    document = fitted.document
    data = maker.write(document)
    built = BuiltFile(
        path, doc.kind, len(document.pages), fitted.trial.content_pages, doc.page_limit
    )
    files = [(built, data)]
    if doc.kind == "booklet" and options.extra_booklet_files:
        files.extend(booklet_print_files(maker, doc, data, path, options))
    warnings = list(dict.fromkeys(maker.warnings[warnings_before:]))  # one per tried layout
    note = fitted.note(doc)
    return Outcome(files, None, warnings, [note] if note else [], fitted.overflow(doc))


def _booklet_by_parts(maker, doc, path: Path, options: PrintOptions, reuse: bool):
    from handouts.pdf.booklet_parts import make_booklet

    made = make_booklet(maker, doc, reuse=reuse)
    if made is None:
        return None
    files = [(BuiltFile(path, doc.kind, made.pages, made.pages, None), made.data)]
    if options.extra_booklet_files:
        files.extend(booklet_print_files(maker, doc, made.data, path, options))
    notes = []
    if made.reused:
        count = len(made.reused) + len(made.laid_out)
        laid_out = ", ".join(made.laid_out) or "none"
        notes.append(
            f"{doc.name}: {len(made.reused)} of {count} parts kept from an earlier build; "
            f"laid out: {laid_out}"
        )
    return Outcome(files, notes=notes)


def _in_this_process(project, options, tasks, progress, reuse: bool = True) -> list[Outcome]:
    from handouts.pdf.writer import PdfMaker  # WeasyPrint is slow to import

    maker = PdfMaker(project, paper=options.paper, archive=options.archive)
    outcomes = []
    for doc, path in tasks:
        outcomes.append(make_edition(maker, doc, path, options, reuse))
        if progress:
            progress(doc.name)
    return outcomes


# Starting a worker (importing WeasyPrint, loading fonts) takes about 1.5 s and a handout about
# 0.6 s, so workers pay off for the booklet (about 8 s) or for several handouts.
MIN_HANDOUTS_FOR_WORKERS = 6


def _worth_workers(documents: list[HtmlDocument]) -> bool:
    has_booklet = any(doc.kind == "booklet" for doc in documents)
    return has_booklet or len(documents) >= MIN_HANDOUTS_FOR_WORKERS


_worker: dict = {}


def _start_worker(project: Project, options: PrintOptions, answers) -> None:
    from handouts.pdf import trials
    from handouts.pdf.writer import PdfMaker

    trials.learn(answers)  # the parent's trial layouts (pdf/trials.py)
    _worker["maker"] = PdfMaker(project, paper=options.paper, archive=options.archive)
    _worker["options"] = options


def _make_in_worker(doc: HtmlDocument, path: Path, reuse: bool):
    """(Outcome, the trial layouts it learnt), or the error's message (exceptions do not
    always survive pickling)."""
    from handouts.pdf import trials

    try:
        made = make_edition(_worker["maker"], doc, path, _worker["options"], reuse)
        return made, trials.take_learnt()
    except HandoutsError as exc:
        return exc.message


def _in_workers(project, options, tasks, jobs, progress, reuse: bool) -> list[Outcome]:
    # The booklet first: it is the longest, so the others fill the remaining workers.
    order = sorted(range(len(tasks)), key=lambda i: tasks[i][0].kind != "booklet")
    outcomes: list[Outcome | None] = [None] * len(tasks)
    from handouts.pdf import trials

    with worker_pool(jobs, _start_worker, project, options, trials.known()) as pool:
        futures = {pool.submit(_make_in_worker, *tasks[i], reuse): i for i in order}
        for future in as_completed(futures):
            index = futures[future]
            result = future.result()
            if isinstance(result, str):
                for other in futures:
                    other.cancel()
                raise HandoutsError(result)
            outcome, answers = result
            trials.learn(answers)  # so the next build in this process (the web app) is quick
            if progress:
                progress(tasks[index][0].name)
            outcomes[index] = outcome
    return outcomes
