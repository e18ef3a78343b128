"""Turning an export's bytes into text: UTF-8 with or without a byte-order mark, UTF-16
("Unicode text" from Excel), or Windows-1252 (older Windows exports)."""

from __future__ import annotations

import codecs

from handouts.diagnostics import HandoutsError

ENCODINGS = ("auto", "utf-8", "utf-16", "cp1252", "latin-1")


def decode(raw: bytes, source: str, encoding: str = "auto") -> str:
    """The text, or HandoutsError naming the line where it stops being text."""
    if encoding != "auto":
        return _strict(raw, source, encoding)
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw, source, "utf-8-sig")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(raw, source, "utf-16")
    head = raw[:2000]
    if head.count(b"\x00") > len(head) // 4:  # UTF-16 saved without a byte-order mark
        return _strict(raw, source, "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be")
    try:
        return _text(raw.decode("utf-8"), source)
    except UnicodeDecodeError:
        pass
    try:
        return _text(raw.decode("cp1252"), source)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise HandoutsError(
            f"{source}:{line}: not text in UTF-8, UTF-16 or Windows-1252; export the schedule "
            "as CSV UTF-8 (or set schedule.encoding in handouts.yaml)"
        ) from None


def _strict(raw: bytes, source: str, encoding: str) -> str:
    try:
        return _text(raw.decode(encoding), source)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        name = {"utf-8-sig": "utf-8"}.get(encoding, encoding)
        raise HandoutsError(
            f"{source}:{line}: not valid {name.upper()} text; export the schedule again "
            "(or set schedule.encoding in handouts.yaml)"
        ) from None


def _text(text: str, source: str) -> str:
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise HandoutsError(f"{source}:{line}: holds NUL characters; it is not a text export")
    return text
