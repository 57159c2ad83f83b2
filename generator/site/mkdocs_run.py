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

from .hooks.reuse import PREVIOUS_SITE_ENV, reuse_summary


@contextmanager
def staging_folder(site_dir: Path) -> Iterator[Path]:
    """A fresh folder beside `site_dir` for a build to write; removed at the end unless it was
    swapped in (renamed) meanwhile."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@dataclass
class MkdocsResult:
    ok: bool
    output: str  # MkDocs' warnings and errors
    pages: tuple[int, int] | None = None  # (built, copied from the previous site)


def run_mkdocs(config: Path, staging: Path, epoch: int,
               previous: Path | None = None) -> MkdocsResult:
    """`mkdocs build --strict` into `staging`. With `previous`, the site this build replaces,
    pages it already holds as this build would make them are copied from it
    (generator/site/hooks/reuse.py)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=str(epoch))
    env.pop(PREVIOUS_SITE_ENV, None)
    if previous is not None:
        env[PREVIOUS_SITE_ENV] = str(previous.resolve())
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
         "-f", str(config), "-d", str(staging.resolve())],
        capture_output=True, text=True, env=env, check=False,
    )
    # MkDocs logs INFO lines too; users need its warnings and errors (--quiet would hide the
    # warnings and, with them, what --strict counts).
    output = "\n".join(line for line in (proc.stdout + proc.stderr).splitlines()
                       if not line.startswith("INFO")).strip()
    if proc.returncode != 0:
        return MkdocsResult(False, output)
    return MkdocsResult(True, output, reuse_summary(config) if previous is not None else None)


def build_summary(site: str, total: float, render_s: float, written: int, files: int,
                  mkdocs_s: float, pages: tuple[int, int] | None, search_s: float,
                  search_note: str = "") -> str:
    """The last line of `generator build`: each step's time, and what a rebuild copied."""
    copied = (f" ({pages[0]:,} of {sum(pages):,} pages built, the others unchanged)"
              if pages and pages[1] else "")
    return (f"Built {site} in {total:.1f} s: render {render_s:.1f} s ({written:,} of {files:,}"
            f" files written), MkDocs {mkdocs_s:.1f} s{copied},"
            f" search index {search_s:.1f} s{search_note}")
