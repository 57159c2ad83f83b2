"""The ParlGov importer: on the real tables (skipped without ../shared/data) and on small
tables written here, for the messages and the rules the real data do not exercise."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from generator.importers.country_table import Entry, Table, load_table, unmapped
from generator.importers.parlgov import (LOWER, NEEDED, body_of, import_parlgov,
                                         looks_like_parlgov)
from generator.model.records import Election

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
PARLGOV = DATA / "parlgov"
real = pytest.mark.skipif(not PARLGOV.is_dir(), reason="../shared/data/parlgov is absent")


def pages(result) -> dict[str, dict]:
    """The election files the patches make, as mappings."""
    out: dict[str, dict] = {}
    for patch in result.patches:
        assert patch.kind == "election" and len(patch.path) == 1
        out.setdefault(patch.rel, {})[patch.path[0]] = patch.value
    return out


def run(folder: Path, table=None):
    paths = {str(p): p for p in sorted(folder.glob("*.csv"))}
    return import_parlgov(paths, table or load_table(), lambda p: f"parlgov/{p.name}")


# --- The real tables -------------------------------------------------------------------------

def rows(name: str) -> list[dict[str, str]]:
    with open(PARLGOV / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def real_result():
    return run(PARLGOV)


@pytest.fixture(scope="module")
def real_pages(real_result):
    return pages(real_result)


@real
def test_real_counts(real_result, real_pages):
    # 844 national parliamentary elections (type 13) in 37 countries; 183 EP elections are not.
    parliament = [e for e in rows("election.csv") if e["type_id"] == "13"]
    assert len(parliament) == 844 and len(real_pages) == 844
    assert len({rel.split("/")[1] for rel in real_pages}) == 37
    assert real_result.errors == []
    assert real_result.summary.startswith("ParlGov: 844 national parliamentary elections in 37")
    assert any("parlgov/election.csv:838:" in w and "100.7%" in w for w in real_result.warnings)
    assert any(w.startswith("parlgov/election.csv:1063: election 1094 of 2020-07-05: votes_cast")
               for w in real_result.warnings)


SAMPLES = [  # (ISO3, date, page)
    ("DEU", "2021-09-26", "countries/germany/elections/bundestag-2021-09-26.yml"),
    ("GBR", "2019-12-12", "countries/united-kingdom/elections/house-of-commons-2019-12-12.yml"),
    ("JPN", "2021-10-31", "countries/japan/elections/house-of-representatives-2021-10-31.yml"),
    ("NZL", "1972-11-25",
     "countries/new-zealand/elections/house-of-representatives-1972-11-25.yml"),
    ("SWE", "1911-09-24", "countries/sweden/elections/riksdag-1911-09-24.yml"),
]


def csv_election(iso3: str, date: str) -> tuple[dict, list[tuple[dict, dict]]]:
    """The election's row and its (result, party) rows, read here without the importer."""
    country = next(c["id"] for c in rows("country.csv") if c["name_short"] == iso3)
    election = next(e for e in rows("election.csv") if e["country_id"] == country
                    and e["date"] == date and e["type_id"] == "13")
    parties = {p["id"]: p for p in rows("party.csv")}
    results = [(r, parties[r["party_id"]]) for r in rows("election_result.csv")
               if r["election_id"] == election["id"]]
    return election, results


def number(text: str):
    return None if text == "" else float(text) if "." in text else int(text)


@real
@pytest.mark.parametrize("iso3,date,rel", SAMPLES)
def test_real_sample(real_pages, iso3, date, rel):
    page = real_pages[rel]
    Election.model_validate(page)
    election, results = csv_election(iso3, date)
    assert (page["date"], page["kind"], page["seats"]) == (date, "legislative",
                                                           int(election["seats_total"]))
    assert page.get("electorate") == number(election["electorate"])
    assert page.get("votes_cast") == number(election["votes_cast"])
    shown = {(r["party"], r.get("short_name")): r for r in page["results"]}
    kept = 0
    for r, p in results:
        pseudo = p["name_short"] in ("etc", "none", "no-seat", "one-seat")
        # A row without votes, share or seats (0 seats, for a pseudo-party) is left out.
        if not (r["votes"] or r["vote_share"] or r["seats"] not in ("", "0")
                or (r["seats"] == "0" and not pseudo)):
            continue
        kept += 1
        if pseudo:
            continue
        item = shown[(" ".join(p["name_english"].split()).replace(" -- ", " – "),
                      p["name_short"].strip())]
        assert item.get("seats") == number(r["seats"])
        assert item.get("votes") == number(r["votes"])
        assert item.get("share") == (float(r["vote_share"]) if r["vote_share"] else None)
    assert len(page["results"]) == kept >= 3
    order = [(-r.get("seats", -1), -r.get("share", -1)) for r in page["results"]]
    assert order == sorted(order)


