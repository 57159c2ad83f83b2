"""The treaties page (generator/pages/treaty_coverage.py, templates/treaties.md.j2): its counts
per treaty and per state on hand-made content, hostile names escaped in its table and its CSV,
and in a build of shipped countries, each cell as the content has it, the CSV as the table, and
its links and the links to it resolving."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml

from generator.model.check import check
from generator.pages.treaty_coverage import TREATIES_CSV, treaty_coverage, treaty_csv
from generator.site.docs import pages_for

from .conftest import REPO, build, ids_on, local_links, shipped_slice, write_content

HOSTILE = '=cmd|"/c calc"!A1 <img src=x onerror=alert(1)> & </td>'

FILES = {
    "countries/arcadia/country.yml": """\
        name: Arcadia
        slug: arcadia
        region: Europe
        treaties:
          as_of: "2022"
          statuses: {iccpr: state-party, iccpr-op1: signatory, cat: no-action, crc: state-party}
          years: {iccpr: 1990, crc: 1991}
          sources: [{name: Treaty office, url: "https://example.org/t"}]
        """,
    "countries/borduria/country.yml": """\
        name: Borduria
        slug: borduria
        region: Africa
        treaties:
          as_of: "2021-06"
          statuses: {iccpr: state-party, cat: state-party, op-cat: state-party, c029: state-party}
          years: {iccpr: 1980, cat: 2000}
          sources: [{name: Treaty office, url: "https://example.org/t"}, {name: Other list}]
        """,
    "countries/cascadia/country.yml": "name: Cascadia\nslug: cascadia\nregion: Americas\n",
    "countries/hostile/country.yml": f"""\
        name: '{HOSTILE.replace("'", "''")}'
        slug: hostile
        region: Europe
        treaties:
          as_of: "2022"
          statuses: {{iccpr: no-action}}
        """,
}


@pytest.fixture(scope="module")
def site_and_pages(tmp_path_factory):
    content = write_content(tmp_path_factory.mktemp("treaties"), FILES)
    checked = check(content, "content")
    assert not checked.failed(), [d.format() for d in checked.diagnostics]
    site, pages = pages_for(checked.content, REPO / "templates")
    return site, {p.path: p.text for p in pages}


def test_counts_per_treaty_and_per_state(site_and_pages):
    site, _ = site_and_pages
    coverage = treaty_coverage(site)
    # states with treaty data only, by name; the UN instruments only (no ILO c029)
    assert [r.slug for r in coverage.rows] == ["hostile", "arcadia", "borduria"]
    ids = [c.treaty.id for c in coverage.columns]
    assert len(ids) == 18 and "c029" not in ids
    assert ids[:5] == ["iccpr", "iccpr-op1", "iccpr-op2", "icescr", "icescr-op"]
    assert ids.index("op-cat") == ids.index("cat") + 1  # a protocol after its treaty
    assert coverage.core_total == 9
    column = {c.treaty.id: c for c in coverage.columns}
    assert column["iccpr"].counts == {"state-party": 2, "signatory": 0, "no-action": 1,
                                      None: 0}
    assert column["cat"].counts == {"state-party": 1, "signatory": 0, "no-action": 1,
                                    None: 1}
    assert column["iccpr-op1"].counts["signatory"] == 1
    rows = {r.slug: r for r in coverage.rows}
    assert (rows["arcadia"].core_parties, rows["arcadia"].parties) == (2, 2)
    assert (rows["borduria"].core_parties, rows["borduria"].parties) == (2, 3)  # OP-CAT
    assert (rows["hostile"].core_parties, rows["hostile"].parties) == (0, 0)
    cells = dict(zip(ids, rows["arcadia"].cells))
    assert [cells[t].text for t in ("iccpr", "iccpr-op1", "cat", "crc", "crpd")] == \
        ["Party 1990", "Signed", "No action", "Party 1991", "Not recorded"]
    assert coverage.regions == (("Africa", 1), ("Europe", 2))
    assert coverage.as_of_label == "2021-06 to 2022"
    assert [s.name for s in coverage.sources] == ["Treaty office", "Other list"]
    assert coverage.counted[0] == ("state-party", "tp", "State parties", 5)
    assert sum(total for *_, total in coverage.counted) == 3 * 18


def test_hostile_names_are_escaped_in_the_table(site_and_pages):
    from bs4 import BeautifulSoup

    _, pages = site_and_pages
    text = pages["treaties/index.md"]
    assert "<img src=x" not in text and "</td>'" not in text
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;/td&gt;" in text
    start = text.index('<table class="sortable')
    block = text[start:text.index("</table>", start) + 8]
    row = BeautifulSoup(block, "html.parser").find("tr", id="hostile")
    assert row.th.get_text() == HOSTILE
    assert [td.get_text() for td in row.find_all("td")][:2] == ["Europe", "No action"]
    assert len(row.find_all("td")) == 1 + 18 + 2  # region, treaties, counts


def test_the_csv_has_the_tables_cells_guarded_and_is_deterministic(site_and_pages):
    site, _ = site_and_pages
    data = treaty_csv(treaty_coverage(site))
    assert data == treaty_csv(treaty_coverage(site))
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert [r["country"] for r in rows] == ["hostile", "arcadia", "borduria"]
    assert rows[0]["country_name"] == "'" + HOSTILE  # not run as a formula
    assert rows[1]["iccpr_status"] == "state-party" and rows[1]["iccpr_year"] == "1990"
    assert rows[1]["iccpr-op1_status"] == "signatory" and rows[1]["iccpr-op1_year"] == ""
    assert rows[1]["crpd_status"] == "" and rows[1]["as_of"] == "2022"
    assert rows[2]["as_of"] == "2021-06" and rows[2]["region"] == "Africa"
    assert (rows[2]["core_treaties_party"], rows[2]["instruments_party"]) == ("2", "3")


def test_without_treaty_data_there_is_no_page_and_no_csv(tmp_path):
    content = write_content(tmp_path, {"countries/cascadia/country.yml": FILES[
        "countries/cascadia/country.yml"]})
    checked = check(content, "content")
    site, pages = pages_for(checked.content, REPO / "templates")
    assert "treaties/index.md" not in {p.path for p in pages}
    assert treaty_coverage(site).rows == ()


# --- A build of shipped countries ------------------------------------------------------------

SHIPPED = ("afghanistan", "germany", "kazakhstan", "tuvalu", "hong-kong")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("treaty-site")
    result = build(shipped_slice(tmp, SHIPPED), tmp / "site", tmp / "work")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def _table(site: Path):
    from bs4 import BeautifulSoup

    page = BeautifulSoup((site / "treaties" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    return page, page.find("table", id="treaty_table")


@pytest.mark.site
def test_each_cell_is_the_contents_status_and_year(built):
    page, table = _table(built)
    catalogue = yaml.safe_load((REPO / "content" / "treaties.yml").read_text())["treaties"]
    short = {t["short_name"]: t["id"] for t in catalogue if t["body"] == "un"}
    heads = [th.get_text() for th in table.thead.find_all("th")]
    assert heads[:2] == ["Country", "Region"] and len(heads) == 2 + 18 + 2
    treaty_ids = [short[h] for h in heads[2:-2]]
    words = {"state-party": "Party", "signatory": "Signed", "no-action": "No action"}
    rows = table.tbody.find_all("tr")
    assert [r["id"] for r in rows] == ["afghanistan", "germany", "kazakhstan", "tuvalu"]
    for row in rows:
        data = yaml.safe_load((REPO / "content" / "countries" / row["id"] / "country.yml")
                              .read_text())
        statuses, years = data["treaties"]["statuses"], data["treaties"].get("years", {})
        cells = [td.get_text() for td in row.find_all("td")]
        assert row.th.get_text() == data["name"] and cells[0] == data["region"]
        for tid, text in zip(treaty_ids, cells[1:-2]):
            status = statuses.get(tid)
            expect = words.get(status, "Not recorded")
            if status in ("state-party", "signatory") and tid in years:
                expect += f" {years[tid]}"
            assert text == expect, (row["id"], tid)
        core = [t["id"] for t in catalogue if t["body"] == "un" and not t.get("protocol_to")]
        assert cells[-2] == str(sum(statuses.get(t) == "state-party" for t in core))
        assert cells[-1] == str(sum(statuses.get(t) == "state-party" for t in treaty_ids))
    parties = table.tfoot.find("tr", attrs={"data-count": "tp"}).find_all("td")
    assert [td.get_text() for td in parties[:18]] == [
        str(sum(r.find_all("td")[1 + i].get_text().startswith("Party") for r in rows))
        for i in range(18)]
    assert "2022" in page.find("caption", id="treaty_caption").get_text()


@pytest.mark.site
def test_the_csv_matches_the_table(built):
    _, table = _table(built)
    data = (built / TREATIES_CSV).read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode())))
    header, body = rows[0], rows[1:]
    statuses = {"state-party": "Party", "signatory": "Signed", "no-action": "No action",
                "": "Not recorded"}
    for line, tr in zip(body, table.tbody.find_all("tr"), strict=True):
        record = dict(zip(header, line))
        assert record["country"] == tr["id"] and record["country_name"] == tr.th.get_text()
        cells = [td.get_text() for td in tr.find_all("td")]
        shown = [(statuses[s] + (f" {y}" if y else "")).strip()
                 for s, y in zip(line[5:-4:2], line[6:-4:2])]
        assert shown == cells[1:-2]
        assert [record["core_treaties_party"], record["instruments_party"]] == cells[-2:]
        assert record["as_of"] == "2022"


@pytest.mark.site
def test_links_from_and_to_the_page_resolve(built):
    page_file = built / "treaties" / "index.html"
    seen = 0
    for _, ref, parts in local_links(page_file):
        target = (page_file.parent / parts.path).resolve() if parts.path else page_file
        if target.is_dir():
            target = target / "index.html"
        assert target.is_file(), ref
        if parts.fragment and target.suffix == ".html":
            assert parts.fragment in ids_on(target), ref
        seen += 1
    assert seen > 20
    page, table = _table(built)
    assert page.find("a", href="treaties.csv")
    assert page.find("script", src="../assets/treaties.js")
    # the country and tracker pages link to their row
    for source in ("countries/kazakhstan/index.html", "countries/kazakhstan/tracker/index.html"):
        refs = [ref for _, ref, parts in local_links(built / source)
                if parts.path.endswith("treaties/") and parts.fragment == "kazakhstan"]
        assert refs, source
    assert table.find("tr", id="kazakhstan")


@pytest.mark.site
def test_the_map_points_to_the_table_instead_of_repeating_it(built):
    page, table = _table(built)
    figure = page.select_one("figure.chart-map")
    assert figure.select("details.chart-data") == [] and figure.select("a.chart-csv") == []
    line = figure.select_one("p.map-data")
    assert line.find("a", href="#treaty_table")
    # the places the table leaves out (no treaty data) are named there, linked to their page
    rows = {tr["id"] for tr in table.select("tbody tr")}
    hatched = sorted(a["aria-label"].split(":")[0] for a in figure.select("svg a")
                     if a["aria-label"].endswith(": No treaty data"))
    assert hatched and not {name.lower().replace(" ", "-") for name in hatched} & rows
    assert [a.get_text() for a in line.select("a")[1:]] == hatched
