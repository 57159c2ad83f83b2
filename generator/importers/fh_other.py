"""Freedom House Freedom in the World and Freedom on the Net country pages -> one Report each.

fh_read reads the page's lines (every layout it knows is listed there); this module decides the
edition and the country and builds the Report: status, total, the FIW group totals (Political
Rights, Civil Liberties) or the categories, indicator scores, last year's values, the summary
(overview and key developments), the page's own note, and a data_note saying what was derived.

A total the page does not print is computed from its printed parts where the index's method makes
it exact (FIW: Political Rights + Civil Liberties; FOTN: A + B + C) and the data_note says so.
FIW's Political Rights total is never computed from A-C, since a discretionary deduction may
apply. The edition comes from a title or a sentence naming it ("Freedom in the World 2023"),
else the hint, else the key developments heading by the index's coverage rule (FIW: year + 1;
FOTN: the year the coverage ends), else the publisher's address on the page's `URL:` line
(".../freedom-world/2020"), else a year in the file name; the data_note says which. The country
is the hint, else the name the text prints, else `fallback_country`, else OPEN_COUNTRY.
FOTN's key developments cite notes 1, 2 … (written [^N]); FOTN numbers its notes through the whole
report, so the categories' note numbers are left as printed. FIW pages have no notes.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from ..model.records import CategoryResult, Report, Section
from . import markers
from .country_hint import OPEN_COUNTRY, printed_or_fallback
from .fh_read import FIW, FOTN, Page, Reader, Spec
from .text import TEXT_MAX, Line, Problems, build, slugify, source_of

NOTE_PREFIX = "Note on the page: "
TERRITORY_NOTE = "The page marks {name} as a territory, not an independent country."
PENDING_NOTE = "The page says its narrative report is not posted yet."
INDICATOR_REF = re.compile(r"(?<![\w-])([A-C])(\d{1,2})(?!\d)")  # FOTN's "A1", "B8", "C3"


def import_fiw(lines: list[Line], indices: dict, problems: Problems, source_name: str,
               country: str | None = None, edition: int | None = None, *,
               fallback_country: str | None = None) -> list:
    """Records read from a Freedom in the World page: [(path, "report", Report)] (or none)."""
    return _import(FIW, lines, indices, problems, source_name, country, edition, fallback_country)


def import_fotn(lines: list[Line], indices: dict, problems: Problems, source_name: str,
                country: str | None = None, edition: int | None = None, *,
                fallback_country: str | None = None) -> list:
    """Records read from a Freedom on the Net page: [(path, "report", Report)] (or none)."""
    return _import(FOTN, lines, indices, problems, source_name, country, edition,
                   fallback_country)


def _import(spec: Spec, lines: list[Line], indices: dict, problems: Problems, source_name: str,
            hint_country: str | None, hint_edition: int | None,
            fallback_country: str | None) -> list:
    index = indices.get(spec.index)
    if index is None:
        problems.add(0, f"the {spec.index} index definition is missing; nothing imported")
        return []
    page = Reader(spec, index, problems).read(lines)
    if page.stops is not None:
        problems.add(page.stops.number, "the page stops here (cut off?): what it holds up to"
                     f" this line is imported: …{page.stops.text[-50:]}")
    notes: list[str] = []
    edition = _edition(spec, page, hint_edition, source_name, problems, notes)
    if edition is None:
        problems.add(page.first_line, f"no {spec.index.upper()} edition printed; nothing"
                     " imported, give it as a hint")
        return []
    name, slug = _country(page, hint_country, fallback_country, problems)
    if spec.index == "fotn" and page.ranges and _inverse(page, index):
        _convert(page, index, notes)
    return _build(spec, page, index, problems, edition, name, slug, notes)


def _edition(spec: Spec, page: Page, hint: int | None, source_name: str, problems: Problems,
             notes: list[str]) -> int | None:
    """The edition, from the first source that gives one; notes say which when derived."""
    derived = None
    if page.developments_year is not None:
        derived = page.developments_year + (1 if spec.index == "fiw" else 0)
    if page.edition is not None:
        if derived is not None and derived != page.edition:
            problems.add(page.first_line, f"the title says {page.edition} but the key"
                         f" developments give {derived}; used {page.edition}")
        return page.edition
    if hint is not None:
        return hint
    if derived is not None:
        notes.append(f"The edition ({derived}) is derived from the key developments period.")
        return derived
    m = re.search(rf"/{spec.url_part}/(\d{{4}})(?:[/?#]|$)", page.url or "")
    if m:
        notes.append(f"The edition ({m.group(1)}) is taken from the page's address.")
        return int(m.group(1))
    years = set(re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", PurePath(source_name).stem))
    if len(years) == 1:
        year = years.pop()
        notes.append(f"The edition ({year}) is taken from the file name.")
        return int(year)
    return None


def _inverse(page: Page, index) -> bool:
    """Does a FOTN page of the layout before 2019 print the inverse scale (0 = most free)? Said
    on the page, or shown by a status that only the inverted total fits."""
    if page.inverse:
        return True
    if page.status is None or page.aggregate is None or index.status is None:
        return False

    def band(value: float) -> str | None:
        return next((b.id for b in index.status.bands if (b.min is None or b.min <= value)
                     and (b.max is None or value <= b.max)), None)
    top = index.aggregate.scale.max if index.aggregate else 100
    return band(page.aggregate) != page.status and band(top - page.aggregate) == page.status


def _convert(page: Page, index, notes: list[str]) -> None:
    """The inverse scale's scores as the index's: each maximum − the printed value."""
    tops = {c.id: c.scale.max for c in index.categories if c.scale}
    page.ratings = {cid: int(tops[cid] - v) for cid, v in page.ratings.items() if cid in tops}
    if page.aggregate is not None:
        page.aggregate = int((index.aggregate.scale.max if index.aggregate else 100)
                             - page.aggregate)
    notes.append("The page prints the inverse scale of the editions up to 2018 (0 = most"
                 " free); its scores are converted here as each one's maximum − the printed"
                 " value.")


def _country(page: Page, hint: str | None, fallback: str | None,
             problems: Problems) -> tuple[str | None, str]:
    """(name, slug): the hint, the name printed (see printed_or_fallback), the fallback, else
    OPEN_COUNTRY."""
    from .country_table import load_table

    name = hint if hint and slugify(hint) else None
    if name is None and page.country and slugify(page.country[1]):
        name, problem = printed_or_fallback(page.country[1], fallback)
        if problem:
            problems.add(page.country[0], problem)
    name = name or fallback
    if not name or not slugify(name):
        return None, OPEN_COUNTRY
    entry = load_table().by_name(name)
    return (entry.name, entry.id) if entry else (name, slugify(name))


def _build(spec: Spec, page: Page, index, problems: Problems, edition: int, name: str | None,
           slug: str, notes: list[str]) -> list:
    line = page.first_line
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
    if spec.index == "fiw" and len(page.totals) == 1 and aggregate is None:
        problems.add(line, "Global Freedom Score not printed and Political Rights or Civil"
                     " Liberties missing: not computed")
    if spec.index == "fiw" and "political-rights" in page.totals:
        pr_parts = [page.ratings.get(c) for c in ("a-electoral-process",
                    "b-political-pluralism-and-participation", "c-functioning-of-government")]
        if None not in pr_parts and sum(pr_parts) != page.totals["political-rights"]:
            problems.add(line, f"Political Rights {page.totals['political-rights']} differs from"
                         f" A + B + C = {sum(pr_parts)} (a discretionary deduction?)")
    if page.freedom_rating is not None:
        number, value = page.freedom_rating
        ratings = [page.group_ratings.get(g) for g in ("political-rights", "civil-liberties")]
        if None in ratings or sum(ratings) / 2 != value:
            problems.add(number, f"not placed: Freedom Rating {value:g} (the mean of the"
                         " Political Rights and Civil Liberties ratings, which the page does"
                         " not both give or which differ from it)")
    if page.territory:
        notes.append(TERRITORY_NOTE.format(name=name or "the place"))
    if page.pending:
        notes.append(PENDING_NOTE)
    if page.note:
        notes.append(NOTE_PREFIX + " ".join(page.note))
    previous = None
    if page.previous is not None:
        previous = {"aggregate": float(page.previous[0]), "status": page.previous[1]}
        previous = {k: v for k, v in previous.items() if v is not None}
    title = "Freedom in the World" if spec.index == "fiw" else "Freedom on the Net"
    data = {"index": spec.index, "edition": edition, "covers": page.covers,
            "status": page.status,
            "aggregate": float(aggregate) if aggregate is not None else None,
            "previous": previous,
            "summary": _section(spec, page.summary, problems, line),
            "categories": _categories(page, index, problems, line),
            "groups": _groups(page, index),
            "source": source_of(f"Freedom House, {title} {edition}"
                                + (f": {name}" if name else ""), page.url),
            "data_note": " ".join(notes) or None}
    report = build(Report, {k: v for k, v in data.items() if v is not None}, problems, line,
                   f"{spec.index} report")
    if report is None:
        return []
    return [(f"countries/{slug}/reports/{spec.index}-{edition}.yml", "report", report)]


def _categories(page: Page, index, problems: Problems, line: int) -> list:
    order = {c.id: i for i, c in enumerate(index.categories)}
    out = []
    ids = set(page.ratings) | set(page.indicators) | set(page.narratives)
    for cid in sorted(ids, key=lambda c: order.get(c, 99)):
        data: dict = {"id": cid}
        if cid in page.ratings:
            data["rating"] = float(page.ratings[cid])
        if page.indicators.get(cid):
            data["indicators"] = page.indicators[cid]
        if page.narratives.get(cid):
            data["narrative"] = {"paragraphs": page.narratives[cid]}
        result = build(CategoryResult, data, problems, line, f"category '{cid}'")
        if result is not None:
            out.append(result)
    return out


def _groups(page: Page, index) -> list[dict]:
    """FIW's Political Rights and Civil Liberties: totals, or ratings on the legacy site."""
    out = []
    for group in index.groups:
        data = {"id": group.id, "total": page.totals.get(group.id),
                "rating": page.group_ratings.get(group.id)}
        if data["total"] is not None or data["rating"] is not None:
            out.append({k: v for k, v in data.items() if v is not None})
    return out


