"""Handouts a batch need not lay out: made by the last build, or kept from an earlier batch.

A batch appends the same dozen handouts to every packet, in each language its rows print in.
Each edition is laid out once per batch (batch_pool.py); the ones that fit their page limit are
then kept in `<project>/.handouts-cache/handouts/` under the key a build gives the same edition
(incremental/keys.py: its HTML, stylesheets, files, options and tool versions), so the next
day's batch appends them as they are, as it appends a build's (`handouts build --lang es`
makes the Spanish ones). A kept file that does not open as a tagged PDF is made
again; a folder that cannot be written to only means no reuse.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from handouts.appointments.batch_pool import edition_of, handout_in
from handouts.render.large_print import large_print_edition

HANDOUT_STORE = "handouts"
MAX_KEPT_HANDOUTS = 96  # every edition of a few dozen procedures, in two languages
# A handout edition is (language, slug, large print), as batch_pool.edition_of names it.


class KeptHandouts:
    """The handout editions of one batch: found made, or kept when the batch made them."""

    def __init__(self, project, options):
        from handouts.incremental.plan import Keys

        self.project, self.options = project, options
        self.key_of = Keys(project, options)
        self.keys: dict[tuple[str, str, bool], str] = {}  # edition -> build key

    def find(self, handouts_from: Path | None, rows: dict) -> dict:
        """Handout editions the rows need that are already made and up to date: by the last
        build in `handouts_from` (its output folder) or by an earlier batch: edition -> file."""
        from handouts.incremental.plan import built_outputs

        docs = _editions(self.project, dict.fromkeys(edition_of(t) for t in rows.values()))
        self.keys.update({edition: self.key_of(doc) for edition, doc in docs.items()})
        made = {}
        if handouts_from is not None:
            found = built_outputs(handouts_from, docs, self.keys)
            made = {edition: str(path) for edition, path in found.items()}
        store = _store(self.project)
        for edition in docs:
            if edition not in made:
                kept = store.path(self.keys[edition])
                if kept is not None and _usable(kept):
                    made[edition] = str(kept)
        return made

    def keep(self, made: dict) -> None:
        """Keep the handouts this batch laid out (edition -> file) for the next."""
        missing = [edition for edition in made if edition not in self.keys]
        for edition, doc in _editions(self.project, missing).items():
            self.keys[edition] = self.key_of(doc)
        store = _store(self.project)
        for edition, path in made.items():
            with contextlib.suppress(OSError):
                store.put(self.keys[edition], Path(path).read_bytes())


def _editions(project, editions) -> dict:
    """Edition -> its document, rendered as a build renders it (so with the same key)."""
    from handouts.render.document import Renderer

    renderers: dict[str, Renderer] = {}
    docs = {}
    for language, slug, large in editions:
        handout = handout_in(project, language, slug)
        printed = handout.procedure.language
        if printed not in renderers:
            renderers[printed] = Renderer(project, language=printed)
        doc = renderers[printed].handout(handout)
        docs[(language, slug, large)] = large_print_edition(project, doc) if large else doc
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
