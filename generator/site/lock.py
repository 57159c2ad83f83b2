"""One run at a time on a docs folder: two terminals, or `serve` beside `build`, on one
checkout.

A run holds an advisory lock (`fcntl.flock`) on a file beside the docs folder it writes
(`.<docs>.lock`, where the render's record already lives) for as long as it writes the folder
and builds from it. A second run refuses at once with a message naming the first (`Busy`), or,
for `serve`'s re-renders, waits for it. The lock goes with the process that holds it, however it
ends, so a killed run never leaves the folder locked. A run that ends empties the file; one
that finds it written removes the temporary files a killed run left in the folder.
"""

from __future__ import annotations

import fcntl
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .emit import remove_temporaries


class Busy(Exception):
    """Another run of the generator is writing the folder; the message names it."""


def lock_path(docs: Path) -> Path:
    return docs.parent / f".{docs.name}.lock"


@contextmanager
def exclusive(docs: Path, wait: bool = False) -> Iterator[None]:
    """Hold the lock of the docs folder `docs` while the block runs; raise Busy when another
    run holds it (with `wait`, wait for it instead)."""
    path = lock_path(docs)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            raise Busy(f"'{docs}' is being written by another run of the generator ({holder});"
                       " wait for it to end, or give another folder") from None
        died = os.pread(fd, 1, 0) != b""  # the last holder ended without emptying the file
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"process {os.getpid()}: generator {' '.join(sys.argv[1:2])}".encode(), 0)
        if died:  # killed while it wrote: its temporary files would stay in the folder
            remove_temporaries(docs)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)  # a run that ends, well or with an error, leaves it empty
    finally:
        os.close(fd)  # releases the lock
