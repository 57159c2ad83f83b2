"""The offline bundle: `python -m generator bundle` writes one deterministic zip of a site that
works from disk, with nothing fetched from the network."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from generator.site import bundle as offline

from .conftest import (
    REPO,
    country_files,
    ids_on,
    is_page_state,
    local_links,
    shipped_slice,
    write_content,
)

pytestmark = pytest.mark.site

NAME = "democracy-country-reports-offline-2025-01-01"  # the shipped content's latest date


def run_bundle(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "SITE_URL")}
    return subprocess.run([sys.executable, "-m", "generator", "bundle", *args], cwd=cwd,
                          capture_output=True, text=True,
                          env=dict(env, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO)))


@pytest.fixture(scope="session")
def shipped_bundle(tmp_path_factory) -> Path:
    """The shipped content bundled once, with the default zip name, from a scratch folder."""
    tmp = tmp_path_factory.mktemp("bundle")
    result = run_bundle("--content", str(shipped_slice(tmp)), "--work", str(tmp / "work"),
                        cwd=tmp)
    assert result.returncode == 0, result.stderr
    assert "Bundled dist/" in result.stderr
    zips = list((tmp / "dist").glob("*.zip"))
    assert [z.name for z in zips] == [f"{NAME}.zip"]
    return zips[0]


@pytest.fixture(scope="session")
def unzipped(shipped_bundle, tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(shipped_bundle) as zf:
        zf.extractall(dest)
    return dest / NAME


def test_the_zip_holds_the_pages_the_search_index_and_the_shim(shipped_bundle):
    with zipfile.ZipFile(shipped_bundle) as zf:
        names = set(zf.namelist())
        assert zf.testzip() is None
        shim = zf.read(f"{NAME}/{offline.SHIM}")
        index_js = zf.read(f"{NAME}/search/search_index.js").decode("utf-8")
    for rel in ["index.html", "countries/kazakhstan/nit-2022.html",
                "countries/kazakhstan/index.html", "search/search_index.json",
                "search/search_index.js", offline.SHIM, "assets/vendor/tablesort.min.js"]:
        assert f"{NAME}/{rel}" in names, rel
    assert all(n.startswith(f"{NAME}/") for n in names)
    # The shim is the pinned npm package's file, byte for byte.
    assert shim == (REPO / "node_modules/iframe-worker/shim/index.js").read_bytes()
    assert index_js.startswith("var __index = ") and "Imashev" in index_js
    # Server-only files are left out.
    for rel in offline.LEFT_OUT:
        assert f"{NAME}/{rel}" not in names


def test_entries_are_sorted_with_fixed_times_and_permissions(shipped_bundle):
    with zipfile.ZipFile(shipped_bundle) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert {i.date_time for i in infos} == {(2025, 1, 1, 0, 0, 0)}
    for info in infos:
        mode = info.external_attr >> 16
        assert mode == (0o40755 if info.is_dir() else 0o100644), info.filename


def test_two_bundles_of_the_same_content_are_byte_identical(tmp_path):
    content = write_content(tmp_path / "a", country_files())
    digests = []
    for run in ("1", "2"):
        out = tmp_path / f"out{run}" / "ruritania.zip"
        result = run_bundle("--content", str(content), "--work", str(tmp_path / f"w{run}"),
                            "--out", str(out))
        assert result.returncode == 0, result.stderr
        digests.append(hashlib.sha256(out.read_bytes()).hexdigest())
    assert digests[0] == digests[1]


def test_every_internal_link_is_an_html_file_in_the_zip(unzipped):
    pages = sorted(unzipped.rglob("*.html"))
    assert len(pages) >= 12
    problems = []
    for page in pages:
        where = page.relative_to(unzipped).as_posix()
        for tag_name, ref, parts in local_links(page):
            if parts.path.startswith("/"):
                problems.append(f"{where}: {ref} -> absolute path (file:///…)")
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_relative_to(unzipped.resolve()):
                problems.append(f"{where}: {ref} -> leaves the bundle")
            elif target.is_dir() or not target.is_file():
                # From disk a folder link opens a directory listing, not its index.html.
                problems.append(f"{where}: {ref} -> not a file in the zip")
            elif tag_name == "a" and parts.path and "." not in Path(parts.path).name:
                problems.append(f"{where}: {ref} -> page link without .html")
            elif parts.fragment and target.suffix == ".html" and \
                    not is_page_state(parts.fragment) and \
                    unquote(parts.fragment) not in ids_on(target):
                problems.append(f"{where}: {ref} -> missing anchor")
    assert problems == []


def test_no_asset_is_fetched_from_the_network(unzipped):
    assert offline.network_assets(unzipped) == []
    # And independently of the scanner: no script, stylesheet, icon or image off the disk.
    for page in unzipped.rglob("*.html"):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in html.find_all(["script", "link", "img", "iframe", "source"]):
            if tag.name == "link" and set(tag.get("rel") or []) <= {"prev", "next", "canonical"}:
                continue
            ref = tag.get("src") or tag.get("href")
            assert not (ref and (urlsplit(ref).netloc or urlsplit(ref).scheme)), f"{page}: {ref}"
        assert "unpkg.com" not in page.read_text(encoding="utf-8"), page
    for css in unzipped.rglob("*.css"):
        assert "fonts.googleapis" not in css.read_text(encoding="utf-8")


def test_the_offline_settings(unzipped):
    html = (unzipped / "countries/kazakhstan/nit-2022.html").read_text(encoding="utf-8")
    assert '<script src="../../assets/vendor/iframe-worker/shim.js"></script>' in html
    assert "navigation.instant" not in html
    assert 'rel="canonical"' not in html
    # Material's search box is back, with the texts its results are shown with (the website's
    # pages leave them out: tests/test_site.py).
    page = BeautifulSoup(html, "html.parser")
    translations = json.loads(page.find("script", id="__config").string)["translations"]
    assert translations["search.result.one"] == "1 matching document"
    assert page.find(attrs={"data-md-component": "search"}) is not None


def test_a_network_asset_fails_the_bundle_and_keeps_the_previous_zip(tmp_path):
    content = write_content(tmp_path / "a", country_files())
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"INHERIT: {REPO / 'mkdocs.yml'}\n"
                      "extra_javascript:\n"
                      "  - assets/tablesort-init.js\n"
                      "  - https://cdn.jsdelivr.net/npm/example@1/dist/example.min.js\n",
                      encoding="utf-8")
    out = tmp_path / "dist" / "bundle.zip"
    out.parent.mkdir()
    out.write_bytes(b"the previous bundle")
    result = run_bundle("--content", str(content), "--work", str(tmp_path / "w"),
                        "--config", str(config), "--out", str(out))
    assert result.returncode == 1, result.stderr
    assert "index.html: <script src> https://cdn.jsdelivr.net/npm/example@1/dist/example.min.js" \
        " would be fetched from the network" in result.stderr
    assert "was left as it was" in result.stderr
    assert out.read_bytes() == b"the previous bundle"
    assert [p.name for p in out.parent.iterdir()] == ["bundle.zip"]


def test_a_content_error_writes_no_bundle(tmp_path):
    content = write_content(tmp_path / "a", country_files(
        report=country_files()["countries/ruritania/reports/nit-2022.yml"].replace(
            "rating: 1.5", "rating: 8")))
    out = tmp_path / "b.zip"
    result = run_bundle("--content", str(content), "--work", str(tmp_path / "w"),
                        "--out", str(out))
    assert result.returncode == 1
    assert "categories.civil-society.rating" in result.stderr
    assert not out.exists()


SCAN_CASES = [
    ('<script src="https://unpkg.com/iframe-worker/shim"></script>', True),
    ('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">', True),
    ('<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>', True),
    ('<img src="//example.org/logo.png">', True),
    ('<img srcset="a.png 1x, https://example.org/b.png 2x">', True),
    ('<div style="background: url(\'https://example.org/bg.png\')"></div>', True),
    ('<style>@import "https://example.org/x.css";</style>', True),
    ('<script>var s = document.createElement("script");'
     ' s.src = "https://cdn.jsdelivr.net/npm/x";</script>', True),
    ('<pre class="mermaid">graph LR; a-->b</pre>', True),
    ('<img alt="a > b" src="https://example.org/x.png">', True),
    ("<img src=https://example.org/x.png>", True),
    ('<img src="https&#58;&#47;&#47;example.org/x.png">', True),
    ('<svg><image xlink:href="https://example.org/x.png"/></svg>', True),
    ('<!-- <script src="https://unpkg.com/x"></script> -->', False),
    ('<a href="https://freedomhouse.org/country/kazakhstan">source report</a>', False),
    ('<link rel="canonical" href="https://example.org/page/">', False),
    ('<link rel="stylesheet" href="../assets/site.css">', False),
    ('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0"/></svg>', False),
    ('<img src="data:image/png;base64,AAAA">', False),
    ('<script>var x = "see https://example.org/about";</script>', False),
]


@pytest.mark.parametrize("html, remote", SCAN_CASES)
def test_the_scanner_tells_assets_from_links(tmp_path, html, remote):
    page = tmp_path / "page.html"
    page.write_text(f"<!doctype html><html><body>{html}</body></html>", encoding="utf-8")
    assert bool(offline.scan_file(page, "page.html")) == remote


def test_the_scanner_reads_stylesheets_and_scripts(tmp_path):
    css = tmp_path / "a.css"
    css.write_text('.a{background:url("data:image/svg+xml;charset=utf-8,<svg xmlns='
                   "'http://www.w3.org/2000/svg'/>\")}"
                   "@font-face{src:url(https://fonts.gstatic.com/s/roboto.woff2)}",
                   encoding="utf-8")
    assert [p.url for p in offline.scan_file(css, "a.css")] == [
        "https://fonts.gstatic.com/s/roboto.woff2"]
    js = tmp_path / "b.js"
    js.write_text('load("https://unpkg.com/mermaid@11/dist/mermaid.min.js")', encoding="utf-8")
    assert offline.scan_file(js, "assets/b.js")
    # Material's bundle loads mermaid only for diagrams, which the pages are checked for.
    assert offline.scan_file(js, "assets/javascripts/bundle.0123abcd.min.js") == []


def test_offline_overrides_drop_instant_navigation_and_network_plugins():
    base = {"theme": {"features": ["navigation.instant", "navigation.instant.progress",
                                   "toc.follow"]},
            "plugins": [{"search": {"lang": "en"}}, "privacy", "social", "tags"],
            "extra": {"polyfills": ["https://unpkg.com/iframe-worker/shim"]}}
    overrides = offline.offline_overrides(base)
    assert overrides["theme"] == {"font": False, "features": ["toc.follow"]}
    assert overrides["plugins"] == [{"search": {"lang": "en"}}, "tags", "offline"]
    # The website has no search plugin (Pagefind); the offline build gets Material's.
    assert offline.offline_overrides({"plugins": []})["plugins"] == ["search", "offline"]
    assert overrides["extra"] == {"polyfills": [offline.SHIM]}
    assert overrides["use_directory_urls"] is False and overrides["site_url"] is None


def test_bundle_name_is_the_site_slug_and_the_content_date():
    assert offline.bundle_name("Democracy Country Reports", 1735689600) == f"{NAME}.zip"
