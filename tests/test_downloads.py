"""The CSV downloads (issue 25): a country's scores, one row per report, group, category and
indicator, and per survey of its ratings history, with the columns the CSV had before keeping
their meaning; the whole dataset's scores.csv holds every country's rows."""

from __future__ import annotations

import csv
import io

import pytest

from generator.model.check import check
from generator.site.docs import pages_for
from generator.pages.downloads import DATASET_CSV, ROW_KINDS, SCORE_COLUMNS, data_files

from .conftest import NIT_REPORT, REPO, write_content
from .test_fiw_pages import FIW_2024, KAZAKHSTAN, _history

HISTORY = [("1983-84", 1984, 5, 4, "partly-free"), ("2023", 2023, 7, 5, "not-free")]

FILES = {
    "countries/kazakhstan/country.yml": KAZAKHSTAN + _history(HISTORY),
    "countries/kazakhstan/reports/fiw-2024.yml": FIW_2024,
    "countries/kazakhstan/reports/nit-2022.yml": NIT_REPORT,
}


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    content = write_content(tmp_path_factory.mktemp("downloads"), FILES)
    result = check(content, "content")
    assert not result.failed(), [d.format() for d in result.diagnostics]
    return result


@pytest.fixture(scope="module")
def files(checked) -> dict[str, bytes]:
    return data_files(checked.content)


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def _pick(rows, **where) -> list[dict[str, str]]:
    return [r for r in rows if all(r[k] == v for k, v in where.items())]


def test_the_columns_before_keep_their_places(files):
    header = files["downloads/kazakhstan.csv"].decode().splitlines()[0].split(",")
    assert header[:13] == ["country", "country_name", "iso", "region", "index", "edition",
                           "category", "rating", "rank", "rank_of", "aggregate", "percentage",
                           "status"]
    assert header == SCORE_COLUMNS
    assert {r["row"] for r in _rows(files["downloads/kazakhstan.csv"])} == set(ROW_KINDS)


def test_a_report_row_and_its_categories_as_before(files):
    rows = _rows(files["downloads/kazakhstan.csv"])
    nit = _pick(rows, index="nit")
    assert nit[0] == {**nit[0], "row": "report", "edition": "2022", "category": "",
                      "aggregate": "1.36", "percentage": "5.95",
                      "status": "consolidated-authoritarian-regime", "group": "", "points": ""}
    assert [r["row"] for r in nit] == ["report"] + ["category"] * 7
    assert _pick(nit, category="civil-society")[0]["rating"] == "1.5"
    fiw = _pick(rows, index="fiw", edition="2024", row="report")
    assert [(r["aggregate"], r["status"]) for r in fiw] == [("23", "not-free")]


def test_groups_with_their_totals_and_ratings(files):
    rows = _pick(_rows(files["downloads/kazakhstan.csv"]), index="fiw", row="group")
    assert [(r["edition"], r["group"], r["points"], r["rating"], r["category"]) for r in rows] \
        == [("2024", "political-rights", "5", "7", ""), ("2024", "civil-liberties", "18", "5", "")]


def test_indicators_under_their_categories(files):
    rows = _pick(_rows(files["downloads/kazakhstan.csv"]), index="fiw", edition="2024")
    kinds = [r["row"] for r in rows]
    assert kinds.count("indicator") == 25 and kinds.count("category") == 7
    at = kinds.index("category")
    assert [(r["row"], r["category"], r["indicator"], r["points"], r["rating"])
            for r in rows[at:at + 4]] == [
        ("category", "a-electoral-process", "", "", "1"),
        ("indicator", "a-electoral-process", "a1", "0", ""),
        ("indicator", "a-electoral-process", "a2", "1", ""),
        ("indicator", "a-electoral-process", "a3", "0", "")]


def test_the_ratings_history_one_row_a_survey_and_a_rating(files):
    rows = [r for r in _rows(files["downloads/kazakhstan.csv"]) if r["row"].startswith("history")]
    assert [(r["row"], r["index"], r["edition"], r["survey"], r["group"], r["rating"],
             r["status"]) for r in rows] == [
        ("history", "fiw", "1984", "1983-84", "", "", "partly-free"),
        ("history-group", "fiw", "1984", "1983-84", "political-rights", "5", ""),
        ("history-group", "fiw", "1984", "1983-84", "civil-liberties", "4", ""),
        ("history", "fiw", "2023", "2023", "", "", "not-free"),
        ("history-group", "fiw", "2023", "2023", "political-rights", "7", ""),
        ("history-group", "fiw", "2023", "2023", "civil-liberties", "5", "")]


def test_the_dataset_holds_every_row_of_the_country(files):
    assert files[DATASET_CSV] == files["downloads/kazakhstan.csv"]  # the one country


def test_the_downloads_page_explains_every_kind_of_row(checked):
    _, pages = pages_for(checked.content, REPO / "templates")
    text = next(p.text for p in pages if p.path == "downloads/index.md")
    for kind in ROW_KINDS:
        assert f"\n- `{kind}`: " in text
