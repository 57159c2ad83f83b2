"""The whole build, top to bottom: `build` shows every stage in order, as Pelican's `run` does.

    load -> check -> gate -> derive -> render -> emit    (render_docs_folder, in a child process)
    -> MkDocs -> search index -> swap in                (in a fresh folder beside the site)

Everything is read and checked before anything is written; MkDocs builds into a fresh folder
beside the site, which replaces the previous site only when every stage succeeded. The command
line (generator/cli.py) parses arguments, prints what these functions return and sets the exit
code; nothing here prints.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..diagnostics import Diagnostic
from ..model.check import check
from ..model.history import last_changed
from ..pages.render import RenderError
from ..search.pagefind import offline_search, pagefind_index
from ..workers import in_child
from . import bundle as offline
from . import incremental as inc
from .config import BaseConfig, navigation, read_base_config, write_config
from .docs import MissingVendorFiles, country_pages, render_docs, source_date_epoch, write_docs
from .emit import EmitError, EmitResult, swap_in
from .faults import machine_faults
from .lock import exclusive
from .mkdocs_run import build_summary, run_mkdocs, staging_folder
from .outputs import mark


class ContentProblems(Exception):
    """The gate stopped the build: the content has errors (or warnings, when strict)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(diagnostics)
        self.diagnostics = diagnostics


class BuildFailed(Exception):
    """A stage after the gate failed (a template, a write); the message says which."""


class MkdocsFailed(BuildFailed):
    """MkDocs or the search index failed; the message is what they said."""


@dataclass(frozen=True)
class Settings:
    """What a build reads: the content, the templates, the project's MkDocs configuration."""

    content_dir: Path
    templates: Path
    base_config: Path
    strict: bool = False
    display_root: str | None = None  # the content folder as messages name it
    display: Callable[[Path], str] = Path.as_posix  # a path as messages name it

    def config(self) -> BaseConfig:
        return read_base_config(self.base_config)


def noindex() -> bool:
    """SITE_NOINDEX=true marks a build not to be indexed (pull-request previews)."""
    return os.environ.get("SITE_NOINDEX", "").strip().lower() in ("1", "true", "yes")


@dataclass
class Rendered:
    """What a render leaves for the MkDocs build that follows it."""

    result: EmitResult
    nav: list  # the site's MkDocs navigation (config.navigation)
    epoch: int  # the content's date (docs.source_date_epoch)
    diagnostics: list[Diagnostic]  # what the check found (warnings only: the gate let it pass)


def render_docs_folder(settings: Settings, out: Path, search_page: bool = True,
                       incremental: bool = False, base: BaseConfig | None = None,
                       directory_urls: bool = True) -> Rendered:
    """Stages 1 to 6 into the docs folder `out`: load, check, gate, derive, render, emit.

    With `incremental`, an edit to one country's files renders that country only, and the
    navigation and date come from the last full render's record (generator/site/incremental.py).
    `base`: the project's configuration, when the caller has read it already;
    `directory_urls`: the website's link style (the offline bundle links files). Raises
    ContentProblems when the gate stops, BuildFailed when a later stage fails."""
    if not settings.templates.is_dir():
        raise BuildFailed(f"templates folder '{settings.templates}' not found")
    base = base or settings.config()
    site_url = base.data.get("site_url") or None
    changed = last_changed(settings.content_dir)
    key = files = None
    if incremental:
        files = (inc.content_files(settings.content_dir, inc.recorded_files(out))
                 if settings.content_dir.is_dir() else inc.Snapshot({}))
        # a commit changes the pages' "last changed" dates, not the files
        key = inc.settings_key(settings.templates, str(settings.content_dir.resolve()),
                               str(out.resolve()), site_url, search_page, directory_urls,
                               noindex(),
                               base.site_name, os.environ.get("SOURCE_DATE_EPOCH"),
                               sorted(changed.items()))
        partial = inc.render_incrementally(
            settings.content_dir, settings.display_root, out, settings.strict, key, files,
            lambda content, reports, medians: country_pages(
                content, settings.templates, changed, site_url, reports,
                out.parent / ".jinja-cache", directory_urls, medians))
        if partial is not None:
            if partial.failed:
                raise ContentProblems(partial.diagnostics)
            return Rendered(partial.result, partial.nav, partial.epoch, partial.diagnostics)
    else:
        inc.forget(out)  # this render replaces what a recorded state describes
    checked = check(settings.content_dir, settings.display_root)  # load, parse, validate
    if checked.failed(settings.strict):  # the gate
        raise ContentProblems(checked.diagnostics)
    fingerprints: dict[str, str] = {}
    try:
        # derive, render (each worker writes the pages it renders), then the other files
        site, emitted = render_docs(checked.content, settings.templates, out, changed,
                                    site_url, search_page, directory_urls)
        result = write_docs([], settings.templates, out, checked.content, site, base.site_name,
                            noindex(), fingerprints, emitted)
    except (RenderError, EmitError, MissingVendorFiles) as exc:
        raise BuildFailed(f"error: {exc}") from exc
    rendered = Rendered(result, navigation(site), source_date_epoch(checked.content),
                        checked.diagnostics)
    if incremental:
        inc.save(out, inc.record(key, files, fingerprints, checked.diagnostics,
                                 settings.display_root, inc.docs_files(out), rendered.nav,
                                 rendered.epoch, site.medians))
    return rendered


