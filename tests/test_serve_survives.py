"""`generator serve` survives every change to content, templates and configuration (issue 24):
it keeps answering with the last good pages, shows the problems in the terminal and above every
page (generator/site/hooks/serve_notice.py), and recovers by itself once the files are fixed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, country_files, write_content
from .test_serve import _get, free_port, wait_for

pytestmark = pytest.mark.site

REPORT = "content/countries/ruritania/reports/nit-2022.yml"


def notice(base: str) -> list[str] | None:
    text = _get(f"{base}/serve-notice.json")
    return None if text is None else json.loads(text)["problems"]


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def served(tmp_path):
    """serve on a copy of the project (content, templates, overrides, mkdocs.yml)."""
    write_content(tmp_path, country_files())
    for name in ("templates", "overrides"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    port = free_port()
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "SITE_NOINDEX")}
    env["PYTHONPATH"] = str(REPO)
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: notice(base) == [], "the first build")
        yield tmp_path, base, log
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
    assert server.returncode in (0, -signal.SIGINT, 130), server.returncode


def test_serve_keeps_serving_through_every_kind_of_breakage(served):
    root, base, log = served
    page = f"{base}/countries/ruritania/nit-2022/"
    assert "serve-notice.js" in _get(page)
    mkdocs_yml = (root / "mkdocs.yml").read_text(encoding="utf-8")

    def broken(what: str, expected: str) -> None:
        """The notice names the problem, and the last good page is still served."""
        wait_for(lambda: any(expected in line for line in notice(base) or []),
                 f"the notice of {what}", seconds=30)
        assert "The vote was held in January." in (_get(page) or ""), what

    # content with errors: located lines
    replace(root / REPORT, "rating: 1.25", "rating: 9")
    broken("a rating off the scale", f"{REPORT}:8:13: error: categories.national-democratic"
                                     "-governance.rating: expected a number from 1 to 7")
    replace(root / REPORT, "rating: 9", "rating: 1.25")
    wait_for(lambda: notice(base) == [], "the notice to clear")
    # a template that does not compile
    with open(root / "templates" / "report.md.j2", "a", encoding="utf-8") as handle:
        handle.write("{% if %}\n")
    broken("a broken template", "templates/report.md.j2:")
    shutil.copy(REPO / "templates" / "report.md.j2", root / "templates" / "report.md.j2")
    wait_for(lambda: notice(base) == [], "the notice to clear")
    # mkdocs.yml that is not YAML, then one MkDocs refuses
    (root / "mkdocs.yml").write_text(mkdocs_yml + "nav: [unclosed\n", encoding="utf-8")
    broken("mkdocs.yml that is not YAML", "mkdocs.yml")
    (root / "mkdocs.yml").write_text(mkdocs_yml.replace("name: material", "name: nosuchtheme"),
                                     encoding="utf-8")
    broken("a theme MkDocs does not have", "Unrecognised theme name: 'nosuchtheme'")
    (root / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    wait_for(lambda: notice(base) == [], "the notice to clear")
    # the content folder gone
    (root / "content").rename(root / "content.away")
    broken("no content folder", "content: error: content folder not found")
    # everything fixed at once, with an edit and a new site name: the preview catches up
    (root / "content.away").rename(root / "content")
    (root / "mkdocs.yml").write_text(mkdocs_yml.replace("site_name:", "site_name: Renamed -"),
                                     encoding="utf-8")
    replace(root / REPORT, "The vote was held in January.", "The vote was held in March.")
    wait_for(lambda: notice(base) == [], "the notice to clear")
    assert wait_for(lambda: "The vote was held in March." in (_get(page) or ""), "the edit")
    assert wait_for(lambda: "Renamed -" in (_get(f"{base}/") or ""), "the new site name")
    log.seek(0)
    output = log.read()
    assert "Traceback" not in output and "internal error" not in output, output[-3000:]
    assert "Keeping the last good pages until the problems are fixed" in output


def test_the_notice_shows_above_the_page_in_a_browser(served, tmp_path_factory, browser):
    """The served page, its notice script and the notice, copied to a plain file server
    (mkdocs serve's reload request never ends, and headless Chromium waits for it)."""
    root, base, _ = served
    replace(root / REPORT, "rating: 1.25", "rating: 9")
    wait_for(lambda: notice(base), "the notice")
    copy = tmp_path_factory.mktemp("copy")
    page = copy / "countries" / "ruritania" / "nit-2022" / "index.html"
    page.parent.mkdir(parents=True)
    html = _get(f"{base}/countries/ruritania/nit-2022/")
    page.write_text(re.sub(r"<script>[^<]*livereload[^<]*</script>", "", html), encoding="utf-8")
    for name in ("serve-notice.js", "serve-notice.json"):
        (copy / name).write_text(_get(f"{base}/{name}"), encoding="utf-8")
    from .browser.harness import Guard, serve

    files = serve(copy)
    context = browser.new_context(service_workers="block")
    try:
        context.route("**/*", Guard(files.origin))
        tab = context.new_page()
        tab.goto(files.url("/countries/ruritania/nit-2022/"), wait_until="load")
        # the notice script fetches its JSON, then adds the box: waited for, not timed
        tab.wait_for_selector("#serve-notice", timeout=60_000)
        dom = tab.content()
    finally:
        context.close()
        files.close()
    from bs4 import BeautifulSoup
    box = BeautifulSoup(dom, "html.parser").find(id="serve-notice")
    assert box is not None and box.get("role") == "alert", dom[-2000:]
    assert "expected a number from 1 to 7" in box.get_text()
    assert "The preview shows the last good render" in box.get_text()
