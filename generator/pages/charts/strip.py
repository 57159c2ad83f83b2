"""A strip of labelled years under a line chart (a status each year), with its legend.

Years in a row with the same label are one cell, so a long spell reads as one stretch; the
label is written in the cell when it fits, else its initials (Partly Free: PF), else nothing
(the data table holds every year). The legend names each label with its initials, so the strip
reads without colour.
"""

from __future__ import annotations

from ._svg import Linear, legend_rows, rect, text, text_width
from .model import Strip

CELL_H = 16.0
SMALL = 10  # font size of the cells' labels (charts.css: .strip-label)
LEGEND_ROW = 18.0


def initials(label: str) -> str:
    """'Partly Free' -> 'PF', 'Free' -> 'F'."""
    return "".join(word[0] for word in label.split()).upper()


def runs(strip: Strip) -> list[tuple[int, int, str, str]]:
    """(first year, last year, label, class) of each stretch of years with the same label."""
    out: list[tuple[int, int, str, str]] = []
    for year, label, css in strip.cells:
        if out and out[-1][2:] == (label, css):
            out[-1] = (out[-1][0], year, label, css)
        else:
            out.append((year, year, label, css))
    return out


def _edges(years: list[int], x: Linear, left: float, right: float) -> dict[int, tuple[float,
                                                                                       float]]:
    """Each year's cell, from halfway to the year before to halfway to the year after (the
    first and last cells as wide on their outer side, within the plot)."""
    xs = [x(yr) for yr in years]
    mids = [(a + b) / 2 for a, b in zip(xs, xs[1:])]
    half_first = (xs[1] - xs[0]) / 2 if len(xs) > 1 else 12.0
    half_last = (xs[-1] - xs[-2]) / 2 if len(xs) > 1 else 12.0
    starts = [max(left, xs[0] - half_first), *mids]
    ends = [*mids, min(right, xs[-1] + half_last)]
    return {yr: (s, e) for yr, s, e in zip(years, starts, ends)}


def draw_strip(strip: Strip, x: Linear, top: float, left: float, right: float,
               width: float) -> tuple[list[str], float]:
    """The strip's markup from `top` down, and the height it takes (cells and legend)."""
    edges = _edges([yr for yr, _, _ in strip.cells], x, left, right)
    body = ['<g class="strip">']
    for first, last, label, css in runs(strip):
        x0, x1 = edges[first][0], edges[last][1]
        body.append(rect(x0, top, x1 - x0, CELL_H, f"strip-cell {css}"))
        for shown in (label, initials(label)):
            if text_width(shown, SMALL) + 6 <= x1 - x0:
                body.append(text((x0 + x1) / 2, top + 12, shown, "strip-label", "middle"))
                break
    body.append("</g>")
    items = [f"{label} ({initials(label)})" for label, _ in strip.legend]
    lead = f"{strip.name}:"
    widths = [text_width(lead) + 4, *(18 + text_width(item) for item in items)]
    rows = legend_rows(widths, width)
    body.append('<g class="legend">')
    for r, row in enumerate(rows):
        xx, yy = 0.0, top + CELL_H + 16 + r * LEGEND_ROW
        for i in row:
            if i == 0:
                body.append(text(xx, yy, lead, "legend-label"))
            else:
                body.append(rect(xx, yy - 10, 12, 12, f"strip-cell {strip.legend[i - 1][1]}"))
                body.append(text(xx + 18, yy, items[i - 1], "legend-label"))
            xx += widths[i] + 18
    body.append("</g>")
    return body, CELL_H + 8 + len(rows) * LEGEND_ROW
