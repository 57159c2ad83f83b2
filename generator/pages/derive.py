"""Stage 4, derive: pure computations from valid content to the values pages show.

Numbers are formatted, lists sorted and changes classified here, so templates hold layout only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..model.parse import Content
from ..model.records import Country, Election, Event, Index, Report, Section, Treaty
from ..model.scoring import (
    aggregate_exact,
    band_for,
    categories_for,
    category_band,
    category_scale,
    exact,
    fmt,
    percentage_exact,
    round_half_up,
    status_band,
)
from .sections import SectionView, section_view

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


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

    @cached_property
    def narrative(self) -> SectionView | None:
        """Split on first use: in the render worker that shows it, not before the fork."""
        source = self.narrative_source
        return section_view(self.notes_key, source) if source else None


@dataclass(frozen=True)
class ScoreLine:
    """One figure of a score card: stated, recomputed from the ratings, and last year's."""

    name: str
    out_of: str
    stated: str | None
    computed: str | None
    previous: str | None
    direction: str | None  # improved | declined | unchanged


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
    other_scores: list[dict[str, Any]] = field(default_factory=list)
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
        """Drop the split narratives once the page is rendered: kept, they would be a third of
        a render worker's memory by its last page (about 130 MB each at 200 x 30)."""
        for name in ("summary", "at_a_glance"):
            self.__dict__.pop(name, None)
        for category in self.categories:
            category.__dict__.pop("narrative", None)


@dataclass
class MonthView:
    label: str
    events: list[Event]


@dataclass
class ElectionView:
    path: str
    id: str
    country: Country
    election: Election
    title: str
    date_label: str
    rows: list[dict[str, Any]]
    seats_filled: int
    has_votes: bool
    has_share: bool
    has_change: bool


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
    elections: list[ElectionView]
    tracker_path: str | None
    last_changed: str | None = None


@dataclass
class SiteView:
    site_url: str | None
    indices: list[Index]
    countries: list[CountryView]
    regions: list[tuple[str, list[CountryView]]]
    treaty_catalogue: list[Treaty]
    rankings: list[Any] = field(default_factory=list)  # rankings.IndexRankings, set by derive_all


def derive_site(content: Content, changed: dict[str, str] | None = None,
                site_url: str | None = None) -> SiteView:
    """Everything the pages show, computed once from valid content.

    `changed` maps content paths to the date they last changed (history.last_changed);
    `site_url` makes citations carry absolute links.
    """
    changed = changed or {}
    indices = {k: v.value for k, v in sorted(content.indices.items())}
    treaties = content.treaties.value.treaties if content.treaties else []
    countries = [
        _country_view(bundle, indices, treaties, changed)
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
    )


def _country_view(bundle, indices: dict[str, Index], treaties: list[Treaty],
                  changed: dict[str, str]) -> CountryView:
    country = bundle.country.value
    base = f"countries/{bundle.slug}"
    items = sorted((r for r in bundle.reports if r.value.index in indices),
                   key=lambda r: (r.value.index, r.value.edition))
    reports = [r.value for r in items]
    views = [_report_view(country, indices[r.index], r, reports, base) for r in reports]
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
        view.other_scores = _other_scores(view, views, indices)
    latest = {}
    for view in views:
        latest[view.report.index] = view
    latest_list = sorted(latest.values(), key=lambda v: (v.index.publisher, v.index.name))
    events = bundle.events.value if bundle.events else None
    months = _months(events.events) if events else []
    ranked = [v for v in views if v.index.ranked]
    elections = sorted(
        (_election_view(country, eid, e.value, base) for eid, e in bundle.elections.items()),
        key=lambda e: (e.election.date, e.id), reverse=True)
    statuses = country.treaties.statuses if country.treaties else {}
    has_tracker = bool(events or ranked or country.basic_info or statuses)
    return CountryView(
        slug=bundle.slug,
        country=country,
        path=f"{base}/index.md",
        reports=views,
        latest=latest_list,
        months=months,
        events_source=events.source if events else None,
        rankings=ranked[-1] if ranked else None,
        treaties=_treaty_rows(statuses, treaties) if statuses else [],
        elections=elections,
        tracker_path=f"{base}/tracker.md" if has_tracker else None,
        last_changed=max(dates) if dates else None,
    )


