"""Render, data files: each ranking edition's table as a CSV file beside its page.

rankings/fiw/2025.md gets rankings/fiw/2025.csv: one row per country or territory in the
page's order, the figures of the page's table (and the previous edition's value its change is
measured from) as numbers, written by downloads.csv_lines (its formula guard). A ranking shows
only what the countries' fingerprints cover (scores, names, regions: incremental.py), so these
site-wide files are remade by full renders only, like the pages beside them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .derive import SiteView
from .downloads import csv_lines
from .rankings import EditionView

# The columns before an index's own: who is ranked. `territory` is yes or no (FIW ranks
# territories among the countries).
WHO = ["country", "country_name", "iso", "region", "territory"]


def ranking_csv_path(edition: EditionView) -> str:
    """The CSV file beside an edition's page: rankings/fiw/2025.md -> rankings/fiw/2025.csv."""
    return edition.path.removesuffix(".md") + ".csv"


def ranking_files(site: SiteView) -> dict[str, bytes]:
    """Every ranking edition's CSV file, by its path in the docs folder."""
    return {ranking_csv_path(edition): ranking_csv(edition)
            for rankings in site.rankings for edition in rankings.editions}


def ranking_columns(edition: EditionView) -> list[str]:
    """The header: an index with an aggregate ranks by it (`score`, its change since the
    previous edition and that edition's value); a ranked index (GSoD) lists each category's
    rank among how many, and a rating where it has one."""
    index = edition.index
    if index.aggregate is None:
        own = [f"{c.id}_{what}" for c in index.categories for what in ("rank", "rank_of",
                                                                        "rating")]
        return WHO + own
    return (["rank", *WHO, "score"] + (["percentage"] if index.percentage else [])
            + (["status"] if index.status else []) + ["change", "previous"])


def ranking_rows(edition: EditionView) -> list[list[Any]]:
    """The rows of ranking_columns, in the page's order: numbers as the page writes them
    (Decimal keeps '1.50' and a sign out of the text), an empty cell where the page has '—'."""
    index = edition.index
    rows = []
    for row in edition.rows:
        country = row.country.country
        who = [country.slug, country.name, country.iso or "", country.region,
               "yes" if row.territory else "no"]
        if index.aggregate is None:
            by_id = {c.id: c for c in row.report.categories}
            own = []
            for category in index.categories:
                shown = by_id.get(category.id)
                own += [shown.rank, shown.rank_of, _number(shown.rating)] if shown else [None] * 3
            rows.append([_empty(cell) for cell in who + own])
            continue
        cells = [row.rank or None, *who, _number(row.value)]
        if index.percentage:
            cells.append(_number(row.percentage))
        if index.status:
            cells.append(row.status)
        cells += [_number(row.change), _number(row.previous_value)]
        rows.append([_empty(cell) for cell in cells])
    return rows


def ranking_csv(edition: EditionView) -> bytes:
    return csv_lines([ranking_columns(edition), *ranking_rows(edition)])


def _number(text: str | None) -> Decimal | None:
    """A figure as the page writes it ('1.36', '+0.04', '23'), as a number: written without a
    plus sign, and a minus sign not taken for a formula by the guard."""
    return Decimal(text) if text is not None else None


def _empty(cell: Any) -> Any:
    return "" if cell is None else cell

