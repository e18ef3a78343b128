"""Read YAML while remembering where every value came from.

Error messages must name file, line and column, and PyYAML's constructed objects forget
that, so we compose the node tree ourselves and keep a map from field path to position.
Duplicate keys, which PyYAML silently accepts, are reported as problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import ProblemList

MAX_FILE_BYTES = 2_000_000  # content files are a few kB; anything larger is a mistake

Path_ = tuple  # a field path such as ("patient", "sections", 2, "title")


@dataclass
class YamlDocument:
    """Data from one YAML file plus the position of every value in it."""

    source: str  # path as shown to the user
    data: object
    marks: dict = field(default_factory=dict)

    def where(self, path: Path_) -> tuple[int, int] | None:
        """Line and column (1-based) of the value at `path`, or of its nearest parent."""
        path = tuple(path)
        while True:
            if path in self.marks:
                return self.marks[path]
            if not path:
                return None
            path = path[:-1]


def display_path(path: Path, root: Path | None) -> str:
    """Show a path relative to the project when possible: that is what the user edits."""
    try:
        return str(path.resolve().relative_to(root.resolve())) if root else str(path)
    except ValueError:
        return str(path)


def format_path(path: Path_) -> str:
    """("patient", "sections", 2, "title") -> "patient.sections[2].title"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def load_yaml(path: Path, problems: ProblemList, root: Path | None = None) -> YamlDocument | None:
    """Parse `path`; on any problem record it and return None (or a partial document)."""
    source = display_path(path, root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(source, "", f"cannot read file: {exc.strerror or exc}")
        return None
    if len(raw) > MAX_FILE_BYTES:
        problems.error(source, "", f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(source, "", "not UTF-8 text; save the file as UTF-8", (line, None))
        return None
    return parse_yaml(text, source, problems)


def parse_yaml(text: str, source: str, problems: ProblemList) -> YamlDocument | None:
    if not text.strip():
        problems.error(source, "", "file is empty")
        return None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else None
        message = exc.problem or exc.context or "invalid YAML"
        if "\t" in text and "tab" in str(exc).lower():
            message += " (YAML does not allow tabs for indentation; use spaces)"
        problems.error(source, "", f"invalid YAML: {message}", where)
        return None
    except yaml.YAMLError as exc:
        problems.error(source, "", f"invalid YAML: {exc}")
        return None
    finally:
        loader.dispose()
    if node is None:
        problems.error(source, "", "file is empty")
        return None
    doc = YamlDocument(source, None)
    try:
        doc.data = _construct(node, (), doc, loader, problems)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        problems.error(source, "", f"invalid YAML value: {exc}")
        return None
    return doc


def _construct(node, path, doc, loader, problems):
    doc.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                problems.error(
                    doc.source,
                    format_path(path),
                    f"keys must be text, not {key!r}",
                    (key_node.start_mark.line + 1, key_node.start_mark.column + 1),
                )
                continue
            key = str(key)
            if key in result:
                first = doc.marks.get((*path, key), ("?", "?"))[0]
                problems.error(
                    doc.source,
                    format_path((*path, key)),
                    f"duplicate key (first defined on line {first})",
                    (key_node.start_mark.line + 1, key_node.start_mark.column + 1),
                )
                continue
            result[key] = _construct(value_node, (*path, key), doc, loader, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(item, (*path, index), doc, loader, problems)
            for index, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)
