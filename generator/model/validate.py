"""Stage 3, validate: checks across fields and files, and the methodology checks of each index."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from fractions import Fraction

import pycountry

from ..diagnostics import Diagnostic, error, warning
from .load import Document
from .names import check_country_names, check_definition_names
from .narrative import NOTE_REF, note_number
from .parse import Content, CountryContent, Sourced
from .records import SEATS_MAX, SLUG_PATTERN, YEARS, Index, Report, Section
from .schema_errors import key_path
from .scoring import categories_for, category_scale, on_scale, scale_words
from .validate_groups import arithmetic, check_ids, structure
from .validate_index import index_problems
from .validate_scores import check_changes, check_scores
from .validate_text import check_strings

# ISO alpha-3 codes in use that ISO 3166-1 itself does not list (pycountry lacks them).
EXTRA_ISO_CODES = {"XKX": "Kosovo"}


class _Sink:
    """Collects diagnostics for one document, placing each at a data location."""

    def __init__(self, doc: Document, out: list[Diagnostic]) -> None:
        self.doc = doc
        self.out = out

    def error(self, loc: tuple, code: str, message: str, key: bool = False) -> None:
        self._add(error, loc, code, message, key)

    def warning(self, loc: tuple, code: str, message: str, key: bool = False) -> None:
        self._add(warning, loc, code, message, key)

    def _add(self, make, loc: tuple, code: str, message: str, key: bool) -> None:
        pos = self.doc.key_position(loc) if key else self.doc.position(loc)
        where = key_path(self.doc.data, loc)
        self.out.append(make(self.doc.path, pos.line, pos.col, code, f"{where}: {message}"))


# The longest slug the model accepts (model.Slug), also for file names that become page paths.
SLUG_MAX = 80


def validate_content(content: Content) -> list[Diagnostic]:
    """Every cross-field, cross-file and methodology problem in the parsed content."""
    out: list[Diagnostic] = []
    treaty_ids = validate_definitions(content, out)
    names: dict[str, str] = {}
    for bundle in content.countries.values():
        validate_country(content, bundle, treaty_ids, out)
        check_name_unique(name_site(bundle), names, out)
    return sorted(out, key=lambda d: (d.path, d.line, d.col, d.message))


def validate_definitions(content: Content, out: list[Diagnostic]) -> set[str]:
    """The index and treaty definitions' problems; returns the treaty ids."""
    for item in [*content.indices.values(), *filter(None, [content.treaties])]:
        check_strings(_Sink(item.doc, out), item.doc.data)
    for item in content.indices.values():
        _check_index(item, out)
    check_definition_names(content, out)  # ids the site uses itself (names.py)
    return _check_treaties(content, out)


def validate_country(content: Content, bundle: CountryContent, treaty_ids: set[str],
                     out: list[Diagnostic]) -> None:
    """One country's problems, but whether another country has its name (check_name_unique)."""
    for item in [*filter(None, [bundle.country, bundle.events]), *bundle.reports,
                 *bundle.elections.values()]:
        check_strings(_Sink(item.doc, out), item.doc.data)
    _check_country(content, bundle, treaty_ids, out)
    check_country_names(bundle, out)


# Where a country's name stands, for check_name_unique: (name, slug, path, line, col, key path).
NameSite = tuple[str, str, str, int, int, str]


def name_site(bundle: CountryContent) -> NameSite | None:
    if bundle.country is None:
        return None
    doc, pos = bundle.country.doc, bundle.country.doc.position(("name",))
    return (bundle.country.value.name, bundle.slug, doc.path, pos.line, pos.col,
            key_path(doc.data, ("name",)))


def check_name_unique(site: NameSite | None, names: dict[str, str],
                      out: list[Diagnostic]) -> None:
    """Countries are met in order: one whose name an earlier one has is an error."""
    if site is None:
        return
    name, slug, path, line, col, where = site
    if name.casefold() in names:
        out.append(error(path, line, col, "slug", f"{where}: name '{name}' is also used by"
                         f" '{names[name.casefold()]}', expected one country per name"))
    names.setdefault(name.casefold(), slug)


