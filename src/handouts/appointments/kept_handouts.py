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


class KeptHandouts:
    """The handout editions of one batch: found made, or kept when the batch made them."""

    def __init__(self, project, options):
        from handouts.incremental.plan import Keys

        self.project, self.options = project, options
        self.key_of = Keys(project, options)
        self.keys: dict[tuple[str, bool], str] = {}  # (id, large print) -> build key

    def find(self, handouts_from: Path | None, rows: dict) -> dict:
        """Handout editions the rows need that are already made and up to date: by the last
        build in `handouts_from` (its output folder) or by an earlier batch. (id, large
        print) -> file."""
        from handouts.incremental.plan import built_outputs

        docs = _editions(self.project, dict.fromkeys(edition_of(t) for t in rows.values()))
        self.keys.update({edition: self.key_of(doc) for edition, doc in docs.items()})
        by_name = {doc.name: self.keys[edition] for edition, doc in docs.items()}
        found = {}
        if handouts_from is not None:
            found = built_outputs(
                self.project,
                handouts_from,
                list(docs.values()),
                self.options,
                lambda doc: by_name[doc.name],
            )
        made = {key: str(found[doc.name]) for key, doc in docs.items() if doc.name in found}
        store = _store(self.project)
        for edition in docs:
            if edition not in made:
                kept = store.path(self.keys[edition])
                if kept is not None and _usable(kept):
                    made[edition] = str(kept)
        return made

    def keep(self, made: dict) -> None:
        """Keep the handouts this batch laid out ((id, large print) -> file) for the next."""
        missing = [edition for edition in made if edition not in self.keys]
        for edition, doc in _editions(self.project, missing).items():
            self.keys[edition] = self.key_of(doc)
        store = _store(self.project)
        for edition, path in made.items():
            with contextlib.suppress(OSError):
                store.put(self.keys[edition], Path(path).read_bytes())


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
