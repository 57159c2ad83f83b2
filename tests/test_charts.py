"""Build-time SVG charts: structure, accessibility, stable bytes, escaping, the numbers drawn."""

from __future__ import annotations

import csv
import io
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import markdown
import pytest

from generator.pages.charts import (
    Band,
    Panel,
    Seats,
    Series,
    band_bars,
    gauge,
    hemicycle,
    line_chart,
    small_multiples,
)
from generator.pages.charts._svg import csv_link, nice_ticks, num
from generator.pages.downloads import csv_lines

REPO = Path(__file__).resolve().parents[1]
CSS = REPO / "templates" / "assets" / "charts.css"
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & co'
GSOD = (Band("Low", 0, 0.4, "band-low"), Band("Mid-range", 0.4, 0.7, "band-mid"),
        Band("High", 0.7, 1, "band-high"))
NIT_BANDS = (Band("Consolidated Authoritarian Regime", 1, 2, "band-low"),
             Band("Hybrid Regime", 3, 4, "band-mid"),
             Band("Consolidated Democracy", 5, 7, "band-high"))
CATEGORIES = ["National Democratic Governance", "Electoral Process", "Civil Society",
              "Independent Media", "Local Democratic Governance",
              "Judicial Framework and Independence", "Corruption"]


# --- builders -------------------------------------------------------------------------------

def make_gauge(**kw):
    args = dict(label="Democracy Score", value_text="1.36 / 7", id_prefix="score-nit")
    args.update(kw)
    return gauge(args.pop("value", 1.36), args.pop("lo", 1), args.pop("hi", 7), **args)


def make_line(**kw):
    args = dict(title="Democracy Score over time", desc="The score fell from 1.50 to 1.36.",
                id_prefix="trend", y_min=1, y_max=7, y_label="Score")
    args.update(kw)
    series = args.pop("series", [Series("Democracy Score",
                                        [(2020, 1.5), (2021, 1.43), (2022, None), (2023, 1.36)])])
    return line_chart(series, **args)


def make_multiples(**kw):
    panels = kw.pop("panels", [
        Panel(name, [(2018 + k, round(1 + 0.25 * ((i + k) % 5), 2)) for k in range(7)])
        for i, name in enumerate(CATEGORIES)])
    args = dict(title="NIT categories", desc="Seven category ratings, 2018 to 2024.",
                id_prefix="nit-cats", y_min=1, y_max=7)
    args.update(kw)
    return small_multiples(panels, **args)


def make_bars(**kw):
    items = kw.pop("items", [("Representation", 0.31), ("Rights", 0.42), ("Rule of Law", None),
                             ("Participation", 0.75)])
    args = dict(bands=GSOD, title="GSoD 2024", desc="Four categories.", id_prefix="gsod")
    args.update(kw)
    return band_bars(items, **args)


def make_hemicycle(**kw):
    parties = kw.pop("parties", [Seats("Amanat", 76), Seats("Auyl", 12), Seats("Respublica", 10),
                                 Seats("Ak Zhol", 9)])
    args = dict(title="Mazhilis, 2023", desc="107 seats in four parties.", id_prefix="mazhilis")
    args.update(kw)
    return hemicycle(parties, **args)


FIGURES = {"gauge": make_gauge, "line": make_line, "multiples": make_multiples,
           "bars": make_bars, "hemicycle": make_hemicycle}
ALL = {**FIGURES, "compact": lambda **kw: make_gauge(compact=True, **kw)}


# --- helpers --------------------------------------------------------------------------------

def parse(fragment: str) -> ET.Element:
    return ET.fromstring(f"<root>{fragment}</root>")


def classes(el: ET.Element) -> set[str]:
    return set(el.get("class", "").split())


def svgs(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}svg"))


def main_svg(root: ET.Element) -> ET.Element:
    return svgs(root)[0]


def title_desc(svg: ET.Element) -> tuple[str, str]:
    return svg.find(f"{SVG}title").text, svg.find(f"{SVG}desc").text


def table_rows(root: ET.Element) -> list[list[str]]:
    table = root.find(".//details/table")
    return [["".join(c.itertext()) for c in tr] for tr in table.iter("tr")]


def csv_of(root: ET.Element) -> tuple[str, list[list[str]]]:
    """The figure's CSV link: its file name and its rows, decoded from the data: URI."""
    (link,) = [a for a in root.iter("a") if "chart-csv" in classes(a)]
    head, _, data = link.get("href").partition(",")
    assert head == "data:text/csv;charset=utf-8"
    assert not re.search(r"[^A-Za-z0-9%,._~-]", data), "encoded but for the safe characters"
    return link.get("download"), list(csv.reader(io.StringIO(unquote(data))))


def by_class(root: ET.Element, name: str, tag: str | None = None) -> list[ET.Element]:
    return [e for e in root.iter() if name in classes(e) and (tag is None or e.tag == SVG + tag)]


def rule_segments(root: ET.Element, name: str) -> list[tuple[float, float, float, float]]:
    """The lines of class `name` (the grid, the axis), drawn as one path of level (H) and
    upright (V) lines, as (x1, y1, x2, y2)."""
    out = []
    for path in by_class(root, name, "path"):
        for x, y, turn, to in re.findall(r"M([\d.-]+) ([\d.-]+)([HV])([\d.-]+)", path.get("d")):
            x, y, to = float(x), float(y), float(to)
            out.append((x, y, to, y) if turn == "H" else (x, y, x, to))
    return out


