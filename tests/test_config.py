"""The one reader of the MkDocs configuration chain (generator/site/config.py), and every
consumer following the file `--config` names: the feed, the generated configuration, the site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import PACKAGE_DIR
from generator.site import incremental
from generator.site.config import ConfigError, read_base_config
from generator.site.hooks import reuse

from .conftest import REPO, shipped_slice


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_chain_merges_as_mkdocs_does(tmp_path, monkeypatch):
    monkeypatch.setenv("ALT_URL", "https://example.org/alt/")
    _write(tmp_path / "base" / "mkdocs.yml",
           "site_name: Base\ntheme:\n  name: material\n  custom_dir: overrides\n"
           "  features: [a, b]\nhooks: [hooks/one.py]\nextra:\n  x: 1\n")
    alt = _write(tmp_path / "alt" / "alt.yml",
                 "INHERIT: ../base/mkdocs.yml\nsite_name: Alt\nsite_url: !ENV ALT_URL\n"
                 "theme:\n  features: [c]\nextra:\n  y: 2\n")
    config = read_base_config(alt)
    assert config.site_name == "Alt"
    assert config.data["site_url"] == "https://example.org/alt/"
    # mappings merge key by key, lists are replaced whole, INHERIT is not a setting
    assert config.data["theme"] == {"name": "material", "custom_dir": "overrides",
                                    "features": ["c"]}
    assert config.data["extra"] == {"x": 1, "y": 2}
    assert "INHERIT" not in config.data
    # paths are relative to the file that names them
    assert config.custom_dir == (tmp_path / "base" / "overrides").resolve()
    assert config.hooks == ((tmp_path / "base" / "hooks" / "one.py").resolve(),)
    assert config.files == (alt.resolve(), (tmp_path / "base" / "mkdocs.yml").resolve())


def test_a_circular_or_unreadable_chain_is_a_named_error(tmp_path):
    a = _write(tmp_path / "a.yml", "INHERIT: b.yml\n")
    _write(tmp_path / "b.yml", "INHERIT: a.yml\n")
    with pytest.raises(ConfigError, match="INHERIT chain too long or circular"):
        read_base_config(a)
    missing = _write(tmp_path / "c.yml", "INHERIT: nowhere.yml\n")
    with pytest.raises(ConfigError, match="nowhere.yml: cannot read the MkDocs configuration"):
        read_base_config(missing)
    listed = _write(tmp_path / "d.yml", "- not\n- a mapping\n")
    with pytest.raises(ConfigError, match="expected a mapping of MkDocs settings"):
        read_base_config(listed)


def test_the_shipped_configuration_names_the_site():
    config = read_base_config(REPO / "mkdocs.yml")
    assert config.site_name == "Democracy Country Reports"
    assert config.custom_dir == (REPO / "overrides").resolve()


def test_the_feed_and_the_generated_configuration_follow_config(tmp_path):
    """`--config alt.yml`: the feed is titled with alt's site name, and the build's
    configuration inherits alt (so the pages are titled with it too)."""
    alt = _write(tmp_path / "alt.yml", f"INHERIT: {REPO / 'mkdocs.yml'}\nsite_name: Alt Reports\n")
    work = tmp_path / "work"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "render", "--config", str(alt),
         "--out", str(work / "docs"), "--content", str(shipped_slice(tmp_path))], cwd=REPO,
        capture_output=True, text=True,
        env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert result.returncode == 0, result.stderr
    feed = (work / "docs" / "feed.xml").read_text(encoding="utf-8")
    assert "<title>Alt Reports: " in feed
    assert "Democracy Country Reports" not in feed


def test_keys_of_the_generators_code_cover_every_subfolder(tmp_path, monkeypatch):
    """A change to any module of the package, in any subfolder, changes the render's key and
    the MkDocs rebuild's shared hash: the package's folder is walked whole."""
    assert incremental.GENERATOR == PACKAGE_DIR == reuse.PACKAGE
    package = tmp_path / "generator"
    _write(package / "__init__.py", "")
    deep = _write(package / "site" / "hooks" / "deep.py", "A = 1\n")
    templates = tmp_path / "templates"
    templates.mkdir()
    monkeypatch.setattr(incremental, "GENERATOR", package)
    before = incremental.settings_key(templates)
    deep.write_text("A = 2\n")
    os.utime(deep, ns=(1, 1))
    assert incremental.settings_key(templates) != before
    files = dict(reuse._tree_bytes(package, "*.py"))
    assert files["site/hooks/deep.py"] == b"A = 2\n"
