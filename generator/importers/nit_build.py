"""A Nations in Transit page, as read by nit.py, -> one NIT Report.

Decides what the page leaves open, from what it prints: the edition (score-changes heading,
title, "2014 Scores", the ratings table's last column, the page's address), the country (the
text, then the caller's fallback from the address or file name, else OPEN_COUNTRY) and the
orientation (stated, or shown by the data). Old-orientation values (1 = best) are converted as
8 − printed value and the report's data note says so. Labels printed without values are
reported as such, never read as zeros.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..model.records import Author, CategoryResult, Report, ScoreChange, Section, Source
from ..model.scoring import band_for
from . import markers
from .country_hint import OPEN_COUNTRY, printed_or_fallback
from .country_table import load_table
from .nit_tables import AGGREGATE
from .text import TEXT_MAX, Line, Problems, build, slugify, source_of

AUTHOR_NAME = re.compile(r"^(.+?)(?:,| (?:is|are|was|were|has|have|holds|works|serves) )")
URL_EDITION = re.compile(r"nations-in-transit/(\d{4})\b|nations-transit/(\d{4})\b")
BRACKETED = re.compile(r"(?<=\S)\[(\d{1,3})\]")  # a note number in brackets: "state."[1]
# A figure with thousands separators and a note number glued to it: "over 600,0003 citizens"
# (a group of three digits ends the figure, so the digits after it can only be the note's).
GLUED_TO_FIGURE = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?=\d{1,3}(?!\d))")
FIGURE = "Qfigq"  # letters around a hidden figure's number while the markers are found
FIGURE_SEEN = re.compile(rf"{FIGURE}([a-z]+){FIGURE}")


@dataclass
class Page:
    """What was read from the page, as printed (before any orientation change)."""

    title_edition: int | None = None
    changes_edition: int | None = None
    scores_edition: int | None = None  # "2014 Scores"
    countries: list[tuple[int, str]] = field(default_factory=list)
    status: str | None = None
    percentage: float | None = None
    aggregate: float | None = None
    previous_percentage: float | None = None
    previous_status: str | None = None
    previous_aggregate: float | None = None
    result_new: float | None = None
    no_changes: bool = False  # "No score changes"
    changes: list[tuple[int, str, str, float, float, str]] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    glance: list[str] = field(default_factory=list)
    ratings: dict[str, float] = field(default_factory=dict)
    unrated: list[tuple[int, str]] = field(default_factory=list)  # labels without a value
    table: dict[int, dict[str, float]] = field(default_factory=dict)  # year -> row -> value
    table_line: int = 0
    narratives: dict[str, list[str]] = field(default_factory=dict)
    category_lines: dict[str, int] = field(default_factory=dict)
    author: tuple[int, str, str] | None = None
    byline: tuple[int, str] | None = None
    orientation_stated: str | None = None  # "old" | "new"
    section_lines: dict[str, int] = field(default_factory=dict)
    last_narrative: Line | None = None
    url: str | None = None


def country_slug(name: str) -> str:
    """The site's id of a country name (the reviewed table of names), else its slug."""
    entry = load_table().by_name(name)
    return entry.id if entry is not None else slugify(name)


def build_report(page: Page, index, problems: Problems, hint_country: str | None,
                 hint_edition: int | None, fallback_country: str | None,
                 content: list[Line]) -> list:
    """[(path, "report", Report)], or [] when no edition is known."""
    first_line = content[0].number if content else 0
    edition = _edition(page, hint_edition, problems, first_line)
    if edition is None:
        problems.add(first_line, "no edition printed (no 'Score changes in YYYY' line, title"
                     " or ratings table); nothing imported, give the edition as a hint")
        return []
    slug, name = _country(page, hint_country, fallback_country, problems, first_line)
    _take_table(page, edition, problems)
    if page.no_changes and page.previous_aggregate is None and page.aggregate is not None:
        page.previous_aggregate = page.aggregate  # no category moved: neither did the mean
    old = _orientation(page, index, edition, problems, first_line)
    flip = (lambda x: float(Decimal(8) - Decimal(repr(x)))) if old else (lambda x: x)
    notes: list[str] = []
    if old:
        notes.append("The page prints the old orientation (1 = best, 7 = worst); ratings, the"
                     " Democracy Score and score changes are converted here as 8 − printed"
                     " value.")
    aggregate = page.aggregate if page.aggregate is not None else page.result_new
    if page.aggregate is None and page.result_new is not None:
        notes.append("The Democracy Score is taken from the 'As a result' line.")
    if page.aggregate is not None and page.result_new is not None and \
            page.aggregate != page.result_new:
        problems.add(first_line, f"Democracy Score {page.aggregate} differs from the 'As a"
                     f" result' line ({page.result_new})")
    for number, what in page.unrated:
        problems.add(number, "no Democracy Score printed (its label stands without a value)"
                     if what == AGGREGATE else f"no rating printed for category '{what}'")
    previous = {k: v for k, v in {
        "aggregate": flip(page.previous_aggregate) if page.previous_aggregate is not None
        else None,
        "percentage": page.previous_percentage, "status": page.previous_status}.items()
        if v is not None}
    changes = []
    for number, cid, _, a, b, reason in page.changes:
        change = build(ScoreChange, {"category": cid, "from": flip(a), "to": flip(b),
                                     "reason": reason}, problems, number, "score change")
        if change is not None:
            changes.append(change)
    data = {
        "index": "nit", "edition": edition, "covers": str(edition - 1), "status": page.status,
        "aggregate": flip(aggregate) if aggregate is not None else None,
        "percentage": page.percentage, "previous": previous or None,
        "score_changes": changes,
        "summary": section(page.summary, problems, page.section_lines.get("summary", 0),
                           "executive summary"),
        "at_a_glance": section(page.glance, problems, page.section_lines.get("glance", 0),
                               "at-a-glance"),
        "categories": _categories(page, index, edition, flip, problems, content),
        "author": _author(page, problems),
        "source": _source(edition, name, page.url),
        "data_note": " ".join(notes) or None,
    }
    report = build(Report, {k: v for k, v in data.items() if v is not None}, problems,
                   first_line, f"NIT {edition} report")
    if report is None:
        return []
    return [(f"countries/{slug}/reports/nit-{edition}.yml", "report", report)]


