"""Content ids that meet the names the site uses itself (issue 24, generator/model/names.py).

An id that shares a folder or a page with the generator's own files and anchors is a located
error (exit 1, every problem in one run); one the generator writes in a namespace of its own
builds, and its page holds each id once. Every built page of the shipped content and of a tree
of hostile ids is checked for two elements with one id.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import COUNTRY, NIT_REPORT, REPO
from .test_hostile import Sandbox, _edit, _write, cli

REPORT = "countries/ruritania/reports/nit-2022.yml"
COUNTRY_FILE = "countries/ruritania/country.yml"
NIT = "indices/nit.yml"
HEADINGS = ("at-a-glance, author, categories, executive-summary, score-changes, scores, source,"
            " stated-and-recomputed")
GENERATED = "a note's or a chart's anchor on report pages), expected another slug, not one like" \
            " s-n1, c2-r1 or gauge-nit-aggregate-title"
EVENTS = """\
tracker: gsod
events:
  - id: {id}
    month: "2024-06"
    title: An event
    body: What happened.
"""


def where(box: Sandbox, rel: str, text: str) -> str:
    """`content/REL:LINE:COL` of the value on the (first) line holding `text`."""
    lines = (box.content / rel).read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if text in line)
    line = lines[number - 1]
    col = line.index(text) + len(text) - len(text.split(": ")[-1]) + 1
    return f"content/{rel}:{number}:{col}"


def rename_category(old: str, new: str):
    def edit(box: Sandbox) -> list[str]:
        _edit(box.content, NIT, f"  - id: {old}\n", f"  - id: {new}\n")
        _edit(box.content, REPORT, f"  - id: {old}\n", f"  - id: {new}\n")
        return [where(box, NIT, f"- id: {new}")]
    return edit


def country_slug(slug: str):
    def edit(box: Sandbox) -> list[str]:
        (box.content / "countries" / "ruritania").rename(box.content / "countries" / slug)
        _edit(box.content, f"countries/{slug}/country.yml", "slug: ruritania", f"slug: {slug}")
        return [where(box, f"countries/{slug}/country.yml", f"slug: {slug}")]
    return edit


def index_id(new: str):
    def edit(box: Sandbox) -> list[str]:
        nit = (box.content / NIT).read_text(encoding="utf-8")
        _write(box.content, f"indices/{new}.yml", nit.replace("id: nit\n", f"id: {new}\n", 1))
        _write(box.content, f"countries/ruritania/reports/{new}-2022.yml",
               NIT_REPORT.replace("index: nit", f"index: {new}"))
        return [where(box, f"indices/{new}.yml", f"id: {new}")]
    return edit


def index_pair(box: Sandbox) -> list[str]:
    """nit and nit-2, each with two editions: both get category charts on the country page."""
    at = index_id("nit-2")(box)
    for ix in ("nit", "nit-2"):
        _write(box.content, f"countries/ruritania/reports/{ix}-2021.yml",
               NIT_REPORT.replace("index: nit", f"index: {ix}").replace("2022", "2021"))
    return at


def ratings_twin(box: Sandbox) -> list[str]:
    """fiw-ratings beside fiw: its score history would take the id of fiw's ratings history."""
    fiw = (box.content / "indices/fiw.yml").read_text(encoding="utf-8")
    _write(box.content, "indices/fiw-ratings.yml",
           fiw.replace("id: fiw\n", "id: fiw-ratings\n", 1))
    return [where(box, "indices/fiw-ratings.yml", "id: fiw-ratings")]


def event_id(eid: str):
    def edit(box: Sandbox) -> list[str]:
        _write(box.content, "countries/ruritania/events.yml", EVENTS.format(id=eid))
        return [where(box, "countries/ruritania/events.yml", f"id: {eid}")]
    return edit


def election_id(eid: str):
    def edit(box: Sandbox) -> list[str]:
        _write(box.content, f"countries/ruritania/elections/{eid}.yml", "body: Assembly\n"
               "kind: legislative\ndate: \"2021-01-10\"\nresults:\n  - party: One\n")
        return [f"content/countries/ruritania/elections/{eid}.yml:1:1"]
    return edit


