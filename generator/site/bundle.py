"""The offline bundle: the site built to be opened from disk (`file://`) with no network, zipped.

`python -m generator bundle` renders the pages like `build`, then runs MkDocs with a few settings
over the project's mkdocs.yml (see `offline_overrides`):

- Material's `offline` plugin: pages link to `….html` files instead of folders
  (`use_directory_urls: false`), and the search index is also written as `search/search_index.js`,
  which a page can load with a `<script>` tag where `fetch()` of a `file://` URL is refused.
- Material's search runs in a Web Worker, which browsers refuse to start from `file://`. The
  `iframe-worker` shim (npm package pinned in package-lock.json) replaces `window.Worker` with a
  hidden iframe there. The offline plugin would load it from `https://unpkg.com/iframe-worker/shim`;
  it adds that URL only when no entry of `extra.polyfills` contains "iframe-worker", so listing our
  copy (`assets/vendor/iframe-worker/shim.js`, copied from node_modules into the docs folder) keeps
  it off the network.
- No web fonts (`theme.font: false`), no instant navigation (it fetches pages with XHR, which
  `file://` refuses), no `site_url` (canonical links and the 404 page would point at a server), and
  none of the plugins that fetch at build time (`privacy`, `social`).

Then every HTML, CSS and JavaScript file of the built site is checked for anything a browser would
fetch from the network (`network_assets`), and the site is zipped deterministically: sorted
entries, timestamps from the content's date, fixed permissions, so the same content gives the same
bytes. The zip replaces the previous one only when everything succeeded.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import posixpath
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .. import PROJECT
from .docs import MissingVendorFiles
from .emit import write_atomic

SHIM = "assets/vendor/iframe-worker/shim.js"

# Offline-only front-end files, from the npm packages pinned in package-lock.json.
OFFLINE_VENDOR = {
    SHIM: "node_modules/iframe-worker/shim/index.js",
}

# Written by MkDocs but useless, or wrong, from disk: the 404 page links assets from the server
# root, and the sitemap lists URLs of a server.
LEFT_OUT = {"404.html", "sitemap.xml", "sitemap.xml.gz"}

# Page text for the search, not code: not scanned.
SEARCH_INDEX = {"search/search_index.json", "search/search_index.js"}

# Plugins that fetch from the network at build time, or that the offline build sets itself.
DROPPED_PLUGINS = {"privacy", "social", "offline", "material/privacy", "material/social",
                   "material/offline"}


SEARCH_PLUGINS = {"search", "material/search"}


def offline_files(root: Path = PROJECT) -> dict[str, bytes]:
    missing = [src for src in OFFLINE_VENDOR.values() if not (root / src).is_file()]
    if missing:
        raise MissingVendorFiles(
            f"{', '.join(missing)} not found: run `npm ci` in {root} (make does it)")
    return {dest: (root / src).read_bytes() for dest, src in OFFLINE_VENDOR.items()}


def add_offline_files(docs_dir: Path, root: Path = PROJECT) -> None:
    """Put the shim into the docs folder (after the render, which prunes unknown files)."""
    for rel, data in offline_files(root).items():
        target = docs_dir / rel
        try:
            if target.read_bytes() == data:
                continue
        except OSError:
            pass
        write_atomic(target, data)


def _plugin_name(entry) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def offline_overrides(base: dict) -> dict:
    """Settings over the project's config for the offline build (mappings merge, lists replace)."""
    theme = base.get("theme") or {}
    features = [f for f in (theme.get("features") or []) if not f.startswith("navigation.instant")]
    plugins = [p for p in (base.get("plugins") or []) if _plugin_name(p) not in DROPPED_PLUGINS]
    # The website searches with Pagefind, which cannot load its index from disk: offline,
    # Material's search plugin comes back (its index is cut down after the build when large).
    if not any(_plugin_name(p) in SEARCH_PLUGINS for p in plugins):
        plugins.append("search")
    plugins.append("offline")
    extra = base.get("extra") or {}
    polyfills = [p for p in (extra.get("polyfills") or []) if "iframe-worker" not in str(p)]
    return {
        "site_url": None,
        "use_directory_urls": False,
        "theme": {"font": False, "features": features},
        "plugins": plugins,
        "extra": {"polyfills": [*polyfills, SHIM]},
    }


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "site"


def bundle_name(site_name: str, epoch: int) -> str:
    """`<slug of site_name>-offline-<YYYY-MM-DD>.zip`, the date being the content's."""
    day = dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date().isoformat()
    return f"{slug(site_name)}-offline-{day}.zip"


