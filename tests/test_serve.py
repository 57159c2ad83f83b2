"""`generator serve`: a content edit is rendered again, and the rebuild of `mkdocs serve` takes
the pages that did not change from the build before (generator/site/hooks/reuse.py)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from generator.site.hooks.reuse import SUMMARY
from tests.test_incremental import (
    REPO,
    a_report,
    edit_narrative,
    sample,  # noqa: F401 - the fixture, 3 countries x 3 editions
)

pytestmark = pytest.mark.site


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, what: str, seconds: float = 90):
    """Poll `check` until it returns something true; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    pytest.fail(f"waited {seconds} s for {what}")


def read_record(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def test_serve_rebuilds_the_edited_page_and_takes_the_others_from_the_build_before(
        sample, tmp_path):
    content, work = tmp_path / "content", tmp_path / "work"
    shutil.copytree(sample, content)
    port = free_port()
    served_before = set(Path(tempfile.gettempdir()).glob("mkdocs_*"))
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "SITE_NOINDEX")}
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", str(content), "--work",
         str(work), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    record = work / SUMMARY  # pages built and copied by the last build
    try:
        first = wait_for(lambda: read_record(record), "the first build's record")
        assert first["reused"] == 0 and first["built"] > 20
        slug, report = a_report(content)
        edit_narrative(report, "A sentence the preview shows")
        second = wait_for(lambda: (r := read_record(record)) and r["built"] == 1 and r,
                          "a rebuild of one page")
        assert second["reused"] == first["built"] - 1
        url = f"http://127.0.0.1:{port}/countries/{slug}/{report.stem}/"
        page = wait_for(lambda: _get(url), "the edited page")
        assert "A sentence the preview shows" in page
        assert "<nav" in _get(f"http://127.0.0.1:{port}/")  # a page copied from the build before
    finally:  # Ctrl-C, which a terminal sends to both the generator and mkdocs serve
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            raise
    # the folder mkdocs serve served, and the pages set aside for a rebuild, are gone with it
    assert set(Path(tempfile.gettempdir()).glob("mkdocs_*")) <= served_before


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None
