"""The world map: a choropleth of the countries and territories on the site, as inline SVG.

The shapes come from world_map.json, made once from Natural Earth's public-domain geometry by
scripts/world_map.mjs and committed: drawing reads that file and nothing else, and the page loads
no map library. Every place on the site is a link to its page, named with its value (aria-label
and a <title> tooltip); shapes of places the site has no page for are drawn plain and hidden
from assistive technology; places too small to see or click get a round marker as well. The SVG
is a named group, not an image as the other charts are, because it holds links an image's
children would hide. Beside it: a legend that says in words what each colour means, with its
count; the places the geometry lacks, as links with their values; the data table of every place
and its CSV. Colours are classes (map-s1..map-s7, map-none) that templates/assets/map.css maps
to a palette readable with colour-vision deficiencies, light and dark; "no data" is hatched.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

from ._svg import SVG_NS, attrs, check_id, csv_file_name, csv_link, esc, no_blank_lines, num

GEOMETRY = Path(__file__).with_name("world_map.json")
SCALE_CLASSES = tuple(f"map-s{i}" for i in range(1, 8))  # sequential, low to high
NONE_CLASS = "map-none"  # no value: hatched, not only a colour
# A map by status: the hues of the site's status tags and bar (worst first), each of its own
# lightness, so the three read apart with colour-vision deficiencies and in grey.
STATUS_CLASSES = ("map-status-low", "map-status-mid", "map-status-high")
CLASSES = (*SCALE_CLASSES, *STATUS_CLASSES, NONE_CLASS)
MARKER_RADIUS = 3.2
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_PATH = re.compile(r"^[Mlz0-9 .\-]*$")  # what scripts/world_map.mjs writes, nothing to escape


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what}: expected a non-empty text, got {value!r}")
    return value


def _css(value: object, what: str) -> str:
    if value not in CLASSES:
        raise ValueError(f"{what}: expected one of {', '.join(CLASSES)}, got {value!r}")
    return value  # type: ignore[return-value]


def check_key(key: object) -> int | str:
    """An area's key: an ISO 3166-1 numeric code (1-999) or a country slug."""
    if isinstance(key, int) and not isinstance(key, bool) and 1 <= key <= 999:
        return key
    if isinstance(key, str) and _SLUG.match(key):
        return key
    raise ValueError(f"area key: expected an ISO 3166-1 numeric code or a slug, got {key!r}")


@dataclass(frozen=True)
class Area:
    """One country or territory on the site."""

    key: int | str  # codes.m49, or the slug for places without one
    name: str
    target: str  # the Markdown path of the page its shape links to
    value: str  # its value as text, e.g. "Free, 93 of 100"
    css_class: str  # its bin, one of the legend's classes

    def __post_init__(self) -> None:
        check_key(self.key)
        _text(self.name, "area name")
        _text(self.target, f"area {self.name!r} target")
        _text(self.value, f"area {self.name!r} value")
        _css(self.css_class, f"area {self.name!r} css_class")


@dataclass(frozen=True)
class Bin:
    """One entry of the legend: a class of the palette and what it means."""

    css_class: str  # map-s1 … map-s7 (sequential, low to high) or map-none
    label: str  # e.g. "Free", "80–100", "9"

    def __post_init__(self) -> None:
        _css(self.css_class, "bin css_class")
        _text(self.label, "bin label")


