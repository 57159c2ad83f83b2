"""Freedom in the World's tables of ratings and statuses since the 1973 survey, and its list of
electoral democracies (fiw_data.py reads the score sheets and makes the patches)."""

from __future__ import annotations

import re
from pathlib import Path

from .country_table import Table as CountryTable
from .country_table import unmapped
from .result import DataResult
from .workbook import MISSING, column_letters, header_name, sheet_names

STATUS = {"F": "free", "PF": "partly-free", "NF": "not-free"}
GROUPS = (("political-rights", "PR"), ("civil-liberties", "CL"))
_LEADING = re.compile(r"^\s*(\d+(?:\.\d+)?|F|PF|NF)\s*(\(.*\))?\s*$")


def whole(value: float) -> float | int:
    """Whole figures as integers, as an editor writes them (23, not 23.0)."""
    return int(value) if float(value).is_integer() else float(value)


def lookup(table: CountryTable, name: object, ref: str, skipped: set[str],
           result: DataResult):
    """The table's entry for a name; a former state's name is counted in `skipped`, any other
    unknown name is an error at `ref`."""
    text = " ".join(str(name).split())
    entry = table.by_name(text)
    if entry is None:
        if table.former(text) is not None:
            skipped.add(text)
        else:
            result.errors.append(unmapped(table, text, ref))
    return entry


def rating_cell(value: object, ref: str, result: DataResult, allowed: str) -> object:
    """A rating or status cell; '2(5)' and 'F (NF)' keep the figure before the brackets."""
    if value is None or (isinstance(value, str) and value.strip() in MISSING):
        return None
    if isinstance(value, (int, float)):
        return whole(value)
    m = _LEADING.match(str(value))
    if not m:
        result.errors.append(f"{ref}: '{value}' is not {allowed}")
        return None
    if m.group(2):
        result.warnings.append(f"{ref}: warning: '{value}' read as {m.group(1)}, the figure in"
                               " brackets left out")
    head = m.group(1)
    return head if head in STATUS else whole(float(head))


def fill_from_history(figures: dict, cells: dict) -> None:
    """An edition whose score sheet has no status or ratings (2003-2005) takes those of the
    historical table's column of that edition, with their cells."""
    for (cid, edition), fig in figures.items():
        found = cells.get((cid, str(edition)), {})
        for key, (value, ref) in found.items():
            if key not in fig.values:
                fig.values[key], fig.refs[key] = value, ref


def read_history(path: Path, shown: str, table: CountryTable, histories: dict,
                  cells: dict, skipped: set[str], result: DataResult) -> None:
    """Each country's ratings and status per survey into `histories`; the cells of each
    survey's values into `cells`, by (country id, edition label)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    for sheet in book.sheet_names:
        rows = book.get_sheet_by_name(sheet).to_python()
        top = next((i for i, r in enumerate(rows[:20]) if r and header_name(r[0]) ==
                    "survey edition"), None)
        if top is None or top + 3 > len(rows):
            continue
        labels, covers, kinds = rows[top], rows[top + 1], rows[top + 2]
        groups = []  # (first column, edition label, year, covers)
        for i in range(1, len(labels)):
            if labels[i] in ("", None):
                continue
            label = _label(labels[i])
            years = [int(y) for y in re.findall(r"\d{4}", label)]
            short = re.fullmatch(r"(\d{4})-(\d{2})", label)
            year = int(short.group(1)[:2] + short.group(2)) if short else years[-1] if years \
                else None
            if year is None:
                result.errors.append(f"{shown}:{sheet}!{column_letters(i)}{top + 1}: edition"
                                     f" '{label}' has no year, expected a label with a year")
                continue
            expected = ["pr", "cl", "status"]
            got = [header_name(kinds[i + k]) if i + k < len(kinds) else "" for k in range(3)]
            if got != expected:
                result.errors.append(f"{shown}:{sheet}!{column_letters(i)}{top + 3}: the columns"
                                     f" under '{label}' are {got}, expected PR, CL, Status")
                continue
            groups.append((i, label, year, _label(covers[i]) if i < len(covers) else ""))
        for number in range(top + 4, len(rows) + 1):
            row = rows[number - 1]
            if not row or row[0] in ("", None):
                continue
            entry = lookup(table, row[0], f"{shown}:{sheet}!A{number}", skipped, result)
            if entry is None:
                continue
            out = histories.setdefault(entry.id, [])
            for i, label, year, cover in groups:
                ref = lambda k: f"{shown}:{sheet}!{column_letters(i + k)}{number}"  # noqa: E731
                pr = rating_cell(row[i] if i < len(row) else None, ref(0), result, "a rating 1-7")
                cl = rating_cell(row[i + 1] if i + 1 < len(row) else None, ref(1), result,
                           "a rating 1-7")
                status = rating_cell(row[i + 2] if i + 2 < len(row) else None, ref(2), result,
                               "F, PF or NF")
                if pr is None and cl is None and status is None:
                    continue
                cells[(entry.id, label)] = {
                    key: (value, ref(k)) for k, (key, value) in enumerate(
                        (("pr rating", pr), ("cl rating", cl), ("status", status)))
                    if value is not None}
                item: dict = {"edition": label, "year": year}
                if cover and cover != label:
                    item["covers"] = cover
                ratings = {gid: x for (gid, _), x in zip(GROUPS, (pr, cl))
                           if isinstance(x, (int, float))}
                if ratings:
                    item["ratings"] = ratings
                if status in STATUS:
                    item["status"] = STATUS[status]
                out.append(item)


def _label(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def read_electoral(path: Path, shown: str, table: CountryTable, electoral: dict,
                    skipped: set[str], result: DataResult) -> None:
    for sheet in sheet_names(path, shown):
        from python_calamine import CalamineWorkbook

        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
        edition = None
        for number, row in enumerate(rows, 1):
            if len(row) < 2:
                continue
            head = header_name(row[1])
            if head.startswith("electoral democracy designation"):
                m = re.search(r"(\d{4})", head)
                edition = int(m.group(1)) if m else None
                if edition is None:
                    result.errors.append(f"{shown}:{sheet}!B{number}: no edition year in"
                                         f" '{row[1]}', expected 'FIW <year>'")
                continue
            if edition is None or row[0] in ("", None):
                continue
            answer = str(row[1]).strip().casefold()
            if answer not in ("yes", "no"):
                result.errors.append(f"{shown}:{sheet}!B{number}: '{row[1]}', expected Yes or"
                                     " No")
                continue
            entry = lookup(table, row[0], f"{shown}:{sheet}!A{number}", skipped, result)
            if entry is not None:
                electoral[(entry.id, edition)] = answer == "yes"
