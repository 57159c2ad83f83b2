"""Horizontal bars on a fixed scale with named bands behind them (e.g. GSoD categories on 0-1)."""

from __future__ import annotations

from typing import Sequence

from ._svg import (
    FONT,
    Linear,
    check_id,
    csv_file_name,
    csv_link,
    data_table,
    decimals_for,
    esc,
    figure,
    fmt,
    nice_ticks,
    num,
    rect,
    rules,
    svg_open,
    text,
    text_group,
    text_width,
    wrap,
)
from .line import NO_DATA
from .model import Band, band_of, check_number

WIDTH = 640.0
ROW_H = 30.0
BAR_H = 16.0
LABEL_CHARS = 24  # item labels wrap after about this many characters


def band_bars(items: Sequence[tuple[str, float | None]], *, bands: Sequence[Band], title: str,
              desc: str, id_prefix: str, lo: float = 0.0, hi: float = 1.0) -> str:
    """One bar per item from lo to its value, its value printed at the bar's end.

    The bands are tinted columns behind the bars, named above them; an item without a value
    shows the words "no data" instead of a bar, so it can never be read as a zero.
    """
    prefix = check_id(id_prefix)
    lo, hi = check_number(lo, "lo"), check_number(hi, "hi")
    if hi <= lo:
        raise ValueError(f"band bars {title!r}: hi must be above lo")
    items = [(str(name), None if v is None else check_number(v, f"item {name!r}"))
             for name, v in items]
    if not items:
        raise ValueError(f"band bars {title!r}: no items")
    for name, v in items:
        if v is not None and not lo <= v <= hi:
            raise ValueError(f"band bars {title!r}: {name} = {v} is outside {lo} to {hi}")
    bands = tuple(bands)
    decimals = decimals_for(v for _, v in items)

    labels = [wrap(name, LABEL_CHARS) for name, _ in items]
    left = max(text_width(ln) for lines in labels for ln in lines) + 12
    value_w = max(text_width(fmt(v, decimals)) if v is not None else 0 for _, v in items)
    right = WIDTH - max(value_w + 12, 16)
    x = Linear(lo, hi, left, right)
    top = 22.0 if bands else 6.0
    bottom = top + ROW_H * len(items)

    body: list[str] = []
    for b in bands:
        a, z = x(max(b.lo, lo)), x(min(b.hi, hi))
        if z <= a:
            continue
        body.append(rect(a, top, z - a, bottom - top, f"band {b.css_class}"))
        if text_width(b.name, FONT - 1) <= z - a - 4:
            body.append(text((a + z) / 2, top - 7, b.name, "band-label", "middle"))
    ticks = nice_ticks(lo, hi)
    tick_dec = decimals_for(ticks)
    body.append(rules(((x(t), top, x(t), bottom) for t in ticks), "grid"))
    body.append(text_group(((x(t), bottom + 16, fmt(t, tick_dec)) for t in ticks),
                           "tick-label", "middle"))
    body.append(rules([(left, top, left, bottom)], "axis"))

    for k, ((name, v), lines) in enumerate(zip(items, labels)):
        mid = top + ROW_H * k + ROW_H / 2
        first = mid + 4 - (len(lines) - 1) * 7
        tspans = "".join(f'<tspan x="{num(left - 8)}" y="{num(first + 14 * j)}">{esc(ln)}</tspan>'
                         for j, ln in enumerate(lines))
        body.append('<g class="item">')
        body.append(f'<text class="item-label" text-anchor="end">{tspans}</text>')
        if v is None:
            body.append(text(left + 6, mid + 4, NO_DATA, "no-data"))
        else:
            body.append(rect(left, mid - BAR_H / 2, x(v) - left, BAR_H, "bar"))
            body.append(text(x(v) + 6, mid + 4, fmt(v, decimals), "value-label"))
        body.append("</g>")

    height = bottom + 22
    svg = [*svg_open(prefix, WIDTH, height, title, desc), *body, "</svg>"]
    headers = ["Item", "Value"] + (["Band"] if bands else [])
    rows, values = [], []  # the table's and the CSV's, of the same items
    for name, v in items:
        band = band_of(v, bands) if v is not None else None
        rows.append([name, NO_DATA if v is None else fmt(v, decimals)])
        values.append([name, v])
        if bands:
            rows[-1].append(band.name if band else "")
            values[-1].append(band.name if band else None)
    return figure("bars", title, ["\n".join(svg), data_table(title, headers, rows),
                                  csv_link(csv_file_name(title, prefix), headers, values,
                                           f"{prefix}-title")])
