"""The stages chained: content folder -> diagnostics -> views -> pages -> docs folder -> site.

Everything is read and checked before anything is written; MkDocs builds into a fresh folder
beside the site, which replaces the previous site only when the build succeeded.
"""

from __future__ import annotations

import calendar
import gc
import html
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Sequence

import yaml

from .. import PROJECT
from ..model.check import check_content
from ..pages.derive import SiteView, derive_site
from ..pages.downloads import data_files
from ..diagnostics import Diagnostic, has_errors
from .emit import EmitResult, Emitted, check_paths, emit_pages, emit_text, swap_in
from .hooks.reuse import PREVIOUS_SITE_ENV, reuse_summary
from ..model.parse import Content
from ..pages.publish import FEED_PATH, atom_feed, robots_txt
from ..pages.rankings import derive_rankings
from ..pages.render import Page, page_jobs, render_jobs, render_site


def batch_gc() -> None:
    """Fewer of CPython's cyclic garbage collections, for a process that runs the stages: they
    make millions of objects that live until the end (records, positions, views), and with the
    defaults (a collection every 700 new objects, a full one every 100 of those) walking them
    took a third of the check's time: 200 x 30, check 19.0 s -> 12.5 s. Cycles are still
    collected, after 100,000 new objects instead of 700."""
    gc.set_threshold(100_000, 50, 1000)


@dataclass
class Checked:
    content: Content
    diagnostics: list[Diagnostic]

    def failed(self, strict: bool = False) -> bool:
        return has_errors(self.diagnostics, strict)


def check(content_dir: Path, display_root: str | None = None) -> Checked:
    """Load, parse and validate (on every core: generator/model/check.py); every problem in one
    list, in file order. The records come without their documents' positions."""
    return Checked(*check_content(content_dir, display_root))


def pages_for(content: Content, templates: Path, changed: dict[str, str] | None = None,
              site_url: str | None = None,
              search_page: bool = True, parallel: bool = False) -> tuple[SiteView, list[Page]]:
    """Derive the site and render its pages (with `parallel`, on every core)."""
    site = whole_site(content, changed, site_url)
    return site, render_site(site, templates, search_page, parallel=parallel)


def whole_site(content: Content, changed: dict[str, str] | None,
               site_url: str | None) -> SiteView:
    """The derived site with its rankings: what every site-wide render starts from."""
    site = derive_site(content, changed, site_url)
    site.rankings = derive_rankings(site)
    return site


def render_docs(content: Content, templates: Path, docs_dir: Path,
                changed: dict[str, str] | None = None, site_url: str | None = None,
                search_page: bool = True) -> tuple[SiteView, list[Emitted]]:
    """Derive the site and render its pages on every core; each worker writes the pages it
    renders into `docs_dir` (those that changed), so that no page's text travels back to this
    process, nor is written here one file after another. Every path is checked first."""
    site = whole_site(content, changed, site_url)
    jobs = page_jobs(site, search_page)
    check_paths(jobs)
    emitted = render_jobs(site, templates, jobs, partial(emit_text, docs_dir), parallel=True)
    return site, emitted


def country_pages(content: Content, templates: Path, changed: dict[str, str],
                  site_url: str | None, reports: set[tuple[str, int]] | None,
                  cache_dir: Path | None = None) -> list[Page]:
    """The pages of the countries in `content`, or only those of the reports named by
    (index, edition); for the incremental render (generator/site/incremental.py)."""
    site = derive_site(content, changed, site_url)
    only = None if reports is None else {
        view.path for country in site.countries for view in country.reports
        if (view.report.index, view.report.edition) in reports}
    return render_site(site, templates, countries_only=True, only=only, cache_dir=cache_dir)


def asset_files(templates: Path) -> dict[str, bytes]:
    """Files under templates/assets/ go to the docs folder as they are (CSS, scripts)."""
    root = templates / "assets"
    if not root.is_dir():
        return {}
    return {
        f"assets/{p.relative_to(root).as_posix()}": p.read_bytes()
        for p in sorted(root.rglob("*")) if p.is_file()
    }



# Front-end files shipped inside the site, from the npm packages pinned in package-lock.json:
# each is its sources joined in order (tablesort and its number sort in one file, one <script>
# a page instead of two).
VENDOR = {
    "assets/vendor/tablesort.min.js": ("node_modules/tablesort/dist/tablesort.min.js",
                                       "node_modules/tablesort/dist/sorts/tablesort.number.min.js"),
}


