"""`generator.tools.diff`: the content of two git revisions compared, as a Markdown summary."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.tools.diff import NO_CHANGES, RevisionError, code, content_diff, md

from .conftest import COUNTRY, REPO

KAZ = "content/countries/kazakhstan"
NIT = f"{KAZ}/reports/nit-2022.yml"
TEMPLATES = REPO / "templates"


def git(repo: Path, *args: str) -> str:
    """git with a local identity and no signing, whatever the machine's configuration."""
    return subprocess.run(
        ["git", "-c", "user.name=Diff Test", "-c", "user.email=diff@example.org",
         "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", "-C", str(repo), *args],
        check=True, capture_output=True, text=True).stdout


def commit(repo: Path, message: str = "change") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def diff(repo: Path, base: str = "HEAD~1", head: str = "HEAD") -> list[str]:
    return content_diff(repo, base, head, templates=TEMPLATES).splitlines()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose first commit holds the indices, treaties and Kazakhstan."""
    root = tmp_path / "repo"
    content = root / "content"
    shutil.copytree(REPO / "content" / "indices", content / "indices")
    shutil.copy(REPO / "content" / "treaties.yml", content / "treaties.yml")
    shutil.copytree(REPO / "content" / "countries" / "kazakhstan", content / "countries" /
                    "kazakhstan")
    git(root, "init", "-q")
    commit(root, "base")
    return root


TABLE = ["| Country | Report | Field | Old | New |", "|---|---|---|---|---|"]


def test_consistent_rating_change_lists_old_and_new_figures(repo: Path) -> None:
    edit(repo, NIT, "aggregate: 1.36\npercentage: 5.95", "aggregate: 1.39\npercentage: 6.55")
    edit(repo, NIT, "    from: 1.50\n    to: 1.75", "    from: 1.50\n    to: 2.00")
    edit(repo, NIT, "  - id: local-democratic-governance\n    rating: 1.75",
         "  - id: local-democratic-governance\n    rating: 2.00")
    commit(repo)
    lines = diff(repo)
    assert lines[0] == "1 report changed"
    start = lines.index(TABLE[0])
    assert lines[start - 2: start + 6] == ["### Reports", "", *TABLE,
        "| Kazakhstan | NIT 2022 | Democracy Score | 1.36 | 1.39 |",
        "| Kazakhstan | NIT 2022 | Democracy Percentage | 5.95 | 6.55 |",
        "| Kazakhstan | NIT 2022 | Score change: Local Democratic Governance | 1.50 → 1.75"
        " | 1.50 → 2.00 |",
        "| Kazakhstan | NIT 2022 | Local Democratic Governance rating | 1.75 | 2.00 |"]
    assert "### Validation problems" not in lines
    assert "- `countries/kazakhstan/nit-2022.md`" in lines  # under "Changed" pages
    assert lines[-1].startswith("_Compared `content/` at `HEAD~1` (")
    assert "pages of both rendered with the current templates" in lines[-1]


def test_inconsistent_rating_introduces_validation_errors(repo: Path) -> None:
    edit(repo, NIT, "  - id: civil-society\n    rating: 1.50",
         "  - id: civil-society\n    rating: 1.75")
    commit(repo)
    lines = diff(repo)
    assert lines[0] == "1 report changed; 3 validation errors introduced; 1 warning introduced"
    assert "| Kazakhstan | NIT 2022 | Civil Society rating | 1.50 | 1.75 |" in lines
    start = lines.index("Introduced at `HEAD` (4):")
    assert lines[start - 2: start + 6] == [
        "### Validation problems", "", "Introduced at `HEAD` (4):", "",
        f"- error: `{NIT}:5:12` aggregate: stated Democracy Score 1.36 differs from the mean of"
        " the ratings, expected 1.39",
        f"- error: `{NIT}:6:13` percentage: stated Democracy Percentage 5.95 differs from the"
        " ratings, expected 6.55 (from the unrounded democracy score)",
        f"- error: `{NIT}:8:14` previous.aggregate: last year's Democracy Score 1.32 does not"
        " follow from the score changes, expected 1.36",
        f"- warning: `{NIT}:12:3` score\\_changes: 'civil-society' went from 1.5 to 1.75 since"
        " 2021 but no score change explains it"]
    # ... and the reverse direction fixes them
    back = diff(repo, "HEAD", "HEAD~1")
    assert back[0] == "1 report changed; 3 validation errors fixed; 1 warning fixed"
    assert "Fixed at `HEAD` (4):" in back


def test_event_report_treaty_country_and_narrative_changes(repo: Path) -> None:
    events = f"{KAZ}/events.yml"
    edit(repo, events, "events:\n", "events:\n  - id: new-law-on-assemblies\n"
         "    month: \"2025-02\"\n    title: New law on assemblies\n    watch: true\n"
         "    body: Parliament passed a law on assemblies.\n")
    edit(repo, events, "title: Draft law would tighten control over foreign correspondents",
         "title: Draft law tightens control over foreign media")
    (repo / f"{KAZ}/reports/fotn-2023.yml").unlink()
    edit(repo, f"{KAZ}/country.yml", "icmw: no-action", "icmw: signatory")
    edit(repo, f"{KAZ}/country.yml", "population: 19002590", "population: 19100000")
    edit(repo, NIT, "In 2021 Kassym-Jomart Tokayev completed", "In 2021 Tokayev completed")
    country = repo / "content/countries/ruritania/country.yml"
    country.parent.mkdir(parents=True)
    country.write_text(COUNTRY, encoding="utf-8")
    commit(repo)
    lines = diff(repo)
    assert lines[0] == ("1 country added; 1 report changed, 1 removed; 1 event changed, 1 added;"
                        " 1 country fact changed; 1 treaty status changed; 1 page added,"
                        " 3 removed")
    for section in (["### Countries", "", "- Added: Ruritania (`ruritania`)"],
                    ["### Reports", "", "- Removed: Kazakhstan, FOTN 2023"],
                    ["### Events", "", "- Added: Kazakhstan, `new-law-on-assemblies` (2025-02,"
                     " watch): New law on assemblies", "",
                     "| Country | Event | Field | Old | New |", "|---|---|---|---|---|",
                     "| Kazakhstan | `draft-bill-foreign-correspondents` | `title` | Draft law would"
                     " tighten control over foreign correspondents | Draft law tightens control"
                     " over foreign media |"],
                    ["### Country information", "", "| Country | Field | Old | New |",
                     "|---|---|---|---|",
                     "| Kazakhstan | `basic_info.population` | 19002590 | 19100000 |", "",
                     "| Country | Treaty | Old | New |", "|---|---|---|---|",
                     "| Kazakhstan | ICMW | No action | Signatory |"],
                    ["### Narratives and other text", "",
                     "- Kazakhstan, NIT 2022, summary: 1 paragraph changed"],
                    ["Added (1):", "", "- `countries/ruritania/index.md`"]):
        start = lines.index(section[0])
        assert lines[start: start + len(section)] == section
    removed = lines.index("Removed (3):")
    assert "- `countries/kazakhstan/fotn-2023.md`" in lines[removed: removed + 5]


def test_elections_definitions_rename_and_notes(repo: Path) -> None:
    edit(repo, f"{KAZ}/elections/mazhilis-2021.yml", "turnout: 63", "turnout: 63.3")
    edit(repo, "content/indices/nit.yml", "name: Civil Society\n", "name: Civic Society\n")
    edit(repo, f"{KAZ}/country.yml", "name: Kazakhstan", "name: Qazaqstan")
    edit(repo, "content/treaties.yml", "short_name: ICCPR", "short_name: CCPR")
    edit(repo, f"{KAZ}/reports/fiw-2022.yml", "aggregate: 23", "aggregate: 24")
    edit(repo, f"{KAZ}/country.yml", "Central Asia's largest country", "The largest country")
    edit(repo, f"{KAZ}/events.yml", "On 17 January police", "On 17 January the police")
    edit(repo, NIT, "  notes:\n    1: null", "  notes:\n    1: Statement of the Council.")
    commit(repo)
    lines = diff(repo)
    assert lines[0] == ("1 country renamed; 2 reports changed; 1 event changed;"
                        " 1 election changed; 1 country fact changed; 2 definition files changed;"
                        " 1 validation error introduced")  # FIW's groups no longer add up to 24
    assert "- Renamed: Kazakhstan → Qazaqstan (`kazakhstan`)" in lines
    assert "| Qazaqstan | `mazhilis-2021` | `turnout` | 63 | 63.3 |" in lines
    assert "| Qazaqstan | FIW 2022 | Global Freedom Score | 23 | 24 |" in lines
    start = lines.index("### Narratives and other text")
    assert lines[start + 2: start + 6] == [
        "- Qazaqstan: `summary`",
        "- Qazaqstan, NIT 2022, summary: note 1 edited",
        "- Qazaqstan, event `satirist-temirlan-yensebek-arrested`: `body`", ""]
    start = lines.index("### Index definitions and treaties")
    assert lines[start + 2: start + 4] == [
        "- `nit` (Nations in Transit): `categories.civil-society`",
        "- `treaties.yml`: `treaties.iccpr.short_name`"]


def test_yaml_error_in_head_is_listed_not_read_as_removals(repo: Path) -> None:
    edit(repo, NIT, 'covers: "2021"', "covers: [2021")
    commit(repo)
    lines = diff(repo)
    assert lines[0] == "2 pages removed; 1 validation error introduced"
    assert not any(line.startswith("- Removed:") for line in lines)
    start = lines.index("### Not compared")
    assert lines[start + 2] == (f"- `{NIT}`: could not be read at `HEAD` (see the validation"
                                " problems; its pages are missing there)")
    start = lines.index("Introduced at `HEAD` (1):")
    assert lines[start + 2].startswith(f"- error: `{NIT}:4:")
    assert "expected valid YAML" in lines[start + 2]


def test_no_changes(repo: Path) -> None:
    assert diff(repo, "HEAD", "HEAD")[0] == NO_CHANGES
    (repo / "README.md").write_text("Not content.\n", encoding="utf-8")
    commit(repo, "outside content")
    assert diff(repo) == [NO_CHANGES, "", "_Compared `content/` at `HEAD~1` ("
                          + git(repo, "rev-parse", "HEAD~1")[:10] + ") with `HEAD` ("
                          + git(repo, "rev-parse", "HEAD")[:10] + ")._"]
    edit(repo, "content/treaties.yml", "treaties:\n", "# The catalogue.\ntreaties:\n")
    commit(repo, "a comment")
    assert diff(repo)[0] == ("No changes to the content data: files changed in form only"
                             " (layout, comments, or files the generator does not read).")


def test_unknown_revision_is_a_value_error(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"unknown revision 'no-such-branch' in .*no such"
                                         r" commit, branch or tag"):
        content_diff(repo, "no-such-branch", "HEAD")
    with pytest.raises(RevisionError, match="'--output=x' is not a git revision"):
        content_diff(repo, "HEAD", "--output=x")
    (tmp_path / "plain").mkdir()
    with pytest.raises(RevisionError, match="unknown revision 'HEAD' in .*plain"):
        content_diff(tmp_path / "plain", "HEAD", "HEAD")


def test_bare_repository_and_branch_names(repo: Path, tmp_path: Path) -> None:
    git(repo, "branch", "before")
    edit(repo, f"{KAZ}/elections/mazhilis-2021.yml", "  - party: Nur Otan\n    seats: 76",
         "  - party: Nur Otan\n    seats: 75")
    commit(repo)
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(bare))
    lines = content_diff(bare, "before", "main").splitlines()
    assert lines[0] == "1 election changed"
    assert "| Kazakhstan | `mazhilis-2021` | `results.Nur Otan.seats` | 76 | 75 |" in lines


def test_long_lists_are_collapsed(repo: Path) -> None:
    events = "".join(f"  - id: event-{i:02d}\n    month: \"2025-03\"\n    title: Event {i}\n"
                     f"    body: Something happened.\n" for i in range(21))
    edit(repo, f"{KAZ}/events.yml", "events:\n", "events:\n" + events)
    commit(repo)
    lines = diff(repo)
    assert lines[0] == "21 events added"
    start = lines.index("### Events")
    assert lines[start + 2: start + 5] == [
        "<details><summary>21 items</summary>", "",
        "- Added: Kazakhstan, `event-00` (2025-03): Event 0"]
    assert lines[start + 26] == "</details>"


def test_markdown_escaping() -> None:
    assert md("a | b <script>x</script> *y* _z_ $5 [l](u) `c` @someone mail@x.org") == (
        "a \\| b &lt;script&gt;x&lt;/script&gt; \\*y\\* \\_z\\_ \\$5 \\[l\\](u) \\`c\\`"
        " @\u2060someone mail@\u2060x.org")
    assert md("line\nbreak  and   spaces") == "line break and spaces"
    assert md("x" * 200, limit=10) == "x" * 9 + "…"
    assert code("a`b") == "``a`b``"
    assert code("`x") == "`` `x ``"
    assert code("a|b", table=True) == "`a\\|b`"
