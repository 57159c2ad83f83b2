"""Note markers in scraped narrative text: find them, and write them as `[^N]`.

A scraped page keeps the numbers of its notes but not their formatting, so a marker is just
digits somewhere in the text: glued to a word ("prime minister1 was"), to closing punctuation or
a quote ("Tokayev.4", "information,”2"), or one space after a closing quote ("“recognition” 3
of"). Many other digits look alike: decimals ("82.4"), thousands ("2,917"), days ("July 3,"),
article numbers ("Article 310-1"), ages, names ("Qaznews24").

Two facts settle it: within a section (the summary, or one category) the markers run 1, 2, 3 …
in text order, and each candidate has local evidence for or against it. Every digit run gets an
evidence score (None = impossible); a small dynamic programme then picks the sequence 1..N,
monotone in text order, with the largest total evidence. A number missing from the text may be
skipped at a cost (GAP); it is reported rather than filled with a doubtful candidate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

GAP = 4.0  # cost of a note number not found in the text
MIN_TOTAL = 1.0  # a section's chain must have at least this much evidence
MAX_STEP = 6  # longest run of missing numbers considered between two markers

CLOSERS = ".,;:!?)]”’\"'»"
QUOTES = "”’\"'»"
# A run of digits that can be a note number (1 to 999); longer runs and "0…" never are.
_RUN = re.compile(r"(?<![0-9])[1-9][0-9]{0,2}(?![0-9])")
_WORD_END = re.compile(r"[^\W\d_]+$")


@dataclass(frozen=True)
class Marker:
    """A note marker: paragraph index, character span of its digits, its number."""

    paragraph: int
    start: int
    end: int
    number: int
    spaced: bool = False  # one space separates it from the quote before it


@dataclass(frozen=True)
class Found:
    markers: list[Marker]
    missing: list[int]  # numbers 1..N not found in the text

    @property
    def count(self) -> int:
        return max((m.number for m in self.markers), default=0)


def evidence(text: str, start: int, end: int) -> float | None:
    """How much the digits text[start:end] look like a note marker (None: they cannot be)."""
    run = text[start:end]
    if run.startswith("0") or len(run) > 3 or start == 0:  # (also for callers other than find)
        return None
    prev = text[start - 1]
    before = text[start - 2] if start >= 2 else ""
    nxt = text[end] if end < len(text) else ""
    after = text[end + 1] if end + 1 < len(text) else ""
    if nxt and (nxt.isalnum() or nxt in "%‰°-–—/+×$€£_@&"):
        return None  # "30-percent", "10th", "78%"
    if nxt in ".," and after.isdigit():
        return None  # integer part of "8.5" or "2,917"
    sentence_next = nxt == "" or (nxt == " " and (after.isupper() or after in "“\"‘("))
    if prev.isalpha():
        # The word's last five letters at most: enough to tell, and linear (issue 24).
        word = _WORD_END.search(text, max(0, start - 5), start).group(0)
        if word.isupper() and len(word) <= 4:
            return 0.5  # an acronym with a number: "G20", unless the sequence needs it
        return 3.0  # "prime minister1 was"
    if prev in CLOSERS:
        if prev in ".," and before.isdigit():
            if prev == ",":
                return None if len(run) == 3 else -2.0  # thousands: "1,576"
            return 0.5 if sentence_next else -4.0  # "2021.1 The" vs "82.4 percent"
        if prev == ")" and _opened_before(text, start - 1):
            return None
        return 3.0  # "Tokayev.4", "information,”2", "(82.4 percent).4"
    if prev == " ":
        if before in QUOTES:
            return 2.0  # "“recognition” 3 of"
        if text[end:end + 2] in (" .", " ,") and before.isalpha():
            return 0.0  # "September 4 ." might be a day, might be a note
        return -5.0  # days, ages, list values, article numbers: "July 3,", "age 68"
    return None  # after a hyphen, dash, slash, bracket, currency sign or digit


def _opened_before(text: str, end: int) -> bool:
    """Is text[:end], trailing whitespace aside, ending with "("? (No copy of the text.)"""
    i = end - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i >= 0 and text[i] == "("


def find(paragraphs: list[str]) -> Found:
    """The markers of one section, numbered 1..N in text order."""
    cands: list[tuple[int, int, int, int, float]] = []  # (paragraph, start, end, value, score)
    for p, text in enumerate(paragraphs):
        for m in _RUN.finditer(text):
            score = evidence(text, m.start(), m.end())
            if score is not None:
                cands.append((p, m.start(), m.end(), int(m.group(0)), score))
    # best[v] = (total, index of the candidate ending the best chain whose last value is v)
    best: dict[int, tuple[float, int]] = {}
    totals: list[float] = []
    back: list[int | None] = []
    for i, (_, _, _, value, score) in enumerate(cands):
        # The first best of: start the chain here, or extend the best chain ending at a prior.
        total, j, found = score - (value - 1) * GAP, None, value - 1 <= MAX_STEP
        for prior in range(max(1, value - 1 - MAX_STEP), value):
            if (chain := best.get(prior)) is not None:
                option = chain[0] + score - (value - prior - 1) * GAP
                if not found or option > total:
                    total, j, found = option, chain[1], True
        if not found:
            totals.append(float("-inf"))
            back.append(None)
            continue
        totals.append(total)
        back.append(j)
        if value not in best or total > best[value][0]:
            best[value] = (total, i)
    if not totals or max(totals) < MIN_TOTAL:
        return Found([], [])
    end = totals.index(max(totals))  # the first of the best
    chosen: list[int] = []
    k: int | None = end
    while k is not None:
        chosen.append(k)
        k = back[k]
    chosen.reverse()
    markers = []
    for i in chosen:
        p, s, e, value, _ = cands[i]
        text = paragraphs[p]
        spaced = s >= 2 and text[s - 1] == " " and text[s - 2] in QUOTES
        markers.append(Marker(p, s, e, value, spaced))
    numbers = {m.number for m in markers}
    missing = [n for n in range(1, max(numbers) + 1) if n not in numbers]
    return Found(markers, missing)


def apply(paragraphs: list[str], found: Found) -> list[str]:
    """The paragraphs with each marker written `[^N]` (a separating space goes with it)."""
    by_paragraph: dict[int, list[Marker]] = {}
    for m in found.markers:
        by_paragraph.setdefault(m.paragraph, []).append(m)
    out = list(paragraphs)
    for p, marks in by_paragraph.items():
        text, pieces, done = out[p], [], 0  # pieces joined once: linear in the text
        for m in sorted(marks, key=lambda m: m.start):
            pieces += [text[done:m.start - 1 if m.spaced else m.start], f"[^{m.number}]"]
            done = m.end
        out[p] = "".join(pieces) + text[done:]
    return out


def mark(paragraphs: list[str]) -> tuple[list[str], Found]:
    found = find(paragraphs)
    return apply(paragraphs, found), found


def restore(text: str) -> str:
    """`[^N]` back to N: what the scraped text printed (but for the space a spaced one had)."""
    return re.sub(r"\[\^(\d+)\]", r"\1", text)
