"""Derive computes every figure a page shows, once; validate compares the stated figures with
the same computation; templates receive the figures' models and only draw them."""

from __future__ import annotations

from fractions import Fraction

import pytest
from jinja2 import nodes

from generator.model.scoring import Recomputed, recompute
from generator.pages.charts import (
    Band,
    BandBars,
    Gauge,
    Hemicycle,
    LineChart,
    Panel,
    Seats,
    Series,
    SmallMultiples,
    gauge,
    hemicycle,
    line_chart,
)
from generator.pages.derive import derive_site
from generator.pages.derive_figures import panel_title
from generator.pages.figures import draw
from generator.pages.render import make_environment
from generator.model.check import check
from generator.tools.sample import write_sample

from .conftest import NIT_REPORT, REPO, country_files, write_content


def derived(tmp_path, report: str = NIT_REPORT):
    checked = check(write_content(tmp_path, country_files(report)), "content")
    return checked, derive_site(checked.content)


def test_report_carries_its_gauges_and_headline(tmp_path):
    _, site = derived(tmp_path)
    (view,) = site.countries[0].reports
    assert view.gauges == [
        Gauge(5.95, 0, 100, "Democracy Percentage", "5.95 / 100", "gauge-nit-percentage"),
        Gauge(1.36, 1, 7, "Democracy Score", "1.36 / 7", "gauge-nit-aggregate", True),
    ]
    h = view.headline
    assert (h.index.id, h.edition, h.name, h.value, h.out_of, h.status, h.path) == (
        "nit", 2022, "Democracy Score", "1.36", "7", "Consolidated Authoritarian Regime",
        "countries/ruritania/nit-2022.md")
    by_id = {c.id: c for c in view.categories}
    assert by_id["local-democratic-governance"].gauge == Gauge(
        1.75, 1, 7, "Local Democratic Governance", "1.75 / 7",
        "gauge-local-democratic-governance", True, ())
    # equal gauges are one object, however many reports rate a category alike
    assert by_id["electoral-process"].gauge is derived(tmp_path / "again")[1].countries[0] \
        .reports[0].categories[1].gauge


def test_a_category_without_rating_has_no_gauge(tmp_path):
    report = NIT_REPORT.replace("    rating: 1.5\n", "    rank: 3\n    rank_of: 9\n")
    _, site = derived(tmp_path, report)
    (view,) = site.countries[0].reports
    civil = next(c for c in view.categories if c.id == "civil-society")
    assert civil.rating is None and civil.gauge is None
    assert all(c.gauge is not None for c in view.categories if c.id != "civil-society")


def test_validate_and_derive_share_one_computation(tmp_path):
    """The figure a page shows as recomputed is the one validate expects."""
    report = NIT_REPORT.replace("aggregate: 1.36", "aggregate: 1.40").replace(
        "percentage: 5.95", "percentage: 6.00").replace(
        "status: consolidated-authoritarian-regime", "status: semi-consolidated-democracy")
    checked, site = derived(tmp_path, report)
    messages = [d.message for d in checked.diagnostics]
    assert any("expected 1.36" in m for m in messages)
    assert any("expected 5.95 (from the unrounded" in m for m in messages)
    (view,) = site.countries[0].reports
    lines = {s.name: (s.stated, s.computed) for s in view.scores}
    assert lines == {"Democracy Percentage": ("6.00", "5.95"),
                     "Democracy Score": ("1.40", "1.36")}
    assert view.status_computed == "Consolidated Authoritarian Regime"
    assert view.status == "Semi-Consolidated Democracy"


def test_recompute_needs_every_category_of_the_edition(tmp_path):
    checked, _ = derived(tmp_path)
    nit = checked.content.indices["nit"].value
    ratings = {c.id: 1.25 for c in nit.categories if c.id != "governance"}
    assert recompute(nit, 2022, {}) == Recomputed(None, None, None)
    assert recompute(nit, 2022, dict(list(ratings.items())[1:])) == Recomputed(None, None, None)
    ratings["civil-society"] = 2.5
    full = recompute(nit, 2022, ratings)
    assert full.aggregate == Fraction(10, 7)  # (6 x 1.25 + 2.5) / 7, unrounded
    assert full.percentage == (full.aggregate - 1) / 6 * 100
    assert full.status.id == "consolidated-authoritarian-regime"  # 1.43 is in 1.00-2.00
    # an edition that rated another set of categories does not take these ratings as complete
    assert recompute(nit, 2004, ratings).aggregate is None


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("sample") / "content"
    write_sample(root, countries=4, editions=3)
    checked = check(root, "content")
    assert [d.format() for d in checked.diagnostics] == []
    return derive_site(checked.content)


def test_country_charts_hold_the_reports_figures(sample_site):
    seen = set()
    for country in sample_site.countries:
        by_index: dict[str, list] = {}
        for view in country.reports:
            by_index.setdefault(view.index.id, []).append(view)
        aggregates = {ix: [(v.report.edition, v.report.aggregate) for v in views]
                      for ix, views in by_index.items()
                      if sum(v.report.aggregate is not None for v in views) >= 2}
        assert [c.id_prefix for c in country.score_charts] == \
            [f"history-{ix}" for ix in sorted(aggregates)]
        for chart in country.score_charts:
            (series,) = chart.series
            assert list(series.points) == aggregates[chart.id_prefix.removeprefix("history-")]
            seen.add("score")
        for chart in country.category_charts:
            views = by_index[chart.id_prefix.removeprefix("categories-")]
            index = views[0].index
            names = {panel_title(c): c.id for c in index.categories}
            for panel in chart.panels:
                ratings = {v.report.edition: {c.id: c.rating for c in v.report.categories}
                           for v in views}
                for edition, value in panel.points:
                    assert ratings[edition].get(names[panel.title]) == value
            seen.add("categories")
        if country.band_chart is not None:
            report = country.rankings
            assert [name for name, _ in country.band_chart.items] == \
                [c.name for c in report.categories]
            assert [v for _, v in country.band_chart.items] == \
                [float(c.rating) if c.rating else None for c in report.categories]
            assert country.band_history is not None
            seen.add("bands")
        for election in country.elections:
            if election.seats is not None:
                assert sum(p.seats for p in election.seats.parties) == election.seats_filled
                seen.add("seats")
        for view in country.reports:  # the other scores are the other reports' headlines
            heads = {id(v.headline) for v in country.reports if v.index.id != view.index.id}
            assert view.other_scores and all(id(o) in heads for o in view.other_scores)
        counts = {key: n for key, _, n in country.treaty_counts}
        statuses = [r["status"] or "not-recorded" for r in country.treaties]
        assert counts == {key: statuses.count(key) for key in set(statuses)}
    assert seen == {"score", "categories", "bands", "seats"}


