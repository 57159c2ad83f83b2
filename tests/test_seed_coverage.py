"""Every element of the two seed pages, mapped to the page and element of the built site showing it.

Each row: a fact as the seed prints it (checked against the seed when ../shared/seeds is there),
the page of the built site, a CSS selector, and the text that element must contain. The values
are written here by hand from the seeds; the site is built from the shipped content.
"""

from __future__ import annotations

import re

import pytest

from .conftest import section_notes, soup

NIT = "countries/kazakhstan/nit-2022"
TRACKER = "countries/kazakhstan/tracker"
ELECTION = "countries/kazakhstan/elections/mazhilis-2021"
FH_SEED = "000_9169a21da3493286.txt"
IDEA_SEED = "003_d680151501cb9161.txt"


def _row(table_heading: str, label: str) -> str:
    """Selector-free lookup key: the row of the table after a heading whose first cell is label."""
    return f"row::{table_heading}::{label}"


CATEGORIES = [
    # (name, rating as printed "1.251 7.007" -> 1.25, number of notes, heading id)
    ("National Democratic Governance", "1.25", 20, "national-democratic-governance"),
    ("Electoral Process", "1.25", 19, "electoral-process"),
    ("Civil Society", "1.50", 15, "civil-society"),
    ("Independent Media", "1.25", 10, "independent-media"),
    ("Local Democratic Governance", "1.75", 13, "local-democratic-governance"),
    ("Judicial Framework and Independence", "1.25", 13, "judicial-framework-and-independence"),
    ("Corruption", "1.25", 12, "corruption"),
]

# (seed, text in the seed, page, where on the page, expected text there)
SCORE_CARD = [
    (FH_SEED, "Consolidated Authoritarian Regime", NIT, _row("stated-and-recomputed", "Status"),
     "Consolidated Authoritarian Regime"),
    (FH_SEED, "Democracy Percentage 5.95 100", NIT, _row("stated-and-recomputed", "Democracy Percentage"),
     "5.95 / 100"),
    (FH_SEED, "Democracy Score 1.36 7", NIT, _row("stated-and-recomputed", "Democracy Score"), "1.36 / 7"),
    (FH_SEED, "5 100 Consolidated Authoritarian Regime", NIT,
     _row("stated-and-recomputed", "Democracy Percentage"), "| 5 |"),
    (FH_SEED, "with 7 representing the highest", NIT, "#scores ~ p",
     "7 marks the most democratic"),
    (FH_SEED, "See the methodology", NIT, "#scores ~ p a[href$='methodology/nit/']",
     "How NIT is computed"),
    (FH_SEED, "Governance rating improved from 1.50 to 1.75", NIT,
     "#score-changes ~ ul li", "Local Democratic Governance improved from 1.50 to 1.75"),
    (FH_SEED, "Democracy Score improved from 1.32 to 1.36", NIT, "#score-changes ~ ul li",
     "Democracy Score improved from 1.32 to 1.36"),
    (FH_SEED, "Author: Shalkar Nurseitov", NIT, "#author ~ p strong", "Shalkar Nurseitov"),
    (FH_SEED, "23 100 not free", NIT, _row("other-scores-of-kazakhstan", "Freedom in the World"),
     "23 / 100"),
    (FH_SEED, "34 100 not free", NIT, _row("other-scores-of-kazakhstan", "Freedom on the Net"),
     "34 / 100"),
]

EVENTS = [
    # (printed month and title, event id, sources as printed, watch flag)
    ("January 2025", "Satirist’s arrest signals crackdown on speech",
     "satirist-temirlan-yensebek-arrested", ["Eurasianet", "Factcheck.kz", "Havli"], False),
    ("January 2025", "Constitutional court’s ruling yields a small win",
     "constitutional-court-assembly-permit-ruling", ["Radio Azattyq", "Kursiv"], False),
    ("June 2024", "New media law worries journalists, advocates", "new-media-law-signed",
     ["Human Rights Watch", "Radio Free Europe/Radio Liberty", "Voice of America"], False),
    ("April 2024", "Domestic violence criminalized", "domestic-violence-law-signed",
     ["Eurasianet", "Human Rights Watch (1)", "Human Rights Watch (2)"], False),
    ("January 2024", "Draft bill targets foreign correspondents",
     "draft-bill-foreign-correspondents",
     ["Radio Free Europe/Radio Liberty", "International Press Institute"], True),
]

RANKINGS = [("Representation", "128/173"), ("Rights", "107/173"), ("Rule of Law", "112/173"),
            ("Participation", "142/173")]

