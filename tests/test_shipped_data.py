"""The shipped content against the publishers' files it was imported from (issue 25).

The workbooks and tables are read here with python-calamine and the csv module directly, not
through the importer, so a slip in the importer cannot hide itself. Skipped without
../shared/data (a fresh clone has the content but not the files).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.importers.country_table import load_table

from .conftest import REPO

DATA = REPO.parent / "shared" / "data"
CONTENT = REPO / "content"
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data is not present")

STATUS = {"F": "free", "PF": "partly-free", "NF": "not-free"}
CATEGORY_IDS = {
    "A": "a-electoral-process", "B": "b-political-pluralism-and-participation",
    "C": "c-functioning-of-government", "D": "d-freedom-of-expression-and-belief",
    "E": "e-associational-and-organizational-rights", "F": "f-rule-of-law",
    "G": "g-personal-autonomy-and-individual-rights",
}
INDICATORS = {"A": 3, "B": 4, "C": 3, "D": 4, "E": 3, "F": 4, "G": 4}


def data_files() -> list[str]:
    return [str(p) for pattern in ("fiw/*.xlsx", "countries/*.csv", "population/*.csv",
                                   "un-treaties/*.csv", "parlgov/*.csv")
            for p in sorted(DATA.glob(pattern))]


def sheet_rows(name: str, sheet: str) -> tuple[list[str], list[list]]:
    """The header and the rows under it (the header is the row naming 'Edition')."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(DATA / "fiw" / name)).get_sheet_by_name(
        sheet).to_python()
    top = next(i for i, row in enumerate(rows) if "Edition" in row)
    return [str(h).strip() for h in rows[top]], rows[top + 1:]


def report(slug: str, edition: int) -> dict:
    path = CONTENT / "countries" / slug / "reports" / f"fiw-{edition}.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def figures_of(doc: dict) -> dict:
    """A report file's figures in the workbook's terms."""
    groups = {g["id"]: g for g in doc.get("groups", [])}
    out = {"Status": doc.get("status"), "Total": doc.get("aggregate")}
    for short, gid in (("PR", "political-rights"), ("CL", "civil-liberties")):
        out[short] = groups.get(gid, {}).get("total")
        out[f"{short} rating"] = groups.get(gid, {}).get("rating")
    out["Add Q"] = groups.get("political-rights", {}).get("adjustments", {}).get("add-q")
    for cat in doc.get("categories", []):
        letter = next(k for k, v in CATEGORY_IDS.items() if v == cat["id"])
        out[letter] = cat.get("rating")
        for key, value in cat.get("indicators", {}).items():
            out[key.upper()] = value
    return out


def expected_of(header: list[str], row: list, columns: list[str]) -> dict:
    col = {h.lower(): i for i, h in enumerate(header)}
    out = {}
    for name in columns:
        value = row[col[name.lower()]]
        if name == "Status":
            out[name] = STATUS[value.strip()]
        else:
            out[name] = None if value in ("", "-", "N/A") else value
    return out


def test_every_country_and_edition_of_the_all_data_workbook_is_shipped():
    """Every row of All_data (editions 2013-2025): status, ratings, the 25 indicators, the
    subcategories, PR, CL and the total are the shipped report's figures."""
    table = load_table()
    header, rows = sheet_rows("All_data_FIW_2013-2024.xlsx", "FIW13-25")
    columns = ["Status", "PR rating", "CL rating", "Add Q", "PR", "CL", "Total",
               *CATEGORY_IDS, *(f"{c}{k}" for c, n in INDICATORS.items()
                               for k in range(1, n + 1))]
    checked, wrong = 0, []
    for row in rows:
        if not row[0]:
            continue
        slug = table.by_name(str(row[0]).strip()).id
        edition = int(row[header.index("Edition")])
        got = figures_of(report(slug, edition))
        want = expected_of(header, row, columns)
        diff = {k: (want[k], got.get(k)) for k in columns if want[k] != got.get(k)}
        if diff:
            wrong.append((slug, edition, diff))
        checked += 1
    assert checked == 2723
    assert wrong == []


