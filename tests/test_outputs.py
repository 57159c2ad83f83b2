"""Output folders that overlap the inputs, or that the generator did not make, are refused before
anything is read or written (generator/site/outputs.py): exit 2, nothing lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.site.outputs import MARK, UnsafeOutput, check_outputs, is_marked

from .conftest import REPO, shipped_slice


def cli(*args: str, cwd: Path, home: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    if home is not None:
        env["HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, env=env)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the shipped content, with the project's templates and configuration."""
    shipped_slice(tmp_path)
    return tmp_path


@pytest.mark.parametrize("args", [
    ["render", "--out", "content"],
    ["render", "--out", "content/countries"],
    ["render", "--out", "."],
    ["build", "--site", "content"],
    ["build", "--work", "content/build"],
    ["build", "--work", "w", "--site", "w/site"],
    ["build", "--work", "same", "--site", "same"],
    ["bundle", "--out", "content/reports.zip"],
    ["serve", "--work", "content"],
])
def test_outputs_that_overlap_the_content_are_refused_and_nothing_is_lost(project, args):
    before = _tree(project / "content")
    result = cli(*args, "--content", "content", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "overlaps" in result.stderr or "inside" in result.stderr
    assert _tree(project / "content") == before


def test_the_checkout_and_the_home_folder_are_refused(project):
    config = project / "mkdocs.yml"
    config.write_text(f"INHERIT: {REPO / 'mkdocs.yml'}\n", encoding="utf-8")
    holds_config = cli("render", "--config", str(config), "--out", str(project), cwd=project)
    assert holds_config.returncode == 2
    assert "holds the project's configuration" in holds_config.stderr
    home = cli("render", "--out", str(project), cwd=REPO, home=project)
    assert home.returncode == 2 and "your home folder" in home.stderr
    above_home = cli("render", "--out", str(project.parent), cwd=REPO, home=project)
    assert above_home.returncode == 2 and "your home folder" in above_home.stderr
    assert (project / "content").is_dir()


def test_a_folder_the_generator_did_not_make_is_refused(project):
    mine = project / "notes"
    mine.mkdir()
    (mine / "draft.txt").write_text("my own file", encoding="utf-8")
    result = cli("render", "--content", "content", "--out", "notes", cwd=project)
    assert result.returncode == 2
    assert "holds files the generator did not write" in result.stderr
    assert (mine / "draft.txt").read_text(encoding="utf-8") == "my own file"
    site = cli("build", "--content", "content", "--site", "notes", "--work", "w", cwd=project)
    assert site.returncode == 2 and (mine / "draft.txt").is_file()


def test_folders_the_generator_makes_carry_its_mark_and_are_written_again(project):
    first = cli("render", "--content", "content", "--out", "docs", cwd=project)
    assert first.returncode == 0, first.stderr
    assert is_marked(project / "docs") and (project / "docs" / MARK).is_file()
    (project / ".docs.render-state").unlink()  # the next render is a whole one, which prunes
    again = cli("render", "--content", "content", "--out", "docs", cwd=project)
    assert again.returncode == 0, again.stderr
    assert (project / "docs" / MARK).is_file()  # the render's pruning keeps the mark
    built = cli("build", "--content", "content", "--work", "w", "--site", "s", cwd=project)
    assert built.returncode == 0, built.stderr
    assert (project / "w" / MARK).is_file()
    # a site holds only what MkDocs wrote: it is known by its sitemap and 404 page
    assert not (project / "s" / MARK).exists() and is_marked(project / "s")
    rebuilt = cli("build", "--content", "content", "--work", "w", "--site", "s", cwd=project)
    assert rebuilt.returncode == 0, rebuilt.stderr


def test_folders_from_builds_before_the_mark_are_still_the_generators(tmp_path):
    work = tmp_path / "build"
    work.mkdir()
    (work / "mkdocs.yml").write_text("# Written by `python -m generator`; edit mkdocs.yml"
                                     " instead.\nsite_name: x\n", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitemap.xml").write_text("<urlset/>")
    (site / "404.html").write_text("<html></html>")
    docs = work / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n")
    (work / ".docs.render-state").write_bytes(b"")
    check_outputs({"--work": work, "--site": site}, {})
    check_outputs({"--out": docs}, {})
    assert is_marked(work) and is_marked(site) and is_marked(docs)
    (work / "mkdocs.yml").write_text("site_name: mine\n", encoding="utf-8")
    with pytest.raises(UnsafeOutput, match="did not write"):
        check_outputs({"--work": work}, {})


def test_the_root_of_the_file_system_is_refused():
    with pytest.raises(UnsafeOutput, match="root of the file system"):
        check_outputs({"--site": Path("/")}, {})


def test_a_zip_inside_the_inputs_or_in_place_of_a_folder_is_refused(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    with pytest.raises(UnsafeOutput, match="inside the content folder"):
        check_outputs({}, {"content": content}, files={"--out": content / "a.zip"})
    with pytest.raises(UnsafeOutput, match="is a folder"):
        check_outputs({}, {"content": content}, files={"--out": tmp_path})
    check_outputs({}, {"content": content}, files={"--out": tmp_path / "dist" / "a.zip"})


def test_the_site_is_readable_by_others_and_leftovers_of_killed_builds_go(project):
    """The site gets a folder's ordinary permissions, not a temporary folder's 0700; staging
    folders of builds that no longer run are removed by the next build, a running one's stay."""
    dead = project / f".s.new-{2 ** 22 + 12345}-abc"  # above Linux's default pid_max
    dead.mkdir()
    (dead / "index.html").write_text("half a site")
    alive = project / f".s.new-{os.getpid()}-xyz"
    alive.mkdir()
    result = cli("build", "--content", "content", "--work", "w", "--site", "s", cwd=project)
    assert result.returncode == 0, result.stderr
    mask = os.umask(0o022)
    os.umask(mask)
    assert (project / "s").stat().st_mode & 0o777 == 0o777 & ~mask
    assert not dead.exists() and alive.is_dir()
    assert [p.name for p in project.glob(".s.new-*")] == [alive.name]


HOLD = """
import sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
from generator.site.lock import exclusive
with exclusive(Path({docs!r})):
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_second_run_on_one_folder_refuses_and_leaves_the_site_as_it_was(project):
    """Two runs at once on one work folder (two terminals): the second says which run holds
    it and stops with exit 1; the site stays as it was; once the first ends, a build runs."""
    built = cli("build", "--content", "content", "--work", "w", "--site", "s", cwd=project)
    assert built.returncode == 0, built.stderr
    site = _tree(project / "s")
    holder = subprocess.Popen([sys.executable, "-c",
                               HOLD.format(repo=str(REPO), docs=str(project / "w" / "docs"))],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        for args in (["build", "--work", "w", "--site", "s"], ["render", "--out", "w/docs"],
                     ["bundle", "--work", "w", "--out", "b.zip"]):
            second = cli(*args, "--content", "content", cwd=project)
            assert second.returncode == 1, (args, second.stderr)
            assert "is being written by another run of the generator (process" in second.stderr
            assert "Traceback" not in second.stderr
        assert _tree(project / "s") == site and not (project / "b.zip").exists()
    finally:
        holder.kill()
        holder.wait()
    again = cli("build", "--content", "content", "--work", "w", "--site", "s", cwd=project)
    assert again.returncode == 0, again.stderr  # a killed holder leaves nothing locked