@real
def test_real_turnout_and_changes(real_pages):
    page = real_pages[SAMPLES[0][2]]
    election, results = csv_election("DEU", "2021-09-26")
    assert page["turnout"] == round(int(election["votes_cast"]) / int(election["electorate"])
                                    * 100, 1) == 76.6
    before = next(e for e in rows("election.csv")
                  if e["id"] == election["previous_parliament_election_id"])
    assert page["previous"] == before["date"] == "2017-09-24"
    _, old = csv_election("DEU", "2017-09-24")
    spd_now = next(r for r, p in results if p["name_short"] == "SPD")
    spd_then = next(r for r, p in old if p["name_short"] == "SPD")
    spd = next(r for r in page["results"] if r.get("short_name") == "SPD")
    assert spd["seats_change"] == int(spd_now["seats"]) - int(spd_then["seats"]) == 53
    assert spd["share_change"] == round(float(spd_now["vote_share"])
                                        - float(spd_then["vote_share"]), 2) == 5.24
    # The first Bundestag is not compared with the last Reichstag.
    first = real_pages["countries/germany/elections/bundestag-1949-08-14.yml"]
    assert "previous" not in first
    assert not any("seats_change" in r for r in first["results"])


@real
def test_real_pages_validate(real_pages):
    for rel, page in real_pages.items():
        Election.model_validate(page)
        assert rel.endswith(f"-{page['date']}.yml")


