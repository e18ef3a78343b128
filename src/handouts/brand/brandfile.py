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
from handouts.brand.theme_section import ThemeSection, ThemeSettings
from handouts.brand.typography import (
    FontFace,
    TypographyReader,
)
from handouts.diagnostics import ProblemList
from handouts.i18n.languages import ENGLISH, LANGUAGE_KEY, base_language
from handouts.project.local_files import local_file
from handouts.project.schema import Checker
from handouts.project.settings import CONFIG_NAME
from handouts.project.yamlfile import YamlFiles, format_path, read_yaml

BRAND_FILES = ("_brand.yml", "_brand.yaml", "brand/_brand.yml", "_brand/_brand.yml")
THEME_SECTION = "theme"  # handouts.yaml: theme.brand (path), theme.stylesheets (paths)
LOGO_SIZES = ("small", "medium", "large")
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
COLOR_ROLES = (
    *("foreground", "background", "primary", "secondary", "tertiary", "success"),
    *("info", "warning", "danger", "light", "dark", "link"),
)
# Colours the templates print that brand.yml has no role for (defaults.handouts.colors).
PRINT_COLORS = ("primary-soft", "danger-soft", "warning-soft", "muted", "rule", "on-primary")
SOFT_TINT = 0.12  # a box's pale background: this much of its colour over the page background


@dataclass(frozen=True)
class Logo:
    path: Path
    alt: str  # in the clinic's own language, `alt_language`
    alt_language: str = ENGLISH
    alts: tuple[tuple[str, str], ...] = ()  # (base language, text), when given per language
    alt_field: str = ""  # where the alt text is in the brand file, for messages
    alt_where: tuple[int, int] | None = None

    @property
    def uri(self) -> str:
        return self.path.as_uri()

    def speaks(self, language: str) -> bool:
        """Whether the alt text is given in `language` (a tag or a base language)."""
        base = base_language(language)
        return base == self.alt_language or base in dict(self.alts)

    def alt_in(self, tag: str) -> str:
        """The alt text for a document in language `tag`: its own, else the clinic's."""
        return dict(self.alts).get(base_language(tag), self.alt)

    def fallback_language(self, tag: str) -> str | None:
        """The language of the alt text a document in `tag` gets, when it is not `tag`'s
        (so the image is tagged and read in that language); None when it is."""
        return None if self.speaks(tag) else self.alt_language


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


# -- loading -----------------------------------------------------------------------------------


def load_brand(
    root: Path,
    problems: ProblemList,
    theme: ThemeSettings | None = None,
    files: YamlFiles | None = None,
    language: str = ENGLISH,
) -> Brand:
    """Read the brand file that `theme` (handouts.yaml) names, or the default one; problems
    go to `problems`. Without `theme`, handouts.yaml's theme section is read here.
    `language` is the clinic's own (handouts.yaml print.language): a logo's alt text given
    as plain text is in it."""
    if theme is None:
        theme = _theme_of(root, problems, files)
    brand = Brand(stylesheets=theme.stylesheets)
    path = theme.brand_file
    if not theme.brand_named:
        path = next((root / name for name in BRAND_FILES if (root / name).is_file()), None)
    if path is None:  # no brand file, or a theme.brand that was reported as wrong
        return brand
    doc = read_yaml(path, problems, root, files)
    if doc is None:
        return brand
    brand.source = doc.source
    reader = _BrandReader(Checker(doc, problems), path.parent, root, brand)
    reader.language = base_language(language)
    reader.read(doc.data)
    return brand


def _theme_of(root: Path, problems: ProblemList, files: YamlFiles | None) -> ThemeSettings:
    """handouts.yaml's theme section alone (its other sections are settings.py's to report)."""
    doc = read_yaml(root / CONFIG_NAME, ProblemList(), root, files)
    if doc is None or not isinstance(doc.data, dict) or THEME_SECTION not in doc.data:
        return ThemeSettings()
    section = (THEME_SECTION,)
    return ThemeSection(root).validate(Checker(doc, problems), doc.data[THEME_SECTION], section)


class _BrandReader(TypographyReader):
    def __init__(self, check: Checker, base: Path, root: Path, brand: Brand):
        self.check = check
        self.base = base  # brand.yml paths are relative to the brand file
        self.root = root
        self.brand = brand
        self.language = ENGLISH  # the clinic's own: a plain alt text is in it

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
        alt, alts, alt_path = None, {}, (*path, "alt")
        if isinstance(value, dict):
            data = self.check.mapping(value, path, required=("path",), optional=("alt",))
            if data is None:
                return None
            if isinstance(data.get("alt"), dict):
                alts = self.alt_texts(data["alt"], alt_path)
                if alts is None:
                    return None
                alt = alts.pop(self.language, None)
            else:
                alt = self.check.text(data.get("alt"), alt_path, required=False)
            value, file_path = data.get("path"), (*path, "path")
        else:
            file_path = path
        image = local_file(self.check, self.base, self.root, value, file_path, LOGO_SUFFIXES)
        if image is None:
            return None
        if not alt:
            self.check.error(
                path,
                "a logo needs alt text for screen readers: write it as "
                "{path: ..., alt: 'Clinic name logo'}, or per language as "
                f"{{path: ..., alt: {{{self.language}: ..., es: ...}}}}",
            )
            return None
        return Logo(
            image,
            alt,
            self.language,
            tuple(alts.items()),
            format_path(alt_path),
            self.check.doc.where(alt_path),
        )

    def alt_texts(self, value: dict, path) -> dict[str, str] | None:
        """{base language: text} from `alt: {en: ..., es: ...}`."""
        texts = {}
        for key, text in value.items():
            if not isinstance(key, str) or not LANGUAGE_KEY.match(key):
                self.check.error((*path, str(key)), "expected a language such as en or es")
                return None
            checked = self.check.text(text, (*path, key))
            if checked is None:
                return None
            texts[base_language(key)] = checked
        return texts

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
