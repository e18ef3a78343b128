"""Language tags: the base language that picks content, and the tag a document carries."""

from __future__ import annotations

ENGLISH = "en"


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


def own_name(language: str) -> str:
    """A language's name in itself ("es" -> "Español"), as a patient would recognise it; the
    tag itself where Babel does not know the language."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(language.replace("-", "_")).get_display_name(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return language
    return name[:1].upper() + name[1:] if name else language