def all_at_once(box: Sandbox) -> list[str]:
    """Three problems in three files: each is reported, in the order of the files."""
    category = rename_category("corruption", "scores")(box)
    event_id("reports")(box)
    slug = country_slug("dataset")(box)
    return [*slug, where(box, "countries/dataset/events.yml", "id: reports"), *category]


def _slug_msg(name, what, choices):
    return f"slug: '{name}' is a name the site uses itself ({what}), expected another slug," \
        f" not one of: {choices}"


def _cat_msg(name, generated=False):
    head = f"categories.{name}.id: '{name}' is a name the site uses itself ("
    if generated:
        return head + GENERATED
    return head + "a heading's anchor on report pages), expected another slug, not one of: " \
        + HEADINGS


EVENT_MSG = "events.reports.id: 'reports' is a name the site uses itself (the tracker page's" \
    " anchor 'event-reports'), expected another slug, not one of: reports"

# (case, edit giving the places, messages in the order of their places)
REFUSED = [
    ("country-slug-dataset", country_slug("dataset"),
     [_slug_msg("dataset", "downloads/dataset.json", "dataset, scores")]),
    ("country-slug-scores", country_slug("scores"),
     [_slug_msg("scores", "downloads/scores.csv", "dataset, scores")]),
    ("index-id-index", index_id("index"),
     ["id: 'index' is a name the site uses itself (methodology/index.md), expected another"
      " slug, not one of: index"]),
    ("index-id-takes-a-chart-id", index_pair,
     ["id: 'nit-2' is a name the site uses itself (the chart 'categories-nit-2' of index 'nit'"
      " on country pages), expected another slug"]),
    ("index-id-takes-the-ratings-chart-id", ratings_twin,
     ["id: 'fiw-ratings' is a name the site uses itself (the chart 'history-fiw-ratings' of"
      " index 'fiw' on country pages), expected another slug"]),
    *[(f"category-{name}", rename_category("corruption", name), [_cat_msg(name)])
      for name in ("scores", "categories", "source", "at-a-glance", "executive-summary")],
    *[(f"category-{name}", rename_category("civil-society", name), [_cat_msg(name, True)])
      for name in ("s-n1", "c2-r1", "c2-n2", "g-r3-2", "gauge-nit-percentage-title",
                   "history-nit-desc", "search-query")],
    ("event-id-reports", event_id("reports"), [EVENT_MSG]),
    ("election-id-index", election_id("index"),
     ["(top level): 'index' is a name the site uses itself (elections/index.md is the folder's own"
      " page), expected another slug, not one of: index"]),
    ("all-in-one-run", all_at_once,
     [_slug_msg("dataset", "downloads/dataset.json", "dataset, scores"), EVENT_MSG,
      _cat_msg("scores")]),
]


@pytest.mark.parametrize("case,edit,messages", REFUSED, ids=[c[0] for c in REFUSED])
def test_an_id_taking_a_name_of_the_site_is_a_located_error(case, edit, messages, tmp_path):
    box = Sandbox(tmp_path)
    places = edit(box)
    proc = box.build()
    expected = [f"{place}: error: {message}" for place, message in zip(places, messages)]
    files = len({place.split(":")[0] for place in places})
    errors = f"{len(messages)} error" + ("s" if len(messages) > 1 else "")
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        *expected, f"Aborted: {errors}, 0 warnings in {files} file" + "s" * (files > 1)]
    assert not box.site.exists()


# --- Ids the generator namespaces: one build of a tree full of them -------------------------

ELECTION = """\
body: Assembly
kind: legislative
date: "2021-01-10"
results:
  - party: One
    seats: 6
  - party: Two
    seats: 4
"""
HOSTILE_EVENTS = ["event-reports", "reports-x", "basic-information", "june-2024", "search-query",
                  "human-rights-treaties", "index"]
