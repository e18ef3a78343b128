"""Procedure ids as every command takes them: the ids `handouts list` prints.

A procedure has a base id (`nerve-block`) and, when it has variants, one id per variant
(`nerve-block-occipital`), which is also the handout's output name. Where several documents
are wanted (`handout`, `check`) a base id means all its variants; where exactly one is needed
(a packet, a schedule row) a base id with variants is refused with the list of its variants.
An unknown id gets "did you mean ..." with the closest known ids.
"""

from __future__ import annotations

import difflib

from handouts.diagnostics import UsageError
from handouts.project.content import Handout, Procedure


def listed_ids(procedures: dict[str, Procedure]) -> list[str]:
    """Every id `handouts list` prints, in its order: each base id, then its variants'."""
    ids: list[str] = []
    for procedure in procedures.values():
        ids.append(procedure.id)
        ids.extend(h.slug for h in procedure.handouts() if h.variant is not None)
    return ids


def _handouts_by_id(procedures: dict[str, Procedure]) -> dict[str, Handout]:
    return {h.slug: h for p in procedures.values() for h in p.handouts()}


def suggestion(procedures: dict[str, Procedure], ident: str) -> str:
    """` (did you mean 'x'?)`, ` (did you mean 'x' or 'y'?)`, or '' when nothing is close."""
    close = difflib.get_close_matches(ident, listed_ids(procedures), n=2, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(f"'{c}'" for c in close) + "?)"


def unknown_id_message(procedures: dict[str, Procedure], ident: str, shown: str | None = None):
    """The message for an id that names no procedure. `shown` replaces the id when it may be
    personal (a schedule row whose columns slipped): the suggestions are known ids, never data."""
    text = f"'{ident}'" if shown is None else shown
    hint = suggestion(procedures, ident)
    if hint:
        return f"unknown procedure {text}{hint}; see 'handouts list'"
    return f"unknown procedure {text}; known: {', '.join(listed_ids(procedures))}"


def variants_message(procedure: Procedure, shown: str | None = None) -> str:
    text = f"'{procedure.id}'" if shown is None else shown
    slugs = ", ".join(h.slug for h in procedure.handouts())
    return f"procedure {text} has variants; use one of: {slugs}"


def handouts_for(procedures: dict[str, Procedure], ident: str) -> list[Handout]:
    """The handouts an id means: a variant's one, or every handout of a base id.
    Raises UsageError (exit code 2) for an unknown id."""
    if ident in procedures:
        return procedures[ident].handouts()
    handout = _handouts_by_id(procedures).get(ident)
    if handout is None:
        raise UsageError(unknown_id_message(procedures, ident))
    return [handout]


def select_handouts(procedures: dict[str, Procedure], ids: list[str]) -> list[Handout]:
    """The handouts several ids mean, each once, in the order given."""
    chosen: dict[str, Handout] = {}
    for ident in ids:
        for handout in handouts_for(procedures, ident):
            chosen.setdefault(handout.slug, handout)
    return list(chosen.values())


def one_handout(procedures: dict[str, Procedure], ident: str, shown: str | None = None) -> Handout:
    """The one handout an id names, for a packet or a schedule row. Raises ValueError with a
    message naming the variants to choose from, or the closest known ids."""
    handouts = _handouts_by_id(procedures)
    if ident in handouts:
        return handouts[ident]
    if ident in procedures:
        raise ValueError(variants_message(procedures[ident], shown))
    raise ValueError(unknown_id_message(procedures, ident, shown))
