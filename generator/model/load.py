"""Stage 1, load: YAML 1.2 files to plain Python data plus the source position of every value.

The loader composes the YAML node graph (which keeps line and column marks) with libyaml's C
parser, and converts it itself:
- plain scalars are resolved by the YAML 1.2 core schema here (`NO` and `on` stay text, dates
  stay text), whatever tag the YAML 1.1 composer guessed;
- duplicate keys and aliases become diagnostics instead of stopping at the first one, and an
  alias bomb is refused before it is expanded.
libyaml's C parser composes a report many times faster than a pure-Python parser; that matters
at thousands of files (bench/run.py measures it).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml.error import Mark
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR, _SEQ, _MAP, _MERGE = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map", "merge"))


class _Composer(_Loader):  # type: ignore[misc, valid-type]
    """libyaml's composer without PyYAML's YAML 1.1 guesses at untagged values (a regular
    expression per plain scalar, an eighth of the load): the converter resolves scalars by the
    YAML 1.2 core schema itself, and only needs to know the merge key `<<`."""

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            return _MERGE if implicit[0] and value == "<<" else _STR
        return _SEQ if kind is SequenceNode else _MAP

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
# The first characters of every value above ("" for the empty null): other plain text is text.
_MAY_RESOLVE = set("~nNtTfF-+.0123456789") | {""}

from ..diagnostics import Diagnostic, error

MAX_FILE_BYTES = 5_000_000

# Nesting deeper than this is refused. libyaml's composer recurses in C, one frame per level:
# tens of thousands of `[` crash the interpreter (a segfault, not an exception), so a file that
# could nest deeper than COMPOSE_SAFE_DEPTH is measured on the parser's event stream (which keeps
# its stack on the heap) before it is composed; shallower depths are refused while converting.
MAX_DEPTH = 100
COMPOSE_SAFE_DEPTH = 2_000

# Values (scalars, lists, mappings) one file may hold. Loading time grows with the number of
# values, and a file of `[1,1,1,…` within MAX_FILE_BYTES holds millions: the cap keeps any
# file's load to seconds. The largest real report holds under 2,000.
MAX_VALUES = 200_000

# Integers with more digits are refused: Python will not even print one of more than 4,300
# digits (ValueError), and no rating, year or count needs more than a few.
MAX_DIGITS = 100

# Characters outside YAML's printable set. libyaml refuses them written raw, but a double-quoted
# escape ("\x1b", "\x07", "\x02") produces them all the same; in a page they break the front
# matter (the page loses its title) or Python-Markdown's placeholders, and in a diagnostic an
# ESC sequence rewrites the editor's terminal.
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")

# The tags libyaml gives untagged nodes (the YAML 1.1 resolver's guesses; values are re-resolved
# by the 1.2 core schema below). Any other tag was written explicitly in the file.
_IMPLICIT_TAGS = {f"tag:yaml.org,2002:{name}" for name in (
    "null", "bool", "int", "float", "str", "timestamp", "merge", "value", "seq", "map")}

Path_ = tuple[str | int, ...]


class Position(NamedTuple):
    """Where a value stands (a tuple: made for every value of every file, and cheaper to make
    than a frozen dataclass)."""

    line: int  # 1-based
    col: int  # 1-based


@dataclass
class Document:
    """One content file: its data, and where each value (and each mapping key) stands.

    A position is kept as the parser's mark (0-based line and column) and made a Position only
    when a diagnostic asks for it: most files have none, and making a Position for each of
    their values was a noticeable part of loading them."""

    path: str
    data: Any
    values: dict[Path_, Position | Mark] = field(default_factory=dict)
    keys: dict[Path_, Position | Mark] = field(default_factory=dict)

    def position(self, loc: Path_) -> Position:
        """Best position for a location: the value itself, else its nearest enclosing value."""
        for end in range(len(loc), -1, -1):
            pos = self.values.get(tuple(loc[:end]))
            if pos is not None:
                return _position(pos)
        return Position(1, 1)

    def key_position(self, loc: Path_) -> Position:
        pos = self.keys.get(tuple(loc))
        return self.position(loc) if pos is None else _position(pos)


def _position(where: Position | Mark) -> Position:
    return where if isinstance(where, Position) else Position(where.line + 1, where.column + 1)


def stat_key(st: os.stat_result) -> tuple[int, int, int, int]:
    """A file's size, modification and change time and inode: equal keys, taken long enough
    after the last write, let a rebuild skip hashing a file (site/incremental.py). The change
    time moves with every write and no ordinary tool sets it back."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def load_file(path: Path, display: str) -> tuple[Document | None, list[Diagnostic]]:
    """Read one YAML file; return its Document, or None and the reasons it could not be read."""
    raw, problems = read_file(path, display)
    return (None, problems) if raw is None else load_bytes(raw, display)


