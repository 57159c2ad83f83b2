"""Importers: the publishers' files -> content.

Data files (workbooks, CSV tables) go through data.py: each reader returns patches of content
files (patches.py), merged into the content folder without touching an editor's text. Scraped
page text goes through `import_text` below: raw text -> normalised records, without losing a
word.

    detect(text) -> "nit" | "idea-tracker" | "fiw" | "fotn" | "fh-hub" (hub.py) | None
    import_text(text, source_name, indices, treaties, *, country=None, edition=None)
        -> ImportResult(format, records=[(relative path, kind, record)], problems=[(line, msg)])
    to_yaml(record) -> str

Every non-blank line of the input is either placed in a record, recognised as page chrome or
chart residue, or reported as a problem ("not recognised: …") with its line number. Nothing
is guessed: a value the text does not give (an edition, a country) is taken from the optional
hints or reported. `import_text` never raises; an unexpected failure inside an importer is
reported as a problem starting "importer failed".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model.records import FILE_KINDS, Index, Record, TreatyCatalogue
from .country_hint import from_source
from .fh_other import import_fiw, import_fotn
from .hub import import_hub, is_hub
from .idea import import_idea
from .nit import import_nit
from .text import Problems, lines_of, shorten
from .yamlout import to_yaml

__all__ = ["FORMATS", "ImportResult", "detect", "import_text", "to_yaml"]

FORMATS = ("nit", "idea-tracker", "fiw", "fotn", "fh-hub")

# (format, pattern, weight): signals counted per format; the best format needs 3 points.
_SIGNALS = [
    ("nit", r"democracy percentage", 2), ("nit", r"democracy score", 1),
    ("nit", r"score changes in \d{4}", 1), ("nit", r"1\.00 ?- ?7\.00 ?pts", 2),
    ("nit", r"nations in transit", 2), ("nit", r"last year.s democracy", 2),
    ("nit", r"^(?:[^\n:|]{1,60}: )?nations in transit \d{4}\b", 1),
    ("nit", r"^regime classification\b", 2), ("nit", r"^nit edition ?(?:19|20)\d\d", 2),
    ("nit", r"ratings and averaged scores", 1),
    ("idea-tracker", r"democracytracker", 2), ("idea-tracker", r"basic information", 1),
    ("idea-tracker", r"global ranking per category", 3), ("idea-tracker", r"human rights treaties",
                                                          1),
    ("idea-tracker", r"see all event reports", 2), ("idea-tracker", r"^sources:", 1),
    ("idea-tracker", r"^monthly event reports$", 2), ("idea-tracker", r"^(?:watch|election) flag$",
                                                      2),
    ("idea-tracker", r"^(?:january|february|march|april|may|june|july|august|september|october"
                     r"|november|december) \d{4} ?\| ?\S", 2),  # "July 2023 | A title"
    ("idea-tracker", r"global state of democracy", 1),
    ("idea-tracker", r"^(?:critical|positive and negative) events in [a-z]+ \d{4}$", 2),
    ("fiw", r"freedom in the world", 2), ("fiw", r"global freedom score", 1),
    ("fiw", r"^(?:pr )?political rights:? -?\d+ ?(?:/ ?)?40$", 2),
    ("fiw", r"^(?:cl )?civil liberties:? \d+ ?(?:/ ?)?60$", 2),
    ("fiw", r"electoral process \d+ ?(?:/ ?)?12", 1), ("fiw", r"^[a-g]\d{1,2} 0 ?- ?4 ?pts$", 3),
    ("fiw", r"^freedom status:", 2), ("fiw", r"^global freedom statuses are calculated", 1),
    ("fiw", r"^freedom rating(?: \([^)]*\))?:", 2),
    ("fotn", r"freedom on the net", 2), ("fotn", r"internet freedom score", 1),
    ("fotn", r"^\|? ?(?:a )?obstacles to access:? (?:\| )?\d+ ?(?:/ ?)?25\b", 2),
    ("fotn", r"^\|? ?(?:b )?limits on content:? (?:\| )?\d+ ?(?:/ ?)?35\b", 2),
    ("fotn", r"^\|? ?(?:c )?violations of user rights:? (?:\| )?\d+ ?(?:/ ?)?40\b", 1),
    ("fotn", r"^scores are based on a scale of 0 \(least free\) to 100 \(most free\)", 1),
    ("fotn", r"^internet freedom status:", 2), ("fotn", r"^obstacles to access \(0 ?- ?25\)", 2),
]


@dataclass
class ImportResult:
    """Records ready to write under content/, and everything that could not be placed."""

    format: str | None
    records: list[tuple[str, str, Record]] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    source_name: str = ""


def detect(text: str) -> str | None:
    """The format of a scraped page, or None when no format is clearly signalled."""
    if not isinstance(text, str):
        return None
    sample = "\n".join(line.text for line in lines_of(text[:400_000])).casefold()
    if is_hub(sample):  # a hub shows FIW, FOTN and NIT scores: before their own signals
        return "fh-hub"
    scores = {fmt: 0 for fmt in FORMATS}
    for fmt, pattern, weight in _SIGNALS:
        if re.search(pattern, sample, re.MULTILINE):
            scores[fmt] += weight
    best = max(FORMATS, key=lambda f: scores[f])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < 3 or ranked[0] == ranked[1]:
        return None
    return best


def import_text(text: str, source_name: str, indices: dict[str, Index],
                treaties: TreatyCatalogue, *, country: str | None = None,
                edition: int | None = None) -> ImportResult:
    """Import one scraped page. `country` and `edition` are hints for what the page omits."""
    if not isinstance(text, str):
        return ImportResult(None, [], [(0, "not text: expected a str")], source_name)
    fmt = detect(text)
    if fmt is None:
        first = next((ln.text for ln in lines_of(text[:20_000]) if ln.text), "")
        return ImportResult(None, [], [(0, "format not recognised (expected a Nations in Transit,"
                                        " Democracy Tracker, Freedom in the World or Freedom on"
                                        f" the Net page): {shorten(first) or 'empty text'}")],
                            source_name)
    problems = Problems()
    lines = lines_of(text)
    # the country where the page's text names none: its URL line or file name (country_hint)
    fallback = from_source(lines, source_name)

    try:
        if fmt == "idea-tracker":
            records = import_idea(lines, indices, treaties, problems, source_name, country,
                                  fallback_country=fallback)
        else:
            read = {"nit": import_nit, "fh-hub": import_hub, "fiw": import_fiw,
                    "fotn": import_fotn}[fmt]
            records = read(lines, indices, problems, source_name, country, edition,
                           fallback_country=fallback)
    except Exception as exc:  # noqa: BLE001 - the promise is: never raise on any text
        problems.add(0, f"importer failed: {type(exc).__name__}: {exc}")
        records = []
    records = [(path, kind, rec) for path, kind, rec in records
               if isinstance(rec, FILE_KINDS.get(kind, ()))]
    problems.items.sort(key=lambda p: p[0])
    return ImportResult(fmt, records, problems.items, source_name)
