"""Site search at scale: the Pagefind index for the website, a slim Material index offline.

The website's search is Pagefind (PyPI `pagefind[bin]`, run after MkDocs on the built HTML): it
splits the index into small chunks, so a query loads a few hundred kilobytes whatever the number
of pages, and it indexes the full text of every page marked `data-pagefind-body` (overrides/main.html
marks every page whose front matter does not say `search: exclude: true`), with the filters the
page's front matter lists (country, index, year, kind of page). Notes lists, charts, citation
blocks and heading permalinks are left out of the index.

Pagefind fetches its chunks, which browsers refuse from `file://`, so the offline bundle keeps
Material's own search (a Web Worker through the iframe-worker shim). Its index holds every page's
full text, which the worker loads whole before the first result: while that stays under
`FULL_TEXT_BUDGET` it is kept, and above it `slim_material_index` cuts it down to every page's
title and headings with the text of the page's opening only, which a browser loads from disk
quickly even at thousands of pages (bench/run.py measures it).

A search of a common word in Pagefind's full text is slow at thousands of pages (its time goes
with the places the word appears), so the search page answers from a quick
index first: every page's title, headings and filters, read back from Pagefind's own page
files (`quick_index`), in one small JSON file searched in the page itself; the full-text
results are added below when they come.

A large site is indexed in parts (generator/search/parts.py); a rebuild copies from the site it
replaces each part whose pages are byte for byte the same, and runs Pagefind for the others.
"""

from __future__ import annotations

import errno
import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..workers import map_in_workers, worker_count
from .canonical import PAGEFIND_MAGIC, STRING, URL, canonical_bundle, json_text
from .parts import (
    PAGEFIND_DIR,
    PARTS_INPUTS,
    PARTS_MANIFEST,
    Part,
    copy_part,
    part_key,
    plan_parts,
    recorded_keys,
)

# Parts of a page that are not worth finding: note lists (sources), charts and their data
# tables (the figures are in the page text), note numbers, citation blocks and the ¶ permalinks.
# The report template also marks the text every report of an index repeats (what a category
# considers, the scale note) and its tables of figures with Pagefind's own `data-pagefind-ignore`:
# about 7 % of a NIT report's words, which every search would otherwise match on every report.
PAGEFIND_IGNORED = ["ol.notes", "a.footnote-ref", "figure.chart", "details.cite", ".headerlink",
                    ".notes-missing"]


# Pagefind's ready-made search interfaces: the search page has its own (templates/assets/
# search-page.js), so these ~430 KB are not published (once per part of the index).
UNUSED_FILES = ["pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
                "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
                "pagefind-highlight.js"]


@dataclass
class SearchIndexResult:
    ok: bool
    output: str
    reused: int = 0  # parts copied from the previous site (pagefind_index)
    parts: int = 1

    def reuse_note(self) -> str:
        """How many of the parts were indexed, when some were copied from the previous site."""
        if not self.reused:
            return ""
        return f" ({self.parts - self.reused} of {self.parts} parts indexed, the others unchanged)"


def _pagefind_options(output: str, glob: str | None) -> list[str]:
    """Pagefind's arguments for one run, but the site's folder."""
    options = ["--output-subdir", output, "--force-language", "en", "--quiet"]
    if glob:
        options += ["--glob", glob]
    for selector in PAGEFIND_IGNORED:
        options += ["--exclude-selectors", selector]
    return options


def _recipe(part: Part, pagefind: str) -> list:
    """How a part's index is made (`pagefind`: its version), for its key (search_parts.part_key)."""
    return [pagefind, _pagefind_options(part.output, part.glob), UNUSED_FILES]


def _pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind_bin")
    except PackageNotFoundError:
        return "unknown"


def _run_pagefind(site_dir: Path, output: str, glob: str | None) -> SearchIndexResult:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir),
               *_pagefind_options(output, glob)]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        return SearchIndexResult(False, f"Pagefind could not start: {exc}")
    text = (proc.stdout + proc.stderr).strip()
    _check_space(site_dir / output)
    if proc.returncode != 0 or not (site_dir / output / "pagefind.js").is_file():
        return SearchIndexResult(False, text or f"Pagefind exited with {proc.returncode}")
    for name in UNUSED_FILES:
        (site_dir / output / name).unlink(missing_ok=True)
    return SearchIndexResult(True, text)


# Less free space than this after Pagefind ran: it ran out (Pagefind 1.5.2 exits 0 all the same,
# with files cut short).
LOW_SPACE = 64 * 1024


def _check_space(folder: Path) -> None:
    """Raise ENOSPC when the disk under `folder` is (nearly) full once Pagefind has written it."""
    try:
        stats = os.statvfs(folder if folder.exists() else folder.parent)
    except (OSError, AttributeError):  # no statvfs on this system
        return
    if stats.f_bavail * stats.f_frsize < LOW_SPACE:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder))


