"""The offline bundle's search index cut while MkDocs collects it
(mkdocs_search_trim.OfflineSearchTrim) gives the same index as collecting every page's full text and cutting it after the build
(search.slim_material_index), whichever page the budget is reached on."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from generator.search.pagefind import FULL_TEXT_BUDGET, OPENING_CHARS, slim_material_index
from generator.site.config import HOOKS
from generator.site.hooks.search_trim import OfflineSearchTrim

CONFIG = {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stemmer"], "fields": {}}


def _pages(count: int, seed: int = 7) -> list[list[dict]]:
    """Material-like entries, page by page: the page's opening, then its sections. Openings of
    every length around the cut, with and without a space where it cuts."""
    rng = random.Random(seed)
    words = ["démocratie", "Imashev", "a", "électoral", "—", "judicial", "x" * 40, "\"q\"", "é"]
    pages = []
    for n in range(count):
        size = rng.choice([0, OPENING_CHARS - 1, OPENING_CHARS, OPENING_CHARS + 1,
                           OPENING_CHARS + 2, rng.randrange(2000)])
        text = ""
        while len(text) < size:
            text += rng.choice(words) + " "
        text = text[:size]
        if n % 5 == 0:
            text = "y" * size  # no space to cut at
        entries = [{"location": f"p{n}.html", "title": f"Page {n}", "text": text}]
        entries += [{"location": f"p{n}.html#s{k}", "title": f"Section {k}",
                     "text": " ".join(rng.choice(words) for _ in range(rng.randrange(200)))}
                    for k in range(rng.randrange(4))]
        if n % 7 == 0:
            entries[0]["tags"] = ["t"]
        pages.append(entries)
    return pages


def _write(site: Path, entries: list[dict]) -> None:
    """The search plugin's search_index.json and the offline plugin's .js copy of it."""
    text = json.dumps({"config": CONFIG, "docs": entries}, separators=(",", ":"), default=str)
    (site / "search").mkdir(parents=True)
    (site / "search" / "search_index.json").write_text(text, encoding="utf-8")
    (site / "search" / "search_index.js").write_text(f"var __index = {text}", encoding="utf-8")


def _index(site: Path) -> tuple[bytes, bytes]:
    return ((site / "search" / "search_index.json").read_bytes(),
            (site / "search" / "search_index.js").read_bytes())


@pytest.mark.parametrize("budget", [1, 3_000, 20_000, 60_000, 10**9])
def test_cutting_while_collecting_gives_the_index_cut_after_the_build(tmp_path, budget):
    pages = _pages(120)
    full = [entry for page in pages for entry in page]
    _write(tmp_path / "after", json.loads(json.dumps(full)))
    slim_material_index(tmp_path / "after", budget)

    trim = OfflineSearchTrim(budget)
    collected: list[dict] = []
    trim.follow(collected)
    for page in json.loads(json.dumps(pages)):
        collected.extend(page)
        trim.trim()
    held = sum(len(e["text"]) for e in collected)
    _write(tmp_path / "during", collected)
    trim.finish(tmp_path / "during")
    slim_material_index(tmp_path / "during")  # as the bundle command does after MkDocs

    assert _index(tmp_path / "during") == _index(tmp_path / "after")
    if budget < 20_000:  # cut from early on: far less text held than the full text
        assert held < sum(len(e["text"]) for e in full) / 3
    if budget == 10**9:  # never over budget: nothing cut
        assert collected == full


def test_a_cut_index_is_cut_again_to_the_same_bytes(tmp_path):
    _write(tmp_path, [entry for page in _pages(60, seed=3) for entry in page])
    slim_material_index(tmp_path, 1)
    once = _index(tmp_path)
    slim_material_index(tmp_path, 1)
    assert _index(tmp_path) == once


def _project(root: Path, plugins: str, pages: int, words: int) -> Path:
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    rng = random.Random(11)
    vocabulary = ["democracy", "électoral", "court", "media", "Imashev", "reform", "—", "a"]
    for n in range(pages):
        body = "\n\n".join(
            f"## Part {k}\n\n" + " ".join(rng.choice(vocabulary) for _ in range(words))
            for k in range(3))
        (docs / f"p{n:03d}.md").write_text(f"# Page {n}\n\n{' '.join(['Lead'] * (n % 90))}"
                                           f"\n\n{body}\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        "site_name: Trim\nsite_url: ''\nuse_directory_urls: false\ntheme:\n  name: material\n"
        f"  font: false\nplugins: {plugins}\nhooks:\n  - {HOOKS}\n", encoding="utf-8")
    return config


def _build(config: Path, site: Path, workers: int | None = None) -> str:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000")
    if workers:
        env["REPORTS_WORKERS"] = str(workers)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-v", "-f",
                           str(config), "-d", str(site)], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc.stderr


@pytest.mark.site
def test_an_offline_build_over_budget_writes_the_cut_index(tmp_path):
    """Over the budget, the offline build writes the index cut (the website's build, without
    the offline plugin, does not cut), the same as the full index cut after the build."""
    pages = 12
    words = FULL_TEXT_BUDGET // (pages * 3 * 7) + 1000  # about 7 bytes a word: over the budget
    _build(_project(tmp_path / "web", "[search]", pages, words), tmp_path / "web" / "site")
    _build(_project(tmp_path / "off", "[search, offline]", pages, words),
           tmp_path / "off" / "site")
    full = tmp_path / "web" / "site" / "search" / "search_index.json"
    assert full.stat().st_size > FULL_TEXT_BUDGET
    slim_material_index(full.parent.parent)
    cut = tmp_path / "off" / "site" / "search"
    assert (cut / "search_index.json").read_bytes() == full.read_bytes()
    assert (cut / "search_index.js").read_text(encoding="utf-8") == \
        "var __index = " + full.read_text(encoding="utf-8")


@pytest.mark.site
@pytest.mark.parametrize("over_budget", [True, False])
def test_theme_workers_bring_back_the_search_entries_of_an_offline_build(tmp_path, over_budget):
    """The theme stage runs in workers with the search plugin: their entries, cut or not, give
    the index (and site) MkDocs' own loop gives, over the budget and under it."""
    from generator.site.hooks.accelerate import PARALLEL_MIN_PAGES

    pages = PARALLEL_MIN_PAGES + 6
    words = FULL_TEXT_BUDGET // (pages * 3 * 7) + 500 if over_budget else 20
    config = _project(tmp_path / "p", "[search, offline]", pages, words)
    _build(config, tmp_path / "serial", workers=1)
    log = _build(config, tmp_path / "workers", workers=2)
    assert f"{pages + 1} pages rendered in 2 worker processes" in log, log[-2000:]
    for path in sorted((tmp_path / "serial").rglob("*")):
        if path.is_file():
            again = tmp_path / "workers" / path.relative_to(tmp_path / "serial")
            assert again.read_bytes() == path.read_bytes(), path
    index = json.loads((tmp_path / "workers" / "search" / "search_index.json").read_text())
    assert {f"Page {n}" for n in range(pages)} <= {doc["title"] for doc in index["docs"]}
    sections_kept = any(doc["text"] for doc in index["docs"] if "#" in doc["location"])
    assert sections_kept == (not over_budget)  # the cut keeps no section's text
