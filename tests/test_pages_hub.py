"""Freedom House country hubs (generator/importers/hub.py): the real excerpts in ../shared/pages
scored against tests/fixtures/pages/hub.yml, then fictional hubs written for these tests.

Fact names (`found_facts`):
- country: the slug the scores are filed (or, without an edition, reported) under;
- files: the report files made, sorted (one per score with a printed edition);
- <index>.edition: the edition of a filed report, null for a score block or card that prints
  none; <index>.status, .aggregate (FIW/FOTN total, NIT Democracy Score), .percentage (NIT),
  .political-rights, .civil-liberties (FIW group totals), .<category id> (FOTN A-C),
  .previous.aggregate|percentage|status, .summary.paragraphs (a filed block's overview);
- glance.<index>.aggregate|percentage|status: the "Freedom at a Glance" box (whole numbers);
- cut_before: the glance box's indices with no score block on the page.
A score without an edition is read from its problem line ("no edition printed, not filed: …
country=… index=… key=value…"); a glance value that agrees with a filed report is read from the
report, whose data_note says so.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from generator.importers import detect, import_text
from generator.importers.country_hint import OPEN_COUNTRY
from generator.importers.intake import read_page
from generator.model.records import Report

from .conftest import shipped_slice
from .pages_score import PAGES, TARGET, expectations, score
from .test_importers import INDICES, TREATIES, errors_of, write_tree

UNFILED = re.compile(r"^no edition printed, not filed: [^:]+, (glance box|score block|card):"
                     r" (.+)$")
NO_BLOCK = re.compile(r"^no score block for: ([a-z, -]+) \(")
SAME_AS_GLANCE = "glance box shows the same figures"


def found_facts(path: Path, entry: dict) -> dict:
    """The hub's facts by name, as `generator import` reads the file, with no hints."""
    result = import_text(read_page(path), path.name, INDICES, TREATIES)
    facts: dict = {"files": sorted(rel for rel, _, _ in result.records), "cut_before": []}
    countries = {rel.split("/")[1] for rel, _, _ in result.records}
    for _, _, report in result.records:
        facts.update(report_facts(report))
    for _, message in result.problems:
        if m := UNFILED.match(message):
            values = dict(pair.split("=", 1) for pair in m.group(2).split())
            countries.add(values.pop("country"))
            index = values.pop("index")
            prefix = f"glance.{index}" if m.group(1) == "glance box" else index
            if prefix == index:
                facts[f"{index}.edition"] = None
            facts.update({f"{prefix}.{k}": _value(v) for k, v in values.items()})
        elif m := NO_BLOCK.match(message):
            facts["cut_before"] = m.group(1).split(", ")
    if countries:
        facts["country"] = countries.pop() if len(countries) == 1 else sorted(countries)
    return facts


def report_facts(report: Report) -> dict:
    i = report.index
    out: dict = {f"{i}.edition": report.edition}
    for name in ("status", "aggregate", "percentage"):
        if getattr(report, name) is not None:
            out[f"{i}.{name}"] = getattr(report, name)
    out.update({f"{i}.{g.id}": g.total for g in report.groups})
    out.update({f"{i}.{c.id}": c.rating for c in report.categories})
    if report.previous is not None:
        out.update({f"{i}.previous.{k}": v for k, v in
                    report.previous.model_dump(exclude_none=True).items()})
    if report.summary is not None:
        out[f"{i}.summary.paragraphs"] = len(report.summary.paragraphs)
    if SAME_AS_GLANCE in (report.data_note or ""):
        if report.status is not None:
            out[f"glance.{i}.status"] = report.status
        if i == "nit" and report.percentage is not None:
            out["glance.nit.percentage"] = float(Decimal(repr(report.percentage)).quantize(
                Decimal(1), "ROUND_HALF_UP"))
        elif report.aggregate is not None:
            out[f"glance.{i}.aggregate"] = report.aggregate
    return out


def _value(text: str):
    try:
        return float(text)
    except ValueError:
        return text


@pytest.mark.skipif(not PAGES.is_dir(), reason="../shared/pages is absent")
def test_hub_excerpts_score():
    result = score("hub", found_facts)
    assert not result.wrong, result.wrong
    assert result.share >= TARGET, (result.line(), result.missing)
    assert result.listed >= 80


