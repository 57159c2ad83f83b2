"""Comparisons: the region and world medians on country pages (generator/pages/derive_compare.py)
and the data of the compare page.

The content is made by hand (Nations in Transit reports whose categories share one rating, so
each aggregate is that rating) with medians worked out below: odd and even counts, a country
missing an edition, a region too small for a median, and a territory whose scores would move
every median if it counted.
"""

from __future__ import annotations

import json
import re
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from generator.model.check import check
from generator.model.records import Index
from generator.model.scoring import categories_for, fmt, recompute
from generator.pages.derive import derive_site
from generator.pages.derive_compare import MIN_PLACES, Median, median, site_medians
from generator.site.docs import pages_for
from generator.site.incremental import parsed_path

from .conftest import REPO, build, write_content

NIT = Index.model_validate(yaml.safe_load((REPO / "content/indices/nit.yml").read_text("utf-8")))

# slug: (name, region, territory, {edition: the rating of every category})
PLACES = {
    "amberland": ("Amberland", "Eurasia", False, {2021: 1.25, 2022: 1.5}),
    "bexia": ("Bexia", "Eurasia", False, {2021: 2.0, 2022: 2.5}),
    "corvia": ("Corvia", "Eurasia", False, {2021: 3.0, 2022: 3.0}),
    "dunmark": ("Dunmark", "Eurasia", False, {2021: 4.0, 2022: 4.25}),
    "esteria": ("Esteria", "Eurasia", False, {2022: 5.0}),  # no 2021 report
    "farland": ("Farland", "Eurasia", False, {2021: 6.0, 2022: 6.5}),
    "tarn-isle": ("Tarn Isle", "Eurasia", True, {2021: 7.0, 2022: 7.0}),  # a territory
    "galia": ("Galia", "Europe", False, {2021: 1.0, 2022: 1.0}),
    "helmia": ("Helmia", "Europe", False, {2022: 6.75}),
}
# Eurasia 2021: 1.25 2 3 4 6 (odd: 3); 2022: 1.5 2.5 3 4.25 5 6.5 (even: 3.625). Europe has two
# countries: no median. World 2021: 1 1.25 2 3 4 6 (2.5); 2022: eight countries (3.625). With
# the territory counted, Eurasia 2021 would be 3.5 and the world's 3.
EXPECTED_WORLD = {("nit", 2021): Median(2.5, 6), ("nit", 2022): Median(3.625, 8)}
EXPECTED_REGIONS = {("nit", "Eurasia", 2021): Median(3.0, 5),
                    ("nit", "Eurasia", 2022): Median(3.625, 6)}


def nit_report(edition: int, rating: float, narrative: str = "A paragraph.") -> str:
    """A valid NIT report whose categories all have `rating`: its stated figures are the ones
    validate computes."""
    ratings = {c.id: rating for c in categories_for(NIT, edition)}
    figures = recompute(NIT, edition, ratings)
    lines = ["index: nit", f"edition: {edition}", f"status: {figures.status.id}",
             f"aggregate: {fmt(figures.aggregate, 2)}",
             f"percentage: {fmt(figures.percentage, 2)}", "summary:", "  paragraphs:",
             f"    - {json.dumps(narrative)}", "categories:"]
    for cid, value in ratings.items():
        lines += [f"  - id: {cid}", f"    rating: {value}"]
    return "\n".join(lines) + "\n"


def place_files(places: dict = PLACES) -> dict[str, str]:
    files = {}
    for slug, (name, region, territory, scores) in places.items():
        files[f"countries/{slug}/country.yml"] = (
            f"name: {json.dumps(name)}\nslug: {slug}\nregion: {region}\n"
            + ("territory: true\n" if territory else ""))
        for edition, rating in scores.items():
            files[f"countries/{slug}/reports/nit-{edition}.yml"] = nit_report(edition, rating)
    return files


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    return write_content(tmp_path_factory.mktemp("compare"), place_files())


@pytest.fixture(scope="module")
def site(content):
    checked = check(content)
    assert not checked.failed(strict=True), [d.format() for d in checked.diagnostics]
    return derive_site(checked.content)


def country(site, slug: str):
    return next(c for c in site.countries if c.slug == slug)


