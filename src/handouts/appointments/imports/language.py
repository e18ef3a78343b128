"""A patient's language as a BCP 47 tag (`es`, `es-US`), from what HL7 and FHIR send.

HL7 PID-15 is often an ISO 639 code of two or three letters (`es`, `SPA`) or the language's
English name; FHIR's Patient.communication should carry a BCP 47 code already. Anything
unrecognised gives no language (the packet is then in the clinic's language).
"""

from __future__ import annotations

import re

TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}|\d{3}))?$")
# ISO 639-2 (bibliographic and terminology) codes and English names of the languages US and
# European clinics meet most, to their ISO 639-1 codes.
THREE_LETTER = {
    "eng": "en", "spa": "es", "fre": "fr", "fra": "fr", "ger": "de", "deu": "de",
    "ita": "it", "por": "pt", "chi": "zh", "zho": "zh", "vie": "vi", "kor": "ko",
    "rus": "ru", "ara": "ar", "tgl": "tl", "fil": "fil", "hat": "ht", "pol": "pl",
    "jpn": "ja", "hin": "hi", "per": "fa", "fas": "fa", "urd": "ur", "ben": "bn",
    "pan": "pa", "guj": "gu", "gre": "el", "ell": "el", "heb": "he", "ukr": "uk",
    "som": "so", "amh": "am", "nep": "ne", "hmn": "hmn", "khm": "km", "lao": "lo",
    "tha": "th", "tur": "tr", "dut": "nl", "nld": "nl", "alb": "sq", "sqi": "sq",
}  # fmt: skip
NAMES = {
    "english": "en", "spanish": "es", "español": "es", "espanol": "es", "french": "fr",
    "german": "de", "italian": "it", "portuguese": "pt", "chinese": "zh", "mandarin": "zh",
    "cantonese": "yue", "vietnamese": "vi", "korean": "ko", "russian": "ru", "arabic": "ar",
    "tagalog": "tl", "haitian creole": "ht", "polish": "pl", "japanese": "ja", "hindi": "hi",
    "farsi": "fa", "persian": "fa", "urdu": "ur", "somali": "so", "ukrainian": "uk",
}  # fmt: skip


def language_tag(*candidates: str) -> str:
    """The first candidate that names a language, as a tag; "" if none does."""
    for raw in candidates:
        text = (raw or "").strip()
        if not text:
            continue
        if text.casefold() in NAMES:
            return NAMES[text.casefold()]
        match = TAG.match(text)
        if not match:
            continue
        base = match.group(1).lower()
        if len(base) == 3:
            base = THREE_LETTER.get(base, "")
            if not base:
                continue
        region = match.group(2)
        return f"{base}-{region.upper()}" if region else base
    return ""
