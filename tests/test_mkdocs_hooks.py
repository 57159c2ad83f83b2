"""The build's MkDocs hooks (generator/mkdocs_hooks.py): whitespace, conversion in worker
processes (same bytes as MkDocs' own loop, warnings still counted by --strict)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.mkdocs_hooks import PARALLEL_MIN_PAGES, collapse_whitespace
from generator.pipeline import HOOKS


def test_whitespace_collapses_outside_pre_textarea_and_script():
    html = ("<div>\n    <p>a\n\n   b</p>  \n\t<pre>  keep\n    this\n</pre>\n  <textarea>\n  t\n"
            "</textarea>\n   <script>\n  var s = `x\n   y`;\n</script>\n  <PRE class=c>\n  Z\n</PRE>"
            "\n\n</div>")
    assert collapse_whitespace(html) == (
        "<div>\n<p>a\nb</p>\n<pre>  keep\n    this\n</pre>\n<textarea>\n  t\n</textarea>\n"
        "<script>\n  var s = `x\n   y`;\n</script>\n<PRE class=c>\n  Z\n</PRE>\n</div>")
    # Spaces without a line break are left alone (they may separate inline elements).
    assert collapse_whitespace("<b>x</b>   <i>y</i>") == "<b>x</b>   <i>y</i>"


def _project(root: Path, pages: int, broken_link_on: int | None = None) -> Path:
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
        "plugins: []\nmarkdown_extensions:\n  - tables\n  - toc:\n      permalink: true\n"
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
def test_a_warning_in_a_worker_still_fails_a_strict_build(tmp_path):
    config = _project(tmp_path, PARALLEL_MIN_PAGES + 6, broken_link_on=41)
    proc = _build(config, tmp_path / "site", 2)
    assert proc.returncode != 0
    assert "p041.md" in proc.stderr and "missing.md" in proc.stderr, proc.stderr
    assert "Aborted with 1 warnings in strict mode" in proc.stdout + proc.stderr, proc.stdout
