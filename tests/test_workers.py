"""Rendering on every core: the same pages as in one process, errors raised in the parent."""

from __future__ import annotations

import os

import pytest

from generator.model.check import check
from generator.pages.render import RenderError
from generator.site import docs
from generator.tools.sample import write_sample
from generator.workers import fork_map

from .conftest import REPO


def test_fork_map_returns_results_in_order_and_raises_a_workers_error(monkeypatch):
    assert fork_map(lambda n: [n] * n, 4) == [[], [1], [2, 2], [3, 3, 3]]

    def fails_in(share: int):
        def fn(n: int) -> int:
            if n == share:
                raise RenderError(f"report.md.j2:3: template error in share {n}")
            return n
        return fn
    with pytest.raises(RenderError, match="template error in share 2"):
        fork_map(fails_in(2), 3)
    # with first_here, the first share runs in this process; its error too is raised
    with pytest.raises(RenderError, match="template error in share 0"):
        fork_map(fails_in(0), 3, first_here=True)
    assert fork_map(lambda n: os.getpid(), 2).count(os.getpid()) == 0
    assert fork_map(lambda n: os.getpid(), 2, first_here=True)[0] == os.getpid()


def test_parallel_render_gives_the_pages_of_a_serial_one(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTS_WORKERS", "2")
    write_sample(tmp_path / "content", 3, 10)
    checked = check(tmp_path / "content")
    assert not checked.failed()
    _, serial = docs.pages_for(checked.content, REPO / "templates")
    _, parallel = docs.pages_for(checked.content, REPO / "templates", parallel=True)
    assert len(serial) >= 100  # enough for two workers
    assert [p.path for p in parallel] == [p.path for p in serial]
    assert parallel == serial


def test_map_in_workers_keeps_the_items_order(monkeypatch):
    from generator.workers import map_in_workers

    monkeypatch.setenv("REPORTS_WORKERS", "3")
    assert map_in_workers(lambda n: n * n, list(range(10)), minimum_per_worker=2) == \
        [n * n for n in range(10)]


def test_streamed_results_come_back_whole_and_a_failing_item_raises(monkeypatch):
    """A worker's results are pickled one by one to its spool file as it goes: each comes back
    equal to the serial result, an object shared within a result still shared, and an item
    that fails in a worker raises its error here."""
    from generator.workers import map_in_workers

    def make(n: int) -> dict:
        shared = [f"item {n}", n, {"nested": str(n) * 50}]
        return {"n": n, "first": shared, "again": shared, "text": "é" * (n * 1000)}
    monkeypatch.setenv("REPORTS_WORKERS", "3")
    results = map_in_workers(make, list(range(60)), minimum_per_worker=10)
    assert results == [make(n) for n in range(60)]
    assert all(r["first"] is r["again"] for r in results)

    def fails_late(n: int) -> int:
        if n == 55:  # in the last worker's run, after it has spooled others
            raise RenderError(f"report.md.j2:9: template error on item {n}")
        return n
    with pytest.raises(RenderError, match="template error on item 55"):
        map_in_workers(fails_late, list(range(60)), minimum_per_worker=10)


def test_map_in_workers_gives_each_worker_one_run_of_neighbouring_items(monkeypatch):
    """Items next to each other (a country's pages) go to the same worker: each worker then
    touches, and copies from the parent's memory, only the records of its own countries."""
    import os

    from generator.workers import map_in_workers

    monkeypatch.setenv("REPORTS_WORKERS", "2")
    pids = map_in_workers(lambda n: os.getpid(), list(range(101)), minimum_per_worker=10)
    runs = [pid for n, pid in enumerate(pids) if n == 0 or pids[n - 1] != pid]
    assert len(runs) == 2 and len(set(runs)) == 2
    assert pids.count(runs[0]) == 50
    assert runs[0] == os.getpid() != runs[1]  # the first run in this process, unpickled


def test_fork_map_leaves_the_collector_as_it_found_it():
    import gc

    # the forked shares start with the parent's objects frozen; this process's own share, and
    # this process afterwards, run with none frozen
    assert fork_map(lambda n: gc.get_freeze_count() > 0, 2) == [True, True]
    assert fork_map(lambda n: gc.get_freeze_count() > 0, 3, first_here=True) == \
        [False, True, True]
    assert gc.get_freeze_count() == 0


def test_rendered_report_views_keep_no_split_narrative(tmp_path):
    """The split narratives are made for a report's page and dropped once it is rendered; a
    second render gives the same page."""
    from generator.pages.render import render_site

    write_sample(tmp_path / "content", 1, 3)
    checked = check(tmp_path / "content")
    site, pages = docs.pages_for(checked.content, REPO / "templates")
    reports = [view for country in site.countries for view in country.reports]
    assert reports and any(view.report.summary for view in reports)
    for view in reports:
        assert not {"summary", "at_a_glance"} & set(vars(view))
        assert all("narrative" not in vars(category) for category in view.categories)
    assert render_site(site, REPO / "templates") == pages



def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS"))
    return int(line.split()[1]) / 1024


KEPT: list[str] = []  # what a cache would keep of a stage's objects


def test_in_child_returns_the_result_and_keeps_none_of_its_memory():
    from generator.workers import in_child, map_in_workers

    before = _rss_mb()

    def stage():
        held = [str(n) * 40 for n in range(2_000_000)]
        # One object in 500 kept pins most of CPython's memory pools: in this process, the
        # RSS would stay ~600 MB higher (measured) after the stage returned.
        KEPT.extend(held[::500])
        # its own workers, as the render's are: a child that is not a daemon may start them
        return len(held), map_in_workers(lambda n: n * n, list(range(100)), 10)
    count, squares = in_child(stage)
    assert count == 2_000_000 and squares == [n * n for n in range(100)]
    assert _rss_mb() - before < 50


def test_in_child_raises_its_error_here_with_the_childs_traceback():
    from generator.workers import in_child

    def stage():
        raise RenderError("report.md.j2:3: template error")
    with pytest.raises(RenderError, match="template error") as caught:
        in_child(stage)
    assert "In a forked process" in caught.value.__notes__[0]
    assert "in stage" in caught.value.__notes__[0]
