"""Stage 3, validate: checks across fields and files, and the methodology checks of each index."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from fractions import Fraction

import pycountry

from ..diagnostics import Diagnostic, error, warning
from .load import Document
from .narrative import NOTE_REF, note_number
from .parse import Content, CountryContent, Sourced
from .records import SLUG_PATTERN, Index, Report, Section
from .schema_errors import key_path
from .scoring import (
    aggregate_exact,
    aggregate_status,
    categories_for,
    category_scale,
    exact,
    fmt,
    on_scale,
    recompute,
    round_half_up,
    scale_words,
)
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
    return _check_treaties(content, out)


def validate_country(content: Content, bundle: CountryContent, treaty_ids: set[str],
                     out: list[Diagnostic]) -> None:
    """One country's problems, but whether another country has its name (check_name_unique)."""
    for item in [*filter(None, [bundle.country, bundle.events]), *bundle.reports,
                 *bundle.elections.values()]:
        check_strings(_Sink(item.doc, out), item.doc.data)
    _check_country(content, bundle, treaty_ids, out)


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
    if index.scale.min >= index.scale.max:
        sink.error(("scale",), "index-definition", "expected min below max")
    if index.status is not None and index.status.basis == "aggregate":
        bands = index.status.bands
        for i, band in enumerate(bands):
            if band.min is None or band.max is None or band.min > band.max:
                sink.error(("status", "bands", i), "index-definition",
                           "expected min and max with min ≤ max for a band the aggregate decides")
        for i, a in enumerate(bands):
            for b in bands[i + 1:]:
                if None not in (a.min, a.max, b.min, b.max) and a.min <= b.max and b.min <= a.max:
                    sink.error(("status", "bands", i), "index-definition",
                               f"band overlaps '{b.id}', expected disjoint bands")
        if index.aggregate is None:
            sink.error(("status", "basis"), "index-definition",
                       "status basis 'aggregate' needs an aggregate rule")


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
            _check_date(sink, ("treaties", "as_of"), country.treaties.as_of)
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
    for i, cat in enumerate(report.categories):
        loc = ("categories", i)
        if cat.id not in valid_ids:
            why = ("is not rated in this edition" if cat.id in all_ids
                   else f"is not a category of {index.short_name}")
            sink.error(loc + ("id",), "unknown-ref", f"'{cat.id}' {why}, expected one of: "
                       + ", ".join(c.id for c in categories_for(index, report.edition)))
            continue
        if cat.rating is not None:
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
    _check_scores(sink, index, report, ratings)
    _check_changes(sink, index, report, ratings, by_edition.get((report.index, report.edition - 1)))


def _check_scores(sink: _Sink, index: Index, report: Report,
                  ratings: dict[str, float]) -> None:
    """Stated aggregate, percentage and status against what the ratings give
    (scoring.recompute, which gives report pages their recomputed figures too)."""
    if report.status is not None:
        if index.status is None:
            sink.error(("status",), "unknown-ref", f"{index.short_name} has no statuses")
        elif report.status not in {b.id for b in index.status.bands}:
            sink.error(("status",), "unknown-ref", f"unknown status '{report.status}', expected"
                       " one of: " + ", ".join(b.id for b in index.status.bands))
    if report.previous and report.previous.status and index.status and \
            report.previous.status not in {b.id for b in index.status.bands}:
        sink.error(("previous", "status"), "unknown-ref",
                   f"unknown status '{report.previous.status}', expected one of: "
                   + ", ".join(b.id for b in index.status.bands))
    agg = index.aggregate
    computed = recompute(index, report.edition, ratings)
    if agg is not None and report.aggregate is not None:
        if not _has_decimals(report.aggregate, agg.decimals):
            sink.error(("aggregate",), "score-mismatch",
                       f"expected {agg.decimals} decimals, got {report.aggregate:g}")
        if computed.aggregate is not None and round_half_up(computed.aggregate, agg.decimals) \
                != round_half_up(exact(report.aggregate), agg.decimals):
            sink.error(("aggregate",), "score-mismatch",
                       f"stated {agg.name} {fmt(report.aggregate, agg.decimals)} differs from the"
                       f" {agg.method} of the ratings, expected"
                       f" {fmt(computed.aggregate, agg.decimals)}")
    rule = index.percentage
    if report.percentage is not None:
        if rule is None:
            sink.error(("percentage",), "unknown-ref", f"{index.short_name} has no percentage")
        elif computed.percentage is not None:
            pct = computed.percentage
            if round_half_up(pct, rule.decimals) != round_half_up(exact(report.percentage),
                                                                   rule.decimals):
                sink.error(("percentage",), "score-mismatch",
                           f"stated {rule.name} {fmt(report.percentage, rule.decimals)} differs"
                           f" from the ratings, expected {fmt(pct, rule.decimals)}"
                           f" (from the unrounded {agg.name.lower()})")
    if index.status is not None and index.status.basis == "aggregate" and \
            report.status in {b.id for b in index.status.bands}:
        # The stated aggregate decides the status; without one, the aggregate the ratings give.
        if report.aggregate is not None:
            basis, band = report.aggregate, aggregate_status(index, report.aggregate)
        elif computed.aggregate is not None:
            basis, band = round_half_up(computed.aggregate, agg.decimals), computed.status
        else:
            basis = band = None
        if band is not None and band.id != report.status:
            sink.error(("status",), "score-mismatch",
                       f"status '{report.status}' does not fit {agg.name} {basis},"
                       f" expected '{band.id}'")


