"""Nations in Transit pages: the importer on the real page excerpts in ../shared/pages (issue 27),
scored against tests/fixtures/pages/nit.yml by tests/pages_score.py.

Each excerpt is read as `generator import` reads it (intake.read_page, no hints) and its records
and problems are flattened into these fact names:

    country                    the folder the report is filed under (OPEN_COUNTRY when unknown)
    edition, status, aggregate, percentage
    last_year.aggregate, last_year.percentage, last_year.status
    categories.<id>            the category's rating, current orientation (7 = best)
    changes                    sorted ids of the categories with a score change
    changes.<id>.from, .to     the change's ratings, current orientation
    orientation                "old" when the importer converted old-orientation values, else "new"
    author                     the author's name (or names)
    summary.starts             the executive summary's first four words
    summary.notes              how many note markers the summary holds
    unrated                    sorted ids of the labels printed without a value (the Democracy
                               Score as "aggregate"): reported, never read as zeros
    box.<index>, box.<index>.status
                               a score of the "On <country>" box (global-freedom,
                               internet-freedom), reported as not placed: it has no edition
    other.<label>              another fact reported as not placed ("not placed: Label: value"),
                               e.g. other.nit-country-rank, other.freedom-in-the-world-status
    cut_at                     the line where the importer says the page's text stops
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator.importers import import_text
from generator.importers.intake import read_page
from generator.importers.text import slugify
from generator.model.load import load_file
from generator.model.narrative import refs_in
from generator.model.records import Index, TreatyCatalogue

from .pages_score import PAGES, TARGET, expectations, score

REPO = Path(__file__).resolve().parents[1]
BOX = re.compile(r"^not placed: (Global Freedom|Internet Freedom) Score (-?\d+)/100 ([a-z ]+) \(")
OTHER = re.compile(r"^not placed: ([^:(]+): (.+?) \(")
UNRATED = re.compile(r"^no rating printed for category '([a-z-]+)'")
CUT = re.compile(r"^(?:the text stops mid-sentence|the page is marked partial)")


def _catalogues() -> tuple[dict[str, Index], TreatyCatalogue]:
    root = REPO / "content"
    indices = {p.stem: Index.model_validate(load_file(p, p.name)[0].data)
               for p in sorted((root / "indices").glob("*.yml"))}
    treaties = TreatyCatalogue.model_validate(load_file(root / "treaties.yml", "t")[0].data)
    return indices, treaties


INDICES, TREATIES = _catalogues()


def found_facts(path: Path, entry: dict | None = None) -> dict[str, Any]:
    """The facts the importer gives for one excerpt, by the names above."""
    result = import_text(read_page(path), path.name, INDICES, TREATIES)
    facts: dict[str, Any] = {}
    reports = [(p, r) for p, kind, r in result.records if kind == "report" and r.index == "nit"]
    if reports:
        where, r = reports[0]
        facts["country"] = where.split("/")[1]
        for name in ("edition", "status", "aggregate", "percentage"):
            if getattr(r, name) is not None:
                facts[name] = getattr(r, name)
        if r.previous is not None:
            for name in ("aggregate", "percentage", "status"):
                if getattr(r.previous, name) is not None:
                    facts[f"last_year.{name}"] = getattr(r.previous, name)
        for c in r.categories:
            if c.rating is not None:
                facts[f"categories.{c.id}"] = c.rating
        facts["changes"] = sorted(c.category for c in r.score_changes)
        for c in r.score_changes:
            facts[f"changes.{c.category}.from"], facts[f"changes.{c.category}.to"] = c.old, c.new
        facts["orientation"] = "old" if "old orientation" in (r.data_note or "") else "new"
        if r.author is not None:
            facts["author"] = r.author.name
        if r.summary is not None:
            facts["summary.starts"] = " ".join(r.summary.paragraphs[0].split()[:4])
            facts["summary.notes"] = sum(len(refs_in(p)) for p in r.summary.paragraphs)
    unrated = []
    for line, message in result.problems:
        if m := BOX.match(message):
            name = slugify(m.group(1))
            facts[f"box.{name}"], facts[f"box.{name}.status"] = int(m.group(2)), m.group(3)
        elif m := OTHER.match(message):
            facts[f"other.{slugify(m.group(1))}"] = m.group(2)
        elif m := UNRATED.match(message):
            unrated.append(m.group(1))
        elif message.startswith("no Democracy Score printed"):
            unrated.append("aggregate")
        elif CUT.match(message):
            facts["cut_at"] = line
    if unrated:
        facts["unrated"] = sorted(unrated)
    return facts


@pytest.mark.skipif(not PAGES.is_dir(), reason="../shared/pages is absent")
def test_nit_pages_score():
    result = score("nit", found_facts)
    assert result.wrong == []
    assert result.share >= TARGET, result.line() + "\n" + "\n".join(result.missing)


@pytest.mark.skipif(not PAGES.is_dir(), reason="../shared/pages is absent")
@pytest.mark.parametrize("name", sorted(expectations("nit")))
def test_nit_page_every_line_placed_or_reported(name):
    """No line of an excerpt is left unexplained: placed, page chrome, or a problem that is
    not 'not recognised' (each excerpt's lines are all of known kinds)."""
    result = import_text(read_page(PAGES / name), name, INDICES, TREATIES)
    assert result.format == "nit"
    assert [p for p in result.problems if p[1].startswith(("not recognised", "importer"))] == []
