"""Readers of the reference files (generator/importers/reference.py): country codes, population
and UN treaty status, on small files written here and on the real files of ../shared/data
(skipped without them)."""

from __future__ import annotations

import csv

import pytest

from generator.importers import reference
from generator.importers.country_table import load_table
from generator.importers.patches import ById
from generator.model.load import load_file
from generator.model.records import TreatyCatalogue

from .conftest import REPO

DATA = REPO.parent / "shared" / "data"
real = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data is not present")

TABLE = """\
countries:
  - id: kazakhstan
    name: Kazakhstan
    iso3: KAZ
    iso2: KZ
    m49: 398
    names: [Kazakstan]
  - id: namibia
    name: Namibia
    iso3: NAM
    iso2: NA
    m49: 516
  - id: timor-leste
    name: Timor-Leste
    iso3: TLS
    iso2: TL
    m49: 626
    names: [East Timor]
  - id: kosovo
    name: Kosovo
  - id: gaza-strip
    name: Gaza Strip
    territory: true
"""
CATALOGUE = TreatyCatalogue.model_validate({"treaties": [
    {"id": "iccpr", "body": "un", "name": "International Covenant on Civil and Political"
     " Rights", "short_name": "ICCPR"},
    {"id": "iccpr-op1", "body": "un", "name": "Optional Protocol to the ICCPR",
     "short_name": "ICCPR-OP1", "protocol_to": "iccpr"},
    {"id": "op-cat", "body": "un", "name": "Optional Protocol to the CAT",
     "short_name": "OP-CAT", "aliases": ["OPCAT"]}]})
TREATY_HEADER = ("iso2,member,state party,year ratification or accession,signatory,no action,"
                 "status,note")
CODES_HEADER = ("ISO3166-1-Alpha-3,ISO3166-1-Alpha-2,M49,official_name_en,Region Name,"
                "Sub-region Name")
POPULATION_HEADER = "Country Name,Country Code,Year,Value"
PARLGOV_HEADER = "id,name,name_short,oecd_accession_date,eu_accession_date,iso_numeric"


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "names.yml"
    path.write_text(TABLE, encoding="utf-8")
    return load_table(path)


def write(tmp_path, name, *lines):
    path = tmp_path / name
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def values(result, cid, *path):
    """The values the patches of one country set at one key path."""
    return [p.value for p in result.patches
            if p.rel == f"countries/{cid}/country.yml" and p.path == path]


# --- Recognisers ----------------------------------------------------------------------------


@pytest.mark.parametrize("header, kind", [
    (CODES_HEADER, "codes"), (POPULATION_HEADER, "population"),
    (TREATY_HEADER, "treaty"), ("\ufeff" + POPULATION_HEADER.upper(), "population"),
    (PARLGOV_HEADER, None), ("Country/Territory,Region,C/T,Edition", None)])
def test_each_recogniser_accepts_its_header_and_refuses_the_others(header, kind):
    cells = header.split(",")
    assert reference.looks_like_codes(cells) == (kind == "codes")
    assert reference.looks_like_population(cells) == (kind == "population")
    assert reference.looks_like_treaty_status(cells) == (kind == "treaty")


# --- Treaty status --------------------------------------------------------------------------


