"""Figures in content: the `figure:` field of a patient section or a pain diary.

```yaml
figure:
  file: epidural-space.svg       # in content/figures/; a project file of the same name wins
  alt: What the drawing shows, said for someone who cannot see it
  caption: Printed under the drawing (optional)
  labels:                        # the words printed in the drawing, by the id of each <text>
    needle: Needle
  only: [trial]                  # optional, as for sections
```

A section may also hold a list of such mappings. The drawing is an SVG file; its words are
content (so they are translated with the rest), its colours come from the clinic's brand
(render/figures.py), and its sizes are in points at print size, so a label of font-size 12.5
prints at 12.5 pt. The file is read and checked here, when content loads, so `check` reports a
missing file, a missing alt text or a label the drawing does not have at the YAML line.
"""

from __future__ import annotations

import difflib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FIGURE_FOLDER = "figures"  # under content/, beside procedures/
MAX_SVG_BYTES = 256 * 1024
MIN_LABEL_PT = 12.0  # labels print at body-text size at least
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
FILE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.svg$")
# Colour roles a drawing may use as classes: `fill-bone`, `stroke-ink` (render/figures.py).
COLOR_ROLES = ("ink", "muted", "paper", "primary", "primary-soft", "bone", "skin", "nerve")
ROLE_CLASS = re.compile(r"^(fill|stroke)-(.+)$")
REFUSED_ELEMENTS = {"script", "foreignObject", "image", "iframe", "audio", "video", "style"}


@dataclass(frozen=True)
class Label:
    """Where a drawing's <text> sits, to know whether other words still fit there."""

    id: str
    x: float
    anchor: str  # start, middle or end
    size: float  # font size in points


@dataclass(frozen=True)
class SvgDrawing:
    """What content needs to know about one SVG file."""

    path: Path
    width: float  # viewBox size, in points at print size
    height: float
    labels: tuple[Label, ...] = ()  # its <text> elements that have an id

    @property
    def label_ids(self) -> tuple[str, ...]:
        return tuple(label.id for label in self.labels)

    def overflow(self, label_id: str, text: str) -> float:
        """How many points the words would stick out of the drawing (0 when they fit)."""
        label = next(label for label in self.labels if label.id == label_id)
        width = max(text_width(line, label.size) for line in text.split("\n"))
        left = {"start": 0, "middle": width / 2, "end": width}.get(label.anchor, 0)
        return max(0.0, left - label.x, label.x - left + width - self.width)


@cache
def _advances():
    """Advance widths of the body font (Atkinson Hyperlegible), per character, in ems."""
    from fontTools.ttLib import TTFont

    from handouts.pdf.fonts import font_folder

    with TTFont(font_folder() / "AtkinsonHyperlegible-Regular.ttf", lazy=True) as font:
        per_em = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        return {chr(c): metrics[g][0] / per_em for c, g in font.getBestCmap().items()}


def text_width(text: str, size: float) -> float:
    """Printed width of a label in the body font; unknown characters count as wide ones."""
    advances = _advances()
    return sum(advances.get(char, 0.75) for char in text) * size


@dataclass(frozen=True)
class Figure:
    file: str
    alt: str
    caption: str
    labels: tuple[tuple[str, str], ...]
    drawing: SvgDrawing
    only: tuple[str, ...] | None = None

    @property
    def name(self) -> str:
        """The file name without .svg, as handouts.yaml's `figures.leave_out` names it."""
        return self.file.removesuffix(".svg")


def figure_dirs(root: Path | None) -> list[Path]:
    """Where figure files are looked up: the project's own folder first, then the built-in."""
    from handouts.project.loader import builtin_dir  # the loader imports content, which imports us

    dirs = []
    if root is not None:
        dirs.append(root / "content" / FIGURE_FOLDER)
    dirs.append(builtin_dir() / "content" / FIGURE_FOLDER)
    return dirs


def find_figure_file(name: str, root: Path | None) -> Path | None:
    for folder in figure_dirs(root):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def read_drawing(path: Path, root: Path | None) -> tuple[SvgDrawing | None, list[str]]:
    """The drawing, or None and why it cannot print. Also returns softer concerns."""
    shown = path.name
    inside = root is not None and path.is_relative_to(root)
    if inside and not path.resolve().is_relative_to(root.resolve()):
        return None, [f"{shown} is a symbolic link outside the project; copy the file in"]
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [f"cannot read {shown}: {exc.strerror}"]
    if len(data) > MAX_SVG_BYTES:
        return None, [f"{shown} is {len(data) // 1024} KB; a drawing may be at most 256 KB"]
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:
        return None, [f"{shown} declares a DOCTYPE or entities, which a drawing does not need"]
    try:
        root_el = ET.fromstring(data)
    except ET.ParseError as exc:
        return None, [f"{shown} is not a well-formed SVG file ({exc})"]
    if root_el.tag != f"{{{SVG_NS}}}svg":
        return None, [f"{shown} is not an SVG drawing (its root element is not <svg>)"]
    problems = _refused_parts(root_el, shown)
    box = _viewbox(root_el.get("viewBox"))
    if box is None:
        problems.append(f'{shown} needs a viewBox in points, e.g. viewBox="0 0 200 160"')
    if problems:
        return None, problems
    labels, concerns = [], []
    for text in root_el.iter(f"{{{SVG_NS}}}text"):
        size = _font_size(text)
        if text.get("id"):
            x = _number(text.get("x"))
            anchor = text.get("text-anchor", "start")
            labels.append(Label(text.get("id"), x, anchor, size or MIN_LABEL_PT))
        if size is not None and size < MIN_LABEL_PT:
            concerns.append(
                f"{shown}: label '{text.get('id') or ''.join(text.itertext()).strip()}' is "
                f"{size:g} pt; labels print at {MIN_LABEL_PT:g} pt at least"
            )
    return SvgDrawing(path, box[0], box[1], tuple(labels)), concerns


