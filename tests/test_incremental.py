"""`generator render` after an edit: one country's pages when only its narratives changed, a full
render otherwise, and always the same docs folder and the same problems as a full render."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.site.incremental import parsed_path, state_path
from generator.tools.sample import write_sample

REPO = Path(__file__).resolve().parent.parent


def render(content: Path, out: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "SITE_NOINDEX")}
    return subprocess.run([sys.executable, "-m", "generator", "render", "--content", str(content),
                           "--out", str(out)], capture_output=True, text=True, cwd=REPO, env=env)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def stamps(root: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(root).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino)
            for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("sample") / "content"
    write_sample(content, 3, 3)
    return content


@pytest.fixture
def work(sample, tmp_path) -> tuple[Path, Path]:
    """A copy of the sample, rendered once (which records the state)."""
    content = tmp_path / "content"
    shutil.copytree(sample, content)
    out = tmp_path / "build" / "docs"
    proc = render(content, out)
    assert proc.returncode == 0, proc.stderr
    assert state_path(out).is_file()
    return content, out


def full_render(content: Path, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "full" / "docs"
    proc = render(content, out)
    assert proc.returncode == 0, proc.stderr
    return tree(out)


def a_report(content: Path) -> tuple[str, Path]:
    country = sorted((content / "countries").iterdir())[1]
    return country.name, sorted((country / "reports").glob("nit-*.yml"))[-1]


def edit_narrative(path: Path, words: str) -> None:
    text, marker = path.read_text(encoding="utf-8"), "  paragraphs:\n    - >-\n"
    at = text.index(marker) + len(marker)
    path.write_text(text[:at] + f"      {words}\n" + text[at:], encoding="utf-8")


def test_nothing_changed_writes_nothing(work):
    content, out = work
    before = stamps(out)
    proc = render(content, out)
    assert proc.returncode == 0, proc.stderr
    assert ": 0 written," in proc.stderr
    assert stamps(out) == before


def test_a_narrative_edit_rewrites_that_report_and_its_country_downloads_only(work, tmp_path):
    content, out = work
    slug, report = a_report(content)
    before = stamps(out)
    edit_narrative(report, "A sentence added by the incremental test")
    proc = render(content, out)
    assert proc.returncode == 0, proc.stderr
    changed = sorted(rel for rel, st in stamps(out).items() if before.get(rel) != st)
    page = f"countries/{slug}/{report.stem}.md"
    assert changed == sorted([page, f"downloads/{slug}.full.json.gz"]), changed
    assert "A sentence added by the incremental test" in (out / page).read_text("utf-8")
    # The same folder a full render of the edited content gives.
    assert tree(out) == full_render(content, tmp_path)


def test_edits_one_after_another_read_only_the_edited_files_again(work, tmp_path):
    """The second edit of a country takes the files the first one read from the kept copy,
    except the one edited since; the output is still exactly a full render's."""
    content, out = work
    slug, report = a_report(content)
    other = sorted((content / "countries" / slug / "reports").glob("nit-*.yml"))[0]
    edit_narrative(report, "First edit of the afternoon")
    assert render(content, out).returncode == 0
    kept = parsed_path(out) / f"{slug}.pickle"
    assert kept.is_file()
    edit_narrative(other, "Second edit, in another report")
    edit_narrative(report, "Third edit, back in the first report")
    proc = render(content, out)
    assert proc.returncode == 0, proc.stderr
    page = (out / f"countries/{slug}/{report.stem}.md").read_text("utf-8")
    assert "First edit of the afternoon" in page and "Third edit, back" in page
    assert "Second edit, in another report" in (out / f"countries/{slug}/{other.stem}.md") \
        .read_text("utf-8")
    assert tree(out) == full_render(content, tmp_path)
    # A full render drops the kept copies with the recorded state.
    (content / "indices" / "nit.yml").write_text(
        (content / "indices" / "nit.yml").read_text("utf-8") + "\n", encoding="utf-8")
    assert render(content, out).returncode == 0
    assert not kept.exists()


def test_parse_takes_unchanged_files_from_the_cache_and_reads_edited_ones(sample, tmp_path):
    from generator.model.parse import parse_content

    content = tmp_path / "content"
    shutil.copytree(sample, content)
    slug, report = a_report(content)
    cache: dict = {}
    first, _ = parse_content(content, "content", cache=cache)
    assert f"countries/{slug}/reports/{report.name}" in cache
    edit_narrative(report, "Read again after the edit")
    second, _ = parse_content(content, "content", cache=cache)
    old = {r.rel: r.value for r in first.countries[slug].reports}
    new = {r.rel: r.value for r in second.countries[slug].reports}
    rel = f"countries/{slug}/reports/{report.name}"
    assert new[rel] is not old[rel] and "Read again after the edit" in repr(new[rel])
    assert all(new[k] is old[k] for k in old if k != rel)