def _edition(page: Page, hint: int | None, problems: Problems, line: int) -> int | None:
    if page.changes_edition and page.title_edition and page.changes_edition != page.title_edition:
        problems.add(line, f"the title says {page.title_edition} but score changes are for"
                     f" {page.changes_edition}; used {page.changes_edition}")
    printed = page.changes_edition or page.title_edition or page.scores_edition or hint
    if printed is not None:
        return printed
    if page.table:
        return max(page.table)  # a table of ratings ends with the edition it belongs to
    m = URL_EDITION.search(page.url or "")
    return int(m.group(1) or m.group(2)) if m else None


def _country(page: Page, hint: str | None, fallback: str | None, problems: Problems,
             line: int) -> tuple[str, str | None]:
    """(slug, name): the hint, else the name the text prints, else the fallback, else open."""
    named = {country_slug(n): n for _, n in page.countries if slugify(n)}
    if hint and slugify(hint):
        return country_slug(hint), hint
    if named:
        number, name = next((ln, n) for ln, n in page.countries if slugify(n))
        if len(named) > 1:
            problems.add(page.countries[1][0], "country named differently:"
                         f" {sorted(named.values())}; used '{name}'")
        name, problem = printed_or_fallback(name, fallback)
        if problem:
            problems.add(number, problem)
        return country_slug(name), name
    if fallback and slugify(fallback):
        return country_slug(fallback), fallback
    problems.add(line, f"no country named in the page, its address or its file name: filed"
                 f" under '{OPEN_COUNTRY}'; give the country as a hint")
    return OPEN_COUNTRY, None


def _take_table(page: Page, edition: int, problems: Problems) -> None:
    """The edition's column of a ratings table, and the previous edition's Democracy Score."""
    if not page.table:
        return
    column = page.table.get(edition)
    if column is None:
        problems.add(page.table_line, f"the ratings table has no column for {edition}"
                     f" ({min(page.table)}–{max(page.table)}); its ratings are not imported")
        return
    for row, value in column.items():
        if row == AGGREGATE:
            if page.aggregate is None:
                page.aggregate = value
            elif page.aggregate != value:
                problems.add(page.table_line, f"the table's Democracy Score for {edition}"
                             f" ({value}) differs from the one printed ({page.aggregate})")
        elif page.ratings.setdefault(row, value) != value:
            problems.add(page.table_line, f"the table's {row} rating for {edition} ({value})"
                         f" differs from the one printed ({page.ratings[row]})")
        page.category_lines.setdefault(row, page.table_line)
    last = page.table.get(edition - 1, {}).get(AGGREGATE)
    if last is not None and page.previous_aggregate is None:
        page.previous_aggregate = last
    others = sorted(y for y in page.table if y != edition)
    if others:
        problems.add(page.table_line, f"the ratings table's columns of other editions"
                     f" ({others[0]}–{others[-1]}) are not imported: only {edition}'s"
                     + (f", and {edition - 1}'s Democracy Score as last year's" if last else ""))


