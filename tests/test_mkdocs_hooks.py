"""The build's MkDocs hooks (generator/site/hooks/accelerate.py): whitespace, conversion in worker
processes and theme rendering in worker processes (same bytes as MkDocs' own loops, warnings
still counted by --strict, the search plugin's entries brought back from the workers)."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site.config import HOOKS
from generator.site.hooks.accelerate import PARALLEL_MIN_PAGES, collapse_whitespace


def test_whitespace_collapses_outside_pre_textarea_and_script():
    html = ("<div>\n    <p>a\n\n   b</p>  \n\t<pre>  keep\n    this\n</pre>\n  <textarea>\n  t\n"
            "</textarea>\n   <script>\n  var s = `x\n   y`;\n</script>\n  <PRE class=c>\n  Z\n</PRE>"
            "\n\n</div>")
    assert collapse_whitespace(html) == (
        "<div>\n<p>a\nb</p>\n<pre>  keep\n    this\n</pre>\n<textarea>\n  t\n</textarea>\n"
        "<script>\n  var s = `x\n   y`;\n</script>\n<PRE class=c>\n  Z\n</PRE>\n</div>")
    # Spaces without a line break are left alone (they may separate inline elements).
    assert collapse_whitespace("<b>x</b>   <i>y</i>") == "<b>x</b>   <i>y</i>"


_ONE_PASS = re.compile(r"[ \t]*\n\s*")


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=" \t\n\r\x0b\x0cab<>/pre", max_size=60))
def test_whitespace_collapse_matches_its_one_pattern_definition(text):
    """The two fast passes give what the one regular expression defines (no <pre> here)."""
    if "<pre" in text.lower():
        return
    assert collapse_whitespace(text) == _ONE_PASS.sub("\n", text)


def _project(root: Path, pages: int, broken_link_on: int | None = None,
             plugins: str = "[]") -> Path:
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\n[first](p000.md)\n", encoding="utf-8")
    for n in range(pages):
        link = "[gone](missing.md)" if n == broken_link_on else f"[next](p{(n + 1) % pages:03d}.md)"
        (docs / f"p{n:03d}.md").write_text(
            f"---\ntitle: Page {n}\n---\n\n# Page {n}\n\n## Part one\n\nText {n} {link}.\n\n"
            f"<pre>  kept\n   as is</pre>\n\n| a | b |\n|---|---|\n| {n} | x |\n",
            encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        "site_name: Hooks\nsite_url: ''\ntheme:\n  name: material\n  font: false\n"
        f"plugins: {plugins}\nmarkdown_extensions:\n  - tables\n  - toc:\n      permalink: true\n"
        f"validation:\n  links:\n    not_found: warn\nhooks:\n  - {HOOKS}\n", encoding="utf-8")
    return config


def _build(config: Path, site: Path, workers: int) -> subprocess.CompletedProcess:
    env = dict(os.environ, REPORTS_WORKERS=str(workers), NO_MKDOCS_2_WARNING="1",
               SOURCE_DATE_EPOCH="1700000000")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
                           "-d", str(site)], capture_output=True, text=True, env=env)


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.site
def test_workers_build_the_same_bytes_as_mkdocs_alone(tmp_path):
    config = _project(tmp_path, PARALLEL_MIN_PAGES + 6)
    serial = _build(config, tmp_path / "serial", 1)
    parallel = _build(config, tmp_path / "parallel", 2)
    assert serial.returncode == 0, serial.stderr
    assert parallel.returncode == 0, parallel.stderr
    assert _tree(tmp_path / "serial") == _tree(tmp_path / "parallel")
    page = (tmp_path / "parallel" / "p007" / "index.html").read_text(encoding="utf-8")
    assert "<pre>  kept\n   as is</pre>" in page and "\n  " not in page.replace(
        "<pre>  kept\n   as is</pre>", "")


@pytest.mark.site
@pytest.mark.parametrize("page", [40, 41])  # one in each worker's share
def test_a_warning_in_a_worker_still_fails_a_strict_build(tmp_path, page):
    config = _project(tmp_path, PARALLEL_MIN_PAGES + 6, broken_link_on=page)
    proc = _build(config, tmp_path / "site", 2)
    assert proc.returncode != 0
    assert f"p0{page}.md" in proc.stderr and "missing.md" in proc.stderr, proc.stderr
    assert "Aborted with 1 warnings in strict mode" in proc.stdout + proc.stderr, proc.stdout


@pytest.mark.site
def test_with_the_search_plugin_every_page_is_indexed_as_by_mkdocs_alone(tmp_path):
    """The search plugin collects each page's text while the theme renders it: the workers
    send the entries back, and the index is the one MkDocs' own loop writes."""
    import json

    pages = PARALLEL_MIN_PAGES + 6
    config = _project(tmp_path, pages, plugins="[search]")
    serial = _build(config, tmp_path / "serial", 1)
    parallel = _build(config, tmp_path / "parallel", 2)
    assert serial.returncode == 0 and parallel.returncode == 0, parallel.stderr
    assert _tree(tmp_path / "serial") == _tree(tmp_path / "parallel")
    index = json.loads((tmp_path / "parallel" / "search" / "search_index.json").read_text())
    titles = {doc["title"] for doc in index["docs"] if "#" not in doc["location"]}
    assert {f"Page {n}" for n in range(pages)} <= titles


