"""Rebuilds: pages whose HTML the previous site already holds, copied instead of built again.

`generator build` names the site a build replaces (REPORTS_PREVIOUS_SITE, set by
site/mkdocs_run.run_mkdocs). A page's HTML depends on its own Markdown and on what every page shares:
the configuration (with the navigation), the theme and its overrides, the hooks' code, the
versions of MkDocs and its Markdown extensions, the build date, the list of the site's files and
the front matter of the pages the navigation lists (their titles and metadata show on other
pages). The record a
build leaves beside its configuration (`.mkdocs-pages.json`) holds a hash of what is shared and,
for each page, its Markdown file's and its HTML file's size, modification time and inode, with
what other pages need of it (metadata, title, anchors and links, which MkDocs checks across
pages). When the shared hash is the same, a page whose Markdown file is the one recorded and
whose HTML file in the previous site is the one recorded is linked from there (a hard link: the
build writes only into its fresh folder, and the previous site is then removed), and MkDocs
neither converts nor renders it. After an edit to one country's narrative at 200 countries,
MkDocs builds the page that changed instead of every page (bench/run.py).

`generator serve` does the same for each rebuild of `mkdocs serve` (REPORTS_SERVE_REUSE): the
pages of the build before are moved beside the folder it serves, and are the previous site.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from mkdocs.utils.meta import YAML_RE

from ... import PACKAGE_DIR
from ..config import read_base_config
from ..emit import write_atomic

PREVIOUS_SITE_ENV = "REPORTS_PREVIOUS_SITE"
# Set by `generator serve`: each rebuild of `mkdocs serve` takes the pages of the one before.
SERVE_ENV = "REPORTS_SERVE_REUSE"
RECORD = ".mkdocs-pages.json"
SUMMARY = ".mkdocs-pages.last.json"  # pages built and copied by the last build
RECORD_FORMAT = 1
PACKAGE = PACKAGE_DIR  # the whole generator package, subfolders included
# Distributions whose code turns a page's Markdown into its HTML.
DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2",
                 "pygments", "markupsafe")


def record_path(config) -> Path:
    return Path(config.config_file_path).parent / RECORD


def _stat(path: str | Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _config_chain(config_file: Path) -> list[bytes]:
    """The bytes of the configuration file and of every file it inherits from."""
    return [path.read_bytes() for path in read_base_config(config_file).files]


def _tree_bytes(root: Path, pattern: str) -> list[tuple[str, bytes]]:
    return [(p.relative_to(root).as_posix(), p.read_bytes())
            for p in sorted(root.rglob(pattern)) if p.is_file()]


def shared_key(config, files, nav) -> str:
    """A hash of what every page's HTML depends on besides its own Markdown."""
    digest = hashlib.sha256()

    def add(*parts) -> None:
        for part in parts:
            data = part if isinstance(part, bytes) else json.dumps(part, default=repr).encode()
            digest.update(len(data).to_bytes(8, "big") + data)

    add(RECORD_FORMAT, sys.version, os.environ.get("SOURCE_DATE_EPOCH", ""),
        config.site_url or "", sorted(config.extra.items()) if config.extra else [])
    for name in DISTRIBUTIONS:
        try:
            add(name, version(name))
        except PackageNotFoundError:
            add(name, None)
    for data in _config_chain(Path(config.config_file_path)):
        add(data)
    custom_dir = config.theme.custom_dir
    for rel, data in _tree_bytes(PACKAGE, "*.py") + (
            _tree_bytes(Path(custom_dir), "*") if custom_dir else []):
        add(rel, data)
    add(sorted(f.src_uri for f in files))
    add([(page.file.src_uri, _nav_face(page.file.abs_src_path)) for page in nav.pages])
    return digest.hexdigest()


