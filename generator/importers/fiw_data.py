"""Freedom House's Freedom in the World workbooks -> reports, regions and ratings histories.

Four workbooks, told apart by what their sheets hold, not by their names:
- scores, one row per country and edition: the 25 indicators too (All_data, 2013 on), or the
  subcategory totals only (Aggregate, FIW06-24); where two files give one edition, the one with
  indicators wins;
- scores, one column per edition (Aggregate, FIW03-05): PR, CL and Total only;
- ratings and statuses since the 1973 survey, a column group per edition: the history;
- the electoral-democracy designation of an edition.

Each report's figures are checked with the validator's own arithmetic
(model/validate_groups.py). Where the publisher's figures disagree with it, they are kept, the
check is listed in the report's `discrepancies`, and a warning names the cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model.records import Index, Report
from ..model.validate_groups import arithmetic
from .country_table import Entry
from .country_table import Table as CountryTable
from .fiw_history import (
    GROUPS,
    STATUS,
    fill_from_history,
    lookup,
    read_electoral,
    read_history,
    whole,
)
from .patches import ById, Patch
from .result import DataResult
from .workbook import MISSING, WorkbookError, column_letters, header_name

INDICATORS = [f"{c}{k}" for c, n in zip("ABCDEFG", (3, 4, 3, 4, 3, 4, 4)) for k in range(1, n + 1)]
CATEGORIES = "ABCDEFG"
SCORE_COLUMNS = {"country/territory", "edition", "status", "pr", "cl", "total"}  # one row a year
SOURCE_URL = "https://freedomhouse.org/report/freedom-world"
_WIDE = re.compile(r"^fiw\s?(\d{2}) (pr|cl|total)$")


@dataclass
class Figures:
    """One country's figures in one edition, each with the cell it came from."""

    detail: int  # 2: indicators, 1: subcategories, 0: totals only
    values: dict[str, object] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)


