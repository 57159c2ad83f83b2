"""Democracy Tracker pages: the importer on the real page excerpts in ../shared/pages (issue 27),
scored against tests/fixtures/pages/tracker.yml by tests/pages_score.py, and on a listing of
several countries' events written for the tests (no excerpt has one).

Each excerpt is read as `generator import` reads it (intake.read_page, no hints) and its records
and problems are flattened into these fact names:

    country                  the folder the page's records are filed under (a list if several)
    source.url               the page's address, as the records cite it
    events                   the months of the events, in page order
    events.<month>.title     an event's title (the second event of a month: <month>#2, ...)
    events.<month>.watch     its watch flag
    events.<month>.election  true when the record carries the election flag (never false)
    events.<month>.sources   its source names, in order
    events.<month>.updates   how many updates it has
    events.<month>.starts    its text's first five words
    events.<month>.says.<s>  true when its text holds <s> (a figure or phrase as printed)
    profile.edition, profile.covers, profile.paragraphs, profile.starts, profile.says.<s>
                             the country profile: the GSoD report's summary and what it holds
    ranks, categories, aggregate
                             the GSoD report's category ranks and ratings, its aggregate
    region, basic_info, treaties
                             the country record's region, basic information, treaty statuses
    cut_at                   the line where the importer says the page stops
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator.importers import import_text
from generator.importers.country_hint import OPEN_COUNTRY
from generator.importers.intake import read_page

from .pages_score import PAGES, TARGET, expectations, score
from .test_importers import INDICES, TREATIES

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
CUT = re.compile(r"^the (?:text stops mid-sentence|sources stop mid-name|page stops here)")




def _says(facts: dict, prefix: str, text: str, entry: dict | None) -> None:
    """`<prefix>.says.<s>` for each statement the expectations name that the text holds."""
    flat = " ".join(text.split())
    for name in (entry or {}).get("facts") or {}:
        if name.startswith(f"{prefix}.says.") and name[len(prefix) + 6:] in flat:
            facts[name] = True


def _words(text: str, count: int = 5) -> str:
    return " ".join(text.split()[:count])


def facts_of(result, entry: dict | None = None) -> dict[str, Any]:
    """The facts of one import result, by the names above."""
    facts: dict[str, Any] = {}
    folders = sorted({path.split("/")[1] for path, _, _ in result.records})
    if folders:
        facts["country"] = folders[0] if len(folders) == 1 else folders
    months: list[str] = []
    for _, kind, record in result.records:
        source = getattr(record, "source", None)
        if source is not None and source.url and "source.url" not in facts:
            facts["source.url"] = source.url
        if kind == "country":
            facts["region"] = record.region
            if record.basic_info is not None:
                facts["basic_info"] = record.basic_info.model_dump(exclude_none=True)
            if record.treaties is not None:
                facts["treaties"] = dict(record.treaties.statuses)
        elif kind == "events":
            for e in record.events:
                months.append(e.month)
                count = months.count(e.month)
                name = f"events.{e.month}" + (f"#{count}" if count > 1 else "")
                facts[f"{name}.title"] = e.title
                facts[f"{name}.watch"] = e.watch
                if getattr(e, "election", False):
                    facts[f"{name}.election"] = True
                facts[f"{name}.sources"] = [s.name for s in e.sources]
                facts[f"{name}.updates"] = len(e.updates)
                facts[f"{name}.starts"] = _words(e.body)
                _says(facts, name, e.body, entry)
        elif kind == "report" and record.index == "gsod":
            ranks = {c.id: [c.rank, c.rank_of] for c in record.categories if c.rank}
            ratings = {c.id: c.rating for c in record.categories if c.rating is not None}
            facts.update({k: v for k, v in (("ranks", ranks), ("categories", ratings),
                                            ("aggregate", record.aggregate)) if v})
            if record.summary is not None:
                text = "\n\n".join(record.summary.paragraphs)
                facts.update({"profile.edition": record.edition, "profile.covers": record.covers,
                              "profile.paragraphs": len(record.summary.paragraphs),
                              "profile.starts": _words(text)})
                _says(facts, "profile", text, entry)
    if months:
        facts["events"] = months
    cut = [line for line, message in result.problems if CUT.match(message)]
    if cut:
        facts["cut_at"] = cut[0]
    return facts


def found_facts(path: Path, entry: dict | None = None) -> dict[str, Any]:
    """The facts the importer gives for one excerpt, read as `generator import` reads it."""
    return facts_of(import_text(read_page(path), path.name, INDICES, TREATIES), entry)


@pytest.mark.skipif(not PAGES.is_dir(), reason="../shared/pages is not present")
def test_tracker_excerpts_give_their_facts_with_none_wrong():
    assert set(expectations("tracker")) == {p.name for p in PAGES.glob("idea-tracker-*.txt")}
    result = score("tracker", found_facts)
    assert result.wrong == []
    assert result.share >= TARGET, result.line() + "\n" + "\n".join(result.missing)


@pytest.mark.skipif(not PAGES.is_dir(), reason="../shared/pages is not present")
def test_tracker_excerpts_place_every_line():
    """Only the page's cut and an election flag the event record cannot hold are reported."""
    allowed = re.compile(r"^(?:the (?:text stops|sources stop)|election flag not imported)")
    for path in sorted(PAGES.glob("idea-tracker-*.txt")):
        result = import_text(read_page(path), path.name, INDICES, TREATIES)
        assert result.format == "idea-tracker", path.name
        assert [p for p in result.problems if not allowed.match(p[1])] == [], path.name


