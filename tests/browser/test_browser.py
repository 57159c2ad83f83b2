"""The shipped site in headless Chromium: pages load cleanly and offline, search, notes, dark mode,
sortable tables."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import REPO, node_asset
from .harness import assert_sorts_both_ways, serve

pytestmark = pytest.mark.browser

NIT = "/countries/kazakhstan/nit-2022/"
PAGES = [
    "/",
    "/countries/kazakhstan/",
    NIT,
    "/countries/kazakhstan/tracker/",
    "/countries/kazakhstan/elections/mazhilis-2021/",
    "/methodology/nit/",
]


def expect(locator):
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_errors_or_network(page, path):
    page.goto(path)
    # Search index, worker and late scripts: wait until the page has stopped fetching.
    page.wait_for_load_state("networkidle")
    expect(page.locator("article h1")).to_have_count(1)
    assert page.errors == []
    assert page.blocked == []


RESULT_LINKS = ".site-search-page__title"


def test_search_finds_a_word_of_one_narrative_and_opens_its_page(page):
    page.goto("/")
    # The header's box (wide screens) opens the search page with the query; Pagefind answers there.
    box = page.locator(".site-search__input")
    box.fill("Imashev")
    box.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == "/search/")
    assert parse_qs(urlsplit(page.url).query) == {"q": ["Imashev"]}
    expect(page.locator("#search-query")).to_have_value("Imashev")
    results = page.locator(RESULT_LINKS)
    expect(results).to_have_count(1)  # the name is in one narrative of one report
    expect(page.locator(".site-search-page__status")).to_have_text("1 result for “Imashev”")
    assert urlsplit(results.first.get_attribute("href")).path == NIT
    expect(page.locator(".site-search-page__result mark").first).to_contain_text("Imashev")
    # Sections of the page that hold the word link to their headings.
    sections = page.locator(".site-search-page__sections a")
    expect(sections.first).to_be_visible()
    assert all(urlsplit(h).path == NIT and urlsplit(h).fragment
               for h in sections.evaluate_all("links => links.map(a => a.href)"))
    results.first.click()
    page.wait_for_url(lambda url: urlsplit(url).path == NIT)
    expect(page.locator("article h1")).to_contain_text("Nations in Transit 2022")
    assert page.errors == []
    assert page.blocked == []


def test_search_filters_narrow_the_results_and_stay_in_the_address(page):
    page.goto("/search/?q=elections")
    results = page.locator(RESULT_LINKS)
    expect(results.first).to_be_visible()
    # The filters are added when Pagefind has loaded (the first results may come before).
    expect(page.locator(".site-search-page__filter > span")).to_have_count(4)
    labels = page.locator(".site-search-page__filter > span").all_inner_texts()
    assert labels == ["Country", "Index", "Page", "Year"], labels
    before = results.count()
    assert before > 1
    page.select_option("select[name=page]", "Election")
    expect(results).to_have_count(1)
    assert results.first.get_attribute("href") == "/countries/kazakhstan/elections/mazhilis-2021/"
    assert parse_qs(urlsplit(page.url).query) == {"q": ["elections"], "page": ["Election"]}
    # The address restores the search: the filter without words lists all its pages.
    page.goto("/search/?year=2022")
    expect(page.locator("select[name=year]")).to_have_value("2022")
    expect(results.first).to_be_visible()
    assert page.errors == []


def test_a_slow_search_says_it_is_searching(page):
    """A search that takes long (here: Pagefind's index files held back for a second) says so,
    then shows its results; with titles or headings that hold the words, it shows those first
    and says that the full text is still being searched."""
    import time

    def held_back(route):
        time.sleep(1.0)
        route.fallback()
    page.route("**/pagefind/index/**", held_back)
    status = page.locator(".site-search-page__status")
    page.goto("/search/?q=Imashev")  # in one narrative's text only
    expect(status).to_have_text("Searching…")
    expect(status).to_have_text("1 result for “Imashev”")
    page.goto("/search/?q=elections")
    expect(status).to_contain_text("searching the full text…")
    expect(status).to_contain_text("for “elections”")
    expect(page.locator(RESULT_LINKS).first).to_be_visible()
    assert page.errors == []


def test_search_box_on_a_narrow_screen_is_a_button_to_the_search_page(page):
    page.set_viewport_size({"width": 400, "height": 800})
    page.goto(NIT)
    expect(page.locator(".site-search__input")).to_be_hidden()
    page.locator("a.site-search__button").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/search/")
    box = page.locator("#search-query")
    expect(box).to_be_focused()
    box.press_sequentially("Kazakhstan", delay=10)
    expect(page.locator(RESULT_LINKS).first).to_be_visible()
    assert "q=Kazakhstan" in page.url
    assert page.errors == []


def test_search_under_a_sub_path_links_inside_it(browser, tmp_path):
    """A pull-request preview lives under /pr-<n>/: result links must stay under it."""
    import shutil

    from .harness import build_site

    site = build_site(tmp_path / "build")
    (tmp_path / "www").mkdir()
    shutil.move(str(site), str(tmp_path / "www" / "pr-9"))
    server = serve(tmp_path / "www")
    try:
        page = browser.new_page()
        page.goto(server.url("/pr-9/search/?q=Imashev"))
        link = page.locator(".site-search-page__title").first
        expect(link).to_be_visible()
        assert link.get_attribute("href") == "/pr-9" + NIT
        page.close()
    finally:
        server.close()


@pytest.fixture(scope="module")
def zoo_server(_browser_ready, tmp_path_factory):
    """The hostile-data site of tests/test_hostile.py, built and served."""
    from tests.test_hostile import _zoo_box

    box, _ = _zoo_box(tmp_path_factory.mktemp("zoo"), plain=False)
    proc = box.build()
    assert proc.returncode == 0, proc.stderr
    srv = serve(box.site)
    yield srv
    srv.close()


def test_search_results_show_hostile_data_as_text(browser, zoo_server):
    from tests.test_hostile import PAYLOADS

    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(zoo_server.url("/search/?q=alert"))
    results = page.locator(".site-search-page__results")
    expect(results.locator(".site-search-page__result").first).to_be_visible()
    page.wait_for_timeout(300)
    assert dialogs == []
    # Markup in the data is shown as its characters: no element but links, lists and marks.
    tags = set(results.evaluate("r => [...r.querySelectorAll('*')].map(e => e.tagName)"))
    assert tags <= {"LI", "A", "P", "UL", "MARK"}, tags
    assert PAYLOADS["script"] in results.inner_text()
    hrefs = results.evaluate("r => [...r.querySelectorAll('a')].map(a => a.href)")
    assert all(h.startswith(zoo_server.origin + "/") for h in hrefs), hrefs
    page.close()


def test_note_reference_goes_to_its_note_and_back(page):
    page.goto(NIT)
    ref = page.locator("a.footnote-ref").first
    href = ref.get_attribute("href")
    assert href and href.startswith("#s-n")
    ref_id = ref.get_attribute("id")
    # one link, no <sup>: site.css raises it and sets it smaller than the text around it
    style = ref.evaluate("""a => ({parent: a.parentElement.tagName,
        align: getComputedStyle(a).verticalAlign, size: parseFloat(getComputedStyle(a).fontSize),
        text: parseFloat(getComputedStyle(a.parentElement).fontSize)})""")
    assert style["parent"] == "P" and style["align"] == "super", style
    assert 0.5 * style["text"] < style["size"] < 0.75 * style["text"], style
    ref.click()
    note = page.locator("li:target")
    expect(note).to_have_count(1)
    expect(note).to_have_id(href[1:])
    expect(note).to_be_in_viewport()
    note.locator(":scope > a").click()
    expect(page.locator(":target")).to_have_id(ref_id)
    expect(page.locator(f"#{ref_id}")).to_be_in_viewport()
    assert page.url.endswith(f"#{ref_id}")
    assert page.errors == []


def test_category_gauges_draw_each_rating_as_its_share_of_the_scale(page):
    """The compact gauges are spans drawn by charts.css: the fill's width inside the outlined
    track is the rating's share of NIT's scale from 1 to 7, in light and print alike."""
    page.goto(NIT)
    for media in ("screen", "print"):
        page.emulate_media(media=media)
        gauges = page.evaluate("""() => [...document.querySelectorAll('p.rating')].map((p) => {
            const gauge = p.querySelector('.gauge-inline'), fill = gauge.querySelector('.gauge-fill');
            const style = getComputedStyle(gauge);
            return {rating: p.querySelector('strong').textContent,
                    track: gauge.clientWidth, fill: fill.getBoundingClientRect().width,
                    height: fill.getBoundingClientRect().height, border: style.borderTopWidth,
                    colour: getComputedStyle(fill).backgroundColor,
                    print: style.printColorAdjust}; })""")
        assert len(gauges) == 7, gauges
        for gauge in gauges:
            rating = float(gauge["rating"].split(": ")[1].split(" / ")[0])
            assert gauge["fill"] == pytest.approx(gauge["track"] * (rating - 1) / 6, abs=0.6), gauge
            assert gauge["height"] >= 4 and gauge["border"] == "1px", gauge
            assert gauge["colour"] not in ("rgba(0, 0, 0, 0)", "transparent"), gauge
            assert gauge["print"] == "exact", gauge
    assert page.errors == []


def test_palette_toggle_switches_to_dark_mode_and_remembers_it(page):
    page.goto(NIT)
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    # The visible toggle in light mode is the label for the dark palette's radio button.
    toggle = page.locator("label.md-header__button[for=__palette_1]")
    expect(toggle).to_be_visible()
    # Its icon is drawn by site.css (overrides/partials/site-icon.html), not an SVG in the page.
    icon = toggle.locator(".site-icon")
    box = icon.bounding_box()
    assert box and box["width"] >= 16 and box["height"] >= 16, box
    mask = icon.evaluate("e => getComputedStyle(e).maskImage || getComputedStyle(e).webkitMaskImage")
    assert mask.startswith('url("data:image/svg+xml'), mask
    # So is the logo (site.css .site-icon), and the palette is restored by assets/palette.js
    logo = page.locator(".md-header .md-logo .site-icon")
    box = logo.bounding_box()
    assert box and box["width"] >= 16 and box["height"] >= 16, box
    assert page.locator("header script[src$='assets/palette.js']").count() == 1
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.goto("/countries/kazakhstan/")
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.locator("label.md-header__button[for=__palette_0]").click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    assert page.errors == []


def test_tables_sort_by_a_clicked_column(page):
    """templates/assets/tablesort-init.js with tablesort from node_modules; both are injected
    when the built page does not load them yet."""
    page.goto("/countries/kazakhstan/elections/mazhilis-2021/")
    if not page.evaluate("typeof window.Tablesort === 'function'"):
        tablesort = node_asset("tablesort", "dist", "tablesort.min.js")
        if tablesort is None:
            pytest.skip("node_modules/tablesort is not installed (make test runs npm ci)")
        page.add_script_tag(path=str(tablesort))
        page.add_script_tag(path=str(REPO / "templates" / "assets" / "tablesort-init.js"))
    # The party table is sortable; the key-value table above it (blank header row) is not.
    tables = page.locator("article table")
    expect(tables.nth(0).locator("th[role=columnheader]")).to_have_count(0)
    parties = tables.nth(1)
    header = parties.locator("th", has_text="Party")
    expect(header).to_have_attribute("role", "columnheader")
    assert_sorts_both_ways(parties, header)
    assert page.errors == []
    assert page.blocked == []


def test_the_guard_blocks_and_records_requests_off_the_local_server(page):
    """The zero-requests assertions above mean something only if the guard sees requests."""
    page.goto("/")
    outcome = page.evaluate("""() => fetch("https://example.org/probe.js")
        .then(() => "loaded", () => "blocked")""")
    assert outcome == "blocked"
    assert page.blocked == ["https://example.org/probe.js"]
