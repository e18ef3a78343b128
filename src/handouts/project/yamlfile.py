"""Read YAML while remembering where every value came from.

Error messages must name file, line and column, and PyYAML's constructed objects forget
that, so we compose the node tree ourselves and keep a map from field path to position.
Duplicate keys, which PyYAML silently accepts, are reported as problems.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from handouts.diagnostics import ProblemList

MAX_FILE_BYTES = 2_000_000  # content files are a few kB; anything larger is a mistake
# Aliases (*name) copy a value wherever they appear, so a 1 kB file can expand to billions of
# values ("billion laughs"); the largest content file holds about 1,000.
MAX_VALUES = 100_000


# libyaml composes twenty times faster than pure Python, with the same line and column marks.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TooManyValues(Exception):
    pass


Path_ = tuple  # a field path such as ("patient", "sections", 2, "title")


@dataclass
class YamlDocument:
    """Data from one YAML file plus the position of every value in it."""

    source: str  # path as shown to the user
    data: object
    marks: dict = field(default_factory=dict)
    key_marks: dict = field(default_factory=dict)  # where the key of a mapping entry stands
    sha256: str = ""  # of the text as loaded (UTF-8, without a byte-order mark): a fingerprint

    def where_key(self, path: Path_) -> tuple[int, int] | None:
        """Line and column of the key naming the value at `path` (for unknown fields)."""
        return self.key_marks.get(tuple(path)) or self.where(path)

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
    if root is None:
        return str(path)
    try:  # the name as the user knows it: a symlink is shown by its own name, not its target's
        return str(path.absolute().relative_to(root.absolute()))
    except ValueError:
        pass
    try:
        return str(path.resolve().relative_to(root.resolve()))
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
    if root is not None and leads_out_of(path, root):
        problems.error(
            source,
            "",
            "is a symbolic link to a file outside the project; copy the file into the project",
        )
        return None
    try:
        raw = read_bounded(path, MAX_FILE_BYTES)
    except FileRefused as exc:
        problems.error(source, "", str(exc))
        return None
    except OSError as exc:
        problems.error(source, "", f"cannot read file: {exc.strerror or exc}")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(source, "", "not UTF-8 text; save the file as UTF-8", (line, None))
        return None
    return parse_yaml(text, source, problems)


class FileRefused(Exception):
    """A file that is not read: not a regular file, or over the size limit."""


def leads_out_of(path: Path, root: Path) -> bool:
    """True for a path inside the project folder that resolves (through a symbolic link)
    to somewhere outside it. Files outside the project (the built-in content) are not its
    business."""
    try:
        inside = path.absolute().is_relative_to(root.absolute())
        return inside and not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return True


def read_bounded(path: Path, limit: int) -> bytes:
    """The file's bytes, after checking that it is a regular file of at most `limit` bytes:
    a FIFO would block forever and a 3 GB file would be read into memory before any check.
    Raises FileRefused or OSError."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            if stat.S_ISFIFO(info.st_mode):
                kind = "a named pipe (FIFO), not a regular file"
            raise FileRefused(f"is {kind}; it must be a text file")
        if info.st_size > limit:
            raise FileRefused(f"file is {info.st_size:,} bytes; the limit is {limit:,}")
        with os.fdopen(os.dup(fd), "rb") as handle:
            raw = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise FileRefused(f"file is more than {limit:,} bytes; the limit is {limit:,}")
    return raw


