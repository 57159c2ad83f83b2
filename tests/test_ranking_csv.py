"""Each ranking edition's CSV file: written beside its page, linked from it, the page's rows
with their figures as numbers, guarded against formulas, the same bytes every time, and kept
right by the render after an edit."""

from __future__ import annotations

import csv
import io
import posixpath
import re
import shutil

import pytest
import yaml

from generator.model.check import check
from generator.pages.downloads import csv_lines
from generator.pages.rankings_csv import ranking_csv_path, ranking_files
from generator.site.docs import pages_for
from generator.tools.sample import write_sample

from .conftest import COUNTRY, NIT_REPORT, REPO, country_files, write_content
from .test_incremental import a_report, edit_narrative, render
from .test_overview import TERRITORIES, world_files

LINK = "Download this ranking as CSV"


def derive(content):
    checked = check(content, "content")
    assert [d.format() for d in checked.diagnostics if d.severity == "error"] == []
    site, pages = pages_for(checked.content, REPO / "templates")
    return site, {p.path: p.text for p in pages}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """FIW 2024 and 2025 of thirteen fictional countries and territories, NIT 2022 of one."""
    return derive(write_content(tmp_path_factory.mktemp("world"), world_files()))


def read(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


def ranking_table(page: str) -> list[list[str]]:
    """The cells of the page's ranking table (under '## Ranking'), without its header."""
    lines = page[page.index("## Ranking\n"):].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|---"))
    rows = []
    for line in lines[start + 1:]:
        if not line.startswith("| "):
            break
        rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows


def plain(cell: str) -> str:
    """A table cell as text: links and tags to their words, '—' empty."""
    text = re.sub(r"<span class=\"territory-tag\">territory</span>", "", cell)
    text = re.sub(r"<[^>]+>", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)).strip()
    return "" if text == "—" else text


def test_every_edition_has_its_file_beside_its_page_and_the_page_links_it(world):
    site, pages = world
    files = ranking_files(site)
    editions = [e for r in site.rankings for e in r.editions]
    assert sorted(files) == sorted(e.path[:-3] + ".csv" for e in editions)
    assert sorted(files) == ["rankings/fiw/2024.csv", "rankings/fiw/2025.csv",
                             "rankings/nit/2022.csv"]
    for edition in editions:
        link = re.search(rf"\[{LINK}\]\(([^)]+)\)", pages[edition.path]).group(1)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(edition.path), link))
        assert target == ranking_csv_path(edition) and target in files


def test_the_file_holds_the_pages_rows_in_its_order(world):
    site, pages = world
    fiw = next(r for r in site.rankings if r.index.id == "fiw")
    previous = {}
    for edition in reversed(fiw.editions):  # oldest first: the previous value is its score
        header, *rows = read(ranking_files(site)[ranking_csv_path(edition)])
        assert header == ["rank", "country", "country_name", "iso", "region", "territory",
                          "score", "status", "change", "previous"]
        table = ranking_table(pages[edition.path])
        assert len(rows) == len(table) == len(edition.rows) > 0
        for row, cells in zip(rows, table):
            rank, name, region, score, status, change = (plain(c) for c in cells)
            assert [row[0], row[2], row[4], row[6], row[7]] == [rank, name, region, score,
                                                                 status]
            assert row[5] == ("yes" if name in TERRITORIES else "no")
            assert row[8] == change.lstrip("+")  # a number: no plus sign
            assert row[9] == previous.get(row[1], "")
            if row[8]:
                assert int(row[6]) - int(row[9]) == int(row[8])
        previous = {row[1]: row[6] for row in rows}
    assert any(row[8].startswith("-") for row in rows) and previous  # falls are numbers too


def test_an_index_without_a_score_lists_each_categorys_rank(shipped_site):
    """GSoD ranks per category: rank, of how many, and a rating where there is one."""
    header, *rows = read((shipped_site / "rankings" / "gsod" / "2023.csv").read_bytes())
    assert header[:5] == ["country", "country_name", "iso", "region", "territory"]
    assert header[5:8] == ["representation_rank", "representation_rank_of",
                           "representation_rating"]
    assert rows[0][:8] == ["kazakhstan", "Kazakhstan", "KAZ", "Eurasia", "no", "128", "173", ""]


def test_the_built_site_has_the_files_where_the_pages_link_them(shipped_site):
    from bs4 import BeautifulSoup
    pages = sorted(shipped_site.glob("rankings/*/[0-9]*/index.html"))
    assert len(pages) > 20
    for page in pages:
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        (link,) = [a for a in html.find_all("a") if a.get_text() == LINK]
        target = (page.parent / link["href"]).resolve()
        assert target == (page.parent.parent / f"{page.parent.name}.csv").resolve()
        assert target.read_bytes().startswith((b"rank,", b"country,"))
    nit = read((shipped_site / "rankings" / "nit" / "2022.csv").read_bytes())
    assert nit == [["rank", "country", "country_name", "iso", "region", "territory", "score",
                    "percentage", "status", "change", "previous"],
                   ["1", "kazakhstan", "Kazakhstan", "KAZ", "Eurasia", "no", "1.36", "5.95",
                    "Consolidated Authoritarian Regime", "0.04", "1.32"]]


def test_the_files_are_the_same_bytes_every_time(world, tmp_path):
    site, _ = world
    again, _ = derive(write_content(tmp_path, world_files()))
    assert ranking_files(site) == ranking_files(again)


def test_text_is_guarded_against_formulas_and_quoted(tmp_path):
    name = '=HYPERLINK("http://x", "y"), -1'
    country = COUNTRY.replace("name: Ruritania", f"name: '{name}'")
    site, _ = derive(write_content(tmp_path, country_files(NIT_REPORT, **{
        "countries/ruritania/country.yml": country})))
    data = ranking_files(site)["rankings/nit/2022.csv"]
    assert read(data)[1][2] == "'" + name
    assert b'"\'=HYPERLINK(""http://x"", ""y""), -1"' in data


def test_csv_lines_quotes_a_carriage_return_as_rfc_4180_asks():
    assert csv_lines([["a\rb", 1, None], ["c", 2.5, ""]]) == b'"a\rb",1,""\nc,2.5,\n'
    assert read(csv_lines([["x\ry", "-1"]])) == [["x\ry", "'-1"]]


def test_a_narrative_edit_keeps_the_files_and_a_renamed_country_remakes_them(tmp_path):
    content = tmp_path / "content"
    write_sample(content, 3, 2)
    out = tmp_path / "docs"
    assert render(content, out).returncode == 0
    ranking = out / "rankings" / "nit" / "2024.csv"
    before = ranking.read_bytes()
    slug, report = a_report(content)
    edit_narrative(report, "A sentence that no ranking shows")
    proc = render(content, out)
    assert proc.returncode == 0, proc.stderr
    assert ranking.read_bytes() == before
    # a name the ranking shows: the fingerprint changes, and so does the file (a full render)
    country = content / "countries" / slug / "country.yml"
    data = yaml.safe_load(country.read_text(encoding="utf-8"))
    data["name"] = "Renamed Land"
    country.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    proc = render(content, out)
    assert proc.returncode == 0, proc.stderr
    rows = read(ranking.read_bytes())
    assert [row[2] for row in rows if row[1] == slug] == ["Renamed Land"]
    fresh = tmp_path / "fresh"
    shutil.copytree(content, fresh / "content")
    assert render(fresh / "content", fresh / "docs").returncode == 0
    assert (fresh / "docs" / "rankings" / "nit" / "2024.csv").read_bytes() == ranking.read_bytes()