BASIC_INFO = [
    # (label as the seed prints it, its value there, the row label on the site, value shown)
    ("Population", "19 002 590", "Population", "19,002,590"),
    ("System of government", "Presidential system", "System of government",
     "Presidential system"),
    ("Head of government", "Prime Minister Oljas Bektenov (since 2024)", "Head of government",
     "Prime Minister Oljas Bektenov, since 2024"),
    ("Head of government party", "Amanat", "Party of the head of government", "Amanat"),
    ("Electoral system for lower or single chamber", "List Proportional Representation",
     "Electoral system (lower or single chamber)", "List Proportional Representation"),
    ("Women in lower or single chamber", "19.4%", "Women in the lower or single chamber",
     "19.4%"),
    ("Women in upper chamber", "24.0%", "Women in the upper chamber", "24.0%"),
    ("Last legislative election", "2023", "Last legislative election", "2023"),
    ("Head of state", "President Kassym-Jomart Tokayev", "Head of state",
     "President Kassym-Jomart Tokayev"),
    ("Selection process for head of state", "Direct election (two-round majority)",
     "Selection of the head of state", "Direct election (two-round majority)"),
    ("Latest Universal Periodic Review (UPR) date", "07/11/2019",
     "Latest Universal Periodic Review", "7 November 2019"),
    ("Latest Universal Periodic Review (UPR) percentage of recommendations supported", "87.35%",
     "UPR recommendations supported", "87.35%"),
]

TREATIES = [
    # (name as the seed prints it, short name on the site, status as printed)
    ("International Covenant on Civil and Political Rights", "ICCPR", "State Party"),
    ("International Covenant on Economic, Social and Cultural Rights", "ICESCR", "State Party"),
    ("International Convention on the Elimination of All Forms of Racial Discrimination", "ICERD",
     "State Party"),
    ("Convention on the Elimination of Discrimination Against Women", "CEDAW", "State Party"),
    ("Convention against Torture and Other Cruel, Inhuman and Degrading Treatment or Punishment",
     "CAT", "State Party"),
    ("Convention on the Rights of the Child", "CRC", "State Party"),
    ("International Convention on Protection of the Rights of All Migrant Workers and Members of "
     "Their Families", "ICMW", "No Action"),
    ("International Convention for the Protection of All Persons from Enforced Disappearance",
     "CPED", "State Party"),
    ("International Convention on the Rights of Persons with Disabilities", "CRPD", "State Party"),
    ("Forced Labour Convention", "C029", "State Party"),
    ("Freedom of Association and Protection of the Right to Organise Convention", "C087",
     "State Party"),
    ("Right to Organise and Collective Bargaining Convention", "C098", "State Party"),
    ("Equal Remuneration Convention", "C100", "State Party"),
    ("Abolition of Forced Labour Convention", "C105", "State Party"),
    ("Discrimination (Employment and Occupation) Convention", "C111", "State Party"),
    ("Convention concerning Minimum Age for Admission to Employment", "C138", "State Party"),
    ("Worst Forms of Child Labour Convention", "C182", "State Party"),
]

ELECTION_RESULTS = [
    # (fact in the NIT seed, party row on the election page, seats)
    ("Nur Otan took 76 seats", "Nur Otan", "76"),
    ("Ak Zhol took 12 seats", "Ak Zhol", "12"),
    ("QHP took 10 seats", "People's Party of Kazakhstan (QHP)", "10"),
    ("remaining 9 seats were distributed",
     "Assembly of the People of Kazakhstan (indirect)", "9"),
]


def seed_text(seeds, name: str) -> str:
    return re.sub(r"\s+", " ", (seeds / name).read_text(encoding="utf-8"))


def element_text(page, where: str) -> str:
    """Text of the element(s) a mapping row points at."""
    if where.startswith("row::"):
        _, heading, label = where.split("::")
        table = page.find(id=heading).find_next("table")
        for tr in table.find_all("tr"):
            cells = [c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])]
            if cells and cells[0] == label:
                return " | ".join(cells)
        raise AssertionError(f"no row '{label}' in the table after #{heading}")
    found = page.select(where)
    assert found, f"nothing at {where}"
    return " || ".join(re.sub(r"\s+", " ", f.get_text(" ", strip=True)) for f in found)


@pytest.mark.parametrize("seed, fact, path, where, shown", SCORE_CARD,
                         ids=[row[1][:40] for row in SCORE_CARD])
def test_score_card_elements(seeds, shipped_site, seed, fact, path, where, shown):
    assert fact in seed_text(seeds, seed)
    assert shown in element_text(soup(shipped_site, path), where)


