"""Which booklet parts print another part's page number (`target-counter()` and kin).

A part laid out alone links to other parts through placeholders (booklet_split.py). Only a
part whose layout reads a placeholder's page number, such as the contents with its page
numbers, depends on where the other parts fall; every other part lays out the same wherever
the rest of the booklet goes, so it is kept (and reused) by its own content only. This module
answers that question the way the layout would: it finds the stylesheet rules whose values
call target-counter(), target-counters() or target-text(), and asks whether any of their
selectors match an element of the part. A style attribute or a <style> element that names
one of those functions makes the answer yes, as does anything that cannot be read.
"""

from __future__ import annotations

import cssselect2
import tinycss2
import tinyhtml5

TARGET_FUNCTIONS = ("target-counter", "target-counters", "target-text")


def _calls_target(tokens) -> bool:
    for token in tokens or ():
        if token.type == "function" and token.lower_name in TARGET_FUNCTIONS:
            return True
        if getattr(token, "content", None) and _calls_target(token.content):
            return True
        if token.type == "function" and _calls_target(token.arguments):
            return True
    return False


def target_selectors(css_texts: list[str]) -> list[str] | None:
    """The selectors of rules that print a target's page or text; None means "any element"
    (such a call outside a plain style rule, as in an @page margin box)."""
    found: list[str] = []
    for text in css_texts:
        rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
        if not _collect(rules, found):
            return None
    return found


def _collect(rules, found: list[str]) -> bool:
    for rule in rules:
        if rule.type == "qualified-rule":
            if _calls_target(rule.content):
                found.append(tinycss2.serialize(rule.prelude))
        elif rule.type == "at-rule" and rule.content is not None:
            if rule.lower_at_keyword in ("media", "supports"):
                inner = tinycss2.parse_rule_list(rule.content, True, True)
                if not _collect(inner, found):
                    return False
            elif _calls_target(rule.content):
                return False
    return True


def reads_other_pages(part_html: str, body: str, selectors: list[str] | None) -> bool:
    """Whether the part (its whole HTML, and its own body text) prints a target's page."""
    if selectors is None or any(name in body for name in TARGET_FUNCTIONS):
        return True
    if not selectors:
        return False
    try:
        compiled = [s for text in selectors for s in cssselect2.compile_selector_list(text)]
    except cssselect2.SelectorError:
        return True
    root = cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(part_html))
    body_element = next((e for e in root.iter_subtree() if e.local_name == "body"), None)
    if body_element is None:
        return True
    for element in body_element.iter_subtree():
        if any(selector.test(element) for selector in compiled):
            return True
    return False
