"""Render, charts: the figure models of the derived views (generator.pages.charts.model) drawn
as inline HTML, for the templates (the `draw` filter).

Drawing is layout only: derive has computed every number, name and text of a figure, and
nothing here looks anything up. It runs in the render workers, on every core; derive, in the
main process, keeps to the numbers.
"""

from __future__ import annotations

from typing import Callable, Sequence

from .charts import (
    BandBars,
    Gauge,
    Hemicycle,
    LineChart,
    SmallMultiples,
    WorldMap,
    band_bars,
    gauge,
    hemicycle,
    line_chart,
    small_multiples,
    world_map,
)
from .charts._svg import csv_file_name, csv_link
from .charts.model import band_of

Figure = Gauge | LineChart | SmallMultiples | BandBars | Hemicycle | WorldMap


def draw(figure: Figure, compact: bool = False, table: bool = True,
         link: Callable[[str], str] | None = None) -> str:
    """A figure as one block of HTML (see generator.pages.charts). For a gauge, `compact` gives
    the one-line bar that stands beside a rating written out, and `table=False` leaves out the
    data table, for a page that shows the figures in a table of its own. A world map needs
    `link`, which turns a Markdown path into the link for the current page (the `href` global:
    its areas are links in raw HTML, which MkDocs does not rewrite)."""
    kind = type(figure)
    if kind is WorldMap:
        if link is None or compact or not table:
            raise ValueError("draw: a world map takes `link` (the href global), and no other"
                             " option")
        return world_map(figure, link)
    if link is not None:
        raise ValueError(f"draw: link applies to a world map, not to a {kind.__name__}")
    if kind is Gauge:
        return gauge(figure.value, figure.lo, figure.hi, label=figure.label,
                     value_text=figure.value_text, id_prefix=figure.id_prefix,
                     higher_is_better=figure.higher_is_better, bands=figure.bands,
                     compact=compact, table=table)
    if compact or not table:
        raise ValueError(f"draw: compact and table apply to a gauge, not to a {kind.__name__}")
    if kind is LineChart:
        return line_chart(figure.series, title=figure.title, desc=figure.desc,
                          id_prefix=figure.id_prefix, y_min=figure.y_min, y_max=figure.y_max,
                          y_label=figure.y_label, higher_is_better=figure.higher_is_better,
                          bands=figure.bands, strip=figure.strip)
    if kind is SmallMultiples:
        return small_multiples(figure.panels, title=figure.title, desc=figure.desc,
                               id_prefix=figure.id_prefix, y_min=figure.y_min,
                               y_max=figure.y_max)
    if kind is BandBars:
        return band_bars(figure.items, bands=figure.bands, title=figure.title,
                         desc=figure.desc, id_prefix=figure.id_prefix, lo=figure.lo,
                         hi=figure.hi)
    if kind is Hemicycle:
        return hemicycle(figure.parties, title=figure.title, desc=figure.desc,
                         id_prefix=figure.id_prefix, total=figure.total)
    raise TypeError(f"draw: expected a figure model of generator.pages.charts, got {kind.__name__}")


def gauges_csv(gauges: Sequence[Gauge], title: str) -> str:
    """One CSV download of the figures a page's gauges draw (a report's scores and category
    ratings, whose own table is the page's: draw(table=False), compact), as a line of HTML;
    nothing without gauges. The figures as drawn, the scale's ends and its best as numbers."""
    if not gauges:
        return ""
    rows = []
    for g in gauges:
        band = band_of(g.value, g.bands) if g.bands else None
        rows.append([g.label, g.value, g.lo, g.hi, g.hi if g.higher_is_better else g.lo,
                     band.name if band else None])
    link = csv_link(csv_file_name(title + " figures", "figures"),
                    ["Measure", "Value", "Scale from", "Scale to", "Best", "Band"], rows)
    return f'<p class="chart-csv-line">The scores and ratings drawn on this page: {link}</p>'
