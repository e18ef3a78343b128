"""Figures and QR codes as inline SVG, in the clinic's colours and fonts.

A drawing's file uses colour roles as classes (`fill-bone`, `stroke-ink`); here each becomes
the concrete colour the clinic's stylesheets print (brand/contrast.py's `printed_colors`, so
`_brand.yml` and `clinic.css` both apply), every label gets the body font explicitly, the
content's label words replace the drawing's own, and the alt text becomes the SVG's <title>,
which WeasyPrint writes as the Figure tag's /Alt. Each figure is wrapped in HTML comments so
that the build can lay a handout out again without its figures when they do not fit
(`strip_figures`).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from functools import cached_property

from markupsafe import Markup

from handouts.brand.colors import mix
from handouts.i18n.catalog import N_
from handouts.project.content import Diary, Handout, Section
from handouts.project.figures import ROLE_CLASS, SVG_NS, XLINK_HREF, Figure
from handouts.project.loader import Project
from handouts.project.media_settings import MediaSettings, load_media_settings
from handouts.project.video import DEFAULT_LABEL, Video, VideoSetting

FLOAT_MAX_PT = 260  # narrower drawings sit beside the text; wider ones take the column
FIGURE_MARK = "<!-- figure "
VIDEO_MARK = '<div class="video'  # a QR code panel (FigurePrinter.qr)
FIGURE_BLOCK = re.compile(r"<!-- figure ([a-z0-9-]+)( diary)? -->.*?<!-- /figure -->", re.DOTALL)
DEFAULT_FONTS = "'Atkinson Hyperlegible', 'Noto Sans', 'DejaVu Sans', sans-serif"
LARGE_PRINT_SCALE = 18 / 12.5  # labels drawn at body size (12.5 pt) print at 18 pt
QR_SIZE_PT = 58  # about 0.8 in: a phone reads it from a hand's length
FALLBACK_COLORS = {
    "foreground": "#1c1c1c",
    "background": "#ffffff",
    "primary": "#1b4f8a",
    "primary-soft": "#e8f0fa",
    "muted": "#4a4a4a",
    "warning": "#7a4d00",
}


def role_colors(printed: dict[str, str]) -> dict[str, str]:
    """The colour of each role a drawing may use, from the colours the clinic prints."""
    c = {**FALLBACK_COLORS, **printed}
    return {
        "ink": c["foreground"],
        "muted": c["muted"],
        "paper": c["background"],
        "primary": c["primary"],
        "primary-soft": c["primary-soft"],
        "bone": mix(c["muted"], c["background"], 0.22),
        "skin": mix(c["muted"], c["background"], 0.07),
        "nerve": c["warning"],
    }


class FigurePrinter:
    """What templates call to print figures and QR codes: `figures.section(handout, section)`,
    `figures.diary(handout, diary)`, `figures.video_for(handout)`, `figures.qr(video)`."""

    def __init__(self, project: Project, translations=None, language: str = "en"):
        self.project = project
        self.translations = translations  # gettext for the document's language (None: English)
        self.language = language  # the document's base language
        self.counter = 0  # keeps the ids of several drawings in one document apart

    def new_document(self) -> None:
        """Number the next document's drawings from 1, so that a document prints the same
        whichever others were rendered before it (its build key depends on it)."""
        self.counter = 0

    @cached_property
    def settings(self) -> MediaSettings:
        return load_media_settings(self.project.settings)

    @cached_property
    def colors(self) -> dict[str, str]:
        from handouts.brand.contrast import printed_colors  # imports the theme, as we are

        printed = {
            name: setting.value for name, (setting, _) in printed_colors(self.project).items()
        }
        return role_colors(printed)

    @cached_property
    def font_family(self) -> str:
        family = self.project.brand.body_family
        return f"'{family}', {DEFAULT_FONTS}" if family else DEFAULT_FONTS

    def printed(self, handout: Handout, holder: Section | Diary) -> tuple[Figure, ...]:
        return tuple(f for f in handout.figures(holder) if f.name not in self.settings.leave_out)

    def section(self, handout: Handout, section: Section) -> Markup:
        return Markup("").join(self.figure(f) for f in self.printed(handout, section))

    def diary(self, handout: Handout, diary: Diary) -> Markup:
        figures = self.printed(handout, diary)
        return Markup("").join(self.figure(f, "figure-diary") for f in figures)

    def figure(self, figure: Figure, extra_class: str = "") -> Markup:
        self.counter += 1
        svg = inline_svg(figure, self.colors, self.font_family, f"fig{self.counter}-")
        width = min(figure.drawing.width, 504)
        placement = "figure-float" if width <= FLOAT_MAX_PT else "figure-wide"
        caption = (
            Markup('<figcaption class="figure-caption">{}</figcaption>').format(figure.caption)
            if figure.caption
            else ""
        )
        return Markup(
            '<!-- figure {name}{marker} --><figure class="figure {placement} {extra}" '
            'style="width: {width:g}pt; --figure-large-width: {large:g}pt" data-figure="{name}">'
            "{svg}{caption}</figure><!-- /figure -->"
        ).format(
            name=figure.name,
            marker=" diary" if extra_class == "figure-diary" else "",
            placement=placement,
            extra=extra_class,
            width=width,
            large=round(width * LARGE_PRINT_SCALE, 1),
            svg=Markup(svg),
            caption=caption,
        )

    def _(self, message: str) -> str:
        return self.translations.gettext(message) if self.translations else message

    def video_for(self, handout: Handout) -> Video | None:
        """The handout's own address, else the clinic's, in the handout's language."""
        setting = handout.procedure.video or self.settings.video
        return self.resolved(setting, handout.procedure.language)

    def clinic_video(self) -> Video | None:
        """The clinic's address (handouts.yaml), in this document's language."""
        return self.resolved(self.settings.video, self.language)

    def resolved(self, setting: VideoSetting | None, language: str) -> Video | None:
        return setting.in_language(language, self._(DEFAULT_LABEL)) if setting else None

    def qr(self, video: Video | VideoSetting, css_class: str = "video") -> Markup:
        """A QR code of the address beside the address in text, so it can also be typed."""
        if isinstance(video, VideoSetting):  # as a clinic's template may pass settings.video
            video = self.resolved(video, self.language)
        return Markup(
            '<div class="{css_class}">{svg}<p class="video-text"><strong>{label}</strong> '
            '{scan} <span class="video-address">{short}</span></p></div>'
        ).format(
            css_class=css_class,
            svg=Markup(qr_svg(video.url, self._(QR_ALT) % {"address": video.short})),
            label=_sentence(video.label),
            scan=self._(SCAN),
            short=video.short,
        )