def _section(spec: Spec, paragraphs: list[str], problems: Problems, line: int) -> Section | None:
    """The summary; FOTN's note numbers written [^N] (its notes start in the summary)."""
    if not paragraphs:
        return None
    if spec.index != "fotn" or any(len(p) > TEXT_MAX or "[^" in p for p in paragraphs):
        return build(Section, {"paragraphs": paragraphs}, problems, line, "summary")
    # "(see A3 and B1)" cites indicators, not notes: their digits are hidden from the search
    masked = [INDICATOR_REF.sub(lambda m: m.group(1) + "#" * len(m.group(2)), p)
              for p in paragraphs]
    found = markers.find(masked)
    marked = markers.apply(paragraphs, found)
    if found.missing:
        problems.add(line, f"summary: note markers {found.missing} not found in the text"
                     " (their notes are kept, uncited)")
    notes = {n: None for n in range(1, found.count + 1)}
    return build(Section, {"paragraphs": marked, "notes": notes}, problems, line, "summary")


def _parts(spec: Spec, page: Page) -> list[tuple[str, int]] | None:
    """The printed parts the headline total is the sum of, or None when some are missing."""
    if spec.index == "fiw":
        if len(page.totals) == 2:
            return [("Political Rights", page.totals["political-rights"]),
                    ("Civil Liberties", page.totals["civil-liberties"])]
        return None
    ids = ["a-obstacles-to-access", "b-limits-on-content", "c-violations-of-user-rights"]
    if all(c in page.ratings for c in ids):
        return [(c[0].upper(), page.ratings[c]) for c in ids]
    return None