class MissingVendorFiles(Exception):
    """The npm packages are not installed (`npm ci`, which `make` runs)."""


def vendor_files(root: Path = PROJECT) -> dict[str, bytes]:
    missing = [src for sources in VENDOR.values() for src in sources
               if not (root / src).is_file()]
    if missing:
        raise MissingVendorFiles(
            f"{', '.join(missing)} not found: run `npm ci` in {root} (make does it)")
    return {dest: b"\n".join((root / src).read_bytes().rstrip(b"\n") for src in sources) + b"\n"
            for dest, sources in VENDOR.items()}


def write_docs(pages: list[Page], templates: Path, docs_dir: Path, content: Content,
               site: SiteView, site_name: str = "Country reports", noindex: bool = False,
               fingerprints: dict[str, str] | None = None,
               emitted: Sequence[Emitted] = ()) -> EmitResult:
    """Pages, theme assets, vendored scripts, data downloads, robots.txt and the event feed
    (`fingerprints`: see downloads.data_files); `emitted`, the pages render_docs wrote, are
    kept when the folder's stale files are removed."""
    extra = asset_files(templates)
    extra.update(vendor_files())
    extra.update(data_files(content, fingerprints))
    extra["robots.txt"] = robots_txt(site.site_url, noindex)
    extra[FEED_PATH] = atom_feed(site, site_name)
    return emit_pages(pages, docs_dir, extra, emitted=emitted)


# Pages reached from their country or rankings page rather than from the navigation: a page the
# navigation lists carries its section's whole navigation (at 200 countries, a region's countries
# and the page's table of contents again: 15 KB of a latest report's 104 KB), and listing ~30
# editions per index per country would make each page grow with the number of editions.
NOT_IN_NAV = "\n".join([
    "/countries/*/*-*.md",
    "/countries/*/tracker.md",
    "/countries/*/elections/*.md",
    "/rankings/*/*.md",
    "/search/index.md",  # reached from the header's search box
])


def _title(text: str) -> str:
    """A navigation title: Material prints nav titles as HTML, so data text is escaped."""
    return html.escape(text, quote=False)


def navigation(site: SiteView) -> list:
    """MkDocs nav: countries grouped by region, each country one link to its overview page,
    which links its reports, tracker and elections (see NOT_IN_NAV)."""
    regions = []
    for region, countries in site.regions:
        entries = [{_title(c.country.name): c.path} for c in countries]
        regions.append({_title(region): entries})
    methodology = ["methodology/index.md"] + [
        {_title(ix.name): f"methodology/{ix.id}.md"} for ix in site.indices]
    rankings = ["rankings/index.md"] + [{_title(r.index.name): r.path} for r in site.rankings]
    return [
        {"Home": "index.md"},
        {"Countries": ["countries/index.md", *regions]},
        {"Rankings": rankings},
        {"Methodology": methodology},
        {"Downloads": "downloads/index.md"},
    ]


def write_config(nav: list, base_config: Path, work_dir: Path, docs_dir: Path,
                 overrides: dict | None = None) -> Path:
    """The build's mkdocs.yml: inherits the project's config, adds docs_dir and the nav
    (`navigation(site)`, or the one an incremental render kept: generator/site/incremental.py).

    `overrides` (such as the offline bundle's settings) are written beside them; MkDocs merges
    mappings into the inherited ones key by key and replaces lists whole.
    """
    config = {
        "INHERIT": os.path.relpath(base_config.resolve(), work_dir.resolve()),
        "docs_dir": os.path.relpath(docs_dir.resolve(), work_dir.resolve()),
        **(overrides or {}),
        "nav": nav,
        "not_in_nav": NOT_IN_NAV,
    }
    # MkDocs resolves theme.custom_dir and hooks against the file that is built, not the
    # inherited one.
    custom_dir, base_hooks = _base_paths(base_config)
    if custom_dir is not None:
        theme = dict(config.get("theme") or {})
        theme["custom_dir"] = os.path.relpath(custom_dir, work_dir.resolve())
        config["theme"] = theme
    config["hooks"] = [os.path.relpath(p, work_dir.resolve())
                       for p in [HOOKS, PASSTHROUGH_HOOKS, *base_hooks]]
    text = "# Written by `python -m generator`; edit mkdocs.yml instead.\n" + yaml.safe_dump(
        config, sort_keys=False, allow_unicode=True, width=1000)
    target = work_dir / "mkdocs.yml"
    work_dir.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return target


