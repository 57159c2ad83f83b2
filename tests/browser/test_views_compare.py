"""The compare page in headless Chromium (templates/compare.md.j2, assets/compare.js): a reader
picks countries by name with the keyboard, sees their chart and tables, reloads the address and
gets the same choice, removes a country; a country page's link opens it with that country
chosen; the page passes axe in both schemes, and works from file:// in the offline bundle.

Built from a slice of the shipped content: Kazakhstan and seven more countries and territories,
so that the limit of six can be met.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import shipped_slice

from .harness import Guard, build_bundle, build_site, serve
from .test_a11y import SCHEMES, _axe_script, assert_accessible

pytestmark = pytest.mark.browser

PLACES = ("kazakhstan", "germany", "france", "georgia", "abkhazia", "armenia", "belarus",
          "ukraine")


def expect(locator):
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


@pytest.fixture(scope="module")
def compare_server(_browser_ready, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("compare")
    site = build_site(tmp, "--content", str(shipped_slice(tmp, PLACES)))
    srv = serve(site)
    yield srv
    srv.close()


class Session:
    """A page in one colour scheme, kept off the network, with the errors it raised."""

    def __init__(self, browser, origin: str, scheme: str = "light", axe: bool = False,
                 width: int = 1280):
        self.context = browser.new_context(viewport={"width": width, "height": 900},
                                           color_scheme=scheme, service_workers="block")
        self.context.set_default_timeout(10_000)
        self.guard = Guard(origin)
        self.context.route("**/*", self.guard)
        if axe:
            self.context.add_init_script(path=str(_axe_script()))
        self.errors: list[str] = []
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))


@pytest.fixture
def session(browser, compare_server) -> Iterator[Session]:
    s = Session(browser, compare_server.origin)
    yield s
    s.context.close()


def chips(page) -> list[str]:
    return page.locator(".compare__chip a").all_inner_texts()


def chosen_in_address(page) -> str:
    return unquote(urlsplit(page.url).fragment)


def test_pick_with_the_keyboard_see_chart_and_tables_reload_and_remove(session, compare_server):
    page = session.page
    page.goto(compare_server.url("/compare/"))
    box = page.get_by_role("combobox", name="Add a country or territory")
    expect(box).to_be_visible()
    expect(page.locator(".compare__empty")).to_have_text("No country chosen yet.")

    # Type part of a name, go down to the option, pick it with Enter.
    box.press_sequentially("germ", delay=20)
    listbox = page.get_by_role("listbox")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option")).to_have_count(1)
    box.press("ArrowDown")
    option = listbox.get_by_role("option", name="Germany")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    box.press("Enter")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("")
    expect(box).to_be_focused()
    assert chips(page) == ["Germany"]
    expect(page.get_by_role("status")).to_contain_text("Germany added")

    # A second country: the arrow keys move through several options; Escape closes the list.
    box.press_sequentially("a", delay=20)
    options = listbox.get_by_role("option")
    expect(options.first).to_be_visible()
    assert "Germany" not in options.all_inner_texts()[0]  # a chosen country is not offered
    box.press("Escape")
    expect(listbox).to_be_hidden()
    box.press("Escape")
    expect(box).to_have_value("")
    box.press_sequentially("kaz", delay=20)
    box.press("ArrowDown")
    box.press("ArrowDown")  # one option: down again wraps round to it
    expect(listbox.get_by_role("option", name="Kazakhstan")).to_have_attribute(
        "aria-selected", "true")
    box.press("Enter")
    assert chips(page) == ["Germany", "Kazakhstan"]
    assert chosen_in_address(page) == "c=germany,kazakhstan"

    # The chart: one line and one marker shape per country, named in the legend.
    chart = page.locator(".compare__chart figure svg[role=img]")
    expect(chart).to_have_count(1)
    expect(chart.locator("path.line")).to_have_count(2)
    assert chart.locator(".legend-label").all_text_contents() == ["Germany", "Kazakhstan"]
    assert "Germany and Kazakhstan" in chart.locator("title").text_content()
    # The latest figures: a row per country, linked to its page and its latest report.
    latest = page.get_by_role("table", name="Latest Freedom in the World figures")
    rows = latest.locator("tbody tr")
    expect(rows).to_have_count(2)
    assert rows.first.locator("th a").get_attribute("href") == "../countries/germany/"
    assert rows.first.locator("td a").get_attribute("href").startswith("../countries/germany/fiw-")
    expect(rows.nth(1)).to_contain_text("Not Free")
    history = page.get_by_role("table", name="Global Freedom Score, Freedom in the World")
    assert history.locator("thead th").all_inner_texts() == ["Edition", "Germany", "Kazakhstan"]
    assert history.locator("tbody tr").count() >= 20
    # The chart's figures as a CSV file to save: the points drawn, one row each.
    csv_link = page.locator(".compare__chart a.chart-csv")
    assert csv_link.get_attribute("download") == "compare-fiw-germany-kazakhstan.csv"
    assert csv_link.get_attribute("aria-describedby") == "compare-chart-title"
    lines = unquote(csv_link.get_attribute("href").split(",", 1)[1]).splitlines()
    assert lines[0] == "Country,Edition,Global Freedom Score,Status"
    points = chart.locator("path.line").evaluate_all(
        "lines => lines.map(l => l.getAttribute('d').split('L').length)")
    assert len(lines) - 1 == sum(points)  # a row for every point the two lines join
    assert any(line.startswith("Kazakhstan,2025,") and line.endswith(",Not Free")
               for line in lines)

    # Another index, kept in the address too.
    page.get_by_label("Index").select_option(label="Nations in Transit")
    expect(page.get_by_role("status")).to_contain_text("No Nations in Transit score for Germany")
    expect(chart.locator("path.line")).to_have_count(1)
    assert chosen_in_address(page) == "c=germany,kazakhstan&i=nit"

    # The address holds the choice: a reload shows the same.
    page.reload()
    expect(page.locator(".compare__chip")).to_have_count(2)
    assert chips(page) == ["Germany", "Kazakhstan"]
    expect(page.get_by_label("Index")).to_have_value("nit")

    # Removing a country: its button, named for it; the focus goes to the next one.
    page.get_by_role("button", name="Remove Germany").click()
    assert chips(page) == ["Kazakhstan"]
    expect(page.get_by_role("button", name="Remove Kazakhstan")).to_be_focused()
    expect(page.get_by_role("status")).to_contain_text("Germany removed")
    assert chosen_in_address(page) == "c=kazakhstan&i=nit"
    assert session.errors == [] and session.guard.blocked == []


def test_a_country_page_opens_the_comparison_with_itself(session, compare_server):
    page = session.page
    page.goto(compare_server.url("/countries/kazakhstan/"))
    page.get_by_role("link", name="Compare Kazakhstan with other countries").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/compare/")
    expect(page.locator(".compare__chip")).to_have_count(1)
    assert chips(page) == ["Kazakhstan"]
    # The rest of the address's countries, up to the limit, and a word on what was left out.
    page.goto(compare_server.url("/compare/#c=atlantis,france,georgia,abkhazia,armenia,belarus,"
                                 "ukraine,kazakhstan"))
    expect(page.locator(".compare__chip")).to_have_count(6)
    expect(page.get_by_role("status")).to_contain_text("Not on this site, left out: atlantis")
    expect(page.get_by_role("status")).to_contain_text("left out: Kazakhstan")
    box = page.get_by_role("combobox", name="Add a country or territory")
    box.press_sequentially("kaz", delay=20)
    box.press("Enter")  # the only option
    expect(page.get_by_role("status")).to_contain_text("At most 6 countries at once")
    assert len(chips(page)) == 6
    assert session.errors == [] and session.guard.blocked == []


@pytest.mark.parametrize("scheme,width", [("light", 1280), ("dark", 390)])
def test_the_compare_page_is_accessible_in_both_schemes(browser, compare_server, scheme, width):
    """Light on a wide screen, dark on a phone's (where the tables scroll)."""
    s = Session(browser, compare_server.origin, scheme, axe=True, width=width)
    try:
        page = s.page
        page.goto(compare_server.url("/compare/#c=kazakhstan,germany,abkhazia,georgia,france,"
                                     "ukraine"))
        page.wait_for_selector(f"body[data-md-color-scheme={SCHEMES[scheme]}]", state="attached")
        expect(page.locator(".compare__chart svg")).to_have_count(1)
        box = page.get_by_role("combobox", name="Add a country or territory")
        box.press_sequentially("ar", delay=20)  # the list open, an option active
        box.press("ArrowDown")
        assert_accessible(page, f"the compare page ({scheme})")
        assert s.errors == []
    finally:
        s.context.close()


def test_the_compare_page_works_from_disk_in_the_offline_bundle(browser, tmp_path):
    content = shipped_slice(tmp_path, ("kazakhstan", "germany", "abkhazia"))
    root = build_bundle(tmp_path, content)
    s = Session(browser, "file://")
    try:
        page = s.page
        page.goto((root / "compare" / "index.html").as_uri() + "#c=abkhazia")
        assert chips(page) == ["Abkhazia"]
        box = page.get_by_role("combobox", name="Add a country or territory")
        box.press_sequentially("germ", delay=20)
        box.press("ArrowDown")
        box.press("Enter")
        assert chips(page) == ["Abkhazia", "Germany"]
        assert chosen_in_address(page) == "c=abkhazia,germany"
        expect(page.locator(".compare__chart path.line")).to_have_count(2)
        link = page.locator(".compare__chip a", has_text="Germany")
        assert link.get_attribute("href") == "../countries/germany/index.html"
        link.click()
        page.wait_for_url(lambda url: url.endswith("/countries/germany/index.html"))
        assert Path(unquote(urlsplit(page.url).path)).is_file()
        assert s.errors == [] and s.guard.blocked == []
    finally:
        s.context.close()
