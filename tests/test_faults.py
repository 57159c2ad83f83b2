"""Faults of the machine, made real: a full disk and a read-only file system (a small tmpfs
mounted for the test), folders and files the user may not read or write, a build killed at any
moment. Each ends in one located line with advice and exit 1; the previous site stays byte for
byte; no staging folder is left; and the next build, once the fault is gone, equals a build
from scratch.

Mounting needs root (or a user namespace); when permissions cannot bind the test process
(root), the command runs without the capabilities that override them (setpriv). Tests that
cannot set their fault up here are skipped, saying why.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import REPO, country_files, write_content

REPORT = "countries/ruritania/reports/nit-2022.yml"
SPACE = "no space left on device; free some space there (or choose a folder on another disk)" \
        " and run again"
ACCESS = "permission denied; check the permissions of that file or folder, or choose another" \
         " folder"
KEPT = "Aborted: the build failed; 'out/site' was left as it was"
# as root, drop the capabilities that let root read and write whatever the permissions say
UNPRIVILEGED = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def run(root: Path, *args: str, as_user: bool = False) -> subprocess.CompletedProcess:
    """`python -m generator ARGS` in `root`; never a traceback or an internal error."""
    prefix = UNPRIVILEGED if as_user and os.geteuid() == 0 else []
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([*prefix, sys.executable, "-m", "generator", *args], cwd=root,
                          env=env, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1), proc.stderr
    return proc


def build(root: Path, **kw) -> subprocess.CompletedProcess:
    return run(root, "build", "--content", "content", "--site", "out/site", "--work",
               "out/work", **kw)


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def left_behind(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".site"))


def edit(root: Path) -> None:
    """An edit to the narrative: the next build has pages to write."""
    path = root / "content" / REPORT
    path.write_text(path.read_text(encoding="utf-8").replace("January", "February"),
                    encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_content(tmp_path, country_files())
    (tmp_path / "out").mkdir()
    return tmp_path


@pytest.fixture
def small_disk(project: Path):
    """out/ on an 8 MB tmpfs of its own, unmounted at the end."""
    out = project / "out"
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "none", str(out)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {proc.stderr.strip()}")
    try:
        yield out
    finally:
        subprocess.run(["umount", "-l", str(out)], check=False)


@pytest.fixture
def unprivileged():
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions do not bind")


def fill(out: Path, leave_kb: int) -> None:
    """Fill the file system of `out` up to `leave_kb` free."""
    stats = os.statvfs(out)
    free = stats.f_bavail * stats.f_frsize - leave_kb * 1024
    if free > 0:
        with open(out / "fill", "wb") as handle:
            handle.write(b"\0" * free)


# Free space left for the second build: none (the render fails), some (MkDocs fails while copying
# the theme's files) and nearly enough (the search index fails; Pagefind itself exits 0).
@pytest.mark.parametrize("leave_kb", [0, 200, 1000, 2900])
def test_disk_full_keeps_the_site_and_the_next_build_recovers(project, small_disk, tmp_path,
                                                              leave_kb):
    assert build(project).returncode == 0
    before = digests(small_disk / "site")
    edit(project)
    fill(small_disk, leave_kb)
    proc = build(project)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("error: out/") and lines[0].endswith(SPACE), lines
    assert lines[1] == KEPT
    assert digests(small_disk / "site") == before
    assert left_behind(small_disk) == []
    (small_disk / "fill").unlink()
    assert build(project).returncode == 0  # the work folder is not left in a broken state
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    shutil.copytree(project / "content", fresh / "content")
    (fresh / "out").mkdir()
    assert build(fresh).returncode == 0
    assert digests(small_disk / "site") == digests(fresh / "out" / "site")


def test_read_only_file_system(project, small_disk):
    assert build(project).returncode == 0
    before = digests(small_disk / "site")
    edit(project)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    proc = build(project)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("error: out/work") and lines[0].endswith(
        "read-only file system; the file system is read-only: choose a folder on a writable"
        " one"), lines
    assert digests(small_disk / "site") == before


def test_bundle_on_a_full_disk_keeps_no_half_zip(project, small_disk):
    fill(small_disk, 0)
    proc = run(project, "bundle", "--content", "content", "--work", "out/work", "--out",
               "out/site.zip")
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0].endswith(SPACE), proc.stderr
    assert not (small_disk / "site.zip").exists()


@pytest.mark.usefixtures("unprivileged")
def test_site_folder_that_may_not_be_written(project):
    assert build(project).returncode == 0
    before = digests(project / "out" / "site")
    edit(project)
    os.chmod(project / "out", 0o555)
    try:
        proc = build(project, as_user=True)
    finally:
        os.chmod(project / "out", 0o755)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith("error: out/") and lines[0].endswith(ACCESS), \
        lines
    assert digests(project / "out" / "site") == before


@pytest.mark.usefixtures("unprivileged")
def test_render_into_a_folder_that_may_not_be_written(project):
    os.chmod(project / "out", 0o555)
    try:
        proc = run(project, "render", "--content", "content", "--out", "out/docs", as_user=True)
    finally:
        os.chmod(project / "out", 0o755)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [f"error: out/.docs.lock: {ACCESS}"]  # the first write


@pytest.mark.usefixtures("unprivileged")
@pytest.mark.parametrize("what, mode, line", [
    (REPORT, 0o000, f"content/{REPORT}: error: cannot read the file (permission denied),"
                    " expected a file the generator can read: check its permissions"),
    ("countries/ruritania/reports", 0o000, "content/countries/ruritania/reports: error: cannot"
     " list the folder (permission denied), expected a folder the generator can read: check"
     " its permissions"),
    ("countries/ruritania", 0o311, "content/countries/ruritania: error: cannot list the folder"
     " (permission denied), expected a folder the generator can read: check its permissions"),
])
def test_unreadable_content_is_named_never_skipped(project, what, mode, line):
    path = project / "content" / what
    old = stat.S_IMODE(path.stat().st_mode)
    os.chmod(path, mode)
    try:
        proc = run(project, "validate", "--content", "content", as_user=True)
    finally:
        os.chmod(path, old)
    assert proc.returncode == 1
    assert line in proc.stderr.splitlines(), proc.stderr


@pytest.mark.parametrize("make, line", [
    (lambda p: os.mkfifo(p / "countries/ruritania/events.yml"),
     "content/countries/ruritania/events.yml: error: not a regular file (a named pipe, socket"
     " or device), expected a YAML file"),
    (lambda p: (p / "countries/ruritania/events.yml").mkdir(),
     "content/countries/ruritania/events.yml: error: a folder where a file is expected,"
     " expected a YAML file of that name"),
    (lambda p: (p / "countries/ruritania/reports/fiw-2022.yml").mkdir(),
     "content/countries/ruritania/reports/fiw-2022.yml: error: a folder where a file is"
     " expected, expected a YAML file of that name"),
])
def test_entries_that_are_not_files(project, make, line):
    make(project / "content")
    proc = run(project, "validate", "--content", "content")
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [line, "Aborted: 1 error, 0 warnings in 1 file"]


@pytest.mark.parametrize("after", [0.3, 0.8, 1.3, 1.8])
def test_a_killed_build_leaves_the_site_and_the_next_build_cleans_up(project, after):
    """Killed (SIGKILL, with its children) at some moment: the site is the previous one, or the
    new one whole; the next build removes what the killed one left and equals a fresh build."""
    assert build(project).returncode == 0
    out = project / "out"
    before = digests(out / "site")
    edit(project)
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_MKDOCS_2_WARNING="1")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", "--content", "content",
                             "--site", "out/site", "--work", "out/work"], cwd=project, env=env,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(after)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    middle = digests(out / "site")
    assert build(project).returncode == 0
    after_rebuild = digests(out / "site")
    assert middle in (before, after_rebuild)
    assert left_behind(out) == []
    assert sorted(p.name for p in (out / "work").iterdir() if p.name.startswith(".docs.new"))\
        == []
    assert [p for p in (out / "work").rglob("*") if p.name.endswith(".tmp")] == []


def test_the_run_after_a_killed_one_removes_the_files_it_left_half_written(project):
    """A run killed mid-write leaves write_atomic's temporary files in the docs folder, and its
    name in the lock file (a run that ends empties it): the next run removes them."""
    assert run(project, "render", "--content", "content", "--out", "out/docs").returncode == 0
    docs = project / "out" / "docs"
    assert (project / "out" / ".docs.lock").read_bytes() == b""  # ended: emptied
    left = [docs / ".index.md.4194303-7.tmp", docs / "countries" / ".ruritania.md.4194303-8.tmp"]
    for path in left:
        path.write_text("half a pa", encoding="utf-8")
    (docs / ".editor-swap.tmp").write_text("not the generator's", encoding="utf-8")
    (project / "out" / ".docs.lock").write_text("process 4194303: generator render")
    assert run(project, "render", "--content", "content", "--out", "out/docs").returncode == 0
    assert not any(path.exists() for path in left)
    assert (docs / ".editor-swap.tmp").exists()
