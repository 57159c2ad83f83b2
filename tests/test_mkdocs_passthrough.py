"""HTML blocks kept out of Python-Markdown (generator/site/hooks/passthrough.py): the page's HTML is
what converting them gave, their ids still count for MkDocs' anchor check, a block that does not
come back fails the build."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from generator.site.config import HOOKS, PASSTHROUGH_HOOKS
from generator.site.hooks.passthrough import put_back, take_out

BLOCK = ('<ul>\n<li>One &amp; two<sup class="note-ref" id="ref-a-1"><a href="#note-a-1">1</a>'
         '</sup> *not emphasis*</li>\n</ul>')
NOTES = '<ol class="notes">\n<li id="note-a-1">A source, 1999 <a href="#ref-a-1">↩︎</a></li>\n</ol>'
PAGE = (f"# Report\n\nSee [the note](#note-a-1) and [the text](#ref-a-1).\n\n"
        f"<!--html-->\n{BLOCK}\n<!--/html-->\n\nA *Markdown* paragraph.\n\n"
        f"<!--html-->\n{NOTES}\n<!--/html-->\n")


def test_blocks_are_taken_out_with_their_ids_and_put_back():
    markdown = take_out(PAGE, "r.md")
    assert BLOCK not in markdown and NOTES not in markdown and "<!--html-->" not in markdown
    comments = re.findall(r"<!--passthrough \w+ (\d) ([^>]*)-->", markdown)
    assert comments == [("0", 'id="ref-a-1"'), ("1", 'id="note-a-1"')]
    html = markdown.replace("A *Markdown* paragraph.", "<p>A <em>Markdown</em> paragraph.</p>")
    back = put_back(html, "r.md")
    assert BLOCK in back and NOTES in back and "passthrough" not in back
    assert put_back(back, "r.md") == back  # nothing is held any more


def test_blocks_with_only_blank_lines_between_them_are_held_as_one():
    after = '<p id="after">Right after the notes.</p>'
    page = PAGE + f"\n\n<!--html-->\n{after}\n<!--/html-->\n"
    markdown = take_out(page, "run.md")
    comments = re.findall(r"<!--passthrough \w+ (\d) ([^>]*)-->", markdown)
    assert comments == [("0", 'id="ref-a-1"'), ("1", 'id="after" id="note-a-1"')]
    back = put_back(markdown, "run.md")
    assert f"{NOTES}\n{after}" in back and "passthrough" not in back


def test_a_block_that_does_not_come_back_fails():
    markdown = take_out(PAGE, "lost.md")
    lost = re.sub(r"<!--passthrough \w+ 1 [^>]*-->", "", markdown)
    with pytest.raises(PluginError, match="lost.md: 1 HTML block"):
        put_back(lost, "lost.md")


def test_a_page_without_markers_is_left_alone():
    assert take_out("# Plain\n\n<p>html</p>\n", "p.md") == "# Plain\n\n<p>html</p>\n"
    assert put_back("<p>html</p>", "p.md") == "<p>html</p>"


def _build(root: Path, hooks: list[Path]) -> tuple[subprocess.CompletedProcess, str]:
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    # The last two blocks, with a blank line between them, go around Python-Markdown as one.
    (docs / "index.md").write_text(PAGE + "\n<!--html-->\n<p id=\"after\">Next.</p>\n<!--/html-->"
                                   "\n\n[missing](#nowhere)\n", encoding="utf-8")
    listed = "".join(f"  - {h}\n" for h in hooks)
    config = root / "mkdocs.yml"
    config.write_text(
        "site_name: P\nsite_url: ''\ntheme:\n  name: material\n  font: false\nplugins: []\n"
        "markdown_extensions:\n  - attr_list\n  - toc:\n      permalink: true\n"
        f"validation:\n  anchors: warn\nhooks:\n{listed}", encoding="utf-8")
    env = dict(os.environ, REPORTS_WORKERS="1", NO_MKDOCS_2_WARNING="1",
               SOURCE_DATE_EPOCH="1700000000")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config),
                           "-d", str(root / "site")], capture_output=True, text=True, env=env)
    page = (root / "site" / "index.html").read_text(encoding="utf-8")
    return proc, page[page.index("<article"):page.index("</article>")]


@pytest.mark.site
def test_a_build_gives_the_html_of_converting_the_blocks(tmp_path):
    converted, plain = _build(tmp_path / "plain", [HOOKS])
    passed, article = _build(tmp_path / "passed", [HOOKS, PASSTHROUGH_HOOKS])
    assert converted.returncode == 0 and passed.returncode == 0, passed.stderr
    assert article == re.sub(r"<!--/?html-->\n", "", plain)
    assert BLOCK in article and "<em>Markdown</em>" in article
    # The anchor check still finds the ids inside the blocks: only the missing one is reported.
    for proc in (converted, passed):
        warnings = [line for line in proc.stderr.splitlines() if "WARNING" in line]
        assert len(warnings) == 1 and "#nowhere" in warnings[0], proc.stderr