def series_paths(root: ET.Element) -> list[ET.Element]:
    return by_class(root, "line", "path")


def circle_xy(el: ET.Element) -> tuple[float, float]:
    return float(el.get("cx")), float(el.get("cy"))


# --- every chart ----------------------------------------------------------------------------

@pytest.mark.parametrize("kind", FIGURES)
def test_figure_shape_and_data_table(kind):
    out = FIGURES[kind]()
    assert out.startswith(f'<figure class="chart chart-{kind}"')
    root = parse(out)
    figure = root[0]
    assert figure.tag == "figure" and len(root) == 1
    assert figure[0].tag == "figcaption" and figure[0].text
    details = figure.find("details")
    assert details.get("class") == "chart-data"
    assert details[0].tag == "summary" and details[0].text == "Data"
    table = details.find("table")
    assert table.find("caption").text == figure[0].text
    heads = table.findall("thead/tr/th")
    assert heads and all(th.get("scope") == "col" for th in heads)
    body = table.findall("tbody/tr")
    assert body and all(tr[0].tag == "th" and tr[0].get("scope") == "row" for tr in body)


@pytest.mark.parametrize("kind", FIGURES)
def test_every_svg_is_accessible_and_sized_by_viewbox(kind):
    out = FIGURES[kind]()
    root = parse(out)
    found = svgs(root)
    assert found
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    for svg in found:
        assert svg.get("role") == "img"
        assert re.fullmatch(r"0 0 \d+(\.\d+)? \d+(\.\d+)?", svg.get("viewBox"))
        assert svg.get("width") is None and svg.get("height") is None and svg.get("style") is None
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert list(svg)[:2] == [title, desc]
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert title.text.strip() and desc.text.strip()


@pytest.mark.parametrize("kind", ALL)
def test_output_has_no_blank_line_and_stable_bytes(kind):
    first, second = ALL[kind](), ALL[kind]()
    assert first == second
    assert not re.search(r"\n[ \t]*\n", first) and first == first.strip()
    assert first.startswith("<span" if kind == "compact" else "<figure")


@pytest.mark.parametrize("kind", FIGURES)
def test_ids_come_from_the_prefix_only(kind):
    a, b = FIGURES[kind](id_prefix="first-chart"), FIGURES[kind](id_prefix="other")
    ids_a = {e.get("id") for e in parse(a).iter() if e.get("id")}
    ids_b = {e.get("id") for e in parse(b).iter() if e.get("id")}
    assert ids_a and all(i.startswith("first-chart-") for i in ids_a)
    assert ids_b and all(i.startswith("other-") for i in ids_b)
    assert a.replace("first-chart", "other") == b


@pytest.mark.parametrize("kind", ALL)
def test_no_colours_or_long_decimals_in_markup(kind):
    out = ALL[kind]()
    assert not re.search(r"(?<!&)#[0-9a-fA-F]{3,8}\b|rgba?\(|hsla?\(", out)
    # the compact gauge's spans are placed by style (left, width in percent), nothing else
    styles = re.findall(r'style="([^"]*)"', out)
    assert all(re.fullmatch(r"(left:\d+(\.\d{1,2})?%;)?width:\d+(\.\d{1,2})?%", v)
               for v in styles), styles
    assert kind == "compact" or not styles
    for name, value in re.findall(r'\s(fill|stroke)="([^"]*)"', out):
        assert value in ("none", "currentColor"), (name, value)
    numbers = re.findall(r'(?:x|y|x1|x2|y1|y2|cx|cy|r|width|height|d|viewBox)="([^"]*)"', out)
    assert numbers or styles
    for value in numbers:
        assert not re.search(r"\d\.\d{3}", value), value


@pytest.mark.parametrize("kind", ALL)
def test_bad_id_prefix_is_refused(kind):
    with pytest.raises(ValueError, match="id_prefix"):
        ALL[kind](id_prefix='x" onload="alert(1)')


def test_output_identical_in_a_fresh_interpreter_with_another_hash_seed():
    code = ("from tests.test_charts import ALL\n"
            "print('\\n'.join(f() for f in ALL.values()), end='')")
    outs = []
    for seed in ("1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outs.append(subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, check=True,
                                   capture_output=True, text=True).stdout)
    assert outs[0] == outs[1] == "\n".join(f() for f in ALL.values())


def test_markdown_keeps_each_chart_as_a_raw_block():
    extensions = ["admonition", "attr_list", "tables", "toc"]
    for make in FIGURES.values():
        chart = make()
        html = markdown.markdown(f"# Page\n\nBefore.\n\n{chart}\n\nAfter.\n", extensions=extensions)
        assert chart in html
    inline = make_gauge(label="Rule_of *law* [x]", compact=True)
    table = f"| Category | Rating |\n| --- | --- |\n| Rule of law | {inline} |\n"
    html = markdown.markdown(table, extensions=extensions)
    assert inline in html


