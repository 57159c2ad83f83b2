"""MkDocs hooks of every build (site/config.py's write_config lists this file under `hooks:`).

MkDocs 1.6 converts every page's Markdown before it writes any page, holding all of them in
memory, one page at a time on one core. At thousands of pages these hooks:

- convert the pages in worker processes, one per core (`on_nav`; forked, so they share the loaded
  configuration), and hand MkDocs the results instead of converting again. Warnings the workers
  log are logged again here, so `--strict` counts them. Only with the plugins known not to keep
  state from page events (`PARALLEL_SAFE_PLUGINS`); otherwise pages are converted as usual.
- keep each page's HTML zlib-compressed, and drop its Markdown source, from conversion until its
  page is written (`on_page_content`, `on_page_context`), a fraction of the memory otherwise held;
- collapse the whitespace the theme's templates indent with (`on_post_page`), outside <pre>,
  <textarea> and <script>: a noticeable part of a report page's bytes;
- render the primary navigation once for all the pages of a folder that the navigation does not
  list (generator/site/hooks/nav.py, called by overrides/main.html);
- render the theme's template around every page, and write it, in worker processes too (when
  MkDocs reaches its first page), unless a plugin collects something from page events
  (`THEME_SAFE_PLUGINS`); Material's search plugin does, and its entries are sent back;
- in the offline bundle, cut Material's search index as pages are indexed once it is sure to
  exceed the budget the bundle cuts it to anyway (`OfflineSearchTrim`), instead of holding every
  page's full text until the end of the build;
- in a rebuild (`generator build`), link from the previous site the pages it holds as this
  build would make them, and neither convert nor render those (generator/site/hooks/reuse.py).

Set REPORTS_WORKERS=1 to convert and render in MkDocs' own loops.

The workers, the theme stage and the page reuse go through MkDocs' private `_populate_page` and
`_build_page`, which this module replaces: the replacements are installed only under the
releases they were written for (`WRITTEN_FOR`; generator/site/hooks/versions.py). Under another release MkDocs' own functions run, after one
warning, and the pages are converted and rendered on one core, each built anew; the events above
that need no private code (compression, whitespace, navigation cache, offline search) still run.
"""

from __future__ import annotations

import logging
import re
import shutil
import sys
import zlib
from pathlib import Path

import mkdocs.commands.build as mkdocs_build
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# MkDocs loads this file by its path: make the generator package importable from here.
_PROJECT = str(Path(__file__).resolve().parents[3])
if _PROJECT not in sys.path:
    sys.path.insert(0, _PROJECT)
from generator.site.hooks import nav as mkdocs_nav  # noqa: E402
from generator.site.hooks.reuse import PageReuse, aside_path  # noqa: E402
from generator.site.hooks.search_trim import OfflineSearchTrim, search_entries  # noqa: E402
from generator.site.hooks.versions import mismatch  # noqa: E402
from generator.workers import fork_map, worker_count  # noqa: E402

log = logging.getLogger("mkdocs.hooks.reports")

# The releases whose `_populate_page` and `_build_page` (mkdocs.commands.build) this module's
# replacements were written for; ProperDocs runs them under the name mkdocs (versions.py).
WRITTEN_FOR = {"mkdocs": "1.6.1", "properdocs": "1.6.7"}
_UNKNOWN: dict[str, list[str]] = {}  # what differs -> the replacements it leaves out
_problem = mismatch(mkdocs_build, WRITTEN_FOR)
if _problem:
    _UNKNOWN.setdefault(_problem, []).append("_populate_page and _build_page")
# Whether MkDocs' functions are replaced: the workers and the page reuse go through them.
_REPLACED = mismatch(mkdocs_build, WRITTEN_FOR) is None
if _UNKNOWN:  # logged while MkDocs loads its configuration, so --strict does not count it
    log.warning("The build's hooks replace private MkDocs code (%s): not installed, MkDocs' own"
                " code runs (slower, the same site). Re-check generator/site/hooks/ against"
                " this release and update WRITTEN_FOR.",
                "; ".join(f"{', '.join(names)}: {problem}" for problem, names in _UNKNOWN.items()))

