"""Stage 3, validate: a report's stated figures against its ratings, and its score changes
against the previous edition (codes score-mismatch, change-mismatch, rating-range), under the
rules of a sound index definition (validate_index)."""

from __future__ import annotations

from typing import Protocol

from .records import Index, Report
from .scoring import (
    adjustment_points,
    aggregate_exact,
    aggregate_status,
    categories_for,
    exact,
    fmt,
    on_scale,
    recompute,
    round_half_up,
    scale_words,
)


class Sink(Protocol):
    """Where the checks put their problems (validate._Sink)."""

    def error(self, loc: tuple, code: str, message: str, key: bool = False) -> None: ...

    def warning(self, loc: tuple, code: str, message: str, key: bool = False) -> None: ...


def check_scores(sink: Sink, index: Index, report: Report,
                  ratings: dict[str, float]) -> None:
    """Stated aggregate, percentage and status against what the ratings give
    (scoring.recompute, which gives report pages their recomputed figures too)."""
    if report.status is not None:
        if index.status is None:
            sink.error(("status",), "unknown-ref", f"{index.short_name} has no statuses")
        elif report.status not in {b.id for b in index.status.bands}:
            sink.error(("status",), "unknown-ref", f"unknown status '{report.status}', expected"
                       " one of: " + ", ".join(b.id for b in index.status.bands))
    if report.previous and report.previous.status and index.status and \
            report.previous.status not in {b.id for b in index.status.bands}:
        sink.error(("previous", "status"), "unknown-ref",
                   f"unknown status '{report.previous.status}', expected one of: "
                   + ", ".join(b.id for b in index.status.bands))
    agg = index.aggregate
    computed = recompute(index, report.edition, ratings, adjustment_points(index, report))
    for loc in ("aggregate",), ("previous", "aggregate"):
        stated = report.aggregate if len(loc) == 1 else getattr(report.previous, "aggregate", None)
        if agg is not None and stated is not None and not on_scale(stated, agg.scale) and \
                not (index.groups and len(loc) == 1):  # validate_groups checks it then
            sink.error(loc, "rating-range", f"expected {scale_words(agg.scale)} (the"
                       f" {agg.name}'s scale), got {stated:g}")
    if agg is not None and report.aggregate is not None:
        if not _has_decimals(report.aggregate, agg.decimals):
            sink.error(("aggregate",), "score-mismatch",
                       f"expected {agg.decimals} decimals, got {report.aggregate:g}")
        if computed.aggregate is not None and not index.groups and \
                round_half_up(computed.aggregate, agg.decimals) != \
                round_half_up(exact(report.aggregate), agg.decimals):
            sink.error(("aggregate",), "score-mismatch",
                       f"stated {agg.name} {fmt(report.aggregate, agg.decimals)} differs from the"
                       f" {agg.method} of the ratings, expected"
                       f" {fmt(computed.aggregate, agg.decimals)}")
    rule = index.percentage
    if report.percentage is not None:
        if rule is None:
            sink.error(("percentage",), "unknown-ref", f"{index.short_name} has no percentage")
        elif computed.percentage is not None:
            pct = computed.percentage
            if round_half_up(pct, rule.decimals) != round_half_up(exact(report.percentage),
                                                                   rule.decimals):
                sink.error(("percentage",), "score-mismatch",
                           f"stated {rule.name} {fmt(report.percentage, rule.decimals)} differs"
                           f" from the ratings, expected {fmt(pct, rule.decimals)}"
                           f" (from the unrounded {agg.name.lower()})")
    if index.status is not None and index.status.basis == "aggregate" and \
            report.status in {b.id for b in index.status.bands}:
        # The stated aggregate decides the status; without one, the aggregate the ratings give.
        if report.aggregate is not None:
            basis, band = report.aggregate, aggregate_status(index, report.aggregate)
        elif computed.aggregate is not None:
            basis, band = round_half_up(computed.aggregate, agg.decimals), computed.status
        else:
            basis = band = None
        if band is not None and band.id != report.status:
            sink.error(("status",), "score-mismatch",
                       f"status '{report.status}' does not fit {agg.name} {basis},"
                       f" expected '{band.id}'")


def check_changes(sink: Sink, index: Index, report: Report, ratings: dict[str, float],
                   previous: Report | None) -> None:
    """Score changes against this edition's ratings, the previous edition and last year's score."""
    prev_ratings = {c.id: c.rating for c in previous.categories} if previous else {}
    for i, change in enumerate(report.score_changes):
        loc = ("score_changes", i)
        if change.category not in {c.id for c in index.categories}:
            sink.error(loc + ("category",), "unknown-ref",
                       f"unknown category '{change.category}' of {index.short_name}")
            continue
        if change.category in ratings and exact(ratings[change.category]) != exact(change.new):
            sink.error(loc + ("to",), "change-mismatch",
                       f"the change ends at {change.new:g} but the category is rated"
                       f" {ratings[change.category]:g}, expected the same value")
        old = prev_ratings.get(change.category)
        if old is not None and exact(old) != exact(change.old):
            sink.error(loc + ("from",), "change-mismatch",
                       f"the change starts at {change.old:g} but the {previous.edition} edition"
                       f" rated it {old:g}, expected the same value")
        if change.old == change.new:
            sink.warning(loc, "change-mismatch", "a change from a value to itself")
    if previous is not None and report.score_changes:  # a report that explains changes
        changed = {c.category for c in report.score_changes}
        for cid, rating in ratings.items():
            old = prev_ratings.get(cid)
            if old is not None and exact(old) != exact(rating) and cid not in changed:
                sink.warning(("score_changes",), "change-mismatch",
                             f"'{cid}' went from {old:g} to {rating:g} since {previous.edition}"
                             " but no score change explains it")
    agg = index.aggregate
    stated_prev = report.previous.aggregate if report.previous else None
    same_categories = categories_for(index, report.edition) == categories_for(
        index, report.edition - 1)
    if agg is not None and stated_prev is not None and ratings and report.score_changes \
            and same_categories:
        reverted = dict(ratings)
        for change in report.score_changes:
            if change.category in reverted:
                reverted[change.category] = change.old
        before = aggregate_exact(index, reverted.values())
        if before is not None and round_half_up(before, agg.decimals) != \
                round_half_up(exact(stated_prev), agg.decimals):
            sink.error(("previous", "aggregate"), "change-mismatch",
                       f"last year's {agg.name} {fmt(stated_prev, agg.decimals)} does not follow"
                       f" from the score changes, expected {fmt(before, agg.decimals)}")
    if previous is not None and report.previous is not None and previous.percentage is not None \
            and report.previous.percentage is not None and index.percentage is not None:
        digits = index.percentage.previous_decimals
        if round_half_up(exact(previous.percentage), digits) != \
                round_half_up(exact(report.previous.percentage), digits):
            sink.error(("previous", "percentage"), "change-mismatch",
                       f"last year's {index.percentage.name} {report.previous.percentage:g}"
                       f" differs from the {previous.edition} report, expected"
                       f" {fmt(previous.percentage, digits)}")


def _has_decimals(value: float, decimals: int) -> bool:
    return (exact(value) * 10 ** decimals).denominator == 1