@pytest.mark.parametrize("kind", FIGURES)
def test_hostile_text_is_escaped(kind):
    builders = {
        "gauge": lambda: make_gauge(label=HOSTILE, value_text=HOSTILE),
        "line": lambda: make_line(title=HOSTILE, desc=HOSTILE, y_label=HOSTILE, series=[
            Series(HOSTILE, [(2020, 2.0)]), Series("Other", [(2020, 3.0)])]),
        "multiples": lambda: make_multiples(title=HOSTILE, desc=HOSTILE,
                                            panels=[Panel(HOSTILE, [(2020, 2.0)])]),
        "bars": lambda: make_bars(title=HOSTILE, desc=HOSTILE, items=[(HOSTILE, 0.5)]),
        "hemicycle": lambda: make_hemicycle(title=HOSTILE, desc=HOSTILE,
                                            parties=[Seats(HOSTILE, 3)]),
    }
    out = builders[kind]()
    root = parse(out)
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert "<script" not in out and "&lt;script&gt;" in out
    texts = "".join(root.itertext())
    assert '<script>alert("x")</script> & co' in texts


def test_whitespace_in_text_cannot_make_a_blank_line():
    out = make_line(title="Two\n\nparagraphs", desc="a\n\n\nb",
                    series=[Series("x\n\ny", [(2020, 2)])])
    assert "\n\n" not in out
    assert title_desc(main_svg(parse(out))) == ("Two paragraphs", "a b")


# --- gauge ----------------------------------------------------------------------------------

def test_gauge_title_desc_and_table():
    root = parse(make_gauge())
    assert title_desc(main_svg(root)) == (
        "Democracy Score", "Democracy Score: 1.36 on a scale from 1 to 7 (7 is best)")
    assert table_rows(root) == [["Measure", "Value", "Scale"],
                                ["Democracy Score", "1.36 / 7", "1 to 7 (7 is best)"]]
    assert "1.36 / 7" in [t.text for t in main_svg(root).iter(f"{SVG}text")]


def test_gauge_without_table_keeps_its_name_and_description():
    """A report page's headline gauges leave the data table to the page's own table."""
    root = parse(make_gauge(table=False))
    assert title_desc(main_svg(root)) == (
        "Democracy Score", "Democracy Score: 1.36 on a scale from 1 to 7 (7 is best)")
    assert root.find(".//details") is None and root.find(".//table") is None
    assert "1.36 / 7" in [t.text for t in main_svg(root).iter(f"{SVG}text")]


def test_gauge_lower_is_better_and_bands():
    root = parse(make_gauge(value=1.75, higher_is_better=False, bands=NIT_BANDS))
    _, desc = title_desc(main_svg(root))
    assert desc == ("Democracy Score: 1.75 on a scale from 1 to 7 (1 is best), in the band "
                    "Consolidated Authoritarian Regime (1 to 2)")
    assert table_rows(root)[1][-1] == "Consolidated Authoritarian Regime"
    labels = [t.text for t in main_svg(root).iter(f"{SVG}text")]
    assert "1 (best)" in labels and "7" in labels
    assert len(by_class(root, "gauge-band", "rect")) == 3


@pytest.mark.parametrize("value, lo, hi", [(1.36, 1, 7), (5.95, 0, 100), (0.53, 0, 1),
                                           (7, 1, 7), (1, 1, 7), (4.2, 1, 7)])
def test_gauge_fill_is_proportional(value, lo, hi):
    root = parse(make_gauge(value=value, lo=lo, hi=hi))
    (track,) = by_class(root, "gauge-track", "rect")
    (fill,) = by_class(root, "gauge-fill", "rect")
    assert fill.get("x") == track.get("x")
    share = float(fill.get("width")) / float(track.get("width"))
    assert share == pytest.approx((value - lo) / (hi - lo), abs=0.0001)


def test_gauge_value_off_scale_is_refused():
    with pytest.raises(ValueError, match="outside the scale"):
        make_gauge(value=7.5)
    with pytest.raises(ValueError, match="hi must be above lo"):
        make_gauge(lo=7, hi=1)


def _percent(style: str, name: str) -> float:
    return float(re.search(rf"(?:^|;){name}:([\d.]+)%", style).group(1))


@pytest.mark.parametrize("value, lo, hi", [(1.36, 1, 7), (5.95, 0, 100), (0.53, 0, 1),
                                           (7, 1, 7), (1, 1, 7), (4.2, 1, 7)])
def test_compact_gauge_fill_is_its_share_of_the_scale(value, lo, hi):
    root = parse(make_gauge(value=value, lo=lo, hi=hi, compact=True))
    (fill,) = by_class(root, "gauge-fill")
    assert _percent(fill.get("style"), "width") == pytest.approx(
        100 * (value - lo) / (hi - lo), abs=0.005)


def test_compact_gauge_is_the_bar_alone_hidden_from_assistive_technology():
    """The compact gauge stands beside the rating written out: no text of its own, no ids, no
    SVG (charts.css draws its spans)."""
    out = make_gauge(label=HOSTILE, value_text="1.36 / 7", compact=True)
    assert out.startswith('<span class="gauge-inline" aria-hidden="true">')
    assert out.endswith("</span>") and "\n" not in out and "|" not in out
    root = parse(out)
    assert svgs(root) == [] and len(out) <= 110, out
    assert "".join(root.itertext()) == "" and "script" not in out and "1.36" not in out
    assert not [e for e in root.iter() if e.get("id") or e.get("role")]
    (gauge,) = list(root)
    assert [e.get("class") for e in gauge] == ["gauge-fill"]


