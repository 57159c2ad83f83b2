"""Derive, world maps: the choropleth of a ranking edition (status, or score in bins), and the
helper any page's map is made with (country views, value texts and bins in, a WorldMap out).

An area is keyed by its UN M49 (ISO 3166-1 numeric) code, or by its slug where it has none
(Kosovo, Somaliland...); the drawing (charts.worldmap) finds its shape by that key. The palette's
steps go from worst (map-s1) to best (map-s7), whichever way the index's scale runs, so one
colour means the same on every map; a place without a value is map-none (hatched).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from ..model.scoring import exact, fmt
from .charts.worldmap import (
    NONE_CLASS,
    SCALE_CLASSES,
    STATUS_CLASSES,
    Area,
    Bin,
    WorldMap,
    geometry,
)
from .derive import CountryView

if TYPE_CHECKING:
    from .rankings import EditionView, RankRow

MIN_PLACES = 30  # an edition rating fewer places gets no map (but the home page's index)
SCORE_BINS = 5  # at most, of a round width (_score_bins)
# The palette's steps for n classes, spread over its seven (1-based), worst first.
SPREAD = {1: (4,), 2: (1, 7), 3: (1, 4, 7), 4: (1, 3, 5, 7), 5: (1, 2, 4, 6, 7),
          6: (1, 2, 3, 5, 6, 7), 7: (1, 2, 3, 4, 5, 6, 7)}


def area_key(country: CountryView) -> int | str:
    """The key of a place's shape: its M49 code, else its slug."""
    codes = country.country.codes
    return codes.m49 if codes and codes.m49 else country.slug


def has_shape(country: CountryView) -> bool:
    return area_key(country) in geometry().shapes


def scale_classes(count: int) -> tuple[str, ...]:
    """`count` classes of the palette, worst first, as far apart as the seven steps allow."""
    if count not in SPREAD:
        raise ValueError(f"a map has 1 to 7 classes besides 'no value', not {count}")
    return tuple(SCALE_CLASSES[i - 1] for i in SPREAD[count])


def status_map_classes(tags: dict[str, str]) -> dict[str, str]:
    """Status name -> its class on a map, from the classes of the statuses' tags (best first,
    as rankings.status_classes gives them: status-high, -mid, -low). Up to three statuses take
    their tags' colours (map-status-…), so that a status has one colour on the page; more
    statuses, whose tags share colours, take steps of the ramp, one each."""
    if len(tags) <= len(STATUS_CLASSES):
        return {name: "map-" + css for name, css in tags.items()}
    return dict(zip(list(tags)[::-1], scale_classes(len(tags))))


def country_map(title: str, desc: str, id_prefix: str, value_header: str,
                legend: Sequence[Bin],
                entries: Iterable[tuple[CountryView, str, str | Bin]],
                target: Callable[[CountryView], str] = lambda c: c.path,
                table_at: str | None = None) -> WorldMap:
    """A map of (country, value text, bin or its class) entries, each linked to `target`
    (the country's page unless told otherwise); the legend in the order it is to be read;
    `table_at` the id of the page's table that has the figures already (see WorldMap)."""
    areas = [Area(area_key(c), c.country.name, target(c), value,
                  b.css_class if isinstance(b, Bin) else b) for c, value, b in entries]
    return WorldMap(title, desc, id_prefix, value_header, tuple(legend), tuple(areas),
                    table_at)


def _places(n: int) -> str:
    return f"{n} place has" if n == 1 else f"{n} places have"


def _plain(x: float) -> str:
    return f"{x:g}"


def _no_value_label(rated_without: int, unrated: int, edition: int, what: str) -> str:
    if rated_without and unrated:
        return f"No {what}, or not rated in {edition}"
    return f"No {what}" if rated_without else f"Not rated in {edition}"


