"""Nations in Transit pages: the importer on the real page excerpts in ../shared/pages (issue 27),
scored against tests/fixtures/pages/nit.yml by tests/pages_score.py.

Each excerpt is read as `generator import` reads it (intake.read_page, no hints) and its records
and problems are flattened into these fact names:

    country                    the folder the report is filed under (OPEN_COUNTRY when unknown)
    edition, status, aggregate, percentage
    last_year.aggregate, last_year.percentage, last_year.status
    categories.<id>            the category's rating, current orientation (7 = best)
    changes                    sorted ids of the categories with a score change
    changes.<id>.from, .to     the change's ratings, current orientation
    orientation                "old" when the importer converted old-orientation values, else "new"
    author                     the author's name (or names)
    summary.starts             the executive summary's first four words
    summary.notes              how many note markers the summary holds
    unrated                    sorted ids of the labels printed without a value (the Democracy
                               Score as "aggregate"): reported, never read as zeros
    box.<index>, box.<index>.status
                               a score of the "On <country>" box (global-freedom,
                               internet-freedom), reported as not placed: it has no edition
    other.<label>              another fact reported as not placed ("not placed: Label: value"),
                               e.g. other.nit-country-rank, other.freedom-in-the-world-status
    cut_at                     the line where the importer says the page's text stops
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator.importers import import_text
from generator.importers.intake import read_page
from generator.importers.text import slugify
from generator.model.narrative import refs_in

from .pages_score import PAGES, TARGET, expectations, score
from .test_importers import INDICES, TREATIES

REPO = Path(__file__).resolve().parents[1]
BOX = re.compile(r"^not placed: (Global Freedom|Internet Freedom) Score (-?\d+)/100 ([a-z ]+) \(")
OTHER = re.compile(r"^not placed: ([^:(]+): (.+?) \(")
UNRATED = re.compile(r"^no rating printed for category '([a-z-]+)'")
CUT = re.compile(r"^(?:the text stops mid-sentence|the page is marked partial)")




def found_facts(path: Path, entry: dict | None = None) -> dict[str, Any]:
    """The facts the importer gives for one excerpt, by the names above."""
    result = import_text(read_page(path), path.name, INDICES, TREATIES)
    facts: dict[str, Any] = {}
    reports = [(p, r) for p, kind, r in result.records if kind == "report" and r.index == "nit"]
    if reports:
        where, r = reports[0]
        facts["country"] = where.split("/")[1]
        for name in ("edition", "status", "aggregate", "percentage"):
            if getattr(r, name) is not None:
                facts[name] = getattr(r, name)
        if r.previous is not None:
            for name in ("aggregate", "percentage", "status"):
                if getattr(r.previous, name) is not None:
                    facts[f"last_year.{name}"] = getattr(r.previous, name)
        for c in r.categories:
            if c.rating is not None:
                facts[f"categories.{c.id}"] = c.rating
        facts["changes"] = sorted(c.category for c in r.score_changes)
        for c in r.score_changes:
            facts[f"changes.{c.category}.from"], facts[f"changes.{c.category}.to"] = c.old, c.new
        facts["orientation"] = "old" if "old orientation" in (r.data_note or "") else "new"
        if r.author is not None:
            facts["author"] = r.author.name
        if r.summary is not None:
            facts["summary.starts"] = " ".join(r.summary.paragraphs[0].split()[:4])
            facts["summary.notes"] = sum(len(refs_in(p)) for p in r.summary.paragraphs)
    unrated = []
    for line, message in result.problems:
        if m := BOX.match(message):
            name = slugify(m.group(1))
            facts[f"box.{name}"], facts[f"box.{name}.status"] = int(m.group(2)), m.group(3)
        elif m := OTHER.match(message):
            facts[f"other.{slugify(m.group(1))}"] = m.group(2)
        elif m := UNRATED.match(message):
            unrated.append(m.group(1))
        elif message.startswith("no Democracy Score printed"):
            unrated.append("aggregate")
        elif CUT.match(message):
            facts["cut_at"] = line
    if unrated:
        facts["unrated"] = sorted(unrated)
    return facts


@pytest.mark.skipif(not PAGES.is_dir(), reason="../shared/pages is absent")
def test_nit_pages_score():
    result = score("nit", found_facts)
    assert result.wrong == []
    assert result.share >= TARGET, result.line() + "\n" + "\n".join(result.missing)


@pytest.mark.skipif(not PAGES.is_dir(), reason="../shared/pages is absent")
@pytest.mark.parametrize("name", sorted(expectations("nit")))
def test_nit_page_every_line_placed_or_reported(name):
    """No line of an excerpt is left unexplained: placed, page chrome, or a problem that is
    not 'not recognised' (each excerpt's lines are all of known kinds)."""
    result = import_text(read_page(PAGES / name), name, INDICES, TREATIES)
    assert result.format == "nit"
    assert [p for p in result.problems if p[1].startswith(("not recognised", "importer"))] == []


# --- The same layouts on invented pages (these run without ../shared/pages) -------------------

RUN_TOGETHER = """Nations in Transit 2014 - Ruritania
Regime Classification: Semi-Consolidated Authoritarian Regime
Democracy Score: 5.25 / 7 (1 = Most Democratic, 7 = Least Democratic)
NIT Edition201220132014
Corruption5.255.505.50
Civil Society4.504.504.75
Judicial Framework and Independence5.005.005.25
Electoral Process5.005.255.50
Local Democratic Governance5.005.005.00
Independent Media5.005.005.25
National Democratic Governance5.255.505.50
Democracy Score5.005.115.25
"""

CONVERTED = {"corruption": 2.5, "civil-society": 3.25, "judicial-framework-and-independence": 2.75,
             "electoral-process": 2.5, "local-democratic-governance": 3.0,
             "independent-media": 2.75, "national-democratic-governance": 2.5}


def _run(text: str, **hints):
    return import_text(text, "page.txt", INDICES, TREATIES, **hints)


def _report(result):
    [(path, kind, report)] = result.records
    assert kind == "report"
    return path, report


def test_run_together_table_old_orientation_converted():
    result = _run(RUN_TOGETHER)
    path, r = _report(result)
    assert path == "countries/ruritania/reports/nit-2014.yml"
    assert (r.edition, r.status, r.aggregate) == (2014, "semi-consolidated-authoritarian-regime",
                                                  2.75)
    assert {c.id: c.rating for c in r.categories} == CONVERTED
    assert r.previous.aggregate == 2.89  # 2013's score, the previous edition's
    assert "old orientation" in r.data_note
    assert [m for _, m in result.problems] == [
        "the ratings table's columns of other editions (2012–2013) are not imported: only"
        " 2014's, and 2013's Democracy Score as last year's"]


def test_run_together_row_that_does_not_split_is_reported_not_guessed():
    text = RUN_TOGETHER.replace("Corruption5.255.505.50", "Corruption5.255.5005.50")
    result = _run(text)
    _, r = _report(result)
    assert "corruption" not in {c.id for c in r.categories}
    assert (5, "ratings row 'Corruption' does not split into 3 ratings of the 1–7 scale with two"
               " decimals, one per edition; not imported") in result.problems
    assert any("categories not printed" in m and "corruption" in m for _, m in result.problems)


def test_flattened_pdf_table_and_no_country_anywhere():
    text = ("Nations in Transit Ratings and Averaged Scores 2013 2014 Corruption 5.50 5.50"
            " Civil Society 4.50 4.75 Judicial Framework 5.00 5.25 and Independence Electoral"
            " Process 5.25 5.50 Local Democratic 5.00 5.00 Governance Independent Media 5.00"
            " 5.25 National Democratic 5.50 5.50 Governance Democracy Score 5.11 5.25 NOTE: The"
            " ratings run from 1 to 7 here, 1 = best. EXECUTIVE SUMMARY The council ruled alone"
            " again in 2013, and the courts followed it.")
    result = _run(text)
    path, r = _report(result)
    assert path == "countries/country-not-known/reports/nit-2014.yml"
    assert {c.id: c.rating for c in r.categories} == CONVERTED
    assert (r.aggregate, r.previous.aggregate) == (2.75, 2.89)
    assert r.summary.paragraphs == ["The council ruled alone again in 2013, and the courts"
                                    " followed it."]
    assert any("no country named" in m for _, m in result.problems)
    path, _ = _report(_run(text, country="Ruritania"))
    assert path == "countries/ruritania/reports/nit-2014.yml"


def test_labels_without_values_are_reported_never_zeros():
    text = ("Nations in Transit 2013 - Ruritania\n2013 Scores\nDemocracy Score\n\n"
            "Regime Classification\nConsolidated Democracy\nCivil Society\n\nCorruption\n")
    result = _run(text)
    _, r = _report(result)
    assert (r.status, r.aggregate, r.categories) == ("consolidated-democracy", None, [])
    problems = [m for _, m in result.problems]
    assert "no Democracy Score printed (its label stands without a value)" in problems
    assert "no rating printed for category 'civil-society'" in problems
    assert "no rating printed for category 'corruption'" in problems


def test_label_with_its_value_on_the_next_line():
    text = ("Nations in Transit 2013 - Ruritania\n2013 Scores\nDemocracy Score\n2.50\n"
            "Civil Society\n3.00\nThe ratings run from 1 to 7 in this copy, 1 = best.\n")
    _, r = _report(_run(text))
    assert (r.aggregate, [(c.id, c.rating) for c in r.categories]) == (5.5,
                                                                       [("civil-society", 5.0)])


def test_partial_page_says_where_it_stops():
    text = "URL: https://example.org/nit\nPARTIAL: yes\n" + RUN_TOGETHER
    result = _run(text)
    _, r = _report(result)
    assert str(r.source.url) == "https://example.org/nit"
    assert (14, "the page is marked partial (PARTIAL: yes): its text stops after this line, the"
                " rest is not imported") in result.problems


@pytest.mark.parametrize("run,count,expected", [
    ("5.005.005.50", 3, [5.0, 5.0, 5.5]), ("1.25 1.75", 2, [1.25, 1.75]),
    ("5.005.0055.0", 3, None), ("5.005.00", 3, None), ("8.005.00", 2, None), ("5.5 5.50", 2, None),
])
def test_split_values_only_where_unambiguous(run, count, expected):
    from generator.importers.nit_tables import split_values
    assert split_values(run, count) == expected


def test_old_table_with_not_rated_columns_and_a_starred_row():
    text = ("Cite as Freedom House, Nations in Transit 2005 - Ruritania, 1 June 2005\n"
            "The ratings run from 1 to 7 in this copy, 1 = best.\n"
            "NIT Edition200320042005\n"
            "Governance*5.005.25n/a\n"
            "National Democratic Governancen/an/a5.50\n"
            "Electoral Process5.505.505.75\n")
    result = _run(text)
    path, r = _report(result)
    assert path == "countries/ruritania/reports/nit-2005.yml"
    assert [(c.id, c.rating) for c in r.categories] == [("national-democratic-governance", 2.5),
                                                         ("electoral-process", 2.25)]
    assert not [m for _, m in result.problems if m.startswith("not recognised")]


@pytest.mark.parametrize("run,expected", [
    ("200320042005", [2003, 2004, 2005]), ("1998 1999-2000 2001", [1998, "1999-2000", 2001]),
    ("19981999-20002001", [1998, "1999-2000", 2001]), ("1999–2000 2001", ["1999–2000", 2001]),
    ("2003 2005", None), ("1998 1999-2001 2001", None), ("2001-1999 2002", None),
    ("2003 20O4", None),
])
def test_table_columns_follow_each_other_and_keep_their_spans(run, expected):
    from generator.importers.nit_tables import years_of
    assert years_of(run) == expected


SPAN_TABLE = ("Nations in Transit 2002: Ruritania\n"
              "The ratings run from 1 to 7 in this copy, 1 = best.\n"
              "Nations in Transit Ratings and Averaged Scores\n"
              "1998 1999-2000 2001 2002\n"
              "Electoral Process 3.00 3.25 3.50 3.75\n"
              "Civil Society 2.75 2.75 3.00 3.00\n"
              "Democracy Score 3.10 3.20 3.35 3.40\n")


@pytest.mark.parametrize("text", [SPAN_TABLE, SPAN_TABLE.replace("\n1998", " 1998").replace(
    "\nElectoral", " Electoral").replace("\nCivil", " Civil").replace("\nDemocracy Score 3",
                                                                          " Democracy Score 3")])
def test_a_column_headed_by_a_span_of_years_is_reported_and_the_others_read(text):
    """Early tables head one column with two years ("1999-2000"): no one edition of the site,
    so that column is reported, never filed under a year; the edition's own column is read."""
    result = _run(text)
    path, r = _report(result)
    assert path == "countries/ruritania/reports/nit-2002.yml"
    assert [(c.id, c.rating) for c in r.categories] == [("electoral-process", 4.25),
                                                         ("civil-society", 5.0)]
    assert (r.aggregate, r.previous.aggregate) == (4.6, 4.65)  # 8 - 3.40, 8 - 3.35
    problems = [m for _, m in result.problems]
    assert ("ratings table column '1999-2000' names a span of years, not one edition; its"
            " ratings are not imported") in problems
    assert not [m for m in problems if m.startswith("not recognised")]


def test_pipe_table_rows_read_as_lines():
    text = ("Nations in Transit 2023 - Ruritania\n| Label | Value |\n|---|---|\n"
            "| DEMOCRACY-SCORE Democracy Score | 3.79 7 |\n| Civil Society | 4.25 |\n")
    result = _run(text)
    _, r = _report(result)
    assert (r.aggregate, [(c.id, c.rating) for c in r.categories]) == (3.79,
                                                                       [("civil-society", 4.25)])
