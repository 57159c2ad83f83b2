"""Derive, figures: the data of every chart a page shows, as chart models
(generator.pages.charts.model), and each report's headline figure, computed with the views by
generator.pages.derive.

Numbers, names and texts only: the views carry these models, and the templates draw them in the
render workers (figures.draw). Each report's ratings are read once by category id, so a country
costs time in proportion to its reports and their categories.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable

from ..model.records import Country, Election, Index, IndexCategory, Report, Scale
from ..model.scoring import categories_for, category_scale, fmt
from .charts.hemicycle import PARTY_COLOURS
from .charts.model import Band as ChartBand  # records.Band is an index's band
from .charts.model import (
    BandBars,
    Gauge,
    Hemicycle,
    LineChart,
    Panel,
    Seats,
    Series,
    SmallMultiples,
)
from .derive_compare import Medians, median_series

if TYPE_CHECKING:  # derive imports this module
    from .derive import ReportView, ScoreLine


@dataclass(frozen=True)
class Headline:
    """The headline figure of a report, for score boxes and tables."""

    index: Index
    edition: int
    name: str  # the aggregate's name, else the index's
    value: str | None
    out_of: str | None
    status: str | None
    path: str


def headline(index: Index, report: Report, status: str | None, path: str) -> Headline:
    """A report's headline figure: its stated aggregate, its status and its page."""
    value = out_of = None
    if index.aggregate and report.aggregate is not None:
        value = fmt(report.aggregate, index.aggregate.decimals)
        out_of = plain(index.aggregate.scale.max)
    return Headline(index=index, edition=report.edition,
                    name=index.aggregate.name if index.aggregate else index.name, value=value,
                    out_of=out_of, status=status, path=path)


def plain(x: float) -> str:
    """A scale's bound as pages write it: 7.0 -> '7', 0.5 -> '0.5'."""
    return str(int(x)) if float(x).is_integer() else repr(x)


_BAND_CLASSES = {"high": "band-high", "mid": "band-mid", "low": "band-low"}


def chart_bands(index: Index) -> tuple[ChartBand, ...]:
    """The index's category bands (GSoD high / mid / low) as charts draw them."""
    return tuple(ChartBand(b.name, b.min, b.max, _BAND_CLASSES.get(b.id, "band-mid"))
                 for b in index.category_bands if b.min is not None and b.max is not None)


def score_gauges(index: Index, report: Report, scores: list[ScoreLine]) -> list[Gauge]:
    """The stated percentage and aggregate of a report, each on its scale and written as its
    score card line states it ("5.95 / 100", "1.36 / 7"). A figure off its scale (a publisher's
    own, listed under the report's discrepancies: FIW 2003's 101 of 100 for Luxembourg) has no
    gauge: the score card writes it out."""
    gauges = []
    if index.percentage is not None and report.percentage is not None:
        line = _line(scores, index.percentage.name)
        gauges.append(Gauge(report.percentage, 0, 100, label=index.percentage.name,
                            value_text=f"{line.stated} / 100",
                            id_prefix=f"gauge-{report.index}-percentage"))
    agg = index.aggregate
    if agg is not None and report.aggregate is not None and \
            agg.scale.min <= report.aggregate <= agg.scale.max:
        line = _line(scores, agg.name)
        gauges.append(Gauge(report.aggregate, agg.scale.min, agg.scale.max, label=agg.name,
                            value_text=f"{line.stated} / {line.out_of}",
                            id_prefix=f"gauge-{report.index}-aggregate",
                            higher_is_better=index.higher_is_better))
    return gauges


def _line(scores: list[ScoreLine], name: str) -> ScoreLine:
    """The score card's line of that name (the first, should two figures share a name)."""
    return next(s for s in scores if s.name == name)


def category_gauge(index: Index, category: IndexCategory, rating: float | None,
                   value_text: str, scale: Scale, bands: tuple[ChartBand, ...]) -> Gauge | None:
    """A category's rating on its scale, over the index's bands, written `value_text`
    ("1.25 / 7"); None without a rating."""
    if rating is None:
        return None
    return _shared_gauge(rating, scale.min, scale.max, category.name, value_text,
                         f"gauge-{category.id}", index.higher_is_better, bands)


