"""Stage 4, derive: pure computations from valid content to the values pages show.

Numbers are formatted, lists sorted and changes classified here, and every figure's data is
computed here as a chart model (generator.pages.charts.model): the views carry them, and the
templates lay the views out, drawing a figure from its model (figures.draw) without looking
anything up. Derive runs once, in the main process, for the whole site: it keeps to the numbers
and leaves the drawing to the render workers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..model.parse import Content
from ..model.records import Country, Index, Report, Scale, Section, Source, Treaty
from ..model.scoring import (
    adjustment_points,
    category_band,
    category_scale,
    fmt,
    recompute,
    status_band,
)
from .charts.model import Band as ChartBand  # records.Band is an index's band
from .charts.model import BandBars, Gauge, LineChart, SmallMultiples
from .derive_compare import Medians, compare_data, compared, site_medians
from .derive_elections import (
    ElectionRow,
    ElectionView,
    election_sources,
    election_table,
    election_view,
    link_elections,
)
from .derive_facts import country_facts
from .derive_figures import (
    CountryCharts,
    Headline,
    band_chart,
    category_gauge,
    chart_bands,
    headline,
    plain,
    score_gauges,
)
from .derive_fiw import GroupsView, groups_view
from .derive_history import history_entries, ratings_history, with_history
from .derive_last_year import LastYear, ScoreLine, direction, score_line, status_direction
from .derive_tracker import (  # noqa: F401 (TREATY_STATUS_LABELS, the labels: for other modules)
    TREATY_STATUS_LABELS,
    MonthView,
    months_of,
    treaty_counts,
    treaty_rows,
)
from .sections import SectionView, section_view


@dataclass(frozen=True)
class CategoryView:
    id: str
    name: str
    considers: str | None
    rating: str | None
    scale_max: str
    band: str | None
    rank: int | None
    rank_of: int | None
    narrative_source: Section | None
    notes_key: str  # c<n>, the category's place in its index: see sections.section_view
    gauge: Gauge | None  # the rating on its scale, None without a rating

    @cached_property
    def narrative(self) -> SectionView | None:
        """Split on first use: in the render worker that shows it, not before the fork."""
        source = self.narrative_source
        return section_view(self.notes_key, source) if source else None


@dataclass(frozen=True)
class ChangeView:
    category: str
    old: str
    new: str
    direction: str
    reason: str


@dataclass
class ReportView:
    path: str
    country: Country
    index: Index
    report: Report
    title: str
    status: str | None
    status_computed: str | None
    previous_status: str | None
    scores: list[ScoreLine]
    changes: list[ChangeView]
    aggregate_change: ScoreLine | None
    categories: list[CategoryView]
    gauges: list[Gauge]  # the stated percentage and aggregate, as full gauges
    headline: Headline
    groups: GroupsView | None = None  # an index whose categories add up in groups (FIW)
    other_scores: list[Headline] = field(default_factory=list)
    # an edition whose report states no status or ratings (FIW 2003-2005): the ratings
    # history's, with the history's source
    history_status: str | None = None
    history_source: Source | None = None
    previous_status_from_history: bool = False  # last year's status is the history's
    status_direction: str | None = None
    previous_path: str | None = None
    next_path: str | None = None
    last_changed: str | None = None

    # Narratives are split into text and note references on first use, in the render worker
    # that shows them: most of derive's time when it ran in the main process before the fork.
    @cached_property
    def summary(self) -> SectionView | None:
        return section_view("s", self.report.summary) if self.report.summary else None

    @cached_property
    def at_a_glance(self) -> SectionView | None:
        section = self.report.at_a_glance
        return section_view("g", section) if section else None

    def forget_sections(self) -> None:
        """Drop the split narratives once the page is rendered: kept, they would pile up to a
        large part of a render worker's memory by its last page."""
        for name in ("summary", "at_a_glance"):
            self.__dict__.pop(name, None)
        for category in self.categories:
            category.__dict__.pop("narrative", None)