@dataclass(frozen=True)
class WorldMap:
    """A whole map: its name and description, legend (in its order) and areas."""

    title: str
    desc: str
    id_prefix: str
    value_header: str  # the data table's column heading, e.g. "Status and score"
    legend: tuple[Bin, ...]
    areas: tuple[Area, ...]
    # the id of a table on the same page that gives every area's figure but the NONE_CLASS
    # ones: the map then points to it instead of repeating it as its own table and CSV
    table_at: str | None = None

    def __post_init__(self) -> None:
        _text(self.title, "map title")
        if self.table_at is not None:
            check_id(self.table_at)
        _text(self.desc, "map desc")
        _text(self.value_header, "map value_header")
        check_id(self.id_prefix)
        legend, areas = tuple(self.legend), tuple(self.areas)
        if not legend or not all(isinstance(b, Bin) for b in legend):
            raise ValueError("map legend: expected one Bin or more")
        classes = [b.css_class for b in legend]
        if len(set(classes)) != len(classes):
            raise ValueError(f"map legend: a class appears twice in {classes}")
        keys: set[int | str] = set()
        for area in areas:
            if not isinstance(area, Area):
                raise ValueError(f"map areas: expected Area, got {type(area).__name__}")
            if area.css_class not in classes:
                raise ValueError(f"area {area.name!r}: class {area.css_class!r} is not in the"
                                 f" legend ({', '.join(classes)})")
            if area.key in keys:
                raise ValueError(f"area {area.name!r}: key {area.key!r} appears twice")
            keys.add(area.key)
        object.__setattr__(self, "legend", legend)
        object.__setattr__(self, "areas", areas)


@dataclass(frozen=True)
class Shape:
    key: int | str
    name: str
    d: str
    centroid: tuple[float, float]
    small: bool


@dataclass(frozen=True)
class Geometry:
    width: float
    height: float
    shapes: dict[int | str, Shape]


@lru_cache(maxsize=1)
def geometry() -> Geometry:
    """world_map.json, read once and checked: keys, path data, centroids."""
    raw = json.loads(GEOMETRY.read_text(encoding="utf-8"))
    shapes: dict[int | str, Shape] = {}
    for item in raw["shapes"]:
        key = check_key(item["key"])
        if key in shapes or not _PATH.match(item["d"]) or not (item["d"] or item["small"]):
            raise ValueError(f"{GEOMETRY.name}: shape {key!r} repeated, or its path unexpected"
                             " or empty (only a small shape, drawn as a marker, may have none)")
        x, y = (float(v) for v in item["centroid"])
        shapes[key] = Shape(key, str(item["name"]), item["d"], (x, y), bool(item["small"]))
    return Geometry(float(raw["width"]), float(raw["height"]), shapes)


def missing_areas(areas: Sequence[Area]) -> list[Area]:
    """The areas the geometry has no shape for, in the order given."""
    shapes = geometry().shapes
    return [a for a in areas if a.key not in shapes]


def _label(area: Area) -> str:
    return f"{area.name}: {area.value}"


def world_map(model: WorldMap, link: Callable[[str], str]) -> str:
    """The map as one block of HTML: a <figure> at column 0 with no blank line (see the module's
    docstring); `link` turns an area's Markdown target into the href for the current page."""
    p = model.id_prefix
    geo = geometry()
    on_map = [a for a in model.areas if a.key in geo.shapes]
    missing = missing_areas(model.areas)
    hrefs = {a.key: esc(link(a.target)) for a in model.areas}
    order = sorted(on_map, key=lambda a: (geo.shapes[a.key].small, a.name.casefold(), a.name))
    keys = {a.key for a in on_map}
    off = "".join(s.d for k, s in sorted(geo.shapes.items(), key=lambda i: str(i[0]))
                  if k not in keys)
    out = [
        '<figure class="chart chart-map">',
        f'<figcaption class="chart-caption">{esc(model.title)}</figcaption>',
        f'<a class="map-skip" href="#{p}-legend">Skip the map\'s links</a>',
        f'<svg xmlns="{SVG_NS}"{attrs(class_="chart-svg map-svg")}'
        f' viewBox="0 0 {num(geo.width)} {num(geo.height)}" role="group"'
        f' aria-labelledby="{p}-title" aria-describedby="{p}-desc">',
        f'<title id="{p}-title">{esc(model.title)}</title>',
        f'<desc id="{p}-desc">{esc(model.desc)}</desc>',
        f'<defs><pattern id="{p}-hatch" width="5" height="5" patternUnits="userSpaceOnUse"'
        f' patternTransform="rotate(45)"><rect class="map-hatch-ground" width="5" height="5"/>'
        f'<path class="map-hatch-line" d="M1.2 0V5"/></pattern></defs>',
    ]
    if off:
        out.append(f'<path class="map-off" aria-hidden="true" d="{off}"/>')
    out.append('<g class="map-areas" fill-rule="evenodd">')
    for area in order:
        shape = geo.shapes[area.key]
        fill = f' fill="url(#{p}-hatch)"' if area.css_class == NONE_CLASS else ""
        label = esc(_label(area))
        marker = ""
        if shape.small:
            x, y = shape.centroid
            marker = (f'<circle class="map-marker {area.css_class}"{fill}'
                      f'{attrs(cx=x, cy=y, r=MARKER_RADIUS)}/>')
        path = f'<path class="{area.css_class}"{fill} d="{shape.d}"/>' if shape.d else ""
        out.append(f'<a href="{hrefs[area.key]}" aria-label="{label}"><title>{label}</title>'
                   f"{path}{marker}</a>")
    out += ["</g>", "</svg>", _legend(model, p, bool(off))]
    if missing:
        items = ", ".join(f'<a href="{hrefs[a.key]}">{esc(a.name)}</a> ({esc(a.value)})'
                          for a in missing)
        out.append(f'<p class="map-missing">Not on the map, which has no shape for them: '
                   f"{items}.</p>")
    if model.table_at:
        out.append(_table_elsewhere(model, hrefs))
    else:
        out += [_table(model, hrefs),
                csv_link(csv_file_name(model.title, p),
                         ["Country or territory", model.value_header, "Legend"],
                         [[a.name, a.value, _bin_labels(model)[a.css_class]]
                          for a in model.areas],
                         f"{p}-title")]
    out.append("</figure>")
    return no_blank_lines("\n".join(out))


