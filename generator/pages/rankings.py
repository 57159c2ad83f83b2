"""Derive, across countries: ranking tables per index and edition, regions, largest changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from ..model.records import Index
from ..model.scoring import exact, fmt
from .derive import CountryView, ReportView, SiteView


@dataclass(frozen=True)
class RankRow:
    rank: int
    country: CountryView
    report: ReportView
    value: str | None
    percentage: str | None
    status: str | None
    change: str | None  # signed difference to the previous edition, e.g. "+0.04"
    direction: str | None
    category_ranks: list[str]  # for ranked indices: "128 of 173" per category


@dataclass(frozen=True)
class RegionRow:
    region: str
    countries: int
    mean: str | None
    statuses: list[tuple[str, int]]


@dataclass
class EditionView:
    index: Index
    edition: int
    path: str
    rows: list[RankRow]
    regions: list[RegionRow]
    improved: list[RankRow]
    declined: list[RankRow]
    previous_path: str | None = None
    next_path: str | None = None


@dataclass
class IndexRankings:
    index: Index
    path: str
    editions: list[EditionView] = field(default_factory=list)


def derive_rankings(site: SiteView, top: int = 10) -> list[IndexRankings]:
    """Per index, per edition: all countries ranked, a breakdown by region, the largest changes."""
    result = []
    for index in site.indices:
        reports: dict[int, list[tuple[CountryView, ReportView]]] = {}
        for country in site.countries:
            for view in country.reports:
                if view.report.index == index.id:
                    reports.setdefault(view.report.edition, []).append((country, view))
        if not reports:
            continue
        rankings = IndexRankings(index, f"rankings/{index.id}/index.md")
        previous_values: dict[str, Fraction] = {}
        for edition in sorted(reports):
            view = _edition(index, edition, reports[edition], previous_values, top)
            rankings.editions.append(view)
            previous_values = {
                c.slug: exact(r.report.aggregate) for c, r in reports[edition]
                if r.report.aggregate is not None}
        for older, newer in zip(rankings.editions, rankings.editions[1:]):
            if newer.edition == older.edition + 1:
                older.next_path, newer.previous_path = newer.path, older.path
        rankings.editions.reverse()  # newest first
        result.append(rankings)
    return result


def _edition(index: Index, edition: int, entries: list[tuple[CountryView, ReportView]],
             previous: dict[str, Fraction], top: int) -> EditionView:
    decimals = index.aggregate.decimals if index.aggregate else 2
    sign = 1 if index.higher_is_better else -1

    def sort_key(entry: tuple[CountryView, ReportView]):
        value = entry[1].report.aggregate
        return (value is None, -sign * (value or 0), entry[0].country.name.casefold())

    rows: list[RankRow] = []
    last_value, last_rank = None, 0
    for position, (country, view) in enumerate(sorted(entries, key=sort_key), start=1):
        report = view.report
        value = report.aggregate
        rank = last_rank if value is not None and value == last_value else position
        last_value, last_rank = value, rank
        change = direction = None
        if value is not None and country.slug in previous:
            delta = exact(value) - previous[country.slug]
            change = ("+" if delta > 0 else "") + fmt(delta, decimals) if delta else "0"
            direction = "unchanged" if delta == 0 else (
                "improved" if (delta > 0) == index.higher_is_better else "declined")
        percentage = (fmt(report.percentage, index.percentage.decimals)
                      if index.percentage and report.percentage is not None else None)
        category_ranks = [
            f"{c.rank} of {c.rank_of}" if c.rank else (c.rating or "—") for c in view.categories
        ] if index.ranked else []
        rows.append(RankRow(rank if value is not None else 0, country, view,
                            fmt(value, decimals) if value is not None else None, percentage,
                            view.status, change, direction, category_ranks))
    return EditionView(
        index=index, edition=edition, path=f"rankings/{index.id}/{edition}.md", rows=rows,
        regions=_regions(index, rows, decimals),
        improved=_largest(rows, "improved", top), declined=_largest(rows, "declined", top))


def _largest(rows: list[RankRow], direction: str, top: int) -> list[RankRow]:
    picked = [r for r in rows if r.direction == direction]
    picked.sort(key=lambda r: (-abs(exact(float(r.change))), r.country.country.name.casefold()))
    return picked[:top]


def _regions(index: Index, rows: list[RankRow], decimals: int) -> list[RegionRow]:
    groups: dict[str, list[RankRow]] = {}
    for row in rows:
        groups.setdefault(row.country.country.region, []).append(row)
    result = []
    for region in sorted(groups, key=str.casefold):
        members = groups[region]
        values = [exact(r.report.report.aggregate) for r in members
                  if r.report.report.aggregate is not None]
        mean = fmt(sum(values, Fraction(0)) / len(values), decimals) if values else None
        counts: dict[str, int] = {}
        for r in members:
            if r.status:
                counts[r.status] = counts.get(r.status, 0) + 1
        order = [b.name for b in index.status.bands] if index.status else []
        statuses = [(name, counts[name]) for name in order if name in counts]
        result.append(RegionRow(region, len(members), mean, statuses))
    return result
