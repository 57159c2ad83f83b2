"""Shared building blocks: number formatting, escaping, scales, markers, figure and data table.

Every piece of markup is made here or through these helpers, so the rules hold for all charts:
coordinates have at most two decimals and one spelling (`num`), text is escaped and on one
line (`esc`), ids come from the caller's prefix only, and no output line is blank.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from functools import lru_cache
from typing import Any, Iterable, Sequence
from urllib.parse import quote

from ..downloads import csv_cell, csv_lines

SVG_NS = "http://www.w3.org/2000/svg"
FONT = 12  # base font size in viewBox units
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_SPACE = re.compile(r"\s+")
# Characters Markdown (tables, emphasis, attr_list, tilde) could read as syntax when a compact
# gauge sits inline in a Markdown table cell: written as character references instead.
_MD_ACTIVE = {"\\": "&#92;", "`": "&#96;", "*": "&#42;", "_": "&#95;", "{": "&#123;",
              "}": "&#125;", "[": "&#91;", "]": "&#93;", "|": "&#124;", "~": "&#126;"}


@lru_cache(maxsize=65536)  # coordinates repeat across charts and pages
def num(x: float) -> str:
    """A coordinate as text: rounded to 2 decimals, no trailing zeros, never '-0'."""
    text = f"{round(float(x), 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


_MD_ACTIVE_CHAR = re.compile("[" + re.escape("".join(_MD_ACTIVE)) + "]")


def esc(text: object) -> str:
    """Text for element content or attributes: one line, HTML-escaped, Markdown-inert."""
    return _esc(text if isinstance(text, str) else str(text))


@lru_cache(maxsize=16384)  # class names, labels and tick texts repeat: a country's charts
def _esc(text: str) -> str:  # escaped 2,000 strings a page, a few hundred of them distinct
    out = html.escape(_SPACE.sub(" ", text).strip(), quote=True)
    return _MD_ACTIVE_CHAR.sub(lambda match: _MD_ACTIVE[match.group()], out)


def check_id(prefix: str) -> str:
    if not isinstance(prefix, str) or not _ID.match(prefix):
        raise ValueError(f"id_prefix: expected a slug such as 'score-nit', got {prefix!r}")
    return prefix


def decimals_for(values: Iterable[float | None]) -> int:
    """The fewest decimals (0-2) that show every value as it is at two decimals."""
    best = 0
    for v in values:
        if v is None:
            continue
        for d in range(3):
            if abs(round(v, d) - round(v, 2)) < 1e-9:
                best = max(best, d)
                break
    return best


def fmt(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def plain(value: float) -> str:
    """A number as people write it in a sentence: 7.0 -> '7', 0.4 -> '0.4', 1.364 -> '1.36'."""
    return num(value)


def nice_ticks(lo: float, hi: float, target: int = 5) -> list[float]:
    """Round tick values for [lo, hi], about `target` intervals (steps 1, 2, 2.5, 5 x 10^k).

    A step that lands on both ends of the scale is preferred, so a 1-7 scale is labelled 1..7
    and a 0-1 scale 0, 0.2 .. 1; otherwise the ticks are the round values inside [lo, hi].
    """
    span = hi - lo
    if not span > 0 or not math.isfinite(span):
        raise ValueError(f"nice_ticks: expected lo below hi, both finite, got {lo!r} to {hi!r}")
    mag = math.floor(math.log10(span))
    steps = [m * 10.0 ** k for k in range(mag - 2, mag + 2) for m in (1, 2, 2.5, 5)]

    def whole(v: float) -> bool:
        return abs(v - round(v)) < 1e-9

    fitting = [(abs(span / st - target), st) for st in steps
               if 2 <= span / st + 1e-9 <= 10 and whole(span / st) and whole(lo / st)]
    if fitting:
        step = min(fitting)[1]
        count = round(span / step) + 1
        return list(dict.fromkeys(round(lo + i * step, 10) for i in range(count)))
    raw = span / max(target, 1)
    step = next(st for st in steps + [10.0 ** (mag + 2)] if st >= raw - 1e-12)
    first = math.ceil(lo / step - 1e-9) * step
    ticks, k = [], 0
    while first + k * step <= hi + step * 1e-9 and k <= 4 * target + 4:  # rounding: a bound
        ticks.append(round(first + k * step, 10))
        k += 1
    return list(dict.fromkeys(ticks))  # a span near a float's precision rounds ticks together


class Linear:
    """Maps a domain [d0, d1] onto a range [r0, r1]."""

    def __init__(self, d0: float, d1: float, r0: float, r1: float) -> None:
        self.d0, self.d1, self.r0, self.r1 = d0, d1, r0, r1

    def __call__(self, v: float) -> float:
        if self.d1 == self.d0:
            return (self.r0 + self.r1) / 2
        return self.r0 + (v - self.d0) * (self.r1 - self.r0) / (self.d1 - self.d0)


def text_width(text: str, size: float = FONT) -> float:
    """A generous estimate of rendered width for layout (system sans-serif fonts)."""
    return len(text) * size * 0.58


def wrap(text: str, limit: int) -> list[str]:
    """Words into lines of at most `limit` characters (a longer word gets a line of its own)."""
    lines: list[str] = []
    for word in _SPACE.sub(" ", text).strip().split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def attrs(**kw: object) -> str:
    """Attributes in the given order: numbers through num(), text escaped; a None is left out.

    Keyword names map to attribute names: a trailing '_' is dropped, other '_' become '-'.
    """
    out = []
    for key, value in kw.items():
        if value is None:
            continue
        name = _ATTR_NAMES.get(key) or _ATTR_NAMES.setdefault(
            key, key.rstrip("_").replace("_", "-"))
        kind = type(value)  # a bool is text ("True"), as it was
        text = num(value) if kind is float or kind is int else esc(value)
        out.append(f' {name}="{text}"')
    return "".join(out)


_ATTR_NAMES: dict[str, str] = {}  # keyword -> attribute name: a few dozen, met 17,000 times a page


def text(x: float, y: float, content: str, cls: str, anchor: str = "start", **kw: object) -> str:
    return f"<text{attrs(x=x, y=y, class_=cls, text_anchor=anchor, **kw)}>{esc(content)}</text>"


def line(x1: float, y1: float, x2: float, y2: float, cls: str, **kw: object) -> str:
    return f"<line{attrs(x1=x1, y1=y1, x2=x2, y2=y2, class_=cls, **kw)}/>"


def text_group(items: Iterable[tuple[float, float, str]], cls: str, anchor: str) -> str:
    """Texts (x, y, content) of one class and alignment, in one <g> that carries both: a
    chart's tick labels, in fewer bytes than a class and an anchor on every <text>."""
    texts = "\n".join(f"<text{attrs(x=x, y=y)}>{esc(content)}</text>" for x, y, content in items)
    return f'<g class="{esc(cls)}" text-anchor="{esc(anchor)}">\n{texts}\n</g>' if texts else ""


