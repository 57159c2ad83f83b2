"""Data text in a page's metadata reads as the editor typed it, escaped exactly once (issue 24).

The title (<title>), the description, Open Graph and Twitter tags, the navigation, the Atom
feed, the sitemap and the search index are parsed from one build of a tree whose names hold
HTML, entities, quotes, template and Markdown syntax, and their decoded text is compared with
the data: not escaped twice (`&amp;amp;`), not raw (an element in <head>), not rendered as
Markdown.
"""

from __future__ import annotations

import html
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from generator.site.config import read_base_config

from .conftest import REPO, pagefind_fragments
from .test_hostile import Sandbox, _edit, _quoted, _write

SITE_URL = "https://example.org/r/"
NAME = "A & B <i>x</i> \"q\" 'a' &amp; {{ x }} *b* _u_ `c` [x](y) </title><b>"
REGION = "R&D <u>r</u> &lt;x&gt; __init__ #1 {% raw %}"
INDEX = "Nations & <Transit> \"x\" &amp; *y* [l](u)"
EVENT_TITLE = "Law <script>alert(1)</script> & \"quotes\" &gt; **bold**"
EVENT_BODY = "Body & <em>more</em> &amp;amp; {{ 7 * 7 }} `tick` _it_ [a](b)"
BODY = "Mazhilis & <Senate> \"upper\" &nbsp; *x*"
TEXTS = [NAME, REGION, INDEX, EVENT_TITLE, EVENT_BODY, BODY]
REPORT_PAGE = "countries/ruritania/nit-2022"
EVENTS = f"""\
tracker: gsod
events:
  - id: ev
    month: "2024-06"
    title: {_quoted(EVENT_TITLE)}
    body: {_quoted(EVENT_BODY)}
"""
ELECTION = f"""\
body: {_quoted(BODY)}
kind: legislative
date: "2021-01-10"
results:
  - party: One
    seats: 6
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    box = Sandbox(tmp_path_factory.mktemp("metadata"))
    _edit(box.content, "countries/ruritania/country.yml", "name: Ruritania",
          f"name: {_quoted(NAME)}")
    _edit(box.content, "countries/ruritania/country.yml", "region: Eurasia",
          f"region: {_quoted(REGION)}")
    _edit(box.content, "indices/nit.yml", "name: Nations in Transit", f"name: {_quoted(INDEX)}")
    _write(box.content, "countries/ruritania/events.yml", EVENTS)
    _write(box.content, "countries/ruritania/elections/mazhilis-2021.yml", ELECTION)
    before = os.environ.get("SITE_URL")
    os.environ["SITE_URL"] = SITE_URL  # the sitemap lists pages only under a site URL
    try:
        proc = box.build()
    finally:
        if before is None:
            del os.environ["SITE_URL"]
        else:
            os.environ["SITE_URL"] = before
    assert proc.returncode == 0, proc.stderr
    return box.site


def _site_name() -> str:
    return read_base_config(REPO / "mkdocs.yml").site_name


def _page(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def metadata(page: BeautifulSoup) -> dict[str, str]:
    """The page's metadata texts as a browser or a crawler decodes them."""
    found = {"title": page.head.title.get_text()}
    for meta in page.head.find_all("meta"):
        key = meta.get("property") or meta.get("name")
        if key and (key in ("description",) or key.startswith(("og:", "twitter:"))):
            found[key] = meta.get("content", "")
    return found


def _escaped_twice(text: str) -> list[str]:
    """The data texts whose escaped form `text` shows: what a reader would see escaped twice."""
    return [t for t in TEXTS if html.escape(t, quote=False) != t
            and html.escape(t, quote=False) in text]


# (page, its title as the data gives it)
TITLES = [
    ("countries/ruritania", NAME),
    (REPORT_PAGE, f"{NAME}: {INDEX} 2022"),
    ("countries/ruritania/tracker", f"{NAME}: Democracy Tracker"),
    ("countries/ruritania/elections/mazhilis-2021", f"{NAME}: {BODY} election, 2021"),
    ("methodology/nit", f"{INDEX} methodology"),
    ("rankings/nit", f"{INDEX} rankings"),
    ("rankings/nit/2022", f"{INDEX} 2022: all countries"),
]


@pytest.mark.parametrize("page,title", TITLES, ids=[t[0] for t in TITLES])
def test_titles_read_as_typed(site, page, title):
    html_page = _page(site, page)
    meta = metadata(html_page)
    assert meta["title"] == f"{title} - {_site_name()}"
    assert meta["og:title"] == title
    topic = html_page.select('[data-md-component="header-topic"]')[0].get_text(strip=True)
    assert topic == title


