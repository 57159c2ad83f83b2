"""The publishers' data files -> patches of content files, each file recognised by its content.

    classify(path) -> a kind of data file, or None (then it may be a scraped page)
    import_data(paths, index, treaties, table, shown) -> DataResult

Workbooks are told apart by their sheets (fiw_data.recognise), CSV files by their header row:
the FIW workbooks, the UN treaty status tables, the country codes, the World Bank population
table and ParlGov's tables. The file names do not matter, but for the UN tables, which do not
name their treaty inside.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Callable

from ..model.records import Index, TreatyCatalogue
from . import fiw_data, parlgov, reference
from .country_table import Table
from .result import DataResult

ZIP_MAGIC = b"PK\x03\x04"


def csv_header(path: Path) -> list[str] | None:
    """The first row of a CSV file, or None when the file does not read as UTF-8 CSV."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            return next(csv.reader([f.readline()]), None)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None


def classify(path: Path) -> str | None:
    """What kind of data file this is, from its content."""
    try:
        with path.open("rb") as f:
            magic = f.read(4)
    except OSError:
        return None
    if magic == ZIP_MAGIC:  # a workbook: one of FIW's, or one the import does not know
        return fiw_data.recognise(path) or ("workbook" if fiw_data.is_workbook(path) else None)
    header = csv_header(path)
    if not header or len(header) < 3:
        return None
    if reference.looks_like_codes(header):
        return "codes"
    if reference.looks_like_population(header):
        return "population"
    if reference.looks_like_treaty_status(header):
        return "treaty-status"
    if parlgov.looks_like_parlgov(header):
        return "parlgov"
    return None


def import_data(files: dict[Path, str], index: Index | None, treaties: TreatyCatalogue | None,
                table: Table, shown: Callable[[Path], str]) -> list[DataResult]:
    """One result per source (FIW, codes, population, each treaty, ParlGov), in a fixed order:
    later patches of a value win, and FIW's region and territory come last."""
    by_kind: dict[str, list[Path]] = {}
    for path, kind in files.items():
        by_kind.setdefault(kind, []).append(path)
    results: list[DataResult] = [DataResult([], [], [
        f"{shown(path)}: error: a workbook, but none of the ones the import knows: no sheet holds"
        " a Freedom in the World table (scores by country and edition, ratings since 1973, or"
        " electoral democracies) under its first 20 rows"], "")
        for path in sorted(by_kind.get("workbook", []))]
    for path in sorted(by_kind.get("codes", [])):
        results.append(reference.import_codes(path, table, shown(path)))
    for path in sorted(by_kind.get("population", [])):
        results.append(reference.import_population(path, table, shown(path)))
    results += _treaty_statuses(sorted(by_kind.get("treaty-status", [])), table, treaties,
                                shown)
    if by_kind.get("parlgov"):
        results.append(parlgov.import_parlgov(
            {str(p): p for p in sorted(by_kind["parlgov"])}, table, shown))
    fiw = {k: sorted(v) for k, v in by_kind.items() if k.startswith("fiw-")}
    if fiw:
        if index is None:
            results.append(DataResult([], [], ["no index definition indices/fiw.yml to import"
                                               " Freedom in the World against"], ""))
        else:
            results.append(fiw_data.import_fiw(fiw, index, table, shown))
    return results


def _treaty_statuses(paths: list[Path], table: Table, treaties: TreatyCatalogue | None,
                     shown: Callable[[Path], str]) -> list[DataResult]:
    """The UN tables, all dated by the latest year any of them records: they are one release,
    and a country's statuses carry one date."""
    if paths and treaties is None:
        return [DataResult([], [], [f"{shown(paths[0])}: no treaty catalogue (treaties.yml) to"
                                    " import against"], "")]
    first = [reference.import_treaty_status(p, table, treaties, shown(p)) for p in paths]
    dates = {patch.value for r in first for patch in r.patches
             if patch.path == ("treaties", "as_of")}
    if len(dates) <= 1:
        return first
    return [reference.import_treaty_status(p, table, treaties, shown(p), as_of=max(dates))
            for p in paths]
