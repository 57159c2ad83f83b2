"""Election pages and a country's list of elections (issue 25): the turnout figures, each
party's change in seats and vote share against the previous election of the body, with links
between the elections, and the country page's table of elections, newest first.

The fixture: Ruritania's Assembly elected in 2017 (after a Constituent Assembly in 2013) and
2021 (which names 2017 as its previous), a Senate election in 2019 whose previous (2015) is not
on the site, and a local election without seats or votes.
"""

from __future__ import annotations

import re

import pytest

from generator.model.check import check
from generator.site.docs import pages_for

from .conftest import COUNTRY, REPO, write_content

SOURCE = """\
sources:
  - name: ParlGov database, development version
    url: "https://www.parlgov.org/"
"""

ASSEMBLY_2017 = """\
body: Assembly
kind: legislative
date: "2017-05-07"
seats: 100
turnout: 70
previous: "2013-04-14"
results:
  - {party: Blue Party, short_name: BP, votes: 400000, share: 40.0, seats: 45, seats_change: -15}
  - {party: Red Party, votes: 350000, share: 35.0, seats: 40}
  - {party: Green Party, votes: 250000, share: 25.0, seats: 15}
""" + SOURCE

ASSEMBLY_2021 = """\
body: Assembly
kind: legislative
date: "2021-05-09"
seats: 101
electorate: 1500000
votes_cast: 1060000
votes_valid: 1040000
turnout: 70.7
previous: "2017-05-07"
results:
  - {party: Red Party, votes: 450000, share: 43.27, seats: 50, seats_change: 10,
     share_change: 8.27}
  - {party: Blue Party, short_name: BP, votes: 390000, share: 37.5, seats: 41,
     seats_change: -4, share_change: -2.5}
  - {party: Green Party, votes: 200000, share: 19.23, seats: 10, seats_change: -5,
     share_change: -5.77}
  - {party: New Party, votes: 1000, seats: 0}
""" + SOURCE

SENATE_2019 = """\
body: Senate
kind: legislative
date: "2019-10-13"
seats: 30
previous: "2015-10-11"
results:
  - {party: Red Party, seats: 16, seats_change: 0, share_change: 0.02}
  - {party: Blue Party, seats: 14}
""" + SOURCE

# The Assembly's first election was to a Constituent Assembly.
CONSTITUENT_2013 = """\
body: Constituent Assembly
kind: legislative
date: "2013-04-14"
results:
  - {party: Blue Party, seats: 60}
"""

COUNCIL_2020 = """\
body: Council
kind: local
date: "2020-03-01"
results:
  - {party: Independents}
"""

FILES = {
    "countries/ruritania/country.yml": COUNTRY,
    "countries/ruritania/elections/assembly-2017.yml": ASSEMBLY_2017,
    "countries/ruritania/elections/assembly-2021.yml": ASSEMBLY_2021,
    "countries/ruritania/elections/senate-2019.yml": SENATE_2019,
    "countries/ruritania/elections/council-2020.yml": COUNCIL_2020,
    "countries/ruritania/elections/constituent-assembly-2013.yml": CONSTITUENT_2013,
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    content = write_content(tmp_path_factory.mktemp("elections"), FILES)
    checked = check(content, "content")
    assert not checked.failed(), [d.format() for d in checked.diagnostics]
    _, rendered = pages_for(checked.content, REPO / "templates")
    return {p.path: p.text for p in rendered}


def _table(text: str, heading: str) -> list[list[str]]:
    """The cells of the Markdown table of the section under `heading`, header row first."""
    section = text[text.index(heading) + len(heading):].split("\n## ")[0]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
            for line in section.splitlines()
            if line.startswith("|") and not line.startswith("|---")]


