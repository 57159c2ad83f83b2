"""When each content file last changed, from git history (committed changes only).

Dates come from commits, not from the clock or file times, so the same commit always gives the
same pages. Outside a git work tree, or without git, no dates are known and pages omit them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def last_changed(content_dir: Path) -> dict[str, str]:
    """Map of path (relative to content_dir, posix) to the date (YYYY-MM-DD) of its last commit."""
    root = content_dir.resolve()
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root,
                             capture_output=True, text=True, check=True).stdout.strip()
        log = subprocess.run(
            ["git", "log", "--format=@%cs", "--name-only", "--no-renames", "--", "."],
            cwd=root, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    prefix = root.relative_to(Path(top).resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    dates: dict[str, str] = {}
    current = ""
    for line in log.splitlines():
        if line.startswith("@"):
            current = line[1:]
        elif line and line.startswith(prefix):
            dates.setdefault(line[len(prefix):], current)  # newest commit comes first
    return dates