def _categories(page: Page, index, edition: int, flip, problems: Problems,
                content: list[Line]) -> list:
    first_line = content[0].number if content else 0
    categories = []
    order = {c.id: i for i, c in enumerate(index.categories)}
    for cid in sorted(set(page.ratings) | set(page.narratives), key=lambda c: order.get(c, 99)):
        data: dict = {"id": cid}
        where = page.category_lines.get(cid, first_line)
        if cid in page.ratings:
            data["rating"] = flip(page.ratings[cid])
        else:
            problems.add(where, f"no rating printed for category '{cid}'")
        narrative = section(page.narratives.get(cid, []), problems, where, cid)
        if narrative is not None:
            data["narrative"] = narrative
        result = build(CategoryResult, data, problems, where, f"category '{cid}'")
        if result is not None:
            categories.append(result)
    labelled = {c for _, c in page.unrated}
    if categories or labelled - {AGGREGATE}:
        shown = {c.id for c in categories} | labelled
        expected = [c.id for c in index.categories
                    if (c.first is None or edition >= c.first) and (c.last is None or
                                                                      edition <= c.last)]
        missing = [c for c in expected if c not in shown]
        if missing:
            problems.add(content[-1].number if content else 0,
                         f"categories not printed (page cut off?): {', '.join(missing)}")
    return categories


def _author(page: Page, problems: Problems) -> Author | None:
    author = None
    if page.author is not None:
        number, text, _ = page.author
        m = AUTHOR_NAME.match(text)
        author_name = m.group(1) if m and len(m.group(1).split()) <= 10 else None
        if author_name is None and len(text.split()) <= 10:
            author_name = text.rstrip(".")
        if author_name is None:
            problems.add(number, f"author name not recognised in: {text[:60]}…")
        else:
            bio = text if text.rstrip(".") != author_name else None
            author = build(Author, {"name": author_name, "bio": bio}, problems, number, "author")
    if page.byline is not None and author is None:
        author = build(Author, {"name": page.byline[1]}, problems, page.byline[0], "author")
    elif page.byline is not None and author is not None and page.byline[1] != author.name:
        problems.add(page.byline[0], f"byline '{page.byline[1]}' differs from the author")
    return author


def _source(edition: int, name: str | None, url: str | None) -> Source:
    title = f"Freedom House, Nations in Transit {edition}" + (f": {name}" if name else "")
    return Source.model_validate(source_of(title, url))


def _orientation(page: Page, index, edition: int, problems: Problems, line: int) -> bool:
    """True when the page uses the old orientation (1 = best): stated, or shown by the data."""
    if page.orientation_stated:
        return page.orientation_stated == "old"
    for number, _, direction, a, b, _ in page.changes:
        if a != b:
            return (direction == "improved") == (b < a)
    if page.status and page.aggregate is not None and index.status is not None:
        printed = band_for(index.status.bands, page.aggregate)
        flipped = band_for(index.status.bands, float(Decimal(8) - Decimal(repr(page.aggregate))))
        if printed is not None and flipped is not None and printed.id != page.status and \
                flipped.id == page.status:
            return True
    if edition < 2020 and (page.aggregate is not None or page.ratings or page.changes):
        problems.add(line, "the page does not say which orientation its ratings use; taken"
                     " as printed (7 = best), as the publisher's website shows old editions")
    return False


def section(paragraphs: list[str], problems: Problems, line: int, what: str) -> Section | None:
    """A narrative section with its note markers as [^N] (notes kept, their texts unknown)."""
    if not paragraphs:
        return None
    if any(len(p) > TEXT_MAX for p in paragraphs):  # refused by the model: no markers to find
        return build(Section, {"paragraphs": paragraphs}, problems, line, what)
    if any("[^" in p for p in paragraphs):
        problems.add(line, f"{what}: the text contains '[^', which reads as a note reference")
    paragraphs = [BRACKETED.sub(r"\1", p) for p in paragraphs]  # 'state."[1]': a note
    figures: list[str] = []

    def hide(m: re.Match) -> str:  # "600,000" of "600,0003" as a word, the "3" glued to it
        figures.append(m.group(0))
        return f"{FIGURE}{_letters(len(figures) - 1)}{FIGURE}"

    marked, found = markers.mark([GLUED_TO_FIGURE.sub(hide, p) if FIGURE not in p else p
                                  for p in paragraphs])
    if figures:
        marked = [FIGURE_SEEN.sub(lambda m: figures[_number(m.group(1))], p) for p in marked]
    if found.missing:
        problems.add(line, f"{what}: note markers {found.missing} not found in the text"
                     " (their notes are kept, uncited)")
    notes = {n: None for n in range(1, found.count + 1)}
    return build(Section, {"paragraphs": marked, "notes": notes}, problems, line, what)


def _letters(n: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'ba': a number in letters, so it reads as part of a word."""
    out = ""
    while True:
        out = chr(97 + n % 26) + out
        n //= 26
        if not n:
            return out


def _number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 97
    return n
