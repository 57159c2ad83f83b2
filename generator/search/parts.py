"""The website's search index in parts: which Pagefind runs index which pages, and which runs'
output can be copied from the previous site instead of being made again (generator/search/pagefind.py
runs them)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

PAGEFIND_DIR = "pagefind"

# Pagefind holds what it indexes in memory (a large site in one run would far exceed the build's
# memory target), and one index is searched by one web worker. So a site of more country pages
# than this is indexed in parts, one Pagefind run each (one per core at a time). The search page
# deals the parts to one web worker per core (at most four), which search at once: a common
# word's results come several times sooner than from one index, a country's name as soon either
# way (bench/run.py). Smaller parts were no faster to search (the time goes with the word's
# positions Pagefind returns, page by page) and took more runs. REPORTS_SEARCH_PART_PAGES sets
# another size.
PART_PAGES = 1_000
PARTS_MANIFEST = "parts.json"


@dataclass
class Part:
    """One Pagefind run: its output folder, its glob (None: the whole site) and the HTML files
    the glob matches, relative to the site's folder."""

    output: str
    glob: str | None
    files: list[str]


def plan_parts(site_dir: Path, part_pages: int | None = None) -> list[Part]:
    """The Pagefind runs: the whole site in one run, or the site-wide pages first and then the
    country folders in groups of about `part_pages` pages; each with the files it reads."""
    wanted = os.environ.get("REPORTS_SEARCH_PART_PAGES", "")
    part_pages = part_pages or (int(wanted) if wanted.isdigit() and int(wanted) > 0
                                else PART_PAGES)

    def html(folder: Path) -> list[str]:
        return sorted(p.relative_to(site_dir).as_posix() for p in folder.rglob("*.html"))

    countries = sorted(p for p in (site_dir / "countries").glob("*/") if p.is_dir())
    pages = [html(c) for c in countries]
    if sum(map(len, pages)) <= part_pages:
        return [Part(PAGEFIND_DIR, None, html(site_dir))]
    top = sorted(p for p in site_dir.iterdir() if p.is_dir()
                 and p.name not in ("countries", PAGEFIND_DIR))
    site_wide = ["*.html", "countries/*.html", *(f"{p.name}/**/*.html" for p in top)]
    shallow = [p.relative_to(site_dir).as_posix() for folder in (site_dir, site_dir / "countries")
               for p in folder.glob("*.html")]
    parts = [Part(PAGEFIND_DIR, "{" + ",".join(site_wide) + "}",
                  sorted(shallow + [f for folder in top for f in html(folder)]))]
    group: list[str] = []
    files: list[str] = []
    for country, country_pages in zip(countries, pages):
        group.append(country.name)
        files += country_pages
        if len(files) >= part_pages or country == countries[-1]:
            glob = "countries/{" + ",".join(group) + "}/**/*.html"
            parts.append(Part(f"{PAGEFIND_DIR}/part-{len(parts)}", glob, files))
            group, files = [], []
    return parts


# Raise PART_FORMAT when what is done to Pagefind's output changes (search/canonical.py,
# search.UNUSED_FILES), so that no site keeps an index made the old way.
PART_FORMAT = 2
PARTS_INPUTS = "parts-inputs.json"


def part_key(site_dir: Path, part: Part, recipe: list) -> str:
    """A hash of everything one Pagefind run's output depends on: `recipe` (JSON-ready: how the
    run is made, such as Pagefind's version and arguments), PART_FORMAT, and the path and bytes
    of every file the run reads."""
    digest = hashlib.sha256(json.dumps([PART_FORMAT, recipe]).encode("utf-8"))
    for rel in part.files:
        digest.update(rel.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256((site_dir / rel).read_bytes()).digest())
    return digest.hexdigest()


def recorded_keys(site_dir: Path | None) -> dict[str, str]:
    """The part keys a built site's index was made from; none if it has no readable record."""
    if site_dir is None:
        return {}
    try:
        data = json.loads((site_dir / PAGEFIND_DIR / PARTS_INPUTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def copy_part(previous: Path, site_dir: Path, output: str, root: bool,
              made_later: set[str]) -> bool:
    """Copy one part's index from the previous site; False if it could not be (then the part
    is indexed). The first part's folder holds the other parts and `made_later`, the files
    made from all of them, which are left out."""
    source, target = previous / output, site_dir / output

    def leave_out(folder: str, names: list[str]) -> list[str]:
        if not root or Path(folder) != source:
            return []
        return [n for n in names if n in made_later or n.startswith("part-")]
    try:
        shutil.copytree(source, target, ignore=leave_out)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True
