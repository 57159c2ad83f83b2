"""Stage 6, emit: pages to a docs folder on disk, writing only what changed, atomically."""

from __future__ import annotations

import ctypes
import errno
import itertools
import os
import posixpath
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol, Sequence

from .outputs import MARK

if TYPE_CHECKING:
    from ..pages.render import Page


class EmitError(Exception):
    """The pages cannot be written as asked (two pages on one path, a path leaving the folder)."""


@dataclass(frozen=True)
class EmitResult:
    written: list[str]
    unchanged: int
    removed: list[str]


class Emitted(NamedTuple):
    """A page a render worker wrote (or found already there, the same): path, bytes, written."""

    path: str
    size: int
    written: bool


class _HasPath(Protocol):
    path: str


def check_paths(pages: Sequence[_HasPath]) -> None:
    """Refuse two pages on one path, and any path that is absolute or climbs out of the folder
    (pages, or the render jobs that will write them)."""
    seen: set[str] = set()
    for page in pages:
        norm = posixpath.normpath(page.path)
        if norm != page.path or norm.startswith(("/", "../")) or norm == ".." or "\\" in norm:
            raise EmitError(f"page path '{page.path}' leaves the output folder")
        key = norm.casefold()  # one file on case-insensitive disks
        if key in seen:
            raise EmitError(f"two pages would be written to '{page.path}'")
        seen.add(key)


def emit_pages(pages: list[Page], out_dir: Path, extra_files: dict[str, bytes] | None = None,
               prune: bool = True, emitted: Sequence[Emitted] = ()) -> EmitResult:
    """Write pages (and extra files) under out_dir; leave identical files alone; drop stale ones.
    `emitted`: the pages the render workers already wrote there (docs.render_docs, which
    checked their paths before writing any)."""
    check_paths(pages)
    wanted: dict[str, Page | bytes] = {p.path: p for p in pages}  # pages unpacked one by one
    for path, data in (extra_files or {}).items():
        wanted[path] = data
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [item.path for item in emitted if item.written]
    unchanged = len(emitted) - len(written)
    for rel, item in sorted(wanted.items()):
        if write_if_changed(out_dir / rel, item if isinstance(item, bytes) else item.data):
            written.append(rel)
        else:
            unchanged += 1
    removed = []
    if prune:
        keep = set(wanted).union(item.path for item in emitted)
        keep.add(MARK)  # the folder stays the generator's (outputs.py)
        for path in sorted(out_dir.rglob("*"), reverse=True):
            rel = path.relative_to(out_dir).as_posix()
            if path.is_file() and rel not in keep:
                path.unlink()
                removed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return EmitResult(sorted(written), unchanged, sorted(removed))


def emit_text(out_dir: Path, rel: str, text: str) -> Emitted:
    """One page written under out_dir unless the file there already holds it."""
    data = text.encode("utf-8")
    return Emitted(rel, len(data), write_if_changed(out_dir / rel, data))


def write_if_changed(target: Path, data: bytes) -> bool:
    """Write `data` to `target` atomically unless the file holds exactly it; True if written."""
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(target, data)
    return True


# write_atomic's temporary names: `.<name>.<pid>-<n>.tmp`.
_TEMPORARY = re.compile(r"\..+\.\d+-\d+\.tmp")


def remove_temporaries(folder: Path) -> int:
    """Remove the temporary files write_atomic leaves under `folder` when its process is
    killed mid-write; returns how many. Call it only while no other process writes there."""
    removed = 0
    for parent, _, names in os.walk(folder):
        for name in names:
            if _TEMPORARY.fullmatch(name):
                Path(parent, name).unlink(missing_ok=True)
                removed += 1
    return removed


def write_atomic(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename it into place.

    The temporary name is this process's own (pid and a counter), made with O_EXCL: no
    mkstemp and chmod, and no mkdir for a folder this process made already (at thousands of
    pages, these were a large part of the writing's system calls)."""
    parent = target.parent
    if parent not in _MADE_DIRS:
        parent.mkdir(parents=True, exist_ok=True)
        _MADE_DIRS.add(parent)
    # The name is cut: with the dot, the process's part and ".tmp", a target name of 240+
    # characters would make the temporary name longer than the 255 bytes a file system allows.
    tmp = parent / f".{target.name[:80]}.{os.getpid()}-{next(_TMP_NUMBERS)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    try:
        fd = os.open(tmp, flags, 0o644)
    except FileNotFoundError:  # the folder was removed since (an empty one is pruned)
        parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, flags, 0o644)
    try:
        try:
            os.fchmod(fd, 0o644)  # whatever the umask, as the rest of the folder
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


_MADE_DIRS: set[Path] = set()  # folders this process has made or found
_TMP_NUMBERS = itertools.count()


def swap_in(new_dir: Path, target: Path) -> None:
    """Replace `target` by `new_dir`: in one step where the system can exchange two folders
    (Linux), so that no moment passes without the site; `new_dir` then holds the old tree, which
    its maker removes. Elsewhere with two renames (the next build puts the old tree back should
    this one stop between them: mkdocs_run.staging_folder); the old tree is removed afterwards."""
    if target.exists() and _exchange(new_dir, target):
        return
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new_dir, target)
    if old.exists():
        shutil.rmtree(old)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (renameat2 with RENAME_EXCHANGE); False where the system
    or the file system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_cwd, exchange = -100, 2  # AT_FDCWD, RENAME_EXCHANGE
    if renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), exchange) == 0:
        return True
    number = ctypes.get_errno()
    if number in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(number, os.strerror(number), str(a), None, str(b))
