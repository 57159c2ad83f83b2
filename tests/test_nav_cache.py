"""The primary navigation rendered once per folder (generator/site/hooks/nav.py, `primary_nav`):
every page that shares a cache key would have got the same navigation HTML rendered on its own,
and most pages of a sample site do share one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from jinja2 import pass_context

from generator.site.hooks import nav as mkdocs_nav

from .conftest import REPO, build


def test_pages_sharing_a_key_get_the_same_navigation(tmp_path, monkeypatch):
    subprocess.run([sys.executable, "-m", "generator", "sample", "--countries", "3",
                    "--editions", "2", "--seed", "5", "--into", str(tmp_path / "content")],
                   cwd=REPO, check=True, capture_output=True)
    result = build(tmp_path / "content", tmp_path / "site", tmp_path / "work")
    assert result.returncode == 0, result.stderr

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    monkeypatch.setenv("REPORTS_WORKERS", "1")  # in this process, where the wrapper is
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(tmp_path / "work")
    config = load_config(str(tmp_path / "work" / "mkdocs.yml"), site_dir=str(tmp_path / "again"))
    cached = mkdocs_nav.primary_nav
    rendered: dict[str | None, set[str]] = {}
    pages: list[str] = []

    @pass_context
    def fresh_every_time(context):
        mkdocs_nav._HTML.clear()  # no cached HTML: each page's navigation rendered for it
        html = cached(context)
        rendered.setdefault(mkdocs_nav.nav_key(context.get("page")), set()).add(str(html))
        pages.append(getattr(context.get("page"), "url", None))
        return html

    monkeypatch.setattr(mkdocs_nav, "primary_nav", fresh_every_time)
    mkdocs_build(config)
    shared = {key: htmls for key, htmls in rendered.items() if key is not None}
    assert shared, "no page was given a cache key"
    assert all(len(htmls) == 1 for htmls in shared.values()), [
        key for key, htmls in shared.items() if len(htmls) > 1]
    assert len(pages) > 3 * len(shared)  # most pages come from the cache
    # The cached build wrote the same bytes.
    for path in (tmp_path / "site").rglob("*.html"):
        again = tmp_path / "again" / path.relative_to(tmp_path / "site")
        assert again.read_bytes() == path.read_bytes(), path


def _page(url: str) -> SimpleNamespace:
    return SimpleNamespace(url=url)


def test_nav_key_is_the_folder_of_a_page_outside_the_navigation():
    nav = SimpleNamespace(items=[
        SimpleNamespace(url="", children=None),
        SimpleNamespace(url=None, children=[SimpleNamespace(url="countries/a/", children=None),
                                            SimpleNamespace(url="countries/a/nit-2024/",
                                                            children=None)]),
    ])
    mkdocs_nav._FOLDERS.clear()
    mkdocs_nav._FOLDERS.update(mkdocs_nav._linked_folders(nav))
    try:
        assert mkdocs_nav.nav_key(_page("countries/a/nit-2020/")) == "countries/a"
        assert mkdocs_nav.nav_key(_page("countries/b/nit-2020/")) == "countries/b"
        assert (mkdocs_nav.nav_key(_page("countries/a/elections/x-2020/"))
                == "countries/a/elections")
        # In the navigation (an item may be active), or a folder above a listed page (its
        # links' relative URLs depend on the page itself), or not a folder URL: no key.
        for url in ("countries/a/nit-2024/", "countries/a/", "countries/", "", "404.html"):
            assert mkdocs_nav.nav_key(_page(url)) is None, url
        assert mkdocs_nav.nav_key(None) is None
    finally:
        mkdocs_nav._FOLDERS.clear()
