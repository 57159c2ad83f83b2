"""How a large site is split into Pagefind runs (generator/search.py)."""

from __future__ import annotations

from pathlib import Path

from generator.search import index_parts


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