def test_compact_gauge_draws_the_index_bands():
    bands = [Band("Low", 1, 3, "band-low"), Band("High", 3, 7, "band-high")]
    root = parse(make_gauge(compact=True, bands=bands))
    drawn = by_class(root, "gauge-band")
    assert [classes(r) for r in drawn] == [{"gauge-band", "band-low"}, {"gauge-band", "band-high"}]
    assert [_percent(r.get("style"), "left") for r in drawn] == pytest.approx([0, 100 / 3],
                                                                              abs=0.005)
    assert sum(_percent(r.get("style"), "width") for r in drawn) == pytest.approx(100, abs=0.01)
    # the fill comes last, over the bands
    assert list(list(root)[0])[-1].get("class") == "gauge-fill"


# --- line chart -----------------------------------------------------------------------------

def plot_geometry(root):
    """(y pixel of y_min, x of each labelled year) read from the axis and tick labels."""
    svg = main_svg(root)
    (axis,) = [seg for seg in rule_segments(svg, "axis") if seg[1] == seg[3]]
    years = {int(t.text): float(t.get("x")) for g in by_class(svg, "tick-label", "g")
             if g.get("text-anchor") == "middle" for t in g.iter(f"{SVG}text")}
    return axis[1], years


def test_line_gap_is_not_drawn_as_zero():
    root = parse(make_line(y_min=0, y_max=7))
    (group,) = by_class(root, "series", "g")
    markers = group.findall(f"{SVG}circle")
    paths = group.findall(f"{SVG}path")
    assert len(markers) == 3  # 2020, 2021, 2023; nothing for 2022
    baseline, years = plot_geometry(root)
    xs = [circle_xy(m)[0] for m in markers]
    assert xs == [years[2020], years[2021], years[2023]]
    assert all(circle_xy(m)[1] < baseline for m in markers)
    assert len(paths) == 1  # 2020-2021; 2023 stands alone after the gap
    assert str(years[2022]) not in paths[0].get("d")
    assert table_rows(root)[1:] == [["2020", "1.50"], ["2021", "1.43"], ["2022", "no data"],
                                    ["2023", "1.36"]]


def test_line_points_given_out_of_order_are_drawn_in_year_order():
    ordered = make_line(series=[Series("s", [(2020, 1.5), (2021, 2.0), (2023, 3.0)])])
    shuffled = make_line(series=[Series("s", [(2023, 3.0), (2020, 1.5), (2021, 2.0)])])
    assert shuffled == ordered
    (path,) = series_paths(parse(shuffled))
    xs = [float(x) for x in re.findall(r"[ML]([\d.]+) ", path.get("d"))]
    assert xs == sorted(xs) and len(xs) == 3


def test_line_values_map_linearly_onto_the_y_scale():
    root = parse(make_line(series=[Series("s", [(2000, 1.0), (2001, 4.0), (2002, 7.0)])]))
    ys = [circle_xy(m)[1] for m in by_class(root, "series", "g")[0].findall(f"{SVG}circle")]
    assert ys[0] > ys[1] > ys[2]
    assert ys[0] - ys[1] == pytest.approx(ys[1] - ys[2], abs=0.02)
    grid = sorted(seg[1] for seg in rule_segments(root, "grid"))
    assert grid[0] == pytest.approx(ys[2]) and grid[-1] == pytest.approx(ys[0])


def test_line_single_point_draws_a_marker_and_its_value():
    root = parse(make_line(series=[Series("Only", [(2020, 3.5)])]))
    (group,) = by_class(root, "series", "g")
    assert len(group.findall(f"{SVG}circle")) == 1 and not group.findall(f"{SVG}path")
    assert [t.text for t in by_class(root, "value-label", "text")] == ["3.5"]


def test_line_thirty_years_thins_labels_and_keeps_every_row():
    series = [Series("A", [(y, 0.3 + 0.01 * (y % 7)) for y in range(1995, 2025)]),
              Series("B", [(y, 0.6) for y in range(1995, 2025)])]
    root = parse(make_line(series=series, y_min=0, y_max=1, bands=GSOD))
    _, years = plot_geometry(root)
    assert 3 <= len(years) <= 12 and all(y % 5 == 0 for y in years)
    assert len(table_rows(root)) == 31
    groups = by_class(root, "series", "g")
    assert [len(list(g)) for g in groups] == [31, 31]  # one path and 30 markers each
    assert {e.text for e in by_class(root, "band-label", "text")} == {"Low", "Mid-range", "High"}
    band_rects = by_class(root, "band", "rect")
    assert [sorted(classes(r))[1] for r in band_rects] == ["band-low", "band-mid", "band-high"]


def _outline(d: str) -> tuple:
    """A path's vertices relative to its first one: the shape, wherever it is drawn."""
    pts = [(float(a), float(b)) for a, b in re.findall(r"([\d.-]+) ([\d.-]+)", d)]
    return tuple((round(x - pts[0][0]), round(y - pts[0][1])) for x, y in pts)


