"""Narrative text: note references `[^N]` found in the text, everything else kept as text."""

from __future__ import annotations

import pytest

from generator.model.narrative import NOTE_REF, note_number, plain_text, refs_in


@pytest.mark.parametrize("text, labels, notes", [
    ("", [], []),
    ("no references", [], []),
    ("a[^1] b", ["1"], [1]),
    ("[^2][^10]", ["2", "10"], [2, 10]),
    # written like references but naming no note: found (the validator names them), not cited
    ("zero[^0], word[^x], empty[^], eastern digit[^٣]", ["0", "x", "", "٣"], []),
    ("not one: [^1 2] and [1] and ^1]", [], []),
])
def test_references_and_the_notes_they_cite(text, labels, notes):
    assert NOTE_REF.findall(text) == labels
    assert [note_number(label) for label in labels if note_number(label)] == notes
    assert refs_in(text) == notes


def test_plain_text_drops_every_reference():
    assert refs_in("a[^3] b[^x] c[^4]") == [3, 4]
    assert plain_text("a[^3] b[^x] c[^4].") == "a b c."
    assert plain_text("not one: [^1 2] and [1]") == "not one: [^1 2] and [1]"