def rules(segments: Iterable[tuple[float, float, float, float]], cls: str) -> str:
    """Horizontal and vertical lines (x1, y1, x2, y2) as one <path>: far fewer bytes than a
    <line> element each, and a country page draws hundreds of lines."""
    d = []
    for x1, y1, x2, y2 in segments:
        if y1 == y2:
            d.append(f"M{num(x1)} {num(y1)}H{num(x2)}")
        elif x1 == x2:
            d.append(f"M{num(x1)} {num(y1)}V{num(y2)}")
        else:
            raise ValueError(f"rules: ({x1}, {y1}) to ({x2}, {y2}) is neither level nor upright")
    return f'<path d="{"".join(d)}" class="{esc(cls)}"/>' if d else ""


def rect(x: float, y: float, w: float, h: float, cls: str, **kw: object) -> str:
    box = attrs(x=x, y=y, width=max(w, 0), height=max(h, 0), class_=cls, **kw)
    return f"<rect{box}/>"


# Marker shapes per series, so lines can be told apart without colour.
MARKER_NAMES = ("circle", "square", "triangle", "diamond", "triangle pointing down", "cross")
DASHES = (None, "6 4", "2 3", "9 3 2 3")


def marker(kind: int, x: float, y: float, cls: str, size: float = 4.5) -> str:
    s = size
    kind %= len(MARKER_NAMES)
    if kind == 0:
        return f"<circle{attrs(cx=x, cy=y, r=s, class_=cls)}/>"
    if kind == 1:
        s *= 0.9
        return rect(x - s, y - s, 2 * s, 2 * s, cls)
    if kind == 2:
        pts = [(0, -1.25 * s), (1.15 * s, 0.85 * s), (-1.15 * s, 0.85 * s)]
    elif kind == 3:
        pts = [(0, -1.3 * s), (1.3 * s, 0), (0, 1.3 * s), (-1.3 * s, 0)]
    elif kind == 4:
        pts = [(0, 1.25 * s), (1.15 * s, -0.85 * s), (-1.15 * s, -0.85 * s)]
    else:
        a, b = 0.42 * s, 1.15 * s
        pts = [(-b, -b + a), (-b + a, -b), (0, -a), (b - a, -b), (b, -b + a), (a, 0),
               (b, b - a), (b - a, b), (0, a), (-b + a, b), (-b, b - a), (-a, 0)]
    d = "M" + " L".join(f"{num(x + px)} {num(y + py)}" for px, py in pts) + " Z"
    return f'<path{attrs(d=d, class_=cls)}/>'