@dataclass
class CountryView:
    slug: str
    country: Country
    path: str
    reports: list[ReportView]
    latest: list[ReportView]  # the newest report of each index
    months: list[MonthView]
    events_source: Any
    rankings: ReportView | None
    treaties: list[dict[str, Any]]
    treaty_counts: list[tuple[str, str, int]]  # (status, label, count), derive_tracker
    elections: list[ElectionView]  # newest first
    election_rows: list[ElectionRow]  # the table of them on the country page
    election_sources: list[Source]
    tracker_path: str | None
    facts: list[tuple[str, str]]  # (label, text): see derive_facts
    # per index with rated groups: its ratings and status by year, and where they are from
    ratings_charts: list[tuple[LineChart, Source | None]]
    score_charts: list[LineChart]  # per index with an aggregate: the aggregate over editions
    category_charts: list[SmallMultiples]  # per index: the category ratings over editions
    band_chart: BandBars | None  # the latest banded category scores (GSoD)
    band_history: LineChart | None  # the banded category scores over editions
    last_changed: str | None = None

    @property
    def compared(self) -> bool:
        """Whether the compare page lists the country (it states an aggregate score)."""
        return compared(self.reports)

    @property
    def tracked(self) -> bool:
        """Whether the Democracy Tracker covers the country (events, basic information); the
        tracker page of a country it does not cover holds the treaty table only."""
        return bool(self.months or self.events_source or self.country.basic_info)


@dataclass
class SiteView:
    site_url: str | None
    indices: list[Index]
    countries: list[CountryView]
    regions: list[tuple[str, list[CountryView]]]
    treaty_catalogue: list[Treaty]
    rankings: list[Any] = field(default_factory=list)  # rankings.IndexRankings, set by derive_all
    # the build's link style: the website's folder URLs (countries/germany/) or, in the offline
    # bundle, files (countries/germany/index.html); links in raw HTML are written in it
    directory_urls: bool = True
    medians: Medians = field(default_factory=Medians)  # the whole site's: derive_compare
    treaty_coverage: Any = None  # treaty_coverage.Coverage, set with the rankings (site-wide)

    def compare_data(self, href) -> str:
        """The compare page's data, its links made by the page's `href` (derive_compare)."""
        return compare_data(self, href)


def derive_site(content: Content, changed: dict[str, str] | None = None,
                site_url: str | None = None, medians: Medians | None = None) -> SiteView:
    """Everything the pages show, computed once from valid content.

    `changed` maps content paths to the date they last changed (history.last_changed);
    `site_url` makes citations carry absolute links; `medians` are the whole site's, for a
    content that holds part of it (the incremental render), else computed from `content`.
    """
    changed = changed or {}
    indices = {k: v.value for k, v in sorted(content.indices.items())}
    bands = {k: chart_bands(index) for k, index in indices.items()}
    scales = {k: {c.id: category_scale(index, c.id) for c in index.categories}
              for k, index in indices.items()}  # each category's, looked up once
    treaties = content.treaties.value.treaties if content.treaties else []
    if medians is None:
        medians = site_medians(content, indices)
    countries = [
        _country_view(bundle, indices, bands, scales, treaties, changed, medians)
        for _, bundle in sorted(content.countries.items())
        if bundle.country is not None
    ]
    countries.sort(key=lambda c: (c.country.name.casefold(), c.slug))
    regions: dict[str, list[CountryView]] = {}
    for view in countries:
        regions.setdefault(view.country.region, []).append(view)
    return SiteView(
        site_url=(site_url.rstrip("/") + "/") if site_url else None,
        indices=sorted(indices.values(), key=lambda i: (i.publisher, i.name)),
        countries=countries,
        regions=sorted(regions.items(), key=lambda kv: kv[0].casefold()),
        treaty_catalogue=list(treaties),
        medians=medians,
    )


