"""Handouts a batch need not lay out: made by the last build, or kept from an earlier batch.

A batch appends the same dozen handouts to every packet. Each is laid out once per batch
(batch_pool.py); the ones that fit their page limit are then kept in
`<project>/.handouts-cache/handouts/` under the key a build gives the same edition
(incremental/keys.py: its HTML, stylesheets, files, options and tool versions), so the next
day's batch appends them as they are. A kept file that does not open as a tagged PDF is made
again; a folder that cannot be written to only means no reuse.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from handouts.appointments.batch_pool import edition_of
from handouts.render.large_print import large_print_edition

HANDOUT_STORE = "handouts"
MAX_KEPT_HANDOUTS = 96  # every edition of a few dozen procedures, in two languages


def built_handouts(project, handouts_from: Path | None, rows: dict, options) -> dict:
    """Handout editions the rows need that are already made and up to date: by the last
    build in `handouts_from` (its output folder) or by an earlier batch. (id, large print)
    -> file."""
    from handouts.incremental.plan import Keys, built_outputs

    docs = _editions(project, dict.fromkeys(edition_of(task) for task in rows.values()))
    found = {}
    if handouts_from is not None:
        found = built_outputs(project, handouts_from, list(docs.values()), options)
    made = {key: str(found[doc.name]) for key, doc in docs.items() if doc.name in found}
    store, key_of = _store(project), Keys(project, options)
    for edition, doc in docs.items():
        if edition not in made:
            kept = store.path(key_of(doc))
            if kept is not None and _usable(kept):
                made[edition] = str(kept)
    return made


def keep_made_handouts(project, made: dict, options) -> None:
    """Keep the handouts this batch laid out ((id, large print) -> file) for the next one."""
    if not made:
        return
    from handouts.incremental.plan import Keys

    store, key_of = _store(project), Keys(project, options)
    for edition, doc in _editions(project, list(made)).items():
        with contextlib.suppress(OSError):
            store.put(key_of(doc), Path(made[edition]).read_bytes())


def _editions(project, editions) -> dict:
    """(id, large print) -> the English handout edition's document."""
    from handouts.appointments.appointment import resolve_handout
    from handouts.render.document import Renderer

    renderer = Renderer(project)
    docs = {}
    for slug, large in editions:
        doc = renderer.handout(resolve_handout(project, slug))
        docs[(slug, large)] = large_print_edition(project, doc) if large else doc
    return docs


def _store(project):
    from handouts.pdf.part_store import PdfStore

    return PdfStore(project.root, HANDOUT_STORE, max_kept=MAX_KEPT_HANDOUTS)


def _usable(path: Path) -> bool:
    """A kept handout that opens as a tagged PDF with pages."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            return len(pdf.pages) > 0 and "/StructTreeRoot" in pdf.Root
    except (pikepdf.PdfError, OSError, ValueError):
        return False