SCAN = N_("Scan the code with your phone, or type")
QR_ALT = N_("QR code for %(address)s")


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def inline_svg(figure: Figure, colors: dict[str, str], font_family: str, prefix: str) -> str:
    """The drawing as an <svg> element for the page (see the module docstring)."""
    root = ET.fromstring(figure.drawing.path.read_bytes())
    labels = dict(figure.labels)
    for el in root.iter():
        _apply_roles(el, colors)
        if el.tag == f"{{{SVG_NS}}}text":
            if el.get("id") in labels:
                _set_label(el, labels[el.get("id")])
            el.set("font-family", font_family)
        for key in ("href", XLINK_HREF):
            if el.get(key, "").startswith("#"):
                el.set(key, "#" + prefix + el.get(key)[1:])
        if el.get("id"):
            el.set("id", prefix + el.get("id"))
    for old in [c for c in root if c.tag in (f"{{{SVG_NS}}}title", f"{{{SVG_NS}}}desc")]:
        root.remove(old)
    title = ET.Element(f"{{{SVG_NS}}}title")
    title.text = figure.alt
    root.insert(0, title)
    width = min(figure.drawing.width, 504)
    scale = width / figure.drawing.width
    root.set("width", f"{width:g}pt")
    root.set("height", f"{figure.drawing.height * scale:g}pt")
    root.set("role", "img")
    root.set("class", "figure-drawing")
    return serialize_svg(root)


def _apply_roles(el: ET.Element, colors: dict[str, str]) -> None:
    classes = el.get("class", "").split()
    kept = []
    for name in classes:
        match = ROLE_CLASS.match(name)
        if match and match.group(2) in colors:
            el.set(match.group(1), colors[match.group(2)])
        else:
            kept.append(name)
    if kept:
        el.set("class", " ".join(kept))
    elif "class" in el.attrib:
        del el.attrib["class"]


def _set_label(el: ET.Element, text: str) -> None:
    """Put the content's words in a label; a line break in them starts a new line."""
    for child in list(el):
        el.remove(child)
    lines = text.split("\n")
    el.text = lines[0] if len(lines) == 1 else None
    if len(lines) > 1:
        for index, line in enumerate(lines):
            span = ET.SubElement(el, f"{{{SVG_NS}}}tspan", {"x": el.get("x", "0")})
            if index:
                span.set("dy", "1.15em")
            span.text = line


def qr_svg(url: str, alt: str) -> str:
    """A vector QR code (segno), black on white with its quiet zone, sized for print."""
    import segno

    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=1,
        border=4,
        dark="#000000",
        light="#ffffff",
        title=None,
        nl=False,
    )
    root = ET.fromstring(buffer.getvalue())
    size = root.get("width")
    root.set("viewBox", f"0 0 {size} {size}")
    root.set("width", f"{QR_SIZE_PT}pt")
    root.set("height", f"{QR_SIZE_PT}pt")
    root.set("role", "img")
    root.set("class", "qr-code")
    for child in [c for c in root if c.tag == f"{{{SVG_NS}}}title"]:
        root.remove(child)
    title = ET.Element(f"{{{SVG_NS}}}title")
    title.text = alt
    root.insert(0, title)
    return serialize_svg(root)


def serialize_svg(root: ET.Element) -> str:
    """SVG markup for an HTML page: plain element names in the SVG namespace (ElementTree's
    global prefix registry is shared with other libraries, so it is not relied on), links as
    SVG 2 `href`, and attributes of editors' own namespaces (Inkscape's) dropped."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        el.tag = el.tag.rpartition("}")[2]
        for key in [k for k in el.attrib if k.startswith("{")]:
            value = el.attrib.pop(key)
            if key == XLINK_HREF:
                el.set("href", value)
    root.set("xmlns", SVG_NS)
    return ET.tostring(root, encoding="unicode")


def strip_figures(html: str, *, diary_only: bool = False) -> tuple[str, list[str]]:
    """The HTML without its figures (or only without the pain diary's), and the names of the
    figures taken out."""
    names: list[str] = []

    def take(match: re.Match) -> str:
        if diary_only and not match.group(2):
            return match.group(0)
        names.append(match.group(1))
        return ""

    return FIGURE_BLOCK.sub(take, html), names
