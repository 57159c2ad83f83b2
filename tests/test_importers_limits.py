"""`generator import` on input of any size and kind (issue 24), through the real command line.

A file that is not a page's text (a saved web page, a PDF, a zip, an image, binary, another
encoding, empty, too large, unreadable) is refused with one exact line naming it, exit 1, and
nothing is written into --into, whatever the other files of the run. Missing files and folders
are usage errors (exit 2, from click). Inputs built to hurt the parsers finish with their
problems reported; a hang fails the test (TIMEOUT), but nothing here is timed: the speed
figures come from bench/importers_limits.py. Last, the line reader rewritten for speed is held
to the meaning of the one it replaced.
"""

from __future__ import annotations

import gzip
import os
import random
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

from generator.importers.text import lines_of, norm

from .conftest import REPO, shipped_slice

FIXTURES = REPO / "tests" / "fixtures" / "import"
NIT = (FIXTURES / "nit_2022_ruritania.txt").read_bytes()
TIMEOUT = 120  # seconds: a command still running after this is a hang
EXPECTED = "expected the page's text (copy it from the browser, or save as text)"
# Loaded before the generator when the test runs as root, whom chmod does not stop: opening the
# file named in DENY_READ fails as it would for an editor without the right to read it.
DENY = """\
import builtins, os
_open = builtins.open
def _denied(file, *args, **kwargs):
    if not isinstance(file, int) and os.fspath(file) == os.environ.get("DENY_READ"):
        raise PermissionError(13, "Permission denied", os.fspath(file))
    return _open(file, *args, **kwargs)
builtins.open = _denied
"""


