"""International IDEA Democracy Tracker pages, scraped to text -> country, events, GSoD report.

Layouts read (each with or without the scraper's `URL:` / `PARTIAL:` lines and menu chrome):
- a country page: "Flag" + the country's name (or no header at all), its events (a month
  heading, a title, "Watch flag" / "Election flag", the text, "Update:" paragraphs, a
  "Sources:" line), the category ranks, basic information and treaty statuses;
- the older "Monthly Event Reports" list, one "July 2023 | Title" line per event, no sources;
- the country profile: the country's name, then the narrative (filed as the GSoD report's
  summary; it prints no figures, so none are read);
- pages listing events of several countries ("Critical Events in October 2024", then
  "Europe • Serbia" or "Flag" + a name before each country's events): each event is filed
  under the country printed before it.

Menus, tooltips, icon names, map hexagons ("Chad Arrow Chad") and the chart leftovers ("0",
"/1", "high 0.7-1.0", axis months) carry no data and never become scores. Every other line is
placed or reported; a page that stops mid-sentence says where.
"""

from __future__ import annotations

import re

from .idea_records import Page, build_records, is_country_name
from .text import (
    MONTH_ABBR,
    MONTHS,
    Line,
    Problems,
    category_names,
    ends_cleanly,
    key,
    lookup,
    month_heading,
    norm,
    shorten,
    treaty_names,
)

CHROME = {
    "skip to main content", "menu menu close", "menu", "close", "chevron", "tooltip",
    "tooltip text", "create your monthly alerts", "sign up", "in", "explore the indices",
    "see all event reports for this country", "state party state party", "signatory signatory",
    "no action no action", "united nations human right treaties",
    "united nations human rights treaties", "international labour organisation treaties",
    "international labour organization treaties", "monthly event reports", "event reports",
    "country profile", "read more", "arrow",
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
    r"[+-−]\d{1,2}",  # a map hexagon's count of positive or negative events
    r"(.{1,80}) arrow \1",  # a map hexagon: "Chad Arrow Chad"
    r"lorem ipsum .*",  # the site's placeholder card
]
RESIDUE_LINE = re.compile("|".join(f"(?:{p})" for p in RESIDUE))
STORED = re.compile(r"^(url|partial): ?(.*)$", re.I)  # the scraper's lines above the page
URL = re.compile(r"https?://\S+$")
SOURCES = re.compile(r"sources?: ?(.*)$", re.I)
UPDATE = re.compile(r"update ?: ?(.+)$", re.I)
FLAG = re.compile(r"^([a-z]+) flag$")  # "watch flag", "election flag" (on a key)
FLAGS = ("watch", "election")
NOT_A_TITLE = re.compile(r"(?:sources?|update) ?:", re.I)
_MONTH_NAME = "|".join(MONTHS)
# "July 2023 | Mirziyoyev re-elected": the older list's event line
MONTH_TITLE = re.compile(rf"^((?:{_MONTH_NAME}) \d{{4}}) ?[|–—] ?(.+)$", re.I)
# "Critical Events in October 2024": the month of a listing of several countries' events
EVENTS_IN = re.compile(rf"^[\w ,&-]{{0,40}}events in ((?:{_MONTH_NAME}) \d{{4}})$", re.I)
# "Europe • Serbia": the country of the events below, on a listing of several countries
MARKER = re.compile(r"^(.{2,60}?) ?[•·] ?(.{2,80})$")
# The tracker's regions, as its menu and its listings print them
REGIONS = {"africa", "americas", "asia and the pacific", "europe", "western asia",
           "middle east", "latin america and the caribbean", "north america"}
FOOTER_TEXT = 200  # an event's text runs longer than any line of a site's footer
RANKING_HEAD = re.compile(r"^global ranking per category of democratic performance in (\d{4})$",
                          re.I)
RANK = re.compile(r"^(\d+) ?/ ?(\d+)$")
STATUS = {"state party": "state-party", "signatory": "signatory", "no action": "no-action"}
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


