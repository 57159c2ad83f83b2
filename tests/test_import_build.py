"""Both seeds imported with `python -m generator import`, built, and checked by hand-written values."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .conftest import REPO, build, section_notes, soup

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def imported_site(seeds, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("imported")
    content = tmp / "content"
    shutil.copytree(REPO / "content" / "indices", content / "indices")
    shutil.copy(REPO / "content" / "treaties.yml", content / "treaties.yml")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "import", *sorted(map(str, seeds.glob("*.txt"))),
         "--into", str(content)], cwd=REPO, capture_output=True, text=True)
    # the other-scores box of the NIT page names no edition: two lines are reported, exit 1
    assert result.returncode == 1
    unplaced = [line for line in result.stderr.splitlines() if ": not placed: " in line]
    assert len(unplaced) == 2 and "Global Freedom Score 23" in unplaced[0]
    assert "Internet Freedom Score 34" in unplaced[1]
    built = build(content, tmp / "site", tmp / "work")
    assert built.returncode == 0, built.stderr
    return tmp / "site"


def test_imported_nit_report(imported_site):
    page = soup(imported_site, "countries/kazakhstan/nit-2022")
    table = page.find(id="stated-and-recomputed").find_next("table")
    rows = {tr.find_all(["td", "th"])[0].get_text(strip=True):
            [td.get_text(strip=True) for td in tr.find_all("td")][1:]
            for tr in table.find_all("tr")[1:]}
    assert rows["Democracy Score"][:3] == ["1.36 / 7", "1.36", "1.32"]
    assert rows["Democracy Percentage"][:3] == ["5.95 / 100", "5.95", "5"]
    assert rows["Status"][0] == "Consolidated Authoritarian Regime"
    ratings = {"national-democratic-governance": "1.25", "electoral-process": "1.25",
               "civil-society": "1.50", "independent-media": "1.25",
               "local-democratic-governance": "1.75",
               "judicial-framework-and-independence": "1.25", "corruption": "1.25"}
    bullets = {"national-democratic-governance": 8, "electoral-process": 7, "civil-society": 7,
               "independent-media": 6, "local-democratic-governance": 3,
               "judicial-framework-and-independence": 7, "corruption": 6}
    notes = {"summary": 4, "national-democratic-governance": 20, "electoral-process": 19,
             "civil-society": 15, "independent-media": 10, "local-democratic-governance": 13,
             "judicial-framework-and-independence": 13, "corruption": 12}
    for cid, rating in ratings.items():
        heading = page.find("h3", id=cid)
        assert f"Rating: {rating} / 7" in heading.find_next("p").get_text()
        assert len(heading.find_next("ul").find_all("li", recursive=False)) == bullets[cid]
    for section, n in notes.items():
        refs, items = section_notes(page, "executive-summary" if section == "summary" else section)
        assert [a.get_text() for a in refs] == [str(i) for i in range(1, n + 1)]
        assert [f"#{li['id']}" for li in items] == [a["href"] for a in refs]
    assert len(page.select("a.footnote-ref")) == 106
    changes = page.find(id="score-changes").find_next("ul").get_text(" ", strip=True)
    assert "Local Democratic Governance improved from 1.50 to 1.75" in changes
    assert "Shalkar Nurseitov" in page.find(id="author").find_next("p").get_text()


def test_imported_tracker(imported_site):
    page = soup(imported_site, "countries/kazakhstan/tracker")
    titles = [h.get_text(strip=True) for h in page.select("h4")]
    assert len(titles) == 5
    assert titles[-1].startswith("Draft bill targets foreign correspondents")
    assert len(page.select(".watch-flag")) == 1
    assert page.select(".watch-flag")[0].find_previous("h4").get_text().startswith("Draft bill")
    text = page.get_text(" ", strip=True)
    assert "Sources: Eurasianet, Human Rights Watch (1), Human Rights Watch (2)" in text
    for rank in ("128 of 173", "107 of 173", "112 of 173", "142 of 173"):
        assert rank in text
    facts = {th.get_text(strip=True): th.find_next("td").get_text(strip=True)
             for th in page.select("table.facts th")}
    assert facts["Population"] == "19,002,590"
    assert facts["Head of government"] == "Prime Minister Oljas Bektenov, since 2024"
    assert facts["Latest Universal Periodic Review"] == "7 November 2019"
    assert facts["UPR recommendations supported"] == "87.35%"
    assert len(facts) == 12
    statuses = [td.get_text(" ", strip=True) for td in
                page.select("#human-rights-treaties ~ table td:last-child")]
    assert sum(s.endswith("State party") for s in statuses) == 16
    assert sum(s.endswith("No action") for s in statuses) == 1
