"""Freedom House Freedom in the World and Freedom on the Net country pages -> one Report each.

Reads the headline score and status ("Global Freedom Score 23 /100 Not Free", "Internet
Freedom Score 34 /100 Not Free"), the FIW totals ("Political Rights 5 /40", "Civil Liberties
18 /60"), the category lines ("A Electoral Process 0 /12", "B Limits on Content 9 /35"), last
year's score and status, the overview and key developments (the report's summary), and for FIW
the indicator blocks ("A1 0-4 pts", the question, "1 /4", the explanation) as the narrative of
their category.

A headline total the page draws only as a graphic is computed from its printed parts (FIW:
Political Rights + Civil Liberties; FOTN: A + B + C) and the data_note says so. FIW's Political
Rights total is never computed from A-C, since a discretionary deduction may apply.
The edition comes from the title ("Freedom in the World 2024"), else the hint, else the key
developments heading by the index's coverage rule (FIW: year + 1; FOTN: the year coverage ends).
Note numbers, where a page has them, are left in the text as printed (FOTN numbers its notes
through the whole report, which the per-section [^N] model cannot express).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model.records import CategoryResult, Report, Section
from .text import (
    Line,
    Problems,
    band_names,
    build,
    bullet_text,
    category_names,
    is_bullet,
    key,
    lookup,
    norm,
    slugify,
)

SCORE = r"(-?\d+) ?/ ?"
METHODOLOGY = re.compile(r"global freedom statuses are calculated .*|.*see the methodology\.?")
DEVELOPMENTS = re.compile(r"key developments(?: in (\d{4})|,? (.+))", re.I)
INDICATOR_SCORE = re.compile(r"\d ?/ ?4")
DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Spec:
    index: str
    title: str
    headline: str
    totals: dict[str, int]  # FIW: Political Rights /40, Civil Liberties /60


FIW = Spec("fiw", "freedom in the world", "global freedom score",
           {"political rights": 40, "civil liberties": 60})
FOTN = Spec("fotn", "freedom on the net", "internet freedom score", {})


@dataclass
class Page:
    edition: int | None = None
    country: tuple[int, str] | None = None
    status: str | None = None
    aggregate: int | None = None
    totals: dict[str, int] = field(default_factory=dict)
    previous: tuple[int, str | None] | None = None
    covers: str | None = None
    developments_year: int | None = None
    summary: list[str] = field(default_factory=list)
    ratings: dict[str, int] = field(default_factory=dict)
    narratives: dict[str, list[str]] = field(default_factory=dict)
    first_line: int = 0


def import_fiw(lines: list[Line], indices: dict, problems: Problems, source_name: str,
               country: str | None = None, edition: int | None = None, *,
               fallback_country: str | None = None) -> list:
    return _import(FIW, lines, indices, problems, country, edition)


def import_fotn(lines: list[Line], indices: dict, problems: Problems, source_name: str,
                country: str | None = None, edition: int | None = None, *,
                fallback_country: str | None = None) -> list:
    return _import(FOTN, lines, indices, problems, country, edition)


def _import(spec: Spec, lines: list[Line], indices: dict, problems: Problems,
            hint_country: str | None, hint_edition: int | None) -> list:
    # --- Load inputs -----------------------------------------------------------------------
    index = indices.get(spec.index)
    if index is None:
        problems.add(0, f"the {spec.index} index definition is missing; nothing imported")
        return []
    cats = category_names(index)
    bands = band_names(index)
    content = [ln for ln in lines if ln.text]
    page = Page(first_line=content[0].number if content else 0)
    headline = re.compile(rf"^{spec.headline}:? {SCORE}100(?: (.+))?$", re.I)
    total = re.compile(rf"^({'|'.join(spec.totals) or '$^'}):? {SCORE}(\d+)$", re.I)
    category = re.compile(rf"^(.+?):? {SCORE}(\d+)$")
    value_status = re.compile(rf"^{SCORE}100(?: (.+))?$")
    indicator = re.compile(r"^([A-G]\d{1,2}) 0 ?- ?4 ?pts$", re.I)
    title = re.compile(rf"{spec.title} (\d{{4}})(?:\s*[:–—-]\s*(.+))?", re.I)
    heading = re.compile(rf"{spec.headline}|last year['’]s score (?:&|and) status")

    # --- Process -------------------------------------------------------------------------------
    state = "head"
    current: str | None = None
    last_year = False
    i = 0
    while i < len(content):
        line = content[i]
        text = line.text
        body = bullet_text(line) if is_bullet(line) else text
        low = key(text)
        i += 1
        if m := title.fullmatch(text):
            page.edition = int(m.group(1))
            if m.group(2):
                page.country = (line.number, norm(m.group(2)))
            continue
        if m := headline.match(text):
            page.aggregate = int(m.group(1))
            if m.group(2) and lookup(bands, m.group(2)):
                page.status = lookup(bands, m.group(2))
            elif m.group(2):
                problems.add(line.number, f"not recognised: status '{m.group(2)}'")
            continue
        if heading.fullmatch(low):
            last_year = low.startswith("last")
            continue
        if last_year and (m := value_status.match(text)):
            page.previous = (int(m.group(1)), lookup(bands, m.group(2) or ""))
            last_year = False
            continue
        if state == "head" and lookup(bands, text) and page.status is None:
            page.status = lookup(bands, text)
            continue
        if m := total.match(text):
            page.totals[m.group(1).lower()] = int(m.group(2))
            if int(m.group(3)) != spec.totals[m.group(1).lower()]:
                problems.add(line.number, f"{m.group(1)} out of {m.group(3)}, expected"
                             f" {spec.totals[m.group(1).lower()]}")
            state = "categories"
            continue
        if (m := category.match(body)) and lookup(cats, m.group(1)):
            current = lookup(cats, m.group(1))
            page.ratings[current] = int(m.group(2))
            page.narratives.setdefault(current, [])
            state = "category"
            continue
        if low in spec.totals or low in ("political rights", "civil liberties"):
            state = "categories"
            continue
        if METHODOLOGY.fullmatch(low):
            continue
        if low == "overview":
            state = "summary"
            continue
        if m := DEVELOPMENTS.fullmatch(text):
            state = "summary"
            if m.group(1):
                page.developments_year = int(m.group(1))
                page.covers = m.group(1)
            else:
                years = re.findall(r"\b(\d{4})\b", m.group(2))
                page.covers = norm(m.group(2))
                page.developments_year = int(years[-1]) if years else None
            page.summary.append(text)
            continue
        if state == "category" and current is not None and (m := indicator.match(text)):
            question = content[i].text if i < len(content) else ""
            score = content[i + 1].text if i + 1 < len(content) else ""
            if INDICATOR_SCORE.fullmatch(score) and question:
                page.narratives[current].append(f"{m.group(1).upper()} {question} {score}")
                i += 2
            else:
                problems.unrecognised(line)
            continue
        if state == "head" and page.country is None and len(text.split()) <= 5 and \
                not DIGIT.search(text):
            page.country = (line.number, text)
            continue
        if state == "summary":
            page.summary.append(body)
        elif state == "category" and current is not None:
            page.narratives[current].append(body)
        else:
            problems.unrecognised(line)

    # --- Build outputs ---------------------------------------------------------------------
    return _build(spec, page, index, problems, hint_country, hint_edition)


def _build(spec: Spec, page: Page, index, problems: Problems, hint_country: str | None,
           hint_edition: int | None) -> list:
    line = page.first_line
    name = hint_country or (page.country[1] if page.country else None)
    if not name or not slugify(name):
        problems.add(line, "no country name printed; nothing imported, give it as a hint")
        return []
    edition = page.edition or hint_edition
    derived = False
    if edition is None and page.developments_year is not None:
        edition = page.developments_year + (1 if spec.index == "fiw" else 0)
        derived = True
    if edition is None:
        problems.add(line, f"no {spec.index.upper()} edition printed; nothing imported, give it"
                     " as a hint")
        return []
    notes = []
    if derived:
        notes.append(f"The edition ({edition}) is derived from the key developments period.")
    aggregate = page.aggregate
    parts = _parts(spec, page)
    if aggregate is None and parts is not None:
        aggregate = sum(v for _, v in parts)
        shown = " + ".join(f"{label} {v}" for label, v in parts)
        notes.append(f"The {index.aggregate.name if index.aggregate else 'total'} ({aggregate})"
                     f" is computed here as {shown}; the page shows it only as a graphic.")
    elif aggregate is not None and parts is not None and sum(v for _, v in parts) != aggregate:
        problems.add(line, f"the total {aggregate} differs from its parts"
                     f" ({' + '.join(str(v) for _, v in parts)})")
    if spec.index == "fiw" and len(page.totals) < 2 and aggregate is None:
        problems.add(line, "Global Freedom Score not printed and Political Rights or Civil"
                     " Liberties missing: not computed")
    if spec.index == "fiw" and "political rights" in page.totals:
        pr_parts = [page.ratings.get(c) for c in ("a-electoral-process",
                    "b-political-pluralism-and-participation", "c-functioning-of-government")]
        if None not in pr_parts and sum(pr_parts) != page.totals["political rights"]:
            problems.add(line, f"Political Rights {page.totals['political rights']} differs from"
                         f" A + B + C = {sum(pr_parts)} (a discretionary deduction?)")
    order = {c.id: i for i, c in enumerate(index.categories)}
    categories = []
    for cid in sorted(page.ratings, key=lambda c: order.get(c, 99)):
        data: dict = {"id": cid, "rating": float(page.ratings[cid])}
        if page.narratives.get(cid):
            data["narrative"] = {"paragraphs": page.narratives[cid]}
        result = build(CategoryResult, data, problems, line, f"category '{cid}'")
        if result is not None:
            categories.append(result)
    covers = page.covers if page.covers and spec.index == "fiw" else None
    if spec.index == "fotn" and page.covers:
        covers = page.covers
    previous = None
    if page.previous is not None:
        previous = {"aggregate": float(page.previous[0]), "status": page.previous[1]}
        previous = {k: v for k, v in previous.items() if v is not None}
    summary = build(Section, {"paragraphs": page.summary}, problems, line, "summary") \
        if page.summary else None
    title = "Freedom in the World" if spec.index == "fiw" else "Freedom on the Net"
    data = {"index": spec.index, "edition": edition, "covers": covers, "status": page.status,
            "aggregate": float(aggregate) if aggregate is not None else None,
            "previous": previous, "summary": summary, "categories": categories,
            "source": {"name": f"Freedom House, {title} {edition}: {name}"},
            "data_note": " ".join(notes) or None}
    report = build(Report, {k: v for k, v in data.items() if v is not None}, problems, line,
                   f"{spec.index} report")
    if report is None:
        return []
    return [(f"countries/{slugify(name)}/reports/{spec.index}-{edition}.yml", "report", report)]


def _parts(spec: Spec, page: Page) -> list[tuple[str, int]] | None:
    """The printed parts the headline total is the sum of, or None when some are missing."""
    if spec.index == "fiw":
        if len(page.totals) == 2:
            return [("Political Rights", page.totals["political rights"]),
                    ("Civil Liberties", page.totals["civil liberties"])]
        return None
    ids = ["a-obstacles-to-access", "b-limits-on-content", "c-violations-of-user-rights"]
    if all(c in page.ratings for c in ids):
        return [(c[0].upper(), page.ratings[c]) for c in ids]
    return None