def import_idea(lines: list[Line], indices: dict, treaties, problems: Problems,
                source_name: str, country: str | None = None, *,
                fallback_country: str | None = None) -> list:
    """Records read from a Democracy Tracker page: country, events and a GSoD report."""
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
    printed: str | None = None  # the country a listing prints before its events
    closed: dict | None = None  # the event a Sources line just closed
    tail: tuple[Line, str, dict | None] | None = None  # the last line placed: its kind, event
    i = 0
    while i < len(content):
        line = content[i]
        text = line.text
        low = key(text)
        nxt = content[i + 1].text if i + 1 < len(content) else ""
        i += 1
        if m := STORED.match(text):
            if m.group(1).lower() == "url" and URL.match(m.group(2)):
                page.address = page.address or m.group(2)
                continue
            if m.group(1).lower() == "partial" and key(m.group(2)) in ("yes", "no"):
                page.partial = key(m.group(2)) == "yes"
                continue
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
            page.link = page.link or text
            continue
        if state not in ("basic", "treaties"):
            if m := EVENTS_IN.match(text):
                state, month, event, printed = "events", month_heading(m.group(1)), None, None
                continue
            if (m := MONTH_TITLE.match(text)) and month_heading(norm(m.group(1))):
                state, month = "events", month_heading(norm(m.group(1)))
                event = _new_event(page, line, month, norm(m.group(2)), printed)
                continue
            if m := month_heading(text):
                state, month, event = "events", m, None
                continue
        if state in ("head", "events") and _residue(low):
            continue
        if state == "head":
            role = head.get(line.number)
            if role == "country":
                page.country = (line.number, text)
            elif role == "profile":
                page.profile.append((line.number, text))
                tail = (line, "text", None)
            elif role not in ("flag", "menu"):  # the site's menu names no fact of the page
                problems.unrecognised(line)
            continue
        if state == "events":
            if low == "flag":  # a flag icon, then the name of the country whose events follow
                if _name_like(nxt):
                    printed, event = nxt, None
                    i += 1
                continue
            if (event is None or event["body"]) and is_country_name(text):
                printed, event = text, None
                continue
            if (m := MARKER.match(text)) and (is_country_name(m.group(2)) or
                                              key(m.group(1)) in REGIONS):
                printed, event = m.group(2), None
                continue
            if month is None:
                problems.unrecognised(line)
                continue
            if (m := FLAG.match(low)) and event is not None and not event["body"]:
                if m.group(1) in FLAGS:
                    event["flags"].append(m.group(1))
                    event["flag_lines"][m.group(1)] = line.number
                else:
                    problems.add(line.number, f"not recognised: flag '{shorten(text)}'")
                continue
            if (cid := lookup(cats, text)) is not None:  # a card's category tag
                tagged = event or closed
                if tagged is not None and tagged["body"] and cid not in tagged["categories"]:
                    tagged["categories"].append(cid)
                continue
            closed = None
            if event is None and (text.startswith("*") or NOT_A_TITLE.match(text)):
                problems.unrecognised(line)  # a footnote, or sources of no event
                continue
            if event is None or (event["body"] and _title_like(text) and
                                 not SOURCES.match(nxt)):
                title = text if _title_like(text) else None
                event = _new_event(page, line, month, title, printed)
                if title is None:
                    event["body"].append(text)
                    tail = (line, "text", event)
                continue
            if m := SOURCES.match(text):
                event["sources"] = [norm(s) for s in m.group(1).split(",") if norm(s)]
                page.has_sources = True
                tail = (line, "sources", event)
                event, closed = None, event  # its category tags may follow
                continue
            if m := UPDATE.match(text):
                event["updates"].append([m.group(1)])  # its paragraphs, joined once at the end
            elif event["updates"]:
                event["updates"][-1].append(text)
            else:
                event["body"].append(text)
            tail = (line, "text", event)
            continue
        if state == "ranks":
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
    if _drop_unsourced_tail(page, content, problems) and tail is not None \
            and tail[2] is not None and tail[2] not in page.events:
        tail = None  # the page ends with the footer, not cut off
    _where_it_stops(page, content, tail, problems)

    # --- Build outputs -----------------------------------------------------------------------
    return build_records(page, indices, problems, country, fallback_country)


