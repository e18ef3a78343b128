"""A web address for a video or page, printed on a handout as a QR code beside the address.

A procedure file, or the clinic in `handouts.yaml`, may name one:

```yaml
video:
  url: https://riverbend-pain.example/videos/epidural
  label: Watch a short video about this injection    # optional
```

Only `https:` addresses are accepted: the patient's phone opens it, so it must not be an
unencrypted page, a file or a script. Nothing is fetched; `check` only validates the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from handouts.project.config_options import Option

MAX_URL_LENGTH = 200  # a QR code stays small and scannable, and the address stays typeable
DEFAULT_LABEL = "Watch a short video about this"
HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


@dataclass(frozen=True)
class Video:
    url: str
    label: str = DEFAULT_LABEL

    @property
    def short(self) -> str:
        """The address as a patient types it: without https:// and a trailing slash."""
        rest = self.url.split("://", 1)[1]
        return rest.rstrip("/") if rest.count("/") <= 1 else rest


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


def read_video(check, value, path) -> Video | None:
    """Validate a `video:` mapping (or a bare address) with a Checker."""
    if isinstance(value, str):
        value = {"url": value}
    data = check.mapping(value, path, required=("url",), optional=("label",))
    if data is None:
        return None
    url = check.text(data.get("url"), (*path, "url"))
    label = check.text(data.get("label"), (*path, "label"), required=False)
    if url is None:
        return None
    url = url.strip()
    problem = url_problem(url)
    if problem:
        check.error((*path, "url"), problem)
        return None
    return Video(url, " ".join(label.split()) if label else DEFAULT_LABEL)


class VideoOption(Option):
    """The clinic's `video:` in handouts.yaml (a procedure file's is read by its loader)."""

    def validate(self, check, value, path):
        return read_video(check, value, path)
