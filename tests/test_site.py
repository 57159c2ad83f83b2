"""Built-site checks: `python -m generator build` on content, then assertions on the HTML."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from .conftest import (
    NIT_REPORT,
    REPO,
    build,
    country_files,
    ids_on,
    is_page_state,
    local_links,
    pagefind_fragments,
    soup,
    write_content,
)

pytestmark = pytest.mark.site


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_nit_page_shows_every_category_with_its_rating(shipped_site):
    page = soup(shipped_site, "countries/kazakhstan/nit-2022")
    expected = {
        "National Democratic Governance": "1.25", "Electoral Process": "1.25",
        "Civil Society": "1.50", "Independent Media": "1.25",
        "Local Democratic Governance": "1.75", "Judicial Framework and Independence": "1.25",
        "Corruption": "1.25",
    }
    table = page.find("h2", id="categories").find_next("table")
    rows = {tr.find_all("td")[0].get_text(strip=True): tr.find_all("td")[1].get_text(strip=True)
            for tr in table.find_all("tr")[1:]}
    assert rows == {name: f"{rating} / 7" for name, rating in expected.items()}
    for name, rating in expected.items():
        heading = next((h for h in page.find_all("h3") if h.get_text().startswith(name)), None)
        assert heading is not None, name
        assert f"Rating: {rating} / 7" in heading.find_next("p").get_text()


def test_nit_page_shows_stated_and_recomputed_scores(shipped_site):
    page = soup(shipped_site, "countries/kazakhstan/nit-2022")
    table = page.find("h3", id="stated-and-recomputed").find_next("table")
    cells = [[td.get_text(strip=True) for td in tr.find_all(["td", "th"])]
             for tr in table.find_all("tr")]
    assert cells[0] == ["Figure", "This edition", "Recomputed from the ratings", "Last year", "Change"]
    assert cells[1] == ["Status", "Consolidated Authoritarian Regime",
                        "Consolidated Authoritarian Regime", "Consolidated Authoritarian Regime",
                        "unchanged"]
    # last year's percentage as NIT restates it, rounded: no difference to a rounded figure
    assert cells[2] == ["Democracy Percentage", "5.95 / 100", "5.95", "5", "improved"]
    assert cells[3] == ["Democracy Score", "1.36 / 7", "1.36", "1.32", "improved (+0.04)"]


def test_note_references_are_links_that_resolve_both_ways(shipped_site):
    page = soup(shipped_site, "countries/kazakhstan/nit-2022")
    refs = page.select("a.footnote-ref")
    # 4 in the executive summary and 20, 19, 15, 10, 13, 13, 12 in the seven categories
    assert len(refs) == 106
    ids = {tag["id"] for tag in page.find_all(id=True)}
    per_section: dict[str, list[int]] = {}
    for link in refs:
        assert link.parent.name != "sup" and link["href"].startswith("#")
        target = link["href"][1:]
        assert target in ids, target
        note = page.find(id=target)
        # The list numbers the notes: the validator requires them to run 1..N in order.
        assert note.name == "li" and note.parent.name == "ol"
        assert note.parent.find_all("li", recursive=False).index(note) + 1 == int(link.get_text())
        back = note.find("a", recursive=False)
        assert back["href"] == f"#{link['id']}" or back["href"][1:] in ids
        section, _, number = target.rpartition("-n")
        assert number == link.get_text() and link["id"].startswith(f"{section}-r{number}")
        assert back.get_text() == "back"
        per_section.setdefault(section, []).append(int(link.get_text()))
    counts = {k: len(v) for k, v in per_section.items()}
    # notes keys: `s`, the executive summary; `c1`…`c7`, the index's categories in order
    assert counts == {"s": 4, "c1": 20, "c2": 19, "c3": 15, "c4": 10, "c5": 13, "c6": 13,
                      "c7": 12}
    for numbers in per_section.values():
        assert numbers == list(range(1, len(numbers) + 1))


def test_every_internal_link_and_anchor_resolves(shipped_site):
    problems = []
    # 404.html is served at any path; its links are absolute by design (publishing sets site_url)
    pages = sorted(p for p in shipped_site.rglob("*.html") if p.name != "404.html")
    for page in pages:
        for tag_name, ref, parts in local_links(page):
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{page.relative_to(shipped_site)}: {ref} -> missing file")
            elif parts.fragment and target.suffix == ".html" and \
                    not is_page_state(parts.fragment) and \
                    unquote(parts.fragment) not in ids_on(target):
                problems.append(f"{page.relative_to(shipped_site)}: {ref} -> missing anchor")
    assert problems == []
    assert len(pages) >= 12


def test_nothing_is_loaded_from_the_network(shipped_site):
    for page in shipped_site.rglob("*.html"):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in html.find_all(["script", "link", "img", "iframe"]):
            ref = tag.get("src") or (tag.get("href") if tag.name == "link" and
                                     "stylesheet" in (tag.get("rel") or []) else None)
            assert not (ref and urlsplit(ref).netloc), f"{page}: {ref}"
    for css in shipped_site.rglob("*.css"):
        assert "fonts.googleapis" not in css.read_text(encoding="utf-8")


def test_pages_carry_only_the_theme_parts_the_site_uses(shipped_site):
    """What overrides/ and mkdocs.yml leave out of every page: the search results' texts
    (the website searches with Pagefind), the content-tab script (no tabs), the footer's
    "Made with" line, the permalinks' titles and the back-to-top SVG; tablesort and its
    number sort come in one script."""
    page = soup(shipped_site, "countries/kazakhstan/nit-2022")
    config = json.loads(page.find("script", id="__config").string)
    assert sorted(config["translations"]) == ["clipboard.copied", "clipboard.copy"]
    assert config["search"].endswith(".min.js") and config["version"] is None
    text = str(page)
    assert "__tabbed_" not in text and "Made with" not in text
    links = page.select("a.headerlink")
    assert len(links) > 10 and all(a.get("title") is None for a in links)
    top = page.find("button", class_="md-top")
    assert top.find("svg") is None and top.find("span", class_="site-icon--arrow-up")
    assert "Back to top" in top.get_text()
    scripts = [s["src"] for s in page.find_all("script", src=True)]
    assert [s for s in scripts if "tablesort" in s] == [
        "../../../assets/vendor/tablesort.min.js", "../../../assets/tablesort-init.js"]
    vendor = (shipped_site / "assets/vendor/tablesort.min.js").read_text(encoding="utf-8")
    assert vendor.index("window.Tablesort") < vendor.index('Tablesort.extend("number"')
    css = (shipped_site / "assets/site.css").read_text(encoding="utf-8")
    assert ".site-icon--arrow-up {" in css


def test_search_index_holds_the_narratives_without_notes_or_table_pages(shipped_site):
    pages = pagefind_fragments(shipped_site)
    nit = pages["/countries/kazakhstan/nit-2022/"]
    assert "Imashev" in nit["content"]  # a name that appears only in one category narrative
    assert nit["filters"] == {"Country": ["Kazakhstan"], "Index": ["Nations in Transit"],
                              "Year": ["2022"], "Page": ["Report"]}
    assert nit["meta"]["title"] == "Kazakhstan: Nations in Transit 2022"
    # Note lists (sources), the citation block and the filter labels are not page text.
    # (The shipped notes have no text: each says "Not in our copy.", under a paragraph that
    # explains it.)
    html = (shipped_site / "countries/kazakhstan/nit-2022/index.html").read_text("utf-8")
    assert html.count("Not in our copy.") > 50
    # explained once, above the first list with such a note (all eight sections have some)
    assert html.count('class="notes-missing"') == 1
    assert html.index('class="notes-missing"') < html.index("Not in our copy.")
    assert "not in our copy" not in nit["content"].lower()
    assert "@misc" not in nit["content"] and "Report Kazakhstan" not in nit["content"]
    # Nor is what every report of the index repeats (what a category considers, the scale
    # note) or its tables of figures; the reader still sees them all.
    for repeated in ["Elections for national executive and legislative office",
                     "take 8 minus the old value", "Recomputed from the ratings",
                     "The figures as the publisher states them"]:
        assert repeated in html and repeated not in nit["content"], repeated
    assert "Electoral Process" in nit["content"] and "Civil Society" in nit["content"]
    # Every page is searchable except the table-only ranking, compare and treaty pages and the
    # search page itself.
    built = {"/" + p.parent.relative_to(shipped_site).as_posix() + "/"
             for p in shipped_site.rglob("index.html") if p.parent != shipped_site / "pagefind"}
    built = {"/" if u == "/./" else u for u in built}
    excluded = {u for u in built if u.startswith("/rankings/") and u.count("/") == 4}
    assert excluded and "/search/" in built
    assert set(pages) == built - excluded - {"/search/", "/compare/", "/treaties/"}
    entry = json.loads((shipped_site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["en"]["page_count"] == len(pages)


def test_country_downloads_split_data_from_full_text(shipped_site):
    """The JSON to open in a browser leaves the narratives out; the gzip file has all of it, and
    every download is linked from the country page."""
    import gzip

    import yaml

    downloads = shipped_site / "downloads"
    data = json.loads((downloads / "kazakhstan.json").read_text("utf-8"))
    full = json.loads(gzip.decompress((downloads / "kazakhstan.full.json.gz").read_bytes()))
    nit = next(r for r in full["reports"] if (r["index"], r["edition"]) == ("nit", 2022))
    source = yaml.safe_load(
        (REPO / "content/countries/kazakhstan/reports/nit-2022.yml").read_text("utf-8"))
    assert [" ".join(c["narrative"]["paragraphs"]) for c in nit["categories"]] == \
        [" ".join(c["narrative"]["paragraphs"]) for c in source["categories"]]
    assert "narrative" not in json.dumps(data)
    assert data["reports"] == [
        {k: v for k, v in r.items() if k not in ("summary", "at_a_glance")}
        | {"categories": [{k: v for k, v in c.items() if k != "narrative"}
                          for c in r.get("categories", [])]}
        for r in full["reports"]]
    links = {a["href"].rsplit("/", 1)[-1] for a in
             soup(shipped_site, "countries/kazakhstan").select("a[href*='downloads/']")}
    assert {"kazakhstan.json", "kazakhstan.csv", "kazakhstan.full.json.gz"} <= links


def test_tracker_page_shows_watch_flag_rankings_and_treaties(shipped_site):
    page = soup(shipped_site, "countries/kazakhstan/tracker")
    watch = page.select(".watch-flag")
    assert len(watch) == 1 and "Event to watch" in watch[0].get_text()
    text = page.get_text(" ", strip=True)
    for rank in ("128 of 173", "107 of 173", "112 of 173", "142 of 173"):
        assert rank in text
    treaty_rows = [tr for table in page.find_all("table") for tr in table.find_all("tr")
                   if tr.find("td") and re.search(r"State party|Signatory|No action",
                                                  tr.get_text())]
    statuses = yaml.safe_load((REPO / "content/countries/kazakhstan/country.yml").read_text(
        encoding="utf-8"))["treaties"]["statuses"]  # the seed's 17 and the UN's protocols
    assert len(treaty_rows) == len(statuses) == 26
    assert sum("No action" in tr.get_text() for tr in treaty_rows) == \
        list(statuses.values()).count("no-action")


def test_navigation_lists_each_country_once_and_none_of_its_report_pages(shipped_site):
    """A page the navigation lists carries its section's navigation: the country page only,
    so that reports, whatever their edition, carry none of a region's countries."""
    def nav_links(page: str) -> list[str]:
        nav = soup(shipped_site, page).select_one("nav.md-nav--primary")
        return [a["href"] for a in nav.select("a.md-nav__link[href]")]

    country = nav_links("countries/kazakhstan")
    assert [h for h in country if "kazakhstan" in h or h in ("./", ".")], country
    assert not [h for h in country if re.search(r"(nit|fiw|gsod)-\d{4}|tracker|elections", h)]
    for page in ("countries/kazakhstan/nit-2022", "countries/kazakhstan/tracker"):
        links = nav_links(page)
        assert links and not [h for h in links if "kazakhstan" in h], (page, links)


