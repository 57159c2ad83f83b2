"""The Freedom in the World and Freedom on the Net importers on the real page excerpts in
../shared/pages (issue 27).

The facts expected of each excerpt are in tests/fixtures/pages/fiw.yml and fotn.yml;
tests/pages_fh.py names them (edition, status, aggregate, categories.<id>, last_year.aggregate,
stops_at ...) and reads them from what the importer returns. Skipped when ../shared/pages is
absent.
"""

from __future__ import annotations

import pytest

from tests import pages_fh
from tests.pages_score import PAGES, TARGET, expectations, facts_of_kind, score

KINDS = pages_fh.KINDS

pytestmark = pytest.mark.skipif(not PAGES.is_dir(), reason="../shared/pages is not present")


@pytest.mark.parametrize("kind", KINDS)
def test_pages_score(kind):
    result = score(kind, facts_of_kind(kind))
    assert result.wrong == []
    assert result.share >= TARGET, result.line() + "\n" + "\n".join(result.missing)


@pytest.mark.parametrize("kind, name", [(kind, name) for kind in KINDS
                                        for name in sorted(expectations(kind))])
def test_page_detected_and_every_line_placed(kind, name):
    path = PAGES / name
    assert pages_fh.import_page(path).format == kind
    assert pages_fh.unplaced(path) == []


@pytest.mark.parametrize("kind", KINDS)
def test_every_excerpt_has_expectations(kind):
    listed = set(expectations(kind))
    on_disk = {p.name for p in PAGES.glob("*.txt") if f"-{kind}-" in p.name}
    assert on_disk <= listed