# Plugins whose Markdown-stage page events keep no state that a worker process would lose.
PARALLEL_SAFE_PLUGINS = {"search", "material/search", "offline", "material/offline"}
# The same for the theme stage, where the search plugin collects each page's text from its
# context: its entries are sent back from the workers (`_render`).
THEME_SAFE_PLUGINS = {"offline", "material/offline"}
SEARCH_PLUGINS = {"search", "material/search"}
# Below this many pages, starting workers costs more than it saves.
PARALLEL_MIN_PAGES = 64


class _Compressed(str):
    """Page HTML held compressed: a placeholder string that carries the bytes."""

    data: bytes

    def __new__(cls, html: str) -> "_Compressed":
        self = super().__new__(cls, "")
        self.data = zlib.compress(html.encode("utf-8"), 1)
        return self

    def __reduce__(self):
        return (_from_bytes, (self.data,))

    def expand(self) -> str:
        return zlib.decompress(self.data).decode("utf-8")


def _from_bytes(data: bytes) -> _Compressed:
    self = str.__new__(_Compressed, "")
    self.data = data
    return self


@event_priority(-100)  # after every other plugin has seen the HTML
def on_page_content(html, page, config, files):
    page.markdown = ""
    return _Compressed(html)


@event_priority(100)  # before any plugin (the search index) reads page.content
def on_page_context(context, page, config, nav):
    if isinstance(page.content, _Compressed):
        page.content = page.content.expand()
    return context


_AFTER_BREAK = re.compile(r"\n\s*")
_KEEP = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)


def _collapse(text: str) -> str:
    r"""Every whitespace run holding a line break -> one line break. In two passes, each much
    faster than the one regular expression `[ \t]*\n\s*` (which the re module tries at every
    space of the text): what follows each break, then the spaces and tabs before it."""
    text = _AFTER_BREAK.sub("\n", text)
    if " \n" not in text and "\t\n" not in text:
        return text
    lines = text.split("\n")
    return "\n".join([line.rstrip(" \t") for line in lines[:-1]] + lines[-1:])