def test_a_median_is_the_middle_value_or_the_exact_mean_of_the_two_middle_ones():
    assert median([3, 1, 2]) == 2
    assert median([4, 1, 3, 2]) == Fraction(5, 2)
    # decimals as written: (1.29 + 1.36) / 2 is 1.325, where binary floats make 1.3250000000000002
    assert median([1.36, 1.29]) == Fraction("1.325")
    assert float(median([1.36, 1.29])) == 1.325
    with pytest.raises(ValueError):
        median([])


def test_medians_are_of_countries_by_region_and_edition_with_enough_places(site):
    assert MIN_PLACES == 5  # Europe's two countries and the territory make no median
    assert site.medians.world == EXPECTED_WORLD
    assert site.medians.regions == EXPECTED_REGIONS


def test_a_country_chart_draws_both_medians_and_says_what_they_are_taken_over(site):
    chart, = country(site, "corvia").score_charts
    assert [s.name for s in chart.series] == ["Corvia", "Eurasia median", "World median"]
    assert [s.points for s in chart.series] == [
        ((2021, 3.0), (2022, 3.0)), ((2021, 3.0), (2022, 3.625)), ((2021, 2.5), (2022, 3.625))]
    assert chart.desc.endswith(
        "Medians of the countries with a score in each edition: the Eurasia median over 5 to 6"
        " countries and the world median over 6 to 8 countries. Territories are not counted;"
        " a median of fewer than 5 countries is not drawn.")


def test_a_region_too_small_for_a_median_gets_the_world_median_only(site):
    chart, = country(site, "galia").score_charts
    assert [s.name for s in chart.series] == ["Galia", "World median"]
    assert "the Europe median" not in chart.desc and "world median over 6 to 8" in chart.desc


def test_a_territory_is_compared_with_the_countries_and_says_it_does_not_count(site):
    chart, = country(site, "tarn-isle").score_charts
    assert [s.name for s in chart.series] == ["Tarn Isle", "Eurasia median", "World median"]
    assert "Territories, this one among them, are not counted" in chart.desc


def test_an_index_with_too_few_places_has_no_median_series(shipped_content):
    """The shipped slice: Kazakhstan alone, on every index."""
    checked = check(shipped_content)
    kazakhstan = derive_site(checked.content).countries[0]
    assert kazakhstan.score_charts
    for chart in kazakhstan.score_charts:
        assert len(chart.series) == 1 and "median" not in chart.desc


def test_the_medians_given_to_derive_stand_for_the_content(content):
    """The incremental render derives one country with the whole site's recorded medians."""
    checked = check(content)
    alone = type(checked.content)(checked.content.root, checked.content.indices,
                                  checked.content.treaties,
                                  {"corvia": checked.content.countries["corvia"]})
    own = derive_site(alone)
    assert own.medians.world == {} and len(own.countries[0].score_charts[0].series) == 1
    whole = site_medians(checked.content, {k: v.value for k, v in checked.content.indices.items()})
    given = derive_site(alone, medians=whole)
    assert given.countries[0].score_charts == derive_site(checked.content).countries[
        [c.slug for c in derive_site(checked.content).countries].index("corvia")].score_charts


# --- The compare page's data ------------------------------------------------------------------

HOSTILE = '</script><script>alert("x")</script> & <!-- Ruri\u2028land'


def compare_json(content: Path, directory_urls: bool = True) -> tuple[str, str]:
    """The compare page's Markdown and the text of its data element."""
    checked = check(content)
    site, pages = pages_for(checked.content, REPO / "templates")
    page = next(p for p in pages if p.path == "compare/index.md").text
    found = re.search(r'<script type="application/json" id="compare-data">(.*?)</script>',
                      page, re.S)
    assert found, page
    return page, found.group(1)


