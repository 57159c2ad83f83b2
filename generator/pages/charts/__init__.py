"""Charts drawn at build time as inline SVG: no JavaScript, no network, stable bytes.

Every public function returns one HTML string to embed as a raw HTML block in Markdown: a
`<figure class="chart chart-KIND">` (or, for `gauge(..., compact=True)`, a one-line
`<span class="gauge-inline">` of spans, which charts.css draws as a bar, its fill and bands
placed by inline `left`/`width` percentages) starting at column 0 with no blank line inside.
A figure holds

* an `<svg>` with a viewBox and no fixed size, `role="img"`, and `aria-labelledby` naming its
  `<title>` and `<desc>`, whose ids all start with the caller's `id_prefix`;
* a data table for screen readers and print in `<details class="chart-data">`.

Colours are never written into the SVG: elements carry classes (`series-0`..`series-5`,
`band-high|mid|low` (behind lines, on gauges and strip cells), `gauge-fill`, `axis`, `grid`,
`party-0`..`party-11`, `seat-vacant`) that
templates/assets/charts.css maps to the MkDocs Material palette, light and dark. Values are
printed as text and series differ by marker shape and dash pattern, so no chart needs colour
to be read.

The classes of `model` hold each kind of figure's whole input (`Gauge`, `LineChart`,
`SmallMultiples`, `BandBars`, `Hemicycle`), and `worldmap` the world map's (`WorldMap` of
`Area`s and legend `Bin`s, drawn from the committed Natural Earth shapes in world_map.json):
generator.pages.derive computes them, and the templates draw them through
generator.pages.figures.draw.
"""

from .bars import band_bars
from .gauge import gauge
from .hemicycle import hemicycle
from .line import line_chart
from .model import (
    Band,
    BandBars,
    Gauge,
    Hemicycle,
    LineChart,
    Panel,
    Seats,
    Series,
    SmallMultiples,
    Strip,
)
from .multiples import small_multiples
from .worldmap import Area, Bin, WorldMap, world_map

__all__ = ["Area", "Band", "BandBars", "Bin", "Gauge", "Hemicycle", "LineChart", "Panel", "Seats",
           "Series", "SmallMultiples", "Strip", "WorldMap", "band_bars", "gauge", "hemicycle",
           "line_chart", "small_multiples", "world_map"]
