"""import_text never raises: edge texts, pages cut at random points, shuffled lines (random text
from Hypothesis is in test_importers_hypothesis.py). Any failure inside an importer would
surface as a problem starting "importer failed", which these tests refuse."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from generator.importers import detect, import_text, to_yaml
from generator.model.load import load_bytes
from generator.model.records import FILE_KINDS

from .test_importers import FIXTURES, INDICES, TREATIES

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
PAGES = sorted(FIXTURES.glob("*.txt")) + (sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])
VOCABULARY = sorted({line for p in PAGES for line in p.read_text(encoding="utf-8").split("\n")})


def check(text: str, round_trip: bool = False):
    result = import_text(text, "fuzz", INDICES, TREATIES)
    assert result.format == detect(text)
    assert not any(msg.startswith("importer failed") for _, msg in result.problems), \
        result.problems
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    assert all(0 <= number <= lines for number, _ in result.problems)
    if result.format is None:
        assert len(result.problems) == 1 and result.records == []
    for path, kind, record in result.records:
        assert path.startswith("countries/") and path.endswith(".yml")
        assert isinstance(record, FILE_KINDS[kind])
        if round_trip:
            doc, problems = load_bytes(to_yaml(record).encode("utf-8"), path)
            assert problems == []
            assert FILE_KINDS[kind].model_validate(doc.data) == record
    return result


@pytest.mark.parametrize("text", ["", " ", "\n" * 50, "\x00" * 100, "\ufeff", "•", "  • ",
                                  "header1", "1.251 7.007", "0\n/1\n0 10"])
def test_edge_texts(text):
    check(text, round_trip=True)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_pages_cut_at_200_random_points(page):
    text = page.read_text(encoding="utf-8")
    rng = random.Random(page.name)
    for k, cut in enumerate(sorted(rng.randrange(len(text) + 1) for _ in range(200))):
        check(text[:cut], round_trip=k % 20 == 0)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_pages_with_shuffled_lines(page):
    lines = page.read_text(encoding="utf-8").split("\n")
    rng = random.Random(len(lines))
    for k in range(30):
        rng.shuffle(lines)
        check("\n".join(lines), round_trip=k % 10 == 0)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_pages_with_windows_line_ends_and_no_break_spaces(page):
    text = page.read_text(encoding="utf-8")
    plain = check(text)
    crlf = check(text.replace("\n", "\r\n").replace(" ", "\u00a0", 3))
    assert [p for p, _, _ in crlf.records] == [p for p, _, _ in plain.records]
