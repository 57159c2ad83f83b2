"""Stage 7, MkDocs: `mkdocs build --strict` on the generated configuration into a fresh folder
beside the site (`staging_folder`), which the build swaps in for the site only when every later
stage succeeded too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .. import PROJECT
from .faults import read_fault
from .hooks.reuse import PREVIOUS_SITE_ENV, reuse_summary


@contextmanager
def staging_folder(site_dir: Path) -> Iterator[Path]:
    """A fresh folder beside `site_dir` for a build to write; removed at the end unless it was
    swapped in (renamed) meanwhile. Its name carries this process's id, so that the next build
    removes what a killed one left (`remove_leftovers`). It gets the permissions a folder made
    with `mkdir` would have (the temporary folder's 0700 would make the site unreadable to a
    web server running as another user)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(site_dir)
    old = site_dir.with_name(f".{site_dir.name}.old")
    if old.is_dir() and not site_dir.exists():  # a build stopped between swap_in's renames
        os.replace(old, site_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-{os.getpid()}-",
                                    dir=site_dir.parent))
    try:
        os.chmod(staging, 0o777 & ~_umask())
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_leftovers(site_dir: Path) -> list[Path]:
    """Remove the staging folders beside `site_dir` of builds whose process no longer runs
    (killed, or the machine stopped); those of running builds stay. Returns what it removed."""
    removed = []
    for folder in site_dir.parent.glob(f".{site_dir.name}.new-*"):
        pid = folder.name[len(f".{site_dir.name}.new-"):].partition("-")[0]
        if not pid.isdigit() or _running(int(pid)):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


@dataclass
class MkdocsResult:
    ok: bool
    output: str  # MkDocs' warnings and errors
    fault: OSError | None = None  # a fault of the machine that stopped it (faults.py)
    pages: tuple[int, int] | None = None  # (built, copied from the previous site)


def run_mkdocs(config: Path, staging: Path, epoch: int,
               previous: Path | None = None) -> MkdocsResult:
    """`mkdocs build --strict` into `staging`. With `previous`, the site this build replaces,
    pages it already holds as this build would make them are copied from it
    (generator/site/hooks/reuse.py)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=str(epoch),
               PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT),
                                                         os.environ.get("PYTHONPATH")])))
    env.pop(PREVIOUS_SITE_ENV, None)
    if previous is not None:
        env[PREVIOUS_SITE_ENV] = str(previous.resolve())
    proc = subprocess.run(
        [sys.executable, "-m", "generator.site.mkdocs_main", "build", "--strict", "--clean",
         "-f", str(config), "-d", str(staging.resolve())],
        capture_output=True, text=True, env=env, check=False,
    )
    # MkDocs logs INFO lines too; users need its warnings and errors (--quiet would hide the
    # warnings and, with them, what --strict counts).
    output = "\n".join(line for line in (proc.stdout + proc.stderr).splitlines()
                       if not line.startswith("INFO")).strip()
    if proc.returncode != 0:
        return MkdocsResult(False, output, read_fault(proc.stderr))
    pages = reuse_summary(config) if previous is not None else None
    return MkdocsResult(True, output, None, pages)


def build_summary(site: str, total: float, render_s: float, written: int, files: int,
                  mkdocs_s: float, pages: tuple[int, int] | None, search_s: float,
                  search_note: str = "") -> str:
    """The last line of `generator build`: each step's time, and what a rebuild copied."""
    copied = (f" ({pages[0]:,} of {sum(pages):,} pages built, the others unchanged)"
              if pages and pages[1] else "")
    return (f"Built {site} in {total:.1f} s: render {render_s:.1f} s ({written:,} of {files:,}"
            f" files written), MkDocs {mkdocs_s:.1f} s{copied},"
            f" search index {search_s:.1f} s{search_note}")