def _canonical(bundle: Path) -> str | None:
    """canonical_bundle over one run's output; what went wrong, or None."""
    try:
        canonical_bundle(bundle)
    except (ValueError, KeyError, IndexError, TypeError, EOFError, zlib.error,
            gzip.BadGzipFile) as exc:  # a file cut short
        return f"Pagefind wrote an index that cannot be read back ({type(exc).__name__}: {exc})"
    return None


def pagefind_index(site_dir: Path, previous: Path | None = None) -> SearchIndexResult:
    """Run Pagefind over a built site; the index goes to `<site>/pagefind/` (with the parts of
    a large site in `pagefind/part-N/`, listed in `pagefind/parts.json`).

    `previous`, the site this one replaces: a part whose files are byte for byte those its
    index there was made from (`part_key`, recorded in `pagefind/parts-inputs.json`) is copied
    from it instead of being indexed again. After an edit to one country, only the parts whose
    pages changed are indexed, and the index is the same as a run over everything gives."""
    parts, pagefind = plan_parts(site_dir), _pagefind_version()
    with ThreadPoolExecutor(max_workers=worker_count(len(parts), 1)) as pool:
        keys = list(pool.map(lambda part: part_key(site_dir, part, _recipe(part, pagefind)),
                             parts))
    recorded = recorded_keys(previous)
    shutil.rmtree(site_dir / PAGEFIND_DIR, ignore_errors=True)  # no parts of an earlier run

    def index(number: int) -> SearchIndexResult:
        part = parts[number]
        if previous is not None and recorded.get(part.output) == keys[number] \
                and copy_part(previous, site_dir, part.output, number == 0,
                              {PARTS_MANIFEST, PARTS_INPUTS, QUICK_INDEX}):
            return SearchIndexResult(True, "", reused=1)
        return _run_pagefind(site_dir, part.output, part.glob)

    # The first run writes the folder the others write into; then one run per core at a time.
    results = [index(0)]
    with ThreadPoolExecutor(max_workers=worker_count(len(parts) - 1, 1)) as pool:
        results += pool.map(index, range(1, len(parts)))
    failed = next((result for result in results if not result.ok), None)
    if failed is not None:
        return failed
    # Each new part's pages numbered by URL, in processes of their own on every core (in
    # Python: threads would take turns); the copied parts were numbered when they were made.
    fresh = [site_dir / part.output for part, result in zip(parts, results) if not result.reused]
    problem = next(filter(None, map_in_workers(_canonical, fresh, 1)), None)
    if problem:
        return SearchIndexResult(False, problem)
    outputs = [result.output for result in results]
    merged = [part.output.removeprefix(PAGEFIND_DIR + "/") + "/" for part in parts[1:]]
    bundle = site_dir / PAGEFIND_DIR
    (bundle / PARTS_MANIFEST).write_text(json.dumps(merged) + "\n", encoding="utf-8")
    inputs = {part.output: key for part, key in zip(parts, keys)}
    (bundle / PARTS_INPUTS).write_text(json.dumps(inputs, indent=1, sort_keys=True) + "\n",
                                       encoding="utf-8")
    try:
        quick_index(bundle)
    except (OSError, ValueError) as exc:
        return SearchIndexResult(False, f"the quick search index: {exc}")
    return SearchIndexResult(True, "\n".join(o for o in outputs if o),
                             reused=sum(result.reused for result in results), parts=len(parts))


QUICK_INDEX = "quick.json"
# Headings down to h4 among a page's anchors (Pagefind 1.5.2 writes their keys in this order;
# tests/test_search_quick.py would see headings go missing if that changed).
_HEADING = re.compile(rb'\{"element":"(h[1-4])","id":' + STRING + rb',"text":' + STRING)


def _page_record(path: Path) -> dict:
    """A Pagefind page file's address, title, filters and headings (not its text).

    The page's text comes first in the file and is most of it: only what follows it is read
    (a key cannot occur unescaped inside a JSON string, so the last one found is the key)."""
    data = zlib.decompress(path.read_bytes(), 31)
    start = len(PAGEFIND_MAGIC)
    url = URL.match(data, start)
    tail = data.rfind(b',"word_count":')
    anchors = data.rfind(b',"anchors":[')
    if not data.startswith(PAGEFIND_MAGIC) or url is None or not 0 < tail < anchors:
        raise ValueError(f"{path}: not a Pagefind page file")
    rest = json.loads(b"{" + data[tail + 1:anchors] + b"}")
    return {"id": path.stem, "url": json_text(url.group(1)), "title": rest["meta"].get("title"),
            "filters": rest["filters"],
            "headings": [(level.decode(), json_text(anchor), json_text(text))
                         for level, anchor, text in _HEADING.findall(data, anchors)]}


