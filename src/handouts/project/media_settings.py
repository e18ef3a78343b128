"""The `video:` and `figures:` sections of handouts.yaml.

```yaml
video:                      # the clinic's own video or page, printed as a QR code on every
  url: https://clinic.example/videos   # handout that names none of its own, and on the
  label: Watch our videos about your care   # booklet's cover beside the contact line
figures:
  leave_out: [body-outline]  # drawings (file names without .svg) the clinic does not print
```
"""

from __future__ import annotations

from dataclasses import dataclass

from handouts.diagnostics import ProblemList
from handouts.project.config_options import Option
from handouts.project.schema import Checker
from handouts.project.settings import Settings
from handouts.project.video import VideoSetting

SECTION = "figures"


@dataclass(frozen=True)
class MediaSettings:
    video: VideoSetting | None = None
    leave_out: frozenset[str] = frozenset()


@dataclass(frozen=True)
class FigureSettings:
    leave_out: tuple[str, ...] = ()  # in the order written: its index places a message


class FiguresOption(Option):
    """`figures:`; that each name is a drawing some handout prints is checked with the content."""

    def __init__(self):
        super().__init__(FigureSettings())

    def validate(self, check, value, path):
        data = check.mapping(value, path, optional=("leave_out",))
        names = []
        for item_path, item in check.items((data or {}).get("leave_out"), (*path, "leave_out")):
            name = check.text(item, item_path)
            if name is not None:
                names.append(name.removesuffix(".svg"))
        return FigureSettings(tuple(names))


def load_media_settings(settings: Settings, known_figures: set[str] | None = None) -> MediaSettings:
    """The clinic's video and the drawings it leaves out; raise ContentError when `leave_out`
    names a drawing that is not in `known_figures` (file names without .svg), if given."""
    leave_out = settings.figures.leave_out
    if known_figures is not None and settings.document is not None:
        problems = ProblemList()
        check = Checker(settings.document, problems)
        known = ", ".join(sorted(known_figures)) or "none"
        for index, name in enumerate(leave_out):
            if name not in known_figures:
                message = f"no handout prints a figure '{name}' (figures: {known})"
                check.error((SECTION, "leave_out", index), message)
        problems.raise_if_errors()
    return MediaSettings(settings.video, frozenset(leave_out))
