"""Golden Markdown: one page of every kind, rendered from the shipped content.

A change to a template or to derive shows up here as a diff to review. After reviewing it,
refresh with `.venv/bin/python -m pytest tests/test_golden.py --update-goldens`.
"""

from __future__ import annotations

import pytest

from generator.model.check import check
from generator.site.docs import pages_for

from .conftest import REPO, shipped_slice

GOLDEN = REPO / "tests" / "golden"

PAGES = [
    "index.md",
    "countries/index.md",
    "methodology/index.md",
    "methodology/nit.md",
    "methodology/fiw.md",
    "countries/kazakhstan/index.md",
    "countries/kazakhstan/nit-2022.md",
    "countries/kazakhstan/nit-2021.md",
    "countries/kazakhstan/gsod-2023.md",
    "countries/kazakhstan/fiw-2024.md",  # indicators, groups, last year from fiw-2023
    "countries/kazakhstan/fiw-2010.md",  # categories without indicators
    "countries/kazakhstan/fiw-2004.md",  # points only: status and ratings from the history
    "countries/kazakhstan/tracker.md",
    "countries/kazakhstan/elections/mazhilis-2021.md",
    "rankings/index.md",
    "rankings/nit/index.md",
    "rankings/nit/2022.md",
    "rankings/gsod/2023.md",
    "downloads/index.md",
]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, str]:
    checked = check(shipped_slice(tmp_path_factory.mktemp("golden")), "content")
    assert not checked.failed()
    # fixed history and site URL, so the goldens do not move with each commit
    changed = {item.rel: "2026-01-15" for bundle in checked.content.countries.values()
               for item in [bundle.country, *bundle.reports]}
    _, pages = pages_for(checked.content, REPO / "templates", changed,
                         "https://reports.example.org/")
    return {p.path: p.text for p in pages}


@pytest.mark.parametrize("path", PAGES)
def test_page_matches_golden(rendered, path, update_goldens):
    golden = GOLDEN / path
    if update_goldens:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(rendered[path], encoding="utf-8")
    assert golden.exists(), f"no golden file for {path}: run with --update-goldens and review"
    assert rendered[path] == golden.read_text(encoding="utf-8")


def test_every_page_kind_has_a_golden(rendered):
    kinds = {"home", "countries", "methodology", "country", "report", "tracker", "election",
             "rankings", "downloads"}
    covered = set()
    for path in PAGES:
        if path == "index.md":
            covered.add("home")
        elif path == "countries/index.md":
            covered.add("countries")
        elif path.startswith("rankings/"):
            covered.add("rankings")
        elif path.startswith("downloads/"):
            covered.add("downloads")
        elif path.startswith("methodology/"):
            covered.add("methodology")
        elif "/elections/" in path:
            covered.add("election")
        elif path.endswith("tracker.md"):
            covered.add("tracker")
        elif path.endswith("/index.md"):
            covered.add("country")
        else:
            covered.add("report")
    assert covered == kinds
    assert set(PAGES) <= set(rendered)


def test_marked_html_blocks_link_no_other_page(rendered, tmp_path):
    """The build's hook sends marked HTML blocks around Python-Markdown, and MkDocs rewrites
    only Markdown links (for the offline bundle's `.html` addresses, for one): a block may link
    an anchor, another website, or a page of the site in the form the built site has it (the
    templates' href(): never a `.md` path, which MkDocs would have had to rewrite). Every page of
    the shipped content and of a sample with every kind of page; that such links resolve is
    checked in the built site and the offline bundle (test_site.py, tests/browser)."""
    import re

    from generator.site.hooks.passthrough import _MARKED
    from generator.tools.sample import write_sample

    write_sample(tmp_path / "content", 2, 4)
    checked = check(tmp_path / "content")
    assert not checked.failed()
    _, sample = pages_for(checked.content, REPO / "templates")
    pages = {**rendered, **{f"sample/{p.path}": p.text for p in sample}}
    blocks = hrefs = 0
    for path, text in pages.items():
        for block in _MARKED.finditer(text):
            blocks += 1
            for href in re.findall(r'href="([^"]*)"', block.group(1)):
                hrefs += 1
                target = href.partition("#")[0]
                assert not target.endswith(".md"), (path, href)
                assert href.startswith(("#", "https://", "http://")) or not target.startswith(
                    "/"), (path, href)  # a page's link is relative: the site may be a sub-path
    assert blocks > 100 and hrefs > 100
