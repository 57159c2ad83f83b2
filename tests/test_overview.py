"""The home page and the countries list on a small world of fictional countries and territories
rated by FIW in two editions (and one by NIT): status counts, the largest changes, territory
labels and the index columns of each region."""

from __future__ import annotations

import re

import pytest

from generator.model.check import check
from generator.site.docs import pages_for

from .conftest import NIT_REPORT, REPO, build, soup, write_content

# slug: (name, region, territory, {edition: (Global Freedom Score, status)})
WORLD = {
    "alphaland": ("Alphaland", "Europe", False, {2024: (90, "free"), 2025: (95, "free")}),
    "betania": ("Betania", "Europe", False, {2024: (60, "partly-free"), 2025: (70, "free")}),
    "gammaria": ("Gammaria", "Europe", False, {2024: (80, "free"), 2025: (78, "free")}),
    "deltia": ("Deltia", "Europe", False, {2024: (50, "partly-free"),
                                           2025: (50, "partly-free")}),
    "epsilonia": ("Epsilonia", "Africa", False, {2024: (40, "partly-free"),
                                                 2025: (44, "partly-free")}),
    "zetania": ("Zetania", "Africa", False, {2024: (30, "partly-free"), 2025: (20, "not-free")}),
    "etaland": ("Etaland", "Africa", True, {2024: (10, "not-free"), 2025: (13, "not-free")}),
    "thetania": ("Thetania", "Africa", False, {2024: (25, "not-free"), 2025: (27, "not-free")}),
    "iotania": ("Iotania", "Asia", False, {2024: (70, "free"), 2025: (72, "free")}),
    "kappa-isles": ("Kappa Isles", "Asia", True, {2024: (20, "not-free"),
                                                  2025: (15, "not-free")}),
    "lambdia": ("Lambdia", "Asia", False, {2025: (55, "partly-free")}),
    "mu-coast": ("Mu Coast", "Asia", True, {}),  # on the site, rated by no index
    "nuvia": ("Nuvia", "Middle East", False, {}),
}
TERRITORIES = {"Etaland", "Kappa Isles", "Mu Coast"}


def world_files() -> dict[str, str]:
    files = {}
    for slug, (name, region, territory, reports) in WORLD.items():
        files[f"countries/{slug}/country.yml"] = (
            f"name: {name}\nslug: {slug}\niso: null\nregion: {region}\n"
            + ("territory: true\n" if territory else ""))
        for edition, (score, status) in reports.items():
            files[f"countries/{slug}/reports/fiw-{edition}.yml"] = (
                f"index: fiw\nedition: {edition}\nstatus: {status}\naggregate: {score}\n")
    files["countries/deltia/reports/nit-2022.yml"] = NIT_REPORT
    return files


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    content = write_content(tmp_path_factory.mktemp("world"), world_files())
    checked = check(content, "content")
    assert [d.format() for d in checked.diagnostics if d.severity == "error"] == []
    site, pages = pages_for(checked.content, REPO / "templates")
    return site, {p.path: p.text for p in pages}


def table_rows(markdown: str) -> list[list[str]]:
    """The cells of each row of the Markdown tables in `markdown`, header rows included."""
    return [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in markdown.splitlines()
            if line.startswith("| ") and not line.startswith("|---")]


