"""Cross-country pages on generated sample data: rankings, regions, largest changes."""

from __future__ import annotations

from fractions import Fraction

import pytest

from generator.model.check import check
from generator.site.docs import pages_for
from generator.tools.sample import write_sample

from .conftest import REPO, build, soup


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
