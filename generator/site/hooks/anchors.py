"""MkDocs' search of a page's raw HTML for anchor ids, done with a regular expression.

For `validation: anchors`, MkDocs 1.6 feeds the whole Markdown source of every page through
Python's HTMLParser (`mkdocs.structure.pages._RawHTMLPreprocessor`) to collect the `id`s of the
HTML written in it (and `name`s of `<a>`). Report pages hold a lot of HTML (charts, tables, note
references), and on them this was a large part of MkDocs' Markdown conversion, on top of the
parse Python-Markdown does itself.

`anchor_ids` finds every `id="…"` (and `name="…"`) written in the text, in a tag or not. That is
every id HTMLParser finds, and perhaps more (one in a comment or in a code sample), so it never
adds a warning: at worst a link to an id that only appears in such a place is not reported.
tests/test_mkdocs_hooks.py compares it with MkDocs' own on tricky HTML and on every page
generated from the shipped content. One pattern defines it (`_ID_ATTRIBUTE`); a faster one that
starts at each "=" stands in for it when no whitespace comes before an "=" after an id or name,
which a property test checks against the first.

Installed only under the MkDocs releases named in `WRITTEN_FOR` (see
generator/site/hooks/versions.py); under another, MkDocs' own pass runs.
"""

from __future__ import annotations

import html
import re

from mkdocs.structure import pages

from .versions import mismatch

# The releases whose `_RawHTMLPreprocessor` (mkdocs.structure.pages) `install` was checked on.
WRITTEN_FOR = {"mkdocs": "1.6.1", "properdocs": "1.6.7"}

# An attribute named id or name (any case; not data-id), and its value as HTMLParser reads it.
_VALUE = r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|(?!['"])([^>\s]*))"""
_ID_ATTRIBUTE = re.compile(r"(?<![\w-])(?:id|name)" + _VALUE, re.IGNORECASE)
# The same when no whitespace comes before the "=" (as in every page the templates write),
# found much faster: the search jumps from "=" to "=" and looks back at the name.
_NO_SPACE_ID_ATTRIBUTE = re.compile(
    r"=(?:(?<=[iI][dD]=)(?<![\w-][iI][dD]=)|(?<=[nN][aA][mM][eE]=)(?<![\w-][nN][aA][mM][eE]=))"
    + _VALUE[len(r"\s*="):])
_SPACE_EQUALS = re.compile(r"\s=")
_NAME_AT_END = re.compile(r"(?:^|[^\w-])(?:id|name)$", re.IGNORECASE)


def _spaced_name(text: str) -> bool:
    """Whether an id or name attribute has whitespace before its "=" somewhere in `text`."""
    for match in _SPACE_EQUALS.finditer(text):
        start = match.start()
        while start and text[start - 1].isspace():
            start -= 1
        if _NAME_AT_END.search(text[max(0, start - 5):start]):
            return True
    return False


def anchor_ids(text: str) -> set[str]:
    """The values of every id and name attribute written in `text`, entities decoded."""
    pattern = _ID_ATTRIBUTE if _spaced_name(text) else _NO_SPACE_ID_ATTRIBUTE
    return {html.unescape(next(v for v in match.groups() if v is not None))
            for match in pattern.finditer(text)}


def _run(self, lines: list[str]) -> list[str]:
    self.present_anchor_ids = anchor_ids("\n".join(lines))
    return lines


def install() -> bool:
    """Put `anchor_ids` in place of MkDocs' HTMLParser pass; False under a release not named
    in `WRITTEN_FOR`, or if MkDocs has no such pass: its own then runs (slower, the same)."""
    if mismatch(pages, WRITTEN_FOR) is not None:
        return False
    target = getattr(pages, "_RawHTMLPreprocessor", None)
    if target is None or not callable(getattr(target, "run", None)):
        return False
    target.run = _run
    return True
