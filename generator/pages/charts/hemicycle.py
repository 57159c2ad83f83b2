"""Parliament seat diagram: one circle per seat in concentric half rings, parties left to right.

A body of more than MAX_DOTS seats is drawn as one band of the half ring per party, its angle in
proportion to the party's seats: the figure's size and drawing time do not grow with the seats.
"""

from __future__ import annotations

import math
from typing import Sequence

from ._svg import (
    attrs,
    check_id,
    csv_file_name,
    csv_link,
    data_table,
    esc,
    figure,
    legend_rows,
    num,
    svg_open,
    text,
    text_width,
)
from .model import Seats

WIDTH = 600.0
OUTER = 280.0  # radius of the outermost row's outer edge, in viewBox units
INNER = 0.4  # inner radius of the half ring as a share of the outer radius
MAX_SEAT = 12.0  # largest seat radius in viewBox units
MIN_OUTER = 110.0  # smallest half ring, so the seat total fits inside it
ONE_ROW = 8
VACANT_CLASS = "seat-vacant"
PARTY_COLOURS = 12  # charts.css's party-0 to party-11, the last a grey
MAX_DOTS = 3000  # one dot per seat up to here (China's National People's Congress: 2,977)


def rows_for(total: int) -> list[int]:
    """Seats per row, inner row first, for `total` seats.

    The standard layout: take the fewest rows whose capacity (row length over seat spacing)
    holds all seats, then share the seats among rows in proportion to row radius (largest
    remainder, never above a row's capacity). Up to ONE_ROW seats sit in a single row.
    """
    n = 1
    while True:
        radii, caps = _rows(n)
        if total <= ONE_ROW:  # a few seats read best as one arc of dots
            caps = [max(caps[0], total)]
        if sum(caps) >= total:
            break
        n += 1
    exact = [total * r / sum(radii) for r in radii]
    counts = [min(int(e), c) for e, c in zip(exact, caps)]
    while sum(counts) < total:  # ends: the capacities hold all seats
        open_rows = [i for i in range(n) if counts[i] < caps[i]]
        i = max(open_rows, key=lambda i: (exact[i] - counts[i], i))
        counts[i] += 1
    return counts


def _rows(n: int) -> tuple[list[float], list[int]]:
    spacing = (1 - INNER) / n
    radii = [INNER + spacing * (i + 0.5) for i in range(n)]
    return radii, [int(math.pi * r / spacing) + 1 for r in radii]


def seat_positions(total: int) -> tuple[list[tuple[float, float]], float]:
    """Seat centres (x, y) on a unit half ring (y up), ordered left to right, and seat radius."""
    counts = rows_for(total)
    radii, _ = _rows(len(counts))
    spacing = (1 - INNER) / len(counts)
    gaps = [math.pi * r / (k - 1) for r, k in zip(radii, counts) if k > 1]
    seat_r = 0.42 * min([spacing, *gaps])
    seats = []
    for r, k in zip(radii, counts):
        for j in range(k):
            angle = math.pi / 2 if k == 1 else math.pi * (1 - j / (k - 1))
            seats.append((round(angle, 9), r))
    seats.sort(key=lambda s: (-s[0], s[1]))
    return [(r * math.cos(a), r * math.sin(a)) for a, r in seats], seat_r


