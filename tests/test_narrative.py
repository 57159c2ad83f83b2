"""Narrative text: note references `[^N]` split from the text, everything else kept as text."""

from __future__ import annotations

import pytest

from generator.narrative import BadRef, NoteRef, plain_text, refs_in, split_refs


@pytest.mark.parametrize("text, pieces", [
    ("", []),
    ("no references", ["no references"]),
    ("a[^1] b", ["a", NoteRef(1), " b"]),
    ("[^2][^10]", [NoteRef(2), NoteRef(10)]),
    ("zero[^0], word[^x], empty[^], eastern digit[^٣]",
     ["zero", BadRef("[^0]"), ", word", BadRef("[^x]"), ", empty", BadRef("[^]"),
      ", eastern digit", BadRef("[^٣]")]),
    ("not one: [^1 2] and [1] and ^1]", ["not one: [^1 2] and [1] and ^1]"]),
])
def test_split_refs(text, pieces):
    assert split_refs(text) == pieces


def test_refs_and_plain_text():
    assert refs_in("a[^3] b[^x] c[^4]") == [3, 4]
    assert plain_text("a[^3] b[^x] c[^4].") == "a b c."
