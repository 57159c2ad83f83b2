"""The ids written in a block of HTML, found with a regular expression.

The passthrough hook (passthrough.py) takes the HTML blocks the templates mark out of a page's
Markdown before conversion. MkDocs' anchor check (`validation: anchors`) would then no longer see
the ids written in them, so the comment that stands for a block lists them: `anchor_ids`.

It finds every `id="…"` (and `name="…"`) written in the text, in a tag or not: every id that
MkDocs' own HTMLParser pass finds, and perhaps more (one in a comment or in a code sample), so it
never adds a warning: at worst a link to an id that only appears in such a place is not
reported. tests/test_mkdocs_hooks.py compares it with MkDocs' own pass on tricky HTML and on
every page generated from the shipped content. One pattern defines it (`_ID_ATTRIBUTE`); a
faster one that starts at each "=" stands in for it when no whitespace comes before an "=" after
an id or name, which a property test checks against the first.
"""

from __future__ import annotations

import html
import re

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

