"""Stages 4 to 6 as functions: derive the site from checked content, render its pages and write
them, with the theme's assets, the vendored scripts, the data downloads, robots.txt and the feed,
into the docs folder MkDocs builds. generator/site/build.py calls them in order.
"""

from __future__ import annotations

import calendar
import os
from functools import partial
from pathlib import Path
from typing import Sequence

from .. import PROJECT
from ..model.parse import Content
from ..pages.derive import SiteView, derive_site
from ..pages.derive_compare import Medians
from ..pages.downloads import data_files
from ..pages.publish import FEED_PATH, atom_feed, robots_txt
from ..pages.rankings import derive_rankings
from ..pages.rankings_csv import ranking_files
from ..pages.render import Page, page_jobs, render_jobs, render_site
from ..pages.treaty_coverage import treaty_coverage, treaty_files
from .emit import EmitResult, Emitted, check_paths, emit_pages, emit_text


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
    site.treaty_coverage = treaty_coverage(site)
    return site


def render_docs(content: Content, templates: Path, docs_dir: Path,
                changed: dict[str, str] | None = None, site_url: str | None = None,
                search_page: bool = True, directory_urls: bool = True
                ) -> tuple[SiteView, list[Emitted]]:
    """Derive the site and render its pages on every core; each worker writes the pages it
    renders into `docs_dir` (those that changed), so that no page's text travels back to this
    process, nor is written here one file after another. Every path is checked first.
    `directory_urls`: the build's link style (SiteView.directory_urls)."""
    site = whole_site(content, changed, site_url)
    site.directory_urls = directory_urls
    jobs = page_jobs(site, search_page)
    check_paths(jobs)
    emitted = render_jobs(site, templates, jobs, partial(emit_text, docs_dir), parallel=True)
    return site, emitted


def country_pages(content: Content, templates: Path, changed: dict[str, str],
                  site_url: str | None, reports: set[tuple[str, int]] | None,
                  cache_dir: Path | None = None, directory_urls: bool = True,
                  medians: Medians | None = None) -> list[Page]:
    """The pages of the countries in `content`, or only those of the reports named by
    (index, edition); for the incremental render (generator/site/incremental.py), with the
    whole site's `medians` that its last full render recorded."""
    site = derive_site(content, changed, site_url, medians)
    site.directory_urls = directory_urls
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
    extra.update(treaty_files(site))  # the treaties page's CSV
    extra.update(ranking_files(site))
    extra["robots.txt"] = robots_txt(site.site_url, noindex)
    extra[FEED_PATH] = atom_feed(site, site_name)
    return emit_pages(pages, docs_dir, extra, emitted=emitted)


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