def _check_index(item: Sourced[Index], out: list[Diagnostic]) -> None:
    index, sink = item.value, _Sink(item.doc, out)
    stem = item.doc.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if index.id != stem:
        sink.error(("id",), "file-name", f"index id '{index.id}' differs from the file name,"
                   f" expected '{stem}'")
    _duplicates(sink, [c.id for c in index.categories], ("categories",), "category id")
    for loc, message in index_problems(index):
        sink.error(loc, "index-definition", message)


def _check_treaties(content: Content, out: list[Diagnostic]) -> set[str]:
    if content.treaties is None:
        return set()
    sink = _Sink(content.treaties.doc, out)
    treaties = content.treaties.value.treaties
    _duplicates(sink, [t.id for t in treaties], ("treaties",), "treaty id")
    seen: dict[str, str] = {}
    for i, treaty in enumerate(treaties):
        for name in [treaty.name, treaty.short_name, *treaty.aliases]:
            key = name.casefold()
            if seen.get(key, treaty.id) != treaty.id:
                sink.error(("treaties", i), "duplicate-id",
                           f"name '{name}' also names '{seen[key]}', expected names unique")
            seen[key] = treaty.id
    return {t.id for t in treaties}


def _check_country(content: Content, bundle: CountryContent, treaty_ids: set[str],
                   out: list[Diagnostic]) -> None:
    if bundle.country is None and not bundle.has_country_file:
        out.append(error(bundle.folder, 0, 0, "file-unexpected",
                         "country folder has no country.yml, expected one"))
    elif bundle.country is not None:
        country, sink = bundle.country.value, _Sink(bundle.country.doc, out)
        if country.slug != bundle.slug:
            sink.error(("slug",), "slug", f"slug '{country.slug}' differs from the folder name,"
                       f" expected '{bundle.slug}'")
        if country.iso and country.iso not in EXTRA_ISO_CODES and \
                pycountry.countries.get(alpha_3=country.iso) is None:
            sink.error(("iso",), "unknown-ref", f"'{country.iso}' is not an ISO 3166-1 alpha-3"
                       " code, expected a code such as KAZ (or leave it out)")
        info = country.basic_info
        if info is not None:
            _check_date(sink, ("basic_info", "as_of"), info.as_of)
            _check_date(sink, ("basic_info", "upr_date"), info.upr_date)
        if country.treaties is not None:
            as_of = country.treaties.as_of  # YYYY, YYYY-MM or YYYY-MM-DD: checked as a day
            if as_of is not None:
                _check_date(sink, ("treaties", "as_of"), as_of + "-01-01"[len(as_of) - 4:],
                            shown=as_of)
            if treaty_ids:
                for tid in country.treaties.statuses:
                    if tid not in treaty_ids:
                        sink.error(("treaties", "statuses", tid), "unknown-ref",
                                   f"unknown treaty '{tid}', expected one of the ids in"
                                   " treaties.yml", key=True)
    by_edition = {(r.value.index, r.value.edition): r.value for r in bundle.reports}
    seen_reports: Counter = Counter()
    for item in bundle.reports:
        seen_reports[(item.value.index, item.value.edition)] += 1
        _check_report(content, item, by_edition, seen_reports, out)
    if bundle.events is not None:
        _check_events(content, bundle.events, out)
    for item in bundle.elections.values():
        _check_election(item, out)


