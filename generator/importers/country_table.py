"""The one table of country and territory names: every publisher's names and codes for a place,
mapped to the site's country id (country_names.yml beside this module, reviewed by hand).

Names are compared normalised (NFC, without case, surrounding or repeated spaces, curly quotes
straightened); ISO codes without case. A name or code belongs to one entry only. `former`
holds names of states that no longer exist, with the reason they are not imported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import printable
from ..model.load import Document, load_file
from ..model.records import SLUG_PATTERN

TABLE_PATH = Path(__file__).with_name("country_names.yml")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'",
                         "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"'})
_KEYS = {"id", "name", "iso3", "iso2", "m49", "territory", "names", "region"}


class TableError(ValueError):
    """The table file is wrong; the message is one line naming file:line."""


@dataclass(frozen=True)
class Entry:
    id: str  # the country's slug
    name: str  # FIW's name in its latest edition
    iso3: str | None
    iso2: str | None
    m49: int | None
    territory: bool
    names: tuple[str, ...]  # every other name publishers use for it
    region: str | None = None  # FIW's region (a scores sheet's, where imported, wins)


def normal_name(name: str) -> str:
    """A name as compared: NFC, casefolded, curly quotes straight, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).translate(_QUOTES).split()).casefold()


@dataclass(frozen=True)
class Table:
    entries: tuple[Entry, ...]
    former_names: tuple[tuple[str, str], ...] = ()  # (name, reason)
    path: str = "country_names.yml"  # the file as messages name it
    _names: dict[str, Entry] = field(default_factory=dict, init=False, repr=False, compare=False)
    _iso3: dict[str, Entry] = field(default_factory=dict, init=False, repr=False, compare=False)
    _iso2: dict[str, Entry] = field(default_factory=dict, init=False, repr=False, compare=False)
    _ids: dict[str, Entry] = field(default_factory=dict, init=False, repr=False, compare=False)
    _former: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for entry in self.entries:  # the first entry wins; load_table refuses duplicates
            self._ids.setdefault(entry.id, entry)
            for name in (entry.name, *entry.names):
                self._names.setdefault(normal_name(name), entry)
            if entry.iso3:
                self._iso3.setdefault(entry.iso3.upper(), entry)
            if entry.iso2:
                self._iso2.setdefault(entry.iso2.upper(), entry)
        for name, reason in self.former_names:
            self._former.setdefault(normal_name(name), reason)

    def by_name(self, name: str) -> Entry | None:
        return self._names.get(normal_name(name))

    def by_iso3(self, code: str) -> Entry | None:
        return self._iso3.get(code.strip().upper())

    def by_iso2(self, code: str) -> Entry | None:
        return self._iso2.get(code.strip().upper())

    def by_id(self, id: str) -> Entry | None:
        return self._ids.get(id)

    def former(self, name: str) -> str | None:
        """Why a former state's name is not imported; None for any other name."""
        return self._former.get(normal_name(name))


def unmapped(table: Table, name: str, where: str) -> str:
    """The error line for a name the table does not know."""
    return printable(f"{where}: '{name}' is not in the table of country names ({table.path}):"
                     " add it to an entry's names, or as a new entry, in that file")


_cached: Table | None = None


def load_table(path: Path | None = None) -> Table:
    """The table in `path` (default: country_names.yml beside this module, read once)."""
    global _cached
    if path is None:
        if _cached is None:
            _cached = _load(TABLE_PATH, "generator/importers/country_names.yml")
        return _cached
    return _load(path, str(path))


def _load(path: Path, shown: str) -> Table:
    doc, problems = load_file(path, shown)
    if doc is None or problems:
        raise TableError(problems[0].format() if problems else f"{shown}: cannot be read")
    reader = _Reader(doc, shown)
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("countries"), list):
        reader.fail((), "the file has no list 'countries', expected 'countries:' with one entry"
                    " per country or territory and an optional list 'former'")
    extra = sorted(str(k) for k in data if k not in ("countries", "former"))
    if extra:
        reader.fail((extra[0],), f"unknown key '{extra[0]}', expected countries or former")
    entries = tuple(reader.entry(i, item) for i, item in enumerate(data["countries"]))
    former = data.get("former") or []
    if not isinstance(former, list):
        reader.fail(("former",), "'former' is not a list, expected a list of name and reason")
    former_names = tuple(reader.former(i, item) for i, item in enumerate(former))
    return Table(entries, former_names, shown)