@real
def test_headers_recognised():
    for path in sorted(PARLGOV.glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            assert looks_like_parlgov(next(csv.reader(handle))), path.name
    for other in (DATA / "countries" / "country-codes.csv", DATA / "population" /
                  "population.csv"):
        if other.exists():
            with open(other, encoding="utf-8-sig", newline="") as handle:
                assert not looks_like_parlgov(next(csv.reader(handle))), other.name


# --- Tables written here ---------------------------------------------------------------------

TABLE = Table((Entry("ruritania", "Ruritania", "RUR", None, None, False, ()),
               Entry("germany", "Germany", "DEU", None, None, False, ())), path="names.yml")
COUNTRIES = [{"id": "1", "name": "Ruritania", "name_short": "RUR"}]
PARTIES = [
    {"id": "100", "country_id": "1", "name_short": "RP", "name_english": "Red  Party "},
    {"id": "101", "country_id": "1", "name_short": "BP", "name_english": "",
     "name": "Blaue Partei"},
    {"id": "102", "country_id": "1", "name_short": "etc", "name_english": "others"},
    {"id": "103", "country_id": "1", "name_short": "none",
     "name_english": "no party affiliation"},
    {"id": "104", "country_id": "1", "name_short": "GP", "name_english": "Green Party"},
]
ELECTIONS = [  # the first has a comment over two lines
    {"id": "10", "type_id": "13", "country_id": "1", "date": "2015-05-01", "seats_total": "100",
     "electorate": "1000", "votes_cast": "800", "votes_valid": "780",
     "comment": "recount\nin two districts"},
    {"id": "11", "type_id": "13", "country_id": "1", "date": "2019-05-05", "seats_total": "100",
     "electorate": "1000", "votes_cast": "", "previous_parliament_election_id": "10"},
    {"id": "12", "type_id": "1", "country_id": "1", "date": "2019-05-26", "seats_total": "21"},
]
RESULTS = [
    {"election_id": "10", "party_id": "100", "seats": "40", "vote_share": "41.5",
     "votes": "324"},
    {"election_id": "10", "party_id": "101", "seats": "60", "vote_share": "55.25"},
    {"election_id": "11", "party_id": "100", "seats": "55", "vote_share": "50.0"},
    {"election_id": "11", "party_id": "101", "seats": "45", "vote_share": "45.1"},
    {"election_id": "11", "party_id": "102", "seats": "0", "vote_share": "4.9"},
    {"election_id": "11", "party_id": "103", "seats": "0"},
    {"election_id": "11", "party_id": "104", "seats": "0"},
    {"election_id": "12", "party_id": "100", "seats": "21", "vote_share": "100"},
]


def write(folder: Path, name: str, records: list[dict]) -> None:
    columns = list(NEEDED[name]) + ["comment"]
    with open(folder / name, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, restval="")
        writer.writeheader()
        for i, record in enumerate(records, start=1):
            writer.writerow({"id": str(i), **record})


def tables(tmp_path: Path, skip: str = "", **changes: list[dict]) -> Path:
    """The four tables from the records above, `changes` replacing some; `skip` left out."""
    data = {"country.csv": COUNTRIES, "party.csv": PARTIES, "election.csv": ELECTIONS,
            "election_result.csv": RESULTS}
    for name, records in data.items():
        if name != skip:
            write(tmp_path, name, changes.get(name.removesuffix(".csv"), records))
    return tmp_path


def test_fixture_pages(tmp_path):
    result = run(tables(tmp_path), TABLE)
    assert result.errors == [] and result.warnings == []
    got = pages(result)
    assert sorted(got) == ["countries/ruritania/elections/parliament-2015-05-01.yml",
                           "countries/ruritania/elections/parliament-2019-05-05.yml"]
    first, second = got["countries/ruritania/elections/parliament-2015-05-01.yml"], \
        got["countries/ruritania/elections/parliament-2019-05-05.yml"]
    assert first["body"] == "Parliament" and "chamber" not in first
    assert first["turnout"] == 80.0 and "previous" not in first
    assert first["results"][0] == {"party": "Blaue Partei", "short_name": "BP",
                                   "share": 55.25, "seats": 60}
    assert "turnout" not in second and "votes_cast" not in second  # votes cast unknown
    assert second["previous"] == "2015-05-01"
    assert second["results"] == [
        {"party": "Red Party", "short_name": "RP", "share": 50.0, "seats": 55,
         "seats_change": 15, "share_change": 8.5},
        {"party": "Blaue Partei", "short_name": "BP", "share": 45.1, "seats": 45,
         "seats_change": -15, "share_change": -10.15},
        {"party": "Others", "share": 4.9, "seats": 0},
        {"party": "Green Party", "short_name": "GP", "seats": 0},  # independents' row dropped
    ]
    assert second["sources"] == [{"name": "ParlGov database, development version",
                                  "url": "https://www.parlgov.org/"}]
    for page in got.values():
        Election.model_validate(page)
    assert "2 national parliamentary elections in 1 countries" in result.summary


def test_missing_table(tmp_path):
    result = run(tables(tmp_path, skip="election_result.csv"), TABLE)
    assert result.patches == []
    assert result.errors == [
        "ParlGov's election_result.csv is missing: expected a CSV file whose header has the"
        " columns id, election_id, party_id, alliance_id, seats, vote_share, votes"]


def test_bad_number_with_its_line(tmp_path):
    bad = [dict(ELECTIONS[0]), dict(ELECTIONS[1], electorate="n/a")]
    result = run(tables(tmp_path, election=bad), TABLE)
    # The header is line 1; the first election takes lines 2 and 3, so the second is line 4.
    assert result.errors == ["parlgov/election.csv:4: electorate is 'n/a', expected a whole"
                             " number from 0 to 2,000,000,000 or nothing"]
    assert list(pages(result)) == ["countries/ruritania/elections/parliament-2015-05-01.yml"]


def test_out_of_range_reported(tmp_path):
    bad = [dict(r) for r in RESULTS]
    bad[3]["vote_share"], bad[0]["seats"] = "145.1", "-4"
    result = run(tables(tmp_path, election_result=bad), TABLE)
    assert result.errors == [
        "parlgov/election_result.csv:2: seats is -4, expected a whole number from 0 to 10,000"
        " or nothing",
        "parlgov/election_result.csv:5: vote_share is 145.1, expected a number from 0 to 100"
        " or nothing"]
    assert result.patches == []


def test_unmapped_country(tmp_path):
    countries = [dict(COUNTRIES[0], name_short="XRU")]
    result = run(tables(tmp_path, country=countries), TABLE)
    assert result.errors == [unmapped(TABLE, "XRU", "parlgov/country.csv:2")]
    assert "'XRU' is not in the table of country names (names.yml)" in result.errors[0]
    assert result.patches == []


def test_totals_over_are_warnings(tmp_path):
    over = [dict(r) for r in RESULTS]
    over[1]["vote_share"], over[1]["seats"] = "60", "61"
    result = run(tables(tmp_path, election_result=over), TABLE)
    assert result.errors == []
    assert result.warnings == [
        "parlgov/election.csv:2: election 10 of 2015-05-01: the parties' vote shares add up to"
        " 101.5%, expected at most 100.5; figures kept",
        "parlgov/election.csv:2: election 10 of 2015-05-01: the parties hold 101 seats,"
        " expected at most seats_total 100; figures kept"]
    first = pages(result)["countries/ruritania/elections/parliament-2015-05-01.yml"]
    assert first["results"][0]["seats"] == 61


def test_same_date_does_not_collide(tmp_path):
    twice = ELECTIONS + [dict(ELECTIONS[1], id="13", previous_parliament_election_id="")]
    result = run(tables(tmp_path, election=twice), TABLE)
    assert "countries/ruritania/elections/parliament-2019-05-05-2.yml" in pages(result)
    assert result.warnings == ["parlgov/election.csv:6: a second election of the same country"
                               " and body on 2019-05-05, written to"
                               " countries/ruritania/elections/parliament-2019-05-05-2.yml"]


def test_other_parlgov_tables_ignored_and_doubles_refused(tmp_path):
    folder = tables(tmp_path)
    (folder / "view_party.csv").write_text("country_name_short,country_name,party_id\n"
                                           "RUR,Ruritania,100\n", encoding="utf-8")
    assert len(pages(run(folder, TABLE))) == 2
    write(folder, "party.csv", PARTIES)
    (folder / "party-copy.csv").write_bytes((folder / "party.csv").read_bytes())
    result = run(folder, TABLE)
    assert result.errors == ["parlgov/party.csv: a second ParlGov party.csv (the first is"
                             " parlgov/party-copy.csv), expected one file of each table"]


def test_recognition_and_bodies():
    assert looks_like_parlgov(["\ufeffid", "election_id", "party_id", "alliance_id", "seats",
                               "vote_share", "votes", "comment"])
    assert not looks_like_parlgov(["id", "name", "date"])
    assert not looks_like_parlgov(["Country Name", "Country Code", "1960"])
    assert body_of("DEU", "1933-03-05") == ("Reichstag", None)
    assert body_of("DEU", "2021-09-26") == ("Bundestag", LOWER)
    assert body_of("NZL", "1946-11-27")[1] == LOWER and body_of("NZL", "1972-11-25")[1] != LOWER
    assert body_of("DNK", "1953-06-05") == ("Folketing", "single chamber")
    assert body_of("XXX", "2000-01-01") == ("Parliament", None)


def test_parties_of_one_name_told_apart(tmp_path):
    parties = PARTIES + [{"id": "105", "country_id": "1", "name_short": "RP-18",
                          "name_english": "Red Party"}]
    results = RESULTS + [{"election_id": "10", "party_id": "105", "seats": "0",
                          "vote_share": "1.5"}]
    result = run(tables(tmp_path, party=parties, election_result=results), TABLE)
    first = pages(result)["countries/ruritania/elections/parliament-2015-05-01.yml"]
    assert [r["party"] for r in first["results"]] == ["Blaue Partei", "Red Party (RP)",
                                                      "Red Party (RP-18)"]
    Election.model_validate(first)
