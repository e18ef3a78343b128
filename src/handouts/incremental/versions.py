"""The versions of handouts and of the libraries that lay out and write its PDFs.

Read from the installed packages' metadata, without importing them, so that keys (keys.py)
and the no-op build's stamp (stamp.py) cost nothing like an import of WeasyPrint.
"""

from __future__ import annotations

from functools import cache
from importlib import metadata

from handouts import __version__

# Bump when what an output depends on changes in a way the keys do not show (for example a
# new fitting step in fitting.py): every key changes and everything is rebuilt.
KEY_FORMAT = 3  # 3: joined files saved with object streams (pdf/saving.py)
LIBRARIES = ("weasyprint", "pydyf", "pikepdf", "fonttools", "tinycss2", "tinyhtml5")


@cache
def tool_versions() -> dict[str, str]:
    """handouts and the libraries that lay out and write PDFs."""
    versions = {"handouts": __version__, "key-format": str(KEY_FORMAT)}
    versions.update(library_versions(LIBRARIES))
    return versions


@cache
def library_versions(names: tuple[str, ...]) -> dict[str, str]:
    found = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "absent"
    return found
