"""The search page's quick index (generator/search/pagefind.py, `quick_index`): read back from Pagefind's
page files, one entry per indexed page, in every part of a large site."""

from __future__ import annotations

import json
from pathlib import Path

from generator.search import pagefind as search
from generator.search.pagefind import pagefind_index


def _page(root: Path, rel: str, title: str, headings: str, filters: dict[str, str]) -> None:
    spans = "".join(f'<span data-pagefind-filter="{k}">{v}</span>' for k, v in filters.items())
    page = root / rel / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f"<html lang=en><head><title>{title}</title></head><body data-pagefind-body>"
                    f'<h1 id="top">{title}</h1><p>Opening words.</p>{headings}'
                    f"<p>Long text about elections.</p><div hidden>{spans}</div></body></html>")


def _site(root: Path) -> Path:
    _page(root, "", "Home", "", {})
    for country, years in (("abirovia", (2020, 2024)), ("zuvania", (2022,))):
        name = country.capitalize()
        _page(root, f"countries/{country}", name, '<h2 id="elections">Elections</h2>',
              {"Country": name, "Page": "Country overview"})
        for year in years:
            _page(root, f"countries/{country}/nit-{year}", f"{name}: Nations in Transit {year}",
                  '<h2 id="cats">Categories</h2><h3 id="judicial-framework">Judicial Framework'
                  ' and Independence</h3><h3 id="electoral-process">Electoral Process</h3>'
                  '<h5 id="deep">Too deep</h5>',
                  {"Country": name, "Page": "Report", "Year": str(year)})
    return root


def test_headings_with_quotes_backslashes_and_markup_are_read_as_their_text(tmp_path):
    site = tmp_path / "site"
    _page(site, "", "Home", '<h2 id="said">He said &quot;no&quot; \\ to &lt;b&gt; in Čačak</h2>',
          {})
    assert pagefind_index(site).ok
    assert _pages(_quick(site))[0]["headings"] == [('He said "no" \\ to <b> in Čačak', "said")]


def _quick(site: Path) -> dict:
    return json.loads((site / "pagefind" / "quick.json").read_text("utf-8"))


def _pages(quick: dict) -> list[dict]:
    return [{"id": p[0], "url": p[1], "title": p[2],
             "facets": [tuple(quick["facets"][i]) for i in p[3]],
             "headings": [tuple(quick["headings"][i]) for i in p[4]]} for p in quick["pages"]]


def test_every_page_with_its_title_headings_and_filters_pages_without_a_year_first(tmp_path):
    site = _site(tmp_path / "site")
    assert pagefind_index(site).ok
    quick = _quick(site)
    pages = _pages(quick)
    fragments = {p.stem for p in (site / "pagefind").glob("**/fragment/*.pf_fragment")}
    assert sorted(p["id"] for p in pages) == sorted(fragments)
    assert [p["url"] for p in pages] == [
        "/", "/countries/abirovia/", "/countries/zuvania/", "/countries/abirovia/nit-2024/",
        "/countries/zuvania/nit-2022/", "/countries/abirovia/nit-2020/"]
    report = pages[3]
    assert report["title"] == "Abirovia: Nations in Transit 2024"
    # The h1 that repeats the title is left out, and so are headings below h4.
    assert report["headings"] == [("Categories", "cats"),
                                  ("Judicial Framework and Independence", "judicial-framework"),
                                  ("Electoral Process", "electoral-process")]
    assert report["facets"] == [("Country", "Abirovia"), ("Page", "Report"), ("Year", "2024")]
    # Repeated headings and filter values are listed once.
    assert len(quick["headings"]) == 4
    assert len(quick["facets"]) == len({f for p in pages for f in p["facets"]})


def test_a_site_in_parts_has_one_quick_index_of_all_its_pages(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTS_SEARCH_PART_PAGES", "2")
    site = _site(tmp_path / "site")
    assert pagefind_index(site).ok
    assert json.loads((site / "pagefind" / "parts.json").read_text("utf-8"))
    pages = _pages(_quick(site))
    assert len(pages) == 6 == len({p["url"] for p in pages})
    assert all(p["id"] for p in pages)


def test_an_id_found_in_two_parts_is_left_out_so_that_no_result_is_taken_for_another(
        tmp_path, monkeypatch):
    site = _site(tmp_path / "site")
    assert pagefind_index(site).ok
    read = search._page_record
    monkeypatch.setattr(search, "_page_record", lambda path: {**read(path), "id": "en_same"}
                        if "nit-" in read(path)["url"] else read(path))
    search.quick_index(site / "pagefind")
    ids = {p["url"]: p["id"] for p in _pages(_quick(site))}
    assert ids["/countries/abirovia/nit-2024/"] is None
    assert ids["/countries/abirovia/"] is not None


def test_the_quick_index_is_the_same_on_every_run(tmp_path):
    files = []
    for run in ("a", "b"):
        site = _site(tmp_path / run)
        assert pagefind_index(site).ok
        files.append((site / "pagefind" / "quick.json").read_bytes())
    assert files[0] == files[1]
