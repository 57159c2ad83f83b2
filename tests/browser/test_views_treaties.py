"""The treaties page in headless Chromium: the region filter shows one region's states, recounts
the table's last rows and says so in its live region; the count columns sort as numbers; without
JavaScript every state shows and the filter is hidden; on a phone the table scrolls in its own
box; axe and the contrast checks find nothing, light and dark; the offline bundle's page filters
from file:// as well.

A slice of shipped countries of three regions is built for it (Kazakhstan alone is one row)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from ..conftest import shipped_slice
from .harness import Guard, build_bundle, build_site, serve
from .test_a11y import SCHEMES, Browser, _axe_script, assert_accessible

pytestmark = pytest.mark.browser

COUNTRIES = ("afghanistan", "germany", "kazakhstan", "tuvalu", "france", "nigeria")
PATH = "/treaties/"


def expect(locator):
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


@pytest.fixture(scope="module")
def treaty_site(_browser_ready, tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("treaty-browser")
    return build_site(tmp, "--content", str(shipped_slice(tmp, COUNTRIES)))


@pytest.fixture(scope="module")
def treaty_server(treaty_site):
    srv = serve(treaty_site)
    yield srv
    srv.close()


@pytest.fixture
def session(browser, treaty_server) -> Iterator[Browser]:
    _axe_script()
    one = Browser(browser, treaty_server, "light")
    yield one
    one.close()


def _visible_rows(page) -> list[str]:
    return page.locator("#treaty_table tbody tr:visible").evaluate_all(
        "rows => rows.map(r => r.id)")


def _footer(page, css: str) -> list[str]:
    return page.locator(f'#treaty_table tfoot tr[data-count="{css}"] td').all_inner_texts()


def test_the_region_filter_shows_one_region_and_recounts(session):
    page = session.goto(PATH, open_details=False)
    select = page.locator("#treaty_region")
    expect(select).to_be_visible()
    assert len(_visible_rows(page)) == len(COUNTRIES)
    everyone = _footer(page, "tp")
    select.select_option("Europe")
    assert sorted(_visible_rows(page)) == ["france", "germany"]
    expect(page.locator("#treaty_shown")).to_have_text(
        "2 of 6 states shown, those of Europe; the table's last rows count them.")
    europe = _footer(page, "tp")
    cells = page.locator("#treaty_table tbody tr:visible td").evaluate_all(
        "tds => tds.map(td => td.className)")
    per_row = len(cells) // 2
    for i, count in enumerate(europe[:18]):
        assert int(count) == sum(cells[r * per_row + 1 + i] == "tp" for r in range(2))
    assert europe != everyone
    select.select_option("")
    assert len(_visible_rows(page)) == len(COUNTRIES)
    assert _footer(page, "tp") == everyone
    expect(page.locator("#treaty_shown")).to_have_text("All 6 states shown.")
    assert session.errors == [] and session.guard.blocked == []


def test_sorting_keeps_the_filter_and_sorts_counts_as_numbers(session):
    page = session.goto(PATH, open_details=False)
    page.locator("#treaty_region").select_option("Asia")
    shown = sorted(_visible_rows(page))
    header = page.locator("#treaty_table thead th", has_text="Core treaties")
    header.click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    counts = [int(x) for x in page.locator(
        "#treaty_table tbody tr td:nth-last-child(2)").all_inner_texts()]
    assert counts == sorted(counts)
    assert sorted(_visible_rows(page)) == shown
    header.click()
    expect(header).to_have_attribute("aria-sort", "descending")
    counts = [int(x) for x in page.locator(
        "#treaty_table tbody tr td:nth-last-child(2)").all_inner_texts()]
    assert counts == sorted(counts, reverse=True)


def test_without_javascript_every_state_shows_and_no_filter(browser, treaty_server):
    context = browser.new_context(java_script_enabled=False)
    try:
        context.route("**/*", Guard(treaty_server.origin))
        page = context.new_page()
        page.goto(treaty_server.url(PATH))
        expect(page.locator(".treaty-filter")).to_be_hidden()
        assert page.locator("#treaty_table tbody tr:visible").count() == len(COUNTRIES)
    finally:
        context.close()


def test_on_a_phone_the_table_scrolls_in_its_box(browser, treaty_server):
    one = Browser(browser, treaty_server, "light", viewport={"width": 390, "height": 844},
                  is_mobile=True, has_touch=True)
    try:
        page = one.goto(PATH, open_details=False)
        box = page.locator(".treaty-scroll")
        widths = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
        assert widths[0] > widths[1]  # the table is wider than its box, which scrolls
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        one.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_axe_finds_nothing(browser, treaty_server, scheme):
    one = Browser(browser, treaty_server, scheme)
    try:
        page = one.goto(PATH)
        assert_accessible(page, f"{PATH} ({scheme})")
        page.locator("#treaty_region").select_option("Europe")
        assert_accessible(page, f"{PATH} filtered ({scheme})")
    finally:
        one.close()


def test_the_offline_bundle_filters_from_disk(browser, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("treaty-offline")
    root = build_bundle(tmp, shipped_slice(tmp, COUNTRIES))
    context = browser.new_context()
    blocked: list[str] = []
    context.route("http*://**/*", lambda route: (blocked.append(route.request.url),
                                                 route.abort()))
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((root / "treaties" / "index.html").as_uri())
        page.locator("#treaty_region").select_option("Europe")
        assert sorted(_visible_rows(page)) == ["france", "germany"]
        link = page.locator("#treaty_table tr#germany th a").get_attribute("href")
        assert link == "../countries/germany/tracker.html#human-rights-treaties"
        assert (root / "treaties" / "treaties.csv").is_file()
        assert errors == [] and blocked == []
    finally:
        context.close()
