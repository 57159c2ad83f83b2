"""Derive, ratings history: what a country's ratings history (`country.history`: FIW's
ratings and status in every survey since 1973) adds to its pages. The country page charts it;
a report whose edition states no status and no ratings of its own (FIW 2003-2005 give only the
points) shows the history's for its edition, labelled as such, and so does the next edition's
page as last year's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model.records import Country, GroupResult, Index, RatingsEntry, Report
from .charts.model import LineChart, Series, Strip
from .charts.strip import runs
from .derive_figures import holding, plain
from .derive_fiw import best_and_worst

if TYPE_CHECKING:  # derive imports this module
    from .derive import ReportView


# --- The ratings history on a country page --------------------------------------------------

# A status strip's cells take the classes of the category bands, best to worst.
_STATUS_CLASSES = ("band-high", "band-mid", "band-low")


def _status_class(position: int, count: int) -> str:
    """The class of the status at `position` of an index's `count` statuses (listed best
    first): the first band-high, the last band-low, any between band-mid."""
    if position == 0:
        return _STATUS_CLASSES[0]
    return _STATUS_CLASSES[2] if position == count - 1 else _STATUS_CLASSES[1]


def ratings_history(country: Country, index: Index,
                    views: list[ReportView]) -> LineChart | None:
    """The ratings of an index's groups (FIW's political rights and civil liberties) and its
    status in every survey, from the publisher's historical table (`country.history`), with
    the editions whose reports the table does not list yet; None without two rated years.

    The ratings are drawn with the best (FIW: 1) at the top, the status as a strip under the
    years.
    """
    rated = [g for g in index.groups if g.rating is not None]
    if not rated:
        return None
    years: dict[int, tuple[dict[str, float], str | None]] = {}
    history = country.history.get(index.id)
    for entry in history.entries if history else ():
        years.setdefault(entry.year, (dict(entry.ratings), entry.status))
    for view in views:
        report = view.report
        if report.index == index.id and report.edition not in years:
            given = {g.id: g.rating for g in report.groups if g.rating is not None}
            if given:
                years[report.edition] = (given, report.status)
    if len(years) < 2:
        return None
    ordered = sorted(years.items())
    series = tuple(Series(g.name, [(yr, ratings.get(g.id)) for yr, (ratings, _) in ordered])
                   for g in rated)
    strip = None
    if index.status is not None:
        bands = index.status.bands
        names = {b.id: (b.name, _status_class(i, len(bands))) for i, b in enumerate(bands)}
        cells = [(yr, *names[status]) for yr, (_, status) in ordered if status in names]
        strip = Strip("Status", cells, [names[b.id] for b in bands])
    scale = rated[0].rating.scale
    y_min, y_max = holding(scale.min, scale.max, (v for s in series for _, v in s.points))
    best, worst = best_and_worst(index) or (scale.max, scale.min)
    first, last = ordered[0][0], ordered[-1][0]
    return LineChart(
        series, title=f"{country.name}: {index.name} ratings and status, {first} to {last}",
        desc=f"{' and '.join(g.rating.name for g in rated)} of {country.name} in each"
             f" {index.name} survey from {first} to {last}, on a scale from {plain(best)}"
             f" (best) to {plain(worst)} (worst){_spells(strip)}.",
        id_prefix=f"history-{index.id}-ratings", y_min=y_min, y_max=y_max,
        y_label="Rating", higher_is_better=best > worst, strip=strip)


def _spells(strip: Strip | None) -> str:
    """'; status Partly Free from 1992 to 1994, Not Free from 1995 to 2025' (the strip in
    words, for screen readers)."""
    if strip is None or not strip.cells:
        return ""
    return "; status " + ", ".join(
        f"{label} in {first}" if first == last else f"{label} from {first} to {last}"
        for first, last, label, _ in runs(strip))


# --- The history's status and ratings of an edition, on report pages --------------------------

def history_entries(country: Country, index_id: str) -> dict[int, RatingsEntry]:
    """The country's history of an index by year (the first entry of a year, as the chart
    takes it)."""
    history = country.history.get(index_id)
    entries: dict[int, RatingsEntry] = {}
    for entry in history.entries if history else ():
        entries.setdefault(entry.year, entry)
    return entries


def with_history(index: Index, report: Report | None,
                 entry: RatingsEntry | None) -> tuple[Report | None, bool]:
    """The report with its edition's status and group ratings taken from the history's entry
    of its year, and True, when it states neither; the report as it is, and False, otherwise.
    Without a report, the entry as one (last year's figures of a first edition), and True.

    The copy is what the page shows and recomputes from; the report itself, which rankings,
    downloads and headlines use, is left as the publisher's edition states it."""
    rated = [g for g in index.groups if g.rating is not None]
    if not rated or entry is None or not (entry.ratings or entry.status):
        return report, False
    ratings = {g.id: entry.ratings[g.id] for g in rated if g.id in entry.ratings}
    if report is None:
        groups = [GroupResult.model_construct(id=gid, rating=r) for gid, r in ratings.items()]
        return Report.model_construct(index=index.id, edition=entry.year, status=entry.status,
                                      groups=groups), True
    if report.status is not None or any(g.rating is not None for g in report.groups):
        return report, False
    stated = {g.id for g in report.groups}
    groups = [g.model_copy(update={"rating": ratings[g.id]}) if g.id in ratings else g
              for g in report.groups]
    groups += [GroupResult.model_construct(id=gid, rating=r)
               for gid, r in ratings.items() if gid not in stated]
    return report.model_copy(update={"status": entry.status, "groups": groups}), True
