"""The site does not depend on the build's MkDocs hooks (generator/site/hooks/).

The hooks only make the build faster: Markdown conversion and theme rendering in worker
processes, compressed page HTML, whitespace collapsed between tags, the primary navigation rendered once per folder, HTML blocks passed around
Python-Markdown, pages reused in rebuilds. Content is rendered and built as `python -m generator
build` does (MkDocs with the hooks); then plain `mkdocs build --strict` builds a copy of the work
folder's mkdocs.yml without its `hooks:`. Both sites must have the same files, the same bytes in
every file but the HTML pages, and in every page the same document: the same elements with the
same attributes (ids, link targets, classes) in the same nesting, and the same text. Whitespace
runs count as one space (the hooks collapse those holding a line break), except inside <pre>,
<textarea> and <script>, and comments are left out (without the hooks, the passthrough markers
`<!--html-->` stay in the page). The article and the primary navigation are compared on their
own too, so that a difference there is named as such.

Two contents: the shipped one, and sample content with enough pages for the hooks to convert
and render in worker processes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from generator.site.hooks.accelerate import PARALLEL_MIN_PAGES

from .conftest import REPO, shipped_slice

pytestmark = pytest.mark.site

EPOCH = "1700000000"
WORKERS = "2"
ARTICLE = "article.md-content__inner"
PRIMARY_NAV = "nav.md-nav--primary"
VERBATIM = {"pre", "textarea", "script"}
_SPACE = re.compile(r"\s+")


def _env() -> dict[str, str]:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=EPOCH,
                REPORTS_WORKERS=WORKERS)


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=REPO, capture_output=True, text=True,
                          env=_env())


def plain_config(work: Path) -> Path:
    """The work folder's mkdocs.yml without `hooks:`, beside it (its paths are relative)."""
    config = yaml.safe_load((work / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config.get("hooks"), "the generator's configuration lists no hooks"
    del config["hooks"]
    # Nothing the configuration inherits lists hooks either, or the copy would get them back.
    assert "hooks:" not in (work / config["INHERIT"]).read_text(encoding="utf-8")
    target = work / "plain-mkdocs.yml"
    target.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
                      encoding="utf-8")
    return target


# --- Comparing pages ---------------------------------------------------------------------------

def structure(node: Tag) -> list:
    """The element tree under `node` as a flat list: ("<", name, attributes), text, (">", name).
    Comments are left out, the text between two tags is joined, and each whitespace run in it
    is one space, except inside <pre>, <textarea> and <script>, where it is kept as it is."""
    out: list = []
    text: list[str] = []

    def flush() -> None:
        if text:
            joined = "".join(text)
            out.append(joined if _verbatim(node_stack) else _SPACE.sub(" ", joined))
            text.clear()

    node_stack: list[str] = []

    def walk(tag: Tag) -> None:
        for child in tag.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                text.append(str(child))
                continue
            flush()
            attrs = tuple(sorted((k, " ".join(v) if isinstance(v, list) else v)
                                 for k, v in child.attrs.items()))
            out.append(("<", child.name, attrs))
            node_stack.append(child.name)
            walk(child)
            flush()
            node_stack.pop()
            out.append((">", child.name))

    walk(node)
    flush()
    return out


def _verbatim(stack: list[str]) -> bool:
    return any(name in VERBATIM for name in stack)


def first_difference(ours: list, theirs: list) -> str:
    """Where two structures part, with a little of what comes before, for the failure message."""
    for i, (a, b) in enumerate(zip(ours, theirs)):
        if a != b:
            return f"at item {i} (after {ours[max(0, i - 3):i]}): {a!r} != {b!r}"
    return f"one ends first: {len(ours)} items against {len(theirs)}"


def nav_links(soup: BeautifulSoup) -> list[tuple[str, str | None, str]]:
    """The primary navigation's entries: element, link target, title."""
    nav = soup.select_one(PRIMARY_NAV)
    assert nav is not None, "no primary navigation"
    return [(el.name, el.get("href"), " ".join(el.get_text(" ").split()))
            for el in nav.select(".md-nav__link")]


def test_the_comparison_sees_ids_links_text_and_nesting_not_whitespace_or_comments():
    def parsed(html: str) -> list:
        return structure(BeautifulSoup(html, "html.parser"))

    page = '<div id="a"><p>One <a href="x/">two</a></p>\n<pre> k\n  k</pre></div>'
    for same in (page.replace("</p>\n", "</p>\n<!--html-->\n  \n"),
                 page.replace("<p>", "<!--html--><p>"), page.replace("One ", "One\n  ")):
        assert parsed(same) == parsed(page), same
    for changed in (page.replace('id="a"', 'id="b"'), page.replace("x/", "y/"),
                    page.replace("two", "too"), page.replace("</p>\n", "\n</p>"),
                    page.replace(">two</a>", "></a>two"), page.replace("  k</pre>", " k</pre>"),
                    page.replace("One <a", "One<a")):
        assert parsed(changed) != parsed(page), changed


# --- The builds --------------------------------------------------------------------------------

def _sample(root: Path) -> Path:
    """Sample content with enough pages for the hooks' worker processes."""
    content = root / "content"
    result = _run("-m", "generator", "sample", "--countries", "3", "--editions", "4",
                  "--into", str(content))
    assert result.returncode == 0, result.stderr
    return content


@pytest.fixture(scope="module", params=["shipped", "sample"])
def sites(request, tmp_path_factory) -> dict:
    """The generator's site and plain MkDocs' site of one content, with every page parsed."""
    root = tmp_path_factory.mktemp(f"plain-{request.param}")
    content = shipped_slice(root) if request.param == "shipped" else _sample(root)
    work, hooked, plain = root / "work", root / "hooked", root / "plain"
    result = _run("-m", "generator", "build", "--content", str(content), "--work", str(work),
                  "--site", str(hooked))
    assert result.returncode == 0, result.stderr
    result = _run("-m", "mkdocs", "build", "--strict", "-f", str(plain_config(work)),
                  "-d", str(plain))
    assert result.returncode == 0, f"plain MkDocs: {result.stdout}\n{result.stderr}"
    pages = sorted(p.relative_to(hooked).as_posix() for p in hooked.rglob("*.html"))
    if request.param == "sample":  # the hooks did convert and render in worker processes
        assert len(pages) >= PARALLEL_MIN_PAGES + 10
    soups = {name: {rel: BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")
                    for rel in pages if (site / rel).is_file()}
             for name, site in (("hooked", hooked), ("plain", plain))}
    return {"hooked": hooked, "plain": plain, "pages": pages, "soups": soups}


def _files(site: Path) -> list[str]:
    """Every file MkDocs wrote (the generator's build adds the Pagefind index, pagefind/)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                  if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/"))


def test_plain_mkdocs_writes_the_same_files(sites):
    hooked, plain = sites["hooked"], sites["plain"]
    assert _files(plain) == _files(hooked)
    assert len(sites["pages"]) > 20
    differing = [rel for rel in _files(hooked) if not rel.endswith(".html")
                 and (hooked / rel).read_bytes() != (plain / rel).read_bytes()]
    assert differing == []
    # The plain build really ran without the hooks: the passthrough markers stayed.
    report = next(rel for rel in sites["pages"] if re.search(r"/nit-\d{4}/index\.html$", rel))
    assert "<!--html-->" in (plain / report).read_text(encoding="utf-8")
    assert "<!--html-->" not in (hooked / report).read_text(encoding="utf-8")


def test_every_article_is_the_same(sites):
    compared = 0
    for rel in sites["pages"]:
        ours, theirs = (sites["soups"][name][rel].select(ARTICLE) for name in ("hooked", "plain"))
        assert len(ours) == len(theirs), rel
        for a, b in zip(ours, theirs):
            mine, plain = structure(a), structure(b)
            assert mine == plain, f"{rel}: {first_difference(mine, plain)}"
            compared += 1
    assert compared >= len(sites["pages"]) - 1  # every page but 404.html has an article
    # The articles hold the reports, with their ids and links.
    articles = [sites["soups"]["hooked"][rel].select_one(ARTICLE) for rel in sites["pages"]]
    assert max(len(a.find_all(id=True)) for a in articles if a) > 50
    assert max(len(a.find_all(href=True)) for a in articles if a) > 20


def test_the_primary_navigation_is_the_same(sites):
    for rel in sites["pages"]:
        ours, theirs = (nav_links(sites["soups"][name][rel]) for name in ("hooked", "plain"))
        assert ours == theirs, rel
        assert len(ours) >= 5 and all(title for _, _, title in ours), rel
        nav = [sites["soups"][name][rel].select_one(PRIMARY_NAV) for name in ("hooked", "plain")]
        mine, plain = structure(nav[0]), structure(nav[1])
        assert mine == plain, f"{rel}: {first_difference(mine, plain)}"


def test_every_page_is_the_same_document(sites):
    for rel in sites["pages"]:
        mine, plain = (structure(sites["soups"][name][rel]) for name in ("hooked", "plain"))
        assert mine == plain, f"{rel}: {first_difference(mine, plain)}"
