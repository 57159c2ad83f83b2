"""Work spread over the machine's cores: forked processes, results back in order.

Forked children share the parent's memory as it was (the derived site, the parsed content)
without pickling it; only what they return travels back through a pipe. REPORTS_WORKERS sets how
many run (default: one per core); 1 runs everything in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import traceback
from typing import Callable, Sequence, TypeVar

R = TypeVar("R")
T = TypeVar("T")


def worker_count(items: int, minimum_per_worker: int = 50) -> int:
    wanted = os.environ.get("REPORTS_WORKERS", "")
    workers = int(wanted) if wanted.isdigit() and int(wanted) > 0 else (os.cpu_count() or 1)
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(workers, items // minimum_per_worker))


def _run(fn: Callable[[int], R], share: int, conn) -> None:
    try:
        conn.send(("ok", fn(share)))
    except BaseException as exc:  # noqa: BLE001 - sent to the parent, which raises it
        # the traceback stays here: shown under the parent's (python -m generator --debug)
        exc.add_note("In a forked process:\n" + traceback.format_exc().rstrip())
        try:
            conn.send(("error", exc))
        except Exception:  # noqa: BLE001 - the exception itself does not pickle
            conn.send(("error", RuntimeError(traceback.format_exc())))
    finally:
        conn.close()


def fork_map(fn: Callable[[int], R], shares: int, first_here: bool = False) -> list[R]:
    """[fn(0), ..., fn(shares - 1)], each call in its own forked process, all at once; an
    exception raised in any is raised here. `first_here`: fn(0) runs in this process, while
    the others run, for a fn that may (it changes nothing a later step relies on); only the
    forked calls' results are then pickled and sent back (map_in_workers)."""
    if shares <= 1:
        return [fn(share) for share in range(shares)]
    return _forked(fn, shares, daemon=True, first_here=first_here)


def in_child(fn: Callable[[], R]) -> R:
    """fn() in a forked process, its result (or exception) sent back. CPython keeps the memory
    it freed for itself, so a stage that held gigabytes would keep them while later stages
    run; a child's memory goes back to the system when it ends. The child may fork workers."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return fn()
    # not a daemon: multiprocessing refuses to start a daemon's own workers
    return _forked(lambda _: fn(), 1, daemon=False)[0]


def _forked(fn: Callable[[int], R], shares: int, daemon: bool,
            first_here: bool = False) -> list[R]:
    """The calls in forked processes (`first_here`: fn(0) in this one, once the others have
    started); their results in order."""
    context = multiprocessing.get_context("fork")
    running = []
    gc.freeze()  # the children's collections then leave the parent's objects (and pages) alone
    try:
        for share in range(1 if first_here else 0, shares):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_run, args=(fn, share, send), daemon=daemon)
            process.start()
            send.close()
            running.append((process, receive))
    finally:
        gc.unfreeze()
    results, problem = [], None
    if first_here:
        try:
            results.append(fn(0))
        except Exception as exc:  # noqa: BLE001 - raised once the workers are collected
            problem = exc
        except BaseException:  # Ctrl-C: the workers are stopped, not waited for
            for process, _ in running:
                process.terminate()
            raise
    for process, receive in running:
        try:
            status, value = receive.recv()
        except EOFError:
            status, value = "error", RuntimeError(
                f"a worker process ended with code {process.exitcode}")
        process.join()
        if status == "ok":
            results.append(value)
        elif problem is None:
            problem = value
    if problem is not None:
        raise problem
    return results


def map_in_workers(fn: Callable[[T], R], items: Sequence[T], minimum_per_worker: int = 50,
                   parallel: bool = True) -> list[R]:
    """[fn(item) for item in items] in workers (one per core, each with at least
    `minimum_per_worker` items), each given one run of neighbouring items (a country's pages
    stay together, so a worker copies from the parent only the records it touches); the
    results in the items' order. The first run is this process's own: its results are not
    pickled and sent (at 200 x 30 the checked records are 115 MB a run, about a second to
    send and as long to receive)."""
    workers = worker_count(len(items), minimum_per_worker) if parallel else 1
    cuts = [len(items) * n // workers for n in range(workers + 1)]
    shares = fork_map(lambda n: [fn(item) for item in items[cuts[n]:cuts[n + 1]]], workers,
                      first_here=True)
    return [result for share in shares for result in share]
