"""Line chart over years: one or more series, gaps for missing values, optional bands and an
optional strip of labelled years under the axis (strip.py)."""

from __future__ import annotations

from typing import Sequence

from ._svg import (
    DASHES,
    FONT,
    Linear,
    attrs,
    check_id,
    csv_file_name,
    csv_link,
    data_table,
    decimals_for,
    figure,
    fmt,
    legend_rows,
    line,
    marker,
    nice_ticks,
    num,
    rect,
    rules,
    series_class,
    svg_open,
    text,
    text_group,
    text_width,
)
from .model import Band, Point, Series, Strip, check_number
from .strip import draw_strip

WIDTH = 640.0
PLOT_H = 200.0
LABEL_GAP = 13.0  # least vertical distance between two end-of-line value labels
NO_DATA = "no data"


def runs(points: Sequence[Point]) -> list[list[tuple[int, float]]]:
    """Stretches of points without a None between them; a None ends a stretch (a gap)."""
    out: list[list[tuple[int, float]]] = [[]]
    for year, value in points:
        if value is None:
            if out[-1]:
                out.append([])
        else:
            out[-1].append((year, value))
    return [r for r in out if r]


def year_ticks(first: int, last: int, most: int = 12) -> list[int]:
    """Every year when there are at most `most`; else round years 2, 5, 10... apart. The
    multiples of a step are counted, not searched for, so a long range costs no more time."""
    if last - first + 1 <= most:
        return list(range(first, last + 1))
    for step in (2, 5, 10, 20, 25, 50, 100):
        start = -(-first // step) * step  # the first multiple of step from `first` on
        if start > last or (last - start) // step + 1 <= most:
            return list(range(start, last + 1, step))
    return [first, last]


def spread(wanted: list[float], lo: float, hi: float, gap: float = LABEL_GAP) -> list[float]:
    """Label positions near `wanted`, at least `gap` apart, kept within [lo, hi]."""
    order = sorted(range(len(wanted)), key=lambda i: (wanted[i], i))
    pos = [wanted[i] for i in order]
    for k in range(1, len(pos)):
        pos[k] = max(pos[k], pos[k - 1] + gap)
    if pos and pos[-1] > hi:
        pos[-1] = hi
        for k in range(len(pos) - 2, -1, -1):
            pos[k] = min(pos[k], pos[k + 1] - gap)
    pos = [max(p, lo) for p in pos]
    out = [0.0] * len(wanted)
    for k, i in enumerate(order):
        out[i] = pos[k]
    return out


def check_range(values: Sequence[float | None], y_min: float, y_max: float, what: str) -> None:
    if y_max <= y_min:
        raise ValueError(f"{what}: y_max must be above y_min")
    for v in values:
        if v is not None and not y_min <= v <= y_max:
            raise ValueError(f"{what}: value {v} is outside the scale {y_min} to {y_max}")


def band_rects(bands: Sequence[Band], y: Linear, y_min: float, y_max: float, left: float,
               right: float) -> tuple[list[str], list[str]]:
    """Horizontal background bands, and their names (top left of each band where there is
    room) to draw over the lines: the names have a halo in the page colour."""
    shapes, names = [], []
    for b in bands:
        ends = y(min(b.hi, y_max)), y(max(b.lo, y_min))
        top, bottom = min(ends), max(ends)  # the scale may run downwards
        if bottom - top <= 0:
            continue
        shapes.append(rect(left, top, right - left, bottom - top, f"band {b.css_class}"))
        if bottom - top >= 14:
            names.append(text(left + 4, top + 11, b.name, "band-label"))
    return shapes, names


def line_chart(series: Sequence[Series], *, title: str, desc: str, id_prefix: str,
               y_min: float, y_max: float, y_label: str, higher_is_better: bool = True,
               bands: Sequence[Band] = (), strip: Strip | None = None) -> str:
    """Values over years, one line per series, as a <figure> with a legend and a data table.

    Each series has its own marker shape and dash pattern (readable without colour); a None
    value breaks the line and draws nothing (a year a series does not list at all is bridged);
    the last value of each series is printed at its end. x runs over the union of all years,
    the strip's included. Better is up: when lower is better (FIW's 1-7 ratings, 1 the most
    free), y_min is at the top. Values outside [y_min, y_max] raise ValueError rather than
    being clipped. A `strip` (a status each year) is drawn under the axis, with its legend,
    and is a column of the data table.
    """
    prefix = check_id(id_prefix)
    series = tuple(series)
    y_min, y_max = check_number(y_min, "y_min"), check_number(y_max, "y_max")
    check_range([v for s in series for _, v in s.points], y_min, y_max, f"line chart {title!r}")
    strip = strip if strip is not None and strip.cells else None
    years = sorted({yr for s in series for yr, _ in s.points}
                   | {yr for yr, _, _ in (strip.cells if strip else ())})
    if not years:
        raise ValueError(f"line chart {title!r}: no points")
    # each series with its own decimals: a median of 90.5 beside whole scores keeps them whole
    decimals = [decimals_for(v for _, v in s.points) for s in series]

    body: list[str] = []
    top = 0.0
    if y_label:
        better = "higher" if higher_is_better else "lower"
        body.append(text(0, 12, f"{y_label} ({better} is better)", "axis-label"))
        top = 20.0
    if len(series) > 1:
        widths = [30 + text_width(s.name) for s in series]
        rows = legend_rows(widths, WIDTH)
        body.append('<g class="legend">')
        for r, row in enumerate(rows):
            x, yy = 0.0, top + 12 + r * 18
            for i in row:
                body.append(_legend_item(i, series[i].name, x, yy))
                x += widths[i] + 18
        body.append("</g>")
        top += len(rows) * 18 + 4
    plot_top = top + 8

    y_ticks = nice_ticks(y_min, y_max)
    tick_dec = decimals_for(y_ticks)
    left = max(text_width(fmt(t, tick_dec), FONT - 1) for t in y_ticks) + 8
    ends = [(i, r[-1][-1]) for i, s in enumerate(series) if (r := runs(s.points))]
    glyph = 10 if len(series) > 1 else 0  # several series: the end label repeats the marker
    right_pad = max((text_width(fmt(v[1], decimals[i])) for i, v in ends),
                    default=0) + 12 + glyph
    right = WIDTH - right_pad
    bottom = plot_top + PLOT_H
    x = Linear(years[0], years[-1], left + 12, right - 12)
    y = Linear(y_min, y_max, bottom, plot_top) if higher_is_better else \
        Linear(y_min, y_max, plot_top, bottom)

    band_shapes, band_names = band_rects(bands, y, y_min, y_max, left, right)
    body += band_shapes
    body.append(rules(((left, y(t), right, y(t)) for t in y_ticks), "grid"))
    body.append(text_group(((left - 6, y(t) + 4, fmt(t, tick_dec)) for t in y_ticks),
                           "tick-label", "end"))
    labelled = year_ticks(years[0], years[-1])
    body.append(rules([(left, bottom, right, bottom),
                       *((x(yr), bottom, x(yr), bottom + 4) for yr in labelled)], "axis"))
    body.append(text_group(((x(yr), bottom + 17, str(yr)) for yr in labelled),
                           "tick-label", "middle"))

    drawn: set[tuple] = set()  # points an earlier series marks: a later marker there is smaller,
    for i, s in enumerate(series):  # so the one under it still shows (equal PR and CL ratings)
        cls, dash = series_class(i), DASHES[i % len(DASHES)]
        body.append('<g class="series">')
        for run in runs(s.points):
            if len(run) > 1:
                d = "M" + " L".join(f"{num(x(a))} {num(y(b))}" for a, b in run)
                path = attrs(d=d, class_=f"line {cls}", fill="none", stroke_dasharray=dash)
                body.append(f"<path{path}/>")
        for run in runs(s.points):
            body.extend(marker(i, x(a), y(b), f"marker {cls}", 2.8 if (a, b) in drawn else 4.5)
                        for a, b in run)
        drawn.update((a, b) for run in runs(s.points) for a, b in run)
        body.append("</g>")

    wanted = [y(v) + 4 for _, (_, v) in ends]
    placed: dict[int, float] = {}
    for x_end in sorted({yr for _, (yr, _) in ends}):
        group = [k for k, (_, (yr, _)) in enumerate(ends) if yr == x_end]
        for k, pos in zip(group, spread([wanted[k] for k in group], plot_top, bottom + 4)):
            placed[k] = pos
    body += band_names
    body.append('<g class="labels">')
    for k, (i, (yr, v)) in enumerate(ends):
        if glyph:
            body.append(marker(i, x(yr) + 13, placed[k] - 4, f"marker {series_class(i)}", 3.2))
        body.append(text(x(yr) + 9 + glyph, placed[k], fmt(v, decimals[i]), "value-label"))
    body.append("</g>")

    height = bottom + 24
    if strip is not None:
        shapes, used = draw_strip(strip, x, bottom + 26, left, right, WIDTH)
        body += shapes
        height = bottom + 26 + used
    svg = [*svg_open(prefix, WIDTH, height, title, desc), *body, "</svg>"]
    return figure("line", title,
                  ["\n".join(svg), *_table(title, series, years, decimals, strip, prefix)])


def _legend_item(i: int, name: str, x: float, y: float) -> str:
    cls = series_class(i)
    return "".join([
        line(x, y - 4, x + 24, y - 4, f"line {cls}", stroke_dasharray=DASHES[i % len(DASHES)]),
        marker(i, x + 12, y - 4, f"marker {cls}"),
        text(x + 30, y, name, "legend-label"),
    ])


def _table(title: str, series: Sequence[Series], years: Sequence[int], decimals: list[int],
           strip: Strip | None, prefix: str) -> tuple[str, str]:
    """The data table and its CSV link, of the same rows: the table's values as the chart
    labels them, the CSV's as drawn, a missing one empty."""
    rows, values = [], []
    lookup = [dict(s.points) for s in series]
    labels = {yr: label for yr, label, _ in strip.cells} if strip else {}
    for yr in years:
        drawn = [pts.get(yr) for pts in lookup] + ([labels.get(yr)] if strip else [])
        values.append([yr, *drawn])
        rows.append([str(yr), *(NO_DATA if v is None else v if isinstance(v, str)
                                else fmt(v, decimals[i]) for i, v in enumerate(drawn))])
    heads = ["Year", *(s.name for s in series), *([strip.name] if strip else [])]
    return (data_table(title, heads, rows),
            csv_link(csv_file_name(title, prefix), heads, values, f"{prefix}-title"))
