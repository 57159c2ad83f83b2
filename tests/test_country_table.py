"""The table of country names (generator/importers/country_table.py): on small tables written
here, and against every name and code of the real files in ../shared/data (skipped without)."""

from __future__ import annotations

import csv

import pytest

from generator.importers.country_table import (
    TABLE_PATH,
    Entry,
    Table,
    TableError,
    load_table,
    normal_name,
    unmapped,
)

from .conftest import REPO

DATA = REPO.parent / "shared" / "data"
real = pytest.mark.skipif(not (DATA / "fiw").is_dir(), reason="../shared/data is not present")

SMALL = """\
countries:
  - id: congo-kinshasa
    name: Congo (Kinshasa)
    iso3: COD
    iso2: CD
    m49: 180
    names: ["Congo, Dem. Rep.", Democratic Republic of the Congo]
  - id: norway
    name: Norway
    iso3: NOR
    iso2: NO
    m49: 578
  - id: cote-divoire
    name: Cote d'Ivoire
    iso3: CIV
  - id: gaza-strip
    name: Gaza Strip
    territory: true
former:
  - name: USSR
    reason: a state that no longer exists
"""


def write(tmp_path, text):
    path = tmp_path / "names.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_lookups_compare_names_normalised(tmp_path):
    table = load_table(write(tmp_path, SMALL))
    congo = table.by_id("congo-kinshasa")
    assert congo == Entry("congo-kinshasa", "Congo (Kinshasa)", "COD", "CD", 180, False,
                          ("Congo, Dem. Rep.", "Democratic Republic of the Congo"))
    assert table.by_name("  democratic   REPUBLIC of the congo ") is congo
    assert table.by_name("Cote d\u2019Ivoire").id == "cote-divoire"
    assert table.by_name("Cote d'Ivoire ").id == "cote-divoire"
    assert table.by_iso3("cod") is congo and table.by_iso2("cd") is congo
    assert table.by_iso2("NO").id == "norway"  # YAML 1.2: NO stays text
    gaza = table.by_name("Gaza Strip")
    assert gaza.territory and gaza.iso3 is None and gaza.m49 is None
    assert table.by_name("Congo") is None and table.by_iso3("ABW") is None
    assert table.former("ussr") == "a state that no longer exists"
    assert table.former("Norway") is None and table.by_name("USSR") is None
    assert normal_name("C\u00f4te  d\u2018Ivoire") == normal_name("Co\u0302te d'ivoire")


def test_an_unmapped_name_gives_the_error_line(tmp_path):
    path = write(tmp_path, SMALL)
    table = load_table(path)
    assert unmapped(table, "Ruritania", "data.xlsx:Sheet!A7") == (
        f"data.xlsx:Sheet!A7: 'Ruritania' is not in the table of country names ({path}): add it"
        " to an entry's names, or as a new entry, in that file")


@pytest.mark.parametrize("change, line, words", [
    (("names: [\"Congo, Dem. Rep.\"", "names: [Norway"), 9,
     "the name of 'norway' is already a name of 'congo-kinshasa' (line 7)"),
    (("iso2: NO", "iso2: CD"), 11, "the iso2 code of 'norway' is already the iso2 code of"
     " 'congo-kinshasa' (line 5)"),
    (("id: norway", "id: Norway"), 8, "id 'Norway' is not a lowercase slug"),
    (("iso3: NOR", "iso3: NO"), 10, "iso3 'NO' is not an ISO alpha-3 code"),
    (("m49: 578", "m49: 5780"), 12, "m49 5780 is not a UN M49 number"),
    (("territory: true", "territory: yes"), 18, "territory 'yes' is not true or false"),
    (("  - name: USSR", "  - name: norway"), 20, "the name of a former state is already the"
     " name of 'norway' (line 9)"),
    (("    iso3: CIV", "    iso: CIV"), 15, "unknown key 'iso'"),
])
def test_a_wrong_table_is_one_line_naming_file_and_line(tmp_path, change, line, words):
    path = write(tmp_path, SMALL.replace(*change, 1))
    with pytest.raises(TableError) as err:
        load_table(path)
    message = str(err.value)
    assert message.startswith(f"{path}:{line}: ") and words in message, message
    assert "\n" not in message and "expected" in message


def test_a_file_that_is_not_a_table(tmp_path):
    with pytest.raises(TableError, match=r"names\.yml:1: the file has no list 'countries'"):
        load_table(write(tmp_path, "- a\n- b\n"))
    with pytest.raises(TableError, match=r"names\.yml:2:1: error: "):
        load_table(write(tmp_path, "countries: [\n"))


def test_the_default_table_is_read_once():
    assert load_table() is load_table()
    assert load_table().path == "generator/importers/country_names.yml"
    assert TABLE_PATH.parent.name == "importers"


def test_the_shipped_table_has_one_owner_for_every_name_and_code():
    table = load_table()
    owners: dict[str, str] = {}
    for entry in table.entries:
        keys = {normal_name(n) for n in (entry.name, *entry.names)}
        assert len(keys) == 1 + len(entry.names), f"{entry.id} lists a name twice"
        keys |= {f"iso3:{entry.iso3}", f"iso2:{entry.iso2}", f"m49:{entry.m49}"}
        for key in keys - {"iso3:None", "iso2:None", "m49:None"}:
            assert owners.setdefault(key, entry.id) == entry.id, (key, entry.id, owners[key])
    for name, _ in table.former_names:
        assert normal_name(name) not in owners
    kaz = table.by_id("kazakhstan")
    assert (kaz.iso3, kaz.iso2, kaz.m49, kaz.territory) == ("KAZ", "KZ", 398, False)
    assert table.by_iso2("NA").id == "namibia"
    assert isinstance(table.by_id("congo-kinshasa"), Entry) and isinstance(table, Table)