def test_the_compare_data_holds_every_scored_country_and_its_editions(content):
    page, text = compare_json(content)
    data = json.loads(text)
    assert data["limit"] == 6
    assert [ix["id"] for ix in data["indices"]] == ["nit"]
    nit = data["indices"][0]
    assert (nit["score"], nit["min"], nit["max"], nit["decimals"], nit["higher"]) == \
        ("Democracy Score", 1, 7, 2, True)
    assert nit["statuses"][0] == "Consolidated Democracy"
    by_slug = {c["slug"]: c for c in data["countries"]}
    assert sorted(by_slug) == sorted(PLACES)
    assert [c["name"] for c in data["countries"]] == sorted(p[0] for p in PLACES.values())
    corvia = by_slug["corvia"]
    assert corvia["region"] == "Eurasia" and "territory" not in corvia
    assert by_slug["tarn-isle"]["territory"] is True
    # [edition, the stated score as written (not rounded), the status's place in the index's]
    status = [b.id for b in NIT.status.bands].index("semi-consolidated-authoritarian-regime")
    assert corvia["scores"] == {"nit": [[2021, 3, status], [2022, 3, status]]}
    assert by_slug["amberland"]["scores"]["nit"][0][1] == 1.25
    assert [e[0] for e in by_slug["esteria"]["scores"]["nit"]] == [2022]
    # links as the build writes raw HTML's: the website's folders
    assert corvia["url"] == "../countries/corvia/"
    assert corvia["latest"] == {"nit": "../countries/corvia/nit-2022/"}


def test_the_compare_data_is_escaped_for_a_script_element_and_deterministic(tmp_path):
    files = place_files()
    files["countries/amberland/country.yml"] = files["countries/amberland/country.yml"].replace(
        "name: \"Amberland\"", f"name: {json.dumps(HOSTILE)}")
    content = write_content(tmp_path, files)
    page, text = compare_json(content)
    assert "<" not in text and ">" not in text and "&" not in text
    assert page.count("</script>") == 2  # the data element's and the script's own
    data = json.loads(text)
    assert HOSTILE in [c["name"] for c in data["countries"]]
    assert compare_json(content)[0] == page


def test_the_compare_page_loads_its_script_and_says_what_it_needs_without_it(content):
    page, _ = compare_json(content)
    assert '<script src="../assets/compare.js"></script>' in page
    noscript = re.search(r"<noscript>(.*?)</noscript>", page, re.S).group(1)
    assert "needs JavaScript" in noscript and 'href="../rankings/"' in noscript
    assert (REPO / "templates/assets/compare.js").is_file()


def test_a_country_page_links_the_compare_page_with_itself_chosen(content):
    checked = check(content)
    _, pages = pages_for(checked.content, REPO / "templates")
    page = next(p for p in pages if p.path == "countries/corvia/index.md").text
    assert '<a href="../../compare/#c=corvia">Compare Corvia with other countries</a>' in page


# --- The incremental render keeps the site's medians ------------------------------------------

@pytest.mark.site
def test_build_after_a_narrative_edit_gives_a_full_builds_country_page(content, tmp_path):
    """An edit that leaves the scores as they were renders the one country from its own files,
    with the medians of the whole site that the full render recorded: the country's page is
    byte for byte a full build's."""
    work_content = tmp_path / "content"
    shutil.copytree(content, work_content)
    site, work = tmp_path / "site", tmp_path / "work"
    assert build(work_content, site, work).returncode == 0
    page = work / "docs" / "countries" / "corvia" / "index.md"
    assert "Eurasia median" in page.read_text("utf-8")
    before = page.stat().st_mtime_ns
    report = work_content / "countries" / "corvia" / "reports" / "nit-2022.yml"
    report.write_text(report.read_text("utf-8").replace("A paragraph.", "An edited paragraph."),
                      encoding="utf-8")
    country_file = work_content / "countries" / "corvia" / "country.yml"  # all its pages again
    country_file.write_text(country_file.read_text("utf-8") + "# checked\n", encoding="utf-8")
    proc = build(work_content, site, work)
    assert proc.returncode == 0, proc.stderr
    # rendered again from Corvia's files alone (the incremental render keeps what it read),
    # and the same: had the medians been Corvia's own, it would have no median and be rewritten
    assert (parsed_path(work / "docs") / "corvia.pickle").is_file()
    assert page.stat().st_mtime_ns == before
    fresh = tmp_path / "fresh"
    assert build(work_content, fresh / "site", fresh / "work").returncode == 0
    assert page.read_bytes() == (fresh / "work/docs/countries/corvia/index.md").read_bytes()
    built = "countries/corvia/index.html"
    assert (site / built).read_bytes() == (fresh / "site" / built).read_bytes()
    assert "An edited paragraph." in (site / "countries/corvia/nit-2022/index.html").read_text(
        "utf-8")