def test_a_score_edit_renders_everything_again(work, tmp_path):
    content, out = work
    slug, report = a_report(content)
    text = report.read_text(encoding="utf-8")
    # Both the rating and the aggregate it gives: other pages (rankings, downloads) show them.
    rating = text.index("rating: ") + len("rating: ")
    value = text[rating:text.index("\n", rating)]
    edited = text[:rating] + ("2.0" if value != "2.0" else "3.0") + text[text.index("\n", rating):]
    report.write_text(edited, encoding="utf-8")
    proc = render(content, out)
    # The stated aggregate no longer matches: the error of a full render, and nothing written.
    assert proc.returncode == 1
    assert f"{report.name}:" in proc.stderr and "differs from" in proc.stderr
    report.write_text(text, encoding="utf-8")
    assert render(content, out).returncode == 0
    assert tree(out) == full_render(content, tmp_path)


def test_an_error_in_a_narrative_is_reported_and_nothing_is_written(work):
    content, out = work
    _, report = a_report(content)
    before = tree(out)
    edit_narrative(report, "A reference to a note that does not exist.[^99]")
    proc = render(content, out)
    assert proc.returncode == 1
    assert "[^99] is cited but not defined" in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("Aborted: 1 error")
    assert tree(out) == before


def test_problems_of_other_countries_are_still_reported(work):
    content, out = work
    countries = sorted((content / "countries").iterdir())
    other = sorted((countries[0] / "reports").glob("nit-*.yml"))[-1]
    data = yaml.safe_load(other.read_text(encoding="utf-8"))
    notes = data["summary"]["notes"]
    extra = len(notes) + 1
    notes[extra] = "A note that no paragraph cites."
    other.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    # An uncited note is a warning: the render goes on, and says so.
    first = render(content, out)
    assert first.returncode == 0, first.stderr
    assert f"note {extra} is never cited" in first.stderr, first.stderr
    _, report = a_report(content)
    edit_narrative(report, "An edit elsewhere.")
    second = render(content, out)
    assert second.returncode == 0
    assert f"note {extra} is never cited" in second.stderr, second.stderr
    assert ": 2 written," in second.stderr


def test_edits_in_two_countries_or_a_new_file_render_everything(work, tmp_path):
    content, out = work
    countries = sorted((content / "countries").iterdir())
    for country in countries[:2]:
        edit_narrative(sorted((country / "reports").glob("nit-*.yml"))[-1], "Both edited.")
    assert render(content, out).returncode == 0
    assert tree(out) == full_render(content, tmp_path)
    last = sorted((countries[2] / "reports").glob("nit-*.yml"))[-1]
    shutil.copy(last, last.with_name("nit-2025.yml"))
    proc = render(content, out)
    assert proc.returncode == 1 and "nit-2025.yml" in proc.stderr  # the edition inside says 2024