# --- The real files -------------------------------------------------------------------------


def fiw_names() -> list[tuple[str, str, str]]:
    """(name, C/T or '', where) of every row of every FIW sheet."""
    from python_calamine import CalamineWorkbook

    def rows(name, sheet):
        return CalamineWorkbook.from_path(str(DATA / "fiw" / name)).get_sheet_by_name(sheet) \
            .to_python()

    found = []
    for name, sheet, first, ct in [
            ("All_data_FIW_2013-2024.xlsx", "FIW13-25", 3, 2),
            ("Aggregate_Category_and_Subcategory_Scores_FIW_2003-2024.xlsx", "FIW06-24", 2, 2),
            ("Aggregate_Category_and_Subcategory_Scores_FIW_2003-2024.xlsx", "FIW03-05", 2, 1),
            ("Country_and_Territory_Ratings_and_Statuses_FIW_1973-2024.xlsx",
             "Country Ratings, Statuses ", 4, None),
            ("Country_and_Territory_Ratings_and_Statuses_FIW_1973-2024.xlsx",
             "Territory Ratings, Statuses", 4, None),
            ("List_of_Electoral_Democracies_FIW24.xlsx", "Electoral Democracy Designation", 3,
             None)]:
        for number, row in enumerate(rows(name, sheet)[first - 1:], first):
            if str(row[0]).strip():
                found.append((str(row[0]), "" if ct is None else str(row[ct]),
                              f"{name}:{sheet}!A{number}"))
    return found


@real
def test_every_fiw_name_maps_to_one_entry_or_is_a_former_state():
    table = load_table()
    names = fiw_names()
    assert len(names) > 7000
    problems = [unmapped(table, n, where) for n, _, where in names
                if table.by_name(n) is None and table.former(n) is None]
    assert problems == []
    both = {n for n, _, _ in names if table.by_name(n) and table.former(n)}
    assert both == set()
    assert table.former("Germany, W.") and table.former("USSR") and table.former("Yugoslavia")
    used = {table.by_name(n).id for n, _, _ in names if table.by_name(n)}
    assert used == {e.id for e in table.entries}, "every entry is a place FIW rates"


@real
def test_names_regions_and_territory_flags_are_those_of_the_latest_edition():
    from generator.importers.workbook import read_table

    latest = read_table(DATA / "fiw" / "All_data_FIW_2013-2024.xlsx", "FIW13-25",
                        ["Country/Territory", "C/T", "Edition", "Region"])
    rows = [r for r in latest.records() if r["Edition"] == 2025]
    assert len(rows) == 208
    for row in rows:
        entry = table_entry(row["Country/Territory"])
        assert entry.name == row["Country/Territory"].strip(), row.ref("Country/Territory")
        assert entry.territory == (row["C/T"] == "t"), row.ref("C/T")
        assert entry.region == row["Region"].strip(), row.ref("Region")


def test_every_shipped_country_has_the_region_of_the_table():
    """The page importers give a country FIW's region from the table (the tracker prints
    none): the same as the shipped content's, which the workbooks gave."""
    from generator.model.load import load_file

    table = load_table()
    for path in sorted((REPO / "content" / "countries").glob("*/country.yml")):
        data = load_file(path, path.name)[0].data
        assert table.by_id(data["slug"]).region == data["region"], path


def table_entry(name):
    entry = load_table().by_name(name)
    assert entry is not None, name
    return entry


@real
def test_codes_are_those_of_the_codes_file():
    table = load_table()
    with open(DATA / "countries" / "country-codes.csv", encoding="utf-8", newline="") as f:
        codes = {r["ISO3166-1-Alpha-3"]: r for r in csv.DictReader(f)}
    for entry in table.entries:
        if entry.iso3 is None:
            assert entry.iso2 is None and entry.m49 is None, entry.id
            continue
        row = codes[entry.iso3]
        assert (entry.iso2, entry.m49) == (row["ISO3166-1-Alpha-2"], int(row["M49"])), entry.id
    assert "XKX" not in codes and table.by_id("kosovo").iso3 is None
    assert table.by_id("taiwan").iso3 == "TWN" and table.by_id("western-sahara").iso3 == "ESH"
    assert table.by_id("hong-kong").territory and table.by_id("hong-kong").iso3 == "HKG"
    for cid in ("gaza-strip", "west-bank", "crimea", "abkhazia", "transnistria", "somaliland",
                "nagorno-karabakh", "south-ossetia", "eastern-donbas", "indian-kashmir",
                "pakistani-kashmir", "northern-cyprus", "tibet"):
        assert table.by_id(cid).territory and table.by_id(cid).iso3 is None, cid
    assert table.by_iso3("PSE") is None and table.by_iso3("ABW") is None


@real
def test_the_treaty_files_and_parlgov_name_the_same_places():
    table = load_table()
    for path in sorted((DATA / "un-treaties").glob("hr_status_*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                by_code, by_name = table.by_iso2(row["iso2"]), table.by_name(row["member"])
                if row["member"] == "Montserrat":
                    assert by_code is None and by_name is None  # not a place FIW rates
                    continue
                assert by_name is not None, (path.name, row["member"])
                assert by_code in (by_name, None), (path.name, row["iso2"], row["member"])
    with open(DATA / "parlgov" / "country.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            assert table.by_name(row["name"]) is table.by_iso3(row["name_short"]) is not None
