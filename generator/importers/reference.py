"""Readers of the reference files: ISO codes and UN regions (country-codes.csv), the World Bank's
population table and the UN treaty status tables (hr_status_<treaty>.csv).

Each returns a DataResult of patches to countries/<id>/country.yml, for the places of the table
of country names (country_table.py); codes of other places are counted as skipped. A file is
recognised by its header row, not its name. A file with errors gives no patches at all, so an
import never applies half a file. CSV is read with the csv module: every value stays text
(Namibia's code NA is not a missing value).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from ..diagnostics import printable
from ..model.records import POPULATION_MAX, YEARS, Treaty, TreatyCatalogue
from .country_table import Entry, Table
from .patches import ById, Patch
from .result import DataResult
from .workbook import header_name

CODES_COLUMNS = ("ISO3166-1-Alpha-3", "ISO3166-1-Alpha-2", "M49", "Region Name",
                 "Sub-region Name")
POPULATION_COLUMNS = ("Country Name", "Country Code", "Year", "Value")
TREATY_COLUMNS = ("iso2", "member", "status")
TREATY_YEAR = "year ratification or accession"
POPULATION_SOURCE = {"name": "World Bank, Population, total",
                     "url": "https://data.worldbank.org/indicator/SP.POP.TOTL"}
UNTC_URL = "https://treaties.un.org/"
STATUSES = {"state party": "state-party", "signatory": "signatory",
            "signatory state": "signatory", "no action": "no-action"}


# --- Recognisers: by the header row ---------------------------------------------------------


def _header(header: list[str]) -> set[str]:
    return {header_name(str(h).lstrip("\ufeff")) for h in header}


def _has(header: list[str], columns: tuple[str, ...]) -> bool:
    return {header_name(c) for c in columns} <= _header(header)


def looks_like_codes(header: list[str]) -> bool:
    return _has(header, CODES_COLUMNS)


def looks_like_population(header: list[str]) -> bool:
    return _has(header, POPULATION_COLUMNS) and not looks_like_codes(header)


def looks_like_treaty_status(header: list[str]) -> bool:
    return _has(header, TREATY_COLUMNS) and not looks_like_codes(header)


# --- Reading a CSV file ---------------------------------------------------------------------


def _rows(path: Path, shown: str, columns: tuple[str, ...],
          result: DataResult) -> list[tuple[int, dict[str, str]]] | None:
    """(line, {header name: text}) of every non-empty row; None, with an error, if the file
    cannot be read or lacks a column."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                result.errors.append(f"{shown}: the file is empty, expected a CSV header row"
                                     f" with the columns {', '.join(columns)}")
                return None
            names = [header_name(h) for h in header]
            missing = [c for c in columns if header_name(c) not in names]
            if missing:
                result.errors.append(printable(
                    f"{shown}:1: the header has no column {', '.join(map(repr, missing))},"
                    f" expected the columns {', '.join(columns)}"))
                return None
            index: dict[str, int] = {}
            for i, name in enumerate(names):
                index.setdefault(name, i)
            rows, line = [], reader.line_num + 1
            for row in reader:
                if any(cell.strip() for cell in row):
                    rows.append((line, {name: row[i].strip() if i < len(row) else ""
                                        for name, i in index.items()}))
                line = reader.line_num + 1
            return rows
    except UnicodeDecodeError as exc:
        result.errors.append(f"{shown}: cannot read it as UTF-8 text ({exc.reason} at byte"
                             f" {exc.start}), expected a CSV file in UTF-8")
    except (OSError, csv.Error) as exc:
        result.errors.append(printable(f"{shown}: cannot read it ({exc}), expected a CSV file"))
    return None


def _whole(text: str, low: int, high: int) -> int | None:
    """'1998' or '1998.0' -> 1998 when within low..high; None for anything else."""
    if re.fullmatch(r"[0-9]+(\.0*)?", text):
        value = int(text.split(".")[0])
        if low <= value <= high:
            return value
    return None


def _patch(entry: Entry, path: tuple, value: object) -> Patch:
    return Patch(f"countries/{entry.id}/country.yml", "country", path, value,
                 (("name", entry.name), ("slug", entry.id)))


def _finish(result: DataResult) -> DataResult:
    if result.errors:
        result.patches = []
    return result


# --- ISO codes and UN regions ---------------------------------------------------------------