# --- What a browser would fetch from the network ----------------------------------------------

@dataclass(frozen=True)
class NetworkAsset:
    file: str   # relative to the site folder
    url: str
    what: str   # how it would be fetched

    def format(self) -> str:
        return f"{self.file}: {self.what} {self.url} would be fetched from the network"


REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)

# <link rel=…> values that fetch nothing (navigation and metadata).
INERT_RELS = {"canonical", "alternate", "prev", "next", "author", "license", "help", "bookmark",
              "me", "nofollow", "noopener", "noreferrer", "external", "search", "tag"}

# Attributes that make a browser fetch, by element.
FETCHING = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "iframe": ("src",),
    "frame": ("src",), "embed": ("src",), "object": ("data",), "input": ("src",),
    "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"), "body": ("background",), "table": ("background",),
    "td": ("background",),
}

CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)

# Hosts that serve scripts, styles and fonts; a script naming one of them loads from it.
CDN_HOSTS = (
    "unpkg.com", "cdn.jsdelivr.net", "cdnjs.cloudflare.com", "fonts.googleapis.com",
    "fonts.gstatic.com", "ajax.googleapis.com", "code.jquery.com", "esm.sh", "cdn.skypack.dev",
    "polyfill.io", "cdn.polyfill.io", "use.fontawesome.com", "kit.fontawesome.com",
    "stackpath.bootstrapcdn.com", "maxcdn.bootstrapcdn.com", "www.googletagmanager.com",
    "www.google-analytics.com", "api.github.com", "gitlab.com",
)
JS_REMOTE = re.compile(
    r"(?:https?:)?//(?:" + "|".join(re.escape(h) for h in CDN_HOSTS) + r")(?:[/?#][^\s\"'`)]*)?",
    re.IGNORECASE)