def test_older_editions_are_shipped_with_what_the_aggregate_workbook_holds():
    table = load_table()
    header, rows = sheet_rows("Aggregate_Category_and_Subcategory_Scores_FIW_2003-2024.xlsx",
                              "FIW06-24")
    columns = ["Status", "PR rating", "CL rating", "PR", "CL", "Total", *CATEGORY_IDS]
    checked, wrong = 0, []
    for row in rows:
        if not row[0] or int(row[header.index("Edition")]) >= 2013:
            continue
        entry = table.by_name(str(row[0]).strip())
        if entry is None:  # a former state (Serbia and Montenegro)
            assert table.former(str(row[0]).strip())
            continue
        edition = int(row[header.index("Edition")])
        got = figures_of(report(entry.id, edition))
        want = expected_of(header, row, columns)
        diff = {k: (want[k], got.get(k)) for k in columns if want[k] != got.get(k)}
        if diff:
            wrong.append((entry.id, edition, diff))
        checked += 1
    assert checked > 1200
    assert wrong == []


def test_treaty_statuses_of_a_sample_are_the_un_tables():
    table = load_table()
    for code in ("iccpr", "cat", "op_cat", "crpd"):
        path = DATA / "un-treaties" / f"hr_status_{code.replace('op_cat', 'opcat')}.csv"
        tid = {"iccpr": "iccpr", "cat": "cat", "op_cat": "op-cat", "crpd": "crpd"}[code]
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        for row in rows[::17]:  # a dozen members, Namibia's 'NA' among the candidates
            entry = table.by_iso2(row["iso2"]) or table.by_name(row["member"])
            country = yaml.safe_load((CONTENT / "countries" / entry.id / "country.yml")
                                     .read_text(encoding="utf-8"))
            status = row["status"].replace("signatory state", "signatory")
            assert country["treaties"]["statuses"][tid] == status.replace(" ", "-"), entry.id
            if row["year ratification or accession"]:
                assert country["treaties"]["years"][tid] == \
                    int(row["year ratification or accession"])


def test_a_sample_of_parlgov_elections_is_shipped():
    with (DATA / "parlgov" / "view_election.csv").open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["election_type"] == "parliament"]
    for iso3, date, file in (("DEU", "2021-09-26", "germany/elections/bundestag-2021-09-26"),
                             ("GBR", "2019-12-12",
                              "united-kingdom/elections/house-of-commons-2019-12-12")):
        doc = yaml.safe_load((CONTENT / "countries" / f"{file}.yml").read_text("utf-8"))
        shipped = {r.get("short_name") or r["party"]: r for r in doc["results"]}
        for row in rows:
            if row["country_name_short"] == iso3 and row["election_date"] == date and \
                    row["seats"] not in ("", "0"):
                got = shipped[row["party_name_short"]]
                assert got["seats"] == int(row["seats"]), row["party_name_short"]
                assert got["share"] == float(row["vote_share"])