def import_codes(path: Path, table: Table, shown: str) -> DataResult:
    """ISO codes, M49 number and UN region of every place of the table found by its ISO3 code,
    and every entry's territory flag (entries without an ISO code get only that)."""
    result = DataResult([], [], [], f"country codes: {shown} not read")
    rows = _rows(path, shown, CODES_COLUMNS, result)
    if rows is None:
        return result
    found: dict[str, tuple[int, dict[str, str]]] = {}
    lines: dict[str, int] = {}
    skipped = 0
    for line, row in rows:
        iso3 = row["iso3166-1-alpha-3"]
        if iso3 in lines:
            result.errors.append(printable(f"{shown}:{line}: ISO code '{iso3}' is listed again"
                                           f" (line {lines[iso3]}), expected one row a code"))
            continue
        lines[iso3] = line
        entry = table.by_iso3(iso3) if iso3 else None
        if entry is None:
            skipped += 1
            continue
        iso2, m49 = row["iso3166-1-alpha-2"], row["m49"]
        if iso2 and not re.fullmatch(r"[A-Z]{2}", iso2):
            result.errors.append(printable(f"{shown}:{line}: ISO alpha-2 code '{iso2}' of"
                                           f" {iso3} is not two capital letters, expected a"
                                           " code such as KZ"))
        if m49 and _whole(m49, 1, 999) is None:
            result.errors.append(printable(f"{shown}:{line}: M49 '{m49}' of {iso3} is not a"
                                           " UN M49 number, expected a whole number from 1"
                                           " to 999"))
        if iso2 and entry.iso2 and iso2 != entry.iso2:
            result.warnings.append(f"{shown}:{line}: {iso3} has the alpha-2 code {iso2} here"
                                   f" but {entry.iso2} in the table of country names")
        found[entry.id] = (line, row)
    no_iso = 0
    for entry in sorted(table.entries, key=lambda e: e.id):
        if entry.id in found:
            row = found[entry.id][1]
            codes: dict[str, object] = {}
            if row["iso3166-1-alpha-2"]:
                codes["iso2"] = row["iso3166-1-alpha-2"]
            if row["m49"]:
                codes["m49"] = _whole(row["m49"], 1, 999)
            result.patches.append(_patch(entry, ("iso",), row["iso3166-1-alpha-3"]))
            result.patches.append(_patch(entry, ("codes",), codes))
            for key, column in (("subregion", "sub-region name"), ("un_region", "region name")):
                if row[column]:
                    result.patches.append(_patch(entry, (key,), row[column]))
        elif entry.iso3 is None:
            no_iso += 1
        else:
            result.warnings.append(f"{shown}: {entry.name}'s ISO code {entry.iso3} (in the"
                                   " table of country names) is not in this file")
        result.patches.append(_patch(entry, ("territory",), entry.territory))
    result.summary = (f"country codes: {len(found)} countries and territories,"
                      f" {no_iso} without an ISO code; {skipped} codes of places the site"
                      " does not cover skipped")
    return _finish(result)


# --- Population -----------------------------------------------------------------------------


def _iso_code(code: str) -> bool:
    """Whether ISO 3166-1 itself assigns this alpha-3 code (the World Bank adds XKX)."""
    import pycountry

    return pycountry.countries.get(alpha_3=code) is not None if len(code) == 3 else False


def import_population(path: Path, table: Table, shown: str) -> DataResult:
    """Inhabitants by year (World Bank: Country Name, Country Code, Year, Value). A place is
    found by its ISO3 code; under a code ISO does not assign (XKX), a place the table gives no
    ISO code (Kosovo) by its name."""
    result = DataResult([], [], [], f"population: {shown} not read")
    rows = _rows(path, shown, POPULATION_COLUMNS, result)
    if rows is None:
        return result
    figures: dict[str, dict[int, int]] = {}
    lines: dict[tuple[str, int], int] = {}
    entries: dict[str, Entry] = {}
    skipped: set[str] = set()
    for line, row in rows:
        code, name = row["country code"], row["country name"]
        entry = table.by_iso3(code) if code else None
        if entry is None and not _iso_code(code):  # XKX: Kosovo, by its name
            named = table.by_name(name) if name else None
            entry = named if named is not None and named.iso3 is None else None
        if entry is None:
            skipped.add(code or name)
            continue
        year = _whole(row["year"], *YEARS)
        if year is None:
            result.errors.append(printable(f"{shown}:{line}: year '{row['year']}' is not a"
                                           f" year, expected one from {YEARS[0]} to"
                                           f" {YEARS[1]}"))
            continue
        if not row["value"]:
            continue  # no figure for that year
        value = _whole(row["value"], 0, POPULATION_MAX)
        if value is None:
            result.errors.append(printable(f"{shown}:{line}: population '{row['value']}' is"
                                           " not a whole number of inhabitants, expected one"
                                           f" from 0 to {POPULATION_MAX:,}"))
            continue
        if (entry.id, year) in lines:
            result.errors.append(f"{shown}:{line}: {entry.name} {year} is listed again (line"
                                 f" {lines[entry.id, year]}), expected one row a country and"
                                 " year")
            continue
        lines[entry.id, year] = line
        entries[entry.id] = entry
        figures.setdefault(entry.id, {})[year] = value
    for cid in sorted(figures):
        by_year = dict(sorted(figures[cid].items()))
        result.patches.append(_patch(entries[cid], ("population",), by_year))
        result.patches.append(_patch(entries[cid], ("population_source",),
                                     dict(POPULATION_SOURCE)))
    years = sorted({y for f in figures.values() for y in f})
    span = f", {years[0]}-{years[-1]}" if years else ""
    result.summary = (f"population: {len(figures)} countries and territories{span};"
                      f" {len(skipped)} codes of regional aggregates and places the site does"
                      " not cover skipped")
    return _finish(result)