def run(text: str, name: str = "page.txt", **hints):
    return import_text(text, name, INDICES, TREATIES, **hints)


def test_listing_of_several_countries_files_each_event_under_its_country():
    result = run((FIXTURES / "idea_listing.txt").read_text(encoding="utf-8"), "listing.txt")
    assert result.problems == []
    logs = {path: log for path, kind, log in result.records if kind == "events"}
    assert list(logs) == ["countries/ruritania/events.yml", "countries/moldova/events.yml",
                          "countries/grand-fenwick/events.yml"]
    [rur] = logs["countries/ruritania/events.yml"].events
    assert (rur.month, rur.title, rur.categories) == (
        "2025-03", "Council bars two opposition newspapers from parliament", ["rights"])
    [mda] = logs["countries/moldova/events.yml"].events  # a card without a printed title
    assert mda.month == "2025-03" and mda.title.startswith("The electoral commission put")
    assert [s.name for s in mda.sources] == ["Commission bulletin"]
    [fen] = logs["countries/grand-fenwick/events.yml"].events
    assert (fen.month, fen.watch, [s.name for s in fen.sources]) == (
        "2025-02", True, ["Fenwick Gazette", "Radio Fenwick"])
    assert not any(kind == "country" for _, kind, _ in result.records)  # the menu is no region


PAGE = """Skip to main content
Menu Menu Close
Asia and the Pacific
Western Asia

March 2025

Ferry strike ends after mediation
Election flag

The port unions and the ministry signed an agreement on 2 March that ends a month-long strike.

Sources: Harbour News
"""


def test_page_without_a_country_gives_its_events_under_the_open_country_or_the_hints():
    result = run(PAGE)
    assert [path for path, _, _ in result.records] == [f"countries/{OPEN_COUNTRY}/events.yml"]
    assert [p for p in result.problems if "election flag" not in p[1]] == []
    assert [p for p, _, _ in run(PAGE, "idea-tracker-serbia-2025.txt").records] == [
        "countries/serbia/events.yml"]
    assert [p for p, _, _ in run(PAGE, country="Republic of Moldova").records] == [
        "countries/moldova/events.yml"]


def test_election_flag_is_kept_or_reported_never_dropped_silently():
    result = run(PAGE)
    [(_, _, log)] = result.records
    if getattr(log.events[0], "election", None) is None:
        assert (9, "election flag not imported: the event record has no field for it") in \
            result.problems
    else:
        assert log.events[0].election is True


def test_profile_with_the_ranks_of_its_year_is_one_report_and_a_cut_page_says_where():
    page = ("URL: https://www.idea.int/democracytracker/country/ruritania\nPARTIAL: yes\n"
            "Flag\nRuritania\nRuritania sits in the high range for Rights; between 2019 and 2024"
            " its courts gained independence.\nGlobal ranking per category of democratic"
            " performance in 2024\nRights\n12/174\n")
    result = run(page)
    [(path, kind, report)] = result.records
    assert (path, report.edition, report.covers) == (
        "countries/ruritania/reports/gsod-2024.yml", 2024, "2019-2024")
    assert [(c.id, c.rank, c.rating) for c in report.categories] == [("rights", 12, None)]
    assert report.summary.paragraphs[0].startswith("Ruritania sits in the high range")
    assert result.problems == [(8, "the page stops here (stored as partial): what follows is"
                                   " not in it")]


def test_profile_without_a_period_or_ranks_is_reported_not_dated_by_guess():
    result = run("URL: https://www.idea.int/democracytracker/country/ruritania\nRuritania\n"
                 "Flag\nRuritania\nThe Global State of Democracy framework finds it mid-range.\n")
    assert result.records == []
    assert result.problems == [(5, "no year printed (a ranking year or the profile's period);"
                                   " the GSoD ranks and profile are not imported")]
