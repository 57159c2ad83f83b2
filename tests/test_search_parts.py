"""How a large site is split into Pagefind runs (generator/search/pagefind.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.search import pagefind as search
from generator.search.pagefind import pagefind_index
from generator.search.parts import plan_parts


def _site(root: Path, countries: dict[str, int]) -> Path:
    for name in ("index.html", "404.html", "countries/index.html", "methodology/nit/index.html",
                 "rankings/nit/2024/index.html", "assets/site.css"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")
    for slug, pages in countries.items():
        for n in range(pages):
            page = root / "countries" / slug / f"p{n}" / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text("x")
    return root


def test_a_small_site_is_one_run(tmp_path):
    site = _site(tmp_path, {"a": 3, "b": 4})
    (part,) = plan_parts(site, 10)
    assert (part.output, part.glob) == ("pagefind", None)
    assert len(part.files) == len(list(site.rglob("*.html")))


def test_a_large_site_is_the_site_wide_pages_then_groups_of_countries(tmp_path):
    site = _site(tmp_path, {"alpha": 4, "beta": 4, "gamma": 4, "delta": 4, "omega": 1})
    parts = [(part.output, part.glob) for part in plan_parts(site, 8)]
    assert parts[0] == ("pagefind", "{*.html,countries/*.html,assets/**/*.html,"
                                    "methodology/**/*.html,rankings/**/*.html}")
    assert parts[1:] == [("pagefind/part-1", "countries/{alpha,beta}/**/*.html"),
                         ("pagefind/part-2", "countries/{delta,gamma}/**/*.html"),
                         ("pagefind/part-3", "countries/{omega}/**/*.html")]


def _html_site(root: Path, countries: int, pages: int) -> Path:
    root.mkdir()
    (root / "index.html").write_text("<html lang=en><body data-pagefind-body><h1>Home</h1>"
                                     "<p>Every country.</p></body></html>")
    for c in range(countries):
        for n in range(pages):
            page = root / "countries" / f"c{c:02d}" / f"p{n}" / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(f"<html lang=en><body data-pagefind-body><h1>Country {c} page {n}</h1>"
                            f"<p>Elections in country{c} and word{n}.</p></body></html>")
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_parts_indexed_at_once_give_the_same_files_as_one_after_another(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTS_SEARCH_PART_PAGES", "4")
    indexes = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("REPORTS_WORKERS", workers)
        site = _html_site(tmp_path / workers, countries=6, pages=2)
        result = pagefind_index(site)
        assert result.ok, result.output
        indexes[workers] = _files(site / "pagefind")
    assert json.loads(indexes["2"]["parts.json"]) == ["part-1/", "part-2/", "part-3/"]
    assert indexes["1"] == indexes["2"]


def _edit(site: Path, rel: str, words: str) -> None:
    page = site / rel
    page.write_text(page.read_text().replace("</p>", f" {words}</p>"))


def _rebuild(tmp_path: Path, edited: str):
    """A site indexed, then the next build's site (one page edited) indexed with it as the
    previous site, and the same edited site indexed from scratch."""
    previous = _html_site(tmp_path / "previous", countries=6, pages=2)
    assert pagefind_index(previous).ok
    sites = []
    for name in ("site", "fresh"):
        site = _html_site(tmp_path / name, countries=6, pages=2)
        _edit(site, edited, "Quokka")
        sites.append(site)
    result = pagefind_index(sites[0], previous)
    assert result.ok, result.output
    assert pagefind_index(sites[1]).reused == 0
    return result, _files(sites[0] / "pagefind"), _files(sites[1] / "pagefind"), \
        _files(previous / "pagefind")


def test_a_rebuild_indexes_again_only_the_parts_whose_pages_changed(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTS_SEARCH_PART_PAGES", "4")
    # one page of the third country changed: the second group's part
    result, index, fresh, previous = _rebuild(tmp_path, "countries/c02/p1/index.html")
    assert (result.parts, result.reused) == (4, 3)
    assert result.reuse_note() == " (1 of 4 parts indexed, the others unchanged)"
    assert index == fresh  # the bytes of indexing every part
    assert index != previous


def test_a_site_wide_page_changed_indexes_the_first_part_again(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTS_SEARCH_PART_PAGES", "4")
    result, index, fresh, previous = _rebuild(tmp_path, "index.html")
    assert (result.parts, result.reused) == (4, 3)
    assert index == fresh
    assert index["pagefind-entry.json"] != previous["pagefind-entry.json"]


@pytest.mark.parametrize("record", [None, "not json", '{"pagefind": 1}', '["pagefind"]'])
def test_a_previous_site_without_a_readable_record_is_indexed_anew(tmp_path, monkeypatch,
                                                                   record):
    monkeypatch.setenv("REPORTS_SEARCH_PART_PAGES", "4")
    previous = _html_site(tmp_path / "previous", countries=6, pages=2)
    assert pagefind_index(previous).ok
    inputs = previous / "pagefind" / "parts-inputs.json"
    if record is None:
        inputs.unlink()
    else:
        inputs.write_text(record)
    site = _html_site(tmp_path / "site", countries=6, pages=2)
    result = pagefind_index(site, previous)
    assert (result.ok, result.reused) == (True, 0)
    written = json.loads(_files(site / "pagefind")["parts-inputs.json"])
    assert sorted(written) == ["pagefind", "pagefind/part-1", "pagefind/part-2", "pagefind/part-3"]


def test_a_part_made_with_other_options_is_indexed_anew(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTS_SEARCH_PART_PAGES", "4")
    previous = _html_site(tmp_path / "previous", countries=6, pages=2)
    assert pagefind_index(previous).ok
    monkeypatch.setattr(search, "PAGEFIND_IGNORED", [*search.PAGEFIND_IGNORED, "h1"])
    site = _html_site(tmp_path / "site", countries=6, pages=2)
    result = pagefind_index(site, previous)
    assert (result.ok, result.reused) == (True, 0)