def _new_event(page: Page, line: Line, month: str, title: str | None,
               printed: str | None) -> dict:
    event = {"month": month, "title": title, "body": [], "updates": [], "sources": [],
             "flags": [], "flag_lines": {}, "categories": [], "country": printed}
    page.events.append(event)
    page.event_lines.append(line.number)
    return event


def _where_it_stops(page: Page, content: list[Line], tail, problems: Problems) -> None:
    """A page cut off mid-way: what it holds is kept, and the line where it stops is said."""
    if not content:
        return
    last = content[-1]
    if tail is not None and tail[0] is last and tail[1] == "text" and \
            not ends_cleanly(last.text):
        problems.add(last.number, f"the text stops mid-sentence (page cut off?): …"
                     f"{last.text[-50:]}")
        page.cut_event = tail[2]
    elif tail is not None and tail[0] is last and tail[1] == "sources" and tail[2]["sources"] \
            and (page.partial or tail[2]["sources"][-1].count("(") >
                 tail[2]["sources"][-1].count(")")):
        cut = tail[2]["sources"].pop()
        problems.add(last.number, f"the sources stop mid-name (page cut off?): {shorten(cut)}")
    elif page.partial:
        problems.add(last.number, "the page stops here (stored as partial): what follows is"
                     " not in it")


def _drop_unsourced_tail(page: Page, content: list[Line], problems: Problems) -> bool:
    """A page whose events each close with a Sources line: the "events" after the last such
    one, with no sources and no paragraph of text (each line under FOOTER_TEXT characters), are
    the site's footer, its links and sign-up lines read as titles and texts. They are dropped and
    their lines reported; whether any were. A page stored as partial keeps them."""
    if not page.has_sources or page.partial:
        return False
    keep = len(page.events)
    while keep and not page.events[keep - 1]["sources"]:
        keep -= 1
    rest = page.events[keep:]
    if not keep or not rest or any(len(text) >= FOOTER_TEXT for e in rest
                                   for text in [*e["body"], *sum(e["updates"], [])]):
        return False
    first = page.event_lines[keep]
    for line in content:
        low = key(line.text)
        if line.number < first or low in CHROME or _residue(low):
            continue
        if low in SECTION_HEADS or RANKING_HEAD.match(line.text):
            break
        problems.add(line.number, "not placed (after the page's last event with sources, and"
                     f" without any of its own: the site's footer?): {shorten(line.text)}")
    page.events, page.event_lines = page.events[:keep], page.event_lines[:keep]
    return True


def _head_roles(content: list[Line]) -> dict[int, str]:
    """Lines before the first section: the site's menu, the flag, the country name,
    and the profile's narrative after the name.

    The country is the line after the flag icon's name; without a flag, a line that is a
    country's name. Short lines before it are the menu, prose after it the profile.
    """
    roles: dict[int, str] = {}
    country_seen = after_flag = False
    for line in content:
        text, low = line.text, key(line.text)
        if month_heading(text) or low in SECTION_HEADS or RANKING_HEAD.match(text) or \
                MONTH_TITLE.match(text) or EVENTS_IN.match(text) or MARKER.match(text):
            break
        if low in CHROME or URL.match(text) or STORED.match(text) or _residue(low):
            continue
        if low == "flag" and not country_seen:
            roles[line.number], after_flag = "flag", True
        elif not country_seen and (after_flag or is_country_name(text)):
            roles[line.number], country_seen = "country", True
        elif country_seen and not _title_like(text):
            roles[line.number] = "profile"
        elif not country_seen and _title_like(text) and len(text.split()) <= 6:
            roles[line.number] = "menu"
    return roles


def _title_like(text: str) -> bool:
    """An event title: short and without closing punctuation."""
    return bool(text) and text[-1] not in ".!?:;”\"" and len(text.split()) <= 20 and \
        not NOT_A_TITLE.match(text) and FLAG.match(key(text)) is None


def _name_like(text: str) -> bool:
    """A line that can be a country's name: short, no sentence, no month."""
    return _title_like(text) and len(text.split()) <= 6 and month_heading(text) is None


def _residue(low: str) -> bool:
    return RESIDUE_LINE.fullmatch(low) is not None
