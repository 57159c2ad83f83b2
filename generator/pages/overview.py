"""Derive, for the site-wide pages: the home page's overview of the main index's latest edition
and the countries list's tables by region.

Both are built from the rankings (rankings.derive_rankings) and travel with them as
`site.rankings` (a SiteRankings), so the templates get them without a render hook of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.records import Index
from .derive import CountryView, SiteView
from .rankings import (
    EditionView,
    IndexRankings,
    RankRow,
    StatusCount,
    largest,
    region_anchors,
    status_classes,
)

HOME_TOP = 5  # the largest improvements and declines the home page lists, each


@dataclass(frozen=True)
class RegionSummary:
    """A region on the home page: its countries and territories on the site, and how many of
    them the main index's latest edition gives each status."""

    region: str
    anchor: str  # its heading's anchor on the countries list
    countries: int
    territories: int
    statuses: list[StatusCount]  # every status of the index, zeros too


@dataclass(frozen=True)
class Overview:
    """The home page's summary: the main index (the one whose latest edition rates the most
    countries, among those with a status) and that edition."""

    rankings: IndexRankings
    edition: EditionView
    improved: list[RankRow]
    declined: list[RankRow]
    regions: list[RegionSummary]
    improved_tied: list[RankRow]  # left out, though they changed as much as the last shown
    declined_tied: list[RankRow]


@dataclass(frozen=True)
class Cell:
    """A country's latest report of one index, as the countries list shows it."""

    value: str | None
    status: str | None
    status_class: str | None
    edition: int
    path: str
    older: bool  # an edition before the index's latest: the list says which


@dataclass(frozen=True)
class Column:
    """An index's column(s) in a region's table: its score, and for the main index (the home
    page's) its status beside it; the other indices' statuses are on their reports, which few
    countries have: a column each of statuses would make the table too wide to read."""

    index: Index
    edition: int  # the index's latest edition on the site
    has_value: bool  # the index states an aggregate: a score column, else a link to the report
    has_status: bool  # the main index, with statuses: a status column


@dataclass(frozen=True)
class DirectoryRow:
    country: CountryView
    cells: list[Cell | None]  # one per column of the region


@dataclass(frozen=True)
class RegionDirectory:
    """One region of the countries list: only the indices some member has a report of."""

    region: str
    anchor: str
    columns: list[Column]
    rows: list[DirectoryRow]

    @property
    def territories(self) -> int:
        return sum(r.country.country.territory for r in self.rows)

    @property
    def countries(self) -> int:
        return len(self.rows) - self.territories


class SiteRankings(list):
    """The rankings of every index (a list of rankings.IndexRankings, as before), with the
    overview of the home page and the region tables of the countries list."""

    overview: Overview | None
    directory: list[RegionDirectory]

    def __init__(self, rankings: list[IndexRankings], overview: Overview | None,
                 directory: list[RegionDirectory]) -> None:
        super().__init__(rankings)
        self.overview = overview
        self.directory = directory


def site_rankings(site: SiteView, rankings: list[IndexRankings]) -> SiteRankings:
    """The rankings with the overview and the countries list's tables added."""
    anchors = region_anchors([region for region, _ in site.regions])
    return SiteRankings(rankings, _overview(site, rankings, anchors),
                        _directory(site, rankings, anchors))


def main_rankings(rankings: list[IndexRankings]) -> IndexRankings | None:
    """The index the home page sums up: of those with statuses, the one whose latest edition
    ranks the most countries (ties: the first in the site's order of indices)."""
    candidates = [r for r in rankings if r.index.status and r.editions]
    if not candidates:
        return None
    return max(candidates, key=lambda r: len(r.editions[0].rows))  # max keeps the first


def _overview(site: SiteView, rankings: list[IndexRankings],
              anchors: dict[str, str]) -> Overview | None:
    main = main_rankings(rankings)
    if main is None:
        return None
    edition = main.editions[0]
    by_region = {r.region: r for r in edition.regions}
    empty = [StatusCount(s.name, s.css, 0, 0) for s in edition.statuses]
    regions = []
    for region, members in site.regions:
        territories = sum(c.country.territory for c in members)
        rated = by_region.get(region)
        regions.append(RegionSummary(region, anchors[region], len(members) - territories,
                                     territories, rated.counts if rated else empty))
    improved, improved_tied = largest(edition.rows, "improved", HOME_TOP)
    declined, declined_tied = largest(edition.rows, "declined", HOME_TOP)
    return Overview(main, edition, improved, declined, regions, improved_tied, declined_tied)


def _directory(site: SiteView, rankings: list[IndexRankings],
               anchors: dict[str, str]) -> list[RegionDirectory]:
    main = main_rankings(rankings)
    ordered = [main, *(r for r in rankings if r is not main)] if main else list(rankings)
    latest = {r.index.id: r.editions[0].edition for r in ordered if r.editions}
    classes = {r.index.id: status_classes(r.index) for r in ordered}
    result = []
    for region, members in site.regions:
        present = {v.index.id for c in members for v in c.latest}
        indices = [r.index for r in ordered if r.index.id in present]
        columns = [Column(ix, latest[ix.id], ix.aggregate is not None,
                          ix.status is not None and main is not None and ix is main.index)
                   for ix in indices]
        rows = []
        for country in members:
            views = {v.index.id: v for v in country.latest}
            cells: list[Cell | None] = []
            for ix in indices:
                view = views.get(ix.id)
                if view is None:
                    cells.append(None)
                    continue
                h = view.headline
                cells.append(Cell(h.value, h.status, classes[ix.id].get(h.status or ""),
                                  h.edition, h.path, h.edition != latest[ix.id]))
            rows.append(DirectoryRow(country, cells))
        result.append(RegionDirectory(region, anchors[region], columns, rows))
    return result