def _check_report(content: Content, item: Sourced[Report], by_edition: dict,
                  seen: Counter, out: list[Diagnostic]) -> None:
    report, sink = item.value, _Sink(item.doc, out)
    stem = item.doc.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if stem != f"{report.index}-{report.edition}":
        sink.error(("index",), "file-name", f"file name '{stem}' does not match the report,"
                   f" expected '{report.index}-{report.edition}'")
    if seen[(report.index, report.edition)] > 1:
        sink.error(("edition",), "duplicate-id",
                   f"a second {report.index} {report.edition} report, expected one per edition")
    index_item = content.indices.get(report.index)
    if index_item is None and _index_file(content, report.index):
        return  # the index's file is there but invalid: its own errors say why
    if index_item is None:
        known = ", ".join(sorted(content.indices)) or "none defined"
        sink.error(("index",), "unknown-ref", f"unknown index '{report.index}', expected one of:"
                   f" {known}")
        return
    index = index_item.value
    valid_ids = {c.id for c in categories_for(index, report.edition)}
    all_ids = {c.id for c in index.categories}
    _duplicates(sink, [c.id for c in report.categories], ("categories",), "category")
    ratings: dict[str, float] = {}
    sound = not index_problems(index)  # else its scales and bands cannot judge the figures
    for i, cat in enumerate(report.categories):
        loc = ("categories", i)
        if cat.id not in valid_ids:
            why = ("is not rated in this edition" if cat.id in all_ids
                   else f"is not a category of {index.short_name}")
            sink.error(loc + ("id",), "unknown-ref", f"'{cat.id}' {why}, expected one of: "
                       + ", ".join(c.id for c in categories_for(index, report.edition)))
            continue
        if cat.rating is not None and sound:
            scale = category_scale(index, cat.id)
            if not on_scale(cat.rating, scale):
                sink.error(loc + ("rating",), "rating-range",
                           f"expected {scale_words(scale)}, got {cat.rating:g}")
            else:
                ratings[cat.id] = cat.rating
        if cat.rank is not None and cat.rank_of is None:
            sink.error(loc + ("rank",), "rank-range", "a rank needs rank_of, the number of"
                       " countries ranked")
        if cat.rank is not None and cat.rank_of is not None and cat.rank > cat.rank_of:
            sink.error(loc + ("rank",), "rank-range",
                       f"expected a rank from 1 to {cat.rank_of}, got {cat.rank}")
        if cat.narrative is not None:
            _check_section(sink, loc + ("narrative",), cat.narrative)
    for name in ("summary", "at_a_glance"):
        section = getattr(report, name)
        if section is not None:
            _check_section(sink, (name,), section)
    if sound and index.groups:
        _check_arithmetic(sink, index, report)
    if sound:
        check_scores(sink, index, report, ratings)
        check_changes(sink, index, report, ratings,
                       by_edition.get((report.index, report.edition - 1)))


def _check_arithmetic(sink: _Sink, index: Index, report: Report) -> None:
    """Indicators, groups, ratings and status of an index with groups; a failing check the
    report lists in `discrepancies` stands (the publisher's figures), a listed one that no
    longer fails is a warning."""
    for loc, message in structure(index, report):
        sink.error(loc, "rating-range" if loc[-1] != "id" else "unknown-ref", message)
    failing = arithmetic(index, report)
    listed = set(report.discrepancies)
    for check in failing:
        if check.id not in listed:
            sink.error(check.loc, "score-mismatch", check.message + " (list it under"
                       " discrepancies if these are the publisher's own figures)")
    for i, key in enumerate(report.discrepancies):
        if key in check_ids(index) and key not in {c.id for c in failing}:
            sink.warning(("discrepancies", i), "score-mismatch", f"'{key}' is listed as a"
                         " discrepancy but the figures agree, expected it removed")


def _check_section(sink: _Sink, loc: tuple, section: Section) -> None:
    """Note references resolve, notes run 1..N, every note is cited."""
    cited: set[int] = set()
    for j, paragraph in enumerate(section.paragraphs):
        for label in NOTE_REF.findall(paragraph):
            n = note_number(label)
            if not n:
                sink.error(loc + ("paragraphs", j), "note-dangling",
                           f"'[^{label}]' is not a note reference, expected [^N] with N a"
                           " number")
                continue
            cited.add(n)
            if n not in section.notes:
                have = f"one of notes 1..{len(section.notes)}" if section.notes else \
                    "a note of that number under notes"  # not "1..0"
                sink.error(loc + ("paragraphs", j), "note-dangling",
                           f"note [^{n}] is cited but not defined, expected {have}")
    numbers = list(section.notes)
    if numbers != list(range(1, len(numbers) + 1)):
        sink.error(loc + ("notes",), "note-numbering",
                   f"notes are numbered {_ranges(numbers)}, expected 1..{len(numbers)} in order")
    for n in numbers:
        if n not in cited:
            sink.warning(loc + ("notes", n), "note-unused", f"note {n} is never cited", key=True)


