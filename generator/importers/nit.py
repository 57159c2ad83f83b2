"""Freedom House Nations in Transit country pages, scraped to text -> one NIT Report.

Reads the status, Democracy Percentage and Score, last year's values, score changes, the
executive summary, at-a-glance, the category sections (or, in the 2019 layout, bare score
lines), the author, and the box of other scores. Pages republished with the old orientation
("1 = best, 7 = worst") are converted to the current one: new = 8 − old, for ratings, the
Democracy Score and score-change values.

The box of other Freedom House scores ("Global Freedom Score 23 100 not free") shows whatever
score is current when the page is viewed, not necessarily the one of this edition, so its
figures are not filed as FIW/FOTN reports: each is reported as a problem that names the value,
for an editor to file under the right edition by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..model.records import Author, CategoryResult, Report, ScoreChange, Section
from ..model.scoring import band_for
from . import markers
from .text import (
    TEXT_MAX,
    Line,
    Problems,
    band_names,
    build,
    bullet_text,
    category_names,
    ends_cleanly,
    is_bullet,
    key,
    lookup,
    norm,
    slugify,
    strip_header_tag,
)

NUM = r"(\d+(?:\.\d+)?)"
PERCENTAGE = re.compile(rf"^(?:\S+ )?democracy percentage:? {NUM} ?(?:/ ?)?100$", re.I)
SCORE = re.compile(rf"^(?:\S+ )?democracy score:? {NUM} ?(?:/ ?)?7(?:\.00)?(?: \(.*\))?$", re.I)
LAST_YEAR_HEAD = re.compile(r"^last year['’]s democracy (?:percentage|score) (?:&|and) status$",
                            re.I)
LAST_YEAR = re.compile(rf"^{NUM} ?(?:/ ?)?(100|7) (.+)$")
SCALE_NOTE = re.compile(r"^the ratings are based on a scale\b", re.I)  # the publisher's scale note
CHANGES_HEAD = re.compile(r"^score changes in (\d{4})$", re.I)
TITLE = re.compile(r"^nations in transit (\d{4})(?:\s*[:–—-]\s*(.+))?$", re.I)
CHANGE = re.compile(rf"^(.+?) (?:rating|score) (improved|declined) from {NUM} to {NUM}(.*)$",
                    re.I)
RESULT = re.compile(
    rf"^as a result, (?:the )?(.+?)(?:’s|'s|’|') democracy score (?:(improved|declined) from {NUM}"
    rf" to {NUM}|remained (?:the same|unchanged) at {NUM})\.?$", re.I)
SUMMARY_HEAD = re.compile(r"^executive summary$", re.I)
GLANCE_HEAD = re.compile(r"^at[- ]a[- ]glance$", re.I)
BYLINE = re.compile(r"^(?:[Bb]y|[Ww]ritten by) "
                    r"([A-Z][\w.’'-]*(?: (?:[A-Z][\w.’'-]*|and|&)){0,6})$")
CATEGORY_HEAD = re.compile(r"^(.+?) 1\.00 ?- ?7\.00 ?pts ?0 ?- ?7 ?pts$", re.I)
RATING_END = re.compile(r"^(.*?) ?(\d\.\d\d)\d? 7\.00\d?$")
SCORE_LINE = re.compile(r"^([A-Za-z][A-Za-z ,&’'-]+?):? (\d\.\d\d)(?: ?/ ?7(?:\.00)?)?$")
AUTHOR = re.compile(r"^authors?: ?(.+)$", re.I)
AUTHOR_NAME = re.compile(r"^(.+?)(?:,| (?:is|are|was|were|has|have|holds|works|serves) )")
OTHER_SCORE = re.compile(r"^(global freedom score|internet freedom score)$", re.I)
OTHER_VALUE = re.compile(r"^(-?\d+) ?(?:/ ?)?100 (free|partly free|not free)$", re.I)
ON_COUNTRY = re.compile(r"on (.{1,60})", re.I)  # "on Kazakhstan", before "See all data…"
CHROME = {"see more", "see all data, scores & information on this country or territory.",
          "see the methodology."}
OLD_ORIENTATION = re.compile(
    r"1 ?= ?(?:the )?(?:best|highest|most democratic)|7 ?= ?(?:the )?(?:worst|lowest|least)"
    r"|with 1 representing the highest", re.I)
NEW_ORIENTATION = re.compile(r"7 ?= ?(?:the )?(?:best|highest|most)|with 7 representing the"
                             r" highest", re.I)


@dataclass
class Page:
    """What was read from the page, as printed (before any orientation change)."""

    title_edition: int | None = None
    changes_edition: int | None = None
    countries: list[tuple[int, str]] = field(default_factory=list)
    status: str | None = None
    percentage: float | None = None
    aggregate: float | None = None
    previous_percentage: float | None = None
    previous_status: str | None = None
    previous_aggregate: float | None = None
    result_new: float | None = None
    changes: list[tuple[int, str, str, float, float, str]] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    glance: list[str] = field(default_factory=list)
    ratings: dict[str, float] = field(default_factory=dict)
    narratives: dict[str, list[str]] = field(default_factory=dict)
    category_lines: dict[str, int] = field(default_factory=dict)
    author: tuple[int, str, str] | None = None
    byline: tuple[int, str] | None = None
    orientation_stated: str | None = None  # "old" | "new"
    section_lines: dict[str, int] = field(default_factory=dict)
    last_narrative: Line | None = None


def import_nit(lines: list[Line], indices: dict, problems: Problems, source_name: str,
               country: str | None = None, edition: int | None = None, *,
               fallback_country: str | None = None) -> list:
    """Records read from a Nations in Transit page: [(path, kind, Report)] (or none)."""
    # --- Load inputs -----------------------------------------------------------------------
    index = indices.get("nit")
    if index is None:
        problems.add(0, "the NIT index definition (indices/nit.yml) is missing; nothing imported")
        return []
    cats = category_names(index)
    bands = band_names(index)
    page = Page()

    # --- Process: read every line ----------------------------------------------------------
    state = "head"
    current: str | None = None  # category id being read
    pending_box: str | None = None
    content = [ln for ln in lines if ln.text]
    for pos, line in enumerate(content):
        text = strip_header_tag(line.text)
        following = content[pos + 1].text if pos + 1 < len(content) else ""
        if OLD_ORIENTATION.search(text):
            page.orientation_stated = "old"
        elif NEW_ORIENTATION.search(text) and page.orientation_stated is None:
            page.orientation_stated = "new"
        body = bullet_text(line) if is_bullet(line) else text
        low = key(text)
        if low in CHROME or low.startswith("see all data"):
            continue
        if pending_box is not None:
            m = OTHER_VALUE.match(text)
            if m:
                problems.add(line.number, f"not placed: {pending_box} {m.group(1)}/100"
                             f" {m.group(2)} (the box shows the latest score when viewed, not"
                             " a known edition; file it by hand under the right edition)")
                pending_box = None
                continue
            problems.add(line.number, f"not placed: {pending_box} (no value follows)")
            pending_box = None
        if m := OTHER_SCORE.match(body):
            pending_box = m.group(1)
            state = "box"
            continue
        if m := TITLE.match(text):
            page.title_edition = int(m.group(1))
            if m.group(2):
                page.countries.append((line.number, norm(m.group(2))))
            continue
        if state == "head" and page.status is None and lookup(bands, text):
            page.status = lookup(bands, text)
            continue
        if m := PERCENTAGE.match(text):
            page.percentage = float(m.group(1))
            continue
        if m := SCORE.match(text):
            page.aggregate = float(m.group(1))
            continue
        if LAST_YEAR_HEAD.match(text):
            continue
        if (m := LAST_YEAR.match(text)) and lookup(bands, m.group(3)):
            if m.group(2) == "100":
                page.previous_percentage = float(m.group(1))
            else:
                page.previous_aggregate = float(m.group(1))
            page.previous_status = lookup(bands, m.group(3))
            continue
        if SCALE_NOTE.match(text):
            continue
        if m := CHANGES_HEAD.match(text):
            page.changes_edition = int(m.group(1))
            state = "changes"
            continue
        if state in ("head", "changes", "summary") and "democracy score" in low and \
                (m := RESULT.match(body)):
            page.countries.append((line.number, norm(m.group(1))))
            if m.group(2):
                page.previous_aggregate, page.result_new = float(m.group(3)), float(m.group(4))
            else:
                page.previous_aggregate = page.result_new = float(m.group(5))
            state = "summary"
            continue
        if state in ("head", "changes") and " from " in low and (m := CHANGE.match(body)):
            cid = lookup(cats, m.group(1))
            if cid is None:
                problems.add(line.number, f"not recognised: category '{m.group(1)}' in"
                             f" '{body[:60]}…'")
            else:
                reason = norm(m.group(5).lstrip(". "))
                page.changes.append((line.number, cid, m.group(2).lower(), float(m.group(3)),
                                     float(m.group(4)), reason or norm(body)))
            continue
        if SUMMARY_HEAD.match(text):
            state = "summary"
            continue
        if GLANCE_HEAD.match(text):
            state = "glance"
            continue
        if low.endswith("pts") and (m := CATEGORY_HEAD.match(text)):
            current = lookup(cats, m.group(1))
            if current is None:
                problems.add(line.number, f"not recognised: category '{m.group(1)}'")
            else:
                page.category_lines[current] = line.number
                page.narratives.setdefault(current, [])
            state = "category"
            continue
        if state == "category" and current is not None and current not in page.ratings and \
                "7.00" in text[-5:] and (m := RATING_END.match(text)):
            page.ratings[current] = float(m.group(2))
            continue
        if body[-1:].isdigit() and (m := SCORE_LINE.match(body)) and lookup(cats, m.group(1)):
            cid = lookup(cats, m.group(1))
            page.ratings[cid] = float(m.group(2))
            page.category_lines.setdefault(cid, line.number)
            continue
        if m := AUTHOR.match(text):
            page.author = (line.number, norm(m.group(1)), "")
            page.last_narrative = line
            state = "author"
            continue
        if state == "summary" and (m := BYLINE.match(text)) and page.byline is None:
            page.byline = (line.number, m.group(1))
            continue
        if ON_COUNTRY.fullmatch(text) and following.lower().startswith("see all"):
            page.countries.append((line.number, text[3:]))
            state = "box"
            continue
        if state in ("head", "changes") and len(text.split()) >= 20 and not is_bullet(line):
            state = "summary"  # a page without the "As a result" line: the summary begins
        if state in ("summary", "glance"):
            (page.summary if state == "summary" else page.glance).append(body)
            page.section_lines.setdefault(state, line.number)
        elif state == "category" and current is not None:
            page.narratives[current].append(body)
        else:
            problems.unrecognised(line)
            continue
        page.last_narrative = line
    if pending_box is not None:
        problems.add(content[-1].number, f"not placed: {pending_box} (no value follows)")
    if page.last_narrative is not None and page.last_narrative is content[-1] and \
            not ends_cleanly(page.last_narrative.text):
        problems.add(page.last_narrative.number, "the text stops mid-sentence (page cut off?):"
                     f" …{page.last_narrative.text[-50:]}")

    # --- Build outputs ---------------------------------------------------------------------
    return _build(page, index, problems, source_name, country, edition, content)


def _build(page: Page, index, problems: Problems, source_name: str, hint_country: str | None,
           hint_edition: int | None, content: list[Line]) -> list:
    first_line = content[0].number if content else 0
    edition = page.changes_edition or page.title_edition or hint_edition
    if page.changes_edition and page.title_edition and page.changes_edition != page.title_edition:
        problems.add(first_line, f"the title says {page.title_edition} but score changes are for"
                     f" {page.changes_edition}; used {page.changes_edition}")
    if edition is None:
        problems.add(first_line, "no edition printed (no 'Score changes in YYYY' line);"
                     " nothing imported, give the edition as a hint")
        return []
    names = {n for _, n in page.countries}
    name = hint_country or (page.countries[0][1] if page.countries else None)
    if len(names) > 1 and not hint_country:
        problems.add(page.countries[1][0], f"country named differently: {sorted(names)};"
                     f" used '{name}'")
    if not name or not slugify(name):
        problems.add(first_line, "no country name printed; nothing imported, give it as a hint")
        return []
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
    categories = []
    order = {c.id: i for i, c in enumerate(index.categories)}
    for cid in sorted(set(page.ratings) | set(page.narratives), key=lambda c: order.get(c, 99)):
        data: dict = {"id": cid}
        if cid in page.ratings:
            data["rating"] = flip(page.ratings[cid])
        else:
            problems.add(page.category_lines.get(cid, first_line),
                         f"no rating printed for category '{cid}'")
        section = _section(page.narratives.get(cid, []), problems,
                           page.category_lines.get(cid, first_line), cid)
        if section is not None:
            data["narrative"] = section
        result = build(CategoryResult, data, problems, page.category_lines.get(cid, first_line),
                       f"category '{cid}'")
        if result is not None:
            categories.append(result)
    if categories:
        rated = {c.id for c in categories}
        expected = [c.id for c in index.categories
                    if (c.first is None or edition >= c.first) and (c.last is None or
                                                                      edition <= c.last)]
        missing = [c for c in expected if c not in rated]
        if missing:
            problems.add(content[-1].number if content else 0,
                         f"categories not printed (page cut off?): {', '.join(missing)}")
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
    data = {
        "index": "nit", "edition": edition, "covers": str(edition - 1), "status": page.status,
        "aggregate": flip(aggregate) if aggregate is not None else None,
        "percentage": page.percentage, "previous": previous or None,
        "score_changes": changes,
        "summary": _section(page.summary, problems, page.section_lines.get("summary", 0),
                            "executive summary"),
        "at_a_glance": _section(page.glance, problems, page.section_lines.get("glance", 0),
                                "at-a-glance"),
        "categories": categories, "author": author,
        "source": {"name": f"Freedom House, Nations in Transit {edition}: {name}"},
        "data_note": " ".join(notes) or None,
    }
    report = build(Report, {k: v for k, v in data.items() if v is not None}, problems,
                   first_line, f"NIT {edition} report")
    if report is None:
        return []
    return [(f"countries/{slugify(name)}/reports/nit-{edition}.yml", "report", report)]


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
    if edition < 2020:
        problems.add(line, "the page does not say which orientation its ratings use; taken"
                     " as printed (7 = best), as the publisher's website shows old editions")
    return False


def _section(paragraphs: list[str], problems: Problems, line: int, what: str) -> Section | None:
    if not paragraphs:
        return None
    if any(len(p) > TEXT_MAX for p in paragraphs):  # refused by the model: no markers to find
        return build(Section, {"paragraphs": paragraphs}, problems, line, what)
    marked, found = markers.mark(paragraphs)
    if any("[^" in p for p in paragraphs):
        problems.add(line, f"{what}: the text contains '[^', which reads as a note reference")
    if found.missing:
        problems.add(line, f"{what}: note markers {found.missing} not found in the text"
                     " (their notes are kept, uncited)")
    notes = {n: None for n in range(1, found.count + 1)}
    return build(Section, {"paragraphs": marked, "notes": notes}, problems, line, what)