@pytest.mark.parametrize("page,texts", [
    ("countries/ruritania", [NAME]), (REPORT_PAGE, [NAME, INDEX]),
    ("countries/ruritania/tracker", [NAME]),
    ("countries/ruritania/elections/mazhilis-2021", [NAME, BODY]),
    ("methodology/nit", [INDEX]), ("rankings/nit/2022", [INDEX])])
def test_descriptions_read_as_typed(site, page, texts):
    meta = metadata(_page(site, page))
    assert meta["description"] == meta["og:description"]
    for text in texts:
        assert meta["description"].count(text) == 1, (text, meta["description"])


def test_no_metadata_is_escaped_twice_or_raw(site):
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert len(pages) > 15
    for name in pages:
        page = _page(site, "" if name == "." else name)
        for key, text in metadata(page).items():
            assert _escaped_twice(text) == [], (name, key, text)
            assert "&amp;amp;" not in text
        # only the elements the theme writes in <head>: none from the data
        assert {t.name for t in page.head.find_all(True)} <= {
            "meta", "title", "link", "script", "style"}, name
        assert len(page.find_all("title", recursive=True)) >= 1


def test_navigation_reads_as_typed(site):
    """The region is a section of the navigation (its one country is the section's page)."""
    page = _page(site, "countries/ruritania")
    nav = page.select("nav.md-nav--primary")[0]
    texts = {a.get_text(strip=True) for a in nav.find_all(["a", "label"])}
    assert REGION in texts
    assert not any(_escaped_twice(text) for text in texts)
    assert nav.find_all(["u", "i", "b", "script"]) == []


def test_feed_reads_as_typed(site):
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring((site / "feed.xml").read_bytes())
    assert feed.find(f"{atom}title").text == f"{_site_name()}: event reports"
    entry = feed.find(f"{atom}entry")
    assert entry.find(f"{atom}title").text == f"{NAME}: {EVENT_TITLE}"
    assert entry.find(f"{atom}summary").text == f"June 2024: {EVENT_BODY}"
    assert entry.find(f"{atom}author/{atom}name").text == f"{NAME} event reports"
    base = feed.get("{http://www.w3.org/XML/1998/namespace}base")
    link = urljoin(base, entry.find(f"{atom}link").get("href"))
    assert link == f"{SITE_URL}countries/ruritania/tracker/#event-ev"
    assert "event-ev" in {t["id"] for t in _page(site, "countries/ruritania/tracker")
                          .find_all(id=True)}


def test_sitemap_lists_the_built_pages(site):
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = [loc.text for loc in ET.fromstring((site / "sitemap.xml").read_bytes())
            .iter(f"{ns}loc")]
    pages = {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")}
    assert len(urls) == len(pages) > 15
    for url in urls:
        assert url.startswith(SITE_URL)
        path = urlsplit(url).path[len(urlsplit(SITE_URL).path):]
        assert (site / path / "index.html").is_file(), url


def test_search_index_titles_read_as_typed(site):
    fragments = pagefind_fragments(site)
    titles = {url: fragment["meta"]["title"] for url, fragment in fragments.items()}
    # Pagefind takes a page's title from its heading, which says "X: rankings" where the
    # title says "X rankings", and only the index's name on its methodology page
    headings = {"methodology/nit": INDEX, "rankings/nit": f"{INDEX}: rankings"}
    indexed = [(page, title) for page, title in TITLES if f"/{page}/" in titles]
    assert len(indexed) >= 5
    for page, title in indexed:
        assert titles[f"/{page}/"] == headings.get(page, title), page
    quick = json.loads((site / "pagefind" / "quick.json").read_text(encoding="utf-8"))
    by_url = {row[1]: row[2] for row in quick["pages"]}
    assert by_url["/countries/ruritania/"] == NAME
    assert by_url[f"/{REPORT_PAGE}/"] == f"{NAME}: {INDEX} 2022"
    headings = [text for text, _ in quick["headings"]]
    assert EVENT_TITLE in headings


def test_search_index_headings_keep_typed_entities(site):
    """Pagefind's anchors give a typed '&lt;x&gt;' as '&lt;x>': quick.json reads such headings
    from the page (search.pagefind._typed_headings)."""
    quick = json.loads((site / "pagefind" / "quick.json").read_text(encoding="utf-8"))
    assert REGION in [text for text, _ in quick["headings"]]
