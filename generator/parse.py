"""Stage 2, parse: the content folder to typed records, each kept with the file it came from.

Content layout (paths relative to the content folder):

    indices/<id>.yml                          Index
    treaties.yml                              TreatyCatalogue
    countries/<slug>/country.yml              Country
    countries/<slug>/reports/<index>-<edition>.yml   Report
    countries/<slug>/events.yml               EventLog
    countries/<slug>/elections/<id>.yml       Election
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from .diagnostics import Diagnostic, error
from .load import Document, load_file
from .model import (
    SLUG_PATTERN,
    Country,
    Election,
    EventLog,
    Index,
    Record,
    Report,
    TreatyCatalogue,
)

T = TypeVar("T", bound=Record)


@dataclass(frozen=True)
class Sourced(Generic[T]):
    """A record with the document it was read from, for positions in later diagnostics."""

    value: T
    doc: Document | None  # None once validated: see pipeline.drop_positions
    rel: str = ""  # path relative to the content folder


@dataclass
class CountryContent:
    """Everything under one countries/<slug>/ folder."""

    slug: str
    folder: str  # as shown in messages
    has_country_file: bool = False
    country: Sourced[Country] | None = None
    reports: list[Sourced[Report]] = field(default_factory=list)
    events: Sourced[EventLog] | None = None
    elections: dict[str, Sourced[Election]] = field(default_factory=dict)


@dataclass
class Content:
    """The whole content folder, parsed."""

    root: Path
    indices: dict[str, Sourced[Index]] = field(default_factory=dict)
    treaties: Sourced[TreatyCatalogue] | None = None
    countries: dict[str, CountryContent] = field(default_factory=dict)


LAYOUT_HELP = (
    "expected indices/<id>.yml, treaties.yml, countries/<slug>/country.yml, "
    "countries/<slug>/events.yml, countries/<slug>/reports/<index>-<edition>.yml "
    "or countries/<slug>/elections/<id>.yml"
)


def parse_content(root: Path, display_root: str | None = None,
                  within: list[str] | None = None) -> tuple[Content, list[Diagnostic]]:
    """Read and type-check every content file under `root` (or only those under the files and
    folders `within` names, relative to it); return all problems found."""
    content = Content(root)
    diagnostics: list[Diagnostic] = []
    prefix = display_root if display_root is not None else str(root)
    if not root.is_dir():
        diagnostics.append(error(prefix, 0, 0, "file-unexpected", "content folder not found"))
        return content, diagnostics
    real_root = root.resolve()
    if within is None:
        paths = root.rglob("*")
    else:
        tops = [root / name for name in within if (root / name).exists()]
        paths = [p for top in tops for p in [top, *(top.rglob("*") if top.is_dir() else [])]]
    for path in sorted(paths):
        rel = path.relative_to(root).as_posix()
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        shown = _printable(rel)
        display = f"{prefix.rstrip('/')}/{shown}" if prefix else shown
        if path.is_symlink() and (path.is_dir() or path.suffix in (".yml", ".yaml")) and \
                not _inside(path, real_root):
            # Content comes by pull request, and git stores symlinks: one pointing at
            # /etc/... or ~/.config/... would be read, echoed in diagnostics and published.
            diagnostics.append(error(display, 0, 0, "file-unexpected",
                                     "a symbolic link that does not lead inside the content"
                                     " folder, expected the file or folder itself"))
            continue
        if path.is_file() and path.suffix != path.suffix.lower() and \
                path.suffix.lower() in (".yml", ".yaml"):
            # nit-2023.YML would otherwise be skipped without a word, and its data go missing
            diagnostics.append(error(display, 0, 0, "file-name", "the extension is"
                                     f" '{path.suffix}', expected '{path.suffix.lower()}'"))
            continue
        if not path.is_file() or path.suffix not in (".yml", ".yaml"):
            continue
        diagnostics.extend(_parse_one(content, path, rel, display))
    return content, diagnostics


def _inside(path: Path, real_root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(real_root)
    except (OSError, RuntimeError):  # a symlink loop
        return False


# Control characters, undecodable bytes (surrogate escapes), bidi and zero-width characters.
_UNPRINTABLE_NAME = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def _printable(name: str) -> str:
    """A file name as diagnostics show it, with the characters that would hide or rewrite it
    escaped: an ESC sequence in a folder name rewrites the editor's terminal, a bidi override
    reverses the rest of the line."""
    return _UNPRINTABLE_NAME.sub(lambda m: ascii(m.group())[1:-1], name)


def non_ascii_hint(text: str) -> str:
    """" ('а' is U+0430, not an ASCII letter)": names the look-alike in a would-be slug."""
    odd = next((ch for ch in text if not ch.isascii()), None)
    return f" ('{_printable(odd)}' is U+{ord(odd):04X}, not an ASCII letter)" if odd else ""


def _parse_one(content: Content, path: Path, rel: str, display: str) -> list[Diagnostic]:
    kind, slug = _classify(rel)
    if kind is None:
        return [error(display, 0, 0, "file-unexpected", f"unexpected file, {LAYOUT_HELP}")]
    # fullmatch: `$` alone also matches before a final newline, and a folder name may end in one
    if slug is not None and not re.fullmatch(SLUG_PATTERN, slug):
        return [error(display, 0, 0, "slug",
                      f"folder name '{_printable(slug)}' is not a slug, expected lowercase"
                      f" letters, digits and single hyphens{non_ascii_hint(slug)}")]
    if slug is not None:
        folder = display[: len(display) - len(_printable(rel))] + f"countries/{slug}"
        bundle = content.countries.setdefault(slug, CountryContent(slug, folder))
        bundle.has_country_file |= kind is Country
    doc, problems = load_file(path, display)
    if doc is None:
        return problems
    fallback = {}
    if kind is Report and re.fullmatch(r"[a-z0-9-]+-[0-9]{4}", path.stem):
        index_id, edition = path.stem.rsplit("-", 1)
        fallback = {"index": index_id, "edition": int(edition)}
    record, schema_problems = _validate(kind, doc, fallback)
    problems += schema_problems
    if record is None:
        return problems
    item = Sourced(record, doc, rel)
    stem = path.stem
    if kind is Index:
        content.indices[stem] = item
    elif kind is TreatyCatalogue:
        content.treaties = item
    else:
        bundle = content.countries[slug]
        if kind is Country:
            bundle.country = item
        elif kind is Report:
            bundle.reports.append(item)
        elif kind is EventLog:
            bundle.events = item
        elif kind is Election:
            bundle.elections[stem] = item
    return problems


def _classify(rel: str) -> tuple[type[Record] | None, str | None]:
    parts = rel.split("/")
    if len(parts) == 1 and parts[0] == "treaties.yml":
        return TreatyCatalogue, None
    if len(parts) == 2 and parts[0] == "indices":
        return Index, None
    if len(parts) >= 3 and parts[0] == "countries":
        slug = parts[1]
        if len(parts) == 3 and parts[2] == "country.yml":
            return Country, slug
        if len(parts) == 3 and parts[2] == "events.yml":
            return EventLog, slug
        if len(parts) == 4 and parts[2] == "reports":
            return Report, slug
        if len(parts) == 4 and parts[2] == "elections":
            return Election, slug
    return None, None


def _validate(kind: type[T], doc: Document, fallback: dict[str, Any]) -> tuple[T | None,
                                                                            list[Diagnostic]]:
    """The record, and schema problems; with problems, a record of the parts that are valid,
    so that the later checks still run on the rest of the file (all problems in one run)."""
    if doc.data is None:
        return None, [error(doc.path, 1, 1, "schema", "the file is empty, expected a mapping")]
    try:
        return kind.model_validate(doc.data), []
    except ValidationError as exc:
        return _valid_part(kind, doc.data, exc, fallback), schema_diagnostics(exc, doc, kind)


_DROP = object()


def _valid_part(kind: type[T], data: Any, exc: ValidationError,
                fallback: dict[str, Any]) -> T | None:
    """Drop each invalid value (or the smallest record holding it) until the rest validates."""
    data = copy.deepcopy(data)
    for _ in range(8):
        if not isinstance(data, dict):
            return None
        for err in exc.errors():
            loc, is_key = _data_loc(data, err["loc"])
            if err["type"] == "missing":
                if len(loc) == 1 and loc[0] in fallback:
                    data[loc[0]] = fallback[loc[0]]
                    continue
                loc = loc[:-1]
            if not loc:
                return None
            _mark_dropped(data, loc)
        data = _without_dropped(data)
        try:
            return kind.model_validate(data)
        except ValidationError as again:
            exc = again
    return None


def _mark_dropped(data: Any, loc: tuple) -> None:
    node = data
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return
        if node is _DROP:
            return
    if isinstance(node, (dict, list)):
        try:
            node[loc[-1]] = _DROP
        except (IndexError, TypeError):
            pass


def _without_dropped(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_dropped(v) for k, v in node.items() if v is not _DROP}
    if isinstance(node, list):
        return [_without_dropped(v) for v in node if v is not _DROP]
    return node


# --- Turning pydantic errors into the user's words -------------------------------------------

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
        loc, is_key = _data_loc(doc.data, err["loc"])
        grouped.setdefault((loc, is_key, err["type"] in ("missing", "extra_forbidden")), []).append(
            err)
    result = []
    for (loc, is_key, _), errs in grouped.items():
        result.append(_one_diagnostic(doc, loc, is_key, errs, kind))
    return sorted(result, key=lambda d: (d.line, d.col, d.message))


def _data_loc(data: Any, loc: tuple) -> tuple[tuple, bool]:
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


def _expected(err: dict[str, Any]) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
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
    expected = " or ".join(dict.fromkeys(_expected(e) for e in errs))
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
