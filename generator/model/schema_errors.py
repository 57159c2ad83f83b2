"""Stage 2, parse (its messages): schema problems, and odd file names, as diagnostics that say
where in the file, what is wrong and what was expected, in the editor's words rather than
pydantic's."""

from __future__ import annotations

import typing
from typing import Any

import annotated_types
from pydantic import ValidationError
from pydantic.fields import FieldInfo

from ..diagnostics import Diagnostic, error
from ..diagnostics import printable as printable_text
from .load import Document
from .records import SLUG_PATTERN, Record, range_words


def printable(name: str) -> str:
    """A file name as diagnostics show it, with the characters that would hide or rewrite it
    escaped: an ESC sequence in a folder name rewrites the editor's terminal, a bidi override
    reverses the rest of the line (diagnostics.printable)."""
    return printable_text(name)


def non_ascii_hint(text: str) -> str:
    """" ('а' is U+0430, not an ASCII letter)": names the look-alike in a would-be slug."""
    odd = next((ch for ch in text if not ch.isascii()), None)
    return f" ('{printable(odd)}' is U+{ord(odd):04X}, not an ASCII letter)" if odd else ""


_ID_FIELDS = ("id", "category", "party")

_PATTERN_WORDS = {
    SLUG_PATTERN: "a slug (lowercase letters, digits and single hyphens)",
    r"^https?://[^\s<>\"']+$": "an http:// or https:// URL",
    r"^\d{4}-\d{2}-\d{2}$": "a date written YYYY-MM-DD",
    r"^\d{4}-\d{2}$": "a month written YYYY-MM",
    r"^[A-Z]{3}$": "an ISO 3166-1 alpha-3 code such as KAZ",
}

_TYPE_WORDS = {
    "int_type": "a whole number",
    "float_type": "a number",
    "string_type": "text",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "none_required": "nothing (null)",
    "finite_number": "a finite number",
    "invalid_key": "a text key",
}


def schema_diagnostics(exc: ValidationError, doc: Document, kind: type[Record]) -> list[Diagnostic]:
    """One diagnostic per problem location, in the file's order, worded for editors."""
    grouped: dict[tuple, list[dict[str, Any]]] = {}
    for err in exc.errors():
        loc, is_key = data_loc(doc.data, err["loc"])
        grouped.setdefault((loc, is_key, err["type"] in ("missing", "extra_forbidden")), []).append(
            err)
    result = []
    for (loc, is_key, _), errs in grouped.items():
        result.append(_one_diagnostic(doc, loc, is_key, errs, kind))
    return sorted(result, key=lambda d: (d.line, d.col, d.message))


def data_loc(data: Any, loc: tuple) -> tuple[tuple, bool]:
    """Keep only the loc parts that step through the data (drop union member names)."""
    path: list[Any] = []
    node = data
    is_key = False
    for part in loc:
        if part == "[key]":
            is_key = True
            continue
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part in (
                named := {str(k): k for k in node if not isinstance(k, str)}):
            path.append(named[part])  # pydantic names a null or number key by its str()
            node = node[named[part]]
        elif isinstance(node, dict) and isinstance(part, str) and not _looks_internal(part):
            path.append(part)  # a missing or unknown field
            node = None
    return tuple(path), is_key


def _looks_internal(part: str) -> bool:
    return any(ch in part for ch in "[]()") or part in ("str", "int", "float", "bool", "list")


def key_path(data: Any, loc: tuple) -> str:
    """`categories.electoral-process.rating`: list items named by their id where they have one."""
    words: list[str] = []
    node = data
    for part in loc:
        if isinstance(node, list) and isinstance(part, int):
            item = node[part] if part < len(node) else None
            name = next((item[f] for f in _ID_FIELDS if isinstance(item, dict)
                         and isinstance(item.get(f), str)), None)
            words.append(name if name else f"[{part + 1}]")
            node = item
        else:
            words.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    out = ""
    for word in words:
        out += word if word.startswith("[") or not out else "." + word
    return out or "(top level)"


