"""Reading the publishers' workbooks (generator/importers/workbook.py) on the real files of
../shared/data (skipped without them) and on files that are not what they should be."""

from __future__ import annotations

import pytest

from generator.importers.workbook import (
    WorkbookError,
    column_letters,
    header_name,
    read_table,
)

from .conftest import REPO

DATA = REPO.parent / "shared" / "data" / "fiw"
ALL_DATA = DATA / "All_data_FIW_2013-2024.xlsx"
real = pytest.mark.skipif(not ALL_DATA.is_file(), reason="../shared/data is not present")


def test_column_letters_and_header_names():
    assert [column_letters(i) for i in (0, 25, 26, 27, 51, 52, 701, 702)] == \
        ["A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
    assert header_name("  CL ") == header_name("cl") and header_name("PR  Rating") == "pr rating"


@real
def test_the_header_row_is_found_under_the_title_rows():
    table = read_table(ALL_DATA, "FIW13-25", ["Country/Territory", "Edition", "Status",
                                              "PR Rating", "cl rating ", "A1", "G4", "Total"])
    assert table.header == 2  # a title row above it
    rows = [r for r in table.records() if r["Country/Territory"] == "Kazakhstan"]
    assert {int(r["Edition"]) for r in rows} == set(range(2013, 2026))
    row = next(r for r in rows if r["Edition"] == 2022)
    assert row["Status"] == "NF" and row.ref("Status") == f"{ALL_DATA.name}:FIW13-25!E{row.number}"
    parts = sum(row[c] for c in ("A", "B", "C", "D", "E", "F", "G"))
    assert parts == row["Total"]  # the subcategories add up to the total, as published


@real
def test_a_renamed_sheet_is_named_with_the_sheets_there_are():
    with pytest.raises(WorkbookError) as caught:
        read_table(ALL_DATA, "FIW13-24", ["Edition"])
    assert str(caught.value) == (f"{ALL_DATA.name}: error: no sheet 'FIW13-24', expected one of:"
                                 " Index, FIW13-25 (was the sheet renamed?)")


@real
def test_a_missing_column_is_named_with_its_header_row():
    with pytest.raises(WorkbookError) as caught:
        read_table(ALL_DATA, "FIW13-25", ["Edition", "Status", "Population"])
    assert str(caught.value) == (f"{ALL_DATA.name}:FIW13-25!A2: error: the header row has no"
                                 " column 'Population', expected the columns Edition, Status,"
                                 " Population")


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "scores.xlsx"
    path.write_text("Country,Score\nRuritania,12\n", encoding="utf-8")
    with pytest.raises(WorkbookError) as caught:
        read_table(path, "Sheet1", ["Country"])
    message = str(caught.value)
    assert message.startswith("scores.xlsx: error: cannot read it as a workbook (")
    assert message.endswith("expected an .xlsx file as the publisher distributes it")
    assert "\n" not in message
