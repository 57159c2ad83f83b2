"""The shipped site in headless Chromium: pages load cleanly and offline, search, notes, dark mode,
sortable tables."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import REPO, node_asset

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


def test_search_finds_a_word_of_one_narrative_and_opens_its_page(page):
    page.goto("/")
    # On narrow screens the search box opens from a header button; at 1280 px it is in the header.
    opener = page.locator("label.md-header__button[for=__search]")
    if opener.is_visible():
        opener.click()
    box = page.locator(".md-search__input")
    box.click()
    expect(box).to_be_focused()
    box.press_sequentially("Imashev", delay=20)  # Material searches on key events, not on fill()
    results = page.locator(".md-search-result__item a.md-search-result__link")
    expect(results.first).to_be_visible()
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    assert hrefs, "no search results"
    # Links carry the highlight query (?h=imashev) and the section's anchor.
    assert {urlsplit(href)[:3] for href in hrefs} == {urlsplit(page.server.url(NIT))[:3]}, hrefs
    results.first.click()
    page.wait_for_url(lambda url: urlsplit(url).path == NIT)
    expect(page.locator("article h1")).to_contain_text("Nations in Transit 2022")
    assert page.errors == []
    assert page.blocked == []


def test_note_reference_goes_to_its_note_and_back(page):
    page.goto(NIT)
    ref = page.locator("sup.note-ref a").first
    href = ref.get_attribute("href")
    assert href and href.startswith("#note-")
    ref_id = ref.evaluate("a => a.parentElement.id")
    ref.click()
    note = page.locator("li:target")
    expect(note).to_have_count(1)
    expect(note).to_have_id(href[1:])
    expect(note).to_be_in_viewport()
    note.locator("a.note-back").click()
    expect(page.locator(":target")).to_have_id(ref_id)
    expect(page.locator(f"#{ref_id}")).to_be_in_viewport()
    assert page.url.endswith(f"#{ref_id}")
    assert page.errors == []


def test_palette_toggle_switches_to_dark_mode_and_remembers_it(page):
    page.goto(NIT)
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    # The visible toggle in light mode is the label for the dark palette's radio button.
    toggle = page.locator("label.md-header__button[for=__palette_1]")
    expect(toggle).to_be_visible()
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

    def first_column():
        return parties.locator("tbody tr td:first-child").all_inner_texts()

    before = first_column()
    header.click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert first_column() == sorted(before, key=str.lower)
    header.click()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert first_column() == sorted(before, key=str.lower, reverse=True)
    assert page.errors == []
    assert page.blocked == []


def test_the_guard_blocks_and_records_requests_off_the_local_server(page):
    """The zero-requests assertions above mean something only if the guard sees requests."""
    page.goto("/")
    outcome = page.evaluate("""() => fetch("https://example.org/probe.js")
        .then(() => "loaded", () => "blocked")""")
    assert outcome == "blocked"
    assert page.blocked == ["https://example.org/probe.js"]