class _Reader:
    """Checks each entry as it is read; the first problem is a TableError with its line."""

    def __init__(self, doc: Document, shown: str) -> None:
        self.doc, self.shown = doc, shown
        self.owners: dict[str, tuple[str, int]] = {}  # normalised name or code -> (what, line)

    def fail(self, loc: tuple, message: str) -> Any:
        line = self.doc.position(loc).line if loc else 1
        raise TableError(printable(f"{self.shown}:{line}: {message}"))

    def claim(self, key: str, what: str, loc: tuple) -> None:
        line = self.doc.position(loc).line
        if key in self.owners:
            first, first_line = self.owners[key]
            self.fail(loc, f"{what} is already {first} (line {first_line}), expected each name"
                           " and code in one entry only")
        self.owners[key] = (what, line)

    def text(self, item: dict, loc: tuple, key: str, pattern: str | None = None,
             what: str = "a text", example: str = "a name") -> str | None:
        value = item.get(key)
        if value is None and key not in ("id", "name", "reason"):
            return None
        if not isinstance(value, str) or not value.strip() or \
                (pattern and not re.fullmatch(pattern, value)):
            self.fail(loc + (key,), f"{key} {value!r} is not {what}, expected {example}")
        return value

    def entry(self, i: int, item: Any) -> Entry:
        loc = ("countries", i)
        if not isinstance(item, dict):
            self.fail(loc, "an entry is not a mapping, expected id, name and codes")
        unknown = sorted(str(k) for k in item if k not in _KEYS)
        if unknown:
            self.fail(loc + (unknown[0],), f"unknown key '{unknown[0]}', expected one of: "
                      + ", ".join(sorted(_KEYS)))
        cid = self.text(item, loc, "id", SLUG_PATTERN, "a lowercase slug",
                        "lowercase letters, digits and hyphens, such as congo-kinshasa")
        name = self.text(item, loc, "name")
        iso3 = self.text(item, loc, "iso3", r"[A-Z]{3}", "an ISO alpha-3 code",
                         "three capital letters, such as KAZ")
        iso2 = self.text(item, loc, "iso2", r"[A-Z]{2}", "an ISO alpha-2 code",
                         "two capital letters, such as KZ")
        m49 = item.get("m49")
        if m49 is not None and (type(m49) is not int or not 1 <= m49 <= 999):
            self.fail(loc + ("m49",), f"m49 {m49!r} is not a UN M49 number, expected a whole"
                      " number from 1 to 999")
        territory = item.get("territory", False)
        if type(territory) is not bool:
            self.fail(loc + ("territory",), f"territory {territory!r} is not true or false,"
                      " expected true or false")
        names = item.get("names") or []
        if not isinstance(names, list):
            self.fail(loc + ("names",), "names is not a list, expected a list of names")
        self.claim(f"id:{cid}", f"the id of '{name}'", loc + ("id",))
        self.claim(normal_name(name), f"the name of '{cid}'", loc + ("name",))
        for j, other in enumerate(names):
            if not isinstance(other, str) or not other.strip():
                self.fail(loc + ("names", j), f"name {other!r} is not a text, expected a name")
            self.claim(normal_name(other), f"a name of '{cid}'", loc + ("names", j))
        for key, code in (("iso3", iso3), ("iso2", iso2), ("m49", m49)):
            if code is not None:
                self.claim(f"{key}:{code}", f"the {key} code of '{cid}'", loc + (key,))
        region = self.text(item, loc, "region", what="a region", example="one of FIW's regions")
        return Entry(cid, name, iso3, iso2, m49, territory, tuple(names), region)

    def former(self, i: int, item: Any) -> tuple[str, str]:
        loc = ("former", i)
        if not isinstance(item, dict) or set(item) != {"name", "reason"}:
            self.fail(loc, "a former state is not a mapping of name and reason, expected"
                           " name and reason")
        name = self.text(item, loc, "name")
        reason = self.text(item, loc, "reason")
        self.claim(normal_name(name), "the name of a former state", loc + ("name",))
        return name, reason
