"""The world map in headless Chromium, on the website and in the offline bundle opened from disk:
every place on it is a link a pointer and a keyboard reach, named with its value, that opens its
report; the skip link passes the map's links; axe and the contrast checks find nothing on the
pages that carry a map, light and dark. Network requests are blocked and recorded throughout.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from ..conftest import shipped_slice
from .harness import Guard, build_bundle, build_site, serve
from .test_a11y import SCHEMES, Browser, _axe_script, assert_accessible

pytestmark = pytest.mark.browser

# A territory (Hong Kong), a place keyed by its slug (Kosovo), one without a shape (Tuvalu).
PLACES = ("kazakhstan", "germany", "hong-kong", "kosovo", "tuvalu", "nigeria")
MAP = "figure.chart-map"


@pytest.fixture(scope="module")
def map_content(_browser_ready, tmp_path_factory) -> Path:
    return shipped_slice(tmp_path_factory.mktemp("map-content"), PLACES)


@pytest.fixture(scope="module")
def map_server(map_content, tmp_path_factory):
    srv = serve(build_site(tmp_path_factory.mktemp("map-site"), "--content", str(map_content)))
    yield srv
    srv.close()


@pytest.fixture(scope="module")
def map_bundle(map_content, tmp_path_factory) -> Path:
    return build_bundle(tmp_path_factory.mktemp("map-offline"), map_content)


def shape_links(page) -> dict[str, str]:
    """aria-label -> href of every linked place drawn on the map."""
    return dict(page.locator(f"{MAP} svg a").evaluate_all(
        "links => links.map(a => [a.getAttribute('aria-label'), a.getAttribute('href')])"))


def test_the_home_map_links_every_place_with_a_shape_to_its_report(browser, map_server):
    session = Browser(browser, map_server, "light")
    try:
        page = session.goto("/", open_details=False)
        links = shape_links(page)
        names = sorted(label.split(":")[0] for label in links)
        assert names == ["Germany", "Hong Kong", "Kazakhstan", "Kosovo", "Nigeria"]
        assert all(label.split(": ", 1)[1].split(",")[0] in ("Free", "Partly Free", "Not Free")
                   for label in links), links
        # Tuvalu has no shape: listed beside the map, as a link with its value
        missing = page.locator(f"{MAP} .map-missing a")
        assert missing.all_inner_texts() == ["Tuvalu"]
        # a pointer on Germany's shape opens Germany's FIW 2025 report
        germany = next(label for label in links if label.startswith("Germany:"))
        page.locator(f'{MAP} svg a[aria-label="{germany}"]').click()
        page.wait_for_url("**/countries/germany/fiw-2025/")
        assert page.locator("h1").inner_text().startswith("Germany")
        assert session.errors == [] and session.guard.blocked == []
    finally:
        session.close()


def test_the_keyboard_reaches_the_places_and_can_skip_them(browser, map_server):
    session = Browser(browser, map_server, "light")
    try:
        page = session.goto("/rankings/fiw/2025/", open_details=False)
        skip = page.locator(f"{MAP} a.map-skip")
        skip.focus()
        assert skip.is_visible()  # shown when in focus
        page.keyboard.press("Tab")  # the first place on the map
        first = page.evaluate("document.activeElement.getAttribute('aria-label')")
        assert first and first.split(":")[0] in {"Germany", "Hong Kong", "Kazakhstan",
                                                 "Kosovo", "Nigeria"}
        outline = page.evaluate("""() => getComputedStyle(
            document.activeElement.querySelector('path, circle')).strokeWidth""")
        assert float(outline.rstrip("px")) >= 2  # focus is seen on the shape itself
        page.keyboard.press("Enter")
        page.wait_for_url("**/fiw-2025/")
        session.goto("/rankings/fiw/2025/", open_details=False)
        skip.focus()
        page.keyboard.press("Enter")  # past the links, to the legend
        assert unquote(urlsplit(page.url).fragment) == "map-fiw-2025-legend"
    finally:
        session.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_pages_with_a_map_are_accessible(browser, map_server, scheme):
    _axe_script()
    session = Browser(browser, map_server, scheme)
    try:
        for path in ("/", "/rankings/fiw/2025/", "/rankings/fiw/2004/", "/treaties/"):
            page = session.goto(path)
            assert page.locator(MAP).count() == 1, path
            assert_accessible(page, f"{path} ({scheme})")
        assert session.errors == [] and session.guard.blocked == []
    finally:
        session.close()


def test_the_map_works_from_disk_in_the_offline_bundle(browser, map_bundle):
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  service_workers="block")
    guard = Guard("file://")
    context.route("**/*", guard)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        for start in ("index.html", "rankings/fiw/2025.html", "treaties/index.html"):
            page.goto((map_bundle / start).as_uri())
            links = shape_links(page)
            assert len(links) >= 4, start
            for href in links.values():  # every shape's link names a file of the bundle
                file = href.partition("#")[0]
                target = (map_bundle / start).parent / file
                assert file.endswith(".html") and target.resolve().is_file(), (start, href)
        page.goto((map_bundle / "index.html").as_uri())
        kazakhstan = next(label for label in shape_links(page) if label.startswith("Kazakhstan"))
        page.locator(f'{MAP} svg a[aria-label="{kazakhstan}"]').click()
        page.wait_for_url("**/countries/kazakhstan/fiw-2025.html")
        assert page.locator("h1").inner_text().startswith("Kazakhstan")
        assert errors == [] and guard.blocked == []
    finally:
        context.close()
