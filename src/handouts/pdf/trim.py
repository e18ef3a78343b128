"""Take the last pages off a tagged PDF, with everything that points at them.

A booklet part is laid out with placeholder pages at its end (booklet_split.py); they are
cut off here before the part is stored and joined: the pages, the structure elements that
mark content on them, their ParentTree entries, and the named destinations that lead to them
or that name a placeholder.
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary

from handouts.pdf.join import _as_list, _document_element, _number_tree_pairs, _tree_pairs
from handouts.pdf.saving import saved_bytes


def keep_first_pages(data: bytes, keep: int, placeholders: set[str]) -> bytes:
    """`data` with only its first `keep` pages, and no destination named in `placeholders`."""
    pdf = pikepdf.open(io.BytesIO(data))
    cut = list(pdf.pages[keep:])
    dropped = {page.objgen for page in cut}
    parents = set()
    for page in cut:
        if "/StructParents" in page.obj:
            parents.add(int(page.obj.StructParents))
        for annotation in page.obj.get("/Annots", ()):
            if "/StructParent" in annotation:
                parents.add(int(annotation.StructParent))
    del pdf.pages[keep:]
    tree = pdf.Root.StructTreeRoot
    _prune(_document_element(tree), dropped)
    if "/ParentTree" in tree:
        pairs = [(k, v) for k, v in _number_tree_pairs(tree.ParentTree) if k not in parents]
        tree.ParentTree = Dictionary(Nums=Array([x for pair in pairs for x in pair]))
    _prune_destinations(pdf, dropped, placeholders)
    return saved_bytes(pdf)


def _on_dropped_page(kid, dropped: set) -> bool:
    return isinstance(kid, Dictionary) and "/Pg" in kid and kid.Pg.objgen in dropped


def _prune(element: pikepdf.Object, dropped: set) -> None:
    """Remove from `element`'s subtree every element or content reference on a dropped page."""
    if "/K" not in element:
        return
    kids = [kid for kid in _as_list(element.K) if not _on_dropped_page(kid, dropped)]
    for kid in kids:
        if isinstance(kid, Dictionary) and "/S" in kid:
            _prune(kid, dropped)
    element.K = Array(kids)


def _prune_destinations(pdf: pikepdf.Pdf, dropped: set, placeholders: set[str]) -> None:
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return
    kept = []
    for key, value in _tree_pairs(names.Dests, "/Names"):
        target = value[0] if isinstance(value, Array) else value.D[0]
        if str(key) in placeholders or target.objgen in dropped:
            continue
        kept.append((key, value))
    names.Dests = Dictionary(Names=Array([x for pair in kept for x in pair]))