def edition_map(edition: EditionView, countries: Sequence[CountryView] = (),
                min_places: int = MIN_PLACES) -> WorldMap | None:
    """The map of a ranking edition rating `min_places` places or more (derive_rankings asks
    for every edition of the home page's index): by status where the edition states statuses,
    else by its aggregate score in ranges of a round width; None for a smaller edition or an index
    with neither. Each rated place links to its report; a place of `countries` the edition does
    not rate is drawn as not rated (if the map has its shape), linked to its country page."""
    index = edition.index
    rows = edition.rows
    if not rows or len(rows) < min_places:
        return None
    names = [b.name for b in index.status.bands] if index.status else []
    stated = {r.status for r in rows} & set(names)
    if stated:
        classes = status_map_classes({c.name: c.css for c in edition.statuses
                                      if c.name in names})
        bin_of: Callable[[RankRow], str | None] = lambda r: classes.get(r.status or "")
        legend = [Bin(classes[n], n) for n in names]  # best first, as the index lists them
        what, by = "status", "status"
    elif index.aggregate:
        legend, bin_of = _score_bins(edition)
        what, by = "score", f"{index.aggregate.name} in {len(legend)} ranges"
    else:
        return None
    scale_max = f" of {_plain(index.aggregate.scale.max)}" if index.aggregate else ""
    entries: list[tuple[CountryView, str, str]] = []
    targets: dict[str, str] = {}
    rated_without = 0
    for row in rows:
        css = bin_of(row)
        value = (f"{row.value}{scale_max}" if row.value is not None else "")
        if stated and row.status:
            value = f"{row.status}, {value}" if value else row.status
        if css is None:
            rated_without += 1
            value = f"{value}, no {what}" if value else f"Rated, no {what}"
        entries.append((row.country, value, css or NONE_CLASS))
        targets[row.country.slug] = row.report.path
    rated = set(targets)
    unrated = [c for c in countries if c.slug not in rated and has_shape(c)]
    entries += [(c, f"Not rated in {edition.edition}", NONE_CLASS) for c in unrated]
    if rated_without or unrated:
        legend.append(Bin(NONE_CLASS, _no_value_label(rated_without, len(unrated),
                                                      edition.edition, what)))
    shapes = geometry().shapes
    counts = "; ".join(f"{b.label}: {sum(css == b.css_class for _, _, css in entries)}"
                       for b in legend)
    off_map = sum(area_key(c) not in shapes for c, _, _ in entries)
    places = f"{len(rows)} place" if len(rows) == 1 else f"{len(rows)} places"
    desc = (f"World map (Equal Earth projection) of the {places} {index.short_name}"
            f" {edition.edition} rates, coloured by {by}. {counts}. Places this site does not"
            " cover are grey."
            + (f" {_places(off_map)} no shape on the map and"
               f" {'is' if off_map == 1 else 'are'} listed below it." if off_map else ""))
    return country_map(
        f"{index.name} {edition.edition}: {what} by country and territory", desc,
        f"map-{index.id}-{edition.edition}",
        "Status and score" if stated and index.aggregate else what.capitalize(), legend,
        entries, lambda c: targets.get(c.slug, c.path))


def _edges(lo: Fraction, hi: Fraction, step: Fraction) -> list[Fraction]:
    """lo, the multiples of `step` between, hi; an end range under half a step joins the next."""
    inner = [k * step for k in range(math.floor(lo / step) + 1, math.ceil(hi / step))]
    if inner and inner[0] - lo < step / 2:
        inner = inner[1:]
    if inner and hi - inner[-1] < step / 2:
        inner = inner[:-1]
    return [lo, *inner, hi]


def _score_bins(edition: EditionView) -> tuple[list[Bin], Callable[[RankRow], str | None]]:
    """The aggregate's scale in ranges of a round width (1, 2, 2.5 or 5 x 10^k, a whole number
    of the score's last decimal: the smallest that makes SCORE_BINS ranges or fewer), edges on
    its multiples and the scale's own ends: FIW's -4 to 100 gives -4–19, 20–39, ..., 80–100.
    Best first in the legend, labelled with the scores they hold."""
    index = edition.index
    assert index.aggregate is not None
    decimals = index.aggregate.decimals
    unit = Fraction(1, 10 ** decimals)
    lo, hi = exact(index.aggregate.scale.min), exact(index.aggregate.scale.max)
    steps = sorted(Fraction(m) * Fraction(10) ** k for k in range(-4, 7)
                   for m in (1, 2, Fraction(5, 2), 5))
    edges = next(e for e in (_edges(lo, hi, st) for st in steps if st % unit == 0)
                 if len(e) - 1 <= SCORE_BINS)
    count = len(edges) - 1
    classes = scale_classes(count)
    if not index.higher_is_better:
        classes = classes[::-1]
    bins = [Bin(classes[k], f"{fmt(edges[k], decimals)}–"
                f"{fmt(edges[k + 1] - (unit if k + 1 < count else 0), decimals)}")
            for k in range(count)]

    def bin_of(row: RankRow) -> str | None:
        value = row.report.report.aggregate
        if value is None:
            return None
        v = exact(value)
        k = next((k for k in range(count - 1) if v < edges[k + 1]), count - 1)
        return bins[k].css_class

    return bins[::-1] if index.higher_is_better else bins, bin_of
