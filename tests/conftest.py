"""Shared test builders: small content trees written to tmp_path."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"

COUNTRY = """\
name: Ruritania
slug: ruritania
iso: null
region: Eurasia
"""

NIT_REPORT = """\
index: nit
edition: 2022
status: consolidated-authoritarian-regime
aggregate: 1.36
percentage: 5.95
categories:
  - id: national-democratic-governance
    rating: 1.25
  - id: electoral-process
    rating: 1.25
    narrative:
      paragraphs:
        - "The vote was held in January.[^1] Observers were kept out.[^2]"
      notes:
        1: null
        2: "A note text."
  - id: civil-society
    rating: 1.5
  - id: independent-media
    rating: 1.25
  - id: local-democratic-governance
    rating: 1.75
  - id: judicial-framework-and-independence
    rating: 1.25
  - id: corruption
    rating: 1.25
"""


def write_content(root: Path, files: dict[str, str], with_indices: bool = True) -> Path:
    """A content folder under `root`: the shipped index and treaty files plus `files`."""
    content = root / "content"
    if with_indices:
        shutil.copytree(REPO / "content" / "indices", content / "indices")
        shutil.copy(REPO / "content" / "treaties.yml", content / "treaties.yml")
    for rel, text in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return content


def country_files(report: str = NIT_REPORT, **extra: str) -> dict[str, str]:
    """A one-country content tree: Ruritania with one NIT 2022 report."""
    files = {
        "countries/ruritania/country.yml": COUNTRY,
        "countries/ruritania/reports/nit-2022.yml": report,
    }
    files.update(extra)
    return files


# The shipped countries tests build: the seed country, a territory, a ParlGov democracy. The whole
# shipped content (220 countries) is built by one test only (tests/test_shipped_data.py).
SLICE = ("kazakhstan",)


def shipped_slice(root: Path, countries: tuple[str, ...] = SLICE) -> Path:
    """`root`/content: the shipped index and treaty definitions and a few shipped countries."""
    content = root / "content"
    shutil.copytree(REPO / "content" / "indices", content / "indices")
    shutil.copy(REPO / "content" / "treaties.yml", content / "treaties.yml")
    for slug in countries:
        shutil.copytree(REPO / "content" / "countries" / slug, content / "countries" / slug)
    return content


@pytest.fixture(scope="session")
def shipped_content(tmp_path_factory) -> Path:
    """The shipped slice, copied once per test session (tests must not change it)."""
    return shipped_slice(tmp_path_factory.mktemp("slice"))


@pytest.fixture
def ruritania_in_table(monkeypatch) -> None:
    """The table of country names with the tests' fictional Ruritania in it (FIW region
    Europe), so that importers know it as they know every real country."""
    from generator.importers import country_table

    table = country_table.load_table()
    entry = country_table.Entry("ruritania", "Ruritania", None, None, None, False, (), "Europe")
    monkeypatch.setattr(country_table, "_cached", country_table.Table(
        (*table.entries, entry), table.former_names, table.path))


@pytest.fixture(scope="session")
def _browser_ready() -> None:
    """Skip without Chromium or Playwright, unless BROWSER_TESTS_REQUIRED=1 (set by .ci/run),
    which makes the browser tests fail instead."""
    from .browser.harness import unavailable

    reason = unavailable()
    if reason:
        if os.environ.get("BROWSER_TESTS_REQUIRED") == "1":
            pytest.fail(f"browser tests are required (BROWSER_TESTS_REQUIRED=1) but {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(_browser_ready):
    """Headless Chromium for the whole test session: Playwright's sync API cannot start a
    second time while the first runs, so every test that drives a browser shares this one."""
    from playwright.sync_api import sync_playwright

    from .browser.harness import launch

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("the seed documents (../shared/seeds) are not present")
    return SEEDS


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true",
                     help="Rewrite tests/golden from the current output (review the diff!).")


@pytest.fixture
def update_goldens(request) -> bool:
    return request.config.getoption("--update-goldens")


def build(content: Path, site: Path, work: Path, *extra: str) -> subprocess.CompletedProcess:
    """`python -m generator build` from the repo root, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(content),
         "--site", str(site), "--work", str(work), *extra],
        cwd=REPO, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Path:
    """The shipped slice, built once per test session."""
    tmp = tmp_path_factory.mktemp("shipped")
    result = build(shipped_slice(tmp), tmp / "site", tmp / "work")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def soup(site: Path, page: str):
    from bs4 import BeautifulSoup
    path = site / page / "index.html" if page else site / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def section_notes(page, heading_id: str) -> tuple[list, list]:
    """The note references (<a class="footnote-ref">) and the note items (<li>) of the section
    under the heading `heading_id`, up to the next heading of its level or a higher one."""
    heading = page.find(id=heading_id)
    refs, notes = [], []
    for el in heading.find_next_siblings():
        if el.name in ("h1", "h2", "h3", "h4") and el.name <= heading.name:
            break
        refs += el.select("a.footnote-ref")
        if el.name == "ol" and "notes" in el.get("class", []):
            notes += el.find_all("li", recursive=False)
    return refs, notes


def is_page_state(fragment: str) -> bool:
    """A fragment that carries a page's state for its script (the compare page's
    `#c=germany,france`), not an element's id: no id on the site holds "="."""
    return "=" in fragment


def ids_on(path: Path, _cache: dict = {}) -> set[str]:
    """Every id on a built HTML page (cached: link checks ask for the same pages often)."""
    from bs4 import BeautifulSoup
    if path not in _cache:
        _cache[path] = {t["id"] for t in BeautifulSoup(
            path.read_text(encoding="utf-8"), "html.parser").find_all(id=True)}
    return _cache[path]


def local_links(page: Path):
    """(tag name, ref, split ref) for every href/src of a built page that stays on the site."""
    from urllib.parse import urlsplit

    from bs4 import BeautifulSoup
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for tag in html.find_all(["a", "link", "script", "img"]):
        ref = tag.get("href") or tag.get("src")
        if not ref or ref.startswith(("mailto:", "data:")):
            continue
        parts = urlsplit(ref)
        if not (parts.scheme or parts.netloc):
            yield tag.name, ref, parts


def pagefind_fragments(site: Path) -> dict[str, dict]:
    """The pages of the Pagefind index by URL: text, filters and metadata as indexed."""
    pages = {}
    for path in sorted((site / "pagefind").rglob("fragment/*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        fragment = json.loads(data[len(b"pagefind_dcd"):])
        pages[fragment["url"]] = fragment
    return pages
