"""Derive, across countries: ranking tables per index and edition, regions, largest changes.

FIW rates countries and territories in one list, and so does its ranking here: one rank
among all, each row knowing whether it is a territory so the pages can mark it and count
territories apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

from ..model.records import Index
from ..model.scoring import exact, fmt
from .charts.worldmap import WorldMap
from .derive import CountryView, ReportView, SiteView
from .maps import MIN_PLACES, edition_map

# A status tag's colour class, by the status's place among its index's bands (best first):
# the same three colours as the status strip of the ratings history (charts.css).
STATUS_CLASSES = ("status-high", "status-mid", "status-low")


def status_classes(index: Index) -> dict[str, str]:
    """Status name -> class: the first band status-high, the last status-low, others mid."""
    bands = index.status.bands if index.status else []
    last = len(bands) - 1
    return {b.name: STATUS_CLASSES[0 if i == 0 else 2 if i == last else 1]
            for i, b in enumerate(bands)}


def region_anchors(regions: list[str]) -> dict[str, str]:
    """Region -> heading anchor ('region-middle-east'), unique, from the name's letters and
    digits; a name without any takes its place in the list ('region-3')."""
    anchors: dict[str, str] = {}
    for number, region in enumerate(regions, 1):
        slug = re.sub(r"[^a-z0-9]+", "-", region.casefold()).strip("-")
        anchor = f"region-{slug}" if slug else f"region-{number}"
        if anchor in anchors.values():
            anchor = f"region-{number}"
        anchors[region] = anchor
    return anchors


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
    status_class: str | None = None  # see STATUS_CLASSES
    previous_value: str | None = None  # the value `change` is measured from
    previous_status: str | None = None  # the status in the previous edition
    previous_status_class: str | None = None

    @property
    def territory(self) -> bool:
        return self.country.country.territory


@dataclass(frozen=True)
class StatusCount:
    """How many rows of an edition (or of one region) have a status, territories apart."""

    name: str
    css: str  # a STATUS_CLASSES class
    countries: int
    territories: int

    @property
    def total(self) -> int:
        return self.countries + self.territories


@dataclass(frozen=True)
class RegionRow:
    region: str
    countries: int  # rows of the region, territories included
    mean: str | None
    statuses: list[tuple[str, int]]
    anchor: str = ""
    territories: int = 0
    counts: list[StatusCount] = field(default_factory=list)  # every status, zeros too
    rows: list[tuple[int, RankRow]] = field(default_factory=list)  # (rank in region, row)


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
    previous_edition: int | None = None  # the edition changes are measured from
    statuses: list[StatusCount] = field(default_factory=list)  # every status, then unstated
    status_changes: list[RankRow] = field(default_factory=list)  # better ones first
    # the rows that changed as much as the last of `improved` (`declined`) but did not fit
    improved_tied: list[RankRow] = field(default_factory=list)
    declined_tied: list[RankRow] = field(default_factory=list)
    map: WorldMap | None = None  # the world map of an edition rating enough places (maps.py)

    @property
    def territories(self) -> int:
        return sum(r.territory for r in self.rows)

    @property
    def countries(self) -> int:
        """Rows that are not territories."""
        return len(self.rows) - self.territories

    @property
    def highest(self) -> list[RankRow]:
        """The rows that share the first rank (none without values)."""
        valued = [r for r in self.rows if r.value is not None]
        return [r for r in valued if r.value == valued[0].value] if valued else []

    @property
    def lowest(self) -> list[RankRow]:
        """The rows that share the last rank among those with a value."""
        valued = [r for r in self.rows if r.value is not None]
        return [r for r in valued if r.value == valued[-1].value] if valued else []


@dataclass
class IndexRankings:
    index: Index
    path: str
    editions: list[EditionView] = field(default_factory=list)

    @property
    def statuses_given(self) -> list[str]:
        """The statuses some edition gives, best first: the columns of the editions' table."""
        given = {c.name for e in self.editions for c in e.statuses if c.total}
        return [b.name for b in self.index.status.bands if b.name in given] \
            if self.index.status else []


def derive_rankings(site: SiteView, top: int = 10) -> list[IndexRankings]:
    """Per index, per edition: all countries ranked, a breakdown by region, the largest changes.

    The list returned also carries the home page's overview and the countries list's tables
    (overview.SiteRankings), which are built from these rankings."""
    from .overview import main_rankings, site_rankings  # they import this module

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
        previous: dict[str, ReportView] = {}
        previous_edition = None
        for edition in sorted(reports):
            view = _edition(index, edition, reports[edition], previous, top)
            view.previous_edition = previous_edition
            rankings.editions.append(view)
            previous = {c.slug: r for c, r in reports[edition]}
            previous_edition = edition
        for older, newer in zip(rankings.editions, rankings.editions[1:]):
            if newer.edition == older.edition + 1:
                older.next_path, newer.previous_path = newer.path, older.path
        rankings.editions.reverse()  # newest first
        result.append(rankings)
    main = main_rankings(result)  # the home page's index: a map of every edition
    for rankings in result:
        for view in rankings.editions:
            view.map = edition_map(view, site.countries,
                                   min_places=1 if rankings is main else MIN_PLACES)
    return site_rankings(site, result)


