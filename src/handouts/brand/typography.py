"""`typography` of `_brand.yml`: font files (local only), the body and heading families, sizes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handouts.project.local_files import local_file

FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
FONT_WEIGHTS = {"thin": 100, "light": 300, "normal": 400, "medium": 500, "bold": 700, "black": 900}
WEB_FONT_SOURCES = ("google", "bunny")


@dataclass(frozen=True)
class FontFace:
    family: str
    path: Path
    weight: int
    style: str


class TypographyReader:
    """The typography part of the brand reader (brandfile._BrandReader): needs `check`,
    `base`, `root` and `brand`."""

    def typography(self, value) -> None:
        if value is None:
            return
        path = ("typography",)
        data = self.check.mapping(
            value,
            path,
            optional=(
                *("fonts", "base", "headings", "monospace", "monospace-inline"),
                *("monospace-block", "link"),
            ),
        )
        if data is None:
            return
        families = set()
        for item_path, item in self.check.items(data.get("fonts"), (*path, "fonts")):
            families.update(self.font(item, item_path))
        base = self.family_setting(data.get("base"), (*path, "base"), families)
        if base:
            self.brand.body_family = base
        headings = self.family_setting(data.get("headings"), (*path, "headings"), families)
        if headings:
            self.brand.heading_family = headings
        base_data = data.get("base")
        if isinstance(base_data, dict):
            if "size" in base_data:
                self.brand.base_size_pt = self.size(base_data["size"], (*path, "base", "size"))
            if "line-height" in base_data:
                self.brand.line_height = self.check.number(
                    base_data["line-height"], (*path, "base", "line-height"), minimum=1, maximum=3
                )

    def font(self, value, path) -> set[str]:
        data = self.check.mapping(
            value,
            path,
            required=("family",),
            optional=("source", "files", "weight", "style", "display"),
        )
        if data is None:
            return set()
        family = self.check.text(data.get("family"), (*path, "family"))
        source = data.get("source", "file" if "files" in data else "system")
        if source in WEB_FONT_SOURCES:
            self.check.error(
                (*path, "source"),
                f"fonts from {source.title()} Fonts are fetched from the web, which print does "
                "not do; download the font files into the project and use source: file "
                "with files: [{path: fonts/....ttf, weight: 400}]",
            )
            return set()
        source = self.check.choice(source, (*path, "source"), ("file", "system"))
        if source is None or family is None:
            return set()
        if source == "system":
            return {family}
        faces = []
        for item_path, item in self.check.items(data.get("files"), (*path, "files"), min_items=1):
            spec = {"path": item} if isinstance(item, str) else item
            face = self.check.mapping(
                spec, item_path, required=("path",), optional=("weight", "style")
            )
            if face is None:
                continue
            file_path = (*item_path, "path") if isinstance(item, dict) else item_path
            font_file = local_file(
                self.check, self.base, self.root, face.get("path"), file_path, FONT_SUFFIXES
            )
            weight = self.weight(face.get("weight", 400), (*item_path, "weight"))
            style = self.check.choice(
                face.get("style", "normal"), (*item_path, "style"), ("normal", "italic")
            )
            if font_file and weight and style:
                faces.append(FontFace(family, font_file, weight, style))
        self.brand.font_faces += tuple(faces)
        return {family} if faces else set()

    def weight(self, value, path) -> int | None:
        if isinstance(value, str) and value in FONT_WEIGHTS:
            return FONT_WEIGHTS[value]
        number = self.check.integer(value, path, minimum=100, maximum=900)
        if number is not None and number % 100:
            self.check.error(path, "font weights are hundreds: 100, 200, ... 900")
            return None
        return number

    def family_setting(self, value, path, declared: set[str]) -> str | None:
        """`base: Family` or `base: {family: Family, ...}`; the family must have fonts."""
        if value is None:
            return None
        if isinstance(value, dict):
            if "family" not in value:
                return None
            path, value = (*path, "family"), value["family"]
        family = self.check.text(value, path)
        if family and family not in declared:
            self.check.error(
                path,
                f"no font files for '{family}': list it under typography.fonts with "
                "source: file and the paths of its files",
            )
            return None
        return family

    def size(self, value, path) -> float | None:
        """A base text size for handouts, in points; under 12 pt is too small for patients."""
        text = self.check.text(value, path)
        if text is None:
            return None
        number, factor = text.strip(), 1.0
        for suffix, points_per_unit in (("pt", 1.0), ("px", 0.75)):  # CSS: 1px = 0.75pt
            if number.endswith(suffix):
                number, factor = number[: -len(suffix)], points_per_unit
                break
        try:
            points = float(number) * factor
        except ValueError:
            self.check.error(path, f"'{text}' is not a size such as 13pt or 18px")
            return None
        if points < 12:
            self.check.error(path, f"{text} is {points:g} pt; patient handouts need at least 12 pt")
            return None
        return points
