"""Freedom in the World on the pages (issue 25): a report's groups, indicators, adjustments,
electoral-democracy designation and acknowledged discrepancies, last year's figures beside its
own, the ratings history's status and ratings of an edition that states none; a country's
ratings history, territory label, codes, UN regions and population.

The fixture: Kazakhstan's FIW 2024 as published (indicators), 2023 with an Add Q adjustment and
a category whose indicators do not add up, listed as a discrepancy, 2010 (categories only),
2004 (the points only), and a history from 1992 to 2023; Hong Kong, a territory, with the
ratings only (2005) and a history from 1973 with the two-year editions of the 1980s. Run
`python -m tests.test_fiw_pages DIR` to write it as a content folder for a build.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from generator.model.check import check
from generator.site.docs import pages_for

from .conftest import REPO, country_files, write_content

KAZAKHSTAN = """\
name: Kazakhstan
slug: kazakhstan
iso: KAZ
codes: {iso2: KZ, m49: 398}
region: Eurasia
un_region: Asia
subregion: Central Asia
population: {2022: 19621972, 2023: 20033546}
population_source:
  name: World Bank, Population, total
  url: https://data.worldbank.org/indicator/SP.POP.TOTL
treaties:
  as_of: "2022"
  statuses: {iccpr: state-party, iccpr-op1: signatory, cat: state-party}
  years: {iccpr: 2006, iccpr-op1: 2009}
"""

HONG_KONG = """\
name: Hong Kong
slug: hong-kong
iso: HKG
territory: true
codes: {iso2: HK, m49: 344}
region: Asia-Pacific
un_region: Asia
subregion: Eastern Asia
"""


def _history(rows: list[tuple[str, int, int, int, str]]) -> str:
    """A history block: (edition label, year, PR, CL, status) a row."""
    lines = ["history:", "  fiw:", "    source:",
             "      name: Freedom House, Country and Territory Ratings and Statuses",
             "      url: https://freedomhouse.org/report/freedom-world", "    entries:"]
    for label, year, pr, cl, status in rows:
        lines.append(f'      - {{edition: "{label}", year: {year}, ratings: {{political-rights:'
                     f' {pr}, civil-liberties: {cl}}}, status: {status}}}')
    return "\n".join(lines) + "\n"


KZ_HISTORY = [(f"{y - 1}-{y % 100:02d}", y, 5 if y < 1994 else 6, 4, "partly-free")
              for y in (1992, 1993, 1994)] + \
    [(str(y), y, 6 if y < 2016 else 7, 5, "not-free") for y in range(1995, 2024)]
HK_HISTORY = [(str(y), y, 4, 2, "partly-free") for y in range(1973, 1983)] + \
    [(f"{y - 1}-{y % 100:02d}", y, 4, 2, "partly-free") for y in range(1984, 1990)] + \
    [(str(y), y, 6 if y == 2004 else 5, 2, "partly-free") for y in range(1990, 2005)]

FIW_2024 = """\
index: fiw
edition: 2024
covers: "2023"
status: not-free
aggregate: 23
electoral_democracy: false
groups:
  - {id: political-rights, total: 5, rating: 7, adjustments: {add-q: 0}}
  - {id: civil-liberties, total: 18, rating: 5}
categories:
  - {id: a-electoral-process, rating: 1, indicators: {a1: 0, a2: 1, a3: 0}}
  - {id: b-political-pluralism-and-participation, rating: 2,
     indicators: {b1: 1, b2: 0, b3: 1, b4: 0}}
  - {id: c-functioning-of-government, rating: 2, indicators: {c1: 1, c2: 0, c3: 1}}
  - {id: d-freedom-of-expression-and-belief, rating: 6, indicators: {d1: 1, d2: 2, d3: 2, d4: 1}}
  - {id: e-associational-and-organizational-rights, rating: 3, indicators: {e1: 1, e2: 1, e3: 1}}
  - {id: f-rule-of-law, rating: 3, indicators: {f1: 0, f2: 1, f3: 1, f4: 1}}
  - {id: g-personal-autonomy-and-individual-rights, rating: 6,
     indicators: {g1: 2, g2: 1, g3: 2, g4: 1}}
source:
  name: "Freedom House, Freedom in the World 2024: Kazakhstan"
  url: https://freedomhouse.org/country/kazakhstan/freedom-world/2024