def is_workbook(path: Path) -> bool:
    """Whether python-calamine reads the file as a workbook (a zip of other files is not)."""
    try:
        from python_calamine import CalamineWorkbook

        return bool(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:  # noqa: BLE001 - any failure to read it means: not a workbook
        return False


def recognise(path: Path) -> str | None:
    """'fiw-scores', 'fiw-history', 'fiw-electoral' or None, from the sheets' contents."""
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
    except Exception:  # noqa: BLE001 - not a workbook is simply not ours
        return None
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(nrows=20)
        for row in rows:
            names = {header_name(v) for v in row}
            if SCORE_COLUMNS <= names or \
                    any(_WIDE.match(n) for n in names):
                return "fiw-scores"
            if names & {"survey edition"}:
                return "fiw-history"
            if any(n.startswith("electoral democracy designation") for n in names):
                return "fiw-electoral"
    return None


def import_fiw(paths: dict[str, list[Path]], index: Index, table: CountryTable,
               shown) -> DataResult:
    """Patches for every country in the recognised FIW workbooks (`paths` by kind)."""
    result = DataResult([], [], [], "")
    figures: dict[tuple[str, int], Figures] = {}
    places: dict[str, tuple[int, str, bool]] = {}  # id -> (edition, region, territory)
    skipped: set[str] = set()
    for path in paths.get("fiw-scores", []):
        _read_scores(path, shown(path), table, figures, places, skipped, result)
    histories: dict[str, list[dict]] = {}
    cells: dict[tuple[str, str], dict[str, tuple[object, str]]] = {}
    for path in paths.get("fiw-history", []):
        read_history(path, shown(path), table, histories, cells, skipped, result)
    fill_from_history(figures, cells)
    electoral: dict[tuple[str, int], bool] = {}
    for path in paths.get("fiw-electoral", []):
        read_electoral(path, shown(path), table, electoral, skipped, result)
    for (cid, edition), fig in sorted(figures.items()):
        _report_patches(table.by_id(cid), edition, fig, index, result)
    for (cid, edition), flag in sorted(electoral.items()):
        result.patches.append(Patch(_report_rel(cid, edition), "report",
                                    ("electoral_democracy",), flag,
                                    _report_create(edition)))
    for cid in histories:
        if cid not in places and table.by_id(cid).region:
            places[cid] = (0, table.by_id(cid).region, table.by_id(cid).territory)
    for cid, (_, region, territory) in sorted(places.items()):
        rel = f"countries/{cid}/country.yml"
        create = (("name", table.by_id(cid).name), ("slug", cid))
        result.patches.append(Patch(rel, "country", ("region",), region, create))
        result.patches.append(Patch(rel, "country", ("territory",), territory, create))
    for cid, entries_ in sorted(histories.items()):
        entries_.sort(key=lambda e: e["year"])
        result.patches.append(Patch(
            f"countries/{cid}/country.yml", "country", ("history", index.id),
            {"entries": entries_, "source": {
                "name": "Freedom House, Freedom in the World: country and territory ratings and"
                        " statuses", "url": SOURCE_URL}},
            (("name", table.by_id(cid).name), ("slug", cid))))
    countries = {cid for cid, _ in figures} | set(histories) | {c for c, _ in electoral}
    result.summary = (f"Freedom in the World: {len(figures):,} reports of {len(countries)}"
                      f" countries and territories, {len(histories)} histories"
                      + (f"; {len(skipped)} former states not imported: "
                         + "; ".join(sorted(skipped)) if skipped else ""))
    return result


def _read_scores(path: Path, shown: str, table: CountryTable, figures: dict, places: dict,
                 skipped: set[str], result: DataResult) -> None:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    for sheet in book.sheet_names:
        rows = book.get_sheet_by_name(sheet).to_python()
        for number, row in enumerate(rows[:20], 1):
            names = [header_name(v) for v in row]
            if SCORE_COLUMNS <= set(names):
                _long_sheet(shown, sheet, rows, number, names, table, figures, places, skipped,
                            result)
                break
            if any(_WIDE.match(n) for n in names):
                _wide_sheet(shown, sheet, rows, number, names, table, figures, skipped, result)
                break


def _number(value: object, ref: str, result: DataResult, what: str) -> float | None:
    if value is None or (isinstance(value, str) and value.strip() in MISSING):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return whole(value)
    result.errors.append(f"{ref}: '{value}' is not a number, expected {what}")
    return None


def _long_sheet(shown, sheet, rows, header, names, table, figures, places, skipped, result):
    col = {}
    for i, name in enumerate(names):
        col.setdefault(name, i)
    detail = 2 if "a1" in col else 1 if "a" in col else 0
    wanted = ["region", "status", "pr rating", "cl rating", "add q", "add a", "pr", "cl", "total"]
    wanted += [c.lower() for c in CATEGORIES]
    wanted += [f"{c.lower()}{k}" for c in CATEGORIES for k in range(1, 5)]
    required = ["status", "pr rating", "cl rating", "pr", "cl", "total"]
    if detail:
        required += [c.lower() for c in CATEGORIES]
    if detail == 2:
        required += [i.lower() for i in INDICATORS]
    missing = [name for name in required if name not in col]
    if missing:
        named = ", ".join(repr(m.upper() if len(m) <= 2 else m) for m in missing)
        result.errors.append(f"{shown}:{sheet}!A{header}: the header row has no column {named},"
                             " expected every column of a Freedom in the World table"
                             " (was a column renamed or removed?)")
        return
    ct = col.get("c/t", col.get("c/t?"))
    for number in range(header + 1, len(rows) + 1):
        row = rows[number - 1]
        name = row[col["country/territory"]]
        if name in ("", None):
            continue
        ref = lambda key: f"{shown}:{sheet}!{column_letters(col[key])}{number}"  # noqa: E731
        entry = lookup(table, name, ref("country/territory"), skipped, result)
        edition = _number(row[col["edition"]], ref("edition"), result, "an edition year")
        if entry is None or edition is None:
            continue
        edition = int(edition)
        fig = Figures(detail)
        for key in wanted:
            if key not in col:
                continue
            value = row[col[key]]
            if key in ("region", "status"):
                text = str(value).strip()
                if not text or text in MISSING:
                    continue
                if key == "status" and text not in STATUS:
                    result.errors.append(f"{ref(key)}: status '{text}', expected F, PF or NF")
                    continue
                fig.values[key] = text
            else:
                number_ = _number(value, ref(key), result, "points or a rating")
                if number_ is None:
                    continue
                fig.values[key] = number_
            fig.refs[key] = ref(key)
        old = figures.get((entry.id, edition))
        if old is None or old.detail < detail:
            figures[(entry.id, edition)] = fig
        if "region" in fig.values and (entry.id not in places or places[entry.id][0] < edition):
            territory = str(row[ct]).strip().lower() == "t" if ct is not None else \
                entry.territory
            places[entry.id] = (edition, fig.values["region"], territory)


def _wide_sheet(shown, sheet, rows, header, names, table, figures, skipped, result):
    columns: dict[int, dict[str, int]] = {}
    for i, name in enumerate(names):
        m = _WIDE.match(name)
        if m:
            columns.setdefault(2000 + int(m.group(1)), {})[m.group(2)] = i
    for number in range(header + 1, len(rows) + 1):
        row = rows[number - 1]
        if row[0] in ("", None):
            continue
        entry = lookup(table, row[0], f"{shown}:{sheet}!A{number}", skipped, result)
        if entry is None:
            continue
        for edition, cols in sorted(columns.items()):
            fig = Figures(0)
            for key, i in cols.items():
                ref = f"{shown}:{sheet}!{column_letters(i)}{number}"
                value = _number(row[i], ref, result, "points")
                if value is not None:
                    fig.values[key] = value
                    fig.refs[key] = ref
            if fig.values and (entry.id, edition) not in figures:
                figures[(entry.id, edition)] = fig


def _report_rel(cid: str, edition: int) -> str:
    return f"countries/{cid}/reports/fiw-{edition}.yml"


def _report_create(edition: int) -> tuple:
    return (("index", "fiw"), ("edition", edition))


def _report_patches(entry: Entry, edition: int, fig: Figures, index: Index,
                    result: DataResult) -> None:
    v = fig.values
    data: dict = {"index": index.id, "edition": edition, "covers": str(edition - 1)}
    if "status" in v:
        data["status"] = STATUS[v["status"]]
    if "total" in v:
        data["aggregate"] = v["total"]
    groups = []
    for gid, short in GROUPS:
        group: dict = {"id": gid}
        if short.lower() in v:
            group["total"] = v[short.lower()]
        if f"{short.lower()} rating" in v:
            group["rating"] = v[f"{short.lower()} rating"]
        if gid == "political-rights":
            adjustments = {key.replace(" ", "-"): v[key] for key in ("add q", "add a")
                           if key in v}
            if edition > 2017:
                adjustments.pop("add-a", None)
            if adjustments:
                group["adjustments"] = adjustments
        if len(group) > 1:
            groups.append(group)
    data["groups"] = groups
    categories = []
    for cat in index.categories:
        letter = (cat.short_name or "").lower()
        if letter not in v:
            continue
        item: dict = {"id": cat.id, "rating": v[letter]}
        indicators = {x.id: v[x.short_name.lower()] for x in cat.indicators
                      if x.short_name.lower() in v}
        if indicators:
            item["indicators"] = indicators
        categories.append(item)
    data["categories"] = categories
    data["source"] = {"name": f"Freedom House, Freedom in the World {edition}",
                      "url": SOURCE_URL}
    try:
        report = Report.model_validate(data)
    except Exception as exc:  # noqa: BLE001 - a figure out of every range: say where
        result.errors.append(f"{fig.refs.get('total', entry.name)}: {entry.name} {edition}:"
                             f" the figures do not make a report: {str(exc).splitlines()[0]}")
        return
    failing = arithmetic(index, report)
    for check in failing:
        result.warnings.append(f"{_check_ref(check.id, fig, index)}: warning: {entry.name}"
                               f" {edition}: {check.message}; the publisher's figure is kept")
    rel = _report_rel(entry.id, edition)
    create = _report_create(edition)
    for key in ("index", "edition", "covers", "status", "aggregate", "groups", "source"):
        if key in data:
            result.patches.append(Patch(rel, "report", (key,), data[key], create))
    result.patches.append(Patch(rel, "report", ("discrepancies",),
                                [c.id for c in failing], create))
    for item in categories:
        for key in ("rating", "indicators"):
            if key in item:
                result.patches.append(Patch(rel, "report", ("categories", ById(item["id"]), key),
                                            item[key], create))


def _check_ref(check_id: str, fig: Figures, index: Index) -> str:
    """The cell of the stated figure a failing check is about."""
    key = {"aggregate": "total", "status": "status", "political-rights": "pr",
           "civil-liberties": "cl", "political-rights-rating": "pr rating",
           "civil-liberties-rating": "cl rating"}.get(check_id)
    if key is None:
        cat = next((c for c in index.categories if c.id == check_id), None)
        key = (cat.short_name or "").lower() if cat else ""
    return fig.refs.get(key) or next(iter(fig.refs.values()), "")


__all__ = ["recognise", "import_fiw", "WorkbookError"]
