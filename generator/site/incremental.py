"""Render after a small edit: only the pages of the one country whose files changed.

A full render leaves a record beside the docs folder (`.<docs>.render-state`): a hash of the
bytes of every content file (`Snapshot`), the diagnostics of
each country's files, the files each country wrote, and per country a fingerprint of its data
without narratives, which is all that other countries' pages and the site-wide pages (home,
rankings, downloads, feed) show of it.

The next render compares the content folder with that record. When nothing changed, it reports
the recorded problems and writes nothing. When only files of one country changed (none added or
removed), it parses and validates that country's files with the index and treaty definitions,
and if the country's fingerprint is unchanged (a narrative was edited, not a score, name, event
or election), renders that country's pages and downloads only. Anything else, or any doubt (a
changed template, generator, setting or record), makes a full render.

The record also keeps the site's MkDocs navigation and content date, which such an edit leaves
as they were, so that `generator build` can write its MkDocs configuration after rendering one
country without reading the others; and the site's medians of each index's score by region and
edition (generator/pages/derive_compare.py), which the country's charts draw: computed from
every country, they cannot be computed again from the one country read.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import PACKAGE_DIR
from ..diagnostics import Diagnostic, has_errors
from ..model.load import stat_key
from ..model.parse import parse_content
from ..model.validate import validate_content
from ..pages.derive_compare import Medians
from ..pages.downloads import DATASET_CSV, DATASET_JSON, country_downloads, country_paths
from .emit import EmitResult, emit_pages

FORMAT = 5
GENERATOR = PACKAGE_DIR  # the whole generator package, subfolders included
SITE_WIDE = ""  # the group of files and outputs that belong to no country


@dataclass
class RenderState:
    key: str
    files: Snapshot
    fingerprints: dict[str, str]
    diagnostics: dict[str, list[Diagnostic]] = field(default_factory=dict)
    outputs: dict[str, list[str]] = field(default_factory=dict)
    nav: list = field(default_factory=list)  # config.navigation of the site
    epoch: int = 0  # docs.source_date_epoch of the content
    medians: Medians | None = None  # the site's (SiteView.medians); None: render it all

    def all_diagnostics(self) -> list[Diagnostic]:
        out = [d for group in self.diagnostics.values() for d in group]
        out.sort(key=lambda d: (d.path, d.line, d.col, d.message))
        return out


def state_path(out: Path) -> Path:
    return out.parent / f".{out.name}.render-state"


def _walk(root: Path):
    """(posix path relative to root, os.DirEntry) of every file under root but hidden ones
    (os.scandir: much faster than Path.rglob over a large site's files)."""
    stack = [("", str(root))]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append((prefix + entry.name + "/", entry.path))
            elif entry.is_file():
                yield prefix + entry.name, entry


def _stat_tree(root: Path) -> dict[str, tuple[int, ...]]:
    """`stat_key` (size, modification and change time, inode) of every file under root but
    hidden ones, by relative posix path."""
    files = {}
    for rel, entry in _walk(root):
        files[rel] = stat_key(entry.stat())
    return files


def _names_in_tree(root: Path) -> set[str]:
    """The files under root but hidden ones (names only: no stat call per file)."""
    return {rel for rel, _ in _walk(root)}


def docs_files(out: Path) -> list[str]:
    """The files of the docs folder, as the state records them."""
    return sorted(_names_in_tree(out))


# A file's stat_key is trusted to stand for its bytes only when both its times lie this far
# before the snapshot that recorded them: on a file system with coarse times, a second write in
# the same tick as the recording keeps them (git's "racily clean" files).
RACY_NS = 3_000_000_000


@dataclass(frozen=True)
class Snapshot:
    """Every content file's digest (a hash of its bytes: what a change is), with the stat_key
    it had and when the snapshot began, so that the next one hashes only files that changed."""

    digests: dict[str, str]
    stats: dict[str, tuple[int, ...]] = field(default_factory=dict)
    taken: int = 0  # time.time_ns() as the snapshot began

    def changed(self, other: Snapshot) -> set[str]:
        """The files added, removed or edited from one snapshot to the other."""
        return {rel for rel in self.digests.keys() | other.digests.keys()
                if self.digests.get(rel) != other.digests.get(rel)}


def content_files(content_dir: Path, before: Snapshot | None = None) -> Snapshot:
    """A snapshot of the content folder. A file is hashed unless `before` recorded the same
    stat_key for it, taken long after its last write (RACY_NS)."""
    taken = time.time_ns()
    digests, stats = {}, {}
    for rel, entry in _walk(content_dir):
        try:
            st = entry.stat()
            key = stat_key(st)
            if before is not None and before.stats.get(rel) == key and \
                    max(st.st_mtime_ns, st.st_ctime_ns) < before.taken - RACY_NS:
                digests[rel] = before.digests[rel]
            else:
                with open(entry.path, "rb") as handle:
                    digests[rel] = hashlib.file_digest(handle, "blake2b").hexdigest()
            stats[rel] = key
        except OSError:  # unreadable: the check names it; a change all the same
            digests[rel] = "unreadable"
    return Snapshot(digests, stats, taken)


def stamp(folder: Path) -> dict[str, tuple[int, ...]]:
    """`stat_key` of every file under the folder: what `serve` watches for a change (a render
    follows, which compares the files' digests)."""
    return _stat_tree(folder)


def stamp_file(path: Path) -> tuple[int, ...] | None:
    """`stat_key` of one file, None when it is missing or cannot be read."""
    try:
        return stat_key(path.stat())
    except OSError:
        return None


def settings_key(templates: Path, *settings: object) -> str:
    """What a render depends on besides the content: templates, generator code, settings."""
    h = hashlib.sha256(repr((FORMAT, settings)).encode())
    for root in (templates, GENERATOR):
        for rel, entry in sorted(_walk(root)):
            if "__pycache__/" not in rel:  # bytecode Python writes is not a change of code
                with open(entry.path, "rb") as handle:
                    h.update(f"{root.name}/{rel}:".encode() + hashlib.file_digest(
                        handle, "blake2b").digest() + b"\n")
    return h.hexdigest()


def group_of(rel: str) -> str:
    """The country a content file or docs file belongs to, or SITE_WIDE."""
    parts = rel.split("/")
    if parts[0] == "countries" and len(parts) >= 3:
        return parts[1]
    if parts[0] == "downloads" and len(parts) == 2 and rel not in (DATASET_JSON, DATASET_CSV):
        slug = parts[1].partition(".")[0]
        if rel in country_paths(slug):
            return slug
    return SITE_WIDE


def recorded_files(out: Path) -> Snapshot | None:
    """The snapshot of the content the last render of `out` recorded, if any."""
    state = load(out)
    return state.files if state is not None and isinstance(state.files, Snapshot) else None


def load(out: Path) -> RenderState | None:
    state = _read_pickle(state_path(out))
    return state if isinstance(state, RenderState) else None


def save(out: Path, state: RenderState) -> None:
    _write_pickle(state_path(out), state)


def _read_pickle(path: Path) -> object | None:
    """What a file this module wrote holds; None if it is missing or unreadable (a full render
    follows, which writes it again)."""
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
            IndexError, TypeError, ValueError):
        return None