def _report_view(country: Country, index: Index, report: Report, all_reports: list[Report],
                 base: str) -> ReportView:
    rated = {c.id: c.rating for c in report.categories if c.rating is not None}
    expected = [c.id for c in categories_for(index, report.edition)]
    complete = bool(rated) and set(rated) == set(expected)
    computed = aggregate_exact(index, rated.values()) if complete else None
    scores: list[ScoreLine] = []
    prev = report.previous
    agg = index.aggregate
    if index.percentage is not None and (report.percentage is not None or computed is not None):
        rule = index.percentage
        pct = percentage_exact(index, computed) if computed is not None else None
        scores.append(ScoreLine(
            name=rule.name, out_of="100",
            stated=_opt(report.percentage, rule.decimals),
            computed=fmt(pct, rule.decimals) if pct is not None else None,
            previous=_opt(prev.percentage if prev else None, rule.previous_decimals),
            direction=_direction(prev.percentage if prev else None, report.percentage, index)))
    if agg is not None and (report.aggregate is not None or computed is not None):
        scores.append(ScoreLine(
            name=agg.name, out_of=_plain(agg.scale.max),
            stated=_opt(report.aggregate, agg.decimals),
            computed=fmt(computed, agg.decimals) if computed is not None else None,
            previous=_opt(prev.aggregate if prev else None, agg.decimals),
            direction=_direction(prev.aggregate if prev else None, report.aggregate, index)))
    status_computed = None
    if index.status and index.status.basis == "aggregate" and computed is not None:
        band = band_for(index.status.bands, round_half_up(computed, agg.decimals))
        status_computed = band.name if band else None
    names = {c.id: c.name for c in index.categories}
    changes = [
        ChangeView(names.get(c.category, c.category), _cat_fmt(index, c.category, c.old),
                   _cat_fmt(index, c.category, c.new), _direction(c.old, c.new, index), c.reason)
        for c in report.score_changes
    ]
    agg_line = next((s for s in scores if agg and s.name == agg.name), None)
    categories = []
    by_id = {c.id: c for c in report.categories}
    for number, cat in enumerate(index.categories, 1):
        result = by_id.get(cat.id)
        if result is None:
            continue
        scale = category_scale(index, cat.id)
        band = category_band(index, result.rating) if (result.rating is not None
                                                        and index.category_bands) else None
        categories.append(CategoryView(
            id=cat.id, name=cat.name, considers=cat.considers,
            rating=_cat_fmt(index, cat.id, result.rating) if result.rating is not None else None,
            scale_max=_plain(scale.max),
            band=band.name if band else None,
            rank=result.rank, rank_of=result.rank_of,
            narrative_source=result.narrative, notes_key=f"c{number}",
        ))
    status = status_band(index, report.status)
    prev_status = status_band(index, prev.status if prev else None)
    return ReportView(
        path=f"{base}/{report.index}-{report.edition}.md",
        country=country, index=index, report=report,
        title=f"{country.name}: {index.name} {report.edition}",
        status=status.name if status else None,
        status_computed=status_computed,
        previous_status=prev_status.name if prev_status else None,
        scores=scores, changes=changes, aggregate_change=agg_line,
        categories=categories,
    )


def _other_scores(view: ReportView, views: list[ReportView], indices) -> list[dict[str, Any]]:
    """The country's scores on the other indices: the edition of the same year, else latest."""
    rows = []
    for index_id in sorted({v.report.index for v in views} - {view.report.index}):
        same = [v for v in views if v.report.index == index_id]
        pick = next((v for v in same if v.report.edition == view.report.edition), same[-1])
        rows.append(headline(pick))
    return rows


