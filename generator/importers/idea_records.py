"""Democracy Tracker pages, second half: what idea.py read -> records (country, events, gsod).

Each event is filed under the country it is printed under (a page listing several countries'
events gives one events.yml per country); the page's own country is the explicit hint, else the
name its text prints, else `fallback_country` (the page's URL line or file name), else
OPEN_COUNTRY. Names are looked up in the table of country
names (country_table), so "Republic of Moldova" is filed under `moldova`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model.records import BasicInfo, Country, Event, EventLog, Report, TreatyStatuses
from .country_hint import OPEN_COUNTRY
from .country_table import load_table
from .text import (
    Problems,
    build,
    parse_number,
    shorten,
    slugify,
    source_of,
    unique_ids,
)

SOURCE_NAME = "International IDEA Democracy Tracker"
# Events imported from one page at most: one country's tracker lists tens a year, and an
# events.yml of more would exceed what the content loader reads (5 MB).
MAX_EVENTS = 5_000
TITLES = ["prime minister", "president", "chancellor", "premier", "king", "queen", "emir",
          "sultan", "grand duke", "prince", "governor-general", "governor general",
          "chairman of the council of ministers", "chair of the council of ministers",
          "head of government", "supreme leader", "co-prince", "captain regent",
          "chief executive", "first minister", "taoiseach", "state counsellor"]


@dataclass
class Page:
    """What the walk over a tracker page found, by line number where a problem may need it."""

    country: tuple[int, str] | None = None  # the country header
    address: str | None = None  # the `URL:` line a scraper stored
    link: str | None = None  # the tracker address printed on the page
    partial: bool = False  # the scraper's `PARTIAL: yes`
    events: list[dict] = field(default_factory=list)
    event_lines: list[int] = field(default_factory=list)
    has_sources: bool = False  # some event prints a Sources line (the current layout)
    profile: list[tuple[int, str]] = field(default_factory=list)  # the narrative's paragraphs
    rank_year: int | None = None
    ranks: dict[str, tuple[int, int]] = field(default_factory=dict)
    basic: dict[str, tuple[int, str]] = field(default_factory=dict)
    treaties: dict[str, str] = field(default_factory=dict)
    first_line: int = 0
    cut_event: dict | None = None  # the event the page stops in


def country_slug(name: str) -> str:
    """The site's id of a country name ('Republic of Moldova' -> 'moldova'), else its slug."""
    entry = load_table().by_name(name)
    return entry.id if entry is not None else slugify(name)


def is_country_name(name: str) -> bool:
    """Is the line a name in the table of country names?"""
    return len(name) <= 80 and load_table().by_name(name) is not None


def build_records(page: Page, indices: dict, problems: Problems, hint: str | None,
                  fallback: str | None) -> list:
    """The records of one page: country.yml, events.yml per country, reports/gsod-<year>.yml."""
    name = hint or (page.country[1] if page.country else None) or fallback
    slug = (country_slug(name) if name else None) or OPEN_COUNTRY
    source = source_of(SOURCE_NAME, page.address or page.link)
    records = []
    country = _country(page, problems, name, slug, source)
    if country is not None:
        records.append((f"countries/{slug}/country.yml", "country", country))
    for where, log in _event_logs(page, problems, slug, source, hint):
        records.append((f"countries/{where}/events.yml", "events", log))
    report = _gsod(page, indices, problems, source)
    if report is not None:
        records.append((f"countries/{slug}/reports/gsod-{report.edition}.yml", "report", report))
    return records


def _country(page: Page, problems: Problems, name: str | None, slug: str,
             source: dict) -> Country | None:
    """The country record, for a page with basic information or treaties: the events of a
    page are no reason to write one. The tracker prints no region of the country: the lines
    before the flag are the site's menu, the same on every page (Serbia's as Kazakhstan's), so
    the region is FIW's, from the table of country names."""
    info = _basic_info(page, problems, source)
    statuses = None
    if page.treaties:
        statuses = build(TreatyStatuses, {"statuses": page.treaties, "sources": [source]},
                         problems, page.first_line, "treaty statuses")
    if info is None and statuses is None:
        return None
    entry = load_table().by_id(slug)
    if name is None or entry is None or not entry.region:
        problems.add(page.first_line, f"no region known for '{name or slug}': the tracker"
                     " prints none, expected a country of the table of country names"
                     " (generator/importers/country_names.yml); basic information and treaties"
                     " not imported")
        return None
    data = {"name": name, "slug": slug, "region": entry.region, "basic_info": info,
            "treaties": statuses}
    return build(Country, {k: v for k, v in data.items() if v is not None}, problems,
                 page.first_line, "country record")


def _event_logs(page: Page, problems: Problems, slug: str, source: dict, hint: str | None):
    """(country slug, EventLog) per country the page files events under, in page order."""
    if len(page.events) > MAX_EVENTS:  # a country's page lists tens; the loader takes 5 MB
        problems.add(page.event_lines[MAX_EVENTS], f"more than {MAX_EVENTS:,} events in one"
                     f" page ({len(page.events):,}), expected one country's page; the first"
                     f" {MAX_EVENTS:,} are imported")
        page.events, page.event_lines = page.events[:MAX_EVENTS], page.event_lines[:MAX_EVENTS]
    by_country: dict[str, list[tuple[int, dict]]] = {}
    for number, e in zip(page.event_lines, page.events):
        where = country_slug(e["country"]) if e["country"] else slug
        by_country.setdefault(where or slug, []).append((number, e))
    for where, items in by_country.items():
        ids = unique_ids(slugify(_title(e), 60) or "event" for _, e in items)
        events = []
        for ident, (number, e) in zip(ids, items):
            event = _event(ident, number, e, page, problems)
            if event is not None:
                events.append(event)
        if events:
            log = build(EventLog, {"tracker": "gsod", "source": source, "events": events},
                        problems, page.first_line, "event log")
            if log is not None:
                yield where, log