def _facts(text: str) -> dict[str, str]:
    """The rows of the page's table of facts; none without one."""
    if '<table class="facts">' not in text:
        return {}
    table = text.split('<table class="facts">')[1].split("</table>")[0]
    return dict(re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', table))


def test_the_turnout_figures_the_source_gives(pages):
    facts = _facts(pages["countries/ruritania/elections/assembly-2021.md"])
    assert facts == {"Seats": "101", "Electorate": "1,500,000", "Votes cast": "1,060,000",
                     "Valid votes": "1,040,000", "Turnout": "70.7%"}
    # a figure the source lacks is left out
    assert _facts(pages["countries/ruritania/elections/assembly-2017.md"]) == {
        "Seats": "100", "Turnout": "70%"}
    assert _facts(pages["countries/ruritania/elections/council-2020.md"]) == {}


def test_each_party_has_its_change_in_seats_and_share(pages):
    text = pages["countries/ruritania/elections/assembly-2021.md"]
    assert _table(text, "## Results") == [
        ["Party", "Votes", "Share", "Seats", "± seats", "± share"],
        ["Red Party", "450,000", "43.3%", "50", "+10", "+8.3"],
        ["Blue Party (BP)", "390,000", "37.5%", "41", "\u22124", "\u22122.5"],
        ["Green Party", "200,000", "19.2%", "10", "\u22125", "\u22125.8"],
        ["New Party", "1,000", "0.1%*", "0", "—", "—"]]  # a new party: no change
    assert ("Changes (±) since the previous Assembly election, [7 May 2017](assembly-2017.md);"
            " the vote share's in percentage points.") in text


def test_a_change_that_rounds_to_nothing_has_no_sign(pages):
    rows = _table(pages["countries/ruritania/elections/senate-2019.md"], "## Results")
    assert rows[1] == ["Red Party", "16", "0", "0.0"]


def test_elections_link_the_previous_and_the_next_of_their_body(pages):
    later = pages["countries/ruritania/elections/assembly-2021.md"]
    earlier = pages["countries/ruritania/elections/assembly-2017.md"]
    assert "[← Assembly, 7 May 2017](assembly-2017.md)\n" in later
    assert "[Assembly, 9 May 2021 →](assembly-2021.md)\n" in earlier
    assert "→" not in later
    # the previous election named is not on the site: its date, no link
    senate = pages["countries/ruritania/elections/senate-2019.md"]
    assert "Changes (±) since the previous Senate election, 11 October 2015; the" in senate
    assert "←" not in senate and "→" not in senate
    # an election of another body, named: the Assembly's first after the Constituent Assembly
    assert ("Changes (±) since the previous Assembly election, [Constituent Assembly, 14 April"
            " 2013](constituent-assembly-2013.md).") in earlier
    assert "[← Constituent Assembly, 14 April 2013](constituent-assembly-2013.md) · [Assembly," \
        in earlier
    # without changes, no line about them
    assert "Changes (±)" not in pages["countries/ruritania/elections/council-2020.md"]


def test_an_election_page_cites_its_source(pages):
    text = pages["countries/ruritania/elections/assembly-2021.md"]
    assert "Sources: [ParlGov database, development version](https://www.parlgov.org/)" in text
    assert ("Ruritania: Assembly election, 2021. Results from ParlGov database, development"
            " version.</code>") in text
    assert "[All of Ruritania](../index.md) · [Its elections](../index.md#elections)" in text


def test_the_country_lists_its_elections_newest_first_in_a_table(pages):
    text = pages["countries/ruritania/index.md"]
    assert _table(text, "## Elections") == [
        ["Date", "Body", "Turnout", "Largest party", "Seats"],
        ["[2021-05-09](elections/assembly-2021.md)", "Assembly", "70.7%", "Red Party",
         "50 of 101"],
        ["[2020-03-01](elections/council-2020.md)", "Council", "—", "—", "—"],
        ["[2019-10-13](elections/senate-2019.md)", "Senate", "—", "Red Party", "16 of 30"],
        # turnouts with the decimals of the most precise
        ["[2017-05-07](elections/assembly-2017.md)", "Assembly", "70.0%", "Blue Party",
         "45 of 100"],
        ["[2013-04-14](elections/constituent-assembly-2013.md)", "Constituent Assembly", "—",
         "Blue Party", "60"]]
    assert ("Sources: [ParlGov database, development version](https://www.parlgov.org/)\n"
            in text.split("## Elections")[1])
