"""Narrative text: plain text with note references written `[^N]`; nothing else is markup."""

from __future__ import annotations

import re

# A note reference as written, `[^N]`; a label that is not a positive whole number (`[^x]`,
# `[^0]`) is matched too, for the validator to name it.
NOTE_REF = re.compile(r"\[\^([^\]\s]{0,12})\]")


def note_number(label: str) -> int:
    """The note a reference's label names, or 0 when the label is not a note number."""
    return int(label) if label.isdigit() and label.isascii() and int(label) > 0 else 0


def refs_in(text: str) -> list[int]:
    """The notes the text cites, in order ('a[^3] b[^x] c[^4]' -> [3, 4])."""
    return [n for label in NOTE_REF.findall(text) if (n := note_number(label))]


def plain_text(text: str) -> str:
    """The text with its note references (and anything written like one) removed."""
    return NOTE_REF.sub("", text)
