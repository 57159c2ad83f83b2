"""The Freedom on the Net importer on the real page excerpts in ../shared/pages (issue 27).

The facts expected of each excerpt are in tests/fixtures/pages/fotn.yml; tests/pages_fh.py
names them (edition, status, aggregate, categories.<id>, last_year.aggregate, stops_at ...) and
reads them from what the importer returns. Skipped when ../shared/pages is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import pages_fh
from tests.pages_score import PAGES, TARGET, expectations, score

KIND = "fotn"

pytestmark = pytest.mark.skipif(not PAGES.is_dir(), reason="../shared/pages is not present")


def found_facts(path: Path, entry: dict) -> dict:
    """The facts the importer finds in one excerpt, by the names of tests/pages_fh.py."""
    return pages_fh.found_facts(KIND, path)


def test_fotn_pages_score():
    result = score(KIND, found_facts)
    assert result.wrong == []
    assert result.share >= TARGET, result.line() + "\n" + "\n".join(result.missing)


@pytest.mark.parametrize("name", sorted(expectations(KIND)))
def test_fotn_page_detected_and_every_line_placed(name):
    path = PAGES / name
    assert pages_fh.import_page(path).format == KIND
    assert pages_fh.unplaced(path) == []


def test_every_fotn_excerpt_has_expectations():
    listed = set(expectations(KIND))
    on_disk = {p.name for p in PAGES.glob("*.txt") if f"-{KIND}-" in p.name}
    assert on_disk <= listed
