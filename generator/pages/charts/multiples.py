"""Small multiples: one small line chart per panel, on shared scales, in one figure.

Why several small SVGs rather than one SVG with a grid: an SVG scales its text with its width,
so a single wide grid of seven panels would shrink its labels to a few pixels on a phone. Each
panel here is its own SVG in a CSS grid that reflows (four panels a row on a wide page, two or
one on a narrow one) while every panel keeps legible text. The panels still share one y-scale
and one x-range (the union of all years), so they compare at a glance. Each panel SVG is named
by its own <title>/<desc>; the figure is named by its caption and described by a visually
hidden paragraph; one data table (years as rows, panels as columns) serves them all.
"""

from __future__ import annotations

from typing import Sequence

from ._svg import (
    FONT,
    Linear,
    attrs,
    check_id,
    csv_file_name,
    csv_link,
    data_table,
    decimals_for,
    esc,
    figure,
    fmt,
    marker,
    nice_ticks,
    num,
    plain,
    rules,
    svg_open,
    text,
    text_group,
    text_width,
)
from .line import NO_DATA, check_range, runs
from .model import Panel, check_number

WIDTH, HEIGHT = 220.0, 124.0
SMALL = FONT - 1  # tick labels (the CSS sets 11px for .tick-label)


def small_multiples(panels: Sequence[Panel], *, title: str, desc: str, id_prefix: str,
                    y_min: float, y_max: float) -> str:
    """A grid of small line charts (e.g. the seven NIT categories over editions)."""
    prefix = check_id(id_prefix)
    panels = tuple(panels)
    if not panels:
        raise ValueError(f"small multiples {title!r}: no panels")
    y_min, y_max = check_number(y_min, "y_min"), check_number(y_max, "y_max")
    values = [v for p in panels for _, v in p.points]
    check_range(values, y_min, y_max, f"small multiples {title!r}")
    years = sorted({yr for p in panels for yr, _ in p.points})
    if not years:
        raise ValueError(f"small multiples {title!r}: no points")
    decimals = decimals_for(v for p in panels for _, v in p.points)

    cells = []
    for i, panel in enumerate(panels):
        svg = _panel(panel, f"{prefix}-{i + 1}", years, y_min, y_max, decimals)
        cells.append(f'<div class="chart-panel"><p class="chart-panel-title" aria-hidden="true">'
                     f"{esc(panel.title)}</p>\n{svg}\n</div>")
    parts = [f'<p class="chart-desc" id="{prefix}-desc">{esc(desc)}</p>',
             '<div class="chart-grid">', *cells, "</div>",
             *_table(title, panels, years, decimals, prefix)]
    return figure("multiples", title, parts, prefix=prefix)


def _describe(panel: Panel, y_min: float, y_max: float, decimals: int) -> str:
    known = [(yr, v) for yr, v in panel.points if v is not None]
    scale = f"on a scale from {plain(y_min)} to {plain(y_max)}"
    if not known:
        return f"{panel.title}: no data"
    if len(known) == 1:
        return f"{panel.title}: {fmt(known[0][1], decimals)} in {known[0][0]}, {scale}"
    (y0, v0), (y1, v1) = known[0], known[-1]
    values = [v for _, v in known]
    out = (f"{panel.title}: from {fmt(v0, decimals)} in {y0} to {fmt(v1, decimals)} in {y1}, "
           f"{scale}; lowest {fmt(min(values), decimals)}, highest {fmt(max(values), decimals)}")
    missing = [str(yr) for yr, v in panel.points if v is None]
    if missing:
        out += f"; no data for {', '.join(missing)}"
    return out


def _panel(panel: Panel, pid: str, years: Sequence[int], y_min: float, y_max: float,
           decimals: int) -> str:
    ticks = nice_ticks(y_min, y_max, target=3)
    tick_dec = decimals_for(ticks)
    left = max(text_width(fmt(t, tick_dec), SMALL) for t in ticks) + 6
    chunks = runs(panel.points)
    end = chunks[-1][-1] if chunks else None
    right = WIDTH - (text_width(fmt(end[1], decimals), FONT) + 10 if end else 8)
    top, bottom = 8.0, HEIGHT - 24
    x = Linear(years[0], years[-1], left + 8, right - 8)
    y = Linear(y_min, y_max, bottom, top)

    body = svg_open(pid, WIDTH, HEIGHT, panel.title, _describe(panel, y_min, y_max, decimals))
    every = 2 if len(ticks) > 6 and len(ticks) % 2 == 1 else 1  # 1..7: label 1, 3, 5, 7
    body.append(rules(((left, y(t), right, y(t)) for t in ticks), "grid"))
    body.append(text_group(((left - 4, y(t) + 4, fmt(t, tick_dec)) for t in ticks[::every]),
                           "tick-label", "end"))
    ends = sorted({years[0], years[-1]})
    body.append(rules([(left, bottom, right, bottom),
                       *((x(yr), bottom, x(yr), bottom + 4) for yr in ends)], "axis"))
    body.append(text_group(((x(yr), bottom + 17, str(yr)) for yr in ends),
                           "tick-label", "middle"))
    body.append('<g class="series">')
    for run in chunks:
        if len(run) > 1:
            d = "M" + " L".join(f"{num(x(a))} {num(y(b))}" for a, b in run)
            body.append(f"<path{attrs(d=d, class_='line series-0', fill='none')}/>")
    for run in chunks:
        body.extend(marker(0, x(a), y(b), "marker series-0", size=3.2) for a, b in run)
    body.append("</g>")
    if end is not None:
        body.append(text(x(end[0]) + 7, y(end[1]) + 4, fmt(end[1], decimals), "value-label"))
    else:
        body.append(text((left + right) / 2, (top + bottom) / 2 + 4, NO_DATA, "no-data", "middle"))
    body.append("</svg>")
    return "\n".join(body)


def _table(title: str, panels: Sequence[Panel], years: Sequence[int], decimals: int,
           prefix: str) -> tuple[str, str]:
    """The data table and its CSV link, of the same rows (see line._table)."""
    lookup = [dict(p.points) for p in panels]
    rows, values = [], []
    for yr in years:
        drawn = [pts.get(yr) for pts in lookup]
        values.append([yr, *drawn])
        rows.append([str(yr)] + [NO_DATA if v is None else fmt(v, decimals) for v in drawn])
    heads = ["Year", *(p.title for p in panels)]
    return (data_table(title, heads, rows),
            csv_link(csv_file_name(title, prefix), heads, values, f"{prefix}-title"))
