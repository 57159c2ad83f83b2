"""Narrative sections as pages show them: the paragraphs, and the anchors of their note
references and notes.

Made on first use, in the render worker that shows the report (see ReportView in derive.py);
render.section_paragraphs writes the paragraphs, numbering citations with the same Citations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from ..model.narrative import refs_in
from ..model.records import Section


class NoteView(NamedTuple):
    number: int
    text: str | None
    note_id: str
    ref_id: str | None  # the first citation, for the back link


@dataclass(frozen=True)
class SectionView:
    key: str
    paragraphs: list[str]  # the narrative's text, note references written `[^N]`
    notes: list[NoteView]


class Citations:
    """The anchors of one section's note references, in the order they are cited: `<key>-r<n>`,
    then `-2`, `-3`… for later citations of the same note, and `<key>-n<n>` for the note.

    A page holds about a hundred notes, each anchor written twice, so the key is short: `s` for
    the executive summary, `g` for at a glance, `c3` for the third category of the index (not
    the section's name, which would lengthen every anchor)."""

    def __init__(self, key: str) -> None:
        self.key = key
        self._times: dict[int, int] = {}

    def cite(self, n: int) -> str:
        """The anchor of the next citation of note n."""
        times = self._times[n] = self._times.get(n, 0) + 1
        return self.first(n) if times == 1 else f"{self.first(n)}-{times}"

    def first(self, n: int) -> str:
        """The anchor of note n's first citation, wherever it stands (the notes' back links)."""
        return f"{self.key}-r{n}"

    def note_id(self, n: int) -> str:
        return f"{self.key}-n{n}"


def section_view(key: str, section: Section) -> SectionView:
    """The section's paragraphs and its notes, each with the anchor of its first citation."""
    citations = Citations(key)
    cited = {n for text in section.paragraphs for n in refs_in(text)}
    notes = [NoteView(n, text, citations.note_id(n), citations.first(n) if n in cited else None)
             for n, text in sorted(section.notes.items())]
    return SectionView(key, section.paragraphs, notes)