def first_table(markdown: str) -> list[list[str]]:
    """The rows of the first Markdown table in `markdown`."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| "))
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    return table_rows("\n".join(lines[start:end]))


def section(page: str, heading: str) -> str:
    """The text under a heading (up to the next heading of its level or higher)."""
    level = heading.split(" ")[0]
    start = page.index(heading + "\n") if heading + "\n" in page else page.index(heading)
    rest = page[start + len(heading):]
    stop = re.search(rf"^#{{1,{len(level)}}} ", rest, re.M)
    return rest[:stop.start()] if stop else rest


def names(cells: list[str]) -> str:
    return re.sub(r"^\[(.*?)\]\(.*", r"\1", cells[0])


def test_the_main_index_and_its_status_counts_add_up(world):
    site, pages = world
    overview = site.rankings.overview
    assert overview.edition.index.id == "fiw" and overview.edition.edition == 2025
    counts = {s.name: (s.countries, s.territories) for s in overview.edition.statuses}
    assert counts == {"Free": (4, 0), "Partly Free": (3, 0), "Not Free": (2, 2)}
    assert sum(s.total for s in overview.edition.statuses) == len(overview.edition.rows) == 11
    home = pages["index.md"]
    assert "rates 9 countries and 2 territories" in home
    table = first_table(section(home, "## Freedom in the World 2025"))
    assert table[0] == ["Status", "Countries", "Territories", "Together"]
    body = {re.sub(r"<[^>]+>", "", r[0]): r[1:] for r in table[1:]}
    assert body["Free"] == ["4", "0", "4"] and body["Not Free"] == ["2", "2", "4"]
    assert body["**All**"] == ["**9**", "**2**", "**11**"]
    for status, cells in body.items():
        if status != "**All**":
            assert int(cells[0]) + int(cells[1]) == int(cells[2])
    assert "flex-grow: 4" in home and "flex-grow: 3" in home  # the bar's parts


def test_home_regions_count_the_site_and_the_statuses(world):
    site, pages = world
    rows = {r.region: r for r in site.rankings.overview.regions}
    assert (rows["Asia"].countries, rows["Asia"].territories) == (2, 2)  # Mu Coast unrated
    assert [s.total for s in rows["Asia"].statuses] == [1, 1, 1]
    assert [s.total for s in rows["Middle East"].statuses] == [0, 0, 0]
    table = table_rows(section(pages["index.md"], "## Regions"))
    assert [names(r) for r in table[1:]] == ["Africa", "Asia", "Europe", "Middle East"]
    assert table[1][1:] == ["3", "1", "0", "1", "3"]  # Africa: Etaland is the territory
    assert "countries/index.md#region-middle-east" in pages["index.md"]


def test_home_lists_the_five_largest_changes_each_way(world):
    site, pages = world
    edition = site.rankings.overview.edition
    changes = sorted((int(r.change), r.country.country.name) for r in edition.rows
                     if r.change and r.change != "0")
    ups = sorted((c for c in changes if c[0] > 0), key=lambda c: (-c[0], c[1]))
    downs = [c for c in changes if c[0] < 0]
    overview = site.rankings.overview
    assert [r.country.country.name for r in overview.improved] == [n for _, n in ups[:5]]
    assert [r.country.country.name for r in overview.declined] == [n for _, n in downs[:5]]
    assert [r.country.country.name for r in overview.improved_tied] == ["Thetania"]  # +2 too
    assert overview.declined_tied == []
    home = section(pages["index.md"], "### Largest changes since 2024")
    improved, declined = home.split("| Declined |")
    assert [names(r) for r in table_rows(improved)[1:]] == \
        ["Betania", "Alphaland", "Epsilonia", "Etaland", "Iotania"]
    assert table_rows(improved)[1][1:] == ["Europe", "60", "70", "+10"]
    assert "Also +2: [Thetania](countries/thetania/fiw-2025.md)." in improved
    assert [names(r) for r in table_rows("| Declined |" + declined)[1:]] == \
        ["Zetania", "Kappa Isles", "Gammaria"]
    assert "| -10 |" in declined


def test_territories_are_labelled_wherever_a_country_is_listed(world):
    _, pages = world
    for path in ("index.md", "countries/index.md", "rankings/fiw/2025.md"):
        rows = [r for r in table_rows(pages[path]) if r[0].startswith("[")] + [
            [line[2:]] for line in pages[path].splitlines() if line.startswith("- [")]
        assert rows, path
        for cells in rows:
            name = names(cells)
            if name in {n for n, *_ in WORLD.values()}:
                labelled = '<span class="territory-tag">territory</span>' in cells[0]
                assert labelled == (name in TERRITORIES), (path, cells[0])


def test_countries_list_has_a_column_only_for_indices_a_region_has(world):
    _, pages = world
    page = pages["countries/index.md"]
    assert "10 countries and 3 territories in 4 regions" in page
    europe = table_rows(section(page, "## Europe {#region-europe}"))
    assert europe[0] == ["Country", "FIW 2025", "FIW status", "NIT 2022"]
    asia = table_rows(section(page, "## Asia {#region-asia}"))
    assert asia[0] == ["Country", "FIW 2025", "FIW status"]
    for region in ("Africa", "Asia", "Europe"):
        table = table_rows(section(page, f"## {region} {{#region-{region.lower()}}}"))
        for column in range(1, len(table[0])):
            assert any(row[column] != "—" for row in table[1:]), (region, table[0][column])
    mu = next(r for r in asia if names(r) == "Mu Coast")
    assert mu[1:] == ["—", "—"]
    lambdia = next(r for r in asia if names(r) == "Lambdia")
    assert lambdia[1] == "[55](lambdia/fiw-2025.md)"
    assert lambdia[2] == '<span class="status-tag status-mid">Partly Free</span>'
    middle_east = section(page, "## Middle East {#region-middle-east}")
    assert "|" not in middle_east and "- [Nuvia](nuvia/index.md)" in middle_east


def test_an_older_latest_report_says_its_year(tmp_path):
    files = world_files()
    files["countries/lambdia/reports/fiw-2024.yml"] = \
        "index: fiw\nedition: 2024\nstatus: free\naggregate: 80\n"
    del files["countries/lambdia/reports/fiw-2025.yml"]
    checked = check(write_content(tmp_path, files), "content")
    _, pages = pages_for(checked.content, REPO / "templates")
    page = {p.path: p.text for p in pages}["countries/index.md"]
    asia = table_rows(section(page, "## Asia {#region-asia}"))
    lambdia = next(r for r in asia if names(r) == "Lambdia")
    assert lambdia[1:] == ["[80](lambdia/fiw-2024.md)",
                           '<span class="status-tag status-high">Free</span> (2024)']


@pytest.mark.site
def test_the_world_builds_and_its_region_links_resolve(tmp_path):
    content = write_content(tmp_path, world_files())
    result = build(content, tmp_path / "site", tmp_path / "work")
    assert result.returncode == 0, result.stderr  # strict MkDocs: links and anchors resolve
    countries = soup(tmp_path / "site", "countries")
    home = soup(tmp_path / "site", "")
    for link in home.select('a[href*="countries/#region-"]'):
        assert countries.find(id=link["href"].split("#")[1]) is not None, link["href"]
    assert len(home.select('a[href*="countries/#region-"]')) == 4
    tags = countries.select("span.status-tag")
    assert {t.get_text() for t in tags} == {"Free", "Partly Free", "Not Free"}
