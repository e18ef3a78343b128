"""Give structure elements the language of their HTML element (`<p lang="vi">` -> /Lang).

PDF/UA-1 (ISO 14289-1 §7.2) wants every passage in another language than the document's to
say so, so that screen readers switch voice and text-to-speech reads it right. WeasyPrint 70
writes the document's /Lang but drops `lang` attributes below the root. We wrap its
structure-tree builder: each element it makes for a box whose HTML element carries its own
`lang` gets that tag as /Lang. The wrapper is installed once, when WeasyPrint is imported
(pdf/writer.py), and checks that the function it wraps still exists: weasyprint is pinned.
"""

from __future__ import annotations

import pydyf
from weasyprint.pdf import tags

_SKIPPED = {"html", "body"}


def install() -> None:
    original = getattr(tags, "_build_box_tree", None)
    if original is None or getattr(original, "handouts_language_tags", False):
        return

    def build_box_tree(box, parent, *args, **kwargs):
        inner = getattr(box, "_box", box)  # absolutely positioned boxes come wrapped
        element = getattr(inner, "element", None)
        tag = getattr(element, "tag", None)
        lang = None
        if (
            element is not None
            and tag not in _SKIPPED
            and getattr(inner, "element_tag", None) == tag
        ):
            lang = element.get("lang")
        for struct in original(box, parent, *args, **kwargs):
            if lang and isinstance(struct, dict) and "Lang" not in struct:
                struct["Lang"] = pydyf.String(lang)
            yield struct

    build_box_tree.handouts_language_tags = True
    tags._build_box_tree = build_box_tree
