"""MkDocs hooks: the HTML blocks the generator wrote go around Python-Markdown, not through it.

Report pages are mostly HTML the templates wrote: narratives, note references and notes (about
350 tags a page). Python-Markdown passes an HTML block through unchanged, but it finds where
the block ends by parsing all of it with Python's HTMLParser, which dominated a report page's
conversion once the narratives were HTML.

Templates put such blocks between two marker lines (`<!--html-->` and `<!--/html-->`, each alone
on a line; data text cannot hold them, every data string is escaped). Before conversion
(`on_page_markdown`), each marked block is replaced by one HTML comment that holds its number
and the ids written in it; after conversion (`on_page_content`, before any other plugin sees
the HTML) the comments are replaced by the blocks, and the blocks' ids are added to the page's
(`Page.present_anchor_ids`, found by generator/site/hooks/anchors.py), so that MkDocs' anchor
check still finds them. The page's HTML is the same as when the
blocks were converted. Without these hooks (plain MkDocs over the docs folder) the markers are
comments in the page, and the blocks are converted as usual.
"""

from __future__ import annotations

import html
import re
import secrets
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# MkDocs loads this file by its path: make the generator package importable from here.
_PROJECT = str(Path(__file__).resolve().parents[3])
if _PROJECT not in sys.path:
    sys.path.insert(0, _PROJECT)
from generator.site.hooks.anchors import anchor_ids  # noqa: E402

START, END = "<!--html-->", "<!--/html-->"
# A marked block, line by line up to the first end marker (the block is group 1 without its
# last line break): much faster than `\n(.*?)\n<!--/html-->$` tried at every character.
_MARKED = re.compile(r"^<!--html-->\n((?:[^\n]*\n)+?)<!--/html-->$", re.MULTILINE)
# Marked blocks one after the other, with only blank lines between them: one comment stands
# for them all (Python-Markdown writes a line break between consecutive HTML blocks), so that
# Python-Markdown has fewer placeholders to carry through its inline patterns.
_RUN = re.compile(_MARKED.pattern + r"(?:\n+" + _MARKED.pattern[1:] + r")*", re.MULTILINE)
# Blocks taken out of a page's Markdown until its HTML comes back: (token, blocks, the ids
# written in them) by page.
_HELD: dict[str, tuple[str, list[str], set[str]]] = {}


def take_out(markdown: str, key: str) -> str:
    """The Markdown with each marked block replaced by a comment; the blocks are kept."""
    if START not in markdown:
        return markdown
    token, blocks = secrets.token_hex(8), []  # a token the page's text cannot guess
    held_ids: set[str] = set()

    def hold(run: re.Match) -> str:
        block = "\n".join(match.group(1)[:-1] for match in _MARKED.finditer(run.group()))
        blocks.append(block)
        found = anchor_ids(block)
        held_ids.update(found)
        ids = " ".join(f'id="{html.escape(i)}"' for i in sorted(found))
        return f"<!--passthrough {token} {len(blocks) - 1} {ids}-->"
    markdown = _RUN.sub(hold, markdown)
    _HELD[key] = (token, blocks, held_ids)
    return markdown


def put_back(content: str, key: str) -> str:
    """The page's HTML with the blocks in place of their comments; every block or an error."""
    token, blocks, _ = _HELD.pop(key, ("", [], set()))
    if not blocks:
        return content
    found: set[int] = set()

    def block(match: re.Match) -> str:
        found.add(int(match.group(1)))
        return blocks[int(match.group(1))]
    content = re.sub(rf"<!--passthrough {token} (\d+) [^>]*-->", block, content)
    if len(found) != len(blocks):
        raise PluginError(f"{key}: {len(blocks) - len(found)} HTML block(s) marked with {START}"
                          " did not come back from the Markdown conversion; expected each"
                          f" block between blank lines, its markers alone on their lines")
    return content


@event_priority(-100)  # after any plugin that edits the Markdown
def on_page_markdown(markdown, page, config, files):
    return take_out(markdown, page.file.src_uri)


@event_priority(100)  # before any plugin reads the HTML
def on_page_content(html, page, config, files):
    held_ids = _HELD.get(page.file.src_uri, ("", [], set()))[2]
    html = put_back(html, page.file.src_uri)
    if held_ids and page.present_anchor_ids is not None:  # MkDocs found the page's own ids
        page.present_anchor_ids = page.present_anchor_ids | held_ids
    return html
