"""The clinic's look, read from `_brand.yml` (the brand.yml format that Quarto and Shiny read).

`handouts.yaml` stays the one home of contact details and print settings; `_brand.yml` is the
one home of the look: display name, logos, colours and fonts. What brand.yml allows but print
cannot honour (web fonts from Google or Bunny, logos at URLs) is an error that says to use a
local file, because handouts are often printed offline, on machines that hold patient data.

The look reaches the templates as CSS custom properties (`--color-primary`, `--font-body`, ...)
in a generated stylesheet that loads after the built-in CSS and before the clinic's own, so a
clinic's CSS can use and override them. Print-only settings that brand.yml has no place for
live under `defaults.handouts`, the extension point brand.yml reserves for tools.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handouts.brand.colors import mix, parse_color
from handouts.errors import ProblemList
from handouts.project.schema import Checker
from handouts.project.settings import CONFIG_NAME
from handouts.project.yamlfile import display_path, format_path, load_yaml
from handouts.render.file_types import content_mismatch

BRAND_FILES = ("_brand.yml", "_brand.yaml", "brand/_brand.yml", "_brand/_brand.yml")
THEME_SECTION = "theme"  # handouts.yaml: theme.brand (path), theme.stylesheets (paths)
LOGO_SIZES = ("small", "medium", "large")
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
COLOR_ROLES = (
    *("foreground", "background", "primary", "secondary", "tertiary", "success"),
    *("info", "warning", "danger", "light", "dark", "link"),
)
# Colours the templates print that brand.yml has no role for (defaults.handouts.colors).
PRINT_COLORS = ("primary-soft", "danger-soft", "warning-soft", "muted", "rule", "on-primary")
SOFT_TINT = 0.12  # a box's pale background: this much of its colour over the page background
FONT_WEIGHTS = {"thin": 100, "light": 300, "normal": 400, "medium": 500, "bold": 700, "black": 900}
WEB_FONT_SOURCES = ("google", "bunny")


@dataclass(frozen=True)
class Logo:
    path: Path
    alt: str

    @property
    def uri(self) -> str:
        return self.path.as_uri()


@dataclass(frozen=True)
class FontFace:
    family: str
    path: Path
    weight: int
    style: str


@dataclass(frozen=True)
class ColorSetting:
    """A colour the brand sets, and where, so a contrast failure can point at the line."""

    value: str  # '#rrggbb'
    source: str
    field: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class GeneratedStylesheet:
    """CSS made from the brand; stands in the stylesheet list beside files."""

    name: str
    text: str


@dataclass
class Brand:
    source: str = ""  # the brand file as shown to the user; "" when the project has none
    name: str = ""
    logos: dict[str, Logo] = field(default_factory=dict)
    colors: dict[str, ColorSetting] = field(default_factory=dict)  # css name -> setting
    palette: dict[str, str] = field(default_factory=dict)
    font_faces: tuple[FontFace, ...] = ()
    body_family: str = ""
    heading_family: str = ""
    base_size_pt: float | None = None
    line_height: float | None = None
    masthead_logo: str = "medium"
    cover_logo: str = "large"
    stylesheets: tuple[Path, ...] = ()  # handouts.yaml theme.stylesheets, loaded last

    def logo(self, size: str = "medium") -> Logo | None:
        """The logo of that size, else the nearest size the brand has."""
        order = {
            "small": ("small", "medium", "large"),
            "medium": ("medium", "small", "large"),
            "large": ("large", "medium", "small"),
        }[size]
        return next((self.logos[s] for s in order if s in self.logos), None)

    def stylesheet(self, kind: str, default_fonts: str) -> GeneratedStylesheet | None:
        """CSS custom properties (and @font-face rules) for one kind of document."""
        rules = [
            f'@font-face {{ font-family: "{_css_string(face.family)}"; '
            f'src: url("{face.path.as_uri()}"); font-weight: {face.weight}; '
            f"font-style: {face.style}; }}"
            for face in self.font_faces
        ]
        declarations = [f"--color-{name}: {c.value};" for name, c in self.colors.items()]
        declarations += [f"--brand-{name}: {value};" for name, value in self.palette.items()]
        if self.body_family:
            declarations.append(f'--font-body: "{_css_string(self.body_family)}", {default_fonts};')
        if self.heading_family:
            declarations.append(
                f'--font-heading: "{_css_string(self.heading_family)}", {default_fonts};'
            )
        if declarations:
            rules.append(":root {\n  " + "\n  ".join(declarations) + "\n}")
        if self.line_height:
            rules.append(f"html {{ line-height: {self.line_height}; }}")
        if self.base_size_pt and kind in ("handout", "appointment"):  # patient-facing pages
            rules.append(f"html {{ font-size: {self.base_size_pt:g}pt; }}")
        if not rules:
            return None
        return GeneratedStylesheet(f"{self.source or 'brand'} ({kind})", "\n".join(rules) + "\n")


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def is_url(text: str) -> bool:
    return "://" in text or text.startswith("//")


# -- loading -----------------------------------------------------------------------------------


def load_brand(root: Path, problems: ProblemList) -> Brand:
    """Read `theme` from handouts.yaml and the brand file; problems go to `problems`."""
    brand = Brand()
    named, path = _load_theme_section(root, problems, brand)
    if not named:
        path = next((root / name for name in BRAND_FILES if (root / name).is_file()), None)
    if path is None:  # no brand file, or a theme.brand that was reported as wrong
        return brand
    doc = load_yaml(path, problems, root)
    if doc is None:
        return brand
    brand.source = doc.source
    _BrandReader(Checker(doc, problems), path.parent, root, brand).read(doc.data)
    return brand


def _load_theme_section(
    root: Path, problems: ProblemList, brand: Brand
) -> tuple[bool, Path | None]:
    """handouts.yaml `theme:`: the brand file's path (if named there) and extra stylesheets.

    Returns (whether theme.brand names a file, that file or None if it was wrong)."""
    # config.py has read this file already and reported its syntax errors; only our section
    # is checked here, with the positions that file:line messages need.
    doc = load_yaml(root / CONFIG_NAME, ProblemList(), root)
    if doc is None or not isinstance(doc.data, dict) or THEME_SECTION not in doc.data:
        return False, None
    check = Checker(doc, problems)
    path = (THEME_SECTION,)
    data = check.mapping(doc.data[THEME_SECTION], path, optional=("brand", "stylesheets"))
    if data is None:
        return False, None
    brand_file = None
    if "brand" in data:
        suffixes = (".yml", ".yaml")
        brand_file = _local_file(check, root, root, data["brand"], (*path, "brand"), suffixes)
    value = data.get("stylesheets")
    sheets = []
    for item_path, item in check.items([value] if isinstance(value, str) else value, path):
        sheet = _local_file(check, root, root, item, item_path, (".css",))
        if sheet is not None:
            sheets.append(sheet)
    brand.stylesheets = tuple(sheets)
    return "brand" in data, brand_file


def _local_file(check, base: Path, root: Path, value, path, suffixes) -> Path | None:
    """A file inside the project, named relative to `base`; anything else is reported."""
    text = check.text(value, path)
    if text is None:
        return None
    if is_url(text):
        check.error(
            path,
            f"'{text}' is a web address; print uses local files only: "
            "download it into the project and give its path",
        )
        return None
    if not text.lower().endswith((*suffixes, *(s.upper() for s in suffixes))):
        check.error(path, f"'{text}' must be a {' or '.join(s[1:] for s in suffixes)} file")
        return None
    candidate = (base / text).resolve()
    if not candidate.is_relative_to(root.resolve()):
        check.error(path, f"'{text}' is outside the project folder; copy it into the project")
        return None
    if not candidate.is_file():
        check.error(path, f"file not found: {display_path(candidate, root)}")
        return None
    wrong = content_mismatch(candidate)
    if wrong:
        check.error(path, f"{display_path(candidate, root)} {wrong}")
        return None
    return candidate


class _BrandReader:
    def __init__(self, check: Checker, base: Path, root: Path, brand: Brand):
        self.check = check
        self.base = base  # brand.yml paths are relative to the brand file
        self.root = root
        self.brand = brand

    def read(self, data) -> None:
        data = self.check.mapping(
            data, (), optional=("meta", "logo", "color", "typography", "defaults")
        )
        if data is None:
            return
        self.meta(data.get("meta"))
        handouts_defaults = self.defaults(data.get("defaults"))
        self.logos(data.get("logo"))
        self.colors(data.get("color"), handouts_defaults.get("colors"))
        self.typography(data.get("typography"))

    # meta: open in brand.yml, so unknown fields are allowed; only the name is read.
    def meta(self, value) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            self.check.error(("meta",), "expected a mapping of fields")
            return
        name = value.get("name")
        if isinstance(name, dict):
            self.check.mapping(name, ("meta", "name"), optional=("full", "short"))
            name = name.get("full") or name.get("short")
        if name is not None:
            self.brand.name = self.check.text(name, ("meta", "name")) or ""

    def defaults(self, value) -> dict:
        """`defaults` holds one block per tool; ours is `defaults.handouts`."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.check.error(("defaults",), "expected a mapping of tool settings")
            return {}
        path = ("defaults", "handouts")
        if "handouts" not in value:
            return {}
        data = self.check.mapping(
            value["handouts"], path, optional=("colors", "masthead-logo", "cover-logo")
        )
        if data is None:
            return {}
        for key, attr in (("masthead-logo", "masthead_logo"), ("cover-logo", "cover_logo")):
            if key in data:
                size = self.check.choice(data[key], (*path, key), LOGO_SIZES)
                if size:
                    setattr(self.brand, attr, size)
        return data

    # -- logos ---------------------------------------------------------------------------------

    def logos(self, value) -> None:
        if value is None:
            return
        path = ("logo",)
        if isinstance(value, str):  # shorthand: one logo for every size
            value = {"medium": value}
        data = self.check.mapping(value, path, optional=("images", *LOGO_SIZES))
        if data is None:
            return
        images = {}
        if "images" in data:
            named = self.open_mapping(data["images"], (*path, "images"))
            for name, entry in named.items():
                images[name] = (entry, (*path, "images", name))
        for size in LOGO_SIZES:
            if size in data:
                logo = self.logo(data[size], (*path, size), images)
                if logo is not None:
                    self.brand.logos[size] = logo

    def logo(self, value, path, images) -> Logo | None:
        if isinstance(value, dict) and ("light" in value or "dark" in value):
            # Paper has no dark mode: print the light variant.
            self.check.mapping(value, path, optional=("light", "dark"))
            if "light" not in value:
                self.check.error(path, "print needs the 'light' logo; add logo.light")
                return None
            value, path = value["light"], (*path, "light")
        if isinstance(value, str) and value in images:
            value, path = images[value]
        alt = None
        if isinstance(value, dict):
            data = self.check.mapping(value, path, required=("path",), optional=("alt",))
            if data is None:
                return None
            alt = self.check.text(data.get("alt"), (*path, "alt"), required=False)
            value, file_path = data.get("path"), (*path, "path")
        else:
            file_path = path
        image = _local_file(self.check, self.base, self.root, value, file_path, LOGO_SUFFIXES)
        if image is None:
            return None
        if not alt:
            self.check.error(
                path,
                "a logo needs alt text for screen readers: write it as "
                "{path: ..., alt: 'Clinic name logo'}",
            )
            return None
        return Logo(image, alt)

    # -- colours -------------------------------------------------------------------------------

    def colors(self, value, print_colors) -> None:
        path = ("color",)
        data = self.check.mapping(value or {}, path, optional=("palette", *COLOR_ROLES)) or {}
        palette_data = self.open_mapping(data.get("palette"), (*path, "palette"))
        raw_palette = {name: (v, (*path, "palette", name)) for name, v in palette_data.items()}
        for name, (v, where) in raw_palette.items():
            color = self.color(v, where, raw_palette)
            if color:
                self.brand.palette[name] = color
        for role in COLOR_ROLES:
            if role in data:
                self.set_color(role, data[role], (*path, role), raw_palette)
        where = ("defaults", "handouts", "colors")
        extra = self.check.mapping(print_colors or {}, where, optional=PRINT_COLORS) or {}
        for name in PRINT_COLORS:
            if name in extra:
                self.set_color(name, extra[name], (*where, name), raw_palette)
        self.derive_tints()

    def open_mapping(self, value, path) -> dict:
        """A mapping whose keys the user names (palette entries, logo images)."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.check.error(path, "expected a mapping of names to values")
            return {}
        return value

    def set_color(self, name, value, path, palette) -> None:
        color = self.color(value, path, palette)
        if color:
            line, column = self.check.doc.where(path) or (None, None)
            self.brand.colors[name] = ColorSetting(
                color, self.check.doc.source, format_path(path), line, column
            )

    def color(self, value, path, palette, depth=0) -> str | None:
        if isinstance(value, dict):  # {light, dark}: paper is light
            self.check.mapping(value, path, required=("light",), optional=("dark",))
            value, path = value.get("light"), (*path, "light")
        text = self.check.text(value, path)
        if text is None:
            return None
        if text in palette and depth < 5:
            ref_value, _ = palette[text]
            return self.color(ref_value, path, palette, depth + 1)
        parsed = parse_color(text)
        if parsed is None:
            self.check.error(
                path,
                f"'{text}' is not a colour handouts can check for contrast; use a hex colour "
                "such as '#1b4f8a', rgb(27, 79, 138), or a name from color.palette",
            )
        return parsed

    def derive_tints(self) -> None:
        """A brand that changes primary, danger or warning gets matching pale box backgrounds,
        unless defaults.handouts.colors sets them."""
        colors = self.brand.colors
        background = colors["background"].value if "background" in colors else "#ffffff"
        for role in ("primary", "danger", "warning"):
            soft = f"{role}-soft"
            if role in colors and soft not in colors:
                base = colors[role]
                colors[soft] = ColorSetting(
                    mix(base.value, background, SOFT_TINT),
                    base.source,
                    f"{base.field} (its pale tint, {soft})",
                    base.line,
                    base.column,
                )

    # -- typography ----------------------------------------------------------------------------

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
            font_file = _local_file(
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