# What a template may call: these lay out text it is given; the rest is the view's fields.
LAYOUT_GLOBALS = {"section_paragraphs", "notes_list", "page_url", "event_anchor"}
CALLABLE_IN_TEMPLATES = LAYOUT_GLOBALS | {"url", "href", "range", "namespace"}


def test_templates_call_nothing_that_reads_the_model():
    env = make_environment(REPO / "templates")
    assert set(env.globals) - set(make_environment.__globals__["Environment"]().globals) == \
        LAYOUT_GLOBALS
    macros = set()
    sources = {}
    for path in sorted((REPO / "templates").glob("*.md.j2")):
        sources[path.name] = env.parse(path.read_text())
        macros |= {m.name for m in sources[path.name].find_all(nodes.Macro)}
    called = set()
    for name, tree in sources.items():
        for call in tree.find_all(nodes.Call):
            if isinstance(call.node, nodes.Name):
                called.add(call.node.name)
                assert call.node.name in CALLABLE_IN_TEMPLATES | macros, (name, call.node.name)
            elif isinstance(call.node, nodes.Getattr) and isinstance(call.node.node, nodes.Name) \
                    and call.node.node.name == "m":
                assert call.node.attr in macros, (name, call.node.attr)
        for f in tree.find_all(nodes.Filter):
            if f.name == "draw":  # a figure's model, from a view's field
                assert isinstance(f.node, (nodes.Getattr, nodes.Name)), name
    assert {"section_paragraphs", "url"} <= called


BANDS = (Band("Low", 0, 0.4, "band-low"), Band("High", 0.4, 1, "band-high"))


def test_draw_draws_each_model_as_its_function_does():
    g = Gauge(0.5, 0, 1, "Score", "0.50 / 1", "gauge-x", False, BANDS)
    assert draw(g) == gauge(0.5, 0, 1, label="Score", value_text="0.50 / 1",
                            id_prefix="gauge-x", higher_is_better=False, bands=BANDS)
    assert draw(g, compact=True).startswith('<span class="gauge-inline"')
    assert "<table>" not in draw(g, table=False) and "<table>" in draw(g)
    series = (Series("A", [(2020, 0.2), (2021, 0.6)]),)
    line = LineChart(series, "T", "D", "line-x", 0, 1, "Score", bands=BANDS)
    assert draw(line) == line_chart(series, title="T", desc="D", id_prefix="line-x", y_min=0,
                                    y_max=1, y_label="Score", bands=BANDS)
    seats = Hemicycle((Seats("A", 3), Seats("B", 2)), "T", "D", "seats-x", total=6)
    assert draw(seats) == hemicycle(seats.parties, title="T", desc="D", id_prefix="seats-x",
                                    total=6)
    multiples = SmallMultiples((Panel("P", [(2020, 1.0)]),), "T", "D", "m-x", 1, 7)
    assert 'class="chart chart-multiples"' in draw(multiples)
    bars = BandBars((("A", 0.3), ("B", None)), BANDS, "T", "D", "bars-x")
    assert 'class="chart chart-bars"' in draw(bars)


def test_draw_takes_models_only():
    with pytest.raises(TypeError, match="expected a figure model"):
        draw({"value": 1.0})
    line = LineChart((Series("A", [(2020, 0.2)]),), "T", "D", "line-x", 0, 1, "Score")
    with pytest.raises(ValueError, match="apply to a gauge"):
        draw(line, compact=True)


@pytest.mark.parametrize("count", [11, 12, 13, 20])
def test_a_seat_chart_gives_each_party_its_own_colour_or_groups_the_smallest(count):
    """Twelve colours: a thirteenth party would repeat the first's, so past twelve the
    smallest parties are drawn together, in the last colour (a grey)."""
    from types import SimpleNamespace

    from generator.pages.derive_figures import PARTY_COLOURS, seats_chart

    rows = [{"party": f"Party {i}", "short_name": None, "seats": 40 - i} for i in range(count)]
    chart = seats_chart("e", SimpleNamespace(seats=None, body="Diet"), "1 May 2020", rows)
    classes = [p.css_class for p in chart.parties]
    assert len(set(classes)) == len(classes) <= PARTY_COLOURS
    assert sum(p.seats for p in chart.parties) == sum(r["seats"] for r in rows)
    if count <= PARTY_COLOURS:
        assert [p.name for p in chart.parties] == [r["party"] for r in rows]
    else:
        rest = rows[PARTY_COLOURS - 1:]
        assert [p.name for p in chart.parties] == [r["party"] for r in rows[:PARTY_COLOURS - 1]
                                                   ] + [f"{len(rest)} other parties"]
        assert chart.parties[-1].seats == sum(r["seats"] for r in rest)
        assert all(r["party"] in chart.desc for r in rows)  # the description names them all