def _country_view(bundle, indices: dict[str, Index], bands: dict[str, tuple[ChartBand, ...]],
                  scales: dict[str, dict[str, Scale]], treaties: list[Treaty],
                  changed: dict[str, str], medians: Medians) -> CountryView:
    country = bundle.country.value
    base = f"countries/{bundle.slug}"
    items = sorted((r for r in bundle.reports if r.value.index in indices),
                   key=lambda r: (r.value.index, r.value.edition))
    reports = [r.value for r in items]
    entries = {ix: history_entries(country, ix) for ix in indices}
    shown = {(r.index, r.edition): with_history(indices[r.index], r, entries[r.index].get(
        r.edition)) for r in reports}

    def last_year(r: Report) -> LastYear:
        key = (r.index, r.edition - 1)
        found = shown.get(key) or with_history(indices[r.index], None,
                                               entries[r.index].get(key[1]))
        return LastYear(*found)
    views = [_report_view(country, indices[r.index], bands[r.index], scales[r.index], r, base,
                          shown[(r.index, r.edition)], last_year(r))
             for r in reports]
    for view, item in zip(views, items):
        view.last_changed = changed.get(item.rel)
    files = [bundle.country.rel, *(r.rel for r in bundle.reports),
             *(e.rel for e in bundle.elections.values())]
    if bundle.events:
        files.append(bundle.events.rel)
    dates = [changed[f] for f in files if f in changed]
    by_key = {(v.report.index, v.report.edition): v for v in views}
    for view in views:
        r = view.report
        prev = by_key.get((r.index, r.edition - 1))
        nxt = by_key.get((r.index, r.edition + 1))
        view.previous_path = prev.path if prev else None
        view.next_path = nxt.path if nxt else None
    _set_other_scores(views)
    latest = {}
    for view in views:
        latest[view.report.index] = view
    latest_list = sorted(latest.values(), key=lambda v: (v.index.publisher, v.index.name))
    events = bundle.events.value if bundle.events else None
    months = months_of(events.events) if events else []
    ranked = [v for v in views if v.index.ranked]
    elections = sorted(
        (election_view(country, eid, e.value, base) for eid, e in bundle.elections.items()),
        key=lambda e: (e.election.date, e.id), reverse=True)
    link_elections(elections)
    statuses = country.treaties.statuses if country.treaties else {}
    has_tracker = bool(events or ranked or country.basic_info or statuses)
    treaties_shown = treaty_rows(statuses, treaties, country.treaties.years) if statuses else []
    rankings = ranked[-1] if ranked else None
    charts = CountryCharts(country, views)
    return CountryView(
        slug=bundle.slug,
        country=country,
        path=f"{base}/index.md",
        reports=views,
        latest=latest_list,
        months=months,
        events_source=events.source if events else None,
        rankings=rankings,
        treaties=treaties_shown,
        treaty_counts=treaty_counts(treaties_shown),
        elections=elections,
        election_rows=election_table(elections),
        election_sources=election_sources(elections),
        tracker_path=f"{base}/tracker.md" if has_tracker else None,
        facts=country_facts(country),
        ratings_charts=_ratings_charts(country, indices, views),
        score_charts=charts.score_history(medians),
        category_charts=charts.category_history(),
        band_chart=band_chart(rankings, bands),
        band_history=charts.band_history(bands),
        last_changed=max(dates) if dates else None,
    )


def _ratings_charts(country: Country, indices: dict[str, Index],
                    views: list[ReportView]) -> list[tuple[LineChart, Source | None]]:
    charts = []
    for index in indices.values():
        chart = ratings_history(country, index, views)
        if chart is not None:
            history = country.history.get(index.id)
            charts.append((chart, history.source if history else None))
    return charts


