"""Is a picture or font file what its name says? Checked before layout, because WeasyPrint
goes by the name and, when the content is something else (an SVG saved as logo.png, a
web page saved as a font), leaves the picture out or falls back to another font in silence.
"""

from __future__ import annotations

from pathlib import Path

SIGNATURES = {
    "PNG": (b"\x89PNG\r\n\x1a\n",),
    "JPEG": (b"\xff\xd8\xff",),
    "GIF": (b"GIF87a", b"GIF89a"),
    "TrueType/OpenType font": (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf"),
    "WOFF font": (b"wOFF",),
    "WOFF2 font": (b"wOF2",),
}
KIND_OF_SUFFIX = {
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".gif": "GIF",
    ".webp": "WebP",
    ".svg": "SVG",
    ".ttf": "TrueType/OpenType font",
    ".otf": "TrueType/OpenType font",
    ".woff": "WOFF font",
    ".woff2": "WOFF2 font",
}
SNIFF_BYTES = 4096


def kind_of_content(head: bytes) -> str | None:
    for kind, signatures in SIGNATURES.items():
        if head.startswith(signatures):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in text:
        return "SVG"
    return None


def content_mismatch(path: Path) -> str | None:
    """Why the file's content is not the kind its suffix names, or None when it is (or the
    suffix is not a picture or font one)."""
    expected = KIND_OF_SUFFIX.get(path.suffix.lower())
    if expected is None:
        return None
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    found = kind_of_content(head)
    if found == expected:
        return None
    if found is not None:
        right = next(s for s, k in KIND_OF_SUFFIX.items() if k == found)
        return (
            f"is {'an' if found[0] in 'AEIOUS' else 'a'} {found} file named {path.suffix}; "
            f"rename it to {path.stem}{right} (and its references)"
        )
    article = "an" if expected[0] in "AEIOUS" else "a"
    return f"is not {article} {expected} file (it is damaged, or something else renamed)"
