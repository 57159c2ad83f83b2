"""Browser-test fixtures: the shipped content built once, served on loopback, driven by Chromium.

Every page runs in a context that lets through only requests to the local server and records
every other one, so a test can assert that a page needs nothing from the network. The browser
itself (`browser`, one per test session: Playwright's sync API runs one at a time) comes from
tests/conftest.py, which the tests outside this folder share; without /usr/bin/chromium the
browser tests are skipped, unless BROWSER_TESTS_REQUIRED=1 (set by .ci/run), which makes them
fail instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from .harness import REPO, Guard, Server, build_site, serve


@pytest.fixture(scope="session")
def site(_browser_ready, tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="session")
def server(site) -> Iterator[Server]:
    srv = serve(site)
    yield srv
    srv.close()


@dataclass
class Page:
    """A Playwright page, with the requests the guard blocked and the console errors it saw."""

    page: object
    server: Server
    blocked: list[str]
    errors: list[str]

    def goto(self, path: str):
        response = self.page.goto(self.server.url(path), wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        return response

    def __getattr__(self, name):
        return getattr(self.page, name)


@pytest.fixture
def page(browser, server) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light",
                                  service_workers="block")
    context.set_default_timeout(10_000)
    guard = Guard(server.origin)
    context.route("**/*", guard)
    errors: list[str] = []
    pw_page = context.new_page()
    pw_page.on("console", lambda m: m.type == "error" and errors.append(
        f"console.error: {m.text} at {m.location.get('url')}:{m.location.get('lineNumber')}"))
    pw_page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    try:
        yield Page(pw_page, server, guard.blocked, errors)
    finally:
        context.close()


def node_asset(*parts: str) -> Path | None:
    """A file under node_modules/ (installed by `make`), or None when npm ci has not run."""
    path = REPO.joinpath("node_modules", *parts)
    return path if path.is_file() else None
