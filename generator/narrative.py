"""Narrative text: plain text with note references written `[^N]`; nothing else is markup."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A note reference as written, `[^N]`; a label that is not a positive whole number (`[^x]`,
# `[^0]`) is matched too, for the validator to name it.
NOTE_REF = re.compile(r"\[\^([^\]\s]{0,12})\]")


def note_number(label: str) -> int:
    """The note a reference's label names, or 0 when the label is not a note number."""
    return int(label) if label.isdigit() and label.isascii() and int(label) > 0 else 0


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
    if "[^" not in text:
        return [text] if text else []
    pieces: list[Piece] = []
    # split() with the label's group gives text, label, text, label, ..., text
    for i, part in enumerate(NOTE_REF.split(text)):
        if i % 2 == 0:
            if part:
                pieces.append(part)
        elif n := note_number(part):
            pieces.append(NoteRef(n))
        else:
            pieces.append(BadRef(f"[^{part}]"))
    return pieces


def refs_in(text: str) -> list[int]:
    return [p.number for p in split_refs(text) if isinstance(p, NoteRef)]


def plain_text(text: str) -> str:
    """The text with its note references removed."""
    return "".join(p for p in split_refs(text) if isinstance(p, str))