def test_a_changed_template_renders_everything(work, tmp_path):
    content, out = work
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    proc = subprocess.run([sys.executable, "-m", "generator", "render", "--content", str(content),
                           "--out", str(out), "--templates", str(templates)],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    assert ": 0 written," in proc.stderr  # same templates, other folder: full render, same pages
    (templates / "report.md.j2").write_text(
        (templates / "report.md.j2").read_text("utf-8").replace("## Scores", "## Scores!"),
        encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "generator", "render", "--content", str(content),
                           "--out", str(out), "--templates", str(templates)],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    assert all("## Scores!" in p.read_text("utf-8")
               for p in out.glob("countries/*/nit-*.md"))


def test_bytecode_python_writes_does_not_count_as_a_change_of_code(tmp_path, monkeypatch):
    """The render's key covers the generator's code and the templates: a `__pycache__` file
    that Python writes while importing must not make the next render a full one."""
    from generator.site import incremental

    code, templates = tmp_path / "generator", tmp_path / "templates"
    (code / "__pycache__").mkdir(parents=True)
    templates.mkdir()
    (code / "stage.py").write_text("X = 1\n", encoding="utf-8")
    (templates / "page.md.j2").write_text("{{ x }}\n", encoding="utf-8")
    monkeypatch.setattr(incremental, "GENERATOR", code)
    before = incremental.settings_key(templates, "settings")
    (code / "__pycache__" / "stage.cpython-311.pyc").write_bytes(b"bytecode")
    assert incremental.settings_key(templates, "settings") == before
    (code / "stage.py").write_text("X = 2  # edited\n", encoding="utf-8")
    assert incremental.settings_key(templates, "settings") != before


@pytest.mark.site
def test_build_after_a_narrative_edit_renders_that_country_and_gives_a_full_builds_site(
        sample, tmp_path, monkeypatch):
    """`generator build` renders as `render` does (the state is kept in its work folder), and
    MkDocs builds the edited page, Pagefind the part of the search index that holds the edited
    country (the index in parts of about 10 pages here), and the other pages and parts are
    copied from the previous site: the same bytes as a build from scratch."""
    from tests.conftest import build

    monkeypatch.setenv("REPORTS_SEARCH_PART_PAGES", "10")
    content = tmp_path / "content"
    shutil.copytree(sample, content)
    site, work = tmp_path / "site", tmp_path / "work"
    assert build(content, site, work).returncode == 0
    config = (work / "mkdocs.yml").read_bytes()
    before = stamps(work / "docs")
    slug, report = a_report(content)
    edit_narrative(report, "A sentence the second build adds")
    proc = build(content, site, work)
    assert proc.returncode == 0, proc.stderr
    # the last line times the steps: the render wrote the page and the country's full text
    line = proc.stderr.strip().splitlines()[-1]
    m = re.fullmatch(r"Built \S+ in ([\d.]+) s: render ([\d.]+) s \(2 of ([\d,]+) files"
                     r" written\), MkDocs ([\d.]+) s \(1 of ([\d,]+) pages built, the others"
                     r" unchanged\), search index ([\d.]+) s"
                     r" \(1 of (\d+) parts indexed, the others unchanged\)", line)
    assert m and int(m[3].replace(",", "")) == len(stamps(work / "docs")), line
    assert int(m[7]) == len(json.loads((site / "pagefind" / "parts.json").read_text())) + 1
    assert int(m[7]) >= 3
    assert float(m[1]) == pytest.approx(float(m[2]) + float(m[4]) + float(m[6]), abs=0.15)
    # MkDocs built the edited report's page, and copied the others from the previous site
    assert int(m[5].replace(",", "")) == len(list(site.rglob("*.html"))) - 1  # all but 404
    changed = sorted(rel for rel, st in stamps(work / "docs").items() if before.get(rel) != st)
    page = f"countries/{slug}/{report.stem}"
    assert changed == sorted([f"{page}.md", f"downloads/{slug}.full.json.gz"]), changed
    assert (work / "mkdocs.yml").read_bytes() == config  # the navigation the record kept
    assert "A sentence the second build adds" in (site / page / "index.html").read_text("utf-8")
    fresh = tmp_path / "fresh"
    assert build(content, fresh / "site", fresh / "work").returncode == 0
    assert tree(site) == tree(fresh / "site")


@pytest.mark.site
def test_build_after_a_renamed_country_renders_everything_and_writes_the_new_navigation(
        sample, tmp_path):
    from tests.conftest import build

    content = tmp_path / "content"
    shutil.copytree(sample, content)
    site, work = tmp_path / "site", tmp_path / "work"
    assert build(content, site, work).returncode == 0
    country = sorted((content / "countries").iterdir())[0] / "country.yml"
    data = yaml.safe_load(country.read_text(encoding="utf-8"))
    text = country.read_text(encoding="utf-8")
    country.write_text(text.replace(f"name: {data['name']}", "name: Renamedland", 1),
                       encoding="utf-8")
    assert build(content, site, work).returncode == 0
    assert "Renamedland" in (work / "mkdocs.yml").read_text(encoding="utf-8")
    assert "Renamedland" in (site / "index.html").read_text(encoding="utf-8")


def test_an_edit_that_keeps_the_size_and_modification_time_is_rendered(work, tmp_path):
    """`cp -p`, archive tools and some editors keep a file's size and modification time: the
    edit still shows, because the record holds a hash of each file's bytes."""
    content, out = work
    path = next(p for p in sorted(content.glob("countries/*/reports/*.yml"))
                if "paragraphs:" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    word = re.search(r"\b[a-z]{6,}\b", text.split("paragraphs:", 1)[1]).group()
    edited = text.replace(word, word[::-1].upper(), 1)
    assert len(edited.encode()) == len(text.encode()) and edited != text
    st = path.stat()
    copy = tmp_path / "edited.yml"
    copy.write_text(edited, encoding="utf-8")
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns))
    shutil.copy2(copy, path)  # as `cp -p` does: the same size and modification time
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    proc = render(content, out)
    assert proc.returncode == 0, proc.stderr
    assert any(word[::-1].upper() in p.read_text(encoding="utf-8")
               for p in out.rglob("*.md")), "the edit is not on any page"
    assert tree(out) == full_render(content, tmp_path)


def test_a_recorded_stat_stands_for_the_bytes_only_long_after_the_last_write(tmp_path):
    """The snapshot hashes a file unless the last one saw the same stat_key well after the
    file's last write: a second write within the same tick of a coarse clock keeps every
    time, and only its bytes tell."""
    import time

    from generator.model.load import stat_key
    from generator.site.incremental import RACY_NS, Snapshot, content_files

    path = tmp_path / "c" / "a.yml"
    path.parent.mkdir()
    path.write_text("a: 1\n", encoding="utf-8")
    truth = content_files(path.parent).digests["a.yml"]
    stats = {"a.yml": stat_key(path.stat())}
    # recorded while the file was being written (same stat, a wrong digest): hashed again
    racy = Snapshot({"a.yml": "stale"}, stats, time.time_ns())
    assert content_files(path.parent, racy).digests["a.yml"] == truth
    # recorded long after the last write: the stat is trusted, the file not read
    settled = Snapshot({"a.yml": "as recorded"}, stats, time.time_ns() + 2 * RACY_NS)
    assert content_files(path.parent, settled).digests["a.yml"] == "as recorded"
    # any change of the stat_key: hashed again
    path.write_text("a: 2\n", encoding="utf-8")
    assert content_files(path.parent, settled).digests["a.yml"] not in ("as recorded", truth)