def run_import(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m generator import ARGS --content <the repo's definitions>` in `cwd`."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8", **(env or {})}
    definitions = cwd.parent / f"{cwd.name}-definitions"
    if not definitions.exists():
        shipped_slice(definitions, countries=())
    try:
        proc = subprocess.run([sys.executable, "-m", "generator", "import", *args, "--content",
                               str(definitions / "content")], cwd=cwd, env=env,
                              capture_output=True,
                              encoding="utf-8", errors="strict", timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`generator import` still ran after {TIMEOUT} s: a hang")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "internal error" not in proc.stderr, proc.stderr
    return proc


def refused(tmp_path: Path, name: str, data: bytes) -> list[str]:
    """Import one file of `data`: refused, exit 1, nothing in --into; the messages' lines."""
    (tmp_path / name).write_bytes(data)
    proc = run_import(tmp_path, name, "--into", "out")
    assert proc.returncode == 1, proc.stderr
    assert not (tmp_path / "out").exists()
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert lines[-1] == "Aborted: 1 of 1 files refused, nothing written"
    return lines[:-1]


def test_a_saved_web_page_is_refused(tmp_path):
    page = b"<!DOCTYPE html>\n<html lang=en><head><title>Ruritania</title></head>\n<body>\n"
    assert refused(tmp_path, "page.html", page + NIT + b"</body></html>") == [
        f"page.html: error: the file looks like HTML (a saved web page), {EXPECTED}"]


def test_html_without_a_doctype_is_known_by_its_tags(tmp_path):
    body = b"Ruritania\n" + b"".join(b'<div class="x"><p>Line %d</p></div>\n' % i
                                     for i in range(5))
    assert refused(tmp_path, "page.txt", body) == [
        f"page.txt: error: the file looks like HTML (a saved web page), {EXPECTED}"]


def test_a_page_quoting_a_few_tags_is_still_text(tmp_path):
    (tmp_path / "nit.txt").write_bytes(NIT.replace(b"By Mira Valen", b"By <b>Mira</b> <i>V</i>",
                                                   1))
    proc = run_import(tmp_path, "nit.txt", "--into", "out")
    assert "refused" not in proc.stderr and "error:" not in proc.stderr
    assert (tmp_path / "out" / "countries" / "ruritania" / "reports" / "nit-2022.yml").is_file()


def test_a_saved_web_page_archive_is_refused(tmp_path):
    mhtml = (b"From: <Saved by Blink>\r\nSubject: Ruritania\r\nMIME-Version: 1.0\r\n"
             b'Content-Type: multipart/related;\r\n\ttype="text/html"\r\n\r\n' + NIT)
    assert refused(tmp_path, "page.mhtml", mhtml) == [
        f"page.mhtml: error: the file looks like a saved web page archive (MHTML), {EXPECTED}"]


@pytest.mark.parametrize("name, data, kind", [
    ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF"),
    ("flag.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "an image (PNG)"),
    ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "an image (JPEG)"),
    ("chart.gif", b"GIF89a\x01\x00\x01\x00", "an image (GIF)"),
    ("page.txt.gz", gzip.compress(NIT), "a gzip archive"),
    ("page.rtf", b"{\\rtf1\\ansi Ruritania}", "a rich-text document (RTF)"),
])
def test_documents_archives_and_images_are_refused(tmp_path, name, data, kind):
    assert refused(tmp_path, name, data) == [f"{name}: error: the file looks like {kind},"
                                             f" {EXPECTED}"]


def test_a_zip_is_refused(tmp_path):
    with zipfile.ZipFile(tmp_path / "pages.zip", "w") as archive:
        archive.writestr("nit.txt", NIT)
    data = (tmp_path / "pages.zip").read_bytes()
    assert refused(tmp_path, "pages.zip", data) == [
        "pages.zip: error: the file looks like a zip archive (.docx, .xlsx and .odt files are"
        f" too), {EXPECTED}"]


def test_nul_bytes_make_a_file_binary(tmp_path):
    assert refused(tmp_path, "page.txt", NIT[:200] + b"\n\x00\x01\x02" + NIT) == [
        f"page.txt: error: the file looks binary (a NUL byte on line 6), {EXPECTED}"]


def test_text_in_another_encoding_is_refused_at_its_line(tmp_path):
    latin = NIT.replace(b"By Mira Valen", "By Mira Valén".encode("latin-1"))
    line = NIT[:NIT.index(b"By Mira Valen")].count(b"\n") + 1
    assert refused(tmp_path, "page.txt", latin) == [
        f"page.txt:{line}: error: not UTF-8 text (byte 0xE9 at column 12); save the text as"
        " UTF-8"]


def test_utf16_is_refused_with_what_to_do(tmp_path):
    assert refused(tmp_path, "page.txt", NIT.decode("utf-8").encode("utf-16")) == [
        "page.txt: error: the file is UTF-16 text; save it as UTF-8"]


def test_utf8_with_a_byte_order_mark_is_read(tmp_path):
    (tmp_path / "nit.txt").write_bytes(b"\xef\xbb\xbf" + NIT)
    proc = run_import(tmp_path, "nit.txt", "--into", "out")
    assert proc.stderr.splitlines()[0] == "nit.txt: nit, 1 records"


@pytest.mark.parametrize("data, message", [
    (b"", "the file is empty"), (b" \n\n\t \r\n", "the file holds only whitespace, no text")])
def test_empty_files_are_refused(tmp_path, data, message):
    assert refused(tmp_path, "page.txt", data) == [f"page.txt: error: {message}"]


def test_the_size_limit_is_said(tmp_path):
    with open(tmp_path / "huge.txt", "wb") as handle:
        handle.truncate(40_000_000)  # sparse: nothing written, and never read
    proc = run_import(tmp_path, "huge.txt", "--into", "out")
    assert proc.returncode == 1 and not (tmp_path / "out").exists()
    assert proc.stderr.splitlines() == [
        "huge.txt: error: the file is 40.0 MB, over the 32 MB limit for one page's text (a"
        " country page is well under 1 MB): is it the right file?",
        "Aborted: 1 of 1 files refused, nothing written"]


def test_an_unreadable_file_is_refused(tmp_path):
    (tmp_path / "page.txt").write_bytes(NIT)
    (tmp_path / "page.txt").chmod(0)
    env = {}
    if os.geteuid() == 0:  # root reads anything: make the open fail as it would for a user
        (tmp_path / "hook").mkdir()
        (tmp_path / "hook" / "sitecustomize.py").write_text(DENY, encoding="utf-8")
        env = {"PYTHONPATH": f"{tmp_path / 'hook'}{os.pathsep}{REPO}", "DENY_READ": "page.txt"}
    proc = run_import(tmp_path, "page.txt", "--into", "out", env=env)
    assert proc.returncode == 1 and not (tmp_path / "out").exists()
    assert proc.stderr.splitlines() == [
        "page.txt: error: cannot read the file: permission denied",
        "Aborted: 1 of 1 files refused, nothing written"]


@pytest.mark.parametrize("make, message", [
    (lambda p: p.mkdir(), "Error: Invalid value for 'FILES...': File 'given' is a directory."),
    (lambda p: None, "Error: Invalid value for 'FILES...': File 'given' does not exist."),
])
def test_folders_and_missing_files_are_usage_errors(tmp_path, make, message):
    make(tmp_path / "given")
    proc = run_import(tmp_path, "given", "--into", "out")
    assert proc.returncode == 2 and not (tmp_path / "out").exists()
    assert proc.stderr.splitlines()[-1] == message


def test_one_refused_file_stops_the_writing_of_all(tmp_path):
    """The good file is still imported and its problems shown; nothing is written or printed."""
    (tmp_path / "nit.txt").write_bytes(NIT)
    (tmp_path / "page.pdf").write_bytes(b"%PDF-1.4\n")
    for output in (["--into", "out"], ["--json"]):
        proc = run_import(tmp_path, "nit.txt", "page.pdf", *output)
        assert proc.returncode == 1 and proc.stdout == ""
        lines = proc.stderr.splitlines()
        assert lines[0] == "nit.txt: nit, 1 records"
        assert lines[-2:] == [f"page.pdf: error: the file looks like a PDF, {EXPECTED}",
                              "Aborted: 1 of 2 files refused, nothing written"]
        assert not (tmp_path / "out").exists()
    proc = run_import(tmp_path, "nit.txt", "--into", "out")  # alone, it is written
    assert proc.stderr.splitlines()[-1] == (
        "2 lines not placed (listed above): what the pages hold besides is written; check those"
        " lines")
    assert (tmp_path / "out" / "countries" / "ruritania" / "reports" / "nit-2022.yml").is_file()


HEAD = (b"Nations in Transit 2022: Ruritania\nDemocracy Percentage 22.02 100\n"
        b"Democracy Score 2.32 7\nScore changes in 2022\nExecutive Summary\n")


def test_a_megabyte_line_of_words_and_digits_finishes(tmp_path):
    """Before issue 24 each digit run searched the whole paragraph: hours for this line."""
    (tmp_path / "page.txt").write_bytes(HEAD + b"a1 " * 350_000)
    proc = run_import(tmp_path, "page.txt", "--json")
    assert proc.returncode == 1
    assert sorted(proc.stderr.splitlines()[1:]) == [
        "2 lines not placed (listed above): what the pages hold besides is printed; check those"
        " lines",
        "page.txt:6: executive summary not imported: paragraphs.0: String should have at most"
        " 200000 characters",
        "page.txt:6: the text stops mid-sentence (page cut off?): …a1 a1 a1 a1 a1 a1 a1 a1 a1"
        " a1 a1 a1 a1 a1 a1 a1 a1"]


def test_a_paragraph_at_the_model_limit_gets_its_markers(tmp_path):
    """A long paragraph the model takes is still searched for markers, in linear time."""
    text = b"Word word word.1 " * 11_000  # 187,000 characters: one marker, then 1 again
    (tmp_path / "page.txt").write_bytes(HEAD + text.rstrip() + b"\n")
    proc = run_import(tmp_path, "page.txt", "--json")
    assert proc.returncode == 0, proc.stderr
    assert '"Word word word.[^1] Word word word.1 Word' in proc.stdout


def test_floods_of_blank_lines_keep_line_numbers(tmp_path):
    """Blank lines make no objects (20 MB of newlines is cheap), but they still count."""
    (tmp_path / "page.txt").write_bytes(HEAD + b"\n" * 3_000_000 + b" \t \nStray line\n")
    proc = run_import(tmp_path, "page.txt", "--json")
    assert proc.returncode == 1
    assert "page.txt:3000007: the text stops mid-sentence (page cut off?): …Stray line" \
        in proc.stderr.splitlines()


def test_an_update_of_many_lines_is_joined_once(tmp_path):
    """An event's update continued over many lines: each line was a copy of all before it."""
    head = (b"Europe\nCentral Europe\nFlag\nRuritania\nhttps://www.idea.int/democracytracker/\n"
            b"See all event reports for this country\nMarch 2025\nA title\nBody text.\n"
            b"Update: first\n")
    (tmp_path / "page.txt").write_bytes(head + b"More text.\n" * 15_000 + b"Sources: A, B\n")
    proc = run_import(tmp_path, "page.txt", "--json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("More text.") == 15_000


def _lines_reference(text: str) -> list[tuple[int, str]]:
    """lines_of as it was before issue 24, a Python step per character: the meaning to keep."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for number, raw in enumerate(text.split("\n"), start=1):
        clean = "".join(" " if unicodedata.category(ch) == "Cc" or ch in "\u2028\u2029\ufeff"
                        else "\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in raw)
        if norm(clean):
            out.append((number, norm(clean)))
    return out


def test_lines_are_read_as_before_whatever_the_whitespace_and_controls():
    rng = random.Random(24)
    alphabet = " \t\n\r\x00\x0b\x0c\x1c\x1f\x7f\x85\x9f\u00a0\u2003\u2028\u2029\ufeff\ud800ab•1."
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(60))) for _ in range(2000)]
    texts.append("".join(rng.choice(alphabet) for _ in range(1_200_000)))  # over two pieces
    for text in texts:
        assert [(ln.number, ln.text) for ln in lines_of(text)] == _lines_reference(text), text


def test_a_page_of_thousands_of_events_imports_the_first_five_thousand(tmp_path):
    """A country's tracker page lists tens of events; beyond 5,000 the page is not one, and an
    events.yml of more would exceed what the content loader reads: the rest are left out, said
    at the first one left out (this also bounds the time a page of near-headings takes)."""
    head = ("Europe\nCentral Europe\nFlag\nRuritania\nhttps://www.idea.int/democracytracker/\n"
            "See all event reports for this country\n")
    events = "".join(f"March 2025\nEvent number {i}\nWhat happened in the capital.\n"
                     for i in range(5_001))
    (tmp_path / "page.txt").write_text(head + events, encoding="utf-8")
    proc = run_import(tmp_path, "page.txt", "--json")
    assert proc.returncode == 1
    assert "page.txt:15008: more than 5,000 events in one page (5,001), expected one country's" \
           " page; the first 5,000 are imported" in proc.stderr.splitlines()
    assert proc.stdout.count('"id": "event-number-') == 5_000