@pytest.mark.parametrize("name, rating, notes, anchor", CATEGORIES, ids=[c[3] for c in CATEGORIES])
def test_each_category_rating_and_notes(seeds, shipped_site, name, rating, notes, anchor):
    seed = seed_text(seeds, FH_SEED)
    assert f"{name} 1.00-7.00 pts" in seed
    printed = rating.replace(".50", ".5").replace(".75", ".75")
    assert re.search(rf"{re.escape(rating)}\d 7\.00\d", seed) or printed in seed
    page = soup(shipped_site, NIT)
    heading = page.find("h3", id=anchor)
    assert heading is not None and heading.get_text().startswith(name)
    assert f"Rating: {rating} / 7" in heading.find_next("p").get_text()
    refs, items = section_notes(page, anchor)
    assert [a.get_text() for a in refs] == [str(n) for n in range(1, notes + 1)]
    assert [f"#{li['id']}" for li in items] == [a["href"] for a in refs]


def test_summary_notes(seeds, shipped_site):
    seed = seed_text(seeds, FH_SEED)
    for glued in ("effective1 .", "information,”2", "“recognition” 3", "September4 ."):
        assert glued in seed
    page = soup(shipped_site, NIT)
    refs, items = section_notes(page, "executive-summary")
    assert [a.get_text() for a in refs] == ["1", "2", "3", "4"] and len(items) == 4
    assert page.find(id="executive-summary") and page.find(id="at-a-glance")


@pytest.mark.parametrize("month, title, event_id, sources, watch", EVENTS,
                         ids=[e[2] for e in EVENTS])
def test_each_event_with_sources_and_watch_flag(seeds, shipped_site, month, title, event_id,
                                                sources, watch):
    seed = seed_text(seeds, IDEA_SEED)
    assert title in seed and f"Sources: {', '.join(sources)}" in seed
    page = soup(shipped_site, TRACKER)
    heading = page.find("h4", id=f"event-{event_id}")
    assert heading is not None
    assert heading.find_previous("h3").get_text(strip=True).startswith(month)
    block = []
    for sibling in heading.find_next_siblings():
        if sibling.name in ("h2", "h3", "h4"):
            break
        block.append(sibling)
    text = " ".join(b.get_text(" ", strip=True) for b in block)
    assert f"Sources: {', '.join(sources)}" in text
    has_flag = any("watch-flag" in (b.get("class") or []) and "Event to watch" in b.get_text()
                   for b in block)
    assert has_flag == watch


def test_event_update_is_attached(seeds, shipped_site):
    assert "Update: the law went into force in August 2024" in seed_text(seeds, IDEA_SEED)
    page = soup(shipped_site, TRACKER)
    heading = page.find("h4", id="event-new-media-law-signed")
    update = heading.find_next("strong", string=re.compile("^Update"))
    assert update is not None and update.find_previous("h4") is heading
    assert "August 2024" in update.get_text()


@pytest.mark.parametrize("name, printed", RANKINGS)
def test_four_rankings(seeds, shipped_site, name, printed):
    assert f"{name} {printed}" in seed_text(seeds, IDEA_SEED)
    rank, of = printed.split("/")
    cells = element_text(soup(shipped_site, TRACKER), _row("global-ranking-per-category-2023",
                                                            name))
    assert f"{rank} of {of}" in cells


@pytest.mark.parametrize("label, value, site_label, shown", BASIC_INFO,
                         ids=[b[0][:30] for b in BASIC_INFO])
def test_each_basic_information_row(seeds, shipped_site, label, value, site_label, shown):
    assert f"{label} {value}" in seed_text(seeds, IDEA_SEED).replace(" Tooltip", "")
    cells = element_text(soup(shipped_site, TRACKER), _row("basic-information", site_label))
    assert shown in cells


def test_all_17_treaties_with_status(seeds, shipped_site):
    seed = seed_text(seeds, IDEA_SEED)
    page = soup(shipped_site, TRACKER)
    rows = {}
    for tr in page.select("#human-rights-treaties ~ table tr"):
        cells = [c.get_text(" ", strip=True) for c in tr.find_all("td")]
        if cells:
            rows[cells[1]] = cells[3]
    for printed, short, status in TREATIES:
        assert f"{printed} {status}" in seed
        label = status.capitalize() if status != "State Party" else "State party"
        assert re.fullmatch(rf"\S+ {label}( since \d{{4}})?", rows[short]), short  # + UN year
    assert len(TREATIES) == 17


@pytest.mark.parametrize("fact, party, seats", ELECTION_RESULTS, ids=[r[1] for r in
                                                                      ELECTION_RESULTS])
def test_election_results(seeds, shipped_site, fact, party, seats):
    assert fact in seed_text(seeds, FH_SEED)
    cells = element_text(soup(shipped_site, ELECTION), _row("results", party))
    assert cells.endswith(f"| {seats}")


def test_election_turnout_and_threshold(seeds, shipped_site):
    seed = seed_text(seeds, FH_SEED)
    assert "voter turnout was 63 percent" in seed and "7-percent threshold" in seed
    page = soup(shipped_site, ELECTION)
    text = page.get_text(" ", strip=True)
    assert "Turnout 63%" in text and "Threshold 7%" in text and "Seats 107" in text
