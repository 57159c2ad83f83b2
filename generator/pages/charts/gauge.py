"""A horizontal bar gauge for one score on a fixed scale ("1.36 / 7", "5.95 / 100")."""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from ._svg import (
    FONT,
    Linear,
    attrs,
    check_id,
    csv_file_name,
    csv_link,
    data_table,
    figure,
    line,
    num,
    plain,
    rect,
    svg_open,
    text,
    text_width,
)
from .model import Band, band_of, check_number

TRACK_W = 320.0  # full-size gauge: track width in viewBox units (the fill is a share of it)


def _describe(label: str, value: float, lo: float, hi: float, higher_is_better: bool,
              band: Band | None) -> str:
    best = hi if higher_is_better else lo
    out = (f"{label}: {plain(value)} on a scale from {plain(lo)} to {plain(hi)}"
           f" ({plain(best)} is best)")
    if band is not None:
        out += f", in the band {band.name} ({plain(band.lo)} to {plain(band.hi)})"
    return out


def gauge(value: float, lo: float, hi: float, *, label: str, value_text: str, id_prefix: str,
          higher_is_better: bool = True, bands: Sequence[Band] = (),
          compact: bool = False, table: bool = True) -> str:
    """A score as a filled track from lo to value, with value_text printed beside it; see
    `_gauge`. `table=False` leaves out the data table, for a page that shows the figures in a
    table of its own. The same gauge comes back for the same arguments without being drawn again (a
    category rating's gauge recurs on thousands of report pages)."""
    return _gauge(value, lo, hi, label=label, value_text=value_text, id_prefix=id_prefix,
                  higher_is_better=higher_is_better, bands=tuple(bands), compact=compact,
                  table=table)


@lru_cache(maxsize=4096)
def _gauge(value: float, lo: float, hi: float, *, label: str, value_text: str, id_prefix: str,
           higher_is_better: bool, bands: tuple[Band, ...], compact: bool, table: bool) -> str:
    """A score as a filled track from lo to value, with value_text printed beside it.

    The full gauge is a <figure> with a caption (label), end labels lo/hi (the best end marked),
    optional band segments under the track with their names where they fit, and a data table.
    `compact=True` gives a one-line <span class="gauge-inline">, the bar alone and hidden from
    assistive technology, for a line that writes the value out.
    """
    prefix = check_id(id_prefix)
    value, lo, hi = (check_number(v, n) for v, n in ((value, "value"), (lo, "lo"), (hi, "hi")))
    if hi <= lo:
        raise ValueError(f"gauge {label!r}: hi must be above lo")
    if not lo <= value <= hi:
        raise ValueError(f"gauge {label!r}: value {value} is outside the scale {lo} to {hi}")
    if compact:
        return _compact(value, lo, hi, bands)
    band = band_of(value, bands)
    desc = _describe(label, value, lo, hi, higher_is_better, band)

    x0 = 2.0
    scale = Linear(lo, hi, x0, x0 + TRACK_W)
    track_y, track_h = 4.0, 18.0
    value_size = 20
    width = x0 + TRACK_W + 14 + text_width(value_text, value_size) + 4
    body: list[str] = [rect(x0, track_y, TRACK_W, track_h, "gauge-track")]
    body.append(rect(x0, track_y, scale(value) - x0, track_h, "gauge-fill"))
    end = scale(value)
    body.append(line(end, track_y - 3, end, track_y + track_h + 3, "gauge-marker"))
    body.append(text(x0 + TRACK_W + 14, track_y + track_h / 2 + 7, value_text, "gauge-value"))

    label_y = track_y + track_h + 16
    lo_text = plain(lo) + ("" if higher_is_better else " (best)")
    hi_text = plain(hi) + (" (best)" if higher_is_better else "")
    small = FONT - 1
    taken = [(x0, x0 + text_width(lo_text, small) + 6),
             (x0 + TRACK_W - text_width(hi_text, small) - 6, x0 + TRACK_W)]
    if bands:
        strip_y = track_y + track_h + 3
        label_y = strip_y + 6 + 14
        for b in bands:
            a, z = scale(max(b.lo, lo)), scale(min(b.hi, hi))
            if z <= a:
                continue
            body.append(rect(a, strip_y, z - a, 6, f"gauge-band {b.css_class}"))
            mid, half = (a + z) / 2, text_width(b.name, small - 1) / 2
            free = all(mid + half < t0 or mid - half > t1 for t0, t1 in taken)
            if half * 2 <= z - a - 4 and free:
                body.append(text(mid, label_y, b.name, "band-label", "middle"))
    body.append(text(x0, label_y, lo_text, "tick-label"))
    body.append(text(x0 + TRACK_W, label_y, hi_text, "tick-label", "end"))
    height = label_y + 5

    svg = "\n".join([*svg_open(prefix, width, height, label, desc), *body, "</svg>"])
    if not table:
        return figure("gauge", label, [svg])
    best = hi if higher_is_better else lo
    scale_text = f"{plain(lo)} to {plain(hi)} ({plain(best)} is best)"
    headers = ["Measure", "Value", "Scale"] + (["Band"] if bands else [])
    row = [label, value_text, scale_text] + ([band.name if band else "none"] if bands else [])
    # the CSV: the figures drawn, the scale's ends and its best as numbers of their own
    csv_headers = ["Measure", "Value", "Scale from", "Scale to", "Best"] + headers[3:]
    values = [label, value, lo, hi, best] + row[3:]
    return figure("gauge", label, [svg, data_table(label, headers, [row]),
                                   csv_link(csv_file_name(label, prefix), csv_headers, [values],
                                            f"{prefix}-title")])


def _compact(value: float, lo: float, hi: float, bands: Sequence[Band]) -> str:
    """The bar alone, hidden from assistive technology: it stands beside the rating written out
    ("Rating: 2.00 / 7"), so a title, a description and a second copy of the value would repeat
    it, in bytes on every category of every report page.

    charts.css draws it: the outer span is the track, each band and the fill a span placed by
    its share of the scale in percent, in fewer bytes than an SVG of the same bar."""
    def share(x: float) -> float:
        return 100 * (x - lo) / (hi - lo)
    parts = ['<span class="gauge-inline" aria-hidden="true">']
    for b in bands:
        a, z = share(max(b.lo, lo)), share(min(b.hi, hi))
        if z > a:
            style = f"left:{num(a)}%;width:{num(z - a)}%"
            parts.append(f"<span{attrs(class_=f'gauge-band {b.css_class}', style=style)}></span>")
    parts.append(f'<span class="gauge-fill" style="width:{num(share(value))}%"></span></span>')
    return "".join(parts)
