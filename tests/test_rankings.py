"""Cross-country pages on generated sample data (and on the small FIW world of
test_overview.py): rankings, regions, largest changes, territories."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from generator.model.check import check
from generator.pages.rankings import status_classes
from generator.site.docs import pages_for
from generator.tools.sample import write_sample

from .conftest import REPO, build, soup, write_content
from .test_overview import world_files


@pytest.fixture(scope="module")
def sample_200(tmp_path_factory):
    root = tmp_path_factory.mktemp("sample200") / "content"
    write_sample(root, countries=200, editions=2)
    checked = check(root, "content")
    assert [d.format() for d in checked.diagnostics] == []
    site, pages = pages_for(checked.content, REPO / "templates")
    return site, {p.path: p.text for p in pages}


def test_every_country_is_ranked_in_order(sample_200):
    site, _ = sample_200
    nit = next(r for r in site.rankings if r.index.id == "nit")
    latest = nit.editions[0]
    assert latest.edition == 2024 and [e.edition for e in nit.editions] == [2024, 2023]
    assert len(latest.rows) == 200
    values = [Fraction(r.value) for r in latest.rows]
    assert values == sorted(values, reverse=True)
    for before, after in zip(latest.rows, latest.rows[1:]):
        if after.value == before.value:
            assert after.rank == before.rank  # ties share a rank
        else:
            assert after.rank == latest.rows.index(after) + 1


def test_regions_add_up(sample_200):
    site, _ = sample_200
    latest = next(r for r in site.rankings if r.index.id == "nit").editions[0]
    assert sum(r.countries for r in latest.regions) == 200
    for region in latest.regions:
        members = [row for row in latest.rows if row.country.country.region == region.region]
        assert region.countries == len(members)
        assert sum(n for _, n in region.statuses) == len(members)
        mean = sum(Fraction(m.value) for m in members) / len(members)
        assert abs(Fraction(region.mean) - mean) <= Fraction(1, 200)


def test_largest_changes_are_the_largest(sample_200):
    site, _ = sample_200
    latest = next(r for r in site.rankings if r.index.id == "nit").editions[0]
    changes = {row.country.slug: Fraction(row.change) for row in latest.rows if row.change}
    assert latest.improved and latest.declined
    assert len(latest.improved) == 10
    best = sorted((v for v in changes.values() if v > 0), reverse=True)[:10]
    assert [Fraction(r.change) for r in latest.improved] == best
    worst = sorted(v for v in changes.values() if v < 0)[:10]
    assert [Fraction(r.change) for r in latest.declined] == worst
    previous = next(r for r in site.rankings if r.index.id == "nit").editions[1]
    before = {row.country.slug: Fraction(row.value) for row in previous.rows}
    for row in latest.rows:
        assert Fraction(row.change or 0) == Fraction(row.value) - before[row.country.slug]


def test_ranking_page_lists_all_countries(sample_200):
    _, pages = sample_200
    page = pages["rankings/nit/2024.md"]
    table = page.split("## Ranking")[1].split("## By region")[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 1 + 200  # header and one row per country
    assert "search:\n  exclude: true" in page  # table-only pages stay out of the search index


@pytest.mark.site
def test_sample_site_builds_with_sortable_rankings(tmp_path):
    content = tmp_path / "content"
    write_sample(content, countries=6, editions=2)
    result = build(content, tmp_path / "site", tmp_path / "work")
    assert result.returncode == 0, result.stderr
    page = soup(tmp_path / "site", "rankings/nit/2024")
    table = page.find(id="ranking").find_next("table")
    assert table.get("class") is None  # plain tables are made sortable by tablesort-init.js
    assert len(table.find_all("tr")) == 7
    scripts = [s.get("src", "") for s in page.find_all("script")]
    assert any(s.endswith("assets/vendor/tablesort.min.js") for s in scripts)
    assert any(s.endswith("assets/tablesort-init.js") for s in scripts)


def test_each_region_is_ranked_within_itself(sample_200):
    site, pages = sample_200
    latest = next(r for r in site.rankings if r.index.id == "nit").editions[0]
    page = pages["rankings/nit/2024.md"]
    assert len(latest.regions) > 1
    for region in latest.regions:
        members = [row for row in latest.rows if row.country.country.region == region.region]
        assert [row for _, row in region.rows] == members  # in the edition's order
        for (rank, row), (next_rank, next_row) in zip(region.rows, region.rows[1:]):
            assert next_rank == (rank if next_row.value == row.value
                                 else region.rows.index((next_rank, next_row)) + 1)
        assert f"### {region.region} {{#{region.anchor}}}" in page
        assert f"[{region.region}](#{region.anchor})" in page  # the summary links its table
        assert [c.total for c in region.counts] == [
            sum(r.status == c.name for r in members) for c in region.counts]


def test_largest_changes_name_those_tied_with_the_last(sample_200):
    site, pages = sample_200
    latest = next(r for r in site.rankings if r.index.id == "nit").editions[0]
    for shown, tied in ((latest.improved, latest.improved_tied),
                        (latest.declined, latest.declined_tied)):
        for row in tied:
            assert row.change == shown[-1].change and row not in shown
        others = [r for r in latest.rows if r.direction == shown[0].direction
                  and r not in shown and r not in tied]
        assert all(abs(Fraction(r.change)) < abs(Fraction(shown[-1].change)) for r in others)
    page = pages["rankings/nit/2024.md"]
    assert "| Improved | Region | 2023 | 2024 | Change | Status |" in page
    assert "| Declined | Region | 2023 | 2024 | Change | Status |" in page


def test_statuses_are_tags_coloured_by_their_place(sample_200):
    site, pages = sample_200
    nit = next(r for r in site.rankings if r.index.id == "nit")
    classes = status_classes(nit.index)
    assert list(classes.values()) == ["status-high", "status-mid", "status-mid", "status-mid",
                                      "status-low"]
    latest = nit.editions[0]
    assert sum(c.total for c in latest.statuses) == len(latest.rows)
    page = pages["rankings/nit/2024.md"]
    for row in latest.rows[:20]:
        assert f'<span class="status-tag {classes[row.status]}">' \
            f'{row.status.replace("-", chr(92) + "-")}</span>' in page
    order = list(classes)
    ups = [r for r in latest.status_changes if order.index(r.status) < order.index(
        r.previous_status)]
    assert latest.status_changes[:len(ups)] == ups  # better statuses first


def test_changes_are_from_the_edition_before_even_across_a_gap(tmp_path):
    files = world_files()
    files = {path: text.replace("edition: 2024", "edition: 2021").replace(
        "fiw-2024", "fiw-2021") for path, text in files.items()}
    files = {path.replace("fiw-2024", "fiw-2021"): text for path, text in files.items()}
    checked = check(write_content(tmp_path, files), "content")
    site, pages = pages_for(checked.content, REPO / "templates")
    fiw = next(r for r in site.rankings if r.index.id == "fiw")
    latest = fiw.editions[0]
    assert (latest.edition, latest.previous_edition, latest.previous_path) == (2025, 2021, None)
    page = {p.path: p.text for p in pages}["rankings/fiw/2025.md"]
    assert "## Largest changes since 2021 {#largest-changes}" in page
    assert "Changes are since 2021." in page and "← 2024" not in page
    betania = next(r for r in latest.rows if r.country.slug == "betania")
    assert (betania.previous_value, betania.value, betania.change) == ("60", "70", "+10")


def test_territories_are_ranked_with_the_countries_and_marked(tmp_path):
    checked = check(write_content(tmp_path, world_files()), "content")
    site, pages = pages_for(checked.content, REPO / "templates")
    latest = next(r for r in site.rankings if r.index.id == "fiw").editions[0]
    assert (latest.countries, latest.territories) == (9, 2)
    assert [r.rank for r in latest.rows] == list(range(1, 12))  # one ranking, no ties here
    page = {p.path: p.text for p in pages}["rankings/fiw/2025.md"]
    assert 'title: "Freedom in the World 2025: all countries and territories"' in page
    assert "a rank is among all 11" in page
    assert "| 11 | [Etaland](../../countries/etaland/fiw-2025.md) <span " \
        'class="territory-tag">territory</span> | Africa | 13 |' in page
    assert "| Region | Countries | Territories | Mean score |" in page
    editions = {p.path: p.text for p in pages}["rankings/fiw/index.md"]
    assert "| [2025](2025.md) | 9 | 2 | 95: Alphaland | 13: Etaland | 4 | 3 | 4 |" in editions


def test_an_edition_without_statuses_shows_no_status_columns(tmp_path):
    files = {path: re.sub(r"status: [a-z-]+\n", "", text) if "fiw-2024" in path else text
             for path, text in world_files().items()}
    checked = check(write_content(tmp_path, files), "content")
    _, pages = pages_for(checked.content, REPO / "templates")
    pages = {p.path: p.text for p in pages}
    old, new = pages["rankings/fiw/2024.md"], pages["rankings/fiw/2025.md"]
    assert "| Rank | Country | Region | Global Freedom Score | Change |" in old
    assert "status-tag" not in old and "status-bar" not in old
    assert "| Rank | Country | Region | Global Freedom Score | Status | Change |" in new
    assert "## Status changes" not in new  # nothing to compare with
    assert "| [2024](2024.md) | 8 | 2 | 90: Alphaland | 10: Etaland | — | — | — |" in \
        pages["rankings/fiw/index.md"]
