"""Stage 3, validate: an index definition's own consistency (code index-definition).

A scale must run upward over at most STEPS_MAX steps, and every band must lie within the scale
it divides. Reports of an index with any of these problems are not scored (validate skips their
rating and score checks): the arithmetic and the drawings assume a sound definition, and every
rating would be reported against a scale that is itself wrong.
"""

from __future__ import annotations

from fractions import Fraction

from .records import STEPS_MAX, Band, Index, Scale, number_words
from .scoring import exact

# (where in the index file, what is wrong and what was expected)
Problem = tuple[tuple, str]


def index_problems(index: Index) -> list[Problem]:
    """Every inconsistency of one index definition, in the file's order."""
    out: list[Problem] = []
    _scale(("scale",), index.scale, out)
    for i, cat in enumerate(index.categories):
        if cat.scale is not None:
            _scale(("categories", i, "scale"), cat.scale, out)
    for i, band in enumerate(index.category_bands):
        _band_within(("category_bands", i), band, index.scale, "the index's scale", out)
        if band.min is None or band.max is None:  # the pages show each band's range
            out.append((("category_bands", i), "expected min and max for a category band"))
        elif band.min >= band.max:
            out.append((("category_bands", i), f"min {number_words(band.min)} is not below max"
                        f" {number_words(band.max)}, expected min below max"))
    if index.aggregate is not None:
        _scale(("aggregate", "scale"), index.aggregate.scale, out)
    if index.status is not None:
        _status(index, out)
    _groups(index, out)
    return out


def _groups(index: Index, out: list[Problem]) -> None:
    """Groups name categories of the index, each category in one group at most; their scales
    and rating bands are sound."""
    known = {c.id for c in index.categories}
    seen: set[str] = set()
    for i, group in enumerate(index.groups):
        _scale(("groups", i, "scale"), group.scale, out)
        for j, cid in enumerate(group.categories):
            if cid not in known:
                out.append((("groups", i, "categories", j), f"'{cid}' is not a category of"
                            f" {index.short_name}, expected one of: " + ", ".join(sorted(known))))
            elif cid in seen:
                out.append((("groups", i, "categories", j), f"'{cid}' is in two groups,"
                            " expected each category in one group"))
            seen.add(cid)
        for j, adj in enumerate(group.adjustments):
            _scale(("groups", i, "adjustments", j, "scale"), adj.scale, out)
        if group.rating is not None:
            _scale(("groups", i, "rating", "scale"), group.rating.scale, out)


def _scale(loc: tuple, scale: Scale, out: list[Problem]) -> None:
    """min below max, and a step that divides the range into 1 to STEPS_MAX steps."""
    if scale.min >= scale.max:
        out.append((loc, f"min {number_words(scale.min)} is not below max"
                    f" {number_words(scale.max)}, expected min below max"))
        return
    if scale.step is None:
        return
    span = exact(scale.max) - exact(scale.min)
    steps = span / exact(scale.step)
    if steps > STEPS_MAX:
        out.append((loc + ("step",), f"a step of {number_words(scale.step)} makes"
                    f" {_count(steps)} steps from min to max, expected at most {STEPS_MAX}"
                    f" (a step of at least {_count(span / STEPS_MAX)})"))
    elif steps < 1:
        out.append((loc + ("step",), f"the step {number_words(scale.step)} is larger than the"
                    f" scale's range {_count(span)}, expected at most {_count(span)}"))


def _count(x: Fraction) -> str:
    """An exact quantity in few characters: 24, 0.006, 6e+300."""
    if x.denominator == 1 and x < 10 ** 15:
        return number_words(int(x))
    return f"{float(x):.6g}"


def _status(index: Index, out: list[Problem]) -> None:
    bands = index.status.bands
    agg = index.aggregate
    if agg is None and index.status.basis == "aggregate":  # missing, or refused by the schema:
        out.append((("status", "basis"), "status basis 'aggregate' needs a valid aggregate"
                    " rule"))  # the bands divide its scale, which is unknown: not judged
        return
    scale, named = (agg.scale, f"the {agg.name}'s scale") if agg else (
        index.scale, "the index's scale")
    if index.status.basis == "ratings":
        rated = [g.rating for g in index.groups if g.rating is not None]
        if not rated or len(rated) != len(index.groups):
            out.append((("status", "basis"), "status basis 'ratings' needs groups that each"
                        " have a rating"))
            return
        scale, named = rated[0].scale, f"the {rated[0].name}'s scale"
    for i, band in enumerate(bands):
        _band_within(("status", "bands", i), band, scale, named, out)
    if index.status.basis != "aggregate":
        return
    for i, band in enumerate(bands):
        if band.min is None or band.max is None or band.min > band.max:
            out.append((("status", "bands", i), "expected min and max with min ≤ max for a band"
                         " the aggregate decides"))
    for i, a in enumerate(bands):
        for b in bands[i + 1:]:
            if None not in (a.min, a.max, b.min, b.max) and a.min <= b.max and b.min <= a.max:
                out.append((("status", "bands", i), f"band overlaps '{b.id}', expected disjoint"
                            " bands"))


def _band_within(loc: tuple, band: Band, scale: Scale, named: str, out: list[Problem]) -> None:
    """Each bound a band states lies within the scale it divides (one of no width or inverted
    has its own message, and every bound would be outside it)."""
    if scale.min >= scale.max:
        return
    for end in ("min", "max"):
        value = getattr(band, end)
        if value is not None and not scale.min <= value <= scale.max:
            out.append((loc + (end,), f"expected a bound from {number_words(scale.min)} to"
                        f" {number_words(scale.max)} ({named}), got {number_words(value)}"))