"""

# C's indicators add up to 3 but C is stated as 2 (listed); Add Q takes a point off.
FIW_2023 = """\
index: fiw
edition: 2023
status: not-free
aggregate: 22
groups:
  - {id: political-rights, total: 4, rating: 7, adjustments: {add-q: 1}}
  - {id: civil-liberties, total: 18, rating: 5}
categories:
  - {id: a-electoral-process, rating: 1, indicators: {a1: 0, a2: 1, a3: 0}}
  - {id: b-political-pluralism-and-participation, rating: 2,
     indicators: {b1: 1, b2: 0, b3: 1, b4: 0}}
  - {id: c-functioning-of-government, rating: 2, indicators: {c1: 1, c2: 1, c3: 1}}
  - {id: d-freedom-of-expression-and-belief, rating: 6, indicators: {d1: 1, d2: 2, d3: 2, d4: 1}}
  - {id: e-associational-and-organizational-rights, rating: 3, indicators: {e1: 1, e2: 1, e3: 1}}
  - {id: f-rule-of-law, rating: 3, indicators: {f1: 0, f2: 1, f3: 1, f4: 1}}
  - {id: g-personal-autonomy-and-individual-rights, rating: 6,
     indicators: {g1: 2, g2: 1, g3: 2, g4: 1}}
discrepancies: [c-functioning-of-government]
"""

FIW_2010 = """\
index: fiw
edition: 2010
status: not-free
aggregate: 26
groups:
  - {id: political-rights, total: 7, rating: 6}
  - {id: civil-liberties, total: 19, rating: 5}
categories:
  - {id: a-electoral-process, rating: 2}
  - {id: b-political-pluralism-and-participation, rating: 3}
  - {id: c-functioning-of-government, rating: 2}
  - {id: d-freedom-of-expression-and-belief, rating: 6}
  - {id: e-associational-and-organizational-rights, rating: 3}
  - {id: f-rule-of-law, rating: 4}
  - {id: g-personal-autonomy-and-individual-rights, rating: 6}
"""

# The status stated does not follow from the ratings (listed).
FIW_2022 = """\
index: fiw
edition: 2022
status: partly-free
groups:
  - {id: political-rights, rating: 7}
  - {id: civil-liberties, rating: 5}
discrepancies: [status]
"""

# As FIW 2003-2005 are published: the points, no status and no ratings (the history has them).
FIW_2004 = """\
index: fiw
edition: 2004
aggregate: 28
groups:
  - {id: political-rights, total: 8}
  - {id: civil-liberties, total: 20}
"""

HK_2005 = """\
index: fiw
edition: 2005
status: partly-free
groups:
  - {id: political-rights, rating: 5}
  - {id: civil-liberties, rating: 2}
"""

# As published: totals off their scales (PR 44 of 40, the score 101 of 100), both listed.
LUXEMBOURG_2003 = """\
index: fiw
edition: 2003
aggregate: 101
groups:
  - {id: political-rights, total: 44}
  - {id: civil-liberties, total: 57}
discrepancies: [political-rights, aggregate]
"""
LUXEMBOURG_2004 = """\
index: fiw
edition: 2004
aggregate: 98
groups:
  - {id: political-rights, total: 38}
  - {id: civil-liberties, total: 60}
"""

# The source's own totals exceed 100% and the body's seats (listed).
ELECTION = """\
body: Mazhilis
kind: legislative
date: "2023-03-19"
seats: 10
results:
  - {party: Amanat, share: 60.0, seats: 6}
  - {party: Ak Zhol, share: 45.0, seats: 5}