HOSTILE_CATEGORIES = {"national-democratic-governance": "search",
                      "electoral-process": "downloads",
                      "civil-society": "pagefind", "independent-media": "assets",
                      "local-democratic-governance": "countries",
                      "judicial-framework-and-independence": "s-n",
                      "corruption": "gauge-nit-percentage"}


def _hostile_tree(box: Sandbox) -> None:
    """Two countries, `search` and `index`, named like Material's ids and a chart's id, with
    categories, events and elections named like the site's folders and anchors, and an index
    named `search`."""
    content = box.content
    for old, new in HOSTILE_CATEGORIES.items():
        _edit(content, NIT, f"  - id: {old}\n", f"  - id: {new}\n")
    report = NIT_REPORT
    for old, new in HOSTILE_CATEGORIES.items():
        report = report.replace(f"  - id: {old}\n", f"  - id: {new}\n")
    report = report.replace("status:", "summary:\n  paragraphs: [\"Sum.[^1]\"]\n  notes:\n"
                            "    1: A note.\nstatus:")
    shutil.rmtree(content / "countries" / "ruritania")
    nit = (content / NIT).read_text(encoding="utf-8")
    _write(content, "indices/search.yml", nit.replace("id: nit\n", "id: search\n", 1)
           .replace("name: Nations in Transit", "name: __search", 1))
    _edit(content, "treaties.yml", "  - id: iccpr\n", "  - id: index\n")
    for slug, name, region in (("search", "__config", "__search"),
                               ("index", "History nit title", "s-n1")):
        base = f"countries/{slug}"
        _write(content, f"{base}/country.yml", COUNTRY.replace("name: Ruritania", f"name: {name!r}")
               .replace("slug: ruritania", f"slug: {slug}").replace("region: Eurasia",
                                                                    f"region: {region!r}")
               + "treaties:\n  statuses:\n    index: state-party\n")
        for ix in ("nit", "search"):
            for edition in (2021, 2022):
                _write(content, f"{base}/reports/{ix}-{edition}.yml",
                       report.replace("index: nit", f"index: {ix}")
                       .replace("edition: 2022", f"edition: {edition}"))
        _write(content, f"{base}/events.yml", "tracker: gsod\nevents:\n" + "".join(
            f"  - id: {eid}\n    month: \"2024-06\"\n    title: Event {eid}\n"
            f"    body: What happened.\n" for eid in HOSTILE_EVENTS))
        for eid in ("results", "search", "seats"):
            _write(content, f"{base}/elections/{eid}.yml", ELECTION)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    box = Sandbox(tmp_path_factory.mktemp("names"))
    _hostile_tree(box)
    proc = box.build()
    assert proc.returncode == 0, proc.stderr
    return box.site