def test_reimporting_the_same_files_changes_nothing(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    result = subprocess.run([sys.executable, "-m", "generator", "import", *data_files(),
                             "--into", str(content), "--content", str(content)],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Wrote 0 files" in result.stderr.splitlines()[-1]


def test_a_newer_edition_is_added_and_diff_summarises_it(tmp_path):
    """The content as it was before FIW 2025 (its reports taken out), then the workbook imported
    again: the 2025 reports come back, nothing else changes, and `diff` lists them."""
    repo = tmp_path / "repo"
    content = repo / "content"
    shutil.copytree(CONTENT, content)
    removed = sorted(content.glob("countries/*/reports/fiw-2025.yml"))
    for path in removed:
        path.unlink()

    def git(*args: str) -> str:
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
                              cwd=repo, check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "before 2025")
    result = subprocess.run([sys.executable, "-m", "generator", "import",
                             str(DATA / "fiw" / "All_data_FIW_2013-2024.xlsx"),
                             "--into", str(content), "--content", str(content)],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"Wrote {len(removed)} files" in result.stderr.splitlines()[-1]
    git("add", ".")
    assert git("status", "--porcelain").count("\n") == len(removed)
    git("commit", "-qm", "FIW 2025")
    summary = subprocess.run([sys.executable, "-m", "generator", "diff", "HEAD~1", "HEAD",
                              "--repo", str(repo)], cwd=REPO, capture_output=True, text=True)
    assert summary.returncode == 0, summary.stderr
    first = summary.stdout.splitlines()[0]
    assert first.startswith(f"{len(removed)} reports added;")
    assert "Freedom in the World 2025" in summary.stdout or "fiw-2025" in summary.stdout


@pytest.fixture(scope="module")
def whole_site(tmp_path_factory) -> Path:
    """The whole shipped content built: the one test build of all 220 countries."""
    from .conftest import build

    tmp = tmp_path_factory.mktemp("whole")
    result = build(CONTENT, tmp / "site", tmp / "work")
    assert result.returncode == 0, result.stderr[-3000:]
    return tmp / "site"


def page_figures(path: Path) -> dict:
    """The figures an FIW report page shows: its table of stated figures and its rows of
    categories and indicators, in the workbook's terms."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")
    out: dict = {}
    names = {"Status": "Status", "Global Freedom Score": "Total", "Political Rights": "PR",
             "Political Rights rating": "PR rating", "Civil Liberties": "CL",
             "Civil Liberties rating": "CL rating"}
    for row in page.select("tr"):
        cells = [c.get_text(" ", strip=True) for c in row.find_all(["td", "th"])]
        if len(cells) >= 2 and cells[0] in names and names[cells[0]] not in out:
            out[names[cells[0]]] = cells[1]
        elif len(cells) == 3 and cells[0][:1] in CATEGORY_IDS and len(cells[0]) <= 2:
            out[cells[0]] = cells[2].split(" / ")[0]
    return out


def shown(value) -> str:
    """A workbook figure as pages print it."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return {"F": "Free", "PF": "Partly Free", "NF": "Not Free"}.get(value, str(value))


def test_built_pages_show_the_workbook_figures_for_every_country_and_edition(whole_site):
    """Every FIW report page of editions 2013-2025 against the All_data row it comes from:
    status, total, PR and CL with their ratings, the 7 subcategories and the 25 indicators."""
    table = load_table()
    header, rows = sheet_rows("All_data_FIW_2013-2024.xlsx", "FIW13-25")
    col = {h: i for i, h in enumerate(header)}
    columns = ["PR", "CL", "Total", *CATEGORY_IDS,
               *(f"{c}{k}" for c, n in INDICATORS.items() for k in range(1, n + 1))]
    checked, wrong = 0, []
    for row in rows:
        if not row[0]:
            continue
        slug = table.by_name(str(row[0]).strip()).id
        edition = int(row[col["Edition"]])
        got = page_figures(whole_site / "countries" / slug / f"fiw-{edition}" / "index.html")
        want = {k: shown(row[col[k]]) for k in columns}
        want["Status"] = shown(row[col["Status"]].strip())
        for short in ("PR", "CL"):
            want[f"{short} rating"] = shown(row[col[f"{short} rating"]])
        got = {k: (v.split(" / ")[0] if k not in ("Status",) else v) for k, v in got.items()}
        diff = {k: (want[k], got.get(k)) for k in want if want[k] != got.get(k)}
        if diff:
            wrong.append((slug, edition, diff))
        checked += 1
    assert checked == 2723
    assert wrong[:5] == []


def test_built_pages_show_the_older_editions_of_the_aggregate_workbook(whole_site):
    """Every FIW report page of editions 2003-2012 against the Aggregate workbook: 2006-2012
    with status, ratings and subcategories; 2003-2005 with PR, CL and the total."""
    table = load_table()
    header, rows = sheet_rows("Aggregate_Category_and_Subcategory_Scores_FIW_2003-2024.xlsx",
                              "FIW06-24")
    col = {h: i for i, h in enumerate(header)}
    checked, wrong = 0, []
    for row in rows:
        entry = table.by_name(str(row[0]).strip()) if row[0] else None
        if entry is None or int(row[col["Edition"]]) >= 2013:
            continue
        edition = int(row[col["Edition"]])
        got = page_figures(whole_site / "countries" / entry.id / f"fiw-{edition}" / "index.html")
        want = {k: shown(row[col[k]]) for k in ("PR", "CL", "Total", *CATEGORY_IDS)}
        want["Status"] = shown(row[col["Status"]].strip())
        want.update({f"{g} rating": shown(row[col[f"{g} Rating"]]) for g in ("PR", "CL")})
        got = {k: v.split(" / ")[0] if k != "Status" else v for k, v in got.items()}
        diff = {k: (want[k], got.get(k)) for k in want if want[k] != got.get(k)}
        if diff:
            wrong.append((entry.id, edition, diff))
        checked += 1
    from python_calamine import CalamineWorkbook

    wide = CalamineWorkbook.from_path(str(DATA / "fiw" / "Aggregate_Category_and_Subcategory_"
                                          "Scores_FIW_2003-2024.xlsx")).get_sheet_by_name(
        "FIW03-05").to_python()
    names = [str(h).strip() for h in wide[0]]
    for row in wide[1:]:
        entry = table.by_name(str(row[0]).strip()) if row[0] else None
        for edition in (2003, 2004, 2005):
            values = {k: row[names.index(f"FIW{edition % 100:02d} {k}")] for k in
                      ("PR", "CL", "Total")}
            if entry is None or all(v in ("", "-", "N/A") for v in values.values()):
                continue
            got = page_figures(whole_site / "countries" / entry.id / f"fiw-{edition}" /
                               "index.html")
            want = {k: shown(v) for k, v in values.items() if v not in ("", "-", "N/A")}
            got = {k: got.get(k, "").split(" / ")[0] for k in want}
            if want != got:
                wrong.append((entry.id, edition, want, got))
            checked += 1
    assert checked > 1800
    assert wrong[:5] == []


def rows_of(path: Path, heading: str | None = None) -> list[list[str]]:
    """The cells of every table row of a page's article (of the first table after `heading`)."""
    from bs4 import BeautifulSoup

    article = BeautifulSoup(path.read_text("utf-8"), "html.parser").select_one("article")
    where = article.find(id=heading).find_next("table") if heading else article
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])]
            for tr in where.find_all("tr")]


