"""Where a scraped page's country comes from when its text does not name it: the page's `URL:`
line, or the file's name (`freedomhouse-nit-serbia-2019.txt`), read against the reviewed table
of country names (country_table). An explicit `--country` wins over both, and a name in the
page's text over this fallback, unless the table does not know the name (a menu's line above
the scores): then the fallback wins. Each importer decides with `fallback_country`.

When nothing gives the country, the importers still return the page's facts, filed under the
slug OPEN_COUNTRY, which `generator import` replaces (`--country`) or reports: with `--json` the
country is null, and `--into` asks for it.

The name returned is one the importers accept as it is: they turn a country name into its
folder with text.slugify, and slugify(name) is the table's id (the site's folder) for every
place. It is the table's own name for the place (FIW's), or its id where that name does not
slugify to the id (Cote d'Ivoire, whose folder is cote-divoire).

Only the country is read here, not the edition: a year in a file name is whatever its saver
chose (a hub saved in 2025 shows NIT 2024), and the importers read editions from the text.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import product
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import unquote, urlsplit

from .country_table import Entry, Table, load_table
from .text import Line, slugify

OPEN_COUNTRY = "country-not-known"  # the slug of records whose country nothing gave

# Where the URL line may stand: among the first lines of a saved page (the scraper's header).
HEADER_LINES = 5
URL_LINE = re.compile(r"^url:\s*(\S+)", re.I)
# An address longer than this is not one; only its start is read (linear on any line).
MAX_ADDRESS = 2_000
# Words dropped from a name to make its address spelling too: publishers' slugs leave them
# out ("democratic-republic-congo", "bosnia-herzegovina", "republic-moldova").
FILLER = {"the", "of", "and"}
# Address spellings the table lacks (the table names a place as publishers print it in text).
ADDRESS_NAMES = {"republic congo": "congo-brazzaville", "dr congo": "congo-kinshasa",
                 "drc": "congo-kinshasa", "congo brazzaville": "congo-brazzaville",
                 "congo kinshasa": "congo-kinshasa"}
# Names that stand for more than one place in addresses: a bare "congo" is either Congo.
AMBIGUOUS = {"congo"}
_AMBIGUOUS_ENTRY = "?"


def from_source(lines: list[Line], source_name: str) -> str | None:
    """The country name a page's URL line (among its first lines) or its file name gives, or
    None when neither names exactly one place of the table.

    Names are matched as whole words, longest first (hyphens, underscores and other marks read
    as spaces): "niger" is not found in "nigeria", and "guinea-bissau" is Guinea-Bissau, not
    Guinea. ISO alpha-3 codes count only as a word written in capitals (refworld's ",KAZ,"),
    never ISO alpha-2 codes or two-letter names ("/de/" is a language, "about-us" no place).
    The URL, the page's own address, comes first; the file name is read when the URL names no
    place, or names several and the file name picks one of them. An address naming two places,
    or one that stands for two (a bare "congo"), gives None: nothing is guessed."""
    address = _url(lines)
    from_url = _places(_address_words(address)) if address else set()
    from_file = _places(_file_words(source_name))
    if len(from_url) == 1:
        found = from_url
    elif len(from_file) == 1 and (not from_url or from_file <= from_url):
        found = from_file
    else:
        return None
    if _AMBIGUOUS_ENTRY in found:
        return None
    entry = load_table().by_id(next(iter(found)))
    return importer_name(entry) if entry is not None else None


def known_country(name: str) -> str | None:
    """The importer name (see from_source) of a country a user gave (`--country`, the prompt):
    a name or address spelling in the table, its id, or its ISO alpha-3 code; None otherwise."""
    table = load_table()
    text = name.strip()
    entry = table.by_name(text) or table.by_id(text.lower())
    if entry is None and re.fullmatch(r"[A-Za-z]{3}", text):
        entry = table.by_iso3(text)
    if entry is None:
        found = _index(table)[0].get(" ".join(w.lstrip("=").lower() for w in _words(text)))
        entry = table.by_id(found) if found and found != _AMBIGUOUS_ENTRY else None
    return importer_name(entry) if entry is not None else None


def printed_or_fallback(printed: str, fallback: str | None) -> tuple[str, str | None]:
    """The country a page is filed under when its text prints `printed` and its address or file
    name gives `fallback` (from_source's, a name of the table, or None), with the problem line
    to report or None. The printed name wins, unless the table does not know it: then it may be
    a menu's line, and the fallback wins."""
    if not fallback:
        return printed, None
    table = load_table()
    entry, by_source = table.by_name(printed), table.by_name(fallback)
    if entry is None:
        return fallback, (f"the page names '{printed}', which is no country of the table of"
                          f" country names; filed under '{fallback}', which its address or file"
                          " name gives")
    if by_source is not None and entry.id != by_source.id:
        return printed, (f"the page names '{printed}', its address or file name '{fallback}';"
                         f" used '{printed}'")
    return printed, None


def importer_name(entry: Entry) -> str:
    """The name that the importers file under the entry's id: its name, or else its id."""
    return entry.name if slugify(entry.name) == entry.id else entry.id


def _url(lines: list[Line]) -> str | None:
    """The address on the page's `URL:` line, if one of its first lines is one."""
    for line in [ln for ln in lines[:HEADER_LINES * 20] if ln.text][:HEADER_LINES]:
        if m := URL_LINE.match(line.text):
            return m.group(1)[:MAX_ADDRESS]
    return None


def _address_words(address: str) -> list[str]:
    """The words of an address's path and query (not its host: hosts name sites, not places),
    with tracking parameters (utm_*) left out."""
    parts = urlsplit(address if "//" in address else "//" + address)
    query = "&".join(p for p in parts.query.split("&") if not p.lower().startswith("utm_"))
    return _words(unquote(f"{parts.path} {query} {parts.fragment}"))


def _file_words(source_name: str) -> list[str]:
    """The words of a file's name, without its folders and its extension."""
    name = PureWindowsPath(PurePosixPath(source_name or "").name).name
    stem = re.sub(r"\.[A-Za-z]{1,5}$", "", name)
    return _words(stem)


def _words(text: str, apostrophe: str = "") -> list[str]:
    """Words as names are compared: ASCII letters and digits, apostrophes dropped ("d'ivoire"
    -> "divoire") or read as `apostrophe`, a word in capitals marked as a possible ISO code
    with a leading '='."""
    text = re.sub(r"['`\u2019\u2018\u02bc]", apostrophe, text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return [f"={w}" if re.fullmatch(r"[A-Z]{3}", w) else w.lower()
            for w in re.findall(r"[A-Za-z0-9]+", ascii_text)]


def _places(words: list[str]) -> set[str]:
    """The ids of the places the words name: leftmost, longest names first, whole words; '?'
    among them when a spelling stands for more than one place."""
    table = load_table()
    keys, longest = _index(table)
    plain = [w.lstrip("=") for w in words]
    found: set[str] = set()
    i = 0
    while i < len(words):
        entry = table.by_iso3(plain[i]) if words[i].startswith("=") else None
        if entry is not None:
            found.add(entry.id)
            i += 1
            continue
        for size in range(min(longest, len(words) - i), 0, -1):
            hit = keys.get(" ".join(plain[i:i + size]).lower())
            if hit is not None:
                found.add(hit)
                i += size
                break
        else:
            i += 1
    return found


_indexed: tuple[Table, dict[str, str], int] | None = None


def _index(table: Table) -> tuple[dict[str, str], int]:
    """Every spelling of every place, as words joined by spaces -> its id (or '?' when two
    places share it), and the most words a spelling has; made once per table."""
    global _indexed
    if _indexed is not None and _indexed[0] is table:
        return _indexed[1], _indexed[2]
    owners: dict[str, set[str]] = {}
    for entry in table.entries:
        for name, apostrophe in product((entry.name, *entry.names, entry.id), ("", " ")):
            words = [w.lstrip("=").lower() for w in _words(name, apostrophe)]
            for variant in (words, [w for w in words if w not in FILLER]):
                spelling = " ".join(variant)  # "cote divoire", "cote d ivoire" (slugify's)
                if len(spelling) > 2:  # "US", "UK": codes in addresses ("about-us", "/uk/")
                    owners.setdefault(spelling, set()).add(entry.id)
    for spelling, cid in ADDRESS_NAMES.items():
        owners[spelling] = {cid}
    keys = {k: next(iter(v)) if len(v) == 1 and k not in AMBIGUOUS else _AMBIGUOUS_ENTRY
            for k, v in owners.items()}
    _indexed = (table, keys, max(len(k.split()) for k in keys))
    return keys, _indexed[2]