def read_file(path: Path, display: str) -> tuple[bytes | None, list[Diagnostic]]:
    """A content file's bytes, or None and why they could not be read (unreadable, too large)."""
    try:
        # Read no more than the limit allows: a 50 MB file (or one that keeps growing) is
        # refused without being read whole into memory. The read is sized by the file (asking
        # for the limit allocated 5 MB for every file); a pipe, or a file that grows while it
        # is read, is read on up to the limit.
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            raw = handle.read(min(size, MAX_FILE_BYTES) + 1)
            if size < len(raw) <= MAX_FILE_BYTES:
                raw += handle.read(MAX_FILE_BYTES + 1 - len(raw))
            if len(raw) > MAX_FILE_BYTES:
                return None, [_too_large(display, max(size, len(raw)))]
    except OSError as exc:
        why = (exc.strerror or str(exc)).lower()
        return None, [error(display, 0, 0, "file-unreadable", f"cannot read the file ({why}),"
                            " expected a file the generator can read: check its permissions")]
    return raw, []


def digest(raw: bytes) -> str:
    """What tells two versions of a file apart: a hash of its bytes (not its size or times,
    which `cp -p`, archive tools and some editors keep across an edit)."""
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def _too_large(display: str, size: int) -> Diagnostic:
    return error(display, 0, 0, "yaml-too-large",
                 f"the file is {size:,} bytes, expected at most {MAX_FILE_BYTES:,}")


