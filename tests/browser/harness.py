"""Shared by the browser tests and scripts/screenshots.py: build the shipped site, serve it on
loopback, launch Debian's Chromium through Playwright, and keep pages off the network.

Playwright cannot download a browser here, so everything drives /usr/bin/chromium (override with
the CHROMIUM environment variable); `.ci/run` installs it.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def unavailable() -> str | None:
    """Why the browser cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is absent (install Debian's chromium: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (make test installs requirements.lock)"
    return None


def shipped_slice(dest: Path) -> Path:
    """dest/content: the shipped definitions and the seed country, Kazakhstan (the browser tests
    look at its pages; the 219 other countries would only slow their build)."""
    content = dest / "content"
    shutil.copytree(REPO / "content" / "indices", content / "indices")
    shutil.copy(REPO / "content" / "treaties.yml", content / "treaties.yml")
    shutil.copytree(REPO / "content" / "countries" / "kazakhstan",
                    content / "countries" / "kazakhstan")
    return content


def build_site(dest: Path, *extra: str) -> Path:
    """Build the shipped slice (or the --content given) into dest/site (work files in
    dest/work); return the site."""
    if "--content" not in extra:
        extra = ("--content", str(shipped_slice(dest)), *extra)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build",
         "--site", str(dest / "site"), "--work", str(dest / "work"), *extra],
        cwd=REPO, capture_output=True, text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    if result.returncode != 0:
        raise RuntimeError(f"site build failed:\n{result.stdout}\n{result.stderr}")
    return dest / "site"


def build_bundle(dest: Path, content: Path) -> Path:
    """`python -m generator bundle` of `content` (work files in dest/work), unzipped into
    dest/unzipped; return the bundle's folder, which a browser opens from disk."""
    import zipfile

    out = dest / "offline.zip"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "bundle", "--work", str(dest / "work"),
         "--out", str(out), "--content", str(content)],
        cwd=REPO, capture_output=True, text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    if result.returncode != 0:
        raise RuntimeError(f"bundle failed:\n{result.stdout}\n{result.stderr}")
    with zipfile.ZipFile(out) as zf:
        zf.extractall(dest / "unzipped")
    return dest / "unzipped" / "offline"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@dataclass
class Server:
    httpd: ThreadingHTTPServer
    thread: threading.Thread

    @property
    def origin(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.origin + path

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def serve(root: Path) -> Server:
    """Serve root on 127.0.0.1, on a free port, from a daemon thread."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    return Server(httpd, thread)


def launch(playwright):
    """Headless Debian Chromium, with no background connections of its own."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                      headless=True)


@dataclass
class Guard:
    """A context route handler: the local origin continues, anything else is aborted and kept."""

    origin: str
    blocked: list[str] = field(default_factory=list)

    def __call__(self, route) -> None:
        url = route.request.url
        if url == self.origin or url.startswith((self.origin + "/", "data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")


def assert_sorts_both_ways(table, header) -> None:
    """Clicking the column header sorts the table's first column up, then down."""
    from playwright.sync_api import expect

    def first_column():
        return table.locator("tbody tr td:first-child").all_inner_texts()

    before = first_column()
    header.click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert first_column() == sorted(before, key=str.lower)
    header.click()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert first_column() == sorted(before, key=str.lower, reverse=True)