@pytest.mark.site
def test_a_template_error_in_a_worker_fails_the_build(tmp_path):
    config = _project(tmp_path, PARALLEL_MIN_PAGES + 6)
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    # Fails on the pages only (not on 404.html, which the main process renders first).
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}{% block content %}{% if page and page.file and '
        'page.file.src_uri == "p042.md" %}{{ 1 // 0 }}{% endif %}{% endblock %}')
    config.write_text(config.read_text().replace("  name: material\n",
                                                 "  name: material\n  custom_dir: overrides\n"))
    proc = _build(config, tmp_path / "site", 2)
    assert proc.returncode != 0
    assert "error building page 'p042.md'" in proc.stderr, proc.stderr
    assert "division" in proc.stderr, proc.stderr


def _mkdocs_own_anchor_ids(text: str) -> set[str]:
    from mkdocs.structure.pages import _HTMLHandler

    parser = _HTMLHandler()
    parser.feed(text)
    parser.close()
    return parser.present_anchor_ids


def test_the_anchor_scan_finds_every_id_mkdocs_own_parse_finds(tmp_path):
    """The passthrough's placeholder comments list the ids of the blocks they stand for
    (generator/site/hooks/anchors.py), so that MkDocs' anchor check still sees them: it must find
    every id MkDocs' own HTMLParser pass finds (or a link to it would be reported as broken), on
    tricky HTML and on every page the generator writes from the shipped content."""
    from generator import PROJECT
    from generator.site.hooks.anchors import anchor_ids

    tricky = ('<div ID="Upper" class=x>\n<a name=top></a><span data-id="not-an-id"\n'
              ' id = \'spaced\'>t</span><p id="amp&amp;s" title="id=&quot;q&quot;">\n'
              '<h2 id=unquoted-1>x</h2><img\n  id="split-line" src=a.png>\n'
              '<!-- <b id="in-comment"> --><script>var s = \'<i id="in-script">\';</script>\n'
              '`<em id="in-code">` and text saying id="in-text"\n<a id="">empty</a>')
    own = _mkdocs_own_anchor_ids(tricky)
    assert {"Upper", "top", "spaced", "amp&s", "unquoted-1", "split-line"} <= own
    assert own <= anchor_ids(tricky), own - anchor_ids(tricky)
    assert "not-an-id" not in anchor_ids(tricky)

    docs = tmp_path / "docs"
    proc = subprocess.run([sys.executable, "-m", "generator", "render", "--out", str(docs)],
                          cwd=PROJECT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    pages = sorted(docs.rglob("*.md"))
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert anchor_ids(text) >= _mkdocs_own_anchor_ids(text), page


@settings(max_examples=4000, deadline=None)
@given(st.lists(st.sampled_from(["id", "ID", "iD", "name", "NaMe", "data-", "x", "=", " ",
                                 "\n", "\t", "\xa0", '"v"', "'w'", "<a ", ">", "-", "_",
                                 "&amp;"]), max_size=14))
def test_the_fast_anchor_scan_finds_what_its_one_pattern_finds(pieces):
    """Without whitespace before an "=", anchor_ids jumps from "=" to "="; with it, the full
    pattern runs. Either way: the ids of the one pattern it stands for."""
    from generator.site.hooks.anchors import _ID_ATTRIBUTE, anchor_ids

    text = "".join(pieces)
    assert anchor_ids(text) == {html.unescape(next(v for v in m.groups() if v is not None))
                                for m in _ID_ATTRIBUTE.finditer(text)}


# --- The private MkDocs code the hooks replace, and the releases it was written for ------------

@pytest.mark.parametrize("module", ["accelerate"])
@pytest.mark.parametrize("distribution", ["mkdocs", "properdocs"])
def test_the_replaced_private_functions_were_written_for_the_installed_mkdocs(module,
                                                                             distribution):
    """accelerate.py replaces `_populate_page` and `_build_page`; ProperDocs (requirements.lock) runs the same replacements on its
    copy of that code. An upgrade of either must be checked against them."""
    import importlib
    from importlib.metadata import version

    written_for = importlib.import_module(f"generator.site.hooks.{module}").WRITTEN_FOR
    installed = version(distribution)
    assert written_for.get(distribution) == installed, (
        f"the hooks replace private MkDocs functions (generator/site/hooks/{module}.py) written"
        f" for {distribution} {written_for.get(distribution)}; the installed {distribution} is"
        f" {installed}: re-check them against it and update WRITTEN_FOR")


# Runs MkDocs with importlib.metadata answering another version for mkdocs.
_OTHER_MKDOCS = """
import importlib.metadata, sys
real = importlib.metadata.version
importlib.metadata.version = lambda name: "{version}" if name == "mkdocs" else real(name)
from mkdocs.__main__ import cli
cli(sys.argv[1:])
"""


def _build_as(config: Path, site: Path, mkdocs_version: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, REPORTS_WORKERS="2", NO_MKDOCS_2_WARNING="1",
               SOURCE_DATE_EPOCH="1700000000")
    return subprocess.run([sys.executable, "-c", _OTHER_MKDOCS.format(version=mkdocs_version),
                           "build", "--strict", "-v", "-f", str(config), "-d", str(site)],
                          capture_output=True, text=True, env=env)


@pytest.mark.site
def test_under_another_mkdocs_the_replacements_are_left_out_with_one_warning(tmp_path):
    """Under a release the replacements were not written for, MkDocs' own functions run (no
    worker renders a page), after one warning that --strict does not count; same site."""
    from importlib.metadata import version

    config = _project(tmp_path, PARALLEL_MIN_PAGES + 6)
    known = _build_as(config, tmp_path / "known", version("mkdocs"))
    other = _build_as(config, tmp_path / "other", "1.7.0")
    assert known.returncode == 0, known.stderr
    assert other.returncode == 0, other.stderr
    assert "worker processes" in known.stderr and "private MkDocs code" not in known.stderr
    warnings = [line for line in other.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1, other.stderr
    assert "private MkDocs code" in warnings[0] and "installed mkdocs is 1.7.0" in warnings[0]
    assert "_populate_page" in warnings[0]
    assert "worker processes" not in other.stderr
    assert _tree(tmp_path / "known") == _tree(tmp_path / "other")


@pytest.mark.site
def test_under_properdocs_the_replacements_apply_too(tmp_path):
    """ProperDocs answers imports of mkdocs.* with its own modules, so the hooks replace its
    functions: its build renders in worker processes too, without the warning, and gives what
    MkDocs gives (but for the generator meta tag)."""
    config = _project(tmp_path, PARALLEL_MIN_PAGES + 6)
    env = dict(os.environ, REPORTS_WORKERS="2", NO_MKDOCS_2_WARNING="1",
               SOURCE_DATE_EPOCH="1700000000")
    generator = re.compile(rb'<meta name="generator" content="[^"]*">')
    trees = {}
    for tool in ("mkdocs", "properdocs"):
        proc = subprocess.run([sys.executable, "-m", tool, "build", "--strict", "-v", "-f",
                               str(config), "-d", str(tmp_path / tool)],
                              capture_output=True, text=True, env=env)
        assert proc.returncode == 0, f"{tool}: {proc.stderr}"
        assert "worker processes" in proc.stderr, f"{tool}: the workers did not run"
        assert "private MkDocs code" not in proc.stderr, proc.stderr
        trees[tool] = {rel: generator.sub(b"", data)
                       for rel, data in _tree(tmp_path / tool).items()}
    assert trees["mkdocs"] == trees["properdocs"]
    assert b"ProperDocs" in (tmp_path / "properdocs" / "p007" / "index.html").read_bytes()