# URLs in Material's own bundle that it loads only on conditions checked on the pages instead:
# mermaid when a page has a diagram (`class="mermaid"`), the ResizeObserver polyfill in browsers
# without ResizeObserver (none since 2020), the GitHub/GitLab APIs when `repo_url` shows a source
# link (`data-md-component="source"`).
THEME_BUNDLE = re.compile(r"^assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
THEME_CONDITIONAL = ("//unpkg.com/mermaid@", "//unpkg.com/resize-observer-polyfill",
                     "//api.github.com/", "//gitlab.com")


def css_urls(text: str) -> list[str]:
    found = [next(g for g in m.groups() if g is not None) for m in CSS_URL.finditer(text)]
    found += [next(g for g in m.groups() if g is not None) for m in CSS_IMPORT.finditer(text)]
    return found


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


# A regular-expression tokenizer rather than html.parser: much faster on pages that carry the
# whole navigation, and tags are all that matter here.
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
RAW_TEXT = re.compile(r"""<(script|style)\b((?:[^>"']|"[^"]*"|'[^']*')*)>(.*?)</\1\s*>""",
                      re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"""<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
# Attribute text worth parsing: a URL without scheme or with one, an entity (an encoded URL),
# url(), or the markers of Material's conditional loads.
WORTH_PARSING = re.compile(r"//|&|url\(|mermaid|data-md-component", re.IGNORECASE)


def _attributes(text: str) -> dict[str, str]:
    attrs = {}
    for m in ATTR.finditer(text):
        value = next((g for g in m.groups()[1:] if g is not None), "")
        attrs.setdefault(m.group(1).lower(), html.unescape(value))
    return attrs


def _tag_fetches(tag: str, a: dict[str, str]) -> list[tuple[str, str]]:
    """(url, how) of everything this start tag makes a browser fetch, or that Material loads."""
    found: list[tuple[str, str]] = []
    if tag == "link" and a.get("href"):
        rels = set(a.get("rel", "").lower().split())
        if not rels or not rels <= INERT_RELS:
            found.append((a["href"], f"<link rel=\"{a.get('rel', '')}\">"))
    for name in FETCHING.get(tag, ()):
        if a.get(name):
            urls = _srcset_urls(a[name]) if name == "srcset" else [a[name]]
            found += [(u, f"<{tag} {name}>") for u in urls]
    if a.get("style"):
        found += [(u, "style attribute url()") for u in css_urls(a["style"])]
    if "mermaid" in a.get("class", "").split():
        found.append(("https://unpkg.com/mermaid@11/dist/mermaid.min.js",
                      "a mermaid diagram makes Material load"))
    if a.get("data-md-component") == "source":
        found.append((a.get("href", ""), "a repository link (repo_url) makes Material "
                      "query its host's API for"))
    return found


def page_fetches(text: str) -> list[tuple[str, str]]:
    """(url, how) of what an HTML or SVG document fetches (local URLs included)."""
    found: list[tuple[str, str]] = []
    text = COMMENT.sub("", text)

    def raw(m: re.Match) -> str:
        kind, body = m.group(1).lower(), m.group(3)
        if kind == "style":
            found.extend((u, "<style> url()") for u in css_urls(body))
        elif not _attributes(m.group(2)).get("src"):
            found.extend((u.group(0), "inline script") for u in JS_REMOTE.finditer(body))
        return f"<{m.group(1)}{m.group(2)}></{m.group(1)}>"

    text = RAW_TEXT.sub(raw, text)
    for m in TAG.finditer(text):
        if WORTH_PARSING.search(m.group(2)):
            found += _tag_fetches(m.group(1).lower(), _attributes(m.group(2)))
    return found


def _remote(found: list[tuple[str, str]], rel: str) -> list[NetworkAsset]:
    return [NetworkAsset(rel, url, what) for url, what in found
            if REMOTE.match(url)]


def scan_file(path: Path, rel: str) -> list[NetworkAsset]:
    suffix = path.suffix.lower()
    text = path.read_text(encoding="utf-8", errors="replace")
    if suffix in (".html", ".htm", ".svg"):
        return _remote(page_fetches(text), rel)
    if suffix == ".css":
        return _remote([(u, "stylesheet url()") for u in css_urls(text)], rel)
    if suffix in (".js", ".mjs"):
        urls = [m.group(0) for m in JS_REMOTE.finditer(text)]
        if THEME_BUNDLE.match(rel):
            urls = [u for u in urls if not any(c in u for c in THEME_CONDITIONAL)]
        return [NetworkAsset(rel, u, "script loading") for u in urls]
    return []


def network_assets(site_dir: Path) -> list[NetworkAsset]:
    """Everything in the site a browser would fetch from the network, file by file.

    Links (`<a href>`) are not fetched and are fine. In scripts, URLs on hosts that serve scripts,
    styles and fonts count; the search index (page text, not code) is not read.
    """
    problems: list[NetworkAsset] = []
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if not path.is_file() or rel in LEFT_OUT or rel in SEARCH_INDEX:
            continue
        problems += scan_file(path, rel)
    return problems


# --- The zip -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ZipStats:
    path: Path
    files: int
    bytes: int
    unpacked: int


def _zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    # Zip timestamps are local-time fields from 1980 to 2107; the content's date, in UTC.
    epoch = max(epoch, 315532800)  # 1980-01-01
    t = dt.datetime.fromtimestamp(epoch, dt.timezone.utc)
    return (t.year, t.month, t.day, t.hour, t.minute, t.second - t.second % 2)


def bundle_files(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*")
                  if p.is_file() and p.relative_to(site_dir).as_posix() not in LEFT_OUT)


def write_zip(site_dir: Path, out: Path, epoch: int) -> ZipStats:
    """Zip the site under one folder named like the zip; replace `out` only once it is complete.

    Entries are sorted, with the same timestamp, permissions and compression every time, so the
    same site gives the same bytes.
    """
    top = out.name.removesuffix(".zip")
    stamp = _zip_time(epoch)
    files = bundle_files(site_dir)
    dirs = {d for f in files for d in _parents(posixpath.dirname(f)) if d}
    entries = sorted([(d + "/", None) for d in dirs] + [(f, f) for f in files],
                     key=lambda e: e[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    unpacked = 0
    try:
        with os.fdopen(fd, "wb") as handle, zipfile.ZipFile(handle, "w") as zf:
            info = zipfile.ZipInfo(top + "/", stamp)
            _fix(info, directory=True)
            zf.writestr(info, b"")
            for name, source in entries:
                info = zipfile.ZipInfo(f"{top}/{name}", stamp)
                if source is None:
                    _fix(info, directory=True)
                    zf.writestr(info, b"")
                    continue
                data = (site_dir / source).read_bytes()
                unpacked += len(data)
                _fix(info, directory=False)
                zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return ZipStats(out, len(files), out.stat().st_size, unpacked)


def _parents(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def _fix(info: zipfile.ZipInfo, directory: bool) -> None:
    info.create_system = 3  # Unix, so that the permissions below are read
    if directory:
        info.external_attr = (0o40755 << 16) | 0x10
        info.compress_type = zipfile.ZIP_STORED
    else:
        info.external_attr = 0o100644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