discrepancies: [shares, seats]
"""

FILES = {
    "countries/kazakhstan/country.yml": KAZAKHSTAN + _history(KZ_HISTORY),
    "countries/kazakhstan/reports/fiw-2024.yml": FIW_2024,
    "countries/kazakhstan/reports/fiw-2023.yml": FIW_2023,
    "countries/kazakhstan/reports/fiw-2022.yml": FIW_2022,
    "countries/kazakhstan/reports/fiw-2010.yml": FIW_2010,
    "countries/kazakhstan/reports/fiw-2004.yml": FIW_2004,
    "countries/kazakhstan/elections/mazhilis-2023.yml": ELECTION,
    "countries/hong-kong/country.yml": HONG_KONG + _history(HK_HISTORY),
    "countries/hong-kong/reports/fiw-2005.yml": HK_2005,
    "countries/luxembourg/country.yml": "name: Luxembourg\nslug: luxembourg\nregion: Europe\n",
    "countries/luxembourg/reports/fiw-2003.yml": LUXEMBOURG_2003,
    "countries/luxembourg/reports/fiw-2004.yml": LUXEMBOURG_2004,
    **country_files(),  # Ruritania, Nations in Transit 2022
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    content = write_content(tmp_path_factory.mktemp("fiw"), FILES)
    checked = check(content, "content")
    assert not checked.failed(), [d.format() for d in checked.diagnostics]
    _, rendered = pages_for(checked.content, REPO / "templates")
    return {p.path: p.text for p in rendered}


def _rows(text: str) -> list[list[str]]:
    """The cells of every table row of the groups' tables, tags removed."""
    block = text[text.index('<div class="group-tables"'):text.index("</div>", text.index(
        '<div class="group-tables"'))]
    return [[re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>",
                                                                  row)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", block)]


def test_a_report_with_indicators_shows_them_in_one_table_per_group(pages):
    text = pages["countries/kazakhstan/fiw-2024.md"]
    rows = _rows(text)
    assert text.count("<table>") == 2  # inside the groups' block: Political Rights, then CL
    assert ["A", "Electoral Process", "1 / 12"] in rows
    assert ["A2", "National legislature chosen in free and fair elections", "1 / 4"] in rows
    assert ["G4", "Equal opportunity and freedom from economic exploitation", "1 / 4"] in rows
    assert ["", "Political Rights total", "5 / 40"] in rows
    assert ["", "Civil Liberties total", "18 / 60"] in rows
    indicators = [r for r in rows if re.fullmatch(r"[A-G][1-4]", r[0])]
    assert len(indicators) == 25
    assert len([r for r in rows if re.fullmatch(r"[A-G]", r[0])]) == 7
    assert "<caption>Political Rights: 5 / 40 points, rating 7 / 7</caption>" in text
    # the flat table of categories is not shown as well
    assert "<tr><th>Category</th><th>Rating</th></tr>" not in text


def test_the_scores_name_each_group_its_rating_and_their_meaning(pages):
    text = pages["countries/kazakhstan/fiw-2024.md"]
    assert ('<span class="status-label">Political Rights:</span> <strong>5</strong> / 40 points'
            ' · rating <strong>7</strong> / 7</p>') in text
    assert ('<span class="status-label">Civil Liberties:</span> <strong>18</strong> / 60 points'
            ' · rating <strong>5</strong> / 7</p>') in text
    assert "Ratings run from 1 (best) to 7 (worst); the status follows from their mean." in text
    assert '<span class="status-label">Electoral democracy:</span> <strong>No</strong>' in text
    # an adjustment of 0 points is not shown
    assert "Add Q" not in text
    assert "Electoral democracy" not in pages["countries/kazakhstan/fiw-2023.md"]


def test_the_score_card_recomputes_the_groups_and_the_status_from_the_ratings(pages):
    text = pages["countries/kazakhstan/fiw-2023.md"]
    card = text[text.index("### Stated and recomputed"):]
    card = card[:card.index("</table>")]
    assert "<tr><td>Status</td><td>Not Free</td><td>Not Free</td>" in card
    assert "<tr><td>Political Rights</td><td>4 / 40</td><td>4</td>" in card
    assert "<tr><td>Political Rights rating</td><td>7 / 7</td><td>7</td>" in card
    assert "<tr><td>Civil Liberties</td><td>18 / 60</td><td>18</td>" in card
    card = pages["countries/kazakhstan/fiw-2022.md"]
    assert "<tr><td>Status</td><td>Partly Free</td><td>Not Free</td>" in card
    assert "<tr><td>Political Rights rating</td><td>7 / 7</td><td>—</td>" in card


def test_an_adjustment_shows_as_points_taken_off(pages):
    text = pages["countries/kazakhstan/fiw-2023.md"]
    assert "<strong>4</strong> / 40 points (Add Q: \u22121) · rating" in text
    assert ["Add Q", "Deliberate change of a country’s ethnic composition to the detriment of a"
            " group (points taken off)".replace("’", "'"), "\u22121"] in _rows(text)


def test_the_discrepancy_note_names_the_figures_only_where_listed(pages):
    text = pages["countries/kazakhstan/fiw-2023.md"]
    assert "Figures as published" in text
    assert ("<li>Functioning of Government (C): stated 2, its indicators add up to 3.</li>"
            in text)
    assert text.count("<li>") == 1
    assert ["C", "Functioning of Government", "2 / 12"] in _rows(text)  # the stated figure
    assert ("<li>Status: stated Partly Free, the mean of the ratings, 6.0, gives Not Free.</li>"
            in pages["countries/kazakhstan/fiw-2022.md"])
    for path in ("countries/kazakhstan/fiw-2024.md", "countries/kazakhstan/fiw-2010.md",
                 "countries/hong-kong/fiw-2005.md"):
        assert "Figures as published" not in pages[path]
        assert "do not add up" not in pages[path]


def test_figures_off_their_scales_are_shown_as_stated(pages):
    text = pages["countries/luxembourg/fiw-2003.md"]
    assert "<li>Political Rights total: stated 44, outside its scale of -4 to 40.</li>" in text
    assert "<li>Global Freedom Score: stated 101, outside its scale of -4 to 100.</li>" in text
    assert '<span class="status-label">Political Rights:</span> <strong>44</strong> / 40' in text
    assert "<td>Global Freedom Score</td><td>101 / 100</td>" in text
    assert "chart-gauge" not in text  # no gauge can hold 101 of 100
    assert "chart-gauge" in pages["countries/luxembourg/fiw-2004.md"]
    chart = _chart(pages["countries/luxembourg/index.md"], "history-fiw")
    assert '<th scope="row">2003</th><td>101</td>' in chart


def test_an_edition_without_indicators_shows_the_categories_alone(pages):
    text = pages["countries/kazakhstan/fiw-2010.md"]
    rows = _rows(text)
    assert ["A", "Electoral Process", "2 / 12"] in rows
    assert ["", "Political Rights total", "7 / 40"] in rows
    assert not [r for r in rows if re.fullmatch(r"[A-G][1-4]", r[0])]
    assert '<th scope="col">Category</th>' in text
    assert "Category and indicators" not in text


def test_an_edition_with_only_the_ratings_has_no_table(pages):
    text = pages["countries/hong-kong/fiw-2005.md"]
    assert ('<span class="status-label">Political Rights:</span> rating <strong>5</strong> / 7'
            in text)
    assert '<span class="status-label">Civil Liberties:</span> rating <strong>2</strong> / 7' \
        in text
    assert "group-tables" not in text
    assert "## Categories" not in text
    assert "<table" not in text.split("### Stated and recomputed")[0]


def _card(text: str) -> list[list[str]]:
    """The cells of the rows of the score card (the stated-and-recomputed table)."""
    card = text[text.index("### Stated and recomputed"):]
    card = card[card.index("<tbody>"):card.index("</tbody>")]
    return [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", card)]


def test_last_year_is_the_previous_edition_with_the_change(pages):
    assert _card(pages["countries/kazakhstan/fiw-2024.md"]) == [
        ["Status", "Not Free", "Not Free", "Not Free", "unchanged"],
        ["Global Freedom Score", "23 / 100", "23", "22", "improved (+1)"],
        ["Political Rights", "5 / 40", "5", "4", "improved (+1)"],
        ["Political Rights rating", "7 / 7", "7", "7", "unchanged"],
        ["Civil Liberties", "18 / 60", "18", "18", "unchanged"],
        ["Civil Liberties rating", "5 / 7", "5", "5", "unchanged"]]
    # 2022 states the status and ratings only; a worse status declines, a rating of 7 after 7
    # is unchanged, and a lower civil liberties rating (2010's 5 after the history's 5) too
    card = _card(pages["countries/kazakhstan/fiw-2023.md"])
    assert card[0] == ["Status", "Not Free", "Not Free", "Partly Free", "declined"]
    assert card[1] == ["Global Freedom Score", "22 / 100", "22", "—", ""]
    assert ["Political Rights rating", "7 / 7", "7", "7", "unchanged"] in card
    assert "(last year: Partly Free)" in pages["countries/kazakhstan/fiw-2023.md"]
    # no edition before: last year is the history's (its 2009 survey)
    card = _card(pages["countries/kazakhstan/fiw-2010.md"])
    assert card[0] == ["Status", "Not Free", "Not Free", "Not Free (ratings history)",
                       "unchanged"]
    assert ["Political Rights rating", "6 / 7", "6", "6 (ratings history)", "unchanged"] in card
    assert ["Political Rights", "7 / 40", "7", "—", ""] in card


def test_points_improve_upwards_and_ratings_downwards(pages):
    card = _card(pages["countries/luxembourg/fiw-2004.md"])  # no history: nothing of it shown
    assert card == [["Status", "—", "—", "—", ""],
                    ["Global Freedom Score", "98 / 100", "—", "101", "declined (\u22123)"],
                    ["Political Rights", "38 / 40", "—", "44", "declined (\u22126)"],
                    ["Civil Liberties", "60 / 60", "—", "57", "improved (+3)"]]
    assert "ratings history" not in pages["countries/luxembourg/fiw-2004.md"]
    card = _card(pages["countries/hong-kong/fiw-2005.md"])  # 5 after the history's 6
    assert ["Political Rights rating", "5 / 7", "—", "6 (ratings history)",
            "improved (\u22121)"] in card


def test_an_edition_without_status_or_ratings_shows_the_historys(pages):
    text = pages["countries/kazakhstan/fiw-2004.md"]
    assert ('<strong class="status">Not Free</strong> <span class="status-previous">(from the'
            ' ratings history; last year: Not Free)</span>') in text
    assert ('<span class="status-label">Political Rights:</span> <strong>8</strong> / 40 points'
            ' · rating <strong>6</strong> / 7</p>') in text
    assert ("This edition’s report states no status or ratings: they are from Freedom House’s"
            " ratings history, 2004 survey (<a href=\"https://freedomhouse.org/report/"
            "freedom-world\">Freedom House, Country and Territory Ratings and Statuses</a>).") \
        in text
    # the history's 2003 for last year (no 2003 report); the ratings recomputed from the points
    assert _card(text) == [
        ["Status", "Not Free (ratings history)", "Not Free", "Not Free (ratings history)",
         "unchanged"],
        ["Global Freedom Score", "28 / 100", "—", "—", ""],
        ["Political Rights", "8 / 40", "—", "—", ""],
        ["Political Rights rating", "6 / 7 (ratings history)", "6", "6 (ratings history)",
         "unchanged"],
        ["Civil Liberties", "20 / 60", "—", "—", ""],
        ["Civil Liberties rating", "5 / 7 (ratings history)", "5", "5 (ratings history)",
         "unchanged"]]
    # the report's own figures stay as stated where others use them (no status stated)
    assert "Kazakhstan's results in Freedom in the World 2004\"" in text


def test_a_later_edition_shows_the_historys_figures_as_last_years(pages):
    # Hong Kong 2005 after the history's 2004 (no 2004 report)
    card = _card(pages["countries/hong-kong/fiw-2005.md"])
    assert card[0] == ["Status", "Partly Free", "Partly Free", "Partly Free (ratings history)",
                       "unchanged"]
    assert ["Civil Liberties rating", "2 / 7", "—", "2 (ratings history)", "unchanged"] in card
    assert "from the ratings history" not in pages["countries/hong-kong/fiw-2005.md"]


def _chart(text: str, prefix: str) -> str:
    start = text.index(f'aria-labelledby="{prefix}-title')
    return text[text.rindex("<figure", 0, start):text.index("</figure>", start)]


def _points(chart: str) -> list[int]:
    """The number of markers on each line (not those of the legend and the end labels)."""
    return [len(re.findall(r"<(?:circle|rect|path) [^>]*class=\"marker", group))
            for group in re.findall(r'<g class="series">(.*?)</g>', chart, re.S)]


def test_the_country_page_charts_the_ratings_history_from_the_first_survey(pages):
    text = pages["countries/kazakhstan/index.md"]
    chart = _chart(text, "history-fiw-ratings")
    svg = chart[:chart.index("</svg>")]
    assert _points(svg) == [33, 33]  # 1992 to 2023 from the history, 2024 from its report
    assert "ratings and status, 1992 to 2024" in chart
    assert "status Partly Free from 1992 to 1994, Not Free from 1995 to 2024" in chart
    table = chart[chart.index("<table>"):]
    assert "<tr><th scope=\"row\">1992</th><td>5</td><td>4</td><td>Partly Free</td></tr>" in table
    assert "<tr><th scope=\"row\">2024</th><td>7</td><td>5</td><td>Not Free</td></tr>" in table
    # better is up: rating 1 is the top grid line, 7 the bottom
    ticks = re.findall(r'<text x="[\d.]+" y="([\d.]+)">([1-7])</text>', svg)
    by_rating = {int(t): float(y) for y, t in ticks}
    assert by_rating[1] < by_rating[7]
    # the history comes before the charts of the reports' figures
    assert text.index("history-fiw-ratings") < text.index('aria-labelledby="history-fiw-title')
    assert "Ratings and statuses: [Freedom House, Country and Territory Ratings and Statuses]" \
        in text


def test_a_territory_history_with_two_year_editions(pages):
    text = pages["countries/hong-kong/index.md"]
    chart = _chart(text, "history-fiw-ratings")
    assert _points(chart) == [32, 32]
    assert "1973 to 2005" in chart


def test_the_country_facts(pages):
    text = pages["countries/kazakhstan/index.md"]
    assert "\n*Eurasia*\n" in text
    assert '<tr><th scope="row">Population</th><td>20,033,546 (2023)</td></tr>' in text
    assert '<tr><th scope="row">UN region</th><td>Asia</td></tr>' in text
    assert '<tr><th scope="row">UN sub-region</th><td>Central Asia</td></tr>' in text
    assert '<tr><th scope="row">ISO 3166-1 codes</th><td>KAZ, KZ</td></tr>' in text
    assert '<tr><th scope="row">UN M49 code</th><td>398</td></tr>' in text
    assert ("Population figure: [World Bank, Population, total]"
            "(https://data.worldbank.org/indicator/SP.POP.TOTL)") in text
    hong_kong = pages["countries/hong-kong/index.md"]
    assert "\n*Territory · Asia\\-Pacific*\n" in hong_kong
    assert "Population" not in hong_kong


def test_treaties_list_each_protocol_after_its_treaty_with_the_year(pages):
    text = pages["countries/kazakhstan/tracker.md"]
    rows = [line for line in text.splitlines() if line.startswith("| ") and "treaty-" in line]
    names = [row.split(" | ")[1] for row in rows]
    assert names[:4] == ["ICCPR", "ICCPR\\-OP1", "ICCPR\\-OP2", "ICESCR"]
    assert "State party since 2006</span>" in rows[0]
    assert "Signatory since 2009</span>" in rows[1]
    cat = next(row for row in rows if " | CAT | " in row)
    assert "State party</span>" in cat  # no year recorded


def test_an_election_whose_totals_exceed_what_they_can_be_says_so(pages):
    text = pages["countries/kazakhstan/elections/mazhilis-2023.md"]
    assert ("although the parties' vote shares add up to 105.0% and the parties hold 11 seats,"
            " more than the 10 of the body.</p>") in text
    assert "<title>Amanat: 6 seats</title>" in text  # the seats drawn as the source gives them
    assert "Vacant" not in text


def test_the_methodology_page_explains_indicators_groups_ratings_and_status(pages):
    text = pages["methodology/fiw.md"]
    assert len(re.findall(r"^\| [A-G][1-4] \| ", text, re.M)) == 25
    assert "| A1 | Head of government chosen in free and fair elections | Electoral Process |" \
        in text
    assert "- Add Q, Deliberate change" in text and ": takes off 0 to 4 points." in text
    assert "adds 0 to 4 points (editions –2017)." in text
    assert "| 7 | -4 | 5 |" in text  # the band has no lower bound: the scale's
    assert "The status follows from the mean of the groups' ratings" in text
    assert "| Partly Free | 3 | 5 |" in text
    assert "sum of the groups' totals" in text
    assert "does not recompute" not in text


def test_a_report_of_an_index_without_groups_shows_none_of_this(pages):
    text = pages["countries/ruritania/nit-2022.md"]
    for absent in ("group-tables", "Figures as published", "Electoral democracy",
                   "Ratings run from"):
        assert absent not in text
    assert "<tr><th>Category</th><th>Rating</th></tr>" in text  # the table of categories
    country = pages["countries/ruritania/index.md"]
    assert "ratings and status" not in country and '<table class="facts">' not in country


def write_fixture(folder: Path) -> Path:
    """The fixture as a content folder under `folder` (for a manual build)."""
    return write_content(folder, FILES)


if __name__ == "__main__":
    print(write_fixture(Path(sys.argv[1])))
