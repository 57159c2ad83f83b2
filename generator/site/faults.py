"""Faults of the machine, not of the content: a full disk, a read-only file system, a folder
the user may not write. Each becomes one line that says what happened, where, and what to do,
with exit code 1 (generator/cli.py), instead of an internal error or MkDocs' traceback.
"""

from __future__ import annotations

import errno
import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

SPACE = "free some space there (or choose a folder on another disk) and run again"
ACCESS = "check the permissions of that file or folder, or choose another folder"
ADVICE = {
    errno.ENOSPC: SPACE,
    errno.EDQUOT: SPACE,
    errno.EFBIG: SPACE,
    errno.EROFS: "the file system is read-only: choose a folder on a writable one",
    errno.EACCES: ACCESS,
    errno.EPERM: ACCESS,
    errno.EMFILE: "too many files are open: raise the limit (ulimit -n) and run again",
    errno.ENFILE: "too many files are open on this machine: close some programs and run again",
    errno.EIO: "the disk reported an input/output error: check the disk, then run again",
    errno.ENAMETOOLONG: "the path is too long for the file system: choose a shorter folder",
    errno.ENOTDIR: "a file stands where a folder is needed: move it away or choose another"
                   " folder",
    errno.ELOOP: "symbolic links there lead in a loop: fix or remove them",
    errno.ENOMEM: "the machine ran out of memory: close some programs and run again",
}

# What run_mkdocs's child prints before it ends on a fault (see mkdocs_main.py).
MARK = "generator-os-error: "


def is_machine_fault(exc: BaseException) -> bool:
    """Whether `exc` is a fault of the machine (disk, permissions, limits) with advice to give."""
    return isinstance(exc, OSError) and exc.errno in ADVICE


def fault_line(exc: OSError, display: Callable[[Path], str] = Path.as_posix,
               renames: dict[Path | None, Path] | None = None) -> str:
    """`error: PATH: what happened; what to do`. A path inside a folder of `renames` (a
    staging folder, whose name holds a process id) is shown inside the folder it stands for,
    so that the message is the same in every run."""
    # a copy names its source and its target; the target is where space or rights lacked
    renames = renames or {}
    name = exc.filename2 if exc.filename2 is not None else exc.filename
    where = ""
    if name is not None:
        path = Path(os.fsdecode(name))
        for staging, shown in renames.items():
            if staging is not None and path.is_relative_to(staging):
                path = shown / path.relative_to(staging)
        where = f"{display(path)}: "
    elif renames.get(None) is not None:
        where = f"{display(renames[None])}: "
    what = (exc.strerror or str(exc)).lower()
    return f"error: {where}{what}; {ADVICE.get(exc.errno, 'check the machine and run again')}"


def report_fault(exc: OSError) -> str:
    """The line a child process prints for `exc`, which `read_fault` turns back into it."""
    return MARK + json.dumps([exc.errno, exc.strerror, _text(exc.filename),
                              _text(exc.filename2)])


def read_fault(output: str) -> OSError | None:
    """The fault a child process reported in its `output` (report_fault), if any."""
    for line in output.splitlines():
        if line.startswith(MARK):
            number, strerror, name, name2 = json.loads(line[len(MARK):])
            return OSError(number, strerror, name, None, name2)
    return None


def _text(name: object) -> str | None:
    return None if name is None else os.fsdecode(name) if isinstance(name, (str, bytes)) \
        else str(name)


class MachineFault(Exception):
    """A fault of the machine stopped the run; the message is the one line to print."""


@contextmanager
def machine_faults(display: Callable[[Path], str] = Path.as_posix, where: Path | None = None
                   ) -> Iterator[dict[Path | None, Path]]:
    """Within it, a fault of the machine becomes a MachineFault with its line (`fault_line`).
    It yields the renames for that line, to which a stage adds its staging folder; the entry
    for None names the folder being written when a fault names no file (`where` at first)."""
    renames: dict[Path | None, Path] = {None: where} if where is not None else {}
    try:
        yield renames
    except OSError as exc:
        if not is_machine_fault(exc):
            raise
        raise MachineFault(fault_line(exc, display, renames)) from exc