# --- UN treaty status -----------------------------------------------------------------------


def _key(name: str) -> str:
    return name.strip().casefold().replace("-", "_")


def treaty_of(path: Path, treaties: TreatyCatalogue) -> Treaty | None:
    """The treaty a file hr_status_<treaty>.csv is about: <treaty> is one treaty's id, short
    name or alias, compared without case, with _ and - alike (iccpr_op1 is ICCPR-OP1)."""
    m = re.fullmatch(r"hr_status_(.+)", path.stem, re.IGNORECASE)
    if m is None:
        return None
    wanted = _key(m.group(1))
    found = {t.id: t for t in treaties.treaties
             for name in (t.id, t.short_name, *t.aliases) if _key(name) == wanted}
    return next(iter(found.values())) if len(found) == 1 else None


def import_treaty_status(path: Path, table: Table, treaties: TreatyCatalogue, shown: str,
                         as_of: str | None = None) -> DataResult:
    """Each UN member's status (and year) for the treaty the file name gives. `as_of`: the
    date of the data; by default the latest year in the file."""
    result = DataResult([], [], [], f"treaty status: {shown} not read")
    treaty = treaty_of(path, treaties)
    if treaty is None:
        result.errors.append(f"{shown}: which treaty this is cannot be told from its name;"
                             " expected hr_status_<treaty>.csv with a treaty of"
                             " content/treaties.yml")
        return result
    rows = _rows(path, shown, TREATY_COLUMNS, result)
    if rows is None:
        return result
    has_year = header_name(TREATY_YEAR) in rows[0][1] if rows else False
    found: dict[str, tuple[Entry, str, int | None]] = {}
    lines: dict[str, int] = {}
    skipped = 0
    for line, row in rows:
        iso2, member = row["iso2"], row["member"]
        entry = _member(table, iso2, member, f"{shown}:{line}", result)
        if entry is None:
            skipped += 1
            continue
        status = STATUSES.get(" ".join(row["status"].split()).casefold())
        if status is None:
            result.errors.append(printable(
                f"{shown}:{line}: status '{row['status']}' of {member} is not known, expected"
                " one of: state party, signatory state, signatory, no action"))
            continue
        year = None
        text = row[header_name(TREATY_YEAR)] if has_year else ""
        if text:
            year = _whole(text, *YEARS)
            if year is None:
                result.errors.append(printable(
                    f"{shown}:{line}: year '{text}' of {member} is not a year, expected one"
                    f" from {YEARS[0]} to {YEARS[1]}"))
                continue
        if entry.id in lines:
            result.errors.append(printable(f"{shown}:{line}: {entry.name} is listed again"
                                           f" (line {lines[entry.id]}), expected one row a"
                                           " country"))
            continue
        lines[entry.id] = line
        found[entry.id] = (entry, status, year)
    years = [y for _, _, y in found.values() if y is not None]
    date = as_of or (str(max(years)) if years else None)
    source = {"name": "United Nations Treaty Collection"
              + (f" (status as of {date})" if date else ""), "url": UNTC_URL}
    for cid in sorted(found):
        entry, status, year = found[cid]
        result.patches.append(_patch(entry, ("treaties", "statuses", treaty.id), status))
        if year is not None:
            result.patches.append(_patch(entry, ("treaties", "years", treaty.id), year))
        if date:
            result.patches.append(_patch(entry, ("treaties", "as_of"), date))
        result.patches.append(_patch(entry, ("treaties", "sources", ById(source["name"], "name")),
                                     dict(source)))
    counts = {s: sum(1 for _, st, _ in found.values() if st == s)
              for s in ("state-party", "signatory", "no-action")}
    result.summary = (f"treaty status {treaty.short_name}: {len(found)} countries"
                      f" ({counts['state-party']} state parties, {counts['signatory']}"
                      f" signatories, {counts['no-action']} no action)"
                      + (f", as of {date}" if date else "") + f"; {skipped} skipped")
    return _finish(result)


def _member(table: Table, iso2: str, member: str, where: str,
            result: DataResult) -> Entry | None:
    """The place a row is about: by its alpha-2 code, else by its name (with a warning)."""
    by_code = table.by_iso2(iso2) if iso2 else None
    by_name = table.by_name(member) if member else None
    if by_code is not None and by_name is not None and by_code is not by_name:
        result.errors.append(printable(f"{where}: iso2 '{iso2}' is {by_code.name}'s code but"
                                       f" the member '{member}' is {by_name.name}, expected"
                                       " the two to name one country"))
        return None
    if by_code is None and by_name is not None:
        result.warnings.append(printable(f"{where}: iso2 '{iso2}' is not {by_name.name}'s code"
                                         f" ({by_name.iso2}); matched by the name '{member}'"))
    entry = by_code or by_name
    if entry is None:
        result.warnings.append(printable(f"{where}: '{member}' ({iso2}) is not a country or"
                                         " territory the site covers; skipped"))
    return entry
