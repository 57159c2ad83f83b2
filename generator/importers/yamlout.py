"""Records to YAML in the project's style: 2-space indents, list items under their key, quoted
dates, long text folded (`>-`) at 100 columns, anything unusual double-quoted with escapes.

The output reads back through generator/model/load.py and the model to an equal record.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from ..model.records import Record

WIDTH = 100
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ._/()&,'’-]*[A-Za-z0-9.)’]$|^[A-Za-z]$")
_RESERVED = {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"}
# Characters a folded scalar can hold as they are (no escapes, no line-break lookalikes).
_FOLDABLE = re.compile(r"^[^\s\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]"
                       r"(?:[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\s]| (?! ))*$")


_ESCAPED = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]')
_SHORT = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}


def to_yaml(record: Record) -> str:
    """The record as a YAML document (defaults left out, field aliases used)."""
    data = record.model_dump(mode="python", by_alias=True, exclude_defaults=True)
    lines: list[str] = []
    _mapping(data, 0, lines)
    return "\n".join(lines) + "\n"


def _mapping(data: dict, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for k, value in data.items():
        label = f"{pad}{_key(k)}:"
        _value(value, label, indent, lines)


def _value(value: Any, label: str, indent: int, lines: list[str]) -> None:
    if isinstance(value, dict):
        if not value:
            lines.append(f"{label} {{}}")
        else:
            lines.append(label)
            _mapping(value, indent + 2, lines)
    elif isinstance(value, list):
        if not value:
            lines.append(f"{label} []")
            return
        lines.append(label)
        for item in value:
            _item(item, indent + 2, lines)
    else:
        _scalar_after(label, value, indent, lines)


def _item(item: Any, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    if isinstance(item, dict) and item:
        sub: list[str] = []
        _mapping(item, indent + 2, sub)
        first = sub[0]
        sub[0] = f"{pad}- {first[indent + 2:]}"
        lines.extend(sub)
    elif isinstance(item, list) and item:
        lines.append(f"{pad}-")
        for inner in item:
            _item(inner, indent + 2, lines)
    else:
        _scalar_after(f"{pad}-", item, indent, lines)


def _scalar_after(label: str, value: Any, indent: int, lines: list[str]) -> None:
    """`label value`, or `label >-` and the text folded below it."""
    if isinstance(value, str) and _folds(value, len(label) + 1):
        lines.append(f"{label} >-")
        lines.extend(_fold(value, " " * (indent + 2)))
    else:
        lines.append(f"{label} {_scalar(value)}")


def _folds(text: str, used: int) -> bool:
    return used + len(text) + 2 > WIDTH and bool(_FOLDABLE.match(text)) and not \
        text.endswith(" ")


def _fold(text: str, pad: str) -> list[str]:
    """Break at single spaces only, so folding gives the text back unchanged."""
    words = text.split(" ")
    out: list[str] = []
    current = ""
    for word in words:
        if current and len(pad) + len(current) + 1 + len(word) > WIDTH:
            out.append(pad + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    out.append(pad + current)
    return out


@functools.lru_cache(maxsize=4096, typed=True)  # field names repeat on every item of a list
def _key(k: Any) -> str:
    if isinstance(k, int) and not isinstance(k, bool):
        return str(k)
    return _scalar(str(k))


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):  # whole figures as an editor writes them: 23, not 23.0
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _RESERVED and len(text) < WIDTH:
        return text
    return _quoted(text)


def _quoted(text: str) -> str:
    """A double-quoted YAML scalar; JSON escapes are YAML escapes, but for a few characters.
    Only the characters that need it pass through Python code (a long text is mostly plain)."""
    return '"' + _ESCAPED.sub(_escape, text) + '"'


def _escape(m: re.Match) -> str:
    ch = m.group()
    code = ord(ch)
    if ch in _SHORT:
        return _SHORT[ch]
    return json.dumps(ch)[1:-1] if code > 0xFF else f"\\x{code:02x}"
