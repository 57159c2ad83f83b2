"""Derive, groups: what a report page shows of an index whose categories add up in groups
(Freedom in the World: political rights A-C and civil liberties D-G, each with a 1-7 rating).

A report shows the groups it states, each with its total, rating and discretionary
adjustments, and the categories it rates with their indicators; older editions state less
(only categories, or only the groups' ratings), and what they lack is left out, not shown
empty. Where the publisher's own figures do not add up (`discrepancies`), the page names the
figures and what the methodology gives instead: the stated ones stand.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from ..model.records import Group, Index, Report, Scale
from ..model.scoring import band_for, exact, fmt
from .derive_figures import plain
from .derive_last_year import LastYear, delta, direction

if TYPE_CHECKING:  # derive imports this module
    from .derive import CategoryView

MINUS = "\u2212"


@dataclass(frozen=True)
class IndicatorRow:
    short_name: str  # A1
    name: str
    score: str | None  # None: the report gives no score for it
    out_of: str


@dataclass(frozen=True)
class CategoryBlock:
    """A category in its group's table: its subtotal row, then its indicators' rows."""

    category: CategoryView
    short_name: str  # A
    indicators: tuple[IndicatorRow, ...]


@dataclass(frozen=True)
class AdjustmentRow:
    """A discretionary adjustment the report applies (never one of 0 points)."""

    short_name: str  # Add Q
    name: str
    points: str  # signed: "−2", "+1"
    taken_off: bool


@dataclass(frozen=True)
class GroupView:
    id: str
    name: str  # Political Rights
    total: str | None
    out_of: str
    rating: str | None
    rating_of: str | None  # the rating scale's highest value
    adjustments: tuple[AdjustmentRow, ...]
    categories: tuple[CategoryBlock, ...]


@dataclass(frozen=True)
class GroupCheck:
    """A line of the report's score card: a group's stated total or rating beside the one its
    parts give (the categories and adjustments; the total's rating band)."""

    name: str
    stated: str | None
    out_of: str
    computed: str | None
    previous: str | None = None  # last year's
    direction: str | None = None  # improved | declined | unchanged
    delta: str | None = None  # signed
    from_history: bool = False  # the stated rating is the ratings history's
    previous_from_history: bool = False  # so is last year's


@dataclass(frozen=True)
class GroupsView:
    """A report's groups, its electoral-democracy designation and its acknowledged
    discrepancies, as its page shows them."""

    groups: tuple[GroupView, ...]
    checks: tuple[GroupCheck, ...]
    status_computed: str | None  # the status the mean of the stated ratings gives
    ratings_scale: str | None  # "1 (best) to 7 (worst)"
    status_from_ratings: bool
    electoral_democracy: bool | None
    discrepancies: tuple[str, ...]  # each failing check in words, with the figures
    grouped: frozenset[str]  # the ids of the categories shown in the groups' tables
    from_history: bool = False  # the ratings are the ratings history's (derive_history)

    @property
    def tables(self) -> tuple[GroupView, ...]:
        """The groups with categories to show in a table."""
        return tuple(g for g in self.groups if g.categories)


def groups_view(index: Index, report: Report, categories: list[CategoryView],
                scales: dict[str, Scale], last: LastYear | None = None,
                from_history: bool = False) -> GroupsView | None:
    """The groups part of a report page; None when the report states none of it. `last` gives
    last year's figures; `from_history`: the report's ratings are the ratings history's."""
    if not (report.groups or report.discrepancies or report.electoral_democracy is not None
            or (index.groups and categories)):
        return None
    stated = {g.id: g for g in report.groups}
    shown = {c.id: c for c in categories}
    results = {c.id: c for c in report.categories}
    groups = []
    for group in index.groups:
        blocks = tuple(_block(index, report, shown[cid], results[cid].indicators)
                       for cid in group.categories if cid in shown)
        result = stated.get(group.id)
        if result is None and not blocks:
            continue
        total = result.total if result else None
        rating = result.rating if result and group.rating else None
        groups.append(GroupView(
            id=group.id, name=group.name,
            total=_fmt(total, group.scale) if total is not None else None,
            out_of=plain(group.scale.max),
            rating=_fmt(rating, group.rating.scale) if rating is not None else None,
            rating_of=plain(group.rating.scale.max) if group.rating else None,
            adjustments=_adjustments(group, result.adjustments if result else {}),
            categories=blocks))
    status = index.status
    mean = _ratings_status(index, report)
    return GroupsView(
        groups=tuple(groups), checks=_checks(index, report, last or LastYear(None),
                                             from_history),
        status_computed=mean[1].name if mean else None, ratings_scale=_ratings_scale(index),
        status_from_ratings=status is not None and status.basis == "ratings",
        electoral_democracy=report.electoral_democracy,
        discrepancies=tuple(_discrepancy(index, report, key, scales)
                            for key in report.discrepancies),
        grouped=frozenset(c.category.id for g in groups for c in g.categories),
        from_history=from_history)


def _checks(index: Index, report: Report, last: LastYear,
            from_history: bool) -> tuple[GroupCheck, ...]:
    """The score card's lines of each group the report states, with last year's figures."""
    stated = {g.id: g for g in report.groups}
    ends = best_and_worst(index)
    out = []
    for group in index.groups:
        result = stated.get(group.id)
        if result is None:
            continue
        total = _group_total(group, report)
        old_total, old_rating = last.group(group.id)
        if result.total is not None or total is not None:
            now = _opt(result.total, group.scale)
            before = _opt(old_total, group.scale)
            out.append(GroupCheck(
                group.name, now, plain(group.scale.max), _opt(total, group.scale), before,
                direction(old_total, result.total, True), delta(before, now)))
        if group.rating is not None and result.rating is not None:
            band = _rating_band(group, result.total)
            scale = group.rating.scale
            now, before = _opt(result.rating, scale), _opt(old_rating, scale)
            out.append(GroupCheck(
                group.rating.name, now, plain(scale.max),
                _opt(band.rating if band else None, scale), before,
                direction(old_rating, result.rating, ends is None or ends[0] > ends[1]),
                delta(before, now), from_history,
                last.from_history and old_rating is not None))
    return tuple(out)


def _opt(value: float | Fraction | None, scale: Scale) -> str | None:
    return _fmt(value, scale) if value is not None else None


def _rating_band(group: Group, total: float | None):
    """The rating band that holds a group's total (a RatingBand has a min and a max as a
    Band has); None without a total or a band."""
    if total is None or group.rating is None:
        return None
    return band_for(group.rating.bands, total)


def _ratings_status(index: Index, report: Report):
    """(mean, status band) of the report's stated ratings, for an index whose status follows
    from them; None when it does not, or a rating is missing."""
    rule = index.status
    rated = [g.rating for g in report.groups if g.rating is not None]
    if rule is None or rule.basis != "ratings" or not rated or len(rated) != len(index.groups):
        return None
    mean = sum((exact(r) for r in rated), Fraction(0)) / len(rated)
    band = band_for(rule.bands, mean)
    return (mean, band) if band is not None else None


def _block(index: Index, report: Report, category: CategoryView,
           scores: dict[str, float]) -> CategoryBlock:
    """A category's rows: its indicators of the edition, when the report scores any."""
    definition = next(c for c in index.categories if c.id == category.id)
    rows: tuple[IndicatorRow, ...] = ()
    if scores:
        rows = tuple(
            IndicatorRow(i.short_name, i.name,
                         _fmt(scores[i.id], i.scale or index.scale) if i.id in scores
                         else None, plain((i.scale or index.scale).max))
            for i in definition.indicators
            if (i.first is None or report.edition >= i.first)
            and (i.last is None or report.edition <= i.last))
    return CategoryBlock(category, definition.short_name or definition.name, rows)


def _adjustments(group: Group, points: dict[str, float]) -> tuple[AdjustmentRow, ...]:
    rows = []
    for adj in group.adjustments:
        value = points.get(adj.id)
        if value:
            off = adj.effect == "subtract"
            rows.append(AdjustmentRow(adj.short_name, adj.name,
                                      (MINUS if off else "+") + _fmt(value, adj.scale), off))
    return tuple(rows)


def best_and_worst(index: Index) -> tuple[float, float] | None:
    """The best and the worst rating: those of the most and the fewest points (FIW: 1 and 7;
    the index's groups share one rating scale). None when the groups have no rating."""
    rated = [g.rating for g in index.groups if g.rating and g.rating.bands]
    if not rated:
        return None
    bands = rated[0].bands

    def points(band) -> float:
        return band.max if band.max is not None else float("inf")
    return max(bands, key=points).rating, min(bands, key=points).rating


def _ratings_scale(index: Index) -> str | None:
    """'1 (best) to 7 (worst)'."""
    ends = best_and_worst(index)
    return f"{plain(ends[0])} (best) to {plain(ends[1])} (worst)" if ends else None


def _fmt(value: float | Fraction, scale: Scale, decimals: int | None = None) -> str:
    """A figure as pages write it: with `decimals`, else whole on a whole-step scale, else with
    two decimals."""
    if decimals is None:
        decimals = 0 if scale.step is not None and scale.step >= 1 else 2
    return fmt(value, decimals)


def _discrepancy(index: Index, report: Report, key: str, scales: dict[str, Scale]) -> str:
    """A check the publisher's figures fail, in words: the stated figure and what the
    methodology gives from the report's other figures (when they are all there)."""
    categories = {c.id: c for c in index.categories}
    groups = {g.id: g for g in index.groups}
    stated = {g.id: g for g in report.groups}
    if key in categories:
        cat = categories[key]
        result = next((c for c in report.categories if c.id == key), None)
        name = f"{cat.name} ({cat.short_name})" if cat.short_name else cat.name
        total = sum((exact(v) for v in result.indicators.values()), Fraction(0)) \
            if result and result.indicators else None
        return _words(name, result.rating if result else None, total,
                      "its indicators add up to", scales[key])
    if key in groups:
        group, result = groups[key], stated.get(key)
        return _words(f"{group.name} total", result.total if result else None,
                      _group_total(group, report), "its categories and adjustments add up to",
                      group.scale)
    group = groups.get(key.removesuffix("-rating"))
    if group is not None and group.rating is not None:
        result = stated.get(group.id)
        total = result.total if result else None
        band = _rating_band(group, total)
        return _words(group.rating.name, result.rating if result else None,
                      band.rating if band else None,
                      f"a total of {_fmt(total, group.scale)} gives" if band else "",
                      group.rating.scale)
    if key == "aggregate" and index.aggregate is not None:
        totals = [stated[g].total if g in stated else None for g in groups]
        total = None if None in totals else sum((exact(t) for t in totals), Fraction(0))
        return _words(index.aggregate.name, report.aggregate, total,
                      "the groups' totals add up to", index.aggregate.scale,
                      index.aggregate.decimals)
    if key == "status":
        return _status_words(index, report)
    return key


def _group_total(group: Group, report: Report) -> Fraction | None:
    """The group's categories and adjustments added up; None unless all are rated."""
    ratings = {c.id: c.rating for c in report.categories if c.rating is not None}
    if not all(c in ratings for c in group.categories):
        return None
    result = next((g for g in report.groups if g.id == group.id), None)
    total = sum((exact(ratings[c]) for c in group.categories), Fraction(0))
    for adj in group.adjustments:
        points = exact(result.adjustments.get(adj.id, 0)) if result else Fraction(0)
        total += points if adj.effect == "add" else -points
    return total


def _words(name: str, stated: float | None, computed: float | Fraction | None, how: str,
           scale: Scale, decimals: int | None = None) -> str:
    """'Political Rights total: stated 6, its categories and adjustments add up to 5';
    'Political Rights total: stated 44, outside its scale of -4 to 40'."""
    parts = []
    if stated is not None:
        parts.append(f"stated {_fmt(stated, scale, decimals)}")
        if not scale.min <= stated <= scale.max:
            parts.append(f"outside its scale of {plain(scale.min)} to {plain(scale.max)}")
    if computed is not None and how and (stated is None or exact(stated) != computed):
        parts.append(f"{how} {_fmt(computed, scale, decimals)}")
    return f"{name}: {', '.join(parts)}" if parts else name


def _status_words(index: Index, report: Report) -> str:
    bands = {b.id: b.name for b in index.status.bands} if index.status else {}
    out = "Status"
    if report.status is not None:
        out += f": stated {bands.get(report.status, report.status)}"
    mean = _ratings_status(index, report)
    if mean is not None:
        out += (", " if report.status is not None else ": ") + \
            f"the mean of the ratings, {fmt(mean[0], 1)}, gives {mean[1].name}"
    return out