def test_treaty_status_and_years_with_namibia_read_as_text(tmp_path, table):
    path = write(tmp_path, "hr_status_iccpr_op1.csv", TREATY_HEADER,
                 "KZ,Kazakhstan,1,2009,0,0,state party,",
                 "NA,Namibia,1,1994,0,0,state party,",
                 "TP,East Timor,0,,1,0,signatory state,",
                 "MS,Montserrat,0,,0,1,no action,")
    result = reference.import_treaty_status(path, table, CATALOGUE, "un/op1.csv")
    assert result.errors == []
    assert values(result, "namibia", "treaties", "statuses", "iccpr-op1") == ["state-party"]
    assert values(result, "namibia", "treaties", "years", "iccpr-op1") == [1994]
    assert values(result, "timor-leste", "treaties", "statuses", "iccpr-op1") == ["signatory"]
    assert values(result, "timor-leste", "treaties", "years", "iccpr-op1") == []
    assert values(result, "kazakhstan", "treaties", "as_of") == ["2009"]
    name = "United Nations Treaty Collection (status as of 2009)"
    assert values(result, "kazakhstan", "treaties", "sources", ById(name, "name")) == [{
        "name": name, "url": "https://treaties.un.org/"}]
    assert result.warnings == [
        "un/op1.csv:4: iso2 'TP' is not Timor-Leste's code (TL); matched by the name"
        " 'East Timor'",
        "un/op1.csv:5: 'Montserrat' (MS) is not a country or territory the site covers;"
        " skipped"]
    assert result.summary == ("treaty status ICCPR-OP1: 3 countries (2 state parties,"
                              " 1 signatories, 0 no action), as of 2009; 1 skipped")
    patch = result.patches[0]
    assert patch.kind == "country" and patch.create == (("name", "Kazakhstan"),
                                                        ("slug", "kazakhstan"))
    dated = reference.import_treaty_status(path, table, CATALOGUE, "op1.csv", as_of="2022-06")
    assert values(dated, "namibia", "treaties", "as_of") == ["2022-06"]


@pytest.mark.parametrize("name, tid", [("hr_status_opcat.csv", "op-cat"),
                                       ("HR_STATUS_ICCPR-OP1.csv", "iccpr-op1"),
                                       ("hr_status_iccpr.csv", "iccpr"),
                                       ("hr_status_op_cat.csv", "op-cat")])
def test_the_treaty_is_told_from_the_file_name(tmp_path, name, tid):
    assert reference.treaty_of(tmp_path / name, CATALOGUE).id == tid


@pytest.mark.parametrize("name", ["hr_status_icescr.csv", "status_iccpr.csv", "hr_status_.csv"])
def test_a_file_whose_treaty_cannot_be_told(tmp_path, table, name):
    path = write(tmp_path, name, TREATY_HEADER, "KZ,Kazakhstan,1,2009,0,0,state party,")
    result = reference.import_treaty_status(path, table, CATALOGUE, f"data/{name}")
    assert result.errors == [
        f"data/{name}: which treaty this is cannot be told from its name; expected"
        " hr_status_<treaty>.csv with a treaty of content/treaties.yml"]
    assert result.patches == []


def test_an_unknown_status_is_an_error_with_its_line(tmp_path, table):
    path = write(tmp_path, "hr_status_iccpr.csv", TREATY_HEADER,
                 'KZ,"Kazakhstan,',
                 'Republic of",1,2006,0,0,state party,',
                 "NA,Namibia,1,1994,0,0,ratified,",
                 "TL,Timor-Leste,1,20x3,0,0,state party,")
    result = reference.import_treaty_status(path, table, CATALOGUE, "iccpr.csv")
    assert result.errors == [
        "iccpr.csv:4: status 'ratified' of Namibia is not known, expected one of: state party,"
        " signatory state, signatory, no action",
        "iccpr.csv:5: year '20x3' of Timor-Leste is not a year, expected one from 1900 to"
        " 2100"]
    assert result.patches == []  # nothing of a file with errors


def test_a_code_and_a_name_of_two_places_is_an_error(tmp_path, table):
    path = write(tmp_path, "hr_status_iccpr.csv", TREATY_HEADER,
                 "NA,Kazakhstan,1,2006,0,0,state party,",
                 "KZ,Kazakhstan,1,2006,0,0,state party,",
                 "KZ,Kazakstan,1,2006,0,0,state party,")
    result = reference.import_treaty_status(path, table, CATALOGUE, "iccpr.csv")
    assert result.errors == [
        "iccpr.csv:2: iso2 'NA' is Namibia's code but the member 'Kazakhstan' is Kazakhstan,"
        " expected the two to name one country",
        "iccpr.csv:4: Kazakhstan is listed again (line 3), expected one row a country"]


