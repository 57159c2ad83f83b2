"""Stage 1, load: YAML 1.2 files to plain Python data plus the source position of every value.

The loader composes the YAML node graph (which keeps line and column marks) and converts it
itself, so that it can report duplicate keys and aliases as diagnostics instead of stopping at
the first one, and so that an alias bomb is refused before it is expanded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, error

MAX_FILE_BYTES = 5_000_000

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    col: int  # 1-based


@dataclass
class Document:
    """One content file: its data, and where each value (and each mapping key) stands."""

    path: str
    data: Any
    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)

    def position(self, loc: Path_) -> Position:
        """Best position for a location: the value itself, else its nearest enclosing value."""
        for end in range(len(loc), -1, -1):
            pos = self.values.get(tuple(loc[:end]))
            if pos is not None:
                return pos
        return Position(1, 1)

    def key_position(self, loc: Path_) -> Position:
        return self.keys.get(tuple(loc)) or self.position(loc)


def load_file(path: Path, display: str) -> tuple[Document | None, list[Diagnostic]]:
    """Read one YAML file; return its Document, or None and the reasons it could not be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [error(display, 0, 0, "yaml-syntax", f"cannot read the file: {exc.strerror}")]
    return load_bytes(raw, display)


def load_bytes(raw: bytes, display: str) -> tuple[Document | None, list[Diagnostic]]:
    """Parse YAML bytes; every problem is a Diagnostic, never an exception."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            error(display, 0, 0, "yaml-too-large",
                  f"the file is {len(raw):,} bytes, expected at most {MAX_FILE_BYTES:,}")
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            error(display, line, col, "yaml-encoding",
                  f"byte 0x{raw[exc.start]:02x} is not UTF-8, expected UTF-8 text")
        ]
    if text.startswith("\ufeff"):
        text = text[1:]
    yaml = YAML(typ="safe", pure=True)
    try:
        nodes = list(yaml.compose_all(io.StringIO(text)))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or exc.context or "malformed YAML"
        return None, [error(display, line, col, "yaml-syntax", f"{problem}, expected valid YAML")]
    except (YAMLError, RecursionError) as exc:
        return None, [error(display, 0, 0, "yaml-syntax", f"{exc}, expected valid YAML")]
    if len(nodes) > 1:
        mark = nodes[1].start_mark
        return None, [
            error(display, mark.line + 1, mark.column + 1, "yaml-multiple-documents",
                  "a second YAML document starts here, expected one document per file")
        ]
    doc = Document(display, None)
    if not nodes:
        return doc, []
    converter = _Converter(doc, yaml.constructor, text)
    try:
        doc.data = converter.convert(nodes[0], ())
    except RecursionError:
        return None, [error(display, 0, 0, "yaml-syntax", "the data is nested too deeply")]
    return doc, converter.diagnostics


class _Converter:
    """Turns a composed node tree into dicts, lists and scalars, recording positions."""

    def __init__(self, doc: Document, constructor: SafeConstructor, text: str) -> None:
        self.doc = doc
        self._text = text
        self._alias_marks: list[tuple[int, int]] | None = None
        self.diagnostics: list[Diagnostic] = []
        self._seen: set[int] = set()
        self._scalars = constructor

    def convert(self, node: Node, loc: Path_) -> Any:
        mark = node.start_mark
        self.doc.values[loc] = Position(mark.line + 1, mark.column + 1)
        if id(node) in self._seen:
            line, col = self._next_alias_position()
            self.doc.values[loc] = Position(line, col)
            self.diagnostics.append(
                error(self.doc.path, line, col, "yaml-alias",
                      "an alias repeats a node here, expected every value written out")
            )
            return None
        self._seen.add(id(node))
        if isinstance(node, MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, SequenceNode):
            return [self.convert(item, loc + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _next_alias_position(self) -> tuple[int, int]:
        """Aliases are met in document order, so the n-th repeat is the n-th alias event."""
        if self._alias_marks is None:
            events = YAML(typ="safe", pure=True).parse(io.StringIO(self._text))
            self._alias_marks = [(e.start_mark.line + 1, e.start_mark.column + 1)
                                 for e in events if isinstance(e, AliasEvent)]
        return self._alias_marks.pop(0) if self._alias_marks else (0, 0)

    def _mapping(self, node: MappingNode, loc: Path_) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            kmark = key_node.start_mark
            if not isinstance(key_node, ScalarNode):
                self.diagnostics.append(
                    error(self.doc.path, kmark.line + 1, kmark.column + 1, "yaml-syntax",
                          "a mapping key is a list or mapping, expected a plain key")
                )
                continue
            key = self._scalar(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.diagnostics.append(
                    error(self.doc.path, kmark.line + 1, kmark.column + 1, "yaml-alias",
                          "merge keys (<<) are not allowed, expected every value written out")
                )
                continue
            if key in result:
                first = self.doc.keys[loc + (key,)]
                self.diagnostics.append(
                    error(self.doc.path, kmark.line + 1, kmark.column + 1, "yaml-duplicate-key",
                          f"duplicate key '{key}' (first defined at line {first.line}),"
                          " expected each key once")
                )
                continue
            self.doc.keys[loc + (key,)] = Position(kmark.line + 1, kmark.column + 1)
            result[key] = self.convert(value_node, loc + (key,))
        return result

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"):
            return node.value  # dates stay text; the model checks them
        try:
            return self._scalars.construct_object(node, deep=True)
        except (YAMLError, ValueError):
            return node.value
