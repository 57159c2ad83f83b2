"""Search at the 200-country scale: the sample content (200 countries, one edition of each index,
about 1,500 pages) built like the website and searched in headless Chromium.

The thirty-edition scale is measured by bench/run.py (time to first results, index fetched);
this test checks that search gives the right pages and filters at 200 countries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import REPO
from .harness import serve

pytestmark = pytest.mark.browser

COUNTRIES = 200


def expect(locator):
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


@pytest.fixture(scope="module")
def scale_site(_browser_ready, tmp_path_factory):
    from generator.tools.sample import write_sample

    root = tmp_path_factory.mktemp("scale")
    write_sample(root / "content", COUNTRIES, 1)
    # Indexed in parts of about 400 pages (as 30 editions would be by default), so that the
    # search page searches several parts at once.
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--content",
                           str(root / "content"), "--work", str(root / "build"), "--site",
                           str(root / "site")], capture_output=True, text=True, cwd=REPO,
                          env=dict(os.environ, REPORTS_SEARCH_PART_PAGES="400"))
    assert proc.returncode == 0, proc.stderr
    parts = json.loads((root / "site" / "pagefind" / "parts.json").read_text("utf-8"))
    assert len(parts) >= 3, parts
    srv = serve(root / "site")
    yield root, srv
    srv.close()


def test_search_finds_one_country_among_200_and_filters_its_reports(browser, scale_site):
    root, server = scale_site
    countries = sorted((root / "content" / "countries").iterdir())
    assert len(countries) == COUNTRIES
    slug = countries[137].name
    name = (root / "content" / "countries" / slug / "country.yml").read_text("utf-8") \
        .split("name: ", 1)[1].splitlines()[0].strip().strip('"')
    reports = sorted(p.stem for p in (countries[137] / "reports").glob("*.yml"))
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server.url("/search/?q=" + name))
    results = page.locator(".site-search-page__title")
    expect(results.first).to_be_visible()
    # The country's own pages come first; no other country's page is found (the site-wide
    # lists of countries and downloads name it too).
    hrefs = [urlsplit(h).path for h in
             results.evaluate_all("links => links.map(a => a.getAttribute('href'))")]
    own = [h for h in hrefs if h.startswith(f"/countries/{slug}/")]
    assert len(own) >= len(reports) + 2 and hrefs[:len(own)] == own, hrefs
    assert set(hrefs) - set(own) <= {"/countries/", "/downloads/", "/"}, hrefs
    # 200 countries to filter by, and the filters narrow the results to its reports.
    options = page.locator("select[name=country] option")
    expect(options).to_have_count(COUNTRIES + 1)
    # Each part counts its own pages: the search page adds them up.
    all_reports = len(list((root / "content" / "countries").glob("*/reports/*.yml")))
    expect(page.locator("select[name=page] option[value=Report]")).to_have_text(
        f"Report ({all_reports})")
    page.select_option("select[name=country]", name)
    page.select_option("select[name=page]", "Report")
    expect(results).to_have_count(len(reports))
    paths = sorted(urlsplit(h).path for h in
                   results.evaluate_all("links => links.map(a => a.getAttribute('href'))"))
    assert paths == sorted(f"/countries/{slug}/{stem}/" for stem in reports)
    assert errors == []
    page.close()


def test_the_index_is_chunked_a_query_fetches_a_small_part(browser, scale_site):
    root, server = scale_site
    index_bytes = sum(p.stat().st_size for p in (root / "site" / "pagefind").rglob("*")
                      if p.is_file())
    page = browser.new_page()
    fetched: list[int] = []
    page.on("requestfinished", lambda r: "/pagefind/" in r.url and fetched.append(
        r.sizes()["responseBodySize"]))
    page.goto(server.url("/search/?q=election"))
    expect(page.locator(".site-search-page__result").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert sum(fetched) < index_bytes / 4, (sum(fetched), index_bytes)
    page.close()


def test_typing_gives_the_same_pages_as_the_address_with_parts_shared_by_a_few_workers(
        browser, scale_site):
    """The parts are dealt to one Pagefind web worker per core (at most four), and each loads
    the chunks of what is typed while the typing goes on: the pages found for a name typed key
    by key must be those found for the same name in the address."""
    root, server = scale_site
    slug = sorted((root / "content" / "countries").iterdir())[42].name
    name = (root / "content" / "countries" / slug / "country.yml").read_text("utf-8") \
        .split("name: ", 1)[1].splitlines()[0].strip().strip('"')

    def found(page):
        status = page.locator(".site-search-page__status")
        expect(status).to_contain_text(f"for “{name}”")
        # The status comes first, then the first page of results (ten at most) is filled in.
        titles = page.locator(".site-search-page__title")
        expect(titles).to_have_count(min(int(status.inner_text().split()[0]), 10))
        return status.inner_text(), titles.evaluate_all(
            "links => links.map(a => a.getAttribute('href'))")

    page = browser.new_page()
    page.goto(server.url("/search/?q=" + name))
    expected = found(page)
    page.close()

    page = browser.new_page()
    workers: list[str] = []
    page.on("worker", lambda worker: workers.append(worker.url))
    page.goto(server.url("/search/"))
    cores = page.evaluate("navigator.hardwareConcurrency || 2")
    parts = 1 + len(json.loads((root / "site" / "pagefind" / "parts.json").read_text("utf-8")))
    page.locator("#search-query").press_sequentially(name, delay=120)
    assert found(page) == expected
    assert len(workers) == min(cores, 4, parts), workers
    page.close()


def test_a_common_word_shows_titles_and_headings_first_then_more_without_duplicates(
        browser, scale_site):
    """At 200 countries: the quick tier's pages first (Pagefind held back here, so that they are
    seen alone), then the full text's below them; paging on, no page comes twice."""
    from .test_search_tiers import hold_back_pagefind, hrefs

    _, server = scale_site
    page = browser.new_page()
    hold_back_pagefind(page)
    page.goto(server.url("/search/?q=election"))
    results = page.locator(".site-search-page__results")
    expect(results).to_have_attribute("data-tier", "quick")
    first = hrefs(page)
    assert len(first) == 10 and all("/elections/" in h for h in first), first
    expect(results).to_have_attribute("data-tier", "full", timeout=60_000)
    total = int(page.locator(".site-search-page__status").inner_text().split()[0])
    more = page.locator(".site-search-page__more")
    for _ in range(3):
        more.click()
    expect(page.locator(".site-search-page__title")).to_have_count(min(total, 40))
    shown = hrefs(page)
    assert shown[:10] == first
    assert len(set(shown)) == len(shown), shown
    page.close()
