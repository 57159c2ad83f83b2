"""Pages written by the render workers (docs.render_docs): the same docs folder as pages
rendered here and written by emit, paths checked before anything is written."""

from __future__ import annotations

import pytest

from generator.model.check import check
from generator.pages.render import Job
from generator.site import docs
from generator.site.emit import EmitError, Emitted, emit_pages, write_if_changed
from generator.tools.sample import write_sample

from .conftest import REPO


def _tree(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    content = tmp_path_factory.mktemp("sample") / "content"
    write_sample(content, 3, 10)
    result = check(content)
    assert not result.failed()
    return result


def test_workers_write_the_docs_folder_emit_would(checked, tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTS_WORKERS", "2")
    templates = REPO / "templates"
    site, pages = docs.pages_for(checked.content, templates)
    docs.write_docs(pages, templates, tmp_path / "emit", checked.content, site)

    site, emitted = docs.render_docs(checked.content, templates, tmp_path / "workers")
    result = docs.write_docs([], templates, tmp_path / "workers", checked.content, site,
                                 emitted=emitted)
    assert len(emitted) >= 100 and all(item.written for item in emitted)
    assert set(result.written) >= {item.path for item in emitted}
    assert [item.path for item in emitted] == [page.path for page in pages]
    assert [item.size for item in emitted] == [len(page.data) for page in pages]
    assert _tree(tmp_path / "workers") == _tree(tmp_path / "emit")

    # Run again: nothing written; a stale page removed, the pages the workers kept are not.
    (tmp_path / "workers" / "countries" / "gone.md").write_text("old", encoding="utf-8")
    site, emitted = docs.render_docs(checked.content, templates, tmp_path / "workers")
    again = docs.write_docs([], templates, tmp_path / "workers", checked.content, site,
                                emitted=emitted)
    assert not any(item.written for item in emitted)
    assert again.written == [] and again.removed == ["countries/gone.md"]
    assert again.unchanged == len(result.written)
    assert _tree(tmp_path / "workers") == _tree(tmp_path / "emit")


def test_two_pages_on_one_path_stop_the_render_before_any_page_is_written(checked, tmp_path,
                                                                          monkeypatch):
    original = docs.page_jobs

    def clashing(site, search_page=True):
        jobs = original(site, search_page)
        return jobs + [Job("home", jobs[-1].path.upper())]  # one file on a case-blind disk
    monkeypatch.setattr(docs, "page_jobs", clashing)
    with pytest.raises(EmitError, match="two pages would be written to"):
        docs.render_docs(checked.content, REPO / "templates", tmp_path / "docs")
    assert not (tmp_path / "docs").exists()


def test_write_if_changed_compares_the_bytes_not_only_the_size(tmp_path):
    target = tmp_path / "a" / "page.md"
    assert write_if_changed(target, b"one") is True
    assert write_if_changed(target, b"one") is False
    assert write_if_changed(target, b"two") is True
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["page.md"]  # no temporary left


def test_emit_counts_and_keeps_the_pages_written_before(tmp_path):
    (tmp_path / "kept.md").write_text("written by a worker", encoding="utf-8")
    (tmp_path / "stale.md").write_text("old", encoding="utf-8")
    result = emit_pages([], tmp_path, {"extra.txt": b"x"},
                        emitted=[Emitted("kept.md", 19, True)])
    assert result.written == ["extra.txt", "kept.md"] and result.unchanged == 0
    assert result.removed == ["stale.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["extra.txt", "kept.md"]


def test_page_href_writes_links_as_the_built_site_has_them():
    """Links in raw HTML (a map's shapes) are not rewritten by MkDocs: page_href writes them in
    the build's style, folders on the website and .html files in the offline bundle."""
    from generator.pages.render import page_href

    cases = [  # from, to, website, offline bundle
        ("index.md", "countries/germany/index.md", "countries/germany/",
         "countries/germany/index.html"),
        ("rankings/fiw/2025.md", "countries/germany/fiw-2025.md#pr",
         "../../../countries/germany/fiw-2025/#pr", "../../countries/germany/fiw-2025.html#pr"),
        ("countries/germany/index.md", "index.md", "../../", "../../index.html"),
        ("countries/germany/fiw-2025.md", "countries/germany/index.md", "../", "index.html"),
        ("treaties/index.md", "treaties/treaties.csv", "treaties.csv", "treaties.csv"),
        ("compare/index.md", "compare/index.md#x", "./#x", "index.html#x"),
        ("compare/index.md", "#top", "#top", "#top"),
    ]
    for source, target, website, offline in cases:
        assert page_href(source, target) == website, (source, target)
        assert page_href(source, target, directory_urls=False) == offline, (source, target)


def test_an_election_event_shows_its_flag_in_words(tmp_path):
    """The tracker marks some events as elections (issue 27's importer reads the mark): the
    event's page shows a badge with the word, beside the watch flag where both are set."""
    from .conftest import country_files, write_content

    events = """\
tracker: gsod
events:
  - id: vote
    month: "2024-10"
    title: A general election
    body: Parties competed for every seat.
    election: true
    watch: true
  - id: quiet
    month: "2024-09"
    title: A quiet month
    body: Nothing of note.
"""
    content = write_content(tmp_path, country_files(**{"countries/ruritania/events.yml": events}))
    checked = check(content)
    assert not checked.failed(), checked.diagnostics
    _, pages = docs.pages_for(checked.content, REPO / "templates")
    tracker = next(p.text for p in pages if p.path == "countries/ruritania/tracker.md")
    vote, quiet = tracker.split("#### A quiet month")
    assert "Event to watch</span> <span class=\"watch-badge\">Election</span>" in vote
    assert "Election</span>" not in quiet and "watch-flag" not in quiet
