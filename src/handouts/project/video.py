"""A web address for a video or page, printed on a handout as a QR code beside the address.

A procedure file, or the clinic in `handouts.yaml`, may name one:

```yaml
video:
  url: https://riverbend-pain.example/videos/epidural
  label: Watch a short video about this injection    # optional
```

The address and the label may each be given per language, so the Spanish handouts point to
the Spanish video in Spanish words (a translation file may also name its own `video:`):

```yaml
video:
  url: {en: https://riverbend-pain.example/videos, es: https://riverbend-pain.example/es/videos}
  label: {en: Watch our short videos, es: Vea nuestros videos cortos}
```

A handout in a language the video lacks prints the clinic's own address (and `check` warns).
Without a label, the handout's own words print ("Watch a short video about this", in its
language).

Only `https:` addresses are accepted: the patient's phone opens it, so it must not be an
unencrypted page, a file or a script. Nothing is fetched; `check` only validates the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from handouts.i18n.catalog import N_
from handouts.i18n.languages import ENGLISH, LANGUAGE_KEY, base_language
from handouts.project.config_options import Option

MAX_URL_LENGTH = 200  # a QR code stays small and scannable, and the address stays typeable
DEFAULT_LABEL = N_("Watch a short video about this")  # in the handout's language
HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


@dataclass(frozen=True)
class Video:
    """One address and label, as one handout prints them."""

    url: str
    label: str = DEFAULT_LABEL

    @property
    def short(self) -> str:
        """The address as a patient types it: without https:// and a trailing slash."""
        rest = self.url.split("://", 1)[1]
        return rest.rstrip("/") if rest.count("/") <= 1 else rest


@dataclass(frozen=True)
class VideoSetting:
    """A `video:` as written: its address and label in the clinic's language, and per
    language where given. `label` None: the handout's own words, in its language."""

    url: str
    label: str | None = None
    language: str = ENGLISH  # the language of `url` and `label`
    urls: tuple[tuple[str, str], ...] = ()  # (base language, address), other languages
    labels: tuple[tuple[str, str], ...] = ()
    field: str = "video"  # where it is written, for messages
    where: tuple[int, int] | None = None

    def has_url_in(self, language: str) -> bool:
        return base_language(language) in (self.language, *dict(self.urls))

    def has_label_in(self, language: str) -> bool:
        return self.label is None or base_language(language) in (self.language, *dict(self.labels))

    def in_language(self, language: str, default_label: str = DEFAULT_LABEL) -> Video:
        """The address and label a handout in `language` prints: its own where given, else
        the clinic's; `default_label` (the handout's words) when no label is set."""
        base = base_language(language)
        url = dict(self.urls).get(base, self.url)
        label = dict(self.labels).get(base, self.label) if self.label is not None else None
        return Video(url, label or default_label)


def url_problem(url: str) -> str | None:
    """Why this address may not print as a QR code, or None."""
    if len(url) > MAX_URL_LENGTH:
        return f"is {len(url)} characters; use a short address of at most {MAX_URL_LENGTH}"
    if any(c.isspace() for c in url) or not url.isascii():
        return "must not contain spaces or non-ASCII characters (use the encoded form)"
    parts = urlsplit(url)
    if parts.scheme != "https":
        return "must start with https:// (the patient's phone opens it)"
    if parts.username or parts.password or "@" in parts.netloc:
        return "must not contain a user name or password"
    host = (parts.hostname or "").lower()
    if not HOST.match(host):
        return f"'{host or url}' is not a web site's name such as clinic.example.org"
    return None


def read_video(check, value, path, language: str = ENGLISH) -> VideoSetting | None:
    """Validate a `video:` mapping (or a bare address) with a Checker. `language` is the
    one its plain texts are in (the clinic's, or a translation file's)."""
    if isinstance(value, str):
        value = {"url": value}
    data = check.mapping(value, path, required=("url",), optional=("label",))
    if data is None:
        return None
    language = base_language(language)
    urls = _per_language(check, data.get("url"), (*path, "url"), language)
    labels = _per_language(check, data.get("label"), (*path, "label"), language, required=False)
    if urls is None or labels is None:
        return None
    for lang, url in urls.items():
        problem = url_problem(url)
        if problem:
            where = (*path, "url", lang) if isinstance(data.get("url"), dict) else (*path, "url")
            check.error(where, problem)
            return None
    url = urls.pop(language, None)
    label = labels.pop(language, None)
    if url is None:
        check.error((*path, "url"), f"give the address in {language} too ({language}: https://...)")
        return None
    if labels and label is None:
        check.error((*path, "label"), f"give the label in {language} too ({language}: ...)")
        return None
    return VideoSetting(
        url,
        label,
        language,
        tuple(urls.items()),
        tuple(labels.items()),
        ".".join(str(p) for p in path),
        check.doc.where(path),
    )


def _per_language(check, value, path, language: str, required: bool = True):
    """{base language: text} from a text (in `language`) or a mapping by language; None
    after an error."""
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        text = check.text(value, path, required=required)
        if text is None:
            return None if required else {}
        return {language: " ".join(text.split())}
    found = {}
    for key, text in value.items():
        if not isinstance(key, str) or not LANGUAGE_KEY.match(key):
            check.error((*path, str(key)), "expected a language such as en or es")
            return None
        checked = check.text(text, (*path, key))
        if checked is None:
            return None
        found[base_language(key)] = " ".join(checked.split())
    return found


class VideoOption(Option):
    """The clinic's `video:` in handouts.yaml (a procedure file's is read by its loader)."""

    def validate(self, check, value, path):
        # Plain texts in handouts.yaml are in the clinic's language (print.language).
        data = check.doc.data if isinstance(check.doc.data, dict) else {}
        printing = data.get("print") if isinstance(data.get("print"), dict) else {}
        language = printing.get("language")
        return read_video(check, value, path, language if isinstance(language, str) else ENGLISH)