def test_line_series_differ_by_shape_and_dash_and_have_a_legend():
    names = [f"S{i}" for i in range(6)]
    series = [Series(n, [(2020, 1 + i), (2021, 1.5 + i)]) for i, n in enumerate(names)]
    root = parse(make_line(series=series))
    groups = by_class(root, "series", "g")
    shapes = set()
    for g in groups:
        first = [e for e in g if "marker" in classes(e)][0]
        path = [e for e in g if "line" in classes(e)][0]
        shapes.add((first.tag, _outline(first.get("d", "")), path.get("stroke-dasharray")))
    assert len({s[:2] for s in shapes}) == 6  # six marker shapes
    assert len({s[2] for s in shapes}) == 4  # four dash patterns (solid, then three dashed)
    (legend,) = by_class(root, "legend", "g")
    assert [t.text for t in legend.iter(f"{SVG}text")] == names
    values = [t.text for t in by_class(root, "value-label", "text")]
    assert values == ["1.5", "2.5", "3.5", "4.5", "5.5", "6.5"]  # as many decimals as needed
    assert table_rows(root)[0] == ["Year", *names]


def test_one_series_has_no_legend():
    assert not by_class(parse(make_line()), "legend", "g")


def test_end_labels_do_not_overlap():
    series = [Series(n, [(2020, 0.50 + d)]) for n, d in (("a", 0), ("b", 0.001), ("c", 0.002))]
    root = parse(make_line(series=series, y_min=0, y_max=1))
    ys = sorted(float(t.get("y")) for t in by_class(root, "value-label", "text"))
    assert all(b - a >= 13 - 1e-6 for a, b in zip(ys, ys[1:]))


def test_line_value_off_scale_or_empty_is_refused():
    with pytest.raises(ValueError, match="outside the scale"):
        make_line(series=[Series("s", [(2020, 8)])])
    with pytest.raises(ValueError, match="no points"):
        make_line(series=[Series("s", [])])
    with pytest.raises(ValueError, match="appears twice"):
        Series("s", [(2020, 1), (2020, 2)])


# --- small multiples ------------------------------------------------------------------------

def test_small_multiples_panels_titles_and_shared_scale():
    root = parse(make_multiples())
    figure = root[0]
    found = svgs(root)
    assert [title_desc(s)[0] for s in found] == CATEGORIES
    assert figure.get("aria-labelledby") == "nit-cats-title"
    assert figure.find("figcaption").get("id") == "nit-cats-title"
    desc = [e for e in figure.iter("p") if e.get("id") == "nit-cats-desc"]
    assert desc[0].text == "Seven category ratings, 2018 to 2024."
    # Same value, same height, in every panel: the y-scale is shared.
    first_values = [round(1 + 0.25 * (i % 5), 2) for i in range(7)]
    by_value = {}
    for svg, v in zip(found, first_values):
        by_value.setdefault(v, set()).add(next(svg.iter(f"{SVG}circle")).get("cy"))
    assert all(len(cys) == 1 for cys in by_value.values()) and len(by_value) == 5


def test_small_multiples_table_has_years_as_rows_and_panels_as_columns():
    panels = [Panel("Electoral Process", [(2019, 1.25), (2020, None), (2021, 1.0)]),
              Panel("Civil Society", [(2020, 1.75), (2021, 1.5)])]
    root = parse(make_multiples(panels=panels))
    assert table_rows(root) == [["Year", "Electoral Process", "Civil Society"],
                                ["2019", "1.25", "no data"], ["2020", "no data", "1.75"],
                                ["2021", "1.00", "1.50"]]
    first, second = svgs(root)
    assert len(list(first.iter(f"{SVG}circle"))) == 2 and not series_paths(first)
    assert title_desc(first)[1] == (
        "Electoral Process: from 1.25 in 2019 to 1.00 in 2021, on a scale from 1 to 7;"
        " lowest 1.00, highest 1.25; no data for 2020")
    # Shared x-range: 2020 sits at the same x in both panels.
    x_first = sorted(float(c.get("cx")) for c in first.iter(f"{SVG}circle"))
    x_second = sorted(float(c.get("cx")) for c in second.iter(f"{SVG}circle"))
    assert x_first[-1] == x_second[-1] and x_second[0] > x_first[0]


def test_small_multiples_panel_without_data_says_so():
    panels = [Panel("Empty", [(2020, None)]), Panel("Full", [(2020, 2)])]
    root = parse(make_multiples(panels=panels))
    empty = svgs(root)[0]
    assert not list(empty.iter(f"{SVG}circle"))
    assert [t.text for t in empty.iter(f"{SVG}text") if "no-data" in classes(t)] == ["no data"]


# --- band bars ------------------------------------------------------------------------------

def test_band_bars_widths_none_and_table():
    root = parse(make_bars())
    items = by_class(root, "item", "g")
    assert len(items) == 4
    bars = [g.find(f"{SVG}rect") for g in items]
    assert bars[2] is None  # Rule of Law has no value: no bar at all
    assert [t.text for t in items[2].iter(f"{SVG}text") if "no-data" in classes(t)] == ["no data"]
    widths = {i: float(b.get("width")) for i, b in enumerate(bars) if b is not None}
    assert all(w > 0 for w in widths.values())
    bands = by_class(root, "band", "rect")
    full = sum(float(b.get("width")) for b in bands)
    assert widths[0] / full == pytest.approx(0.31, abs=1e-3)
    assert widths[3] / full == pytest.approx(0.75, abs=1e-3)
    assert [sorted(classes(b) - {"band"})[0] for b in bands] == [
        "band-low", "band-mid", "band-high"]
    assert table_rows(root) == [["Item", "Value", "Band"], ["Representation", "0.31", "Low"],
                                ["Rights", "0.42", "Mid-range"], ["Rule of Law", "no data", ""],
                                ["Participation", "0.75", "High"]]