# The build's own MkDocs hooks (parallel Markdown conversion, memory, whitespace).
HOOKS = Path(__file__).resolve().parent / "hooks" / "accelerate.py"
# The HTML blocks the templates mark, kept out of Python-Markdown.
PASSTHROUGH_HOOKS = HOOKS.with_name("passthrough.py")


def _base_paths(base_config: Path) -> tuple[Path | None, list[Path]]:
    """theme.custom_dir and the hooks of a config or of the configs it INHERITs, absolute."""
    from mkdocs.utils.yaml import get_yaml_loader

    custom_dir: Path | None = None
    hooks: list[Path] | None = None
    path = base_config.resolve()
    for _ in range(10):  # an INHERIT chain, nearest file first
        with open(path, "rb") as handle:
            data = yaml.load(handle, Loader=get_yaml_loader()) or {}
        theme = data.get("theme")
        if custom_dir is None and isinstance(theme, dict) and theme.get("custom_dir"):
            custom_dir = (path.parent / theme["custom_dir"]).resolve()
        if hooks is None and isinstance(data.get("hooks"), list):
            hooks = [(path.parent / h).resolve() for h in data["hooks"]]
        if not data.get("INHERIT"):
            break
        path = (path.parent / data["INHERIT"]).resolve()
    return custom_dir, hooks or []


def source_date_epoch(content: Content) -> int:
    """A build date from the data, so the same content gives the same bytes (sitemap dates)."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    dates: list[str] = []
    for bundle in content.countries.values():
        for report in bundle.reports:
            dates.append(f"{report.value.edition}-01-01")
        if bundle.events:
            dates += [e.month + "-01" for e in bundle.events.value.events]
        for election in bundle.elections.values():
            dates.append(election.value.date)
    latest = max(dates, default="2000-01-01")
    y, m, d = (int(x) for x in latest.split("-"))
    return calendar.timegm((y, m, d, 0, 0, 0))


@dataclass
class MkdocsResult:
    ok: bool
    output: str
    finish_s: float = 0.0  # of the time, what `finish` took (the search index)
    pages: tuple[int, int] | None = None  # (built, copied from the previous site), `reuse`


def run_mkdocs(config: Path, site_dir: Path, epoch: int,
               finish: Callable[[Path], str | None] | None = None,
               reuse: bool = False) -> MkdocsResult:
    """`mkdocs build --strict` into a fresh folder; swap it in for site_dir only on success.

    `finish` runs on the fresh folder before the swap (the search index); an error message it
    returns fails the build like an MkDocs error. With `reuse`, pages that site_dir already
    holds as this build would make them are copied from it (generator/site/hooks/reuse.py)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=str(epoch))
    env.pop(PREVIOUS_SITE_ENV, None)
    if reuse:
        env[PREVIOUS_SITE_ENV] = str(site_dir.resolve())
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
         "-f", str(config), "-d", str(staging.resolve())],
        capture_output=True, text=True, env=env, check=False,
    )
    # MkDocs logs INFO lines too; users need its warnings and errors (--quiet would hide the
    # warnings and, with them, what --strict counts).
    output = "\n".join(line for line in (proc.stdout + proc.stderr).splitlines()
                       if not line.startswith("INFO")).strip()
    finish_s = 0.0
    if proc.returncode == 0 and finish is not None:
        started = time.perf_counter()
        problem = finish(staging)
        finish_s = time.perf_counter() - started
        if problem:
            output = f"{output}\n{problem}".strip()
            proc.returncode = 1
    if proc.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        return MkdocsResult(False, output)
    swap_in(staging, site_dir)
    return MkdocsResult(True, output, finish_s, reuse_summary(config) if reuse else None)


def build_summary(site: str, total: float, render_s: float, written: int, files: int,
                  outcome: MkdocsResult, search_note: str = "") -> str:
    """The last line of `generator build`: each step's time, and what a rebuild copied."""
    built = outcome.pages
    pages = (f" ({built[0]:,} of {sum(built):,} pages built, the others unchanged)"
             if built and built[1] else "")
    return (f"Built {site} in {total:.1f} s: render {render_s:.1f} s ({written:,} of {files:,}"
            f" files written), MkDocs {total - render_s - outcome.finish_s:.1f} s{pages},"
            f" search index {outcome.finish_s:.1f} s{search_note}")