def series_class(i: int) -> str:
    return f"series-{i % 6}"


def legend_rows(widths: Sequence[float], max_width: float, gap: float = 18) -> list[list[int]]:
    """Items into rows left to right, each row no wider than max_width."""
    rows: list[list[int]] = []
    used = 0.0
    for i, w in enumerate(widths):
        if rows and used + gap + w <= max_width:
            rows[-1].append(i)
            used += gap + w
        else:
            rows.append([i])
            used = w
    return rows


def svg_open(prefix: str, width: float, height: float, title: str, desc: str,
             cls: str = "chart-svg") -> list[str]:
    """The opening of an accessible SVG: viewBox only, role img, named by its title and desc."""
    return [
        f'<svg xmlns="{SVG_NS}"{attrs(class_=cls, viewBox=f"0 0 {num(width)} {num(height)}")}'
        f' role="img" aria-labelledby="{prefix}-title {prefix}-desc">',
        f'<title id="{prefix}-title">{esc(title)}</title>',
        f'<desc id="{prefix}-desc">{esc(desc)}</desc>',
    ]


def data_table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """The chart's numbers as a real table in a closed <details>; a row's first cell heads it."""
    out = ['<details class="chart-data">', "<summary>Data</summary>", "<table>",
           f"<caption>{esc(caption)}</caption>", "<thead>",
           "<tr>" + "".join(f'<th scope="col">{esc(h)}</th>' for h in headers) + "</tr>",
           "</thead>", "<tbody>"]
    for row in rows:
        head, *cells = row
        out.append(f'<tr><th scope="row">{esc(head)}</th>'
                   + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>")
    out += ["</tbody>", "</table>", "</details>"]
    return "\n".join(out)


def csv_file_name(title: str, fallback: str) -> str:
    """A download's file name from the chart's title ("Kazakhstan: Global Freedom Score" ->
    kazakhstan-global-freedom-score.csv): named for what it holds, so that files saved from
    several pages do not take each other's names; `fallback` (the chart's id) where the title
    has no letter or digit in ASCII."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:100].rstrip("-")
    return f"{stem or fallback}.csv"


def csv_link(filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]],
             described_by: str | None = None) -> str:
    """A link that downloads the rows as a CSV file, from a data: URI: it works offline (from
    file://) and needs no file of its own. Cells as downloads.csv_lines writes them (its
    formula guard, RFC 4180 quoting), numbers as they are (None empty, 7.0 as 7); the URI is
    percent-encoded but for letters, digits, '-._~' and commas, so nothing in it can end the
    attribute or be read as Markdown. `described_by`: the id of the chart's name, which a
    screen reader reads with the link's text."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.csv", filename):
        raise ValueError(f"csv_link: expected a file name such as 'history-fiw.csv', got"
                         f" {filename!r}")
    data = csv_lines([list(headers), *([csv_cell(c) for c in row] for row in rows)])
    uri = "data:text/csv;charset=utf-8," + quote(data, safe=",")
    named = f' aria-describedby="{esc(described_by)}"' if described_by else ""
    return (f'<a class="chart-csv" download="{filename}" href="{uri}"{named}>'
            "Data as CSV</a>")


def figure(kind: str, caption: str, parts: Sequence[str], prefix: str | None = None) -> str:
    """The whole chart: <figure> at column 0, caption on top, no blank line anywhere.

    With `prefix`, the figure is named by its caption ({prefix}-title) and described by a
    {prefix}-desc element among the parts (used when the figure holds several SVGs).
    """
    named = ""
    if prefix is not None:
        named = f' aria-labelledby="{prefix}-title" aria-describedby="{prefix}-desc"'
    cap_id = f' id="{prefix}-title"' if prefix is not None else ""
    lines = [f'<figure class="chart chart-{kind}"{named}>',
             f'<figcaption class="chart-caption"{cap_id}>{esc(caption)}</figcaption>', *parts,
             "</figure>"]
    return no_blank_lines("\n".join(lines))


def no_blank_lines(out: str) -> str:
    if re.search(r"\n[ \t]*(\n|$)", out) or out != out.lstrip():
        raise RuntimeError("chart markup must not contain blank lines")  # a bug in this package
    return out
