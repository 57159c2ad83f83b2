"""Validate, the texts of any file: URLs safe as link targets, Markdown syntax within limits."""

from __future__ import annotations

import re

from .schema_errors import describe

# Characters render.escape_md escapes. Python-Markdown's inline pass is quadratic in their number
# in one text, so tens of thousands in one text would stall the build; real files hold <1,000.
_MD_SYNTAX = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>&~]")
MD_SYNTAX_MAX, MD_SYNTAX_FILE_MAX = 10_000, 50_000


_URL_KEYS = frozenset({"url", "methodology_url"})


def check_strings(sink, data: object) -> None:
    """Every text of a file: URLs safe as link targets, Markdown syntax within limits.

    An unpaired `)` in a URL ends its `[name](URL)` link and the rest is read as Markdown
    (`https://x.org/)![x](https://evil/p.png)[y](javascript:…` adds an image and a script
    link); so can `\\` or a backtick. Paired parentheses (`…/Freedom_(band)`) stay inside.
    A text's location is made only for a problem: the walk makes one per list and mapping."""
    texts: list[str] = []
    if isinstance(data, str):
        _check_text(sink, (), data, texts)
    stack: list[tuple[tuple, object]] = [((), data)] if isinstance(data, (dict, list)) else []
    while stack:
        loc, node = stack.pop()
        for key, value in (node.items() if isinstance(node, dict) else enumerate(node)):
            if isinstance(value, str):
                if key in _URL_KEYS or len(value) > MD_SYNTAX_MAX:
                    _check_text(sink, loc + (key,), value, texts)
                else:
                    texts.append(value)
            elif isinstance(value, (dict, list)):
                stack.append((loc + (key,), value))
    if sum(map(len, texts)) > MD_SYNTAX_FILE_MAX and \
            (total := sum(map(_syntax_count, texts))) > MD_SYNTAX_FILE_MAX:
        sink.error((), "schema", f"the file's texts hold {total:,} of the characters"
                   f" \\`*_{{}}[]()#+-.!|<>&~, expected at most {MD_SYNTAX_FILE_MAX:,}")


def _check_text(sink, loc: tuple, text: str, texts: list[str]) -> None:
    """One text that may be a URL or long: both checks, then kept for the file's total."""
    if loc and loc[-1] in _URL_KEYS and re.match(r"https?://", text) \
            and not url_is_inert(text):
        sink.error(loc, "schema", "expected a URL with its parentheses in pairs and without"
                   " \\ or ` (write them %28 %29 %5C %60), got " + describe(text))
    texts.append(text)
    # A text holds no more syntax characters than characters: only long ones are counted.
    if len(text) > MD_SYNTAX_MAX and (count := _syntax_count(text)) > MD_SYNTAX_MAX:
        sink.error(loc, "schema", f"expected text with at most {MD_SYNTAX_MAX:,} of the"
                   " characters \\`*_{}[]()#+-.!|<>&~ (the page build slows down with the"
                   f" square of their number), got {count:,}")


def _syntax_count(text: str) -> int:
    return len(_MD_SYNTAX.findall(text))


def url_is_inert(url: str) -> bool:
    depth = 0
    for ch in url:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0 or ch in "\\`":
            return False
    return depth == 0