def _write_pickle(path: Path, value: object) -> None:
    """Write beside the target, then rename: a render stopped half-way leaves the old file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)


def forget(out: Path) -> None:
    state_path(out).unlink(missing_ok=True)
    shutil.rmtree(parsed_path(out), ignore_errors=True)


# The files of a country an incremental render read, kept for the next one (editors edit the
# same country again and again): reading a country's files again takes a good part of the
# one-second target, loading them back a small fraction of it. Only files whose bytes are
# unchanged are taken from it (generator/model/parse.py).
def parsed_path(out: Path) -> Path:
    return out.parent / f".{out.name}.parsed"


def _load_parsed(out: Path, key: str, slug: str) -> dict:
    saved = _read_pickle(parsed_path(out) / f"{slug}.pickle")
    if isinstance(saved, tuple) and len(saved) == 2 and saved[0] == key \
            and isinstance(saved[1], dict):
        return saved[1]
    return {}


def _save_parsed(out: Path, key: str, slug: str, files: dict) -> None:
    _write_pickle(parsed_path(out) / f"{slug}.pickle", (key, files))


def record(key: str, files: Snapshot, fingerprints: dict[str, str],
           diagnostics: list[Diagnostic], display_root: str, outputs: list[str],
           nav: list, epoch: int, medians: Medians | None = None) -> RenderState:
    """The state after a full render; `medians`, the site's, as it derived them."""
    state = RenderState(key, files, fingerprints, nav=nav, epoch=epoch, medians=medians)
    for d in diagnostics:
        state.diagnostics.setdefault(group_of(_relative(d.path, display_root)), []).append(d)
    for rel in outputs:
        state.outputs.setdefault(group_of(rel), []).append(rel)
    return state


def _relative(path: str, display_root: str) -> str:
    prefix = display_root.rstrip("/") + "/" if display_root else ""
    return path[len(prefix):] if prefix and path.startswith(prefix) else path


