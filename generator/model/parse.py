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
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from ..diagnostics import Diagnostic, error
from .load import Document, digest, load_bytes, read_file
from .records import (
    SLUG_PATTERN,
    Country,
    Election,
    EventLog,
    Index,
    Record,
    Report,
    TreatyCatalogue,
)
from .schema_errors import data_loc, non_ascii_hint, printable, schema_diagnostics

T = TypeVar("T", bound=Record)


@dataclass(frozen=True)
class Sourced(Generic[T]):
    """A record with the document it was read from, for positions in later diagnostics."""

    value: T
    doc: Document | None  # None once validated: see check.drop_positions
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


# A file read before, by its path relative to the content folder: its `digest`, document,
# record (None when it had none) and problems. See `parse_content`'s `cache`.
ParsedFile = tuple[str, Document, Any, list[Diagnostic]]


def parse_content(root: Path, display_root: str | None = None,
                  within: list[str] | None = None,
                  cache: dict[str, ParsedFile] | None = None,
                  paths: list[Path] | None = None) -> tuple[Content, list[Diagnostic]]:
    """Read and type-check every content file under `root` (or only those under the files and
    folders `within` names, relative to it, or the `paths` listed); return all problems found.
    With a `cache`, a file whose bytes are those of its entry is taken from it instead of
    parsed, and the entries of the files parsed are added (the incremental render's, which
    keeps it)."""
    content = Content(root)
    diagnostics: list[Diagnostic] = []
    prefix = display_root if display_root is not None else str(root)
    if not root.is_dir():
        diagnostics.append(error(prefix, 0, 0, "file-unexpected", "content folder not found"))
        return content, diagnostics
    real_root = root.resolve()
    if paths is None and within is None:
        paths = content_paths(root)
    elif paths is None:
        tops = [root / name for name in within if (root / name).exists()]
        paths = [p for top in tops for p in [top, *(top.rglob("*") if top.is_dir() else [])]]
    for path in sorted(paths):
        rel = path.relative_to(root).as_posix()
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        shown = printable(rel)
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
        if path.suffix not in (".yml", ".yaml") and not path.is_dir():
            continue  # not a content file (README.md, nit-2022.yml.bak)
        problem = _unreadable(path)
        if problem:
            diagnostics.append(error(display, 0, 0, "file-unreadable", problem))
        elif not path.is_dir():
            diagnostics.extend(_parse_one(content, path, rel, display, cache))
    return content, diagnostics


def content_paths(root: Path) -> list[Path]:
    """Every file and folder under the content folder, as parse_content reads them."""
    return sorted(root.rglob("*"))


def _unreadable(path: Path) -> str | None:
    """Why a content folder cannot be listed, or a content file cannot be read as one (a
    folder or a named pipe where a .yml file belongs), or None: such an entry would otherwise
    be skipped, and its data go missing without a word."""
    try:
        if path.is_dir():
            if path.suffix in (".yml", ".yaml"):
                return "a folder where a file is expected, expected a YAML file of that name"
            with os.scandir(path):
                return None
        if not path.is_file():
            return ("not a regular file (a named pipe, socket or device), expected a YAML"
                    " file")
    except OSError as exc:
        return (f"cannot list the folder ({(exc.strerror or str(exc)).lower()}), expected a"
                " folder the generator can read: check its permissions")
    return None


def _inside(path: Path, real_root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(real_root)
    except (OSError, RuntimeError):  # a symlink loop
        return False


def _parse_one(content: Content, path: Path, rel: str, display: str,
               cache: dict[str, ParsedFile] | None = None) -> list[Diagnostic]:
    kind, slug = _classify(rel)
    if kind is None:
        return [error(display, 0, 0, "file-unexpected", f"unexpected file, {LAYOUT_HELP}")]
    # fullmatch: `$` alone also matches before a final newline, and a folder name may end in one
    if slug is not None and not re.fullmatch(SLUG_PATTERN, slug):
        return [error(display, 0, 0, "slug",
                      f"folder name '{printable(slug)}' is not a slug, expected lowercase"
                      f" letters, digits and single hyphens{non_ascii_hint(slug)}")]
    if slug is not None:
        folder = display[: len(display) - len(printable(rel))] + f"countries/{slug}"
        bundle = content.countries.setdefault(slug, CountryContent(slug, folder))
        bundle.has_country_file |= kind is Country
    doc, record, problems = _read(path, rel, display, kind, cache)
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


def _read(path: Path, rel: str, display: str, kind: type[Record],
          cache: dict[str, ParsedFile] | None) -> tuple[Document | None, Any, list[Diagnostic]]:
    """A file's document, record and problems: from the cache when its bytes are unchanged."""
    raw, problems = read_file(path, display)
    if raw is None:
        return None, None, problems
    key = digest(raw) if cache is not None else ""
    hit = cache.get(rel) if cache is not None else None
    if hit is not None and hit[0] == key and hit[1].path == display:
        return hit[1], hit[2], list(hit[3])
    doc, problems = load_bytes(raw, display)
    if doc is None:
        return None, None, problems
    fallback = {}
    if kind is Report and re.fullmatch(r"[a-z0-9-]+-[0-9]{4}", path.stem):
        index_id, edition = path.stem.rsplit("-", 1)
        fallback = {"index": index_id, "edition": int(edition)}
    record, schema_problems = _validate(kind, doc, fallback)
    problems += schema_problems
    if cache is not None:
        cache[rel] = (key, doc, record, list(problems))
    return doc, record, problems


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
            loc, is_key = data_loc(data, err["loc"])
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