def _html(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def _ids(site: Path, page: str) -> list[str]:
    return [t["id"] for t in _html(site, page).find_all(id=True)]


def duplicate_ids(site: Path) -> dict[str, list[str]]:
    """Every built page that holds an id twice, with those ids."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        ids = Counter(t["id"] for t in BeautifulSoup(path.read_text(encoding="utf-8"),
                                                     "html.parser").find_all(id=True))
        twice = sorted(i for i, n in ids.items() if n > 1)
        if twice:
            found[path.relative_to(site).as_posix()] = twice
    return found


def test_no_page_of_the_shipped_site_holds_an_id_twice(shipped_site):
    assert len(list(shipped_site.rglob("*.html"))) > 20
    assert duplicate_ids(shipped_site) == {}


def test_no_page_of_the_hostile_ids_holds_an_id_twice(hostile):
    assert len(list(hostile.rglob("*.html"))) > 30
    assert duplicate_ids(hostile) == {}


def test_the_duplicate_check_finds_two_elements_with_one_id(tmp_path):
    (tmp_path / "a.html").write_text('<p id="x"></p><h2 id="y"></h2><span id="x"></span>')
    assert duplicate_ids(tmp_path) == {"a.html": ["x"]}


def _config_script(site: Path, page: str) -> dict:
    """Material's configuration, as its scripts find it: the first element of id __config."""
    return json.loads(_html(site, page).find(id="__config").string)


REPORT_PAGE = "countries/search/nit-2022"
# (case, page, ids that must each be there once)
NAMESPACED = [
    ("country-slug-search", "countries/search", ["__search", "h_config"]),
    ("country-slug-index", "countries/index", ["h_history-nit-title", "history-nit-title"]),
    ("index-id-search", "methodology/search", ["h_search"]),
    ("region-named-like-a-theme-id", "countries", ["__search", "region-search", "region-s-n1"]),
    ("categories-named-like-folders", REPORT_PAGE,
     ["search", "downloads", "pagefind", "assets", "countries", "categories", "scores"]),
    ("category-named-like-a-note-or-gauge", REPORT_PAGE,
     ["s-n", "s-n1", "s-r1", "gauge-nit-percentage", "gauge-nit-percentage-title"]),
    ("report-title-named-like-a-theme-id", REPORT_PAGE, ["h_config-nations-in-transit-2022"]),
    ("event-ids-named-like-headings", "countries/search/tracker",
     ["event-reports", "event-event-reports", "event-human-rights-treaties", "human-rights-treaties",
      "event-june-2024", "june-2024", "event-search-query", "event-index"]),
    ("election-id-search", "countries/search/elections/search", ["seats-search-title", "results"]),
    ("election-id-results", "countries/search/elections/results",
     ["seats-results-title", "results"]),
    ("rankings-of-index-search", "rankings", ["h_search_search"]),
]


@pytest.mark.parametrize("case,page,wanted", NAMESPACED, ids=[c[0] for c in NAMESPACED])
def test_a_namespaced_id_builds_with_distinct_ids(case, page, wanted, hostile):
    ids = Counter(_ids(hostile, page))
    assert {i: ids[i] for i in wanted} == {i: 1 for i in wanted}
    assert _config_script(hostile, page)["base"]


def test_site_pages_and_downloads_stay_beside_the_hostile_ones(hostile):
    """A country `search` or `index` and an index `search` have pages of their own."""
    for page in ("search", "countries/search", "countries/index", "methodology/search",
                 "rankings/search", "countries", "methodology"):
        assert (hostile / page / "index.html").is_file(), page
    assert "search-query" in _ids(hostile, "search")
    data = json.loads((hostile / "downloads" / "dataset.json").read_text(encoding="utf-8"))
    assert sorted(data["countries"]) == ["index", "search"]
    for slug in ("index", "search"):
        mine = json.loads((hostile / "downloads" / f"{slug}.json").read_text(encoding="utf-8"))
        assert mine["country"]["slug"] == slug
    assert (hostile / "downloads" / "scores.csv").read_text().startswith("country,")


def test_the_feed_links_each_event_to_its_anchor(hostile):
    feed = (hostile / "feed.xml").read_text(encoding="utf-8")
    links = re.findall(r'<link href="([^"]+)"/>', feed)
    assert len(links) == 2 * len(HOSTILE_EVENTS)
    for link in links:
        page, anchor = link.split("#")
        assert anchor in _ids(hostile, page.rstrip("/")), link


def test_shipped_ids_are_not_reserved():
    """The shipped content builds unchanged: none of its ids is refused."""
    from generator.model.check import check

    checked = check(REPO / "content", "content")
    assert [d for d in checked.diagnostics if "uses itself" in d.message] == []


def test_a_rerender_after_an_edit_finds_the_collision_too(tmp_path):
    """`render` after an edit to one country's files checks that country only (the path
    `serve` takes on every save): the names it takes are checked there as well."""
    box = Sandbox(tmp_path)
    _write(box.content, "countries/ruritania/events.yml", EVENTS.format(id="june"))
    first = cli(tmp_path, "render", "--content", "content", "--out", "docs")
    assert first.returncode == 0, first.stderr
    _edit(box.content, "countries/ruritania/events.yml", "id: june", "id: reports")
    again = cli(tmp_path, "render", "--content", "content", "--out", "docs")
    assert again.returncode == 1
    assert again.stderr.splitlines()[0] == \
        f"{where(box, 'countries/ruritania/events.yml', 'id: reports')}: error: {EVENT_MSG}"