def _title(e: dict) -> str:
    """The printed title; a card without one is named by its text's first words."""
    if e["title"]:
        return e["title"]
    first = e["body"][0] if e["body"] else "event"
    return shorten(re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0], 80)


def _event(ident: str, number: int, e: dict, page: Page, problems: Problems) -> Event | None:
    if not e["body"]:
        problems.add(number, f"event without a body: {_title(e)[:60]}")
        return None
    if not e["sources"] and page.has_sources and e is not page.cut_event:
        problems.add(number, f"event without sources: {_title(e)[:60]}")
    data = {"id": ident, "month": e["month"], "title": _title(e),
            "body": "\n\n".join(e["body"]), "watch": "watch" in e["flags"],
            "categories": e["categories"],
            "updates": [{"text": "\n\n".join(u)} for u in e["updates"]],
            "sources": [{"name": s} for s in e["sources"]]}
    if "election" in e["flags"]:
        if "election" in Event.model_fields:
            data["election"] = True
        else:
            problems.add(e["flag_lines"]["election"], "election flag not imported: the event"
                         " record has no field for it")
    return build(Event, data, problems, number, f"event '{_title(e)[:40]}'")


# A profile's period: "Between 2018-2023", "between 2018 and 2023", "from 2018 to 2023".
PERIOD = re.compile(r"\b(?:between|from) ((?:19|20)\d\d) ?(?:-|–|—|and|to) ?((?:19|20)\d\d)\b",
                    re.I)


def _gsod(page: Page, indices: dict, problems: Problems, source: dict) -> Report | None:
    """The GSoD report: the category ranks and the profile's narrative (its summary). The
    narrative's edition is the last year of the period it describes, the year the ranks are
    labelled with too; no number is read from it."""
    if "gsod" not in indices or not (page.ranks or page.profile):
        return None
    covers = None
    edition = page.rank_year
    for _, paragraph in page.profile:
        if m := PERIOD.search(paragraph):
            covers, year = f"{m.group(1)}-{m.group(2)}", int(m.group(2))
            if edition is None or edition == year:
                edition = year
            break
    if edition is None:
        problems.add(page.profile[0][0] if page.profile else page.first_line,
                     "no year printed (a ranking year or the profile's period); the GSoD"
                     " ranks and profile are not imported")
        return None
    data: dict = {"index": "gsod", "edition": edition, "covers": covers or str(edition),
                  "source": source}
    if page.ranks and page.rank_year == edition:
        order = [c.id for c in indices["gsod"].categories]
        data["categories"] = [{"id": c, "rank": page.ranks[c][0], "rank_of": page.ranks[c][1]}
                              for c in order if c in page.ranks]
    elif page.ranks:
        problems.add(page.first_line, f"ranks of {page.rank_year} beside a profile of"
                     f" {edition}; the ranks are not imported")
    if page.profile:
        data["summary"] = {"paragraphs": [p for _, p in page.profile]}
    return build(Report, data, problems, page.first_line, "gsod report")


def _basic_info(page: Page, problems: Problems, source: dict) -> BasicInfo | None:
    if not page.basic:
        return None
    data: dict = {}
    raw = page.basic

    def bad(field_name: str) -> None:
        number, value = raw[field_name]
        problems.add(number, f"not recognised: {field_name.replace('_', ' ')} '{value}'")

    for name in ("system_of_government", "electoral_system", "head_of_state_selection"):
        if name in raw:
            data[name] = raw[name][1]
    if "population" in raw:
        digits = re.sub(r"[\s,\u202f]", "", raw["population"][1])
        if digits.isdigit():
            data["population"] = int(digits)
        else:
            bad("population")
    for name in ("women_lower_chamber", "women_upper_chamber", "upr_supported"):
        if name in raw:
            value = parse_number(raw[name][1])
            if value is not None and 0 <= value <= 100 and raw[name][1].strip().endswith("%"):
                data[name] = value
            else:
                bad(name)
    if "last_legislative_election" in raw:
        if re.fullmatch(r"\d{4}", raw["last_legislative_election"][1]):
            data["last_legislative_election"] = int(raw["last_legislative_election"][1])
        else:
            bad("last_legislative_election")
    if "upr_date" in raw:
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw["upr_date"][1])
        if m:
            data["upr_date"] = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
        else:
            bad("upr_date")
    for office, party in (("head_of_government", "hog_party"), ("head_of_state", "hos_party")):
        if office in raw:
            holder = _officeholder(raw[office][1])
            if holder is None:
                bad(office)
                continue
            if party in raw:
                holder["party"] = raw[party][1]
            data[office] = holder
        elif party in raw:
            bad(party)
    data["sources"] = [source]
    first = min(n for n, _ in raw.values())
    return build(BasicInfo, data, problems, first, "basic information")


def _officeholder(text: str) -> dict | None:
    """'Prime Minister Oljas Bektenov (since 2024)' -> title, name, since."""
    since = None
    m = re.fullmatch(r"(.+?) \(since (\d{4})\)", text)
    if m:
        text, since = m.group(1), int(m.group(2))
    low = text.casefold()
    for title in sorted(TITLES, key=len, reverse=True):
        if low.startswith(title + " ") and len(text) > len(title) + 1:
            holder = {"title": text[:len(title)], "name": text[len(title) + 1:]}
            if since is not None:
                holder["since"] = since
            return holder
    return None