def _ranges(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers[:12]) + (", ..." if len(numbers) > 12 else "")


def _check_events(content: Content, item: Sourced, out: list[Diagnostic]) -> None:
    log, sink = item.value, _Sink(item.doc, out)
    tracker = content.indices.get(log.tracker)
    if tracker is None and not _index_file(content, log.tracker):
        sink.error(("tracker",), "unknown-ref", f"unknown index '{log.tracker}'")
    _duplicates(sink, [e.id for e in log.events], ("events",), "event id")
    cat_ids = [c.id for c in tracker.value.categories] if tracker else []  # in the index's order
    for i, event in enumerate(log.events):
        _check_date(sink, ("events", i, "month"), event.month + "-01", event.month)
        for j, update in enumerate(event.updates):
            if update.date:
                _check_date(sink, ("events", i, "updates", j, "date"),
                            update.date if len(update.date) == 10 else update.date + "-01",
                            update.date)
        for j, cid in enumerate(event.categories):
            if tracker and cid not in cat_ids:
                sink.error(("events", i, "categories", j), "unknown-ref",
                           f"unknown category '{cid}', expected one of: {', '.join(cat_ids)}")


def _check_election(item: Sourced, out: list[Diagnostic]) -> None:
    election, sink = item.value, _Sink(item.doc, out)
    stem = item.doc.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    # fullmatch: with re.match, `$` accepts a name ending in a newline; the stem becomes a page
    # path, and one of 250 characters is too long for the temporary file written beside it.
    if not re.fullmatch(SLUG_PATTERN, stem) or len(stem) > SLUG_MAX:
        sink.error((), "slug", f"file name '{stem}' is not a slug, expected lowercase letters,"
                   f" digits and hyphens, at most {SLUG_MAX} characters")
    _check_date(sink, ("date",), election.date)
    _duplicates(sink, [r.party for r in election.results], ("results",), "party")
    seats = sum(r.seats or 0 for r in election.results)
    listed = set(election.discrepancies)
    if election.seats is not None and seats > election.seats and "seats" not in listed:
        sink.error(("results",), "election-seats",
                   f"parties hold {seats} seats, expected at most the {election.seats} of the body")
    elif seats > SEATS_MAX:
        sink.error(("results",), "election-seats", f"parties hold {seats:,} seats, expected at"
                   f" most {SEATS_MAX:,}, the most a body may have")
    share = sum(Fraction(repr(r.share)) for r in election.results if r.share is not None)
    if share > Fraction(1005, 10) and "shares" not in listed:
        sink.error(("results",), "election-seats",
                   f"vote shares add up to {float(share):g}%, expected at most 100% (list"
                   " 'shares' under discrepancies if these are the source's own figures)")
    exceeded = {"shares": share > Fraction(1005, 10),
                "seats": election.seats is not None and seats > election.seats}
    for i, key in enumerate(election.discrepancies):
        if not exceeded[key]:
            sink.warning(("discrepancies", i), "election-seats", f"'{key}' is listed as a"
                         " discrepancy but the figures agree, expected it removed")


def _check_date(sink: _Sink, loc: tuple, value: str | None, shown: str | None = None) -> None:
    if value is None:
        return
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        sink.error(loc, "date", f"'{shown or value}' is not a real date, expected a date"
                   " that exists")
        return
    if not YEARS[0] <= day.year <= YEARS[1]:
        sink.error(loc, "date", f"'{shown or value}' is not in the years {YEARS[0]} to"
                   f" {YEARS[1]}, expected a date within them")


def _index_file(content: Content, index_id: str) -> bool:
    """Whether indices/<id>.yml exists: an index file with schema errors gives no record."""
    return any((content.root / "indices" / f"{index_id}{ext}").is_file()
               for ext in (".yml", ".yaml"))


def _duplicates(sink: _Sink, ids: list[str], loc: tuple, what: str) -> None:
    counts = Counter(ids)
    for i, value in enumerate(ids):
        if counts[value] > 1 and ids.index(value) != i:
            sink.error(loc + (i,), "duplicate-id",
                       f"{what} '{value}' appears more than once, expected each once")
