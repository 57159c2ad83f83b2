"""Stage 1, load: YAML 1.2 files to plain Python data plus the source position of every value.

The loader composes the YAML node graph (which keeps line and column marks) with libyaml's C
parser, and converts it itself:
- plain scalars are resolved by the YAML 1.2 core schema here (`NO` and `on` stay text, dates
  stay text), whatever tag the YAML 1.1 composer guessed;
- duplicate keys and aliases become diagnostics instead of stopping at the first one, and an
  alias bomb is refused before it is expanded.
libyaml composes a 40 KB report in ~6 ms, ten times faster than a pure-Python parser; that
matters at thousands of files (bench/run.py measures it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import re

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The YAML 1.2 core schema, for plain (unquoted) scalars.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
         "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?(?:\.inf|\.Inf|\.INF)$")
_NAN = re.compile(r"^(?:\.nan|\.NaN|\.NAN)$")

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
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or exc.context or "malformed YAML"
        return None, [error(display, line, col, "yaml-syntax", f"{problem}, expected valid YAML")]
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        return None, [error(display, line, col, "yaml-syntax",
                            f"character U+{exc.character:04X} is not allowed in YAML,"
                            " expected printable text")]
    except (yaml.YAMLError, RecursionError) as exc:
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
    converter = _Converter(doc, text)
    try:
        doc.data = converter.convert(nodes[0], ())
    except RecursionError:
        return None, [error(display, 0, 0, "yaml-syntax", "the data is nested too deeply")]
    return doc, converter.diagnostics


class _Converter:
    """Turns a composed node tree into dicts, lists and scalars, recording positions."""

    def __init__(self, doc: Document, text: str) -> None:
        self.doc = doc
        self._text = text
        self._alias_marks: list[tuple[int, int]] | None = None
        self.diagnostics: list[Diagnostic] = []
        self._seen: set[int] = set()

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
            events = yaml.parse(self._text, Loader=_Loader)
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
        return resolve_scalar(node.value, node.style)


def resolve_scalar(value: str, style: str | None) -> Any:
    """A scalar's value under the YAML 1.2 core schema; quoted and block scalars are text."""
    if style:  # '', or None, is plain; quotes and | > are text
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _OCT.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return float("-inf") if value.startswith("-") else float("inf")
    if _NAN.match(value):
        return float("nan")
    return value


def _line_col(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1