def hemicycle(parties: Sequence[Seats], *, title: str, desc: str, id_prefix: str,
              total: int | None = None, vacant_label: str = "Vacant or other") -> str:
    """A seat diagram with a legend (party and seats, in seat order) and a data table.

    Parties fill the half ring left to right in the order given; a party with no seats shows
    only in the legend and table; seats of `total` not held by a listed party are drawn last,
    on the right, as vacant/other (class seat-vacant, an outline circle).
    """
    prefix = check_id(id_prefix)
    parties = tuple(parties)
    held = sum(p.seats for p in parties)
    total = held if total is None else total
    if isinstance(total, bool) or not isinstance(total, int) or total < held or total < 1:
        raise ValueError(f"hemicycle {title!r}: total must be an int >= the {held} seats listed"
                         " and above 0")
    entries = [(p.name, p.seats, p.css_class or f"party-{i % PARTY_COLOURS}")
               for i, p in enumerate(parties)]
    if total > held:
        entries.append((vacant_label, total - held, VACANT_CLASS))

    if total > MAX_DOTS:
        outer, radius = OUTER, MAX_SEAT
        cx, base = WIDTH / 2, outer + 6
        body = _sectors(entries, total, cx, base, outer)
    else:
        positions, seat_r = seat_positions(total)
        # Few seats: a smaller half ring and seats no larger than MAX_SEAT, not a few huge discs.
        outer = min(OUTER, max(MIN_OUTER, MAX_SEAT / seat_r))
        radius = min(seat_r * outer, MAX_SEAT)
        cx, base = WIDTH / 2, outer + 6
        body = []
        start = 0
        for name, count, cls in entries:
            if count == 0:
                continue
            circles = "".join(
                f"<circle{attrs(cx=cx + px * outer, cy=base - py * outer, r=radius)}/>"
                for px, py in positions[start:start + count])
            body.append(f'<g class="seats {cls}">{_tip(name, count)}{circles}</g>')
            start += count
    body.append(text(cx, base - 24, str(total), "hemicycle-total", "middle"))
    body.append(text(cx, base - 6, "seats", "tick-label", "middle"))

    labels = [f"{name} ({count})" for name, count, _ in entries]
    widths = [18 + text_width(label) for label in labels]
    rows = legend_rows(widths, WIDTH - 20, gap=22)
    y0 = base + radius + 28
    body.append('<g class="legend">')
    for r, row in enumerate(rows):
        row_w = sum(widths[i] for i in row) + 22 * (len(row) - 1)
        x = (WIDTH - row_w) / 2
        y = y0 + r * 22
        for i in row:
            cls = entries[i][2]
            body.append(f'<circle{attrs(cx=x + 6, cy=y - 4, r=6.0, class_=f"swatch {cls}")}/>')
            body.append(text(x + 18, y, labels[i], "legend-label"))
            x += widths[i] + 22
    body.append("</g>")
    height = y0 + (len(rows) - 1) * 22 + 8

    svg = [*svg_open(prefix, WIDTH, height, title, desc), *body, "</svg>"]
    rows_out = [[name, str(count), f"{100 * count / total:.1f}%"] for name, count, _ in entries]
    rows_out.append(["Total", str(total), "100.0%"])
    table = data_table(title, ["Party", "Seats", "Share"], rows_out)
    # the CSV: the seats drawn, per party and in all (the shares are the table's arithmetic)
    seats = [[name, count] for name, count, _ in entries] + [["Total", total]]
    link = csv_link(csv_file_name(title, prefix), ["Party", "Seats"], seats, f"{prefix}-title")
    return figure("hemicycle", title, ["\n".join(svg), table, link])


def _tip(name: str, count: int) -> str:
    return f"<title>{esc(name)}: {count} {'seat' if count == 1 else 'seats'}</title>"


def _sectors(entries: list[tuple[str, int, str]], total: int, cx: float, base: float,
             outer: float) -> list[str]:
    """Each party's share of the half ring as one band (an annular sector), left to right."""
    inner = outer * INNER
    body: list[str] = []
    start = 0
    for name, count, cls in entries:
        if count == 0:
            continue
        a0, a1 = math.pi * (1 - start / total), math.pi * (1 - (start + count) / total)
        start += count

        def at(r: float, a: float) -> str:
            return f"{num(cx + r * math.cos(a))} {num(base - r * math.sin(a))}"
        d = (f"M{at(outer, a0)} A{num(outer)} {num(outer)} 0 0 1 {at(outer, a1)}"
             f" L{at(inner, a1)} A{num(inner)} {num(inner)} 0 0 0 {at(inner, a0)} Z")
        body.append(f'<g class="seats {cls}">{_tip(name, count)}<path{attrs(d=d)}/></g>')
    return body
