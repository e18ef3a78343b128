"""Reading a PDF's structure tree with pikepdf: elements, the ParentTree, marked content."""

from __future__ import annotations

import pikepdf


def elements(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    found = []

    def walk(node):
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(kid)
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


def parent_tree(pdf: pikepdf.Pdf) -> dict[int, pikepdf.Object]:
    entries = {}

    def walk(node):
        nums = node.get("/Nums", [])
        for i in range(0, len(nums), 2):
            key = int(nums[i])
            assert key not in entries, f"ParentTree key {key} appears twice"
            entries[key] = nums[i + 1]
        for kid in node.get("/Kids", []):
            walk(kid)

    walk(pdf.Root.StructTreeRoot.ParentTree)
    return entries


def page_of(element: pikepdf.Object) -> pikepdf.Object | None:
    while element is not None:
        if "/Pg" in element:
            return element.Pg
        element = element.get("/P")
    return None


def marked_content_ids(page: pikepdf.Page) -> list[int]:
    ids = []
    for operands, operator in pikepdf.parse_content_stream(page):
        properties = operands[1] if str(operator) == "BDC" else None
        if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
            ids.append(int(properties.MCID))
    return ids


def owns(element: pikepdf.Object, mcid: int) -> bool:
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int) and int(kid) == mcid:
            return True
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/MCID") == mcid:
            return True
    return False
