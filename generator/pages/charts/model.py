"""Chart inputs: small frozen dataclasses, checked when they are made.

Sequences given by the caller are copied into tuples, so an input cannot change after it has
been checked and two charts built from equal inputs are byte-identical.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

_CLASS = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
# The charts draw numbers of at most this size and years 1 to 9999 (content numbers are scores
# within -1000..1000 and percentages; years 1900..2100): the labels' length, and so a figure's
# size, cannot grow with a value, and a scale's span is always a finite float.
LIMIT = 1e9
YEARS = (1, 9999)

Point = tuple[int, "float | None"]


def check_classes(value: str, what: str) -> str:
    """One or more CSS class names separated by spaces; anything else is refused."""
    tokens = value.split()
    if not tokens or not all(_CLASS.match(t) for t in tokens):
        raise ValueError(f"{what}: expected CSS class names, got {value!r}")
    return " ".join(tokens)


def check_number(value: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{what}: expected a finite number, got {value!r}")
    if abs(value) > LIMIT:
        raise ValueError(f"{what}: expected a number from -{LIMIT:g} to {LIMIT:g}, got {value!r}")
    return float(value)


def _points(points: Sequence[tuple[int, float | None]], what: str) -> tuple[Point, ...]:
    out: dict[int, float | None] = {}
    for item in points:
        year, value = item
        if isinstance(year, bool) or not isinstance(year, int) or \
                not YEARS[0] <= year <= YEARS[1]:
            raise ValueError(f"{what}: year must be an int from {YEARS[0]} to {YEARS[1]},"
                             f" got {year!r}")
        if year in out:
            raise ValueError(f"{what}: year {year} appears twice")
        out[year] = None if value is None else check_number(value, f"{what} {year}")
    return tuple(sorted(out.items()))


@dataclass(frozen=True)
class Band:
    """A range of a scale with a name, drawn as a tinted background (class e.g. band-high)."""

    name: str
    lo: float
    hi: float
    css_class: str

    def __post_init__(self) -> None:
        lo = check_number(self.lo, f"band {self.name!r} lo")
        hi = check_number(self.hi, f"band {self.name!r} hi")
        if hi <= lo:
            raise ValueError(f"band {self.name!r}: hi must be above lo")
        object.__setattr__(self, "lo", lo)
        object.__setattr__(self, "hi", hi)
        object.__setattr__(self, "css_class", check_classes(self.css_class, "band css_class"))


@dataclass(frozen=True)
class Series:
    """One line of a line chart: (year, value) points; a None value is a gap, never a zero."""

    name: str
    points: Sequence[tuple[int, float | None]]

    def __post_init__(self) -> None:
        object.__setattr__(self, "points", _points(self.points, f"series {self.name!r}"))


@dataclass(frozen=True)
class Panel:
    """One small chart of a small-multiples figure."""

    title: str
    points: Sequence[tuple[int, float | None]]

    def __post_init__(self) -> None:
        object.__setattr__(self, "points", _points(self.points, f"panel {self.title!r}"))


@dataclass(frozen=True)
class Strip:
    """A row of labelled cells under a line chart's years, e.g. a status each year: `cells`
    are (year, label, CSS class); `legend` the (label, CSS class) pairs to explain, in order."""

    name: str
    cells: Sequence[tuple[int, str, str]]
    legend: Sequence[tuple[str, str]] = ()

    def __post_init__(self) -> None:
        _points([(year, None) for year, _, _ in self.cells], f"strip {self.name!r}")  # years
        cells = tuple(sorted((year, str(label), check_classes(css, "strip css_class"))
                             for year, label, css in self.cells))
        legend = tuple((str(label), check_classes(css, "strip legend css_class"))
                       for label, css in self.legend)
        object.__setattr__(self, "cells", cells)
        object.__setattr__(self, "legend", legend)


@dataclass(frozen=True)
class Seats:
    """A party's seats in a hemicycle; css_class defaults to party-N by position."""

    name: str
    seats: int
    css_class: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.seats, bool) or not isinstance(self.seats, int) or self.seats < 0:
            raise ValueError(f"party {self.name!r}: seats must be an int >= 0, got {self.seats!r}")
        if self.css_class is not None:
            object.__setattr__(self, "css_class", check_classes(self.css_class, "party css_class"))


def band_of(value: float, bands: Sequence[Band]) -> Band | None:
    """The band holding value: lo <= value < hi, the top band also holding its hi."""
    top = max((b.hi for b in bands), default=None)
    for band in bands:
        if band.lo <= value < band.hi or (value == band.hi == top):
            return band
    return None


# A figure's whole input, as derive computes it for a page (its numbers, names and texts): the
# templates hand it to figures.draw, which draws it with the function named on each class. The
# drawing checks it (ids, scales, ranges). Slotted: a report page's categories have a gauge each,
# tens of thousands of them in a large site's derived views.

@dataclass(frozen=True, slots=True)
class Gauge:
    """A score on a fixed scale (gauge.gauge), e.g. 1.36 on 1 to 7 written "1.36 / 7"."""

    value: float
    lo: float
    hi: float
    label: str
    value_text: str
    id_prefix: str
    higher_is_better: bool = True
    bands: tuple[Band, ...] = ()


@dataclass(frozen=True, slots=True)
class LineChart:
    """Values over years, one line per series (line.line_chart), with an optional strip of
    labelled years under them."""

    series: tuple[Series, ...]
    title: str
    desc: str
    id_prefix: str
    y_min: float
    y_max: float
    y_label: str
    higher_is_better: bool = True
    bands: tuple[Band, ...] = ()
    strip: Strip | None = None


@dataclass(frozen=True, slots=True)
class SmallMultiples:
    """One small line chart per panel on a shared scale (multiples.small_multiples)."""

    panels: tuple[Panel, ...]
    title: str
    desc: str
    id_prefix: str
    y_min: float
    y_max: float


@dataclass(frozen=True, slots=True)
class BandBars:
    """Named values as bars over bands of a fixed scale (bars.band_bars)."""

    items: tuple[tuple[str, float | None], ...]
    bands: tuple[Band, ...]
    title: str
    desc: str
    id_prefix: str
    lo: float = 0.0
    hi: float = 1.0


@dataclass(frozen=True, slots=True)
class Hemicycle:
    """A parliament's seats, party by party (hemicycle.hemicycle)."""

    parties: tuple[Seats, ...]
    title: str
    desc: str
    id_prefix: str
    total: int | None = None