def changed_country(state: RenderState, files: Snapshot) -> str | None:
    """The one country whose files (only) were edited; "" when nothing changed; else None."""
    changed = files.changed(state.files)
    if not changed:
        return SITE_WIDE
    if changed - (files.digests.keys() & state.files.digests.keys()):
        return None  # a file added or removed
    groups = {group_of(rel) for rel in changed}
    if len(groups) != 1 or SITE_WIDE in groups:
        return None
    return groups.pop()


@dataclass
class Partial:
    diagnostics: list[Diagnostic]  # of the whole content: the country's new, the rest recorded
    failed: bool
    result: EmitResult | None = None  # None when the diagnostics stopped the render
    nav: list = field(default_factory=list)  # as recorded: the edit did not change them
    epoch: int = 0


def outputs_intact(state: RenderState, out: Path) -> bool:
    """The docs folder holds exactly the files the recorded renders wrote (none removed, none
    added by hand: a full render would delete those)."""
    recorded = {rel for group in state.outputs.values() for rel in group}
    return _names_in_tree(out) == recorded


def render_country(state: RenderState, slug: str, files: Snapshot,
                   content_dir: Path, display_root: str, out: Path, strict: bool,
                   render_pages) -> Partial | None:
    """Parse, validate and render one country against the recorded state; None when the edit
    may reach beyond the country's own pages. `render_pages(content, reports, medians)`
    derives and renders the pages of the countries in `content`, or only those of the reports
    named by (index, edition) when `reports` is not None, with the site's recorded medians."""
    if state.medians is None:
        return None
    tops = sorted(p.name for p in content_dir.iterdir() if p.name != "countries")
    cache = _load_parsed(out, state.key, slug)
    content, diagnostics = parse_content(content_dir, display_root,
                                         within=[*tops, f"countries/{slug}"], cache=cache)
    _save_parsed(out, state.key, slug, cache)
    diagnostics += validate_content(content)
    bundle = content.countries.get(slug)
    if bundle is None or bundle.country is None:
        return None
    downloads, fingerprint = country_downloads(slug, bundle)
    if fingerprint != state.fingerprints.get(slug):
        return None
    own = [d for d in diagnostics if group_of(_relative(d.path, display_root)) == slug]
    others = sorted(d.format() for d in diagnostics if d not in own)
    if others != sorted(d.format() for d in state.diagnostics.get(SITE_WIDE, [])):
        return None  # the definitions read differently with this country alone: check it all
    before = state.diagnostics.get(slug, [])
    state.diagnostics[slug] = own
    everything = state.all_diagnostics()
    if has_errors(everything, strict):
        state.diagnostics[slug] = before
        return Partial(everything, True)
    # Edited reports only: their own pages are all that show their narratives.
    changed = files.changed(state.files)
    reports = None
    if all(rel.startswith(f"countries/{slug}/reports/") for rel in changed):
        reports = {(r.value.index, r.value.edition) for r in bundle.reports if r.rel in changed}
    pages = render_pages(content, reports, state.medians)
    result = emit_pages(pages, out, downloads, prune=False)
    removed = []
    if reports is None:  # the country's pages all rendered: drop those it no longer has
        written = {p.path for p in pages} | set(downloads)
        for rel in sorted(set(state.outputs.get(slug, [])) - written):
            (out / rel).unlink(missing_ok=True)
            removed.append(rel)
        state.outputs[slug] = sorted(written)
    return Partial(everything, False, EmitResult(result.written, result.unchanged, removed))


def render_incrementally(content_dir: Path, display_root: str, out: Path, strict: bool,
                         key: str, files: Snapshot, render_pages) -> Partial | None:
    """The render after an edit, from the recorded state; None when a full render is needed
    (the recorded state is then dropped: the full render records a new one)."""
    state = load(out)
    slug = None
    if state is not None and state.key == key and outputs_intact(state, out):
        slug = changed_country(state, files)
    if state is None or slug is None:
        forget(out)
        return None
    if slug == SITE_WIDE:  # nothing changed since the last render
        diagnostics = state.all_diagnostics()
        failed = has_errors(diagnostics, strict)
        unchanged = sum(len(group) for group in state.outputs.values())
        return Partial(diagnostics, failed, None if failed else EmitResult([], unchanged, []),
                       state.nav, state.epoch)
    partial = render_country(state, slug, files, content_dir, display_root, out, strict,
                             render_pages)
    if partial is None:
        forget(out)
        return None
    if not partial.failed:
        state.files = files
        save(out, state)
    partial.nav, partial.epoch = state.nav, state.epoch
    return partial