def test_a_missing_column_is_one_line(tmp_path, table):
    path = write(tmp_path, "hr_status_iccpr.csv", "iso2,member,state party", "KZ,Kazakhstan,1")
    result = reference.import_treaty_status(path, table, CATALOGUE, "iccpr.csv")
    assert result.errors == ["iccpr.csv:1: the header has no column 'status', expected the"
                             " columns iso2, member, status"]
    path.write_bytes(b"iso2,member,status\r\nKZ,Kaz\xe9,no action\r\n")
    result = reference.import_treaty_status(path, table, CATALOGUE, "iccpr.csv")
    assert result.errors[0].startswith("iccpr.csv: cannot read it as UTF-8 text")


# --- Country codes --------------------------------------------------------------------------


def test_codes_for_the_places_of_the_table(tmp_path, table):
    path = write(tmp_path, "codes.csv", CODES_HEADER,
                 "KAZ,KZ,398,Kazakhstan,Asia,Central Asia",
                 "NAM,NA,516,Namibia,Africa,Sub-Saharan Africa",
                 "ABW,AW,533,Aruba,Americas,Latin America and the Caribbean")
    result = reference.import_codes(path, table, "codes.csv")
    assert result.errors == []
    assert values(result, "kazakhstan", "iso") == ["KAZ"]
    assert values(result, "kazakhstan", "codes") == [{"iso2": "KZ", "m49": 398}]
    assert values(result, "kazakhstan", "subregion") == ["Central Asia"]
    assert values(result, "kazakhstan", "un_region") == ["Asia"]
    assert values(result, "namibia", "codes") == [{"iso2": "NA", "m49": 516}]
    assert values(result, "gaza-strip", "territory") == [True]
    assert values(result, "kosovo", "territory") == [False]
    assert values(result, "kosovo", "iso") == [] and values(result, "aruba", "iso") == []
    assert result.warnings == ["codes.csv: Timor-Leste's ISO code TLS (in the table of country"
                               " names) is not in this file"]
    assert result.summary == ("country codes: 2 countries and territories, 2 without an ISO"
                              " code; 1 codes of places the site does not cover skipped")


def test_wrong_codes_are_errors_with_their_lines(tmp_path, table):
    path = write(tmp_path, "codes.csv", CODES_HEADER,
                 "KAZ,KZ,39x,Kazakhstan,Asia,Central Asia",
                 "NAM,na,516,Namibia,Africa,Sub-Saharan Africa",
                 "NAM,NA,516,Namibia,Africa,Sub-Saharan Africa")
    result = reference.import_codes(path, table, "codes.csv")
    assert result.errors == [
        "codes.csv:2: M49 '39x' of KAZ is not a UN M49 number, expected a whole number from 1"
        " to 999",
        "codes.csv:3: ISO alpha-2 code 'na' of NAM is not two capital letters, expected a code"
        " such as KZ",
        "codes.csv:4: ISO code 'NAM' is listed again (line 3), expected one row a code"]
    assert result.patches == []


# --- Population -----------------------------------------------------------------------------


def test_population_by_year_sorted_with_aggregates_skipped(tmp_path, table):
    path = write(tmp_path, "population.csv", POPULATION_HEADER,
                 "Kazakhstan,KAZ,2021,19196465", "Kazakhstan,KAZ,2020,19000000",
                 "Kazakhstan,KAZ,2019,", "World,WLD,2020,7800000000",
                 "Kosovo,XKX,2020,1790000", "Gaza Strip,PSE,2020,5000000")
    result = reference.import_population(path, table, "population.csv")
    assert result.errors == []
    (kaz,) = values(result, "kazakhstan", "population")
    assert list(kaz.items()) == [(2020, 19000000), (2021, 19196465)]
    assert values(result, "kosovo", "population") == [{2020: 1790000}]  # by name: no ISO code
    assert values(result, "gaza-strip", "population") == []  # PSE is not the Gaza Strip's code
    assert values(result, "kazakhstan", "population_source") == [
        {"name": "World Bank, Population, total",
         "url": "https://data.worldbank.org/indicator/SP.POP.TOTL"}]
    assert result.summary == ("population: 2 countries and territories, 2020-2021; 2 codes of"
                              " regional aggregates and places the site does not cover skipped")