def test_built_pages_show_treaty_statuses_of_a_sample(whole_site):
    """Every 23rd member of the CAT table: its status and year in the country's treaty table."""
    table = load_table()
    with (DATA / "un-treaties" / "hr_status_cat.csv").open(encoding="utf-8", newline="") as f:
        sample = list(csv.DictReader(f))[::23]
    for row in sample:
        entry = table.by_iso2(row["iso2"]) or table.by_name(row["member"])
        rows = rows_of(whole_site / "countries" / entry.id / "tracker" / "index.html",
                       "human-rights-treaties")
        status = next(r[3] for r in rows if r[1] == "CAT")
        label = {"state party": "State party", "signatory": "Signatory",
                 "signatory state": "Signatory", "no action": "No action"}[row["status"]]
        assert label in status, (entry.id, status)
        if row["year ratification or accession"]:
            assert row["year ratification or accession"] in status, (entry.id, status)


def test_built_pages_show_parlgov_results_of_a_sample(whole_site):
    """Two elections, party by party: seats and vote share as ParlGov gives them."""
    with (DATA / "parlgov" / "view_election.csv").open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["election_type"] == "parliament"]
    for iso3, date, page in (("DEU", "2021-09-26", "germany/elections/bundestag-2021-09-26"),
                             ("GBR", "2019-12-12",
                              "united-kingdom/elections/house-of-commons-2019-12-12")):
        shown_rows = rows_of(whole_site / "countries" / page / "index.html")
        for row in rows:
            if row["country_name_short"] != iso3 or row["election_date"] != date or \
                    row["seats"] in ("", "0"):
                continue
            party = next(r for r in shown_rows if r[0].endswith(f"({row['party_name_short']})")
                         or r[0] == row["party_name_english"])
            assert row["seats"] in party, (page, party)
            assert f"{float(row['vote_share']):.1f}%" in party, (page, party)
