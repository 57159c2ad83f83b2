"""International IDEA Democracy Tracker country pages, scraped to text -> country, events, ranks.

Produces countries/<slug>/country.yml (basic information and treaty statuses), events.yml
(the monthly event reports) and reports/gsod-<year>.yml (the category rankings, denominators
as printed). Menus, tooltips and icon names are page chrome; the chart leftovers ("0", "/1",
"high 0.7-1.0", "0 10", axis months) carry no data and never become scores.

The region and subregion of the country record are the two lines printed before the flag
(the page's breadcrumb); without them no country record is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model.records import BasicInfo, Country, Event, EventLog, Report, TreatyStatuses
from .text import (
    MONTH_ABBR,
    Line,
    Problems,
    build,
    category_names,
    key,
    lookup,
    month_heading,
    norm,
    parse_number,
    shorten,
    slugify,
    treaty_names,
    unique_ids,
)

SOURCE_NAME = "International IDEA Democracy Tracker"
CHROME = {
    "skip to main content", "menu menu close", "menu", "close", "chevron", "flag", "tooltip",
    "tooltip text", "create your monthly alerts", "sign up", "in", "explore the indices",
    "see all event reports for this country", "state party state party", "signatory signatory",
    "no action no action", "united nations human right treaties",
    "united nations human rights treaties", "international labour organisation treaties",
    "international labour organization treaties",
}
SECTION_HEADS = {
    "basic information": "basic", "human rights treaties": "treaties",
    "performance by category over the last 6 months": "residue",
    "global state of democracy indices": "residue",
    "factors of democratic performance over time": "residue",
}
CHART_CATS = "representation|rights|rule of law|participation"
RESIDUE = [
    r"0", r"/ ?1", r"\d+ \d+", r"(?:high|mid|low) \d\.\d ?- ?\d\.\d",
    rf"(?:{'|'.join(MONTH_ABBR)})[a-z]*(?: \d{{4}})?",
    rf"(?:{CHART_CATS}) (?:neutral|positive|negative|improving|declining) (?:{CHART_CATS})",
    r"hover over .*", r"use the slider .*", r"performance by category .*",
]
RESIDUE_LINE = re.compile("|".join(f"(?:{p})" for p in RESIDUE))
URL = re.compile(r"https?://\S+$")
SOURCES = re.compile(r"sources?: ?(.*)$", re.I)
UPDATE = re.compile(r"update ?: ?(.+)$", re.I)
NOT_A_TITLE = re.compile(r"(?:sources?|update) ?:", re.I)
RANKING_HEAD = re.compile(r"^global ranking per category of democratic performance in (\d{4})$",
                          re.I)
RANK = re.compile(r"^(\d+) ?/ ?(\d+)$")
STATUS = {"state party": "state-party", "signatory": "signatory", "no action": "no-action"}
TITLES = ["prime minister", "president", "chancellor", "premier", "king", "queen", "emir",
          "sultan", "grand duke", "prince", "governor-general", "governor general",
          "chairman of the council of ministers", "chair of the council of ministers",
          "head of government", "supreme leader", "co-prince", "captain regent",
          "chief executive", "first minister", "taoiseach", "state counsellor"]
BASIC_LABELS = {
    "population": "population", "system of government": "system_of_government",
    "head of government": "head_of_government", "head of government party": "hog_party",
    "head of state": "head_of_state", "head of state party": "hos_party",
    "electoral system for lower or single chamber": "electoral_system",
    "women in lower or single chamber": "women_lower_chamber",
    "women in upper chamber": "women_upper_chamber",
    "last legislative election": "last_legislative_election",
    "selection process for head of state": "head_of_state_selection",
    "latest universal periodic review (upr) date": "upr_date",
    "latest universal periodic review (upr) percentage of recommendations supported":
        "upr_supported",
}


@dataclass
class Page:
    breadcrumb: list[str] = field(default_factory=list)
    country: tuple[int, str] | None = None
    url: str | None = None
    events: list[dict] = field(default_factory=list)
    event_lines: list[int] = field(default_factory=list)
    rank_year: int | None = None
    ranks: dict[str, tuple[int, int]] = field(default_factory=dict)
    basic: dict[str, tuple[int, str]] = field(default_factory=dict)
    treaties: dict[str, str] = field(default_factory=dict)
    first_line: int = 0


def import_idea(lines: list[Line], indices: dict, treaties, problems: Problems,
                source_name: str, country: str | None = None, *,
                fallback_country: str | None = None) -> list:
    """Records read from a Democracy Tracker page: country, events and a gsod report."""
    # --- Load inputs -----------------------------------------------------------------------
    gsod = indices.get("gsod")
    cats = category_names(gsod) if gsod is not None else {}
    treaty_ids = treaty_names(treaties) if treaties is not None else {}
    content = [ln for ln in lines if ln.text]
    page = Page(first_line=content[0].number if content else 0)
    head = _head_roles(content)

    # --- Process: walk the page section by section ------------------------------------------
    state = "head"
    month: str | None = None
    event: dict | None = None
    i = 0
    while i < len(content):
        line = content[i]
        text = line.text
        low = key(text)
        nxt = content[i + 1].text if i + 1 < len(content) else ""
        i += 1
        if low in CHROME or low.startswith("and receive a customized") or \
                state != "basic" and low.endswith(" tooltip") and len(low) > 8:
            continue
        if low in SECTION_HEADS:
            state, event = SECTION_HEADS[low], None
            continue
        if m := RANKING_HEAD.match(text):
            page.rank_year, state, event = int(m.group(1)), "ranks", None
            continue
        if URL.match(text):
            page.url = page.url or text
            continue
        if state not in ("basic", "treaties") and (m := month_heading(text)):
            if state in ("head", "events"):
                state, month, event = "events", m, None
                continue
        if state == "head":
            if line.number in head:
                role = head[line.number]
                if role == "country":
                    page.country = (line.number, text)
                else:
                    page.breadcrumb.append(text)
                continue
        elif state == "events" and month is not None:
            if event is None or (event["body"] and _title_like(text) and
                                 not SOURCES.match(nxt)):
                event = {"month": month, "title": text, "body": [], "updates": [],
                         "sources": [], "watch": False}
                page.events.append(event)
                page.event_lines.append(line.number)
                continue
            if low == "watch flag" and not event["body"]:
                event["watch"] = True
                continue
            if m := SOURCES.match(text):
                event["sources"] = [norm(s) for s in m.group(1).split(",") if norm(s)]
                event = None
                continue
            if m := UPDATE.match(text):
                event["updates"].append([m.group(1)])  # its paragraphs, joined once at the end
                continue
            if event["updates"]:
                event["updates"][-1].append(text)
            else:
                event["body"].append(text)
            continue
        elif state == "ranks":
            cid = lookup(cats, text)
            if cid is not None and (m := RANK.match(nxt)):
                rank, of = int(m.group(1)), int(m.group(2))
                if 1 <= rank <= of:
                    page.ranks[cid] = (rank, of)
                else:
                    problems.add(content[i].number, f"not recognised: rank '{nxt}' of {text}")
                i += 1
                continue
        elif state == "basic":
            label = re.sub(r" tooltip$", "", low)
            if label in BASIC_LABELS and nxt and key(nxt) not in BASIC_LABELS:
                page.basic[BASIC_LABELS[label]] = (content[i].number, nxt)
                i += 1
                continue
        elif state == "treaties":
            tid = lookup(treaty_ids, text)
            if key(nxt) in STATUS:
                if tid is None:
                    problems.add(line.number, f"not recognised: treaty '{shorten(text)}' (status"
                                 f" {nxt}); add the name to treaties.yml as an alias")
                else:
                    page.treaties[tid] = STATUS[key(nxt)]
                i += 1
                continue
        if state == "residue" or _residue(low):
            continue
        problems.unrecognised(line)

    # --- Build outputs -----------------------------------------------------------------------
    return _build(page, indices, problems, source_name, country)


def _head_roles(content: list[Line]) -> dict[int, str]:
    """Lines before the first section: breadcrumb (region, subregion), flag, country name.

    The country is the first line after the flag icon's name; without a flag, the last line.
    """
    head: list[Line] = []
    for line in content:
        low = key(line.text)
        if month_heading(line.text) or low in SECTION_HEADS or RANKING_HEAD.match(line.text):
            break
        if low not in CHROME and not re.match(r"https?://", line.text) or low == "flag":
            head.append(line)
    flag = next((j for j, ln in enumerate(head) if key(ln.text) == "flag"), None)
    if flag is None:
        return {ln.number: "country" if j == len(head) - 1 else "breadcrumb"
                for j, ln in enumerate(head)}
    roles = {ln.number: "breadcrumb" for ln in head[:flag]}
    if flag + 1 < len(head):
        roles[head[flag + 1].number] = "country"
    return roles


def _title_like(text: str) -> bool:
    """An event title: short and without closing punctuation."""
    return bool(text) and text[-1] not in ".!?:;”\"" and len(text.split()) <= 20 and \
        not NOT_A_TITLE.match(text) and key(text) != "watch flag"


def _residue(low: str) -> bool:
    return RESIDUE_LINE.fullmatch(low) is not None


# Events imported from one page at most: one country's tracker lists tens a year, and an
# events.yml of more would exceed what the content loader reads (5 MB).
MAX_EVENTS = 5_000


def _build(page: Page, indices: dict, problems: Problems, source_name: str,
           hint: str | None) -> list:
    name = hint or (page.country[1] if page.country else None)
    slug = slugify(name) if name else ""
    if not slug:
        problems.add(page.first_line, "no country name printed; nothing imported, give it as a"
                     " hint")
        return []
    source = {"name": SOURCE_NAME, **({"url": page.url} if page.url else {})}
    records = []
    # country.yml
    info = _basic_info(page, problems)
    statuses = None
    if page.treaties:
        statuses = build(TreatyStatuses, {"statuses": page.treaties, "sources": [source]},
                         problems, page.first_line, "treaty statuses")
    if page.breadcrumb:
        data = {"name": name, "slug": slug, "region": page.breadcrumb[0],
                "subregion": page.breadcrumb[1] if len(page.breadcrumb) > 1 else None,
                "basic_info": info, "treaties": statuses}
        for extra in page.breadcrumb[2:]:
            problems.add(page.first_line, f"not recognised: {extra}")
        country = build(Country, {k: v for k, v in data.items() if v is not None}, problems,
                        page.first_line, "country record")
        if country is not None:
            records.append((f"countries/{slug}/country.yml", "country", country))
    elif info is not None or statuses is not None:
        problems.add(page.first_line, "no region printed (the breadcrumb before the flag);"
                     " basic information and treaties not imported")
    # events.yml
    events = []
    if len(page.events) > MAX_EVENTS:  # a country's page lists tens; the loader takes 5 MB
        problems.add(page.event_lines[MAX_EVENTS], f"more than {MAX_EVENTS:,} events in one"
                     f" page ({len(page.events):,}), expected one country's page; the first"
                     f" {MAX_EVENTS:,} are imported")
        page.events, page.event_lines = page.events[:MAX_EVENTS], page.event_lines[:MAX_EVENTS]
    ids = unique_ids(slugify(e["title"], 60) or "event" for e in page.events)
    for ident, number, e in zip(ids, page.event_lines, page.events):
        if not e["body"]:
            problems.add(number, f"event without a body: {e['title'][:60]}")
            continue
        data = {"id": ident, "month": e["month"], "title": e["title"],
                "body": "\n\n".join(e["body"]), "watch": e["watch"],
                "updates": [{"text": "\n\n".join(u)} for u in e["updates"]],
                "sources": [{"name": s} for s in e["sources"]]}
        if not e["sources"]:
            problems.add(number, f"event without sources: {e['title'][:60]}")
        event = build(Event, data, problems, number, f"event '{e['title'][:40]}'")
        if event is not None:
            events.append(event)
    if events:
        log = build(EventLog, {"tracker": "gsod", "source": source, "events": events}, problems,
                    page.first_line, "event log")
        if log is not None:
            records.append((f"countries/{slug}/events.yml", "events", log))
    # reports/gsod-<year>.yml
    if page.ranks and page.rank_year is None:
        problems.add(page.first_line, "rankings without a year; not imported")
    elif page.ranks and "gsod" in indices:
        order = [c.id for c in indices["gsod"].categories]
        cats = [{"id": c, "rank": page.ranks[c][0], "rank_of": page.ranks[c][1]}
                for c in order if c in page.ranks]
        report = build(Report, {"index": "gsod", "edition": page.rank_year,
                                "covers": str(page.rank_year), "categories": cats,
                                "source": source}, problems, page.first_line, "gsod rankings")
        if report is not None:
            records.append((f"countries/{slug}/reports/gsod-{page.rank_year}.yml", "report",
                            report))
    return records


def _basic_info(page: Page, problems: Problems) -> BasicInfo | None:
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
    data["sources"] = [{"name": SOURCE_NAME, **({"url": page.url} if page.url else {})}]
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