def _edition(index: Index, edition: int, entries: list[tuple[CountryView, ReportView]],
             previous: dict[str, ReportView], top: int) -> EditionView:
    decimals = index.aggregate.decimals if index.aggregate else 2
    sign = 1 if index.higher_is_better else -1
    classes = status_classes(index)

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
        change = direction = before = None
        old = previous.get(country.slug)
        old_value = old.report.aggregate if old else None
        if value is not None and old_value is not None:
            delta = exact(value) - exact(old_value)
            change = ("+" if delta > 0 else "") + fmt(delta, decimals) if delta else "0"
            direction = "unchanged" if delta == 0 else (
                "improved" if (delta > 0) == index.higher_is_better else "declined")
            before = fmt(old_value, decimals)
        percentage = (fmt(report.percentage, index.percentage.decimals)
                      if index.percentage and report.percentage is not None else None)
        category_ranks = [
            f"{c.rank} of {c.rank_of}" if c.rank else (c.rating or "—") for c in view.categories
        ] if index.ranked else []
        rows.append(RankRow(rank if value is not None else 0, country, view,
                            fmt(value, decimals) if value is not None else None, percentage,
                            view.status, change, direction, category_ranks,
                            classes.get(view.status or ""), before,
                            old.status if old else None,
                            classes.get(old.status or "") if old else None))
    statuses = status_counts(index, rows)
    improved, improved_tied = largest(rows, "improved", top)
    declined, declined_tied = largest(rows, "declined", top)
    order = {name: i for i, name in enumerate(classes)}  # best first
    changed = [r for r in rows if r.status in order and r.previous_status in order
               and r.status != r.previous_status]
    changed.sort(key=lambda r: order[r.status] > order[r.previous_status])  # stable: by rank
    return EditionView(
        index=index, edition=edition, path=f"rankings/{index.id}/{edition}.md", rows=rows,
        regions=_regions(index, rows, decimals, len(statuses)),
        improved=improved, declined=declined, statuses=statuses, status_changes=changed,
        improved_tied=improved_tied, declined_tied=declined_tied)


def largest(rows: list[RankRow], direction: str,
            top: int) -> tuple[list[RankRow], list[RankRow]]:
    """The `top` rows that moved most in `direction`, largest first (equal changes by name),
    and the rows left out that changed as much as the last of them."""
    picked = [r for r in rows if r.direction == direction]
    picked.sort(key=lambda r: (-abs(Fraction(r.change)), r.country.country.name.casefold()))
    shown = picked[:top]
    tied = [r for r in picked[top:] if shown and r.change == shown[-1].change]
    return shown, tied


def status_counts(index: Index, rows: list[RankRow], length: int = 0) -> list[StatusCount]:
    """Rows per status, territories apart, in the index's order (best first); rows without a
    stated status last, as 'No status', if there are any or the list is to be `length` long
    (a region's, as long as its edition's)."""
    classes = status_classes(index)
    names = [b.name for b in index.status.bands] if index.status else []
    counted: dict[str | None, list[int]] = {}
    for row in rows:
        counted.setdefault(row.status if row.status in classes else None, [0, 0])[
            row.territory] += 1
    result = [StatusCount(n, classes[n], *counted.get(n, (0, 0))) for n in names]
    if names and (None in counted or length > len(names)):
        result.append(StatusCount("No status", "status-none", *counted.get(None, (0, 0))))
    return result


def _regions(index: Index, rows: list[RankRow], decimals: int,
             length: int) -> list[RegionRow]:
    """Per region: its rows, ranked among themselves, their mean and statuses (a list
    `length` long, as its edition's)."""
    groups: dict[str, list[RankRow]] = {}
    for row in rows:
        groups.setdefault(row.country.country.region, []).append(row)
    ordered = sorted(groups, key=str.casefold)
    anchors = region_anchors(ordered)
    result = []
    for region in ordered:
        members = groups[region]
        values = [exact(r.report.report.aggregate) for r in members
                  if r.report.report.aggregate is not None]
        mean = fmt(sum(values, Fraction(0)) / len(values), decimals) if values else None
        counts = status_counts(index, members, length)
        statuses = [(c.name, c.total) for c in counts if c.total and c.css != "status-none"]
        ranked, last_value, last_rank = [], None, 0
        for position, row in enumerate(members, 1):  # in the edition's order: best first
            rank = last_rank if row.value is not None and row.value == last_value else position
            last_value, last_rank = row.value, rank
            ranked.append((rank if row.value is not None else 0, row))
        result.append(RegionRow(region, len(members), mean, statuses, anchors[region],
                                sum(r.territory for r in members), counts, ranked))
    return result
