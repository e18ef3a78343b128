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

from handouts.errors import ProblemList
from handouts.project.schema import Checker
from handouts.project.settings import CONFIG_NAME, Settings
from handouts.project.video import Video, read_video
from handouts.project.yamlfile import load_yaml


@dataclass(frozen=True)
class MediaSettings:
    video: Video | None = None
    leave_out: frozenset[str] = frozenset()


def load_media_settings(settings: Settings, known_figures: set[str] | None = None) -> MediaSettings:
    """Validate both sections (with file:line messages); raise ContentError on problems.

    `known_figures` (file names without .svg) lets `leave_out` name only drawings that exist."""
    extra = settings.extra
    if "video" not in extra and "figures" not in extra:
        return MediaSettings()
    problems = ProblemList()
    doc = settings.document  # kept from the load: handouts.yaml is parsed once per run
    if doc is None:
        doc = load_yaml(settings.root / CONFIG_NAME, problems, settings.root)
    problems.raise_if_errors()
    check = Checker(doc, problems)
    video = read_video(check, extra["video"], ("video",)) if "video" in extra else None
    leave_out: set[str] = set()
    if "figures" in extra:
        data = check.mapping(extra["figures"], ("figures",), optional=("leave_out",))
        for path, item in check.items((data or {}).get("leave_out"), ("figures", "leave_out")):
            name = check.text(item, path)
            if name is None:
                continue
            name = name.removesuffix(".svg")
            if known_figures is not None and name not in known_figures:
                known = ", ".join(sorted(known_figures)) or "none"
                check.error(path, f"no handout prints a figure '{name}' (figures: {known})")
            leave_out.add(name)
    problems.raise_if_errors()
    return MediaSettings(video, frozenset(leave_out))
