"""Language tags: the base language that picks content, and the tag a document carries."""

from __future__ import annotations

import re

ENGLISH = "en"
# A language as a settings key: `alt: {en: ..., es: ...}`, `url: {en: ..., es-US: ...}`.
LANGUAGE_KEY = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def base_language(tag: str) -> str:
    """'es-US' -> 'es'; 'en' -> 'en'."""
    return tag.split("-")[0].lower()


def document_tag(language: str, print_language: str) -> str:
    """The BCP 47 tag a document in `language` carries (PDF /Lang, html lang, dates).

    The project's own language keeps its tag from handouts.yaml (en-US); another language
    takes the project's region, since the clinic's patients live there ("es" -> "es-US").
    """
    if base_language(print_language) == language:
        return print_language
    region = print_language.partition("-")[2]
    return f"{language}-{region}" if region else language


def english_name(language: str) -> str:
    """A language's name in English ("es" -> "Spanish"), for messages to clinic staff; the tag
    itself where Babel does not know the language."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language.replace("-", "_")).get_display_name("en") or language
    except (UnknownLocaleError, ValueError):
        return language


def own_name(language: str) -> str:
    """A language's name in itself ("es" -> "Español"), as a patient would recognise it; the
    tag itself where Babel does not know the language."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(language.replace("-", "_")).get_display_name(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return language
    return name[:1].upper() + name[1:] if name else language