def _bin_labels(model: WorldMap) -> dict[str, str]:
    return {b.css_class: b.label for b in model.legend}


def legend_counts(model: WorldMap) -> list[tuple[Bin, int]]:
    """Each legend entry with the number of areas in it, in the legend's order."""
    counts = {b.css_class: 0 for b in model.legend}
    for area in model.areas:
        counts[area.css_class] += 1
    return [(b, counts[b.css_class]) for b in model.legend]


def _legend(model: WorldMap, p: str, off: bool) -> str:
    """What each colour means, in words and with its count: readable without the colours."""
    items = []
    for b, count in legend_counts(model):
        items.append(f'<li><span class="map-key {b.css_class}" aria-hidden="true"></span>'
                     f'{esc(b.label)}: {count}</li>')
    if off:
        items.append('<li><span class="map-key map-off" aria-hidden="true"></span>'
                     "Not covered by this site</li>")
    return (f'<ul class="map-legend" id="{p}-legend" aria-label="Legend of the map">'
            + "".join(items) + "</ul>")


def _table_elsewhere(model: WorldMap, hrefs: dict[int | str, str]) -> str:
    """Where the map's figures are, as a line: the page's table, and the places left out of it
    (those without a value) as links."""
    out = (f'<p class="map-data">Every figure of the map is in <a href="#{model.table_at}">the'
           " table below</a>")
    rest = sorted((a for a in model.areas if a.css_class == NONE_CLASS),
                  key=lambda a: (a.name.casefold(), a.name))
    if rest:
        label = _bin_labels(model)[NONE_CLASS]
        out += f"; not in it ({esc(label[:1].lower() + label[1:])}): " + ", ".join(
            f'<a href="{hrefs[a.key]}">{esc(a.name)}</a>' for a in rest)
    return out + ".</p>"


def _table(model: WorldMap, hrefs: dict[int | str, str]) -> str:
    """Every area, its name linked, with its value: the closed data table the charts have."""
    rows = sorted(model.areas, key=lambda a: (a.name.casefold(), a.name))
    out = ['<details class="chart-data">', "<summary>Data</summary>", "<table>",
           f"<caption>{esc(model.title)}</caption>", "<thead>",
           f'<tr><th scope="col">Country or territory</th>'
           f'<th scope="col">{esc(model.value_header)}</th></tr>', "</thead>", "<tbody>"]
    out += [f'<tr><th scope="row"><a href="{hrefs[a.key]}">{esc(a.name)}</a></th>'
            f"<td>{esc(a.value)}</td></tr>" for a in rows]
    out += ["</tbody>", "</table>", "</details>"]
    return "\n".join(out)
