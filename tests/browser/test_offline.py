"""The offline bundle in headless Chromium: unzipped into a folder, opened from disk (`file://`)
with every network request blocked, as on a machine with no network.

Chromium runs with its default `file://` security (no --allow-file-access-from-files): Material's
search worker starts only because the bundle ships the iframe-worker shim.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

from .harness import (
    CHROMIUM_ARGS,
    Guard,
    assert_sorts_both_ways,
    build_bundle,
    shipped_slice,
)

pytestmark = pytest.mark.browser

NIT = "countries/kazakhstan/nit-2022.html"
ELECTION = "countries/kazakhstan/elections/mazhilis-2021.html"


def expect(locator):
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


@pytest.fixture(scope="session")
def bundle_dir(_browser_ready, tmp_path_factory) -> Path:
    """`python -m generator bundle` on the shipped slice, unzipped into a scratch folder."""
    tmp = tmp_path_factory.mktemp("offline")
    return build_bundle(tmp, shipped_slice(tmp))


@dataclass
class DiskPage:
    """A Playwright page on the unzipped bundle, addressed by paths inside the bundle, with the
    requests the guard blocked and the console errors it saw."""

    page: object
    root: Path
    blocked: list[str]
    errors: list[str]

    def goto(self, path: str) -> None:
        self.page.goto(self.file_url(path), wait_until="load")

    def file_url(self, path: str) -> str:
        return (self.root / path).as_uri()

    def __getattr__(self, name):
        return getattr(self.page, name)


@pytest.fixture
def page(browser, bundle_dir) -> Iterator[DiskPage]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light",
                                  service_workers="block")
    context.set_default_timeout(10_000)
    # Only file:// (and data:/blob:) go through; every other request is aborted and recorded.
    guard = Guard("file://")
    context.route("**/*", guard)
    errors: list[str] = []
    pw_page = context.new_page()
    pw_page.on("console", lambda m: m.type == "error" and errors.append(
        f"console.error: {m.text} at {m.location.get('url')}:{m.location.get('lineNumber')}"))
    pw_page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    try:
        yield DiskPage(pw_page, bundle_dir, guard.blocked, errors)
    finally:
        context.close()


def test_chromium_keeps_its_default_file_security():
    assert not any("file-access" in arg or "web-security" in arg for arg in CHROMIUM_ARGS)


def test_every_page_opens_from_disk_without_errors_or_network(page, bundle_dir):
    pages = sorted(p.relative_to(bundle_dir).as_posix() for p in bundle_dir.rglob("*.html"))
    assert "index.html" in pages and NIT in pages and len(pages) >= 12
    for path in pages:
        page.goto(path)
        expect(page.locator("article h1")).to_have_count(1)
        # Material shows the search box only once its worker has started (from disk: the shim).
        expect(page.locator(".md-search__input")).to_be_visible()
    page.wait_for_timeout(300)  # late requests (worker, index) of the last page
    assert page.errors == []
    assert page.blocked == []


def test_search_finds_a_narrative_word_and_its_page_previews_a_note(page):
    page.goto("index.html")
    opener = page.locator("label.md-header__button[for=__search]")
    if opener.is_visible():
        opener.click()
    box = page.locator(".md-search__input")
    box.click()
    expect(box).to_be_focused()
    # "Imashev" appears only in one category narrative of the NIT 2022 report.
    box.press_sequentially("Imashev", delay=20)
    results = page.locator(".md-search-result__item a.md-search-result__link")
    expect(results.first).to_be_visible()
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    nit_url = page.file_url(NIT)
    assert hrefs and {urlsplit(h)._replace(query="", fragment="").geturl() for h in hrefs} \
        == {nit_url}, hrefs
    expect(page.locator(".md-search-result__meta")).to_contain_text("1 matching document")
    results.last.click()
    page.wait_for_url(lambda url: urlsplit(url).path == urlsplit(nit_url).path)
    expect(page.locator("article h1")).to_contain_text("Nations in Transit 2022")
    expect(page.locator("article mark", has_text="Imashev").first).to_be_visible()

    # Material's note preview (content.footnote.tooltips): hovering a note reference shows the
    # note's text in a tooltip. Prefer a note whose text is known.
    ref = page.locator("a.footnote-ref").nth(page.evaluate("""() => {
        const refs = [...document.querySelectorAll("a.footnote-ref")];
        const i = refs.findIndex(a => !document.getElementById(a.hash.slice(1))
            .querySelector(".note-missing"));
        return Math.max(i, 0);
    }"""))
    note_text = ref.evaluate("""a => {
        const li = document.getElementById(a.hash.slice(1)).cloneNode(true);
        li.querySelectorAll(":scope > a").forEach(b => b.remove());  // the back link
        return li.textContent.trim();
    }""")
    assert note_text
    ref.scroll_into_view_if_needed()
    ref.hover()
    tooltip = page.locator(".md-tooltip2.md-tooltip2--active")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(note_text[:60])
    expect(tooltip.locator("a")).to_have_count(1)  # the back link's copy, which is not shown
    expect(tooltip.locator("a")).to_be_hidden()
    assert page.errors == []
    assert page.blocked == []


def test_tables_sort_from_disk(page):
    page.goto(ELECTION)
    parties = page.locator("article table").nth(1)
    header = parties.locator("th", has_text="Party")
    expect(header).to_have_attribute("role", "columnheader")
    assert_sorts_both_ways(parties, header)
    assert page.errors == []
    assert page.blocked == []


def test_charts_draw_from_disk(page):
    page.goto(NIT)
    charts = page.locator("article figure.chart svg")
    expect(charts.first).to_be_visible()
    box = charts.first.bounding_box()
    assert box and box["width"] > 50 and box["height"] > 20
    assert page.errors == []
    assert page.blocked == []


def test_the_guard_blocks_and_records_network_requests_from_disk(page):
    """The zero-requests assertions above mean something only if the guard sees requests."""
    page.goto("index.html")
    outcome = page.evaluate("""() => fetch("https://example.org/probe.js")
        .then(() => "loaded", () => "blocked")""")
    assert outcome == "blocked"
    assert page.blocked == ["https://example.org/probe.js"]
