"""Narrative text: plain text with note references written `[^N]`; nothing else is markup."""

from __future__ import annotations

import re
from dataclasses import dataclass

_REF = re.compile(r"\[\^([^\]\s]{0,12})\]")


@dataclass(frozen=True)
class NoteRef:
    number: int


@dataclass(frozen=True)
class BadRef:
    """A `[^…]` that is not `[^N]` with N a positive whole number."""

    text: str


Piece = str | NoteRef | BadRef


def split_refs(text: str) -> list[Piece]:
    """'a[^1] b' -> ['a', NoteRef(1), ' b']."""
    pieces: list[Piece] = []
    pos = 0
    for match in _REF.finditer(text):
        if match.start() > pos:
            pieces.append(text[pos:match.start()])
        label = match.group(1)
        if label.isdigit() and label.isascii() and int(label) > 0:
            pieces.append(NoteRef(int(label)))
        else:
            pieces.append(BadRef(match.group(0)))
        pos = match.end()
    if pos < len(text):
        pieces.append(text[pos:])
    return pieces


def refs_in(text: str) -> list[int]:
    return [p.number for p in split_refs(text) if isinstance(p, NoteRef)]


def plain_text(text: str) -> str:
    """The text with its note references removed."""
    return "".join(p for p in split_refs(text) if isinstance(p, str))
