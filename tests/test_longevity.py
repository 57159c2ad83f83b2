"""Longevity: the same docs folder built with MkDocs 1.6 and with ProperDocs (its drop-in fork)
gives the same site, so the day MkDocs 1.x stops working the project can switch."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys

import pytest

from .conftest import REPO, build, shipped_slice

pytestmark = pytest.mark.site

GENERATOR_META = re.compile(rb'\s*<meta name="generator" content="[^"]*">')


def normalised(path):
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    if path.suffix == ".html":
        data = GENERATOR_META.sub(b"", data)
    return data


def test_properdocs_builds_the_same_site(tmp_path):
    work = tmp_path / "work"
    first = build(shipped_slice(tmp_path), tmp_path / "mkdocs-site", work)
    assert first.returncode == 0, first.stderr
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000")
    sites = {}
    for tool in ("mkdocs", "properdocs"):
        out = tmp_path / tool
        result = subprocess.run([sys.executable, "-m", tool, "build", "--strict", "-f",
                                 str(work / "mkdocs.yml"), "-d", str(out)],
                                capture_output=True, text=True, env=env, cwd=REPO)
        assert result.returncode == 0, f"{tool}: {result.stderr}"
        sites[tool] = out
    files = {tool: sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
             for tool, site in sites.items()}
    assert files["mkdocs"] == files["properdocs"]
    assert len(files["mkdocs"]) > 40
    differing = [rel for rel in files["mkdocs"]
                 if normalised(sites["mkdocs"] / rel) != normalised(sites["properdocs"] / rel)]
    assert differing == []
    page = (sites["properdocs"] / "countries/kazakhstan/nit-2022/index.html").read_text()
    assert "ProperDocs" in page  # the second build really ran the fork