def render(settings: Settings, out: Path) -> Rendered:
    """`generator render`: stages 1 to 6 into the docs folder `out` (one country's pages after a
    small edit), one run at a time on it; the folder is marked as the generator's."""
    with machine_faults(settings.display, out), exclusive(out):
        rendered = render_docs_folder(settings, out, incremental=True)
        mark(out)
    return rendered


@dataclass
class Generated:
    """What the child process that renders hands back to the build."""

    config: Path  # the generated MkDocs configuration
    epoch: int
    files: int  # files in the docs folder
    written: int  # of those, files this render wrote
    diagnostics: list[Diagnostic]


def build(settings: Settings, work_dir: Path, site_dir: Path,
          report: Callable[[list[Diagnostic]], None] = lambda diagnostics: None) -> str:
    """The whole build, in order; returns its summary line. `report` receives the problems
    the check found (warnings) before MkDocs starts. What the previous site holds already,
    pages and search-index parts, is copied from it."""
    started = time.perf_counter()
    docs = work_dir / "docs"
    # one run at a time on this work folder (lock.py); a full disk, say, is one line (faults.py)
    with machine_faults(settings.display, work_dir) as renames, exclusive(docs):
        def generate() -> Generated:
            # load -> check -> gate -> derive -> render -> emit; after an edit to one country's
            # files, only its pages. In a child process: its memory (the whole content's records
            # and views) goes back to the system before MkDocs starts.
            base = settings.config()
            rendered = render_docs_folder(settings, docs, incremental=True, base=base)
            config = write_config(rendered.nav, base, work_dir, docs)
            mark(work_dir)
            return Generated(config, rendered.epoch, len(inc.docs_files(docs)),
                             len(rendered.result.written), rendered.diagnostics)
        generated = in_child(generate)
        report(generated.diagnostics)
        rendered_at = time.perf_counter()
        with staging_folder(site_dir) as staging:
            renames.update({staging: site_dir, staging.resolve(): site_dir, None: site_dir})
            # MkDocs, into a fresh folder; pages the previous site holds already are copied from it
            built = run_mkdocs(generated.config, staging, generated.epoch, previous=site_dir)
            if not built.ok:
                raise built.fault or MkdocsFailed(built.output)
            built_at = time.perf_counter()
            # the search index; its parts that the previous site holds already are copied from it
            searched = pagefind_index(staging, site_dir)
            if not searched.ok:
                raise MkdocsFailed(f"{built.output}\nerror: the search index (Pagefind) failed:\n"
                                   f"{searched.output}".strip())
            swap_in(staging, site_dir)  # the new site replaces the previous one
        done = time.perf_counter()
        return build_summary(settings.display(site_dir), done - started, rendered_at - started,
                             generated.written, generated.files, built_at - rendered_at,
                             built.pages, done - built_at, searched.reuse_note())


@dataclass
class Bundled:
    """The offline bundle a build wrote."""

    out: Path
    stats: offline.ZipStats


def build_bundle(settings: Settings, work_dir: Path, out: Path | None,
                 report: Callable[[list[Diagnostic]], None] = lambda diagnostics: None
                 ) -> Bundled:
    """The offline variant of `build`, in order: the same stages with the offline settings
    (no Pagefind, Material's search, links to .html files), a check that no page needs the
    network, then the zip (by default dist/<site name>-offline-<content date>.zip). The zip is
    replaced only when all of it succeeded."""
    docs = work_dir / "docs"
    base = settings.config()
    with machine_faults(settings.display, work_dir) as renames, exclusive(docs):  # as `build`
        def generate() -> Generated:
            rendered = render_docs_folder(settings, docs, search_page=False, base=base,
                                          directory_urls=False)
            try:
                offline.add_offline_files(docs)
            except MissingVendorFiles as exc:
                raise BuildFailed(f"error: {exc}") from exc
            config = write_config(rendered.nav, base, work_dir, docs,
                                  overrides=offline.offline_overrides(base.data))
            mark(work_dir)
            return Generated(config, rendered.epoch, 0, len(rendered.result.written),
                             rendered.diagnostics)
        generated = in_child(generate)  # as in `build`: its memory is freed before MkDocs
        report(generated.diagnostics)
        if out is None:
            out = Path("dist") / offline.bundle_name(base.site_name, generated.epoch)
        site_dir = work_dir / "site"
        with staging_folder(site_dir) as staging:
            renames.update({staging: site_dir, staging.resolve(): site_dir, None: site_dir})
            built = run_mkdocs(generated.config, staging, generated.epoch)  # MkDocs
            if not built.ok:
                raise built.fault or MkdocsFailed(built.output)
            problem = offline_search(staging)  # Material's search index, cut to load from disk
            if problem:
                raise MkdocsFailed(f"{built.output}\n{problem}".strip())
            swap_in(staging, site_dir)
        problems = offline.network_assets(site_dir)
        if problems:
            raise NeedsNetwork([f"{settings.display(site_dir)}/{p.format()}" for p in problems])
        renames[None] = out
        return Bundled(out, offline.write_zip(site_dir, out, generated.epoch))


class NeedsNetwork(BuildFailed):
    """Pages of the offline bundle would load files from the network (one line each)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems)
        self.problems = problems