def parse_yaml(text: str, source: str, problems: ProblemList) -> YamlDocument | None:
    if not text.strip():
        problems.error(source, "", "file is empty")
        return None
    loader = None
    try:
        loader = LOADER(text)
        node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:  # a control character, e.g. pasted from elsewhere
        problems.error(
            source,
            "",
            f"invalid YAML: the control character U+{exc.character:04X} is not allowed; "
            "delete it (it may have come in with pasted text)",
            _position_of(text, chr(exc.character)),
        )
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else None
        message = exc.problem or exc.context or "invalid YAML"
        if mark and _indented_with_tab(text, mark.line):
            message += " (YAML does not allow tabs for indentation; use spaces)"
        problems.error(source, "", f"invalid YAML: {message}", where)
        return None
    except yaml.YAMLError as exc:
        problems.error(source, "", f"invalid YAML: {exc}")
        return None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        problems.error(source, "", "file is empty")
        return None
    doc = YamlDocument(source, None, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    try:
        _check_expanded_size(node)
        doc.data = _construct(node, (), doc, loader, problems)
    except _TooManyValues:
        problems.error(
            source,
            "",
            f"more than {MAX_VALUES:,} values once aliases (*name) are expanded; "
            "is an alias repeated by mistake?",
        )
        return None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        problems.error(source, "", f"invalid YAML value: {exc}")
        return None
    return doc


def _position_of(text: str, char: str) -> tuple[int, int] | None:
    index = text.find(char)
    if index < 0:
        return None
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _indented_with_tab(text: str, line: int) -> bool:
    lines = text.splitlines()
    if not 0 <= line < len(lines):
        return False
    row = lines[line]
    return "\t" in row[: len(row) - len(row.lstrip())]


def _check_expanded_size(root) -> None:
    """Count the values the node graph expands to, aliases (and merge keys) included, and
    stop past MAX_VALUES before anything is built: a 385-byte alias bomb inside a complex
    key took 49 s and 3.4 GB before a MemoryError."""
    count = 0
    stack = [root]
    while stack:
        node = stack.pop()
        count += 1
        if count > MAX_VALUES:
            raise _TooManyValues
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


# Tags that plain data may carry; anything else (!!python/..., !custom) is refused.
STANDARD_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


def _construct(node, path, doc, loader, problems):
    doc.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if len(doc.marks) > MAX_VALUES:
        raise _TooManyValues
    if isinstance(node, yaml.CollectionNode) and node.tag not in STANDARD_COLLECTION_TAGS:
        problems.error(
            doc.source,
            format_path(path),
            f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed; "
            "content is plain data",
            doc.marks[path],
        )
        return None
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.error(
                    doc.source,
                    format_path(path),
                    "keys must be text, not a list or mapping",
                    (key_node.start_mark.line + 1, key_node.start_mark.column + 1),
                )
                continue
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
                first = doc.key_marks.get((*path, key), ("?", "?"))[0]
                problems.error(
                    doc.source,
                    format_path((*path, key)),
                    f"duplicate key (first defined on line {first})",
                    (key_node.start_mark.line + 1, key_node.start_mark.column + 1),
                )
                continue
            doc.key_marks[(*path, key)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            result[key] = _construct(value_node, (*path, key), doc, loader, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(item, (*path, index), doc, loader, problems)
            for index, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)


class YamlFiles:
    """Every YAML file one run reads, each parsed once with its positions kept.

    Loaders read through it, and later steps (preflight's line numbers, the built-in version
    of an overridden procedure) ask it again instead of parsing the file a second time. The
    first reader's `problems` receive the file's syntax errors; later readers get the same
    document (or None) without the errors being reported twice.
    """

    def __init__(self, root: Path | None = None):
        self.root = root
        self._documents: dict[Path, YamlDocument | None] = {}

    def load(self, path: Path, problems: ProblemList) -> YamlDocument | None:
        key = Path(path).absolute()
        if key not in self._documents:
            self._documents[key] = load_yaml(path, problems, self.root)
        return self._documents[key]

    def paths(self) -> list[Path]:
        """Every file read so far."""
        return list(self._documents)

    def get(self, path: Path) -> YamlDocument | None:
        """The document at `path`, parsed now if no loader has read it (its problems dropped)."""
        return self.load(path, ProblemList())

    def __getstate__(self):
        # Worker processes lay out documents and need no positions: do not pickle them all.
        return {"root": self.root, "_documents": {}}


def read_yaml(
    path: Path, problems: ProblemList, root: Path | None, files: YamlFiles | None
) -> YamlDocument | None:
    """Through the run's YamlFiles when there is one (load_project), else parsed directly."""
    return files.load(path, problems) if files is not None else load_yaml(path, problems, root)