def test_band_bars_refuses_values_off_scale():
    with pytest.raises(ValueError, match="outside"):
        make_bars(items=[("x", 1.2)])


# --- hemicycle ------------------------------------------------------------------------------

def seat_circles(root):
    out = {}
    for g in by_class(root, "seats", "g"):
        (cls,) = classes(g) - {"seats"}
        out[cls] = [circle_xy(c) for c in g.findall(f"{SVG}circle")]
    return out


@pytest.mark.parametrize("seats, total", [
    ([76, 12, 10, 9], None),
    ([180, 90, 60, 40, 30, 20, 10, 5, 4, 3, 2, 1], 450),
    ([3, 1], 5),
    ([1], None),
    ([0, 200], 301),
])
def test_hemicycle_draws_one_circle_per_seat(seats, total):
    parties = [Seats(f"Party {i}", n) for i, n in enumerate(seats)]
    root = parse(make_hemicycle(parties=parties, total=total))
    drawn = seat_circles(root)
    expected = {f"party-{i}": n for i, n in enumerate(seats) if n}
    vacant = (total or sum(seats)) - sum(seats)
    if vacant:
        expected["seat-vacant"] = vacant
    assert {k: len(v) for k, v in drawn.items()} == expected
    everything = [xy for v in drawn.values() for xy in v]
    assert len(everything) == (total or sum(seats))
    radius = float(by_class(root, "seats", "g")[0].find(f"{SVG}circle").get("r"))
    closest = min((math.dist(a, b) for i, a in enumerate(everything) for b in everything[i + 1:]),
                  default=math.inf)
    assert closest >= 2 * radius  # no two seats overlap


def test_hemicycle_parties_run_left_to_right_in_order():
    root = parse(make_hemicycle())
    drawn = seat_circles(root)
    centres = [sum(x for x, _ in drawn[f"party-{i}"]) / len(drawn[f"party-{i}"]) for i in range(4)]
    assert centres == sorted(centres)
    leftmost = min(x for v in drawn.values() for x, _ in v)
    assert min(x for x, _ in drawn["party-0"]) == leftmost


def test_hemicycle_legend_table_zero_seat_party_and_vacant():
    parties = [Seats("Amanat", 76), Seats("Green", 0), Seats("Auyl", 12, css_class="party-7")]
    root = parse(make_hemicycle(parties=parties, total=98))
    drawn = seat_circles(root)
    assert set(drawn) == {"party-0", "party-7", "seat-vacant"}
    assert len(drawn["seat-vacant"]) == 10
    (legend,) = by_class(root, "legend", "g")
    assert [t.text for t in legend.iter(f"{SVG}text")] == [
        "Amanat (76)", "Green (0)", "Auyl (12)", "Vacant or other (10)"]
    swatches = [sorted(classes(c) - {"swatch"})[0] for c in legend.iter(f"{SVG}circle")]
    assert swatches == ["party-0", "party-1", "party-7", "seat-vacant"]
    assert table_rows(root) == [["Party", "Seats", "Share"], ["Amanat", "76", "77.6%"],
                                ["Green", "0", "0.0%"], ["Auyl", "12", "12.2%"],
                                ["Vacant or other", "10", "10.2%"], ["Total", "98", "100.0%"]]
    assert [t.text for t in by_class(root, "hemicycle-total", "text")] == ["98"]


def test_hemicycle_refuses_too_small_total():
    with pytest.raises(ValueError, match="total"):
        make_hemicycle(total=100)
    with pytest.raises(ValueError, match="seats must be an int"):
        Seats("x", -1)


# --- helpers and stylesheet -----------------------------------------------------------------

def test_num_and_ticks():
    assert [num(v) for v in (3.14159, 2.0, 1.5, -0.001, 0.005, 120)] == [
        "3.14", "2", "1.5", "0", "0.01", "120"]
    assert nice_ticks(1, 7) == [1, 2, 3, 4, 5, 6, 7]
    assert nice_ticks(0, 1) == [0, 0.2, 0.4, 0.6, 0.8, 1]
    assert nice_ticks(0, 100) == [0, 20, 40, 60, 80, 100]


def _hex_rgb(value: str) -> tuple[float, float, float]:
    return tuple(int(value[i:i + 2], 16) / 255 for i in (1, 3, 5))


