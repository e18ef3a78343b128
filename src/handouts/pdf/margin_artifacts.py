"""Mark page furniture (running titles, version lines, page numbers) as artifacts.

WeasyPrint 70 gives the text of page margin boxes marked-content ids and structure elements,
then leaves those elements out of the structure tree (its pdf/tags.py: "could be included in
tree as Artifact, but that's only allowed in PDF 2.0"). Such text is neither real content nor
an artifact, which PDF/UA-1 does not allow (ISO 14289-1, 7.1): assistive technology may read
"Page 1 of 2" in the middle of a sentence, or skip it unpredictably. PDF 1.7's way is an
/Artifact marked-content sequence in the page's content stream, so this finisher turns each
such sequence into `/Artifact <</Type /Pagination>> BDC`, takes it out of the ParentTree, and
empties the unlinked elements.

Runs within WeasyPrint's `finisher` on the pydyf objects just before the file is written.
"""

from __future__ import annotations

import pydyf

PAGINATION = pydyf.Dictionary({"Type": "/Pagination"})


def mark_furniture_as_artifacts(document, pdf) -> None:
    objects = pdf.objects

    def resolve(value):
        if isinstance(value, bytes) and value.endswith(b" R"):
            return objects[int(value.split()[0])]
        return value

    if "StructTreeRoot" not in pdf.catalog:
        return
    root = resolve(pdf.catalog["StructTreeRoot"])
    linked = _linked_elements(root, resolve)
    nums = resolve(root["ParentTree"])["Nums"]
    pages = {resolve(ref)["StructParents"]: resolve(ref) for ref in pdf.page_references}
    for key, owners in zip(nums[0::2], nums[1::2], strict=True):
        if not isinstance(owners, pydyf.Array) or key not in pages:
            continue  # an annotation's entry, not a page's
        kept = [mcid for mcid, ref in enumerate(owners) if id(resolve(ref)) in linked]
        if len(kept) == len(owners):
            continue
        # Marked-content ids index the page's ParentTree array, which readers such as
        # pdfplumber expect to be dense: the ids that stay are renumbered from 0.
        renumbered = {old: new for new, old in enumerate(kept)}
        for element in {id(e): e for e in (resolve(owners[old]) for old in kept)}.values():
            element["K"] = pydyf.Array(
                renumbered.get(kid, kid) if isinstance(kid, int) else kid for kid in element["K"]
            )
        _rewrite_marked_content(resolve(pages[key]["Contents"]), renumbered)
        owners[:] = [owners[old] for old in kept]
    for element in objects:
        unlinked = isinstance(element, dict) and element.get("Type") == "/StructElem"
        if unlinked and id(element) not in linked:
            # Now referenced by nothing. Emptied rather than freed: pydyf 0.11 misnumbers
            # the object stream when an object in it is marked free.
            element.clear()


def _linked_elements(root, resolve) -> set[int]:
    """ids of the structure elements reachable from the root."""
    found: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        kids = node.get("K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = resolve(kid)
            if isinstance(kid, dict) and kid.get("Type") == "/StructElem" and id(kid) not in found:
                found.add(id(kid))
                pending.append(kid)
    return found


def _rewrite_marked_content(stream, renumbered: dict[int, int]) -> None:
    """Give kept sequences their new ids; the others become
    `/Artifact <</Type /Pagination>> BDC`."""
    operations = stream.stream
    for index in range(1, len(operations) - 1):
        properties = operations[index]
        if not (isinstance(properties, dict) and operations[index + 1] == b"BDC"):
            continue
        mcid = properties.get("MCID")
        if mcid in renumbered:
            properties["MCID"] = renumbered[mcid]
        elif mcid is not None:
            operations[index - 1] = "/Artifact"
            operations[index] = PAGINATION