def _refused_parts(root_el: ET.Element, shown: str) -> list[str]:
    """Scripts, embedded documents and references to other files: a drawing is self-contained."""
    problems = []
    for el in root_el.iter():
        local = el.tag.rpartition("}")[2]
        if local == "style":
            problems.append(
                f"{shown}: a <style> element is not allowed; use style attributes, or the "
                "fill-ROLE and stroke-ROLE classes for brand colours"
            )
        elif local in REFUSED_ELEMENTS:
            problems.append(f"{shown}: <{local}> is not allowed in a drawing")
        for key, value in el.attrib.items():
            if key in ("href", XLINK_HREF) and not value.startswith("#"):
                problems.append(f"{shown}: a link to '{value[:60]}' is not allowed in a drawing")
            elif key.startswith("on"):
                problems.append(f"{shown}: the script attribute {key} is not allowed")
            elif "url(" in value and "url(#" not in value.replace(" ", ""):
                problems.append(f"{shown}: '{value[:60]}' refers to another file")
    return problems


def _viewbox(value: str | None) -> tuple[float, float] | None:
    try:
        parts = [float(p) for p in (value or "").replace(",", " ").split()]
    except ValueError:
        return None
    if len(parts) != 4 or not (0 < parts[2] <= 2000 and 0 < parts[3] <= 2000):
        return None
    return parts[2], parts[3]


def _number(value: str | None) -> float:
    try:
        return float((value or "0").split()[0])
    except ValueError:
        return 0.0


def _font_size(el: ET.Element) -> float | None:
    value = el.get("font-size", "")
    match = re.fullmatch(r"\s*([0-9.]+)\s*(pt|px)?\s*", value)
    return float(match.group(1)) if match else None


class FigureReader:
    """Reads `figure:` fields for one content file, with its Checker for located messages."""

    def __init__(self, check, root: Path | None):
        self.check = check
        self.root = root
        self.drawings: dict[str, tuple[SvgDrawing | None, list[str]]] = {}

    def figures(self, value, path, only_reader) -> tuple[Figure, ...]:
        """A mapping or a list of mappings; `only_reader(value, path)` validates `only:`."""
        entries = value if isinstance(value, list) else [value]
        paths = [(*path, i) for i in range(len(entries))] if isinstance(value, list) else [path]
        found = []
        for item_path, item in zip(paths, entries, strict=True):
            figure = self.figure(item, item_path, only_reader)
            if figure is not None:
                found.append(figure)
        return tuple(found)

    def figure(self, value, path, only_reader) -> Figure | None:
        check = self.check
        data = check.mapping(
            value, path, required=("file", "alt"), optional=("caption", "labels", "only")
        )
        if data is None:
            return None
        file = check.text(data.get("file"), (*path, "file"))
        alt = check.text(data.get("alt"), (*path, "alt"))
        caption = check.text(data.get("caption"), (*path, "caption"), required=False) or ""
        only = only_reader(data.get("only"), (*path, "only"))
        if alt is not None and len(alt.split()) < 4:
            check.error((*path, "alt"), "say what the drawing shows, in a sentence")
            alt = None
        drawing = self.drawing(file, (*path, "file")) if file else None
        labels = self.labels(data.get("labels"), (*path, "labels"), drawing)
        if None in (file, alt, drawing, labels):
            return None
        return Figure(file, " ".join(alt.split()), caption.strip(), labels, drawing, only)

    def drawing(self, file: str, path) -> SvgDrawing | None:
        if not FILE_NAME.match(file):
            self.check.error(path, f"'{file}' is not a figure file name such as spine-side.svg")
            return None
        if file not in self.drawings:
            found = find_figure_file(file, self.root)
            if found is None:
                where = " or ".join(
                    str(d.relative_to(self.root))
                    if self.root and d.is_relative_to(self.root)
                    else "the built-in figures"
                    for d in figure_dirs(self.root)
                )
                self.drawings[file] = (None, [f"no figure '{file}' in {where}"])
            else:
                self.drawings[file] = read_drawing(found, self.root)
        drawing, messages = self.drawings[file]
        for message in messages:
            if drawing is None:
                self.check.error(path, message)
            else:
                self.check.warning(path, message)
        return drawing

    def labels(self, value, path, drawing: SvgDrawing | None):
        """The content's words for the drawing's labels. A label the drawing lacks is only a
        warning: a clinic's own drawing may replace a built-in one that had other labels."""
        if drawing is None:
            return None  # the file's problem is already reported
        if value is None:
            return ()
        data = value if isinstance(value, dict) else self.check.mapping(value, path)
        if data is None:
            return None
        labels = []
        for key, text in data.items():
            if key not in drawing.label_ids:
                known = ", ".join(drawing.label_ids) or "none"
                hint = difflib.get_close_matches(str(key), drawing.label_ids, n=1, cutoff=0.6)
                maybe = f" (did you mean '{hint[0]}'?)" if hint else ""
                self.check.warning(
                    (*path, key),
                    f"{drawing.path.name} has no label '{key}'{maybe}, so it is not printed; "
                    f"its labels: {known}",
                )
                continue
            clean = self.check.text(text, (*path, key))
            if clean is None:
                continue
            clean = clean.strip()
            over = drawing.overflow(key, clean)
            if over > 0.5:
                self.check.warning(
                    (*path, key),
                    f"'{clean}' sticks out of the drawing by {over:.0f} pt and would be cut "
                    "off; use fewer words or break the line with \\n",
                )
            labels.append((key, clean))
        return tuple(labels)