def _contrast(a, b) -> float:
    def lum(c):
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_css_styles_every_class_the_charts_use():
    css = CSS.read_text()
    outs = [f() for f in ALL.values()] + [
        make_line(bands=GSOD, y_min=0, y_max=1,
                  series=[Series(str(i), [(2020, 0.5)]) for i in range(6)]),
        make_gauge(bands=NIT_BANDS),
        make_hemicycle(parties=[Seats(str(i), 1) for i in range(12)], total=13)]
    used = set()
    for out in outs:
        for value in re.findall(r'class="([^"]*)"', out):
            used.update(value.split())
    missing = sorted(c for c in used if not re.search(rf"\.{re.escape(c)}\b", css))
    # Classes that are hooks for structure only, styled through their parents or not at all.
    assert set(missing) <= {"series", "legend", "labels", "item", "chart", "item-label",
                            "legend-label", "seats", "swatch", "chart-panel", "chart-multiples"}
    for name in ("series-0", "series-5", "party-0", "party-11", "band-high", "band-mid",
                 "band-low", "gauge-fill", "axis", "grid", "seat-vacant"):
        assert f".{name}" in css


def test_css_palette_meets_contrast_in_both_schemes():
    css = CSS.read_text()
    light = css[css.index(":root,"):css.index("@media screen")]
    dark = css[css.index('[data-md-color-scheme="slate"]'):css.index("/* Material's text")]
    white, slate_bg = (1.0, 1.0, 1.0), _hex_rgb("#1e2129")
    light_colours = re.findall(r"--chart-[sp]\d+: (#[0-9a-f]{6});", light)
    dark_colours = re.findall(r"--chart-[sp]\d+: (#[0-9a-f]{6});", dark)
    assert len(light_colours) == len(dark_colours) == 11
    assert all(_contrast(_hex_rgb(c), white) >= 4.5 for c in light_colours)
    assert all(_contrast(_hex_rgb(c), slate_bg) >= 4.5 for c in dark_colours)
    assert "var(--md-primary-fg-color" in light and "var(--md-accent-fg-color" in dark
    assert "@media print" in css and "::details-content" in css


def test_rules_draw_level_and_upright_lines_as_one_path():
    from generator.pages.charts._svg import rules
    assert rules([(1, 2.5, 30, 2.5), (4, 0, 4, 10.126)], "grid") == \
        '<path d="M1 2.5H30M4 0V10.13" class="grid"/>'
    assert rules([], "grid") == ""
    with pytest.raises(ValueError, match="neither level nor upright"):
        rules([(0, 0, 3, 4)], "axis")


def test_text_group_carries_class_and_anchor_for_its_texts():
    from generator.pages.charts._svg import text_group
    assert text_group([(1, 2.5, "0"), (3, 4, "<5>")], "tick-label", "end") == (
        '<g class="tick-label" text-anchor="end">\n'
        '<text x="1" y="2.5">0</text>\n<text x="3" y="4">&lt;5&gt;</text>\n</g>')
    assert text_group([], "tick-label", "end") == ""


# --- CSV downloads --------------------------------------------------------------------------

@pytest.mark.parametrize("kind", FIGURES)
def test_every_figure_links_its_figures_as_csv_named_for_the_chart(kind):
    root = parse(FIGURES[kind](id_prefix="kz-chart"))
    figure = root[0]
    name, rows = csv_of(root)
    # named for what it holds: the chart's title in letters, digits and dashes
    expected = {"gauge": "democracy-score.csv", "line": "democracy-score-over-time.csv",
                "multiples": "nit-categories.csv", "bars": "gsod-2024.csv",
                "hemicycle": "mazhilis-2023.csv"}
    assert name == expected[kind]
    link = figure.find("a")
    assert link.text == "Data as CSV" and list(figure).index(link) == len(figure) - 1
    # a screen reader hears which chart the link belongs to: its name, an element of the figure
    named = [e for e in root.iter() if e.get("id") == link.get("aria-describedby")]
    assert named and "".join(named[0].itertext()) == figure[0].text
    table = table_rows(root)
    assert len(rows) == len(table) and [r[0] for r in rows[1:]] == [r[0] for r in table[1:]]
    # the gauge's CSV splits its scale into numbers, the hemicycle's leaves the shares out (below)
    if kind not in ("gauge", "hemicycle"):
        assert rows[0] == table[0]


def test_csv_holds_the_figures_as_drawn_and_a_gap_as_an_empty_cell():
    series = [Series("PR", [(2020, 6.0), (2021, 7.0)]),
              Series("CL", [(2020, 5.5), (2021, None), (2022, 1.357)])]
    _, rows = csv_of(parse(make_line(series=series)))
    assert rows == [["Year", "PR", "CL"], ["2020", "6", "5.5"], ["2021", "7", ""],
                    ["2022", "", "1.357"]]
    table = table_rows(parse(make_line(series=series)))
    assert table[3] == ["2022", "no data", "1.36"]  # the table writes it as the chart labels it
    _, rows = csv_of(parse(make_multiples(panels=[Panel("A", [(2020, 1.25), (2021, None)]),
                                                   Panel("B", [(2021, 3.0)])])))
    assert rows == [["Year", "A", "B"], ["2020", "1.25", ""], ["2021", "", "3"]]
    _, rows = csv_of(parse(make_bars()))
    assert rows == [["Item", "Value", "Band"], ["Representation", "0.31", "Low"],
                    ["Rights", "0.42", "Mid-range"], ["Rule of Law", "", ""],
                    ["Participation", "0.75", "High"]]
    _, rows = csv_of(parse(make_hemicycle(total=110)))
    assert rows == [["Party", "Seats"], ["Amanat", "76"], ["Auyl", "12"], ["Respublica", "10"],
                    ["Ak Zhol", "9"], ["Vacant or other", "3"], ["Total", "110"]]
    _, rows = csv_of(parse(make_gauge(value=1.75, higher_is_better=False, bands=NIT_BANDS)))
    assert rows == [["Measure", "Value", "Scale from", "Scale to", "Best", "Band"],
                    ["Democracy Score", "1.75", "1", "7", "1",
                     "Consolidated Authoritarian Regime"]]


