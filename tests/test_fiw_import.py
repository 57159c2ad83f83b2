"""Importing Freedom in the World workbooks (generator/importers/fiw_data.py) through the
command line, on small workbooks written here (tests/xlsx.py): figures land in reports, an
editor's text stays, re-importing writes nothing, the publisher's disagreements are kept and
located, and every fault of the file is an error naming file, sheet and cell, with nothing
written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import REPO, shipped_slice
from .xlsx import write_xlsx

HEADER = ["Country/Territory", "Region", "C/T", "Edition", "Status", "PR rating", "CL rating",
          "A1", "A2", "A3", "A", "B1", "B2", "B3", "B4", "B", "C1", "C2", "C3", "C", "Add Q",
          "Add A", "PR", "D1", "D2", "D3", "D4", "D", "E1", "E2", "E3", "E", "F1", "F2", "F3",
          "F4", "F", "G1", "G2", "G3", "G4", "G", "CL", "Total"]
SIZES = {"A": 3, "B": 4, "C": 3, "D": 4, "E": 3, "F": 4, "G": 4}


def row(name: str, edition: int, points: int, ct: str = "c", status: str | None = None,
        region: str = "Eurasia") -> list:
    """A consistent row: every indicator scores `points`; ratings and status follow."""
    values: dict = {}
    for cat, n in SIZES.items():
        for k in range(1, n + 1):
            values[f"{cat}{k}"] = points
        values[cat] = points * n
    pr = sum(values[c] for c in "ABC")
    cl = sum(values[c] for c in "DEFG")
    prr = next(r for lo, r in ((36, 1), (30, 2), (24, 3), (18, 4), (12, 5), (6, 6), (-99, 7))
               if pr >= lo)
    clr = next(r for lo, r in ((53, 1), (44, 2), (35, 3), (26, 4), (17, 5), (8, 6), (-99, 7))
               if cl >= lo)
    mean = (prr + clr) / 2
    values.update({"Country/Territory": name, "Region": region, "C/T": ct, "Edition": edition,
                   "Status": status or ("F" if mean <= 2.5 else "PF" if mean <= 5 else "NF"),
                   "PR rating": prr, "CL rating": clr, "Add Q": 0, "Add A": "N/A", "PR": pr,
                   "CL": cl, "Total": pr + cl})
    return [values[h] for h in HEADER]


def workbook(path: Path, rows: list[list], header: list[str] = HEADER) -> Path:
    return write_xlsx(path, {"Notes": [["About this file"]],
                             "FIW13-25": [["Freedom in the World, raw data"], header, *rows]})


def run(content: Path, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "import", *map(str, files),
                           "--into", str(content), "--content", str(content)],
                          cwd=REPO, capture_output=True, text=True)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


@pytest.fixture
def content(tmp_path) -> Path:
    return shipped_slice(tmp_path)


def test_figures_land_in_reports_and_an_editors_text_stays(content, tmp_path):
    note = yaml.safe_load((content / "countries/kazakhstan/reports/fiw-2022.yml").read_text())
    book = workbook(tmp_path / "scores.xlsx", [
        row("Kazakhstan", 2022, 1), row("Kazakhstan", 2030, 2),
        row("Gaza Strip", 2030, 0, ct="t", region="Middle East")])
    result = run(content, book)
    assert result.returncode == 0, result.stderr
    kz = yaml.safe_load((content / "countries/kazakhstan/reports/fiw-2022.yml").read_text())
    assert kz["data_note"] == note["data_note"]  # the editor's text
    assert kz["aggregate"] == 25 and kz["status"] == "not-free"
    assert kz["groups"][0] == {"id": "political-rights", "total": 10, "rating": 6,
                               "adjustments": {"add-q": 0}}
    assert kz["categories"][1]["indicators"] == {"b1": 1, "b2": 1, "b3": 1, "b4": 1}
    gaza = yaml.safe_load((content / "countries/gaza-strip/country.yml").read_text())
    assert (gaza["name"], gaza["territory"], gaza["region"]) == ("Gaza Strip", True,
                                                                 "Middle East")
    assert (content / "countries/gaza-strip/reports/fiw-2030.yml").is_file()
    nit = content / "countries/kazakhstan/reports/nit-2022.yml"
    assert nit.read_bytes() == (REPO / "content/countries/kazakhstan/reports/nit-2022.yml"
                                ).read_bytes()
    check = subprocess.run([sys.executable, "-m", "generator", "validate", "--content",
                            str(content)], cwd=REPO, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    before = tree(content)
    again = run(content, book)
    assert again.returncode == 0 and "Wrote 0 files" in again.stderr
    assert tree(content) == before


def test_the_publishers_disagreement_is_kept_listed_and_located(content, tmp_path):
    book = workbook(tmp_path / "scores.xlsx", [row("Kazakhstan", 2030, 1, status="PF")])
    result = run(content, book)
    assert result.returncode == 0, result.stderr
    assert "scores.xlsx:FIW13-25!E3: warning: Kazakhstan 2030: the ratings 6 and 6 (mean 6)" \
        " give the status 'not-free', but the stated status is 'partly-free'; the publisher's" \
        " figure is kept" in result.stderr
    report = yaml.safe_load((content / "countries/kazakhstan/reports/fiw-2030.yml").read_text())
    assert report["status"] == "partly-free" and report["discrepancies"] == ["status"]


@pytest.mark.parametrize("fault, expected", [
    ("missing-column", "scores.xlsx:FIW13-25!A2: the header row has no column 'A2', expected"
                       " every column of a Freedom in the World table (was a column renamed or"
                       " removed?)"),
    ("unknown-name", "scores.xlsx:FIW13-25!A4: 'Ruritania' is not in the table of country"
                     " names"),
    ("not-a-number", "scores.xlsx:FIW13-25!H3: 'x' is not a number, expected points or a"
                     " rating"),
    ("other-workbook", "scores.xlsx: error: a workbook, but none of the ones the import knows"),
])
def test_a_fault_of_the_file_is_located_and_nothing_is_written(content, tmp_path, fault,
                                                                expected):
    rows = [row("Kazakhstan", 2030, 1), row("Kosovo", 2030, 2)]
    if fault == "missing-column":
        at = HEADER.index("A2")
        book = workbook(tmp_path / "scores.xlsx", [r[:at] + r[at + 1:] for r in rows],
                        HEADER[:at] + HEADER[at + 1:])
    elif fault == "unknown-name":
        book = workbook(tmp_path / "scores.xlsx", [rows[0], row("Ruritania", 2030, 2)])
    elif fault == "not-a-number":
        rows[0][HEADER.index("A1")] = "x"
        book = workbook(tmp_path / "scores.xlsx", rows)
    else:
        book = write_xlsx(tmp_path / "scores.xlsx", {"Budget": [["Item", "Cost"], ["Ink", 3]]})
    before = tree(content)
    result = run(content, book)
    assert result.returncode == 1
    assert expected in result.stderr, result.stderr
    assert "nothing written" in result.stderr.splitlines()[-1]
    assert tree(content) == before


def test_the_history_sheet_becomes_the_countrys_history(content, tmp_path):
    sheet = [["Survey Edition", "Jan.-Feb. 1973", "", "", "1983-84", "", "", 2025, "", ""],
             ["Year(s) Under Review", 1972, "", "", "Aug.1982-Nov.1983", "", "", 2024, "", ""],
             ["", "PR", "CL ", "Status", "PR", "CL ", "Status", "PR", "CL ", "Status"],
             ["Kazakhstan", "-", "-", "-", "2(5)", 3, "F", 7, 5, "NF"]]
    book = write_xlsx(tmp_path / "history.xlsx", {"Country Ratings, Statuses ": sheet})
    result = run(content, book)
    assert result.returncode == 0, result.stderr
    assert "history.xlsx:Country Ratings, Statuses !E4: warning: '2(5)' read as 2, the figure" \
        " in brackets left out" in result.stderr
    country = yaml.safe_load((content / "countries/kazakhstan/country.yml").read_text())
    assert country["history"]["fiw"]["entries"] == [
        {"edition": "1983-84", "year": 1984, "covers": "Aug.1982-Nov.1983",
         "ratings": {"political-rights": 2, "civil-liberties": 3}, "status": "free"},
        {"edition": "2025", "year": 2025, "covers": "2024",
         "ratings": {"political-rights": 7, "civil-liberties": 5}, "status": "not-free"}]
    assert country["summary"].startswith("Central Asia's largest country")  # the editor's


def test_an_edition_without_ratings_takes_them_from_the_history(content, tmp_path):
    """FIW03-05 gives PR, CL and Total only; the 1973 table's column of that edition gives the
    ratings and status, which the report takes, checked against the points."""
    scores = write_xlsx(tmp_path / "aggregate.xlsx", {"FIW03-05": [
        ["Country/Territory", "C/T?", "FIW03 PR", "FIW03 CL ", "FIW03 Total"],
        ["Kazakhstan", "c", 8, 20, 28]]})
    history = write_xlsx(tmp_path / "history.xlsx", {"Country Ratings, Statuses ": [
        ["Survey Edition", 2003, "", ""], ["Year(s) Under Review", 2002, "", ""],
        ["", "PR", "CL ", "Status"], ["Kazakhstan", 6, 4, "PF"]]})
    result = run(content, scores, history)
    assert result.returncode == 0, result.stderr
    assert "history.xlsx:Country Ratings, Statuses !C4: warning: Kazakhstan 2003: a Civil" \
        " Liberties total of 20 gives a Civil Liberties rating of 5, but the stated rating is 4" \
        in result.stderr
    report = yaml.safe_load((content / "countries/kazakhstan/reports/fiw-2003.yml").read_text())
    assert report["status"] == "partly-free" and report["aggregate"] == 28
    assert report["groups"] == [{"id": "political-rights", "total": 8, "rating": 6},
                                {"id": "civil-liberties", "total": 20, "rating": 4}]
    assert report["discrepancies"] == ["civil-liberties-rating"]