def describe(value: Any) -> str:
    """A value as the editor wrote it, short."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'"{shown}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_RANGE_ERRORS = ("greater_than_equal", "greater_than", "less_than_equal", "less_than")


def _expected(err: dict[str, Any], bounds: str | None = None) -> str:
    """What the field expects; `bounds` are its range's words, for a number out of range."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if bounds and kind in _RANGE_ERRORS:
        return bounds
    if kind in _TYPE_WORDS:
        return _TYPE_WORDS[kind]
    if kind == "string_pattern_mismatch":
        hint = non_ascii_hint(err["input"]) if isinstance(err.get("input"), str) else ""
        return _PATTERN_WORDS.get(ctx.get("pattern"), f"text matching {ctx.get('pattern')}") + hint
    if kind == "literal_error":
        return "one of " + ctx.get("expected", "")
    if kind == "greater_than_equal":
        return f"a number of at least {ctx['ge']}"
    if kind == "greater_than":
        return f"a number above {ctx['gt']}"
    if kind == "less_than_equal":
        return f"a number of at most {ctx['le']}"
    if kind == "less_than":
        return f"a number below {ctx['lt']}"
    if kind == "string_too_short":
        return "text that is not empty"
    if kind == "string_too_long":
        return f"text of at most {ctx['max_length']:,} characters"
    return err["msg"][0].lower() + err["msg"][1:]


def _one_diagnostic(doc: Document, loc: tuple, is_key: bool, errs: list[dict[str, Any]],
                    kind: type[Record]) -> Diagnostic:
    first = errs[0]
    where = key_path(doc.data, loc)
    if first["type"] == "missing":
        parent = loc[:-1]
        pos = doc.key_position(parent) if parent else doc.position(())
        parent_words = key_path(doc.data, parent)
        scope = "" if not parent else f"{parent_words}: "
        return error(doc.path, pos.line, pos.col, "schema",
                     f"{scope}missing required field '{loc[-1]}'")
    if first["type"] == "extra_forbidden":
        pos = doc.key_position(loc)
        allowed = _allowed_fields(kind, doc.data, loc[:-1])
        hint = f", expected one of: {', '.join(allowed)}" if allowed else ""
        return error(doc.path, pos.line, pos.col, "schema", f"{where}: unknown field{hint}")
    pos = doc.key_position(loc) if is_key else doc.position(loc)
    bounds = field_range(kind, loc, is_key)
    expected = " or ".join(dict.fromkeys(_expected(e, bounds) for e in errs))
    subject = "key " + describe(loc[-1]) if is_key else describe(first["input"])
    return error(doc.path, pos.line, pos.col, "schema", f"{where}: expected {expected}, got {subject}")


def _allowed_fields(kind: type[Record], data: Any, loc: tuple) -> list[str]:
    """The field names of the record at `loc`, by walking the model's annotations."""
    model: Any = kind
    for part in loc:
        if isinstance(part, int):
            continue
        fld = getattr(model, "model_fields", {}).get(part)
        if fld is None:
            return []
        model = _record_in(fld.annotation)
        if model is None:
            return []
    fields = getattr(model, "model_fields", {})
    return [f.alias or name for name, f in fields.items()]


def _record_in(annotation: Any) -> Any:
    """The Record class inside `X`, `list[X]`, `X | None` or `dict[K, X]`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _record_in(arg)
        if found is not None:
            return found
    return None


def field_range(kind: type[Record], loc: tuple, is_key: bool = False) -> str | None:
    """'a whole number from 1 to 10,000': the range of the number field (or dict key) at `loc`,
    both ends, where pydantic's error names only the end that was passed."""
    annotation: Any = kind
    metadata: list[Any] = []
    key: Any = None
    for part in loc:
        base, _ = unwrap(annotation)
        origin = typing.get_origin(base)
        if isinstance(base, type) and issubclass(base, Record) and isinstance(part, str):
            fld = next((f for name, f in base.model_fields.items()
                        if part in (name, f.alias)), None)
            if fld is None:
                return None
            annotation, metadata = fld.annotation, list(fld.metadata)
        elif origin is list and isinstance(part, int):
            annotation, metadata = typing.get_args(base)[0], []
        elif origin is dict:
            key, annotation = typing.get_args(base)
            metadata = []
        else:
            return None
    if is_key:
        annotation, metadata = key, []
    base, inner = unwrap(annotation)
    if base not in (int, float):
        return None
    low = high = None
    above = False
    for item in metadata + inner:
        if isinstance(item, annotated_types.Ge):
            low = item.ge
        elif isinstance(item, annotated_types.Gt):
            low, above = item.gt, True
        elif isinstance(item, annotated_types.Le):
            high = item.le
    if low is None and high is None:
        return None
    return range_words(base is int, low, high, above)


def unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """`X | None` and `Annotated[X, ...]` to X, with the constraints the Annotated carries."""
    metadata: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
            for extra in args[1:]:
                metadata += extra.metadata if isinstance(extra, FieldInfo) else [extra]
        elif args and type(None) in args and len(args) == 2:  # X | None
            annotation = next(a for a in args if a is not type(None))
        else:
            return annotation, metadata
