"""The search page's two tiers on the shipped site: titles and headings first (quick.json, searched
in the page), then Pagefind's full-text results added below them, without the pages already
shown and without moving them; a newer search drops an older one's results."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

RESULTS = ".site-search-page__results"
TITLES = ".site-search-page__title"


def expect(locator):
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


def hold_back_pagefind(page, seconds: float = 1.0) -> None:
    """Pagefind's index files answer late, so that the quick tier is seen alone first."""
    def held_back(route):
        time.sleep(seconds)
        route.fallback()
    page.route("**/pagefind/index/**", held_back)


def hrefs(page) -> list[str]:
    return [urlsplit(h).path for h in page.locator(TITLES).evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")]


def test_titles_and_headings_first_then_the_full_text_below_them_without_duplicates(page):
    hold_back_pagefind(page)
    page.goto("/search/?q=elections")
    results = page.locator(RESULTS)
    status = page.locator(".site-search-page__status")
    # First tier: the pages whose title or headings hold the word, while the full text is
    # still being searched. The election page's title has it; the country page a heading.
    expect(results).to_have_attribute("data-tier", "quick")
    expect(status).to_contain_text("in the title or headings; searching the full text…")
    first = hrefs(page)
    assert first[0] == "/countries/kazakhstan/elections/mazhilis-2021/", first
    assert "/countries/kazakhstan/" in first
    sections = page.locator(".site-search-page__sections a")
    assert "/countries/kazakhstan/#elections" in [
        urlsplit(h).path + "#" + urlsplit(h).fragment
        for h in sections.evaluate_all("links => links.map(a => a.getAttribute('href'))")]
    # Then the full text's: the first tier's results stay first, in their order, and the pages
    # the full text finds are added below, each once.
    expect(results).to_have_attribute("data-tier", "full", timeout=15_000)
    expect(status).to_contain_text("for “elections”")
    total = int(status.inner_text().split()[0])
    expect(page.locator(TITLES)).to_have_count(min(total, 10))
    merged = hrefs(page)
    assert merged[:len(first)] == first
    assert len(merged) > len(first)
    assert len(set(merged)) == len(merged), merged
    # The full text's results carry their excerpts with the words marked.
    expect(page.locator(".site-search-page__result mark").first).to_be_visible()
    assert page.errors == []


def test_the_same_pages_whether_pagefind_answers_first_or_late(page):
    """The quick results are always shown first, so the merged list does not depend on which
    tier answered first."""
    page.goto("/search/?q=elections")
    expect(page.locator(RESULTS)).to_have_attribute("data-tier", "full")
    at_once = hrefs(page)
    hold_back_pagefind(page, 0.5)
    page.goto("/search/?q=elections")
    expect(page.locator(RESULTS)).to_have_attribute("data-tier", "quick")
    expect(page.locator(RESULTS)).to_have_attribute("data-tier", "full", timeout=15_000)
    assert hrefs(page) == at_once


def test_a_newer_search_drops_the_older_ones_results(page):
    hold_back_pagefind(page)
    page.goto("/search/")
    box = page.locator("#search-query")
    box.press_sequentially("elections", delay=20)
    expect(page.locator(RESULTS)).to_have_attribute("data-query", "elections")
    box.fill("Imashev")  # before Pagefind answered "elections"
    status = page.locator(".site-search-page__status")
    expect(status).to_have_text("1 result for “Imashev”", timeout=15_000)
    page.wait_for_timeout(1500)  # the held-back search of "elections" has had time to end
    expect(status).to_have_text("1 result for “Imashev”")
    assert hrefs(page) == ["/countries/kazakhstan/nit-2022/"]
    assert page.errors == []


def test_the_first_tier_follows_the_filters(page):
    hold_back_pagefind(page)
    page.goto("/search/?q=elections&page=Country+overview")
    expect(page.locator(RESULTS)).to_have_attribute("data-tier", "quick")
    assert hrefs(page) == ["/countries/kazakhstan/"]
    expect(page.locator(RESULTS)).to_have_attribute("data-tier", "full", timeout=15_000)
    assert hrefs(page) == ["/countries/kazakhstan/"]