def test_wrong_population_rows_are_errors_with_their_lines(tmp_path, table):
    path = write(tmp_path, "population.csv", POPULATION_HEADER,
                 "Kazakhstan,KAZ,2020,19000000", "Kazakhstan,KAZ,2020,19000001",
                 "Kazakhstan,KAZ,20x0,1", "Namibia,NAM,2020,-5")
    result = reference.import_population(path, table, "population.csv")
    assert result.errors == [
        "population.csv:3: Kazakhstan 2020 is listed again (line 2), expected one row a"
        " country and year",
        "population.csv:4: year '20x0' is not a year, expected one from 1900 to 2100",
        "population.csv:5: population '-5' is not a whole number of inhabitants, expected one"
        " from 0 to 10,000,000,000"]
    assert result.patches == []


# --- The real files -------------------------------------------------------------------------


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def catalogue():
    doc, problems = load_file(REPO / "content" / "treaties.yml", "content/treaties.yml")
    assert not problems
    return TreatyCatalogue.model_validate(doc.data)


@real
def test_real_codes():
    result = reference.import_codes(DATA / "countries" / "country-codes.csv", load_table(),
                                    "country-codes.csv")
    assert result.errors == [] and result.warnings == []
    assert values(result, "kazakhstan", "codes") == [{"iso2": "KZ", "m49": 398}]
    assert values(result, "kazakhstan", "un_region") == ["Asia"]
    assert values(result, "namibia", "codes") == [{"iso2": "NA", "m49": 516}]
    assert values(result, "hong-kong", "territory") == [True]
    assert values(result, "gaza-strip", "iso") == [] and values(result, "gaza-strip",
                                                                 "territory") == [True]
    assert result.summary.startswith("country codes: 198 countries and territories, 22 without")


@real
def test_real_population_equals_the_csv_rows():
    path = DATA / "population" / "population.csv"
    result = reference.import_population(path, load_table(), "population.csv")
    assert result.errors == []
    rows = read_csv(path)
    for code, cid, year in [("KAZ", "kazakhstan", "2020"), ("NAM", "namibia", "1960"),
                            ("XKX", "kosovo", "2024"), ("TUR", "turkey", "1999")]:
        (row,) = [r for r in rows if r["Country Code"] == code and r["Year"] == year]
        (figures,) = values(result, cid, "population")
        assert figures[int(year)] == int(row["Value"]), (code, year)
    assert values(result, "world", "population") == []
    assert not any("/world/" in p.rel for p in result.patches)


@real
def test_real_treaty_status_of_ten_countries_equals_the_csv(catalogue):
    table = load_table()
    for path in sorted((DATA / "un-treaties").glob("hr_status_*.csv")):
        result = reference.import_treaty_status(path, table, catalogue, path.name)
        assert result.errors == [], result.errors
    path = DATA / "un-treaties" / "hr_status_iccpr_op1.csv"
    result = reference.import_treaty_status(path, table, catalogue, path.name)
    rows = read_csv(path)
    sample = [r for r in rows if r["iso2"] == "NA"] + rows[::21][:9]
    assert len(sample) == 10
    words = {"state party": "state-party", "signatory state": "signatory",
             "no action": "no-action"}
    for row in sample:
        cid = table.by_name(row["member"]).id
        assert values(result, cid, "treaties", "statuses", "iccpr-op1") == \
            [words[row["status"]]], row
        year = row["year ratification or accession"]
        assert values(result, cid, "treaties", "years", "iccpr-op1") == \
            ([int(year)] if year else []), row
    assert values(result, "namibia", "treaties", "statuses", "iccpr-op1") == ["state-party"]
