"""Narrative sections as pages show them: runs of text and note references with their anchors.

Split on first use, in the render worker that shows the report (see ReportView in derive.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .model import Section
from .narrative import NoteRef, split_refs


class Piece(NamedTuple):  # NamedTuple: made ~100 times per report, 3x faster than a dataclass
    """A run of text, or a note reference with its anchors."""

    text: str = ""
    number: int = 0
    ref_id: str = ""
    note_id: str = ""


class NoteView(NamedTuple):
    number: int
    text: str | None
    note_id: str
    ref_id: str | None  # the first citation, for the back link


@dataclass(frozen=True)
class SectionView:
    key: str
    paragraphs: list[list[Piece]]
    notes: list[NoteView]


def section_view(key: str, section: Section) -> SectionView:
    """The section's paragraphs split at note references; anchors `<key>-r<n>` (then `-2`,
    `-3`… for later citations of the same note) and `<key>-n<n>`. A page holds about a hundred
    notes, each anchor written twice, so the key is short: `s` for the executive summary, `g`
    for at a glance, `c3` for the third category of the index (a section's name as the key took
    6 KB of a report page)."""
    first_ref: dict[int, str] = {}
    cited: dict[int, int] = {}
    paragraphs = []
    for paragraph in section.paragraphs:
        pieces = []
        for piece in split_refs(paragraph):
            if isinstance(piece, NoteRef):
                n = piece.number
                cited[n] = cited.get(n, 0) + 1
                ref_id = f"{key}-r{n}" + (f"-{cited[n]}" if cited[n] > 1 else "")
                first_ref.setdefault(n, ref_id)
                pieces.append(Piece(number=n, ref_id=ref_id, note_id=f"{key}-n{n}"))
            else:
                pieces.append(Piece(text=str(piece)))
        if pieces and not pieces[0].number:
            pieces[0] = Piece(text=pieces[0].text.lstrip())
        if pieces and not pieces[-1].number:
            pieces[-1] = Piece(text=pieces[-1].text.rstrip())
        paragraphs.append(pieces)
    notes = [NoteView(n, text, f"{key}-n{n}", first_ref.get(n))
             for n, text in sorted(section.notes.items())]
    return SectionView(key, paragraphs, notes)
