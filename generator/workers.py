"""Work spread over the machine's cores: forked processes, results back in order.

Forked children share the parent's memory as it was (the derived site, the parsed content)
without pickling it; only what they return travels back, pickled to a temporary file (`_run`).
REPORTS_WORKERS sets how many run (default: one per core); 1 runs everything in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import subprocess
import tempfile
import traceback
from typing import BinaryIO, Callable, Iterable, Sequence, TypeVar

R = TypeVar("R")
T = TypeVar("T")


def worker_count(items: int, minimum_per_worker: int = 50) -> int:
    wanted = os.environ.get("REPORTS_WORKERS", "")
    workers = int(wanted) if wanted.isdigit() and int(wanted) > 0 else (os.cpu_count() or 1)
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(workers, items // minimum_per_worker))


class Streamed:
    """A forked share's results as they are made: each is pickled to the share's spool file
    as soon as it exists, while the share works on (see `_run`), instead of all at its end."""

    def __init__(self, items: Iterable) -> None:
        self.items = items


def _run(fn: Callable[[int], R], share: int, conn, spool: BinaryIO) -> None:
    """Run one forked share: its result goes to `spool`, a temporary file the parent made
    before forking, and only the outcome through the pipe. Through the pipe, the checked records
    went only once the shares had finished (the parent, busy with its own share, could not read
    them any earlier), which added their whole transfer to the check; a file takes what the child
    writes at any time, so a `Streamed` result is pickled while the child works, and the parent
    only reads it back."""
    try:
        result = fn(share)
        if isinstance(result, Streamed):
            count = 0
            for item in result.items:
                pickle.dump(item, spool, protocol=pickle.HIGHEST_PROTOCOL)
                count += 1
            outcome: tuple = ("streamed", count)
        else:
            pickle.dump(result, spool, protocol=pickle.HIGHEST_PROTOCOL)
            outcome = ("ok", None)
        spool.flush()
        conn.send(outcome)
    except BaseException as exc:  # noqa: BLE001 - sent to the parent, which raises it
        # the traceback stays here: shown under the parent's (python -m generator --debug)
        exc.add_note("In a forked process:\n" + traceback.format_exc().rstrip())
        try:
            conn.send(("error", exc))
        except Exception:  # noqa: BLE001 - the exception itself does not pickle
            conn.send(("error", RuntimeError(traceback.format_exc())))
    finally:
        conn.close()


def _read_spool(spool: BinaryIO, status: str, count: int | None):
    """What `_run` wrote to the spool: the result, or the list of a Streamed result's items."""
    spool.seek(0)
    if status == "streamed":  # one pickle an item, each with its own memo: one load each
        return [pickle.load(spool) for _ in range(count or 0)]
    return pickle.load(spool)


def fork_map(fn: Callable[[int], R], shares: int, first_here: bool = False) -> list[R]:
    """[fn(0), ..., fn(shares - 1)], each call in its own forked process, all at once; an
    exception raised in any is raised here. `first_here`: fn(0) runs in this process, while
    the others run, for a fn that may (it changes nothing a later step relies on); only the
    forked calls' results are then pickled and sent back (map_in_workers)."""
    if shares <= 1:
        return [fn(share) for share in range(shares)]
    return _forked(fn, shares, daemon=True, first_here=first_here)


def batch_gc() -> None:
    """Fewer of CPython's cyclic garbage collections, for a process that runs the stages: they
    make millions of objects that live until the end (records, positions, views), and with the
    defaults (a collection every 700 new objects, a full one every 100 of those) the check
    spends much of its time walking them again and again. Cycles are still collected, after
    100,000 new objects instead of 700."""
    gc.set_threshold(100_000, 50, 1000)


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
            spool = tempfile.TemporaryFile(prefix="reports-worker-")  # gone once closed
            process = context.Process(target=_run, args=(fn, share, send, spool), daemon=daemon)
            process.start()
            send.close()
            running.append((process, receive, spool))
    finally:
        gc.unfreeze()
    results, problem = [], None
    if first_here:
        try:
            results.append(fn(0))
        except Exception as exc:  # noqa: BLE001 - raised once the workers are collected
            problem = exc
        except BaseException:  # Ctrl-C: the workers are stopped, not waited for
            for process, _, spool in running:
                process.terminate()
                spool.close()
            raise
    for process, receive, spool in running:
        with spool:
            try:
                status, value = receive.recv()
            except EOFError:
                status, value = "error", RuntimeError(
                    f"a worker process ended with code {process.exitcode}")
            process.join()
            if status == "error":
                if problem is None:
                    problem = value
            elif problem is None:
                results.append(_read_spool(spool, status, value))
    if problem is not None:
        raise problem
    return results


def map_in_workers(fn: Callable[[T], R], items: Sequence[T], minimum_per_worker: int = 50,
                   parallel: bool = True) -> list[R]:
    """[fn(item) for item in items] in workers (one per core, each with at least
    `minimum_per_worker` items), each given one run of neighbouring items (a country's pages
    stay together, so a worker copies from the parent only the records it touches); the
    results in the items' order. The first run is this process's own: its results are not
    pickled and sent (a run's checked records are large). The workers' results
    are Streamed: each pickled as soon as it is made."""
    workers = worker_count(len(items), minimum_per_worker) if parallel else 1
    cuts = [len(items) * n // workers for n in range(workers + 1)]

    def share(n: int):
        run = (fn(item) for item in items[cuts[n]:cuts[n + 1]])
        return list(run) if n == 0 else Streamed(run)  # share 0 runs here: nothing to send
    shares = fork_map(share, workers, first_here=True)
    return [result for share in shares for result in share]


def stop_gently(proc: subprocess.Popen, grace: float = 10) -> None:
    """End a child that may be shutting down already (Ctrl-C in a terminal reaches the whole
    process group): give it time to clean up, then ask with SIGINT, and only then terminate."""
    for step in (lambda: None, lambda: proc.send_signal(signal.SIGINT), proc.terminate):
        if proc.poll() is not None:
            return
        step()
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue
    proc.kill()
    proc.wait()