def _nav_face(path: str) -> str | list[int] | None:
    """What other pages show of a page the navigation lists: its front matter (title and
    metadata), as MkDocs finds it (mkdocs.utils.meta.YAML_RE); without front matter, its title
    comes from its text, and the file's size, mtime and inode stand for it."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            head = handle.read(8192)
    except (OSError, UnicodeDecodeError):
        return None
    match = YAML_RE.match(head)
    return match.group(1) if match else _stat(path)


class PageReuse:
    """One build's reuse of the previous site's pages, and the record it leaves."""

    def __init__(self) -> None:
        self.key: str | None = None
        self.reused: dict[str, dict] = {}
        self.built = 0
        self.aside: Path | None = None

    def set_aside(self, config) -> None:
        """Under `generator serve` (SERVE_ENV), before MkDocs empties the folder it serves for a
        rebuild: move the last build's pages beside it, to be this build's previous site."""
        self.aside = None
        site = Path(config.site_dir)
        if not os.environ.get(SERVE_ENV) or not site.is_dir() or not any(site.iterdir()):
            return
        aside = aside_path(config)
        shutil.rmtree(aside, ignore_errors=True)
        os.replace(site, aside)
        site.mkdir()
        self.aside = aside

    def start(self, config, files, nav, allowed: bool = True) -> dict[str, dict]:
        """Link every reusable page into the new site; returns their states by source path (in
        the form mkdocs_hooks' `_populate_page` takes a page's converted state). Not `allowed`
        (a plugin collects something from every page's events): none, and no record."""
        self.key, self.reused, self.built = None, {}, 0
        previous = os.environ.get(PREVIOUS_SITE_ENV) or self.aside
        if not allowed or not (previous or os.environ.get(SERVE_ENV)):
            return {}
        try:
            self.key = shared_key(config, files, nav)  # and a record at the end
        except OSError:
            return {}  # a file that cannot be read: this build is made whole, and not recorded
        if not previous:
            return {}
        record = _read_record(record_path(config))
        if record.get("key") != self.key:
            return {}
        pages = record.get("pages", {})
        site = Path(config.site_dir)
        for file in files.documentation_pages():
            old = Path(previous) / file.dest_uri
            state = _converted(pages.get(file.src_uri), _stat(file.abs_src_path), _stat(old))
            if state is not None and _link(old, site / file.dest_uri):
                self.reused[file.src_uri] = state
        return self.reused

    def finish(self, config, files) -> None:
        """Record the pages of the build that just ended, for the next one."""
        if self.key is None:
            return
        pages = {}
        site = Path(config.site_dir)
        for file in files.documentation_pages():
            page = file.page
            meta = dict(page.meta or {})
            links = {to.src_uri: dict(anchors)
                     for to, anchors in (page.links_to_anchors or {}).items()}
            state = {"src": _stat(file.abs_src_path), "out": _stat(site / file.dest_uri),
                     "meta": meta, "title": page._title_from_render,
                     "anchors": sorted(page.present_anchor_ids or ()), "links": links}
            try:
                if json.loads(json.dumps(meta)) != meta:
                    continue  # metadata JSON does not carry as it is: built every time
            except (TypeError, ValueError):
                continue
            pages[file.src_uri] = state
        self.built = len(files.documentation_pages()) - len(self.reused)
        target = record_path(config)
        try:
            write_atomic(target, json.dumps({"key": self.key, "pages": pages},
                                            sort_keys=True).encode("utf-8"))
            # what the build line reports, apart: the record is megabytes at thousands of pages
            write_atomic(target.with_name(SUMMARY), json.dumps(
                {"built": self.built, "reused": len(self.reused)}).encode("utf-8"))
        except OSError:  # the next build is made whole
            pass
        if self.aside is not None:
            shutil.rmtree(self.aside, ignore_errors=True)


def _converted(entry, source: list[int] | None, html: list[int] | None) -> dict | None:
    """A recorded page as the state of a converted page, if its Markdown file (`source`) and
    its HTML file in the previous site (`html`) are the ones recorded and the entry is whole."""
    if not isinstance(entry, dict) or source is None or html is None:
        return None
    if entry.get("src") != source or entry.get("out") != html:
        return None
    meta, title, anchors, links = (entry.get(k) for k in ("meta", "title", "anchors", "links"))
    if not (isinstance(meta, dict) and (title is None or isinstance(title, str))
            and isinstance(anchors, list) and all(isinstance(a, str) for a in anchors)
            and isinstance(links, dict) and all(isinstance(v, dict) for v in links.values())):
        return None
    return {"meta": meta, "content": b"", "toc": [], "_title_from_render": title,
            "present_anchor_ids": set(anchors), "links": links}


def aside_path(config) -> Path:
    """Where `set_aside` moves the pages of the last `mkdocs serve` build."""
    site = Path(config.site_dir)
    return site.with_name(site.name + ".previous")


def _read_record(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("pages"), dict) else {}


def _link(source: Path, target: Path) -> bool:
    """Put the previous site's file in the new site: a hard link, else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        try:
            shutil.copy2(source, target)
        except OSError:
            return False
    return True


def reuse_summary(config_file: Path) -> tuple[int, int] | None:
    """(pages built, pages reused) of the last build that kept a record beside `config_file`."""
    try:
        counts = json.loads((config_file.parent / SUMMARY).read_text(encoding="utf-8"))
        return int(counts["built"]), int(counts["reused"])
    except (OSError, ValueError, TypeError, KeyError):
        return None
