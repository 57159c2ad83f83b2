"""Longevity: Zensical, Material for MkDocs' successor, builds the same site from the same
configuration, so the project can move to it when MkDocs 1.x and Material stop being maintained.

The shipped content is rendered and built as `python -m generator build` does (MkDocs, with the
generator's hooks); then Zensical builds the work folder's mkdocs.yml, which it reads as it is
(INHERIT, !ENV; it ignores `hooks:`). Both sites must have the same HTML pages and, in each page's
article (`article.md-content__inner`, where the generated Markdown goes), the same text with
whitespace normalised and the same element ids in the same order.

Outside the article the sites differ by design: each theme's own assets, Zensical's search index
(search.json) where the generator's build adds Pagefind, and what the hooks do (collapsed
whitespace, a primary navigation rendered once per folder). Inside it, the differences Zensical
cannot avoid are listed in KNOWN with the reason for each; one that stops showing fails the test,
so the list is kept true.

Zensical runs from .venv-zensical (requirements-zensical.lock, made by `make test`): without it
the test is skipped, except under CI or BROWSER_TESTS_REQUIRED=1, where it fails.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import REPO, build, shipped_slice

pytestmark = pytest.mark.site

ZENSICAL = REPO / ".venv-zensical" / "bin" / "zensical"
LOCK = REPO / "requirements-zensical.lock"
REQUIRED = bool(os.environ.get("CI")) or os.environ.get("BROWSER_TESTS_REQUIRED") == "1"
ARTICLE = "article.md-content__inner"


@dataclass(frozen=True)
class Known:
    """Markup that Zensical writes in every article and Material does not, and why it stays."""

    name: str
    selector: str  # CSS selector of the elements, in Zensical's article only
    reason: str


KNOWN = [
    Known(
        name="skip link target",
        selector='a#__skip[tabindex="-1"]:empty',
        reason="Zensical 0.0.73's base.html (outside every block) writes an empty "
               '<a id="__skip" tabindex="-1"> first in the article, the target of its "Skip to '
               'content" link; Material 9.8.1 points that link at the page\'s first heading '
               "instead. Theme markup without text, not content."),
]


def pinned_version() -> str:
    match = re.search(r"^zensical==(\S+)$", LOCK.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{LOCK.name} pins no zensical version"
    return match.group(1)


@pytest.fixture(scope="module")
def zensical() -> Path:
    if not ZENSICAL.is_file():
        reason = f"{ZENSICAL.relative_to(REPO)} is absent (make test installs it)"
        if REQUIRED:
            pytest.fail(f"the Zensical test is required here but {reason}")
        pytest.skip(reason)
    version = subprocess.run([str(ZENSICAL), "--version"], capture_output=True, text=True)
    assert version.returncode == 0, version.stderr
    assert version.stdout.split()[-1] == pinned_version(), (
        f"{ZENSICAL} is {version.stdout.strip()}, {LOCK.name} pins {pinned_version()}: "
        "run make test to reinstall")
    return ZENSICAL


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def article(path: Path):
    from bs4 import BeautifulSoup
    found = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select(ARTICLE)
    assert len(found) == 1, f"{path}: {len(found)} {ARTICLE}"
    return found[0]


def text(tag) -> str:
    """The article's text, one space between text nodes and wherever whitespace was."""
    return " ".join(tag.get_text(" ").split())


def ids(tag) -> list[str]:
    return [el["id"] for el in tag.find_all(id=True)]


def test_zensical_lock_shares_the_main_lock_versions():
    """Packages both environments hold (Markdown, Jinja2, pymdown-extensions...) are the same
    versions, so a difference in the pages comes from the site generator, not a library."""
    def pins(path: Path) -> dict[str, str]:
        return {name.lower(): version for name, version in re.findall(
            r"^([A-Za-z0-9_.-]+)==(\S+)$", path.read_text(encoding="utf-8"), re.MULTILINE)}
    ours, main = pins(LOCK), pins(REPO / "requirements.lock")
    shared = sorted(ours.keys() & main.keys())
    assert "markdown" in shared and "jinja2" in shared
    assert {n: ours[n] for n in shared} == {n: main[n] for n in shared}


def test_zensical_builds_the_same_articles(tmp_path, zensical):
    work, site = tmp_path / "work", tmp_path / "mkdocs-site"
    result = build(shipped_slice(tmp_path), site, work)
    assert result.returncode == 0, result.stderr
    # Zensical writes into the site_dir of the configuration (default "site", beside it), which
    # must lie inside the configuration's folder.
    zensical_site = work / "site"
    assert not zensical_site.exists()
    result = subprocess.run([str(zensical), "build", "--strict", "--clean",
                             "-f", str(work / "mkdocs.yml")],
                            capture_output=True, text=True, cwd=work)
    assert result.returncode == 0, f"zensical: {result.stdout}\n{result.stderr}"
    home = (zensical_site / "index.html").read_text(encoding="utf-8")
    assert f'content="zensical-{pinned_version()}"' in home  # Zensical really built it

    assert pages(site) == pages(zensical_site)
    assert len(pages(site)) > 20

    seen = {known.name: [] for known in KNOWN}
    texts = {}
    for rel in pages(site):
        ours, theirs = article(site / rel), article(zensical_site / rel)
        for known in KNOWN:
            assert not ours.select(known.selector), f"{rel}: MkDocs writes {known.name} too"
            extra = theirs.select(known.selector)
            if extra:
                seen[known.name].append(rel)
            for el in extra:
                el.decompose()
        assert text(theirs) == text(ours), rel
        assert ids(theirs) == ids(ours), rel
        texts[rel] = text(ours)
    stale = {name: sorted(set(pages(site)) - set(rels)) for name, rels in seen.items()
             if len(rels) != len(pages(site))}
    assert stale == {}, f"known differences no longer on every page (remove or narrow): {stale}"

    # The articles compared hold the reports, not an empty shell.
    report = "countries/kazakhstan/nit-2022/index.html"
    assert len(texts[report]) > 10_000 and "Kazakhstan" in texts[report]
    assert len(ids(article(site / report))) > 50