def load_bytes(raw: bytes, display: str) -> tuple[Document | None, list[Diagnostic]]:
    """Parse YAML bytes; every problem is a Diagnostic, never an exception."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [_too_large(display, len(raw))]
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
        too_deep = _too_deep(text, display)
        if too_deep is not None:
            return None, [too_deep]
        nodes = list(yaml.compose_all(text, Loader=_Composer))
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
    except _Refused as exc:
        return None, [exc.diagnostic]
    return doc, converter.diagnostics


def _nesting_words(display: str, line: int, col: int) -> Diagnostic:
    return error(display, line, col, "yaml-syntax",
                 f"the data is nested more than {MAX_DEPTH} levels deep here,"
                 f" expected at most {MAX_DEPTH}")


def _too_deep(text: str, display: str) -> Diagnostic | None:
    """Where the file first nests deeper than MAX_DEPTH or holds more than MAX_VALUES values,
    measured on the event stream, without composing (see MAX_DEPTH and MAX_VALUES).

    Every collection starts at its own indicator (`[`, `{`, `-`, `?` or a key's `:`), and each
    indicator, comma or line brings at most two values, so a text with few of them can be
    neither deep nor large and skips this extra pass (all but the largest content files).
    Malformed YAML is left for the composer to report.
    """
    starts = sum(text.count(ch) for ch in "[{-?:")
    # (no text of under MAX_VALUES / 2 characters has more indicators, commas and lines)
    if starts <= COMPOSE_SAFE_DEPTH and (2 * len(text) + 2 <= MAX_VALUES or 2 * (
            starts + text.count(",") + text.count("\n")) + 2 <= MAX_VALUES):
        return None
    depth = values = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, CollectionEndEvent):
            depth -= 1
            continue
        if not isinstance(event, (CollectionStartEvent, ScalarEvent, AliasEvent)):
            continue
        mark = event.start_mark
        values += 1
        if values > MAX_VALUES:
            return error(display, mark.line + 1, mark.column + 1, "yaml-too-large",
                         f"the file holds more than {MAX_VALUES:,} values, expected at most"
                         f" {MAX_VALUES:,}")
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return _nesting_words(display, mark.line + 1, mark.column + 1)
    return None


class _Refused(Exception):
    """The file cannot be read at all; carries the one diagnostic that says why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class _Converter:
    """Turns a composed node tree into dicts, lists and scalars, recording positions."""

    def __init__(self, doc: Document, text: str) -> None:
        self.doc = doc
        self._text = text
        self._alias_marks: list[tuple[int, int]] | None = None
        self.diagnostics: list[Diagnostic] = []
        self._seen: set[int] = set()

    def convert(self, node: Node, loc: Path_) -> Any:
        self.doc.values[loc] = node.start_mark
        if id(node) in self._seen:
            line, col = self._next_alias_position()
            self.doc.values[loc] = Position(line, col)
            self.diagnostics.append(
                error(self.doc.path, line, col, "yaml-alias",
                      "an alias repeats a node here, expected every value written out")
            )
            return None
        self._seen.add(id(node))
        if node.tag not in _IMPLICIT_TAGS:
            self._bad_tag(node)
        kind = type(node)
        if kind is ScalarNode:
            return self._scalar(node)
        if len(loc) >= MAX_DEPTH:
            # inside MAX_DEPTH collections already: the limit of _too_deep, for the files it skips
            mark = node.start_mark
            raise _Refused(_nesting_words(self.doc.path, mark.line + 1, mark.column + 1))
        if kind is MappingNode:
            return self._mapping(node, loc)
        return [self.convert(item, loc + (i,)) for i, item in enumerate(node.value)]

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
            if key_node.tag not in _IMPLICIT_TAGS:
                self._bad_tag(key_node)
            key = self._scalar(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.diagnostics.append(
                    error(self.doc.path, kmark.line + 1, kmark.column + 1, "yaml-alias",
                          "merge keys (<<) are not allowed, expected every value written out")
                )
                continue
            if key in result:
                first = _position(self.doc.keys[loc + (key,)])
                self.diagnostics.append(
                    error(self.doc.path, kmark.line + 1, kmark.column + 1, "yaml-duplicate-key",
                          f"duplicate key '{key}' (first defined at line {first.line}),"
                          " expected each key once")
                )
                continue
            self.doc.keys[loc + (key,)] = kmark
            result[key] = self.convert(value_node, loc + (key,))
        return result

    def _bad_tag(self, node: Node) -> None:
        """An explicit tag (`!!binary`, `!!python/object/apply:…`, `!custom`) is refused: the
        converter ignores tags, so the value would silently be read as plain text or data."""
        mark = node.start_mark
        shown = node.tag.replace("tag:yaml.org,2002:", "!!")
        self.diagnostics.append(
            error(self.doc.path, mark.line + 1, mark.column + 1, "yaml-syntax",
                  f"the tag '{_NOT_PRINTABLE.sub(chr(0xFFFD), shown)}' is not allowed,"
                  " expected a plain value")
        )

    def _scalar(self, node: ScalarNode) -> Any:
        value = node.value
        if value.isprintable():  # one C scan; the characters refused are all unprintable
            if node.style or value[:1] not in _MAY_RESOLVE:
                return value  # text: most scalars
            if len(value) <= MAX_DIGITS:
                return resolve_scalar(value, None)
        return self._checked_scalar(node)

    def _checked_scalar(self, node: ScalarNode) -> Any:
        """A scalar that may hold refused characters or be a number too long to hold."""
        mark = node.start_mark
        bad = None if node.value.isprintable() else _NOT_PRINTABLE.search(node.value)
        if bad is not None:
            self.diagnostics.append(
                error(self.doc.path, mark.line + 1, mark.column + 1, "yaml-syntax",
                      f"character U+{ord(bad.group()):04X} (written as an escape) is not"
                      " allowed in content, expected printable text")
            )
            # Keep the data safe to print in later messages; the error stops the build anyway.
            return resolve_scalar(_NOT_PRINTABLE.sub("\ufffd", node.value), node.style)
        if not node.style and len(node.value) > MAX_DIGITS and (
                _INT.match(node.value) or _OCT.match(node.value) or _HEX.match(node.value)):
            digits = len(re.sub(r"^[-+]?(?:0[xo])?", "", node.value))
            raise _Refused(error(self.doc.path, mark.line + 1, mark.column + 1, "yaml-syntax",
                                 f"a whole number of {digits:,} digits, expected at most"
                                 f" {MAX_DIGITS}"))
        return resolve_scalar(node.value, node.style)


def resolve_scalar(value: str, style: str | None) -> Any:
    """A scalar's value under the YAML 1.2 core schema; quoted and block scalars are text."""
    if style or value[:1] not in _MAY_RESOLVE:  # '', or None, is plain; quotes and | > are text
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
