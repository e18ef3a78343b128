"""Join finished tagged PDFs into one tagged PDF, keeping the structure a screen reader uses.

A packet is a one-page PDF made for one patient followed by a procedure handout that is the
same for every patient. Writing the handout's pages again for each packet cost 30–50 ms a
page; writing it once and copying its pages with qpdf costs about 15 ms a packet. A plain
page copy (pypdf's `append`, or pikepdf's) would drop the tags, so this module also joins:

- the structure trees: the handout's top-level elements move under the first file's
  Document element, and its ParentTree entries (which tie marked content on a page to its
  structure element) are renumbered after the first file's;
- the outlines (bookmarks) and the named destinations that internal links point to;
- font subset names: WeasyPrint names a font's subset after the font, not the glyphs, so
  both files call their different subsets of a font by the same name. ISO 32000-1 §9.6.4
  requires distinct names for distinct subsets, so the handout's subsets are renamed.

The document-level parts (title, language, XMP metadata, PDF/A output intent, viewer
preferences) are the first file's. Both files must come from the same PDF variant.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from collections.abc import Sequence

import pikepdf
from pikepdf import Array, Dictionary, Name

from handouts.pdf.saving import saved_bytes

_SUBSET_NAME = re.compile(r"^/([A-Z]{6})\+(.+)$")

# Catalog entries the join carries over from the appended file (structure, outline, link
# targets) or takes from the first file (the rest). Anything else in the appended file, such
# as attachments, form fields or page labels, would be lost, so it is refused instead.
JOINED_ENTRIES = {
    "/Type", "/Pages", "/StructTreeRoot", "/Outlines", "/Names", "/Lang", "/MarkInfo",
    "/Metadata", "/ViewerPreferences", "/OutputIntents",
}  # fmt: skip


class PreparedPart:
    """A tagged PDF opened once and readied to be appended to many others (see join)."""

    def __init__(self, data: bytes, *, salt: str = "appended", nest_outline: bool = False):
        self.pdf = pikepdf.open(io.BytesIO(data))
        # Its bookmarks go under the last top-level bookmark before it (a page that continues
        # the part before, such as an appointment page's back), not beside it.
        self.nest_outline = nest_outline
        if "/StructTreeRoot" not in self.pdf.Root:
            raise ValueError("the PDF to append is not tagged")
        names = self.pdf.Root.get("/Names")
        lost = set(self.pdf.Root.keys()) - JOINED_ENTRIES
        if names is not None:
            lost |= {f"/Names{key}" for key in names if key != "/Dests"}
        if lost:
            raise ValueError(f"appending this PDF would lose its {', '.join(sorted(lost))}")
        self.page_count = len(self.pdf.pages)
        # Each file appended to the same one needs its own `salt`, so its subsets' new names
        # differ from the other files'.
        _rename_font_subsets(self.pdf, salt)
        # copy_foreign takes indirect objects only; WeasyPrint writes this tree inline.
        if names is not None and "/Dests" in names and not names.Dests.is_indirect:
            names.Dests = self.pdf.make_indirect(names.Dests)


def join(first: bytes, part: PreparedPart, *, recto: bool = False) -> bytes:
    """`first` (a tagged PDF) with `part`'s pages appended, as one tagged PDF. With `recto`,
    a blank page pads `first` to an even page count, so that printed double-sided `part`
    starts on the front of a sheet of its own (page 3, 5, ...)."""
    return join_all(first, [part], recto=recto)


def join_all(
    first: bytes, parts: list[PreparedPart], *, recto: bool | Sequence[bool] = False
) -> bytes:
    """`first` with each of `parts` appended in turn (see join); with `recto`, each part
    starts on an odd page (a sequence of flags says so for each part)."""
    pdf = pikepdf.open(io.BytesIO(first))
    flags = [recto] * len(parts) if isinstance(recto, bool) else list(recto)
    for part, on_recto in zip(parts, flags, strict=True):
        _append(pdf, part, on_recto)
    return saved_bytes(pdf)


def _append(pdf: pikepdf.Pdf, part: PreparedPart, recto: bool) -> None:
    if recto and len(pdf.pages) % 2 == 1:
        # An empty page: no content, so nothing for the structure tree to tag.
        box = pdf.pages[-1].mediabox
        pdf.add_blank_page(page_size=(float(box[2]), float(box[3])))
    tree = pdf.Root.StructTreeRoot
    offset = _next_parent_key(tree, len(pdf.pages))
    pages_before = len(pdf.pages)
    with warnings.catch_warnings():  # named destinations are joined below
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
        pdf.pages.extend(part.pdf.pages)
    # Copied after the pages, so each element's /Pg resolves to the copied page.
    theirs = pdf.copy_foreign(part.pdf.Root.StructTreeRoot)
    _join_structure(tree, theirs, offset)
    for page in pdf.pages[pages_before:]:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annotation in page.obj.get("/Annots", ()):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset
    _join_outlines(pdf, part.pdf, part.nest_outline)
    _join_destinations(pdf, part.pdf)


# -- structure ------------------------------------------------------------------------------


def _document_element(tree: pikepdf.Object) -> pikepdf.Object:
    kids = tree.K
    if isinstance(kids, Array):
        if len(kids) != 1:
            raise ValueError("expected one Document element at the root of the structure tree")
        kids = kids[0]
    return kids


def _tree_pairs(node: pikepdf.Object, leaves: str) -> list[tuple[pikepdf.Object, pikepdf.Object]]:
    """(key, value) pairs of a number tree (leaves "/Nums") or a name tree ("/Names")."""
    pairs = []
    if leaves in node:
        items = node[leaves]
        pairs += [(items[i], items[i + 1]) for i in range(0, len(items), 2)]
    for kid in node.get("/Kids", ()):
        pairs += _tree_pairs(kid, leaves)
    return pairs


def _number_tree_pairs(node: pikepdf.Object) -> list[tuple[int, pikepdf.Object]]:
    return [(int(key), value) for key, value in _tree_pairs(node, "/Nums")]


def _next_parent_key(tree: pikepdf.Object, page_count: int) -> int:
    keys = [key for key, _ in _number_tree_pairs(tree.ParentTree)] if "/ParentTree" in tree else []
    return max([int(tree.get("/ParentTreeNextKey", 0)), page_count, *(k + 1 for k in keys)])


def _as_list(value: pikepdf.Object) -> list:
    return list(value) if isinstance(value, Array) else [value]


def _join_structure(ours: pikepdf.Object, theirs: pikepdf.Object, offset: int) -> None:
    document = _document_element(ours)
    kids = _as_list(_document_element(theirs).K)
    for kid in kids:
        if isinstance(kid, Dictionary):
            kid.P = document
    document.K = Array([*_as_list(document.K), *kids])

    pairs = _number_tree_pairs(ours.ParentTree) if "/ParentTree" in ours else []
    if "/ParentTree" in theirs:
        pairs += [(key + offset, value) for key, value in _number_tree_pairs(theirs.ParentTree)]
    pairs.sort(key=lambda pair: pair[0])
    ours.ParentTree = Dictionary(Nums=Array([x for key, value in pairs for x in (key, value)]))
    ours.ParentTreeNextKey = max([offset, *(key + 1 for key, _ in pairs)])
    for mapping in ("/RoleMap", "/ClassMap"):
        if mapping in theirs:
            joined = ours.get(mapping, Dictionary())
            for key, value in theirs[mapping].items():
                if key not in joined:
                    joined[key] = value
            ours[mapping] = joined


# -- navigation ------------------------------------------------------------------------------


def _join_outlines(pdf: pikepdf.Pdf, source: pikepdf.Pdf, nest: bool = False) -> None:
    theirs = source.Root.get("/Outlines")
    if theirs is None or "/First" not in theirs:
        return
    copied = pdf.copy_foreign(theirs)
    if "/Outlines" not in pdf.Root:
        pdf.Root.Outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines, Count=0))
    outlines = pdf.Root.Outlines
    parent = outlines.Last if nest and "/Last" in outlines else outlines
    item = copied.First
    while True:
        item.Parent = parent
        if "/Next" not in item:
            break
        item = item.Next
    if "/Last" in parent:
        parent.Last.Next = copied.First
        copied.First.Prev = parent.Last
    else:
        parent.First = copied.First
    parent.Last = copied.Last
    # /Count: open items count their visible descendants; a closed item's count is negative.
    added = int(copied.get("/Count", 0))
    if parent is outlines:
        outlines.Count = int(outlines.get("/Count", 0)) + added
    elif int(parent.get("/Count", 0)) < 0:
        parent.Count = int(parent.Count) - added
    else:
        parent.Count = int(parent.get("/Count", 0)) + added
        outlines.Count = int(outlines.get("/Count", 0)) + added


def _join_destinations(pdf: pikepdf.Pdf, source: pikepdf.Pdf) -> None:
    names = source.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return
    theirs = pdf.copy_foreign(names.Dests)
    if "/Names" not in pdf.Root:
        pdf.Root.Names = Dictionary()
    ours = pdf.Root.Names.get("/Dests", Dictionary())
    pairs = _tree_pairs(ours, "/Names") + _tree_pairs(theirs, "/Names")
    seen = {}
    for key, value in pairs:
        seen.setdefault(bytes(key), (key, value))  # ids are unique; the first file wins
    ordered = [seen[key] for key in sorted(seen)]  # a name tree's keys must be sorted
    pdf.Root.Names.Dests = pdf.make_indirect(
        Dictionary(Names=Array([x for pair in ordered for x in pair]))
    )


# -- fonts -------------------------------------------------------------------------------------


def _rename_font_subsets(pdf: pikepdf.Pdf, salt: str) -> None:
    """Give every font subset in `pdf` a new tag derived from its old one and `salt`."""
    renamed: set[tuple[int, int]] = set()
    for page in pdf.pages:
        _rename_in_resources(page.obj.get("/Resources"), renamed, salt)


def _rename_in_resources(resources, renamed: set, salt: str) -> None:
    if resources is None:
        return
    for font in resources.get("/Font", Dictionary()).values():
        _rename_font(font, renamed, salt)
        for descendant in font.get("/DescendantFonts", ()):
            _rename_font(descendant, renamed, salt)
    for xobject in resources.get("/XObject", Dictionary()).values():
        if xobject.get("/Subtype") == Name.Form and xobject.objgen not in renamed:
            renamed.add(xobject.objgen)
            _rename_in_resources(xobject.get("/Resources"), renamed, salt)


def _rename_font(font: pikepdf.Object, renamed: set, salt: str) -> None:
    key = font.objgen
    if key != (0, 0) and key in renamed:
        return
    renamed.add(key)
    if "/BaseFont" in font:
        font.BaseFont = _retag(font.BaseFont, salt)
    descriptor = font.get("/FontDescriptor")
    if descriptor is not None and "/FontName" in descriptor and descriptor.objgen not in renamed:
        renamed.add(descriptor.objgen)
        descriptor.FontName = _retag(descriptor.FontName, salt)


def _retag(name: pikepdf.Name, salt: str) -> pikepdf.Name:
    match = _SUBSET_NAME.match(str(name))
    if not match:
        return name
    digest = hashlib.sha256(f"{salt}:{match[1]}".encode()).digest()
    tag = "".join(chr(ord("A") + byte % 26) for byte in digest[:6])
    return Name(f"/{tag}+{match[2]}")