_HTML_HEADING = re.compile(r'<(h[1-6])\b[^>]*?\bid="([^"]*)"[^>]*>(.*?)</\1>', re.S)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


def _typed_headings(site_dir: Path, page: dict) -> list[tuple[str, str, str]]:
    """A page's headings with their text as the page shows it. Pagefind 1.5.2 decodes a
    heading's entities twice and escapes only `<` again, so a typed '&lt;x&gt;' would read
    '&lt;x>'; where a heading holds `&`, `<` or `>`, its text is read from the page."""
    path = site_dir / page["url"].lstrip("/")
    if path.is_dir() or page["url"].endswith("/"):
        path = path / "index.html"
    try:
        source = path.read_text(encoding="utf-8")
    except OSError:
        return page["headings"]
    shown = {}
    for _, anchor, inner in _HTML_HEADING.findall(source):
        text = html.unescape(re.sub(r"<[^>]+>", "", _PERMALINK.sub("", inner)))
        shown.setdefault(html.unescape(anchor), " ".join(text.split()))
    return [(level, anchor, shown.get(anchor, text)) for level, anchor, text in page["headings"]]


def _year(page: dict) -> int:
    years = page["filters"].get("Year") or [""]
    return int(years[0]) if years[0].isdigit() else 10_000


def quick_index(bundle: Path) -> int:
    """Write `quick.json`, the search page's first tier: every indexed page's Pagefind id,
    address, title, filter values and headings (text and anchor). Headings and filter values
    repeat across pages, so each is listed once and pages refer to them by number.
    Pages without a year come first, then the newest: equal matches are shown in this order.
    Returns the file's size in bytes."""
    files = sorted(bundle.glob("**/fragment/*.pf_fragment"), key=str)
    pages = map_in_workers(_page_record, files, 1_000)  # a large site's files: on every core
    for page in pages:
        if any(set(text) & set("&<>") for _, _, text in page["headings"]):
            page["headings"] = _typed_headings(bundle.parent, page)
    pages.sort(key=lambda page: (-_year(page), page["url"]))
    seen: dict[str, int] = {}
    for page in pages:  # the same id in two parts: neither can be matched by it
        seen[page["id"]] = seen.get(page["id"], 0) + 1
    headings: dict[tuple[str, str], int] = {}
    facets: dict[tuple[str, str], int] = {}
    rows = []
    for page in pages:
        title = page["title"] or page["url"]
        rows.append([page["id"] if seen[page["id"]] == 1 else None, page["url"], title,
                     [facets.setdefault((name, value), len(facets)) for name, values in
                      sorted(page["filters"].items()) for value in values],
                     [headings.setdefault((text, anchor), len(headings))
                      for level, anchor, text in page["headings"]
                      if level != "h1" or text != title]])
    data = {"version": 1, "headings": list(headings), "facets": list(facets), "pages": rows}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    (bundle / QUICK_INDEX).write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


# The largest full-text offline index kept as it is (bytes of search_index.json).
FULL_TEXT_BUDGET = 5_000_000
# How much of a page's opening text a slimmed index keeps (titles and headings are kept whole).
OPENING_CHARS = 300


def slim_material_index(site_dir: Path, budget: int = FULL_TEXT_BUDGET) -> tuple[int, int]:
    """Over `budget`, cut Material's search index (and the offline plugin's .js copy) to titles,
    headings and each page's opening; returns the JSON's size in bytes before and after."""
    json_path = site_dir / "search" / "search_index.json"
    before = json_path.stat().st_size
    if before <= budget:
        return before, before
    index = json.loads(json_path.read_text(encoding="utf-8"))
    docs = []
    for doc in index.get("docs", []):
        page_level = "#" not in doc.get("location", "")
        text = doc.get("text", "")
        if page_level and len(text) > OPENING_CHARS:
            cut = text[:OPENING_CHARS]
            text = cut[:cut.rfind(" ")] + " …" if " " in cut else cut
        docs.append({**doc, "text": text if page_level else ""})
    index["docs"] = docs
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    json_path.write_text(text, encoding="utf-8")
    js_path = site_dir / "search" / "search_index.js"
    if js_path.exists():
        js_path.write_text(f"var __index = {text}", encoding="utf-8")
    return before, len(text.encode("utf-8"))


def offline_search(site_dir: Path) -> str | None:
    """The offline bundle's search index, cut to what loads from disk at scale; error or None."""
    try:
        slim_material_index(site_dir)
    except (OSError, ValueError) as exc:
        return f"error: could not reduce the search index: {exc}"
    return None