def _report_view(country: Country, index: Index, bands: tuple[ChartBand, ...],
                 scales: dict[str, Scale], report: Report, base: str,
                 shown: tuple[Report, bool], last: LastYear) -> ReportView:
    """A report's page. `shown` is the report with the ratings history's status and ratings
    when it states none (and whether it has them: derive_history.with_history), `last` the
    figures of the previous edition."""
    rated = {c.id: c.rating for c in report.categories if c.rating is not None}
    # The figures the ratings give, computed as validate checks the stated ones against them.
    computed = recompute(index, report.edition, rated, adjustment_points(index, report))
    scores: list[ScoreLine] = []
    agg = index.aggregate
    has_computed = computed.aggregate is not None
    if index.percentage is not None and (report.percentage is not None or has_computed):
        rule = index.percentage
        pct = computed.percentage
        scores.append(score_line(
            index, rule.name, "100", report.percentage, rule.decimals,
            fmt(pct, rule.decimals) if pct is not None else None,
            last.value(report, "percentage"), rule.previous_decimals))
    if agg is not None and (report.aggregate is not None or has_computed):
        scores.append(score_line(
            index, agg.name, plain(agg.scale.max), report.aggregate, agg.decimals,
            fmt(computed.aggregate, agg.decimals) if has_computed else None,
            last.value(report, "aggregate"), agg.decimals))
    names = {c.id: c.name for c in index.categories}
    changes = [
        ChangeView(names.get(c.category, c.category),
                   _cat_fmt(scales.get(c.category, index.scale), c.old),
                   _cat_fmt(scales.get(c.category, index.scale), c.new),
                   direction(c.old, c.new, index.higher_is_better), c.reason)
        for c in report.score_changes
    ]
    agg_line = next((s for s in scores if agg and s.name == agg.name), None)
    categories = []
    by_id = {c.id: c for c in report.categories}
    for number, cat in enumerate(index.categories, 1):
        result = by_id.get(cat.id)
        if result is None:
            continue
        scale = scales[cat.id]
        band = category_band(index, result.rating) if (result.rating is not None
                                                        and index.category_bands) else None
        rating = _cat_fmt(scale, result.rating) if result.rating is not None else None
        scale_max = plain(scale.max)
        categories.append(CategoryView(
            id=cat.id, name=cat.name, considers=cat.considers,
            rating=rating, scale_max=scale_max,
            band=band.name if band else None,
            rank=result.rank, rank_of=result.rank_of,
            narrative_source=result.narrative, notes_key=f"c{number}",
            gauge=category_gauge(index, cat, result.rating, f"{rating} / {scale_max}", scale,
                                 bands),
        ))
    own, from_history = shown
    groups = groups_view(index, own, categories, scales, last, from_history)
    status_computed = computed.status.name if computed.status else \
        (groups.status_computed if groups else None)
    status = status_band(index, report.status)
    history_status = status_band(index, own.status) if from_history else None
    last_status = last.status(report)
    prev_status = status_band(index, last_status)
    path = f"{base}/{report.index}-{report.edition}.md"
    history = country.history.get(index.id)
    return ReportView(
        path=path,
        country=country, index=index, report=report,
        title=f"{country.name}: {index.name} {report.edition}",
        status=status.name if status else None,
        status_computed=status_computed,
        previous_status=prev_status.name if prev_status else None,
        scores=scores, changes=changes, aggregate_change=agg_line,
        categories=categories, gauges=score_gauges(index, report, scores),
        headline=headline(index, report, status.name if status else None, path),
        groups=groups,
        history_status=history_status.name if history_status else None,
        history_source=history.source if history and from_history else None,
        previous_status_from_history=last.status_from_history(report),
        status_direction=status_direction(index, last_status, own.status),
    )


def _set_other_scores(views: list[ReportView]) -> None:
    """Each report's other_scores: the country's scores on the other indices, the edition of
    the same year, else the latest. `views` are sorted by index and edition."""
    by_index: dict[str, list[ReportView]] = {}
    by_key: dict[tuple[str, int], ReportView] = {}
    for v in views:
        by_index.setdefault(v.report.index, []).append(v)
        by_key.setdefault((v.report.index, v.report.edition), v)
    ids = sorted(by_index)
    for view in views:
        view.other_scores = [
            by_key.get((index_id, view.report.edition), by_index[index_id][-1]).headline
            for index_id in ids if index_id != view.report.index]


def _cat_fmt(scale: Scale, value: float) -> str:
    """A category's rating as report pages write it: two decimals, none on a whole-step scale."""
    return fmt(value, 2 if scale.step is None or scale.step < 1 else 0)