@lru_cache(maxsize=16384)
def _shared_gauge(*fields: Any) -> Gauge:
    """Equal gauges as one object: a category's rating recurs in thousands of reports, and a
    gauge of its own for each added up to a noticeable part of the derived views' memory."""
    return Gauge(*fields)


class CountryCharts:
    """The figures of a country's pages drawn from all its reports (`views`, sorted by index
    and edition): the aggregate and the category ratings over editions."""

    def __init__(self, country: Country, views: list[ReportView]) -> None:
        self.name = country.name
        self.country = country
        self.views = views
        # by report: the rating of each category id (its first entry, None where it has none),
        # and the ids of the categories it rates
        self.ratings: dict[int, dict[str, float | None]] = {}
        self.rated: dict[int, set[str]] = {}
        for view in views:
            ratings: dict[str, float | None] = {}
            for result in view.report.categories:
                ratings.setdefault(result.id, result.rating)
            self.ratings[id(view)] = ratings
            self.rated[id(view)] = {c.id for c in view.report.categories if c.rating is not None}

    def _by_index(self, views: list[ReportView]) -> list[tuple[str, list[ReportView]]]:
        groups: dict[str, list[ReportView]] = {}
        for view in views:
            groups.setdefault(view.report.index, []).append(view)
        return sorted(groups.items())

    def score_history(self, medians: Medians | None = None) -> list[LineChart]:
        """One line chart per index with an aggregate and at least two editions stating it,
        with the region's and the world's medians (derive_compare) where the site has them."""
        charts = []
        for index_id, views in self._by_index(self.views):
            index = views[0].index
            points = [(v.report.edition, v.report.aggregate) for v in views]
            if index.aggregate is None or sum(p[1] is not None for p in points) < 2:
                continue
            agg, scale = index.aggregate, index.aggregate.scale
            others, said = median_series(medians or Medians(), index_id, self.country.region,
                                         [p[0] for p in points], self.country.territory)
            y_min, y_max = holding(scale.min, scale.max, (
                *(p[1] for p in points), *(v for s in others for _, v in s.points)))
            charts.append(LineChart(
                (Series(self.name if others else agg.name, points), *others),
                title=f"{self.name}: {agg.name}, {index.name}",
                desc=f"{agg.name} of {self.name} in each edition of"
                     f" {index.name} from {points[0][0]} to {points[-1][0]}, on a scale of"
                     f" {scale.min:g} to {scale.max:g}." + (f" {said}" if said else ""),
                id_prefix=f"history-{index_id}", y_min=y_min, y_max=y_max,
                y_label=agg.name, higher_is_better=index.higher_is_better))
        return charts

    def category_history(self) -> list[SmallMultiples]:
        """Small multiples of the category ratings over editions, per index with two rated
        editions: one panel per category rated in any of them, a gap where an edition rated
        the category but gives no rating, nothing where the category was not rated then."""
        charts = []
        for index_id, views in self._by_index([v for v in self.views if self.rated[id(v)]]):
            if len(views) < 2:
                continue
            index = views[0].index
            rated = set().union(*(self.rated[id(v)] for v in views))
            editions = [(v.report.edition, self.ratings[id(v)],
                         {c.id for c in categories_for(index, v.report.edition)}) for v in views]
            panels = tuple(
                Panel(panel_title(cat),
                      [(edition, ratings.get(cat.id)) for edition, ratings, active in editions
                       if cat.id in active])
                for cat in index.categories if cat.id in rated)
            scales = [category_scale(index, cid) for cid in rated]
            charts.append(SmallMultiples(
                panels, title=f"{self.name}: {index.name} category ratings",
                desc=f"Each category's rating in every edition of {index.name} from"
                     f" {views[0].report.edition} to {views[-1].report.edition}.",
                id_prefix=f"categories-{index_id}", y_min=min(s.min for s in scales),
                y_max=max(s.max for s in scales)))
        return charts

    def band_history(self, bands: dict[str, tuple[ChartBand, ...]]) -> LineChart | None:
        """The banded category scores over editions (GSoD performance over time), the
        categories of the first banded index; None without a score."""
        views = [v for v in self.views if v.index.category_bands and self.rated[id(v)]]
        if not views:
            return None
        index = views[0].index
        series = []
        for cat in index.categories:
            points = [(v.report.edition, self.ratings[id(v)].get(cat.id)) for v in views]
            if any(p[1] is not None for p in points):
                series.append(Series(cat.name, points))
        return LineChart(tuple(series), title=f"{self.name}: {index.name} over time",
                         desc=f"Category scores of {self.name} in {index.name},"
                              f" {views[0].report.edition} to {views[-1].report.edition}.",
                         id_prefix=f"bands-history-{index.id}", y_min=span(index)[0],
                         y_max=span(index)[1], y_label="Score", bands=bands[index.id])


