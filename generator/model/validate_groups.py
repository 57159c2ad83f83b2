"""Stage 3, validate: the arithmetic of an index with groups (FIW): indicators add up to their
category, categories and adjustments to their group's total, each total gives its rating, the
totals add up to the aggregate and the ratings give the status.

`arithmetic(index, report)` lists every check that fails, each with an id. The data importer
calls the same function: where the publisher's own figures disagree with its arithmetic, it keeps
them, warns, and lists the check's id in the report's `discrepancies`; validate then accepts
that check, and the report page says the figures are the publisher's. Any other failing check is
an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .records import Group, Index, Indicator, Report
from .scoring import band_for, exact, on_scale, scale_words


@dataclass(frozen=True)
class Check:
    """One failed check: its id (what `discrepancies` lists), where, and what is wrong."""

    id: str
    loc: tuple
    message: str


def indicators_for(index: Index, category_id: str, edition: int) -> list[Indicator]:
    """The indicators a category scored in an edition."""
    for cat in index.categories:
        if cat.id == category_id:
            return [i for i in cat.indicators if (i.first is None or edition >= i.first)
                    and (i.last is None or edition <= i.last)]
    return []


def check_ids(index: Index) -> set[str]:
    """Every id `discrepancies` may list for this index."""
    ids = {"aggregate", "status"}
    ids |= {c.id for c in index.categories if c.indicators}
    for group in index.groups:
        ids |= {group.id, f"{group.id}-rating"}
    return ids


def structure(index: Index, report: Report) -> list[tuple[tuple, str]]:
    """Ids and ranges: indicators, groups and adjustments the index defines, values on their
    scales. These are errors whatever `discrepancies` says."""
    out: list[tuple[tuple, str]] = []
    for i, cat in enumerate(report.categories):
        known = {x.id: x for x in indicators_for(index, cat.id, report.edition)}
        for key, value in cat.indicators.items():
            loc = ("categories", i, "indicators", key)
            if key not in known:
                out.append((loc, f"'{key}' is not an indicator of '{cat.id}' in"
                            f" {report.edition}, expected one of: " + (", ".join(known) or
                                                                       "none")))
            elif not on_scale(value, known[key].scale or index.scale):
                out.append((loc, f"expected {scale_words(known[key].scale or index.scale)},"
                            f" got {value:g}"))
    groups = {g.id: g for g in index.groups}
    for i, result in enumerate(report.groups):
        group = groups.get(result.id)
        if group is None:
            out.append((("groups", i, "id"), f"'{result.id}' is not a group of"
                        f" {index.short_name}, expected one of: " + (", ".join(groups) or
                                                                     "none")))
            continue
        if result.rating is not None and group.rating is not None and \
                not on_scale(result.rating, group.rating.scale):
            out.append((("groups", i, "rating"), f"expected {scale_words(group.rating.scale)},"
                        f" got {result.rating:g}"))
        adjustments = {a.id: a for a in _adjustments(group, report.edition)}
        for key, value in result.adjustments.items():
            loc = ("groups", i, "adjustments", key)
            if key not in adjustments:
                out.append((loc, f"'{key}' is not an adjustment of '{group.id}' in"
                            f" {report.edition}, expected one of: " + (", ".join(adjustments)
                                                                       or "none")))
            elif not on_scale(value, adjustments[key].scale):
                out.append((loc, f"expected {scale_words(adjustments[key].scale)}, got"
                            f" {value:g}"))
    for i, key in enumerate(report.discrepancies):
        if key not in check_ids(index):
            out.append((("discrepancies", i), f"'{key}' is not a check of"
                        f" {index.short_name}, expected one of: "
                        + ", ".join(sorted(check_ids(index)))))
    return out


def arithmetic(index: Index, report: Report) -> list[Check]:
    """Every arithmetic check the report's figures fail (only checks whose figures are all
    there are made)."""
    out: list[Check] = []
    ratings = {c.id: c.rating for c in report.categories if c.rating is not None}
    for i, cat in enumerate(report.categories):
        wanted = indicators_for(index, cat.id, report.edition)
        if cat.rating is None or not wanted or set(cat.indicators) != {x.id for x in wanted}:
            continue
        total = sum((exact(v) for v in cat.indicators.values()), Fraction(0))
        if total != exact(cat.rating):
            out.append(Check(cat.id, ("categories", i, "rating"),
                             f"the indicators of '{cat.id}' add up to {_n(total)}, but the"
                             f" category is rated {cat.rating:g}"))
    groups = {g.id: g for g in index.groups}
    totals: dict[str, Fraction] = {}
    group_ratings: dict[str, float] = {}
    for i, result in enumerate(report.groups):
        group = groups.get(result.id)
        if group is None:
            continue
        if result.total is not None:
            totals[group.id] = exact(result.total)
        if result.rating is not None:
            group_ratings[group.id] = result.rating
        if result.total is not None and not on_scale(result.total, group.scale):
            out.append(Check(group.id, ("groups", i, "total"), f"the {group.name} total"
                             f" {result.total:g} is off its scale, expected"
                             f" {scale_words(group.scale)}"))
        elif result.total is not None and all(c in ratings for c in group.categories):
            expected = sum((exact(ratings[c]) for c in group.categories), Fraction(0))
            for adj in _adjustments(group, report.edition):
                points = exact(result.adjustments.get(adj.id, 0))
                expected += points if adj.effect == "add" else -points
            if expected != exact(result.total):
                out.append(Check(group.id, ("groups", i, "total"),
                                 f"the {group.name} categories and adjustments add up to"
                                 f" {_n(expected)}, but the stated total is {result.total:g}"))
        if result.total is not None and result.rating is not None and group.rating:
            band = _rating_band(group, result.total)
            if band is not None and exact(band) != exact(result.rating):
                out.append(Check(f"{group.id}-rating", ("groups", i, "rating"),
                                 f"a {group.name} total of {result.total:g} gives a"
                                 f" {group.rating.name} of {band:g}, but the stated rating is"
                                 f" {result.rating:g}"))
    agg = index.aggregate
    if agg is not None and report.aggregate is not None and \
            not on_scale(report.aggregate, agg.scale):
        out.append(Check("aggregate", ("aggregate",), f"the {agg.name} {report.aggregate:g} is"
                         f" off its scale, expected {scale_words(agg.scale)}"))
    elif index.groups and report.aggregate is not None and set(totals) == set(groups):
        expected = sum(totals.values(), Fraction(0))
        if expected != exact(report.aggregate):
            out.append(Check("aggregate", ("aggregate",),
                             "the group totals add up to " + _n(expected) + ", but the stated"
                             f" {_aggregate_name(index)} is {report.aggregate:g}"))
    rule = index.status
    if rule is not None and rule.basis == "ratings" and report.status is not None and \
            groups and set(group_ratings) == set(groups):
        mean = sum((exact(r) for r in group_ratings.values()), Fraction(0)) / len(groups)
        band = band_for(rule.bands, float(mean))
        if band is not None and band.id != report.status:
            shown = " and ".join(f"{r:g}" for r in group_ratings.values())
            out.append(Check("status", ("status",),
                             f"the ratings {shown} (mean {float(mean):g}) give the status"
                             f" '{band.id}', but the stated status is '{report.status}'"))
    return out


def _adjustments(group: Group, edition: int):
    return [a for a in group.adjustments if (a.first is None or edition >= a.first)
            and (a.last is None or edition <= a.last)]


def _rating_band(group: Group, total: float) -> float | None:
    x = exact(total)
    for band in group.rating.bands:
        if (band.min is None or x >= exact(band.min)) and (band.max is None or
                                                           x <= exact(band.max)):
            return band.rating
    return None


def _aggregate_name(index: Index) -> str:
    return index.aggregate.name if index.aggregate else "aggregate"


def _n(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{float(x):g}"