def test_failed_build_leaves_previous_site_untouched(tmp_path):
    content = write_content(tmp_path / "a", country_files())
    site, work = tmp_path / "site", tmp_path / "work"
    first = build(content, site, work)
    assert first.returncode == 0, first.stderr
    before = tree_digest(site)
    bad = NIT_REPORT.replace("rating: 1.5\n", "rating: 8\n")
    (content / "countries/ruritania/reports/nit-2022.yml").write_text(bad, encoding="utf-8")
    second = build(content, site, work)
    assert second.returncode == 1
    assert second.stderr.splitlines()[-1] == "Aborted: 1 error, 0 warnings in 1 file"
    assert tree_digest(site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site")]


def test_mkdocs_failure_leaves_previous_site_untouched(tmp_path):
    content = write_content(tmp_path / "a", country_files())
    site, work = tmp_path / "site", tmp_path / "work"
    assert build(content, site, work).returncode == 0
    before = tree_digest(site)
    templates = tmp_path / "templates"
    import shutil
    shutil.copytree(REPO / "templates", templates)
    # a template that links to a page that does not exist: mkdocs --strict must refuse it
    (templates / "countries.md.j2").write_text("# Countries\n\n[gone](nowhere.md)\n")
    result = build(content, site, work, "--templates", str(templates))
    assert result.returncode == 1
    assert "nowhere.md" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("Aborted: the build failed")
    assert tree_digest(site) == before


def test_two_builds_are_byte_identical(tmp_path):
    content = write_content(tmp_path / "a", country_files())
    assert build(content, tmp_path / "s1", tmp_path / "w1").returncode == 0
    assert build(content, tmp_path / "s2", tmp_path / "w2").returncode == 0
    assert tree_digest(tmp_path / "s1") == tree_digest(tmp_path / "s2")


HOSTILE = [
    "<script>alert('x')</script>",
    "{{ 7 * 7 }} {% raw %}",
    "**not bold** _not em_ `not code`",
    "| a | b |",
    "# not a heading",
    "[link](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "&amp; stays as typed",
]


def test_data_text_is_inert(tmp_path):
    paragraph = " ".join(HOSTILE)
    report = NIT_REPORT.replace("The vote was held in January.", paragraph.replace('"', "'"))
    files = country_files(report)
    files["countries/ruritania/country.yml"] = (
        "name: \"Ruri<b>tania</b> {{ 1 + 1 }}\"\nslug: ruritania\nregion: \"# Eurasia | x\"\n")
    content = write_content(tmp_path, files)
    result = build(content, tmp_path / "site", tmp_path / "work")
    assert result.returncode == 0, result.stderr
    page = soup(tmp_path / "site", "countries/ruritania/nit-2022")
    assert page.find("script", string=re.compile("alert")) is None
    assert page.find("img", src="x") is None
    assert not page.select("a[href^='javascript']")
    text = page.get_text(" ")
    for piece in HOSTILE:
        assert piece.replace('"', "'") in text, piece
    assert "Ruri<b>tania</b> {{ 1 + 1 }}" in page.find("h1").get_text()
    assert page.find("h1").find("b") is None
