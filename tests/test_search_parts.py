"""How a large site is split into Pagefind runs (generator/search.py)."""

from __future__ import annotations

import json
from pathlib import Path

from generator.search import index_parts, pagefind_index


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
    assert index_parts(_site(tmp_path, {"a": 3, "b": 4}), 10) == [("pagefind", None)]


def test_a_large_site_is_the_site_wide_pages_then_groups_of_countries(tmp_path):
    site = _site(tmp_path, {"alpha": 4, "beta": 4, "gamma": 4, "delta": 4, "omega": 1})
    parts = index_parts(site, 8)
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