def collapse_whitespace(html: str) -> str:
    """Every run of whitespace that holds a line break becomes one line break, except inside
    <pre>, <textarea> and <script>, where whitespace is content."""
    parts = _KEEP.split(html)
    out = []
    # split() with two groups yields: text, whole kept element, its tag name, text, ...
    for i in range(0, len(parts), 3):
        out.append(_collapse(parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)


@event_priority(-100)
def on_post_page(output, page, config):
    page.content = None  # written: the page's HTML is not needed again
    _OFFLINE_SEARCH.trim()
    return collapse_whitespace(output)


# --- Markdown conversion in worker processes ---------------------------------------------------

_JOB: dict = {}
_PRERENDERED: dict[str, dict] = {}
# MkDocs' own function, kept on its module so that a second import of this file (`mkdocs serve`
# reloads hooks on every rebuild) does not wrap the wrapper.
if not hasattr(mkdocs_build, "_reports_serial_populate"):
    mkdocs_build._reports_serial_populate = mkdocs_build._populate_page
_serial_populate = mkdocs_build._reports_serial_populate


def _worker_count(config, pages: int, safe: set[str] = PARALLEL_SAFE_PLUGINS) -> int:
    names = {name for name in config.plugins if not name.endswith(".py")}  # hooks: by path
    if names - safe or pages < PARALLEL_MIN_PAGES:
        return 1
    return worker_count(pages, minimum_per_worker=PARALLEL_MIN_PAGES // 2)


class _Capture(logging.Handler):
    """Keeps the warnings and errors a worker logs, to log them again in the main process."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record):
        self.records.append((record.name, record.levelno, record.getMessage()))


def _capture_logs() -> _Capture:
    """In a worker: keep MkDocs' warnings instead of printing them (the main process does)."""
    capture = _Capture()
    mkdocs_logger = logging.getLogger("mkdocs")
    for handler in list(mkdocs_logger.handlers):
        mkdocs_logger.removeHandler(handler)
    mkdocs_logger.addHandler(capture)
    mkdocs_logger.propagate = False
    return capture


def _log_again(records: list[tuple[str, int, str]]) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, message)


def _convert(share: int) -> tuple[list[tuple[str, dict]], list[tuple[str, int, str]]]:
    """In a worker: convert every n-th page as MkDocs would, and return what it set on them
    (as plain data: this module is loaded from a path, so its classes do not unpickle)."""
    config, files, uris, workers = _JOB["config"], _JOB["files"], _JOB["uris"], _JOB["workers"]
    capture = _capture_logs()
    done = []
    for uri in uris[share::workers]:
        page = files.get_file_from_path(uri).page
        _serial_populate(page, config, files)
        links = {to.src_uri: anchors for to, anchors in (page.links_to_anchors or {}).items()}
        done.append((uri, {"meta": page.meta, "content": page.content.data, "toc": page.toc,
                           "_title_from_render": page._title_from_render,
                           "present_anchor_ids": page.present_anchor_ids, "links": links}))
    return done, capture.records


@event_priority(-100)
def on_nav(nav, config, files):
    _OFFLINE_SEARCH.start(config)
    _PRERENDERED.clear()
    _THEMED.clear()
    _THEME_PENDING[:] = [True]
    mkdocs_nav.start(nav)
    _FILES[0] = files
    # pages the previous site holds, unless a plugin would miss their page events
    plugins = {name for name in config.plugins if not name.endswith(".py")}
    _PRERENDERED.update(_REUSE.start(config, files, nav,
                                     _REPLACED and plugins <= THEME_SAFE_PLUGINS))
    uris = [f.src_uri for f in files.documentation_pages()
            if f.page is not None and f.src_uri not in _REUSE.reused]
    workers = _worker_count(config, len(uris))
    if workers < 2 or not _REPLACED:
        return nav
    _JOB.update(config=config, files=files, uris=uris, workers=workers)
    try:
        shares = fork_map(_convert, workers)
    except Exception as exc:  # noqa: BLE001 - MkDocs reports a PluginError as a build error
        raise PluginError(f"Markdown conversion failed in a worker process: {exc}") from exc
    finally:
        _JOB.clear()
    for done, records in shares:
        _log_again(records)
        for uri, state in done:
            _PRERENDERED[uri] = state
    return nav


def _populate_page(page, config, files, dirty=False):
    """MkDocs' page conversion, or the result a worker already produced for the page."""
    state = _PRERENDERED.pop(page.file.src_uri, None)
    if state is None:
        return _serial_populate(page, config, files, dirty)
    page.markdown = ""
    page.meta = state["meta"]
    page.content = _from_bytes(state["content"])
    page.toc = state["toc"]
    page._title_from_render = state["_title_from_render"]
    page.present_anchor_ids = state["present_anchor_ids"]
    if state["links"]:
        page.links_to_anchors = {files.get_file_from_path(uri): anchors
                                 for uri, anchors in state["links"].items()}
    return None


if _REPLACED:
    mkdocs_build._populate_page = _populate_page


def on_env(env, config, files):
    env.globals["primary_nav"] = mkdocs_nav.primary_nav
    return env


# --- Theme rendering in worker processes -------------------------------------------------------

_THEMED: set[str] = set()  # pages a worker has written in this build
_THEME_PENDING: list[bool] = [False]  # set by on_nav: the first page of a build starts the workers
if not hasattr(mkdocs_build, "_reports_serial_build_page"):
    mkdocs_build._reports_serial_build_page = mkdocs_build._build_page
_serial_build_page = mkdocs_build._reports_serial_build_page


def _render(share: int) -> tuple[list[tuple[str, int, str]], list[tuple[int, list]], int, bool]:
    """In a worker: render and write every n-th page as MkDocs would. Returns its warnings, the
    search entries of each page it rendered (by the page's position), and how much of the
    offline index it counted and whether it cut it (`OfflineSearchTrim.absorb`)."""
    config, doc_files, nav, env, workers = (_JOB[k] for k in ("config", "doc_files", "nav",
                                                              "env", "workers"))
    capture = _capture_logs()
    entries = search_entries(config)
    collected = []
    for position in range(share, len(doc_files), workers):
        file = doc_files[position]
        if file.src_uri in _REUSE.reused:
            continue
        start = len(entries) if entries is not None else 0
        try:
            _serial_build_page(file.page, config, doc_files, nav, env,
                               excluded=file.inclusion.is_excluded())
        except Exception as exc:  # noqa: BLE001 - named, then raised in the main process
            raise RuntimeError(f"error building page '{file.src_uri}': {exc}") from None
        if entries is not None and len(entries) > start:
            collected.append((position, entries[start:]))  # the same dicts: cut later too
    return capture.records, collected, _OFFLINE_SEARCH.size, _OFFLINE_SEARCH.cutting


def _theme_safe(config) -> set[str]:
    """The plugins the theme stage may run in workers with: the search plugin's too when its
    entries can be brought back (Material's)."""
    return THEME_SAFE_PLUGINS | (SEARCH_PLUGINS if search_entries(config) is not None else set())


def _build_page(page, config, doc_files, nav, env, dirty=False, excluded=False):
    """MkDocs' page rendering; on a build's first page, every page is rendered by the workers,
    and the main loop then passes over the pages they wrote."""
    if _THEME_PENDING[0]:
        _THEME_PENDING[0] = False
        workers = 1 if dirty else _worker_count(config, len(doc_files) - len(_REUSE.reused),
                                                _theme_safe(config))
        if workers > 1:
            _JOB.update(config=config, doc_files=list(doc_files), nav=nav, env=env,
                        workers=workers)
            try:
                shares = fork_map(_render, workers)
            except Exception as exc:  # noqa: BLE001 - reported as a build error
                raise PluginError(f"Rendering pages failed in a worker process: {exc}") from exc
            finally:
                _JOB.clear()
            log.debug("Theme stage: %d pages rendered in %d worker processes", len(doc_files),
                      workers)
            for records, _, _, _ in shares:
                _log_again(records)
            _add_search_entries(config, shares)
            _THEMED.update(file.src_uri for file in doc_files)
    if page.file.src_uri in _THEMED or page.file.src_uri in _REUSE.reused:
        _THEMED.discard(page.file.src_uri)
        page.content = None
        return None
    return _serial_build_page(page, config, doc_files, nav, env, dirty, excluded)


def _add_search_entries(config, shares) -> None:
    """The workers' search entries, added in page order, as MkDocs' own loop adds them."""
    entries = search_entries(config)
    if entries is None:
        return
    for _, page_entries in sorted((item for _, collected, _, _ in shares for item in collected),
                                  key=lambda item: item[0]):
        entries.extend(page_entries)
    _OFFLINE_SEARCH.absorb(sum(share[2] for share in shares), any(share[3] for share in shares))


if _REPLACED:
    mkdocs_build._build_page = _build_page


# --- The offline bundle's search index, cut while it is collected (mkdocs_search_trim.py) -----

_OFFLINE_SEARCH = OfflineSearchTrim()


@event_priority(-50)  # after the search plugin has written its index, before the offline plugin
def on_post_build(config):
    _OFFLINE_SEARCH.finish(Path(config.site_dir))
    _REUSE.finish(config, _FILES[0])


# Rebuilds: pages copied from the previous site (generator/site/hooks/reuse.py)
_REUSE = PageReuse()
_FILES: list = [None]  # the build's files (on_nav keeps them), which on_post_build is not given


def on_pre_build(config):
    _REUSE.set_aside(config)


def on_shutdown():
    """`mkdocs serve` ends: it removes the folder it served, and this the last pages set aside."""
    if _SERVED:
        shutil.rmtree(aside_path(_SERVED[0]), ignore_errors=True)


_SERVED: list = []


def on_serve(server, config, builder):
    _SERVED[:] = [config]
    return server
