"""Render, charts: derived views to inline SVG figures (generator.pages.charts), for the templates.

Each function returns an HTML string, or "" when the data for a chart does not exist, so a
page never shows an empty chart.
"""

from __future__ import annotations

from ..model.records import Index
from ..model.scoring import categories_for, category_scale
from .charts import (
    Band,
    Panel,
    Seats,
    Series,
    band_bars,
    gauge,
    hemicycle,
    line_chart,
    small_multiples,
)
from .derive import CountryView, ElectionView, ReportView

_BAND_CLASSES = {"high": "band-high", "mid": "band-mid", "low": "band-low"}


def _bands(index: Index) -> list[Band]:
    return [Band(b.name, b.min, b.max, _BAND_CLASSES.get(b.id, "band-mid"))
            for b in index.category_bands if b.min is not None and b.max is not None]


def score_gauges(report: ReportView) -> str:
    """The headline figures of a report as full gauges (stated values), without data tables:
    the report's "Stated and recomputed" table, right below them, holds the same figures."""
    index, r = report.index, report.report
    parts = []
    if index.percentage is not None and r.percentage is not None:
        line = next(s for s in report.scores if s.name == index.percentage.name)
        parts.append(gauge(r.percentage, 0, 100, label=index.percentage.name,
                           value_text=f"{line.stated} / 100",
                           id_prefix=f"gauge-{r.index}-percentage", table=False))
    if index.aggregate is not None and r.aggregate is not None:
        scale = index.aggregate.scale
        line = next(s for s in report.scores if s.name == index.aggregate.name)
        parts.append(gauge(r.aggregate, scale.min, scale.max, label=index.aggregate.name,
                           value_text=f"{line.stated} / {line.out_of}",
                           id_prefix=f"gauge-{r.index}-aggregate",
                           higher_is_better=index.higher_is_better, table=False))
    return "\n".join(parts)


def category_gauge(report: ReportView, category_id: str, compact: bool = True) -> str:
    """A category's rating as a gauge ("1.25 / 7"); "" for a category without a rating."""
    result = next((c for c in report.report.categories if c.id == category_id), None)
    if result is None or result.rating is None:
        return ""
    index = report.index
    scale = category_scale(index, category_id)
    view = next(c for c in report.categories if c.id == category_id)
    return gauge(result.rating, scale.min, scale.max, label=view.name,
                 value_text=f"{view.rating} / {view.scale_max}",
                 id_prefix=f"gauge-{category_id}", higher_is_better=index.higher_is_better,
                 bands=_bands(index), compact=compact)


def score_history(country: CountryView) -> list[str]:
    """One line chart per index with an aggregate and at least two editions."""
    charts = []
    by_index: dict[str, list[ReportView]] = {}
    for view in country.reports:
        by_index.setdefault(view.report.index, []).append(view)
    for index_id, views in sorted(by_index.items()):
        index = views[0].index
        points = [(v.report.edition, v.report.aggregate) for v in views]
        if index.aggregate is None or sum(p[1] is not None for p in points) < 2:
            continue
        scale = index.aggregate.scale
        charts.append(line_chart(
            [Series(index.aggregate.name, points)],
            title=f"{country.country.name}: {index.aggregate.name}, {index.name}",
            desc=f"{index.aggregate.name} of {country.country.name} in each edition of"
                 f" {index.name} from {points[0][0]} to {points[-1][0]}, on a scale of"
                 f" {scale.min:g} to {scale.max:g}.",
            id_prefix=f"history-{index_id}", y_min=scale.min, y_max=scale.max,
            y_label=index.aggregate.name, higher_is_better=index.higher_is_better))
    return charts


def category_history(country: CountryView) -> list[str]:
    """Small multiples of category ratings over editions, per index with two rated editions."""
    charts = []
    by_index: dict[str, list[ReportView]] = {}
    for view in country.reports:
        if any(c.rating is not None for c in view.report.categories):
            by_index.setdefault(view.report.index, []).append(view)
    for index_id, views in sorted(by_index.items()):
        if len(views) < 2:
            continue
        index = views[0].index
        rated = {c.id for v in views for c in v.report.categories if c.rating is not None}
        panels = []
        for cat in index.categories:
            if cat.id not in rated:
                continue
            points = []
            for v in views:
                result = next((c for c in v.report.categories if c.id == cat.id), None)
                if any(c.id == cat.id for c in categories_for(index, v.report.edition)):
                    points.append((v.report.edition, result.rating if result else None))
            panels.append(Panel(cat.short_name or cat.name, points))
        scales = [category_scale(index, cid) for cid in rated]
        charts.append(small_multiples(
            panels, title=f"{country.country.name}: {index.name} category ratings",
            desc=f"Each category's rating in every edition of {index.name} from"
                 f" {views[0].report.edition} to {views[-1].report.edition}.",
            id_prefix=f"categories-{index_id}", y_min=min(s.min for s in scales),
            y_max=max(s.max for s in scales)))
    return charts


def banded_categories(report: ReportView | None) -> str:
    """The latest banded scores (GSoD high / mid / low) as bars; "" without any score."""
    if report is None or not report.index.category_bands:
        return ""
    items = [(c.name, float(c.rating) if c.rating else None) for c in report.categories]
    if all(value is None for _, value in items):
        return ""
    index = report.index
    return band_bars(items, bands=_bands(index),
                     title=f"{report.country.name}: {index.name} {report.report.edition}",
                     desc=f"Scores of {report.country.name} in the {index.name} categories,"
                          f" {report.report.edition}, with the bands {', '.join(b.name for b in index.category_bands)}.",
                     id_prefix=f"bands-{index.id}", lo=index.scale.min, hi=index.scale.max)


def banded_history(country: CountryView) -> str:
    """Banded category scores over editions (GSoD performance over time); "" without data."""
    views = [v for v in country.reports if v.index.category_bands and
             any(c.rating is not None for c in v.report.categories)]
    if not views:
        return ""
    index = views[0].index
    series = []
    for cat in index.categories:
        points = []
        for v in views:
            result = next((c for c in v.report.categories if c.id == cat.id), None)
            points.append((v.report.edition, result.rating if result else None))
        if any(p[1] is not None for p in points):
            series.append(Series(cat.name, points))
    return line_chart(series, title=f"{country.country.name}: {index.name} over time",
                      desc=f"Category scores of {country.country.name} in {index.name},"
                           f" {views[0].report.edition} to {views[-1].report.edition}.",
                      id_prefix=f"bands-history-{index.id}", y_min=index.scale.min,
                      y_max=index.scale.max, y_label="Score", bands=_bands(index))


def seat_diagram(election: ElectionView) -> str:
    """The hemicycle of an election with seat results; "" when no party has seats recorded."""
    rows = [r for r in election.rows if r["seats"]]
    if not rows:
        return ""
    e = election.election
    parties = [Seats(r["short_name"] or r["party"], r["seats"], f"party-{i % 12}")
               for i, r in enumerate(rows)]
    return hemicycle(parties, title=f"Seats in the {e.body} after the {election.date_label}"
                                    " election",
                     desc=", ".join(f"{r['party']}: {r['seats']}" for r in rows)
                     + (f"; {e.seats} seats in all." if e.seats else "."),
                     id_prefix=f"seats-{election.id}", total=e.seats)