def test_a_strip_is_a_column_of_the_csv():
    from generator.pages.charts import Strip
    strip = Strip("Status", ((2020, "Not Free", "band-low"), (2021, "Partly Free", "band-mid")),
                  (("Partly Free", "band-mid"), ("Not Free", "band-low")))
    _, rows = csv_of(parse(make_line(strip=strip)))
    assert rows[0] == ["Year", "Democracy Score", "Status"]
    assert rows[1:3] == [["2020", "1.5", "Not Free"], ["2021", "1.43", "Partly Free"]]
    assert rows[4] == ["2023", "1.36", ""]


def test_csv_text_is_quoted_guarded_and_cannot_leave_the_attribute():
    hostile = ['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', 'a, "b"\r\nc', HOSTILE,
               "# 50% & more"]
    out = make_bars(items=[(name, 0.5) for name in hostile])
    root = parse(out)
    _, rows = csv_of(root)
    assert [r[0] for r in rows[1:]] == ["'" + h for h in hostile[:4]] + hostile[4:]
    assert "<script" not in out
    # the bytes are downloads.csv_lines', header and rows, percent-encoded
    link = [a for a in root.iter("a") if "chart-csv" in classes(a)][0]
    expected = csv_lines([["Item", "Value", "Band"], *([h, 0.5, "Mid-range"] for h in hostile)])
    assert unquote(link.get("href").partition(",")[2]).encode() == expected


def test_no_csv_without_a_data_table():
    """A gauge without its table (beside a table of figures) or compact has no CSV either."""
    assert "chart-csv" not in make_gauge(table=False)
    assert "chart-csv" not in make_gauge(compact=True)


def test_csv_link_refuses_a_file_name_that_is_not_one():
    assert 'download="history-fiw.csv"' in csv_link("history-fiw.csv", ["A"], [[1]])
    for bad in ("x.txt", "../x.csv", 'a".csv', ".csv", "a b.csv"):
        with pytest.raises(ValueError, match="csv_link"):
            csv_link(bad, ["A"], [[1]])


def test_csv_adds_little_to_a_chart():
    """The CSV is the chart's numbers once more, not its markup: under a fifth of the figure."""
    series = [Series(name, [(2003 + k, float(1 + (k + i) % 7)) for k in range(23)])
              for i, name in enumerate(["Political Rights", "Civil Liberties"])]
    out = make_line(series=series)
    link = re.search(r'<a class="chart-csv".*?</a>', out).group()
    assert len(link) < len(out) / 5


def test_csv_file_names_come_from_titles_in_ascii_or_the_chart_id():
    from generator.pages.charts._svg import csv_file_name

    assert csv_file_name("Côte d’Ivoire: Global Freedom Score, 2003 to 2025", "x") == \
        "cote-divoire-global-freedom-score-2003-to-2025.csv"
    assert csv_file_name("<script>alert(1)</script>", "x") == "script-alert-1-script.csv"
    assert csv_file_name("中国", "history-fiw") == "history-fiw.csv"
    assert len(csv_file_name("a " * 200, "x")) <= 104


def test_each_series_is_labelled_with_its_own_decimals():
    """A median of 4.5 beside whole scores: the scores stay whole in the labels and the table."""
    root = parse(make_line(series=[Series("Germany", [(2024, 5), (2025, 6)]),
                                   Series("Europe median", [(2024, 4.5), (2025, 5)])]))
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "value-label"]
    assert sorted(labels) == ["5.0", "6"]
    assert table_rows(root)[1:] == [["2024", "5", "4.5"], ["2025", "6", "5.0"]]


def test_a_report_pages_gauges_share_one_csv_of_the_figures_they_draw():
    from urllib.parse import unquote

    from generator.pages.charts import Gauge
    from generator.pages.figures import gauges_csv

    assert gauges_csv([], "Ruritania NIT 2022") == ""
    bands = (Band("Low", 0, 50, "band-low"), Band("High", 50, 100, "band-high"))
    line = gauges_csv([Gauge(5.95, 0, 100, "Democracy Percentage", "5.95 / 100", "g1", True,
                             bands),
                       Gauge(2.5, 1, 7, "=Rank", "2.5 / 7", "g2", False)], "Ruritania NIT 2022")
    assert 'download="ruritania-nit-2022-figures.csv"' in line
    assert line.startswith('<p class="chart-csv-line">') and line.endswith("</p>")
    text = unquote(line.split('href="data:text/csv;charset=utf-8,', 1)[1].split('"', 1)[0])
    assert text.splitlines() == ["Measure,Value,Scale from,Scale to,Best,Band",
                                 "Democracy Percentage,5.95,0,100,100,Low",
                                 "'=Rank,2.5,1,7,1,"]  # formula guarded; lower is better: 1 best
