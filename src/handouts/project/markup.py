"""The small text markup of content files, turned into escaped HTML.

Content is data, never a template: everything that is not markup is escaped, and
placeholders are filled with escaped clinic details. See docs/content.md for the syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from markupsafe import Markup, escape

INLINE = re.compile(
    r"(?P<lbrace>\{\{)|(?P<rbrace>\}\})"
    r"|\{(?P<placeholder>[A-Za-z_][A-Za-z0-9_]*)\}"
    r"|\[\[(?P<term>[^\[\]|]+?)(?:\|(?P<term_key>[^\[\]]+?))?\]\]"
    r"|\[(?P<cite>@[^\]]+)\]"
    r"|\[(?P<link_text>[^\[\]]+)\]\((?P<link_url>[^()\s]+)\)"
    r"|\*\*(?P<bold>.+?)\*\*"
    r"|(?<![\w*])\*(?P<em>[^*\s](?:[^*]*[^*\s])?)\*(?![\w*])"
    r"|(?P<blank>_{3,})"  # a write-in line: "Your next refill: ___"
)
BULLET = re.compile(r"^\s*-\s+(.*)$")
NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
LINK_SCHEMES = ("http", "https", "mailto", "tel")
WRITE_IN = re.compile(r"_{3,}")


@dataclass
class MarkupContext:
    """What inline markup may refer to, and what it used (for later checks)."""

    placeholders: dict[str, str]
    references: dict[str, int] = field(default_factory=dict)  # key -> number printed
    anchor_prefix: str = ""
    errors: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)


def render_inline(text: str, ctx: MarkupContext) -> Markup:
    out = []
    position = 0
    for match in INLINE.finditer(text):
        out.append(escape(text[position : match.start()]))
        out.append(_render_token(match, ctx))
        position = match.end()
    out.append(escape(text[position:]))
    _check_stray_braces(text, ctx)
    return Markup("").join(out)


def _render_token(match: re.Match, ctx: MarkupContext) -> Markup:
    kind = match.lastgroup
    groups = match.groupdict()
    if groups["blank"]:
        return Markup('<span class="write-line"></span>')
    if groups["lbrace"]:
        return Markup("{")
    if groups["rbrace"]:
        return Markup("}")
    if groups["placeholder"]:
        name = groups["placeholder"]
        if name not in ctx.placeholders:
            known = ", ".join("{" + key + "}" for key in ctx.placeholders)
            ctx.errors.append(f"unknown placeholder {{{name}}}; known: {known}")
            return escape(match.group(0))
        return escape(ctx.placeholders[name])
    if groups["term"]:
        shown = groups["term"].strip()
        key = (groups["term_key"] or shown).strip()
        ctx.terms.append(key.lower())
        return Markup('<dfn class="term" data-term="{}">{}</dfn>').format(key.lower(), shown)
    if groups["cite"]:
        return _render_citation(groups["cite"], ctx)
    if groups["link_text"]:
        url = groups["link_url"]
        if urlsplit(url).scheme not in LINK_SCHEMES:
            ctx.errors.append(f"link '{url}' must start with https://, http://, mailto: or tel:")
            return escape(groups["link_text"])
        inner = render_inline(groups["link_text"], ctx)
        return Markup('<a href="{}">{}</a>').format(url, inner)
    if groups["bold"]:
        return Markup("<strong>{}</strong>").format(render_inline(groups["bold"], ctx))
    if groups["em"]:
        return Markup("<em>{}</em>").format(render_inline(groups["em"], ctx))
    raise AssertionError(kind)  # pragma: no cover - every group is handled above


def _render_citation(body: str, ctx: MarkupContext) -> Markup:
    links = []
    for part in body.split(";"):
        key = part.strip().removeprefix("@").strip()
        ctx.citations.append(key)
        number = ctx.references.get(key)
        if number is None:
            ctx.errors.append(f"citation [@{key}] has no entry in this file's references")
            continue
        links.append(
            Markup('<a class="cite" href="#{}ref-{}" data-ref="{}">{}</a>').format(
                ctx.anchor_prefix, key, key, number
            )
        )
    if not links:
        return Markup("")
    return Markup('<span class="citation">[{}]</span>').format(Markup(", ").join(links))


def _check_stray_braces(text: str, ctx: MarkupContext) -> None:
    stripped = INLINE.sub("", text)
    if "{" in stripped or "}" in stripped:
        ctx.errors.append("a lone '{' or '}': write {{ or }} for a literal brace")


def render_blocks(text: str, ctx: MarkupContext) -> Markup:
    """Paragraphs, bullet lists and numbered steps."""
    blocks: list[tuple[str, list[str]]] = []  # (kind, lines)
    for raw_line in text.splitlines():
        line = raw_line.rstrip()
        if not line.strip():
            blocks.append(("blank", []))
            continue
        for kind, pattern in (("ul", BULLET), ("ol", NUMBERED)):
            match = pattern.match(line)
            if match:
                if blocks and blocks[-1][0] == kind:
                    blocks[-1][1].append(match.group(1))
                else:
                    blocks.append((kind, [match.group(1)]))
                break
        else:
            last = blocks[-1] if blocks else None
            if last and last[0] in ("ul", "ol") and raw_line.startswith((" ", "\t")):
                last[1][-1] += " " + line.strip()  # continuation of a list item
            elif last and last[0] == "p":
                last[1].append(line.strip())
            else:
                blocks.append(("p", [line.strip()]))
    html = []
    for kind, lines in blocks:
        if kind == "p":
            html.append(Markup("<p>{}</p>").format(render_inline(" ".join(lines), ctx)))
        elif kind == "ul":
            items = Markup("").join(
                Markup("<li>{}</li>").format(render_inline(item, ctx)) for item in lines
            )
            # A list of write-in lines ("Model: ___") is a form: printed whole, with its heading.
            form = all(WRITE_IN.search(item) for item in lines)
            html.append(
                Markup('<ul class="write-in">{}</ul>' if form else "<ul>{}</ul>").format(items)
            )
        elif kind == "ol":
            items = Markup("").join(
                Markup("<li>{}</li>").format(render_inline(item, ctx)) for item in lines
            )
            html.append(Markup('<ol class="steps">{}</ol>').format(items))
    return Markup("\n").join(html)