@pytest.mark.skipif(not PAGES.is_dir(), reason="../shared/pages is absent")
def test_only_hubs_are_hubs():
    hubs = {name for name in expectations("hub")}
    for path in sorted(PAGES.glob("*.txt")):
        assert (detect(read_page(path)) == "fh-hub") == (path.name in hubs), path.name


# --- Fictional hubs -----------------------------------------------------------------------------

NEW_LAYOUT = """\
URL: https://freedomhouse.org/country/ruritania
PARTIAL: yes
Flag of Ruritania

Freedom at a Glance
Global Freedom
41 / 100
Partly Free
Internet Freedom
52 / 100
Partly Free
Nations in Transit
30 / 100
Semi-Consolidated Authoritarian Regime

Ruritania
Partly Free
41
100
PR Political Rights 15 40
CL Civil Liberties 26 60
Last Year's Score & Status
44 100 Partly Free
Statuses come from the weighted method the methodology page sets out.
Overview
The king rules through a court party and tolerates a noisy press.
Freedom in the World 2024 Policy Recommendations
Previous Reports: 2022 | 2023 | 2024

Ruritania
Partly Free
50
100
A Obstacles to Access 15 25
B Limits on Content 18 35
C Violations of User Rights 17 40
Last Year's Score & Status
49 100 Partly Free
Overview
Connections are cheap in the capital and scarce in the hills, where the
"""


def run(text: str, **hints):
    return import_text(text, "hub.txt", INDICES, TREATIES, **hints)


def test_new_layout_files_only_what_has_an_edition():
    result = run(NEW_LAYOUT)
    assert result.format == "fh-hub"
    [(path, kind, report)] = result.records
    assert (path, kind) == ("countries/ruritania/reports/fiw-2024.yml", "report")
    assert (report.status, report.aggregate, report.previous.aggregate) == ("partly-free", 41,
                                                                            44)
    assert {g.id: g.total for g in report.groups} == {"political-rights": 15,
                                                       "civil-liberties": 26}
    assert report.summary.paragraphs[0].startswith("The king rules")
    assert SAME_AS_GLANCE in report.data_note
    messages = dict((m, n) for n, m in result.problems)
    glance_box = ("no edition printed, not filed: Freedom on the Net, glance box:"
                  " country=ruritania index=fotn status=partly-free aggregate=52")
    block = ("no edition printed, not filed: Freedom on the Net, score block: country=ruritania"
             " index=fotn status=partly-free aggregate=50 a-obstacles-to-access=15"
             " b-limits-on-content=18 c-violations-of-user-rights=17 previous.status=partly-free"
             " previous.aggregate=49")
    assert messages[glance_box] == 9 and messages[block] == 31
    # the glance box says 52, the block 50: both reported, neither changed
    assert any(m.startswith("the glance box disagrees with the score block of line 31: value"
                            " 52 against 50") for m in messages)
    assert "no score block for: nit (the page stops at line 40, cut off)" in messages
    assert any(m.startswith("the text stops mid-sentence") for m in messages)
    assert any(m.startswith("not placed (the summary of a score that is not filed): Connect")
               for m in messages)


def test_no_edition_is_guessed_from_other_years():
    # "Previous Reports" and a note naming editions give no edition to the block
    text = NEW_LAYOUT.replace("Freedom in the World 2024 Policy Recommendations\n",
                              "From the 2025 edition, Freedom in the World covers the isles.\n")
    result = run(text, edition=2024)
    assert result.records == []
    assert any(m.startswith("no edition printed, not filed: Freedom in the World, score block:"
                            " country=ruritania index=fiw status=partly-free aggregate=41")
               for _, m in result.problems)


OLD_LAYOUT = """\
Freedom in the World — Ruritania Country Report
Ruritania is rated Not Free in Freedom in the World 2021, our yearly survey of rights.
Freedom on the Net — Ruritania Country Report
Ruritania is rated Partly Free in Freedom on the Net, our survey of the internet.
Nations in Transit — Ruritania Country Report
Categorized as a Semi-Consolidated Authoritarian Regime, Ruritania receives a Democracy \
Percentage of 29 out of 100 in the Nations in Transit 2021 report.
"""


