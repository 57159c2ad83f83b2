"""`generator build` again: MkDocs copies from the previous site the pages it already holds as
this build would make them (generator/site/hooks/reuse.py), and the site is always the same as a
build from scratch."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from generator.site.hooks.reuse import RECORD
from tests.conftest import build
from tests.test_incremental import (
    a_report,
    edit_narrative,
    sample,  # noqa: F401 - the fixture, 3 countries x 3 editions
    tree,
)

pytestmark = pytest.mark.site


@pytest.fixture
def built(sample, tmp_path) -> tuple[Path, Path, Path]:
    """A copy of the sample, built once (which leaves the record)."""
    content = tmp_path / "content"
    shutil.copytree(sample, content)
    site, work = tmp_path / "site", tmp_path / "work"
    proc = build(content, site, work)
    assert proc.returncode == 0, proc.stderr
    assert (work / RECORD).is_file()
    return content, site, work


def pages_built(content: Path, site: Path, work: Path) -> tuple[int, int] | None:
    """Build again; (pages built, pages in all) when some were copied, else None."""
    proc = build(content, site, work)
    assert proc.returncode == 0, proc.stderr
    line = proc.stderr.strip().splitlines()[-1]
    m = re.search(r"MkDocs [\d.]+ s \((\d+) of (\d+) pages built, the others unchanged\)", line)
    return (int(m[1]), int(m[2])) if m else None


def fresh(content: Path, tmp_path: Path) -> dict[str, bytes]:
    proc = build(content, tmp_path / "fresh" / "site", tmp_path / "fresh" / "work")
    assert proc.returncode == 0, proc.stderr
    return tree(tmp_path / "fresh" / "site")


def test_nothing_changed_copies_every_page(built, tmp_path):
    content, site, work = built
    before = tree(site)
    pages = len(list(site.rglob("*.html"))) - 1  # all but 404.html, a theme page
    assert pages_built(content, site, work) == (0, pages)
    assert tree(site) == before


def test_a_page_changed_by_hand_in_the_previous_site_is_built_again(built, tmp_path):
    content, site, work = built
    slug, report = a_report(content)
    other = next(p for p in sorted(site.glob("countries/*/nit-*/index.html"))
                 if p.parts[-3] != slug)
    other.write_text(other.read_text(encoding="utf-8") + "<!-- changed by hand -->",
                     encoding="utf-8")
    edit_narrative(report, "A sentence this build adds")
    built_now = pages_built(content, site, work)
    assert built_now is not None and built_now[0] == 2  # the edited report and the changed page
    assert "changed by hand" not in other.read_text(encoding="utf-8")
    assert tree(site) == fresh(content, tmp_path)


def test_a_renamed_country_changes_the_navigation_and_every_page_is_built(built, tmp_path):
    content, site, work = built
    country = sorted((content / "countries").iterdir())[0] / "country.yml"
    text = country.read_text(encoding="utf-8")
    name = re.search(r"^name: (.+)$", text, re.M)[1]
    country.write_text(text.replace(f"name: {name}", "name: Renamedland", 1), encoding="utf-8")
    assert pages_built(content, site, work) is None
    assert "Renamedland" in (site / "index.html").read_text(encoding="utf-8")
    assert tree(site) == fresh(content, tmp_path)


def test_a_navigation_page_changed_below_its_front_matter_is_built_alone(built, tmp_path):
    """A country's summary is on its overview page, which the navigation lists: that page is
    built again, and the others are not, as its title and metadata did not change."""
    content, site, work = built
    country = sorted((content / "countries").iterdir())[0]
    path = country / "country.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("summary: >-\n", "summary: >-\n  A summary sentence added.\n", 1),
                    encoding="utf-8")
    built_now = pages_built(content, site, work)
    assert built_now is not None and 1 <= built_now[0] < built_now[1] / 4, built_now
    overview = site / "countries" / country.name / "index.html"
    assert "A summary sentence added." in overview.read_text(encoding="utf-8")
    assert tree(site) == fresh(content, tmp_path)


def test_another_site_url_builds_every_page(built, tmp_path, monkeypatch):
    content, site, work = built
    monkeypatch.setenv("SITE_URL", "https://reports.example.org/")
    assert pages_built(content, site, work) is None
    assert "https://reports.example.org/" in (site / "index.html").read_text(encoding="utf-8")
    assert tree(site) == fresh(content, tmp_path)


@pytest.mark.parametrize("record", [None, "{not json", '{"key": "x", "pages": []}'])
def test_without_a_readable_record_every_page_is_built(built, tmp_path, record):
    content, site, work = built
    if record is None:
        os.remove(work / RECORD)
    else:
        (work / RECORD).write_text(record, encoding="utf-8")
    _, report = a_report(content)
    edit_narrative(report, "A sentence this build adds")
    assert pages_built(content, site, work) is None
    assert tree(site) == fresh(content, tmp_path)
    assert pages_built(content, site, work) is not None  # the record is written again


def test_the_shared_key_follows_everything_every_page_depends_on(tmp_path, monkeypatch):
    from types import SimpleNamespace as NS

    from generator.site.hooks.reuse import shared_key

    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "main.html").write_text("{% extends 'base.html' %}")
    (tmp_path / "base.yml").write_text("site_name: Reports\n")
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "mkdocs.yml").write_text("INHERIT: ../base.yml\nnav: [index.md]\n")
    (tmp_path / "index.md").write_text("# Home\n")
    config = NS(config_file_path=str(tmp_path / "work" / "mkdocs.yml"), site_url="", extra={},
                theme=NS(custom_dir=str(tmp_path / "overrides")))
    files = [NS(src_uri="index.md"), NS(src_uri="a.md")]
    nav = NS(pages=[NS(file=NS(src_uri="index.md", abs_src_path=str(tmp_path / "index.md")))])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    key = shared_key(config, files, nav)
    assert shared_key(config, files, nav) == key

    def changed(path: str, text: str) -> str:
        old = (tmp_path / path).read_text()
        (tmp_path / path).write_text(text)
        try:
            return shared_key(config, files, nav)
        finally:
            (tmp_path / path).write_text(old)
    assert changed("overrides/main.html", "{% extends 'base.html' %}{# edited #}") != key
    assert changed("base.yml", "site_name: Other reports\n") != key  # inherited
    assert shared_key(config, files, nav) == key  # both as they were: the same key again
    assert shared_key(config, files[:1], nav) != key  # a file fewer
    assert shared_key(NS(**{**vars(config), "site_url": "https://x.example/"}), files, nav) != key
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000001")
    assert shared_key(config, files, nav) != key
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert shared_key(config, files, nav) == key
    # a page the navigation lists: its front matter counts, not the text below it
    (tmp_path / "index.md").write_text("---\ntitle: Home\n---\n# Home\n")
    key = shared_key(config, files, nav)
    (tmp_path / "index.md").write_text("---\ntitle: Home\n---\n# Home, edited\n")
    assert shared_key(config, files, nav) == key
    (tmp_path / "index.md").write_text("---\ntitle: Home page\n---\n# Home, edited\n")
    assert shared_key(config, files, nav) != key


GOOD = {"src": [10, 1, 2], "out": [20, 3, 4], "meta": {"title": "A"}, "title": None,
        "anchors": ["a", "b"], "links": {"x.md": {"a": "x.md#a"}}}


@pytest.mark.parametrize("change", [
    {}, {"src": [11, 1, 2]}, {"out": [20, 3, 5]}, {"meta": []}, {"title": 3},
    {"anchors": "ab"}, {"anchors": [1]}, {"links": {"x.md": ["a"]}}, {"links": None}])
def test_a_recorded_page_is_taken_only_when_its_files_match_and_its_entry_is_whole(change):
    from generator.site.hooks.reuse import _converted

    state = _converted({**GOOD, **change}, [10, 1, 2], [20, 3, 4])
    if change:
        assert state is None
    else:
        assert state["present_anchor_ids"] == {"a", "b"}
        assert state["links"] == GOOD["links"] and state["meta"] == {"title": "A"}
    assert _converted(GOOD, None, [20, 3, 4]) is None  # no Markdown file
    assert _converted("not a page", [10, 1, 2], [20, 3, 4]) is None
