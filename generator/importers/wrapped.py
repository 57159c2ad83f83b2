"""Hard-wrapped pages: text saved by a text-mode browser (`lynx -dump`), a mail client or a
"save as text" that breaks every paragraph into lines of at most some width (50 to 132
characters). The importers read a paragraph as one line, so such a page's lines are joined back
before they see them; the joined line keeps the number of its first line.

A page is taken as hard-wrapped only when its lines of words are no longer than the widest wrap
(a word too long to break, an address, may stand over it) and many of them end near their
width: a scraped page, whose paragraphs are single lines of hundreds of characters, is never
changed. Within a wrapped page a line continues the one before when it follows it directly (no
blank line between) and its first word would not have fitted on the line before, give or take
an indent's few characters. A line that ends short on purpose (a heading, a label, a
paragraph's last line) keeps its break, and so do a bullet and the scraper's `URL:` and
`PARTIAL:` lines; a line over the width goes on only after a word too long to break. A page
wrapped with no blank line between its paragraphs can still join a line that is nearly full
with the line after it (the rows of a ratings table, a paragraph's last line): nothing tells
them apart.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .text import Line

WIDEST = 132  # the widest wrap looked for: a longer line means the page is not wrapped
NARROWEST = 50  # the narrowest: a page of short lines (labels, figures) is not a wrapped one
LONG_WORD = 40  # a word this long (an address) stays whole on a line of its own, over the width
NEAR = 12  # a line within this of the page's width ends where the wrap broke it
MIN_NEAR = 5  # lines near the width a wrapped page has at least
MIN_SHARE = 0.25  # ... and their share of the lines longer than SHORT
SHORT = 30
SLACK = 4  # what the page's indents (of a bullet, say) took from a wrapped line's width
SCRAPER_LINE = re.compile(r"^(?:url|partial):", re.I)  # the scraper's header: lines of their own


def wrap_width(lines: list[Line]) -> int | None:
    """The width the page looks wrapped at: its longest line but those a word of LONG_WORD
    characters or more makes long (the wrap cannot break them); None when there is no line."""
    widths = [len(ln.text) for ln in lines if len(ln.text) <= LONG_WORD
              or max(map(len, ln.text.split(" "))) < LONG_WORD]
    return max(widths) if widths else None


def hard_wrap_width(lines: list[Line]) -> int | None:
    """The width the lines are broken at, when they look hard-wrapped (see the module's
    docstring); None when they do not."""
    width = wrap_width(lines)
    if width is None or not NARROWEST <= width <= WIDEST:
        return None
    near = sum(width - NEAR <= len(ln.text) <= width for ln in lines)
    longer = sum(len(ln.text) > SHORT for ln in lines)
    return width if near >= MIN_NEAR and near >= MIN_SHARE * longer else None


def unwrapped(lines: list[Line], width: int) -> list[Line]:
    """The lines of a page hard-wrapped at `width` with each paragraph joined into one line."""
    from .text import Line

    paragraphs: list[list[Line]] = []
    for i, line in enumerate(lines):
        previous = lines[i - 1] if i else None
        if previous is not None and line.number == previous.number + 1 \
                and _continues(previous.text, line.text, width):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return [Line(p[0].number, " ".join(ln.text for ln in p)) if len(p) > 1 else p[0]
            for p in paragraphs]


def _continues(before: str, text: str, width: int) -> bool:
    """Whether the line `text` goes on with the line `before` it, which the wrap broke."""
    from .text import BULLET

    if BULLET.match(text) or SCRAPER_LINE.match(text):
        return False
    if SCRAPER_LINE.match(before):  # "URL:" alone: its address went to the next line
        return before.endswith(":") and " " not in before
    if len(before) > width:  # over the width: only a long word the wrap could not break
        return len(before.rsplit(" ", 1)[-1]) >= LONG_WORD
    return len(before) + 1 + len(text.split(" ", 1)[0]) > width - SLACK