def test_old_layout_cards(tmp_path):
    result = run(OLD_LAYOUT)
    assert result.format == "fh-hub"
    reports = {path: r for path, _, r in result.records}
    assert sorted(reports) == ["countries/ruritania/reports/fiw-2021.yml",
                               "countries/ruritania/reports/nit-2021.yml"]
    nit = reports["countries/ruritania/reports/nit-2021.yml"]
    assert (nit.status, nit.percentage, nit.aggregate) == (
        "semi-consolidated-authoritarian-regime", 29, None)
    assert reports["countries/ruritania/reports/fiw-2021.yml"].status == "not-free"
    assert result.problems == [(4, "no edition printed, not filed: Freedom on the Net, card:"
                                   " country=ruritania index=fotn status=partly-free")]
    country = tmp_path / "content" / "countries" / "ruritania" / "country.yml"
    content = write_tree(tmp_path, result.records)
    country.write_text("name: Ruritania\nslug: ruritania\nregion: Europe\n", encoding="utf-8")
    assert errors_of(content) == []


TABLE_LAYOUT = """\
| PR Political Rights | 15 40 |
| CL Civil Liberties | 26 60 |
| DEMOCRACY-PERCENTAGE Democracy Percentage | 29.17 100 |
| DEMOCRACY-SCORE Democracy Score | 2.75 7 |
"""


def test_table_layout_without_a_name_and_hints():
    result = run(TABLE_LAYOUT)
    assert result.format == "fh-hub" and result.records == []
    lines = [m for _, m in result.problems]
    assert lines == [
        "no edition printed, not filed: Freedom in the World, score block:"
        f" country={OPEN_COUNTRY} index=fiw political-rights=15 civil-liberties=26",
        "no edition printed, not filed: Nations in Transit, score block:"
        f" country={OPEN_COUNTRY} index=nit aggregate=2.75 percentage=29.17"]
    named = run(TABLE_LAYOUT, country="Ruritania")
    assert all("country=ruritania " in m for _, m in named.problems)


def test_status_that_does_not_fit_its_score_is_kept_and_reported():
    text = OLD_LAYOUT.replace("Percentage of 29", "Percentage of 80")
    [nit] = [r for _, _, r in run(text).records if r.index == "nit"]
    assert nit.percentage == 80 and nit.status == "semi-consolidated-authoritarian-regime"
    assert (6, "the card: status 'semi-consolidated-authoritarian-regime' does not fit its"
               " score") in run(text).problems


def test_json_shows_the_scores_without_an_edition_with_the_edition_null(tmp_path):
    """`generator import --json`: what a hub shows with no edition printed is never filed, but
    the user gets its values, each keyed by where it stands, with "edition": null."""
    import json

    from click.testing import CliRunner

    from generator.cli import cli

    (tmp_path / "hub.txt").write_text(NEW_LAYOUT, encoding="utf-8")
    content = shipped_slice(tmp_path, ("kazakhstan",))
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "hub.txt"), "--json",
                                      "--content", str(content)])
    assert result.exit_code == 1  # lines not placed are still reported
    out = json.loads(result.stdout)
    reports = "countries/ruritania/reports/"
    assert sorted(k.split(" ")[0].removeprefix(reports) for k in out) == [
        "fiw-2024.yml", "fotn-{edition}.yml", "fotn-{edition}.yml", "nit-{edition}.yml"]
    block = out[next(k for k in out if k.startswith("countries/ruritania/reports/fotn-")
                     and k.endswith(":31)"))]
    assert block == {"kind": "report", "country": "ruritania", "edition": None,
                     "where": "score block",
                     "data": {"index": "fotn", "status": "partly-free", "aggregate": 50,
                              "a-obstacles-to-access": 15, "b-limits-on-content": 18,
                              "c-violations-of-user-rights": 17,
                              "previous": {"status": "partly-free", "aggregate": 49}}}
    nit = out[next(k for k in out if "/nit-" in k)]
    assert nit["data"] == {"index": "nit", "status": "semi-consolidated-authoritarian-regime",
                           "percentage": 30}
