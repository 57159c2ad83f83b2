"""Scoring the page importers against the facts listed for the real page excerpts in
../shared/pages/ (issue 27): one YAML file of expectations per kind of page under
tests/fixtures/pages/, one entry per excerpt, facts by name.

    <file name>:
      country: serbia          # the country the importer should file the page under, or null
      facts:                   # name -> value, as the kind's test module names them
        edition: 2019
        aggregate: 4.0
        ...
      absent: [categories]     # facts the page does not give: the importer must not invent them

Each kind's `found_facts` (tests/test_pages_<kind>.py, or tests/pages_fh.py for FIW and FOTN:
see facts_of_kind) turns what the importer found into the same flat names, which `score` checks.
A fact is found when the importer gives that name the expected value, wrong when it gives another
value (or gives a fact listed as absent), missing otherwise.

`python -m tests.pages_score` prints the figures of every kind (the issue note quotes them).
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO.parent / "shared" / "pages"
EXPECTED = REPO / "tests" / "fixtures" / "pages"
TARGET = 0.95  # of the listed facts, found with no wrong value


@dataclass
class Score:
    kind: str
    found: int = 0
    missing: list[str] = field(default_factory=list)  # "file: name"
    wrong: list[str] = field(default_factory=list)  # "file: name: expected x, got y"

    @property
    def listed(self) -> int:
        return self.found + len(self.missing) + len(self.wrong)

    @property
    def share(self) -> float:
        return self.found / self.listed if self.listed else 0.0

    def line(self) -> str:
        return (f"{self.kind:10} {self.found:4} of {self.listed:4} facts found"
                f" ({100 * self.share:5.1f} %), {len(self.wrong)} wrong,"
                f" {len(self.missing)} missing")


def expectations(kind: str) -> dict[str, dict]:
    """The entries of one kind's expectations file, by excerpt file name."""
    return yaml.safe_load((EXPECTED / f"{kind}.yml").read_text(encoding="utf-8")) or {}


def same(expected: Any, got: Any) -> bool:
    """Equal, numbers within rounding (4.0 == 4, 32.14 == 32.14000001)."""
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)) \
            and not isinstance(expected, bool) and not isinstance(got, bool):
        return math.isclose(float(expected), float(got), abs_tol=1e-9)
    return expected == got


def score(kind: str, found_facts: Callable[[Path, dict], dict[str, Any]]) -> Score:
    """Every excerpt of the kind through `found_facts(path, entry)`, which imports the page and
    returns its facts by name (the country under the name "country")."""
    result = Score(kind)
    for name, entry in sorted(expectations(kind).items()):
        got = found_facts(PAGES / name, entry)
        wanted = dict(entry.get("facts") or {})
        if "country" in entry:
            wanted["country"] = entry["country"]
        for fact, value in wanted.items():
            if fact not in got:
                result.missing.append(f"{name}: {fact}")
            elif same(value, got[fact]):
                result.found += 1
            else:
                result.wrong.append(f"{name}: {fact}: expected {value!r}, got {got[fact]!r}")
        for fact in entry.get("absent") or []:
            if fact in got and got[fact] not in (None, [], {}):
                result.wrong.append(f"{name}: {fact}: not on the page, got {got[fact]!r}")
    return result


def facts_of_kind(kind: str) -> Callable[[Path, dict], dict[str, Any]]:
    """The `found_facts` of a kind: tests/pages_fh.py's for the Freedom House report pages,
    else tests/test_pages_<kind>.py's."""
    import importlib

    from tests import pages_fh

    if kind in pages_fh.KINDS:
        return lambda path, entry: pages_fh.found_facts(kind, path)
    return importlib.import_module(f"tests.test_pages_{kind}").found_facts


def main() -> int:
    """The figures of every kind."""
    sys.path.insert(0, str(REPO))
    if not PAGES.is_dir():
        print(f"{PAGES} is absent: nothing to score")
        return 1
    failed = False
    for path in sorted(EXPECTED.glob("*.yml")):
        result = score(path.stem, facts_of_kind(path.stem))
        print(result.line())
        for problem in result.wrong + result.missing:
            print(f"    {problem}")
        failed |= bool(result.wrong) or result.share < TARGET
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
