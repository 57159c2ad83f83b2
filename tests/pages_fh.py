"""The facts of a Freedom in the World or Freedom on the Net page as the importer finds them,
by the names tests/fixtures/pages/fiw.yml and fotn.yml use (scored by test_pages_fh). The page
is read as `generator import` reads it (intake.read_page), with no
hints, under its file name.

    country                 the slug the report is filed under (left out when nothing gave it)
    edition, covers, status the report's fields; covers as printed ("2019", "June 1, 2024 – …")
    aggregate               the total, printed or computed from its printed parts
    aggregate_computed      True when the data note says the total was computed
    edition_from            where the edition came from: "page" (a title or sentence), "key
                            developments", "address" (the URL line) or "file name"
    political-rights, civil-liberties    FIW's group totals (or, on the legacy site, ratings
                            under ratings.political-rights …)
    categories.<id>         a category's rating; indicators.<id> an indicator's points
    last_year.aggregate, last_year.status
    summary.first_words     the first three words of the summary
    summary.notes           how many notes the summary cites ([^1] … [^N])
    note.first_words        the first three words of the page's own note (Note, Editor's note)
    territory, narrative_pending   True when the page says so (kept in the data note)
    stops_at                the line where the importer says the page is cut off
    not_filed.<label>       a value read but not filed, with its line reported ("not placed:"):
                            another index's status ("Not Free") or a box's score (37)
    unprinted               the labels reported as printing no value, sorted
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.importers import import_text
from generator.importers.country_hint import OPEN_COUNTRY
from generator.importers.fh_other import NOTE_PREFIX, PENDING_NOTE
from generator.importers.intake import read_page
from generator.importers.text import slugify
from tests.test_importers import INDICES, TREATIES

KINDS = ("fiw", "fotn")
EDITION_FROM = [("from the key developments period", "key developments"),
                ("from the page's address", "address"), ("from the file name", "file name")]
NOT_FILED = re.compile(r"^not placed: (.+?) (\d+)/100\b.*\(the box|^not placed: (.+? status) (.+?)"
                       r" \(another index's status", re.I)


def import_page(path: Path):
    return import_text(read_page(path), path.name, INDICES, TREATIES)


def found_facts(kind: str, path: Path) -> dict[str, Any]:
    """The facts the importer finds in the page at `path`, by name (see the module's doc)."""
    result = import_page(path)
    facts: dict[str, Any] = {}
    reports = [(rel, rec) for rel, k, rec in result.records if k == "report"
               and rec.index == kind]
    for message in (m for _, m in result.problems):
        if m := NOT_FILED.match(message):
            label, value = (m.group(1), int(m.group(2))) if m.group(1) else (m.group(3),
                                                                             m.group(4))
            facts[f"not_filed.{slugify(label)}"] = value
    unprinted = sorted(slugify(m.group(1)) for _, msg in result.problems
                       if (m := re.match(r"no value printed: (.+?) \(", msg)))
    if unprinted:
        facts["unprinted"] = unprinted
    stops = [line for line, msg in result.problems if msg.startswith("the page stops here")]
    if stops:
        facts["stops_at"] = stops[0]
    if len(reports) != 1:
        return facts
    rel, r = reports[0]
    if rel.split("/")[1] != OPEN_COUNTRY:
        facts["country"] = rel.split("/")[1]
    note = r.data_note or ""
    facts.update({"edition": r.edition, "covers": r.covers, "status": r.status,
                  "aggregate": r.aggregate,
                  "edition_from": next((name for phrase, name in EDITION_FROM if phrase in note),
                                       "page")})
    if r.previous is not None:
        facts["last_year.aggregate"] = r.previous.aggregate
        facts["last_year.status"] = r.previous.status
    for group in r.groups:
        if group.total is not None:
            facts[group.id] = group.total
        if group.rating is not None:
            facts[f"ratings.{group.id}"] = group.rating
    for cat in r.categories:
        if cat.rating is not None:
            facts[f"categories.{cat.id}"] = cat.rating
        for ind, points in cat.indicators.items():
            facts[f"indicators.{ind}"] = points
    if r.summary is not None and r.summary.paragraphs:
        facts["summary.first_words"] = " ".join(r.summary.paragraphs[0].split()[:3])
        if r.summary.notes:
            facts["summary.notes"] = len(r.summary.notes)
    if NOTE_PREFIX in note:
        facts["note.first_words"] = " ".join(note.split(NOTE_PREFIX, 1)[1].split()[:3])
    if r.aggregate is not None:
        facts["aggregate_computed"] = "is computed here" in note
    if "as a territory, not an independent country" in note:
        facts["territory"] = True
    if PENDING_NOTE in note:
        facts["narrative_pending"] = True
    return {k: v for k, v in facts.items() if v is not None}


def unplaced(path: Path) -> list[tuple[int, str]]:
    """The lines of the page the importer could not place."""
    return [(line, msg) for line, msg in import_page(path).problems
            if msg.startswith("not recognised")]