def _check_changes(sink: _Sink, index: Index, report: Report, ratings: dict[str, float],
                   previous: Report | None) -> None:
    """Score changes against this edition's ratings, the previous edition and last year's score."""
    prev_ratings = {c.id: c.rating for c in previous.categories} if previous else {}
    for i, change in enumerate(report.score_changes):
        loc = ("score_changes", i)
        if change.category not in {c.id for c in index.categories}:
            sink.error(loc + ("category",), "unknown-ref",
                       f"unknown category '{change.category}' of {index.short_name}")
            continue
        if change.category in ratings and exact(ratings[change.category]) != exact(change.new):
            sink.error(loc + ("to",), "change-mismatch",
                       f"the change ends at {change.new:g} but the category is rated"
                       f" {ratings[change.category]:g}, expected the same value")
        old = prev_ratings.get(change.category)
        if old is not None and exact(old) != exact(change.old):
            sink.error(loc + ("from",), "change-mismatch",
                       f"the change starts at {change.old:g} but the {previous.edition} edition"
                       f" rated it {old:g}, expected the same value")
        if change.old == change.new:
            sink.warning(loc, "change-mismatch", "a change from a value to itself")
    if previous is not None:
        changed = {c.category for c in report.score_changes}
        for cid, rating in ratings.items():
            old = prev_ratings.get(cid)
            if old is not None and exact(old) != exact(rating) and cid not in changed:
                sink.warning(("score_changes",), "change-mismatch",
                             f"'{cid}' went from {old:g} to {rating:g} since {previous.edition}"
                             " but no score change explains it")
    agg = index.aggregate
    stated_prev = report.previous.aggregate if report.previous else None
    same_categories = categories_for(index, report.edition) == categories_for(
        index, report.edition - 1)
    if agg is not None and stated_prev is not None and ratings and report.score_changes \
            and same_categories:
        reverted = dict(ratings)
        for change in report.score_changes:
            if change.category in reverted:
                reverted[change.category] = change.old
        before = aggregate_exact(index, reverted.values())
        if before is not None and round_half_up(before, agg.decimals) != \
                round_half_up(exact(stated_prev), agg.decimals):
            sink.error(("previous", "aggregate"), "change-mismatch",
                       f"last year's {agg.name} {fmt(stated_prev, agg.decimals)} does not follow"
                       f" from the score changes, expected {fmt(before, agg.decimals)}")
    if previous is not None and report.previous is not None and previous.percentage is not None \
            and report.previous.percentage is not None and index.percentage is not None:
        digits = index.percentage.previous_decimals
        if round_half_up(exact(previous.percentage), digits) != \
                round_half_up(exact(report.previous.percentage), digits):
            sink.error(("previous", "percentage"), "change-mismatch",
                       f"last year's {index.percentage.name} {report.previous.percentage:g}"
                       f" differs from the {previous.edition} report, expected"
                       f" {fmt(previous.percentage, digits)}")


def _has_decimals(value: float, decimals: int) -> bool:
    return (exact(value) * 10 ** decimals).denominator == 1


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
    if tracker is None:
        sink.error(("tracker",), "unknown-ref", f"unknown index '{log.tracker}'")
    _duplicates(sink, [e.id for e in log.events], ("events",), "event id")
    cat_ids = {c.id for c in tracker.value.categories} if tracker else set()
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
    if election.seats is not None and seats > election.seats:
        sink.error(("results",), "election-seats",
                   f"parties hold {seats} seats, expected at most the {election.seats} of the body")
    share = sum(Fraction(repr(r.share)) for r in election.results if r.share is not None)
    if share > Fraction(1005, 10):
        sink.error(("results",), "election-seats",
                   f"vote shares add up to {float(share):g}%, expected at most 100%")


def _check_date(sink: _Sink, loc: tuple, value: str | None, shown: str | None = None) -> None:
    if value is None:
        return
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        sink.error(loc, "date", f"'{shown or value}' is not a real date, expected a date"
                   " that exists")


def _duplicates(sink: _Sink, ids: list[str], loc: tuple, what: str) -> None:
    counts = Counter(ids)
    for i, value in enumerate(ids):
        if counts[value] > 1 and ids.index(value) != i:
            sink.error(loc + (i,), "duplicate-id",
                       f"{what} '{value}' appears more than once, expected each once")
