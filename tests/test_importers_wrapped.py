"""Hard-wrapped pages (generator/importers/wrapped.py): a page saved by a text-mode browser or a
"save as text" that breaks its paragraphs at a fixed width gives the records of the page as
scraped, and a scraped page is never taken for a wrapped one."""

from __future__ import annotations

import importlib
import textwrap

import pytest

from generator.importers import import_text, to_yaml
from generator.importers.intake import read_page
from generator.importers.text import lines_of
from generator.importers.wrapped import hard_wrap_width

from .pages_score import PAGES, expectations, facts_of_kind, score
from .test_importers import INDICES, TREATIES, fixture_text

KINDS = ("nit", "fiw", "fotn", "hub", "tracker")
# facts that are line numbers of the file: a wrapped file numbers its lines otherwise
LINE_FACTS = ("cut_at", "stops_at")


def wrap(text: str, width: int = 72) -> str:
    """The text as a wrapping saver writes it: each long line broken at `width` (never inside a
    word or an address), a blank line after each of the page's lines."""
    out = []
    for line in text.split("\n"):
        out += textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) \
            if len(line) > width else [line]
        out.append("")
    return "\n".join(out)


def records(text: str) -> list[tuple[str, str]]:
    result = import_text(text, "page.txt", INDICES, TREATIES)
    return [(path, to_yaml(record)) for path, _, record in result.records]


@pytest.mark.parametrize("name", ["nit_2022_ruritania.txt", "nit_2019_ruritania.txt",
                                  "fiw_2024_ruritania.txt", "idea_ruritania.txt"])
@pytest.mark.parametrize("width", [64, 72])
def test_a_wrapped_page_gives_the_records_of_the_page(name, width, ruritania_in_table):
    text = fixture_text(name)
    wrapped = wrap(text, width)
    assert hard_wrap_width(lines_of(text, unwrap=False)) is None
    assert hard_wrap_width(lines_of(wrapped, unwrap=False)) is not None
    assert max(len(line) for line in wrapped.split("\n")) <= width
    assert records(wrapped) == records(text)


def test_only_lines_broken_mid_paragraph_are_joined():
    para = ("The assembly met twice in the spring and passed the budget without a debate, "
            "as the government wished and the opposition had feared for months.")
    point = "• The courts, which had waited, upheld the rules on meetings and on the press."
    blocks = [["Freedom in the World 2024: Ruritania"], textwrap.wrap(para, 60), ["Overview"],
              textwrap.wrap(para, 60), [*textwrap.wrap(point, 60), "• A second point."],
              ["URL: https://example.org/" + "a" * 60, "PARTIAL: yes"],
              textwrap.wrap(para + " " + para, 60)]
    lines = lines_of("\n\n".join("\n".join(block) for block in blocks))
    assert [line.text for line in lines] == [
        "Freedom in the World 2024: Ruritania", para, "Overview", para, point,
        "• A second point.", "URL: https://example.org/" + "a" * 60, "PARTIAL: yes",
        para + " " + para]
    firsts, number = [], 1
    for block in blocks:  # a joined line has the number of its first line
        firsts.append(number)
        if block[0].startswith("•"):
            firsts.append(number + len(block) - 1)
        elif block[0].startswith("URL"):
            firsts.append(number + 1)
        number += len(block) + 1
    assert [line.number for line in lines] == firsts


def test_short_lines_are_not_a_wrapped_page():
    text = "\n".join(["Ruritania", "Partly Free", "41 / 100", "Political Rights 15 / 40"] * 20)
    assert hard_wrap_width(lines_of(text, unwrap=False)) is None
    assert len(lines_of(text)) == 80


@pytest.mark.skipif(not PAGES.is_dir(), reason="../shared/pages is absent")
def test_no_scraped_page_is_taken_for_a_wrapped_one():
    for path in sorted(PAGES.glob("*.txt")):
        assert hard_wrap_width(lines_of(read_page(path), unwrap=False)) is None, path.name


@pytest.mark.skipif(not PAGES.is_dir(), reason="../shared/pages is absent")
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("width", [60, 72])
def test_the_excerpts_wrapped_give_their_facts(kind, width, monkeypatch):
    """Every excerpt wrapped at `width` characters: the facts the scorer lists, but for the line
    numbers (LINE_FACTS), all found with no wrong value."""
    # the module whose import_text call reads the excerpt
    reader = "tests.pages_fh" if kind in ("fiw", "fotn") else f"tests.test_pages_{kind}"
    monkeypatch.setattr(importlib.import_module(reader), "read_page",
                        lambda path: wrap(read_page(path), width))
    result = score(kind, facts_of_kind(kind))
    line_facts = sum(fact in LINE_FACTS for entry in expectations(kind).values()
                     for fact in entry.get("facts") or {})
    others = [p for p in result.wrong + result.missing
              if p.split(": ")[1].split(":")[0] not in LINE_FACTS]
    assert others == []
    assert result.found + line_facts >= result.listed
