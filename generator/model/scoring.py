"""Methodology arithmetic, read from index definitions: aggregates, percentages, bands, steps.

Exact arithmetic (Fraction) and half-up rounding, so that 1.357142… prints as 1.36 and
the percentage comes from the unrounded mean, as the publishers compute it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Iterable, Mapping

from .records import Band, Index, IndexCategory, Report, Scale


@lru_cache(maxsize=4096)  # a few hundred distinct scores, met hundreds of thousands of times
def exact(x: float) -> Fraction:
    """The number as the editor wrote it in decimal (0.1 is one tenth, not a binary float)."""
    return Fraction(repr(x))


def round_half_up(x: Fraction, decimals: int) -> Decimal:
    """Round like a person: 5.9523 -> 5.95, 1.355 -> 1.36, 2.5 -> 3 (not banker's rounding)."""
    q = Decimal(1).scaleb(-decimals)
    return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(q, rounding=ROUND_HALF_UP)


# Figures repeat: derive formats the same few thousand values again and again.
@lru_cache(maxsize=65536)
def fmt(x: float | Decimal | Fraction, decimals: int) -> str:
    """Fixed decimals, for display and messages: fmt(1.5, 2) == '1.50'. Arguments of equal
    value give the same text, so cached results stand for each other."""
    value = x if isinstance(x, Fraction) else exact(float(x))
    return f"{round_half_up(value, decimals):.{decimals}f}"


def categories_for(index: Index, edition: int) -> list[IndexCategory]:
    """The categories an index rated in a given edition (NIT had 'Governance' until 2004)."""
    return [
        c for c in index.categories
        if (c.first is None or edition >= c.first) and (c.last is None or edition <= c.last)
    ]


def category_scale(index: Index, category_id: str) -> Scale:
    for cat in index.categories:
        if cat.id == category_id and cat.scale is not None:
            return cat.scale
    return index.scale


def on_scale(value: float, scale: Scale) -> bool:
    """Within [min, max] and, if the scale has a step, on a step counted from min."""
    x, lo, hi = exact(value), exact(scale.min), exact(scale.max)
    if x < lo or x > hi:
        return False
    if scale.step is None:
        return True
    return ((x - lo) / exact(scale.step)).denominator == 1


def scale_words(scale: Scale) -> str:
    """'a number from 1 to 7 in steps of 0.25'."""
    text = f"a number from {_num(scale.min)} to {_num(scale.max)}"
    if scale.step is not None and scale.step != 1:
        text += f" in steps of {_num(scale.step)}"
    elif scale.step == 1:
        text = f"a whole number from {_num(scale.min)} to {_num(scale.max)}"
    return text


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(x)


def aggregate_exact(index: Index, ratings: Iterable[float]) -> Fraction | None:
    """The unrounded aggregate of the ratings (mean or sum), or None without a rule/ratings."""
    values = [exact(r) for r in ratings]
    if index.aggregate is None or not values:
        return None
    total = sum(values, Fraction(0))
    return total / len(values) if index.aggregate.method == "mean" else total


def percentage_exact(index: Index, aggregate: Fraction) -> Fraction | None:
    """(aggregate − min) / (max − min) × 100 on the aggregate's scale, unrounded; None on a
    scale of no width (an index-definition error: validate scores no report of that index)."""
    if index.aggregate is None or index.percentage is None:
        return None
    lo, hi = exact(index.aggregate.scale.min), exact(index.aggregate.scale.max)
    return (aggregate - lo) / (hi - lo) * 100 if hi > lo else None


def band_for(bands: list[Band], value: float | Decimal) -> Band | None:
    """The band whose inclusive [min, max] holds the value; None if no band does."""
    x = Fraction(str(value))
    for band in bands:
        lo = exact(band.min) if band.min is not None else None
        hi = exact(band.max) if band.max is not None else None
        if (lo is None or x >= lo) and (hi is None or x <= hi):
            return band
    return None


def category_band(index: Index, value: float) -> Band | None:
    """For 0–1 scores banded high/mid/low: lower bound inclusive, the highest band wins."""
    x = exact(value)
    for band in sorted(index.category_bands, key=lambda b: -(b.min or 0)):
        if band.min is None or x >= exact(band.min):
            return band
    return None


def aggregate_status(index: Index, value: float | Decimal) -> Band | None:
    """The status band an aggregate (as shown, rounded) falls in, for an index whose status the
    aggregate decides; None for any other index, or when no band holds the value."""
    if index.status is None or index.status.basis != "aggregate":
        return None
    return band_for(index.status.bands, value)


@dataclass(frozen=True)
class Recomputed:
    """A report's figures as its ratings give them: the one computation behind both the
    "recomputed" figures a report page shows (derive) and the stated figures' checks (validate).
    All None unless every category of the edition is rated."""

    aggregate: Fraction | None  # unrounded
    percentage: Fraction | None  # unrounded, from the unrounded aggregate
    status: Band | None  # the band of the aggregate rounded as shown (an aggregate status basis)


def recompute(index: Index, edition: int, ratings: Mapping[str, float],
              adjustment: Fraction = Fraction(0)) -> Recomputed:
    """The aggregate, percentage and status that `ratings` (category id -> rating) give, with
    the points a report's discretionary adjustments add (`adjustment_points`)."""
    complete = bool(ratings) and set(ratings) == {c.id for c in categories_for(index, edition)}
    aggregate = aggregate_exact(index, ratings.values()) if complete else None
    if aggregate is None:
        return Recomputed(None, None, None)
    aggregate += adjustment
    return Recomputed(aggregate, percentage_exact(index, aggregate),
                      aggregate_status(index, round_half_up(aggregate, index.aggregate.decimals)))


def adjustment_points(index: Index, report: Report) -> Fraction:
    """The points a report's discretionary adjustments add to its aggregate (negative when
    they take points off)."""
    effects = {a.id: a.effect for g in index.groups for a in g.adjustments}
    total = Fraction(0)
    for result in report.groups:
        for key, points in result.adjustments.items():
            if key in effects:
                total += exact(points) if effects[key] == "add" else -exact(points)
    return total


def status_band(index: Index, status_id: str | None) -> Band | None:
    if index.status is None or status_id is None:
        return None
    return next((b for b in index.status.bands if b.id == status_id), None)