def panel_title(category) -> str:
    """A category's panel: its short name ("Media"), its name with a short name that is a code
    (FIW's "A. Electoral Process": a letter alone says nothing), else its name."""
    short = category.short_name
    if short and len(short) <= 2:
        return f"{short}. {category.name}"
    return short or category.name


def holding(lo: float, hi: float, values: Iterable[float | None]) -> tuple[float, float]:
    """A scale's bounds widened to hold every value: a publisher's figure off its scale (listed
    under a report's discrepancies) is drawn where it is, not left out or clipped."""
    known = [v for v in values if v is not None]
    return min([lo, *known]), max([hi, *known])


def band_chart(report: ReportView | None,
               bands: dict[str, tuple[ChartBand, ...]]) -> BandBars | None:
    """A report's banded scores (GSoD high / mid / low) as bars; None without any score.
    The values are the ratings as the report page prints them."""
    if report is None or not report.index.category_bands:
        return None
    items = tuple((c.name, float(c.rating) if c.rating else None) for c in report.categories)
    if all(value is None for _, value in items):
        return None
    index, edition, name = report.index, report.report.edition, report.country.name
    return BandBars(items, bands=bands[index.id], title=f"{name}: {index.name} {edition}",
                    desc=f"Scores of {name} in the {index.name} categories, {edition}, with the"
                         f" bands {', '.join(b.name for b in index.category_bands)}.",
                    id_prefix=f"bands-{index.id}", lo=span(index)[0], hi=span(index)[1])


def span(index: Index) -> tuple[float, float]:
    """The index's scale widened to its categories' own scales: an axis that shows every
    category's ratings holds each of them (validate puts a rating on its category's scale)."""
    scales = [index.scale, *(c.scale for c in index.categories if c.scale is not None)]
    return min(s.min for s in scales), max(s.max for s in scales)


def seats_chart(eid: str, election: Election, date: str,
                rows: list[dict[str, Any]]) -> Hemicycle | None:
    """The seats of an election's results (`rows`, in the order of its table) and the date as
    pages write it; None when no party has seats recorded."""
    seated = [r for r in rows if r["seats"]]
    if not seated:
        return None
    # one colour each for up to PARTY_COLOURS parties; beyond, the smallest (rows come by seats)
    # share the last colour, a grey, as "N other parties": the results table lists them all
    shown = seated if len(seated) <= PARTY_COLOURS else seated[:PARTY_COLOURS - 1]
    parties = tuple(Seats(r["short_name"] or r["party"], r["seats"], f"party-{i}")
                    for i, r in enumerate(shown))
    if len(shown) < len(seated):
        rest = seated[len(shown):]
        parties += (Seats(f"{len(rest)} other parties", sum(r["seats"] for r in rest),
                          f"party-{PARTY_COLOURS - 1}"),)
    # the parties' seats as the source gives them, should they exceed the body's (listed under
    # the election's discrepancies)
    total = election.seats if election.seats and election.seats >= sum(
        r["seats"] for r in seated) else None
    return Hemicycle(parties, title=f"Seats in the {election.body} after the {date} election",
                     desc=", ".join(f"{r['party']}: {r['seats']}" for r in seated)
                     + (f"; {election.seats} seats in all." if election.seats else "."),
                     id_prefix=f"seats-{eid}", total=total)
