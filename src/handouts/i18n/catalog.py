"""Gettext catalogues for the words templates print ("Page 1 of 2", "Call us at ...").

The catalogues are committed as `.po` text: the built-in ones in `handouts/locale/<lang>/
LC_MESSAGES/handouts.po`, a clinic's own in `locale/<lang>/LC_MESSAGES/handouts.po` in its
project (its entries win; a clinic adds a language this way). They are compiled in memory with
Babel when first used, so a fresh clone, an editable install and a wheel all work with no
build step and no `.mo` files to keep in step. English is the source language: its catalogue is
the identity.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

from handouts.diagnostics import HandoutsError

DOMAIN = "handouts"
SOURCE_LANGUAGE = "en"
BUILTIN_LOCALE = Path(__file__).resolve().parents[1] / "locale"


def catalogue_paths(language: str, project_root: Path | None = None) -> list[Path]:
    """The built-in catalogue, then the clinic's, for a base language such as "es"."""
    relative = Path(language) / "LC_MESSAGES" / f"{DOMAIN}.po"
    paths = [BUILTIN_LOCALE / relative]
    if project_root is not None:
        paths.append(project_root / "locale" / relative)
    return [p for p in paths if p.is_file()]


def has_catalogue(language: str, project_root: Path | None = None) -> bool:
    return language == SOURCE_LANGUAGE or bool(catalogue_paths(language, project_root))


def translator(language: str, project_root: Path | None = None) -> gettext.NullTranslations:
    """Translations for a base language tag; English is the identity."""
    if language == SOURCE_LANGUAGE:
        return NullTranslations()
    paths = catalogue_paths(language, project_root)
    if not paths:
        raise HandoutsError(
            f"no translations of the template strings for language '{language}': add "
            f"locale/{language}/LC_MESSAGES/{DOMAIN}.po to the project (docs/languages.md)"
        )
    stamps = tuple((str(p), p.stat().st_mtime_ns) for p in paths)
    return _compiled(language, stamps)


@cache
def _compiled(language: str, stamps: tuple[tuple[str, int], ...]) -> Translations:
    merged = None
    for path, _ in stamps:
        catalog = _read(Path(path), language)
        if merged is None:
            merged = catalog
            continue
        for message in catalog:  # the clinic's entries win
            if message.id and message.string:
                known = merged.get(message.id, message.context)
                if known is None:
                    merged[message.id] = message
                else:  # Catalog.__setitem__ would keep the built-in string
                    known.string = message.string
    buffer = io.BytesIO()
    write_mo(buffer, merged)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def _read(path: Path, language: str):
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=language, abort_invalid=True)
    except (OSError, PoFileError, ValueError) as exc:
        raise HandoutsError(f"{path}: not a readable gettext catalogue: {exc}") from None


def untranslated(language: str, project_root: Path | None = None) -> list[str]:
    """Messages of the template strings that this language's catalogues leave empty."""
    if language == SOURCE_LANGUAGE:
        return []
    empty: dict[str, bool] = {}
    for path in catalogue_paths(language, project_root):
        for message in _read(path, language):
            if message.id:
                key = message.id if isinstance(message.id, str) else message.id[0]
                empty[key] = empty.get(key, True) and not message.string
    return [key for key, blank in empty.items() if blank]


def N_(message: str) -> str:
    """Marks a string for the catalogue where it is defined; it is translated where printed."""
    return message


# Strings printed through `_()` in templates but defined in Python, listed so that
# `pybabel extract` (docs/languages.md) finds them.
PYTHON_MESSAGES = (N_("Page {page} of {pages}"),)
