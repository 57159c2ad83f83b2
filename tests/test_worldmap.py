"""The world map: its committed geometry (generator/pages/charts/world_map.json), the drawing
(charts.worldmap), the derived maps of the rankings (pages.maps) and the built pages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from generator.pages.charts import Area, Bin, WorldMap, world_map
from generator.pages.charts.worldmap import CLASSES, GEOMETRY, geometry, legend_counts
from generator.pages.figures import draw
from generator.pages.render import page_href

from .conftest import REPO, build, shipped_slice, soup

SVG = "{http://www.w3.org/2000/svg}"
# Places on the site the geometry has no shape for: regions inside a country (Crimea, Tibet,
# the Kashmirs...), places the FIW once rated as one (West Bank and Gaza Strip) and Tuvalu,
# which Natural Earth's 1:50m countries leave out. The map lists them as links beside it.
NO_SHAPE = {
    "abkhazia", "chechnya", "crimea", "eastern-donbas", "indian-kashmir",
    "israeli-occupied-territories", "kurdistan", "nagorno-karabakh", "northern-ireland",
    "pakistani-kashmir", "palestinian-authority-administered-territories",
    "russian-occupied-territories-of-ukraine", "south-ossetia", "tibet", "transnistria",
    "tuvalu", "west-bank-and-gaza-strip", "west-papua",
}


def shipped_keys() -> dict[str, int | str]:
    """slug -> map key (M49 code, else the slug) of every shipped country and territory."""
    keys = {}
    for path in sorted((REPO / "content" / "countries").glob("*/country.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        m49 = (data.get("codes") or {}).get("m49")
        keys[data["slug"]] = m49 or data["slug"]
    return keys


# --- the geometry --------------------------------------------------------------------------


def test_geometry_file_names_its_source_and_licence():
    raw = json.loads(GEOMETRY.read_text(encoding="utf-8"))
    assert "Natural Earth" in raw["source"] and "public domain" in raw["licence"]
    pinned = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    assert raw["packages"] == {k: pinned[k] for k in ("world-atlas", "d3-geo", "topojson-client")}
    geo = geometry()
    assert (geo.width, geo.height) == (960, raw["height"]) and 300 < geo.height < 600
    assert len(geo.shapes) == len(raw["shapes"]) > 200
    assert 10 not in geo.shapes  # Antarctica is left out
    for shape in geo.shapes.values():
        x, y = shape.centroid
        assert 0 <= x <= geo.width and 0 <= y <= geo.height, shape.name
        assert shape.d or shape.small, shape.name
        for x, y in re.findall(r"M(-?[\d.]+)[ ]?(-?[\d.]+)", shape.d):  # every ring's start
            assert 0 <= float(x) <= geo.width and 0 <= float(y) <= geo.height, shape.name
    # the map stays light: about 70 KB of path data
    assert 40_000 < sum(len(s.d) for s in geo.shapes.values()) < 120_000


def test_geometry_is_what_the_script_makes(tmp_path):
    """scripts/world_map.mjs, run again from the pinned packages, writes the same bytes."""
    node = shutil.which("node")
    if not node or not (REPO / "node_modules" / "world-atlas").is_dir():
        pytest.skip("node or the npm packages (npm ci) are not installed")
    out = tmp_path / "world_map.json"
    subprocess.run([node, "scripts/world_map.mjs", "--out", str(out)], cwd=REPO, check=True,
                   capture_output=True)
    assert out.read_bytes() == GEOMETRY.read_bytes()


def test_shipped_countries_have_shapes_but_a_known_few():
    keys = shipped_keys()
    shapes = geometry().shapes
    missing = {slug for slug, key in keys.items() if key not in shapes}
    assert missing == NO_SHAPE
    # the keys given by slug in the script's table are the site's slugs
    for slug in ("kosovo", "northern-cyprus", "somaliland", "gaza-strip", "west-bank"):
        assert keys[slug] == slug and slug in shapes
    assert keys["germany"] == 276 and shapes[276].name == "Germany"
    assert shapes[344].small and shapes[520].small  # Hong Kong and Nauru get a marker


# --- the drawing ---------------------------------------------------------------------------

LEGEND = (Bin("map-s7", "Free"), Bin("map-s4", "Partly Free"), Bin("map-s1", "Not Free"),
          Bin("map-none", "Not rated"))


def sample(**changes) -> WorldMap:
    areas = [
        Area(276, "Germany", "countries/germany/fiw-2025.md", "Free, 95 of 100", "map-s7"),
        Area(398, "Kazakhstan", "countries/kazakhstan/fiw-2025.md", "Not Free, 23 of 100",
             "map-s1"),
        Area(344, "Hong Kong", "countries/hong-kong/fiw-2025.md", "Partly Free, 40 of 100",
             "map-s4"),
        Area("kosovo", "Kosovo", "countries/kosovo/index.md", "Not rated in 2025", "map-none"),
        Area(798, "Tuvalu", "countries/tuvalu/fiw-2025.md", "Free, 93 of 100", "map-s7"),
    ]
    fields = dict(title="FIW 2025: status", desc="A map.", id_prefix="map-fiw-2025",
                  value_header="Status and score", legend=LEGEND, areas=areas)
    fields.update(changes)
    return WorldMap(**fields)


def link(target: str) -> str:
    return page_href("index.md", target)


def parse(html: str) -> ET.Element:
    return ET.fromstring(html)  # the figure is well-formed XML as well as HTML


def test_every_area_is_a_named_link_and_the_rest_is_hidden():
    html = world_map(sample(), link)
    figure = parse(html)
    svg = figure.find(f"{SVG}svg")
    assert (svg.get("role"), svg.get("aria-labelledby"), svg.get("aria-describedby")) == (
        "group", "map-fiw-2025-title", "map-fiw-2025-desc")
    links = {a.get("aria-label"): a for a in svg.iter(f"{SVG}a")}
    assert set(links) == {"Germany: Free, 95 of 100", "Kazakhstan: Not Free, 23 of 100",
                          "Hong Kong: Partly Free, 40 of 100", "Kosovo: Not rated in 2025"}
    germany = links["Germany: Free, 95 of 100"]
    assert germany.get("href") == "countries/germany/fiw-2025/"
    assert germany.find(f"{SVG}title").text == "Germany: Free, 95 of 100"
    assert germany.find(f"{SVG}path").get("class") == "map-s7"
    assert germany.find(f"{SVG}path").get("d") == geometry().shapes[276].d
    # Hong Kong is too small to see: a marker too; Kosovo, without a value, is hatched
    assert links["Hong Kong: Partly Free, 40 of 100"].find(f"{SVG}circle") is not None
    kosovo = links["Kosovo: Not rated in 2025"].find(f"{SVG}path")
    assert kosovo.get("class") == "map-none" and kosovo.get("fill") == "url(#map-fiw-2025-hatch)"
    # the places the site does not cover: one plain path, hidden, no link
    off = svg.find(f"{SVG}path[@class='map-off']")
    assert off.get("aria-hidden") == "true" and len(off.get("d")) > 40_000
    # Tuvalu has no shape: listed beside the map as a link with its value
    missing = figure.find("p[@class='map-missing']")
    assert [a.text for a in missing.iter("a")] == ["Tuvalu"]
    assert "(Free, 93 of 100)" in "".join(missing.itertext())
    # the data table: every area, its name linked, its value
    rows = figure.findall("details/table/tbody/tr")
    assert [(r.find("th/a").text, r.find("th/a").get("href"), r.find("td").text)
            for r in rows][:2] == [
        ("Germany", "countries/germany/fiw-2025/", "Free, 95 of 100"),
        ("Hong Kong", "countries/hong-kong/fiw-2025/", "Partly Free, 40 of 100")]
    assert len(rows) == 5
    csv = figure.find("a[@class='chart-csv']")
    assert csv.get("download") == "fiw-2025-status.csv"  # the map's title
    assert "Tuvalu,%22Free,%2093%20of%20100%22,Free" in csv.get("href")


def test_links_follow_the_build_style():
    offline = world_map(sample(), lambda t: page_href("rankings/fiw/2025.md", t, False))
    assert 'href="../../countries/germany/fiw-2025.html"' in offline
    assert 'href="../../countries/kosovo/index.html"' in offline


def test_legend_counts_add_up_and_say_it_in_words():
    model = sample()
    counts = legend_counts(model)
    assert [(b.label, n) for b, n in counts] == [("Free", 2), ("Partly Free", 1),
                                                 ("Not Free", 1), ("Not rated", 1)]
    assert sum(n for _, n in counts) == len(model.areas)
    legend = parse(world_map(model, link)).find("ul[@class='map-legend']")
    assert ["".join(li.itertext()) for li in legend] == [
        "Free: 2", "Partly Free: 1", "Not Free: 1", "Not rated: 1", "Not covered by this site"]
    assert all(li.find("span").get("aria-hidden") == "true" for li in legend)


def test_hostile_text_is_escaped():
    evil = '<script>alert("x")</script> & [link](x) *b*'
    model = sample(title=evil, desc=evil, value_header=evil, areas=[
        Area(276, evil, "countries/germany/index.md", evil, "map-s7"),
        Area(798, evil + "2", "countries/tuvalu/index.md", evil, "map-s1")],
        legend=(Bin("map-s7", evil), Bin("map-s1", "low")))
    html = world_map(model, lambda t: '"><script>' + t)
    assert "<script" not in html and 'href="&quot;&gt;&lt;script&gt;' in html
    figure = parse(html)  # still well-formed: nothing broke out of an attribute or element
    label = figure.find(f"{SVG}svg/{SVG}g/{SVG}a").get("aria-label")
    assert label.startswith('<script>alert("x")</script>')  # read back as the text it was
    assert "[link]" not in html and "*b*" not in html  # Markdown-inert


def test_models_are_checked():
    with pytest.raises(ValueError, match="css_class"):
        Area(276, "Germany", "x.md", "Free", "map-s9")
    with pytest.raises(ValueError, match="css_class"):
        Bin("status-high", "Free")
    with pytest.raises(ValueError, match="not in the legend"):
        sample(legend=(Bin("map-s7", "Free"),))
    with pytest.raises(ValueError, match="appears twice"):
        sample(areas=[Area(276, "Germany", "a.md", "1", "map-s7"),
                      Area(276, "Deutschland", "b.md", "2", "map-s7")])
    with pytest.raises(ValueError, match="key"):
        Area(True, "Yes", "a.md", "1", "map-s7")
    with pytest.raises(ValueError, match="key"):
        Area("Not A Slug", "x", "a.md", "1", "map-s7")
    with pytest.raises(ValueError, match="id_prefix"):
        sample(id_prefix="map 2025")
    assert set(CLASSES) == {f"map-s{i}" for i in range(1, 8)} | {"map-none"} | {
        "map-status-high", "map-status-mid", "map-status-low"}


def test_drawing_is_deterministic_and_has_no_blank_line():
    a, b = world_map(sample(), link), world_map(sample(), link)
    assert a == b and "\n\n" not in a and a.startswith('<figure class="chart chart-map">')


def test_draw_takes_a_map_with_its_link_only():
    assert draw(sample(), link=link) == world_map(sample(), link)
    with pytest.raises(ValueError, match="link"):
        draw(sample())
    from generator.pages.charts import Gauge
    with pytest.raises(ValueError, match="world map"):
        draw(Gauge(value=3, lo=0, hi=7, label="x", value_text="3 / 7", id_prefix="g"),
             link=link)


# --- the built site ------------------------------------------------------------------------

SLICE = ("kazakhstan", "germany", "hong-kong", "kosovo", "tuvalu", "nauru", "chechnya")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("map")
    result = build(shipped_slice(tmp, SLICE), tmp / "site", tmp / "work")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def target_of(site: Path, page: Path, href: str) -> Path:
    path = unquote(urlsplit(href).path)
    target = (page.parent / path).resolve()
    return target / "index.html" if href.endswith("/") else target


@pytest.mark.parametrize("page", ["", "rankings/fiw/2025", "rankings/fiw/2004"])
def test_built_pages_show_the_map_with_working_links(site, page):
    html = soup(site, page)
    figures = html.select("figure.chart-map")
    assert len(figures) == 1
    figure = figures[0]
    file = site / page / "index.html"
    labels = {a["aria-label"]: a["href"] for a in figure.select("svg a")}
    names = {label.split(":")[0] for label in labels}
    assert {"Germany", "Kazakhstan", "Hong Kong", "Kosovo", "Nauru"} <= names
    assert "Tuvalu" not in names and "Chechnya" not in names  # no shape
    missing = figure.select_one("p.map-missing")
    if page != "rankings/fiw/2004":  # Tuvalu is rated from 2025's slice only if it has it
        assert "Tuvalu" in [a.get_text() for a in missing.select("a")]
    hrefs = [a["href"] for a in figure.select("a[href]") if not a["href"].startswith(
        ("data:", "#"))]
    assert len(hrefs) >= 2 * len(labels)  # the shapes' links and the table's
    for href in hrefs:
        assert not href.endswith(".md")
        assert target_of(site, file, href).is_file(), href
    # the legend's counts add up to the areas of the table
    counts = [int(li.get_text().rsplit(": ", 1)[1]) for li in figure.select(
        "ul.map-legend li") if ": " in li.get_text()]
    assert sum(counts) == len(figure.select("details.chart-data tbody tr"))


@pytest.fixture(scope="module")
def derived(tmp_path_factory):
    """The slice derived in this process, with its rankings."""
    from generator.model.check import check
    from generator.pages.derive import derive_site
    from generator.pages.rankings import derive_rankings
    checked = check(shipped_slice(tmp_path_factory.mktemp("derived"), SLICE))
    assert not checked.failed(strict=True)
    site = derive_site(checked.content)
    site.rankings = derive_rankings(site)
    return site


def test_edition_maps_by_status_and_only_when_asked(derived):
    from generator.pages.maps import edition_map
    fiw = next(r for r in derived.rankings if r.index.id == "fiw")
    latest = fiw.editions[0]
    assert latest.map is not None and latest.map.id_prefix == "map-fiw-2025"
    assert [(b.css_class, b.label) for b in latest.map.legend][:3] == [
        ("map-status-high", "Free"), ("map-status-mid", "Partly Free"),
        ("map-status-low", "Not Free")]
    # the same colour as each status's tag on the page (rankings.status_classes)
    assert {r.status: r.status_class for r in latest.rows} == {
        b.label: b.css_class.removeprefix("map-") for b in latest.map.legend[:3]
        if any(r.status == b.label for r in latest.rows)}
    # Chechnya, not rated in 2025, has no shape: not an area; Kosovo's area is keyed by slug
    keys = {a.key: a for a in latest.map.areas}
    assert "chechnya" not in keys and keys["kosovo"].target == "countries/kosovo/fiw-2025.md"
    assert keys[276].value.startswith("Free, ") and keys[276].value.endswith(" of 100")
    # an index other than the home page's gets a map from 30 places only
    assert edition_map(latest, derived.countries) is None  # 7 places
    nit = next(r for r in derived.rankings if r.index.id == "nit")
    assert all(e.map is None for e in nit.editions)


def test_an_edition_without_statuses_is_mapped_by_score(derived):
    from dataclasses import replace

    from generator.pages.maps import edition_map
    fiw = next(r for r in derived.rankings if r.index.id == "fiw")
    edition = next(e for e in fiw.editions if e.edition == 2004)
    unstated = replace(edition, rows=[replace(r, status=None) for r in edition.rows])
    model = edition_map(unstated, derived.countries, min_places=1)
    assert [b.label for b in model.legend][:5] == ["80–100", "60–79", "40–59", "20–39", "-4–19"]
    assert [b.css_class for b in model.legend][:5] == [
        "map-s7", "map-s6", "map-s4", "map-s2", "map-s1"]
    germany = next(a for a in model.areas if a.key == 276)
    assert re.fullmatch(r"\d+ of 100", germany.value) and germany.css_class == "map-s7"
    kazakhstan = next(a for a in model.areas if a.key == 398)
    assert kazakhstan.css_class in ("map-s1", "map-s2")
    assert model.value_header == "Score" and "Global Freedom Score in 5 ranges" in model.desc


@pytest.mark.parametrize("lo, hi, decimals, labels", [
    (-4, 100, 0, ["80–100", "60–79", "40–59", "20–39", "-4–19"]),  # FIW's total
    (1, 7, 2, ["6.00–7.00", "4.00–5.99", "2.00–3.99", "1.00–1.99"]),  # NIT's
    (0, 1, 2, ["0.80–1.00", "0.60–0.79", "0.40–0.59", "0.20–0.39", "0.00–0.19"]),
    (0, 40, 0, ["30–40", "20–29", "10–19", "0–9"]),
])
def test_score_ranges_are_round(lo, hi, decimals, labels):
    from types import SimpleNamespace

    from generator.pages.maps import _score_bins
    index = SimpleNamespace(aggregate=SimpleNamespace(
        decimals=decimals, scale=SimpleNamespace(min=lo, max=hi)), higher_is_better=True)
    bins, _ = _score_bins(SimpleNamespace(index=index))
    assert [b.label for b in bins] == labels
    assert bins[0].css_class == "map-s7" and bins[-1].css_class == "map-s1"


def test_every_map_class_has_its_colour_in_both_schemes():
    """A class the drawing may write is filled, keyed in the legend, and given a colour in the
    light and in the dark scheme (map.css)."""
    import re

    css = (Path(__file__).resolve().parents[1] / "templates/assets/map.css").read_text()
    light, dark = css.split("@media screen", 1)
    for cls in CLASSES:
        if cls == "map-none":  # the hatch pattern, in colours of its own
            assert "map-hatch-line" in css and ".map-key.map-none" in css
            continue
        assert re.search(rf"\.chart-map \.{cls} \{{ fill: var\(--{cls}\); \}}", css), cls
        assert f".map-key.{cls} {{ --map-key: var(--{cls}); }}" in css, cls
        assert f"--{cls}:" in light and f"--{cls}:" in dark, cls


def test_status_maps_take_the_tags_colours_up_to_three_statuses():
    from generator.pages.maps import status_map_classes

    three = {"Free": "status-high", "Partly Free": "status-mid", "Not Free": "status-low"}
    assert status_map_classes(three) == {
        "Free": "map-status-high", "Partly Free": "map-status-mid",
        "Not Free": "map-status-low"}
    assert status_map_classes({"Yes": "status-high", "No": "status-low"}) == {
        "Yes": "map-status-high", "No": "map-status-low"}
    five = status_map_classes(dict.fromkeys("ABCDE", "status-mid"))  # NIT's five: one step each
    assert len(set(five.values())) == 5 and five["A"] == "map-s7" and five["E"] == "map-s1"