def headline(view: ReportView) -> dict[str, Any]:
    """The headline figure of a report, for score boxes and tables."""
    index, report = view.index, view.report
    value = out_of = None
    if index.aggregate and report.aggregate is not None:
        value, out_of = fmt(report.aggregate, index.aggregate.decimals), _plain(
            index.aggregate.scale.max)
    return {"index": index, "edition": report.edition, "name": index.aggregate.name
            if index.aggregate else index.name, "value": value, "out_of": out_of,
            "status": view.status, "path": view.path}


def _months(events: list[Event]) -> list[MonthView]:
    groups: dict[str, list[Event]] = {}
    for event in sorted(events, key=lambda e: (e.month, e.id), reverse=True):
        groups.setdefault(event.month, []).append(event)
    return [MonthView(month_label(m), evs) for m, evs in groups.items()]


def month_label(month: str) -> str:
    """'2024-06' -> 'June 2024'."""
    year, mon = month[:4], int(month[5:7])
    return f"{MONTHS[mon - 1]} {year}"


def date_label(date: str) -> str:
    """'2021-01-10' -> '10 January 2021'."""
    return f"{int(date[8:10])} {month_label(date[:7])}"


TREATY_STATUS_LABELS = {"state-party": "State party", "signatory": "Signatory",
                        "no-action": "No action"}


def _treaty_rows(statuses: dict[str, str], treaties: list[Treaty]) -> list[dict[str, Any]]:
    """One row per catalogue treaty, in catalogue order; status None where none is recorded."""
    return [{"treaty": t, "status": statuses.get(t.id),
             "label": TREATY_STATUS_LABELS.get(statuses.get(t.id), "Not recorded")}
            for t in treaties]


def treaty_counts(rows: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    """(status, label, count) for the statuses present, state parties first."""
    order = [*TREATY_STATUS_LABELS, None]
    counts = {key: sum(1 for r in rows if r["status"] == key) for key in order}
    return [(key or "not-recorded", TREATY_STATUS_LABELS.get(key, "Not recorded"), n)
            for key, n in counts.items() if n]


def _election_view(country: Country, eid: str, election: Election, base: str) -> ElectionView:
    total_votes = sum(r.votes for r in election.results if r.votes is not None)
    rows = []
    for r in sorted(election.results, key=lambda r: (-(r.seats or 0), -(r.votes or 0), r.party)):
        share = r.share
        computed_share = False
        if share is None and r.votes is not None and total_votes and all(
                x.votes is not None for x in election.results):
            share = float(round_half_up(exact(r.votes) / total_votes * 100, 1))
            computed_share = True
        rows.append({"party": r.party, "short_name": r.short_name, "votes": r.votes,
                     "share": f"{share:.1f}" if share is not None else None,
                     "share_computed": computed_share, "seats": r.seats,
                     "seats_change": r.seats_change})
    return ElectionView(
        path=f"{base}/elections/{eid}.md", id=eid, country=country, election=election,
        title=f"{country.name}: {election.body} election, {election.date[:4]}",
        date_label=date_label(election.date), rows=rows,
        seats_filled=sum(r.seats or 0 for r in election.results),
        has_votes=any(r["votes"] is not None for r in rows),
        has_share=any(r["share"] is not None for r in rows),
        has_change=any(r["seats_change"] is not None for r in rows))


def _direction(old: float | None, new: float | None, index: Index) -> str | None:
    if old is None or new is None:
        return None
    if exact(old) == exact(new):
        return "unchanged"
    better = (exact(new) > exact(old)) == index.higher_is_better
    return "improved" if better else "declined"


def _cat_fmt(index: Index, category_id: str, value: float) -> str:
    scale = category_scale(index, category_id)
    return fmt(value, 2 if scale.step is None or scale.step < 1 else 0)


def _opt(value: float | None, decimals: int) -> str | None:
    return fmt(value, decimals) if value is not None else None


def _plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(x)
