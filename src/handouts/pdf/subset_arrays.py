"""Font subsetting without a C parser run per glyph count.

WeasyPrint 70 subsets each font of each PDF with HarfBuzz, and hands it the glyphs as
`ffi.new(f"hb_codepoint_t[{n}]", glyphs)`. cffi caches C types by their text, so every glyph
count not seen before in the process is a new type, parsed by pycparser: about 10 ms each,
measured here, and a batch worker meets a new count in about one packet of four (24 new
counts in 100 appointment pages), more than any other single cost of writing them. An
unsized `hb_codepoint_t[]` with the same items is the same array and is parsed once.

`install()` gives WeasyPrint's font module a view of its cffi object that asks for unsized
arrays; everything else goes to the real object unchanged.
"""

from __future__ import annotations

import re

SIZED_ARRAY = re.compile(r"(\w+)\[(\d+)\]")


class UnsizedArrays:
    """A cffi FFI whose `new("T[n]", items)` is `new("T[]", items)` when there are n items.

    Only a list or tuple of items: `char[]` made from bytes gains a NUL, one byte longer."""

    handouts_unsized_arrays = True

    def __init__(self, ffi):
        self._ffi = ffi

    def new(self, cdecl, init=None):
        sized = SIZED_ARRAY.fullmatch(cdecl) if isinstance(cdecl, str) else None
        if sized and isinstance(init, (list, tuple)) and len(init) == int(sized[2]):
            return self._ffi.new(f"{sized[1]}[]", init)
        return self._ffi.new(cdecl, init)

    def __getattr__(self, name):
        return getattr(self._ffi, name)


def install() -> None:
    from weasyprint.pdf import fonts

    ffi = getattr(fonts, "ffi", None)
    if ffi is None or getattr(ffi, "handouts_unsized_arrays", False):
        return
    fonts.ffi = UnsizedArrays(ffi)
