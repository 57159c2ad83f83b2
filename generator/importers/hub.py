"""Freedom House country hubs (freedomhouse.org/country/<name>): the scores of every index the
hub shows, read by kind of line, not by position.

A hub shows one country's latest scores on several indices, in any of these places:
- the glance box: "Freedom at a Glance", then per index a label (Global Freedom, Internet
  Freedom, Nations in Transit), a value out of 100 and a status;
- a score block per index, in lines or pipe tables: a status, the big number, then its parts
  ("PR Political Rights 28 40", "A Obstacles to Access 22 25", "Democracy Percentage 46.43
  100", "Democracy Score 3.79 7"), last year's value and status, an overview or executive
  summary; the parts say which index a block is;
- the old layout's prose cards: "<Country> is rated <status> in Freedom in the World <year>",
  "… receives a Democracy Percentage of <n> out of 100 in the Nations in Transit <year> report".

Editions are never guessed. A block's edition is the year of a line that names its index
("Freedom in the World 2025 Policy Recommendations") in or just before the block; a card's is
the year in its sentence. The glance box prints none, and neither does "Previous Reports: 2021 |
… | 2025" (links to reports; checked against the edition, never taken for it). The `edition`
hint is not used: one hint cannot name the editions of several indices.

What comes out (hub_build.py):
- a score with a printed edition: a Report of that index and edition, as the index's own
  importer files it (FIW: status, total, Political Rights and Civil Liberties as group totals,
  last year; FOTN: status, total, A-C as category ratings, last year; NIT: status, Democracy
  Percentage and Score, last year), its block's overview as the summary; a glance value that
  agrees with it is placed there too, and its data_note says so;
- a score without one: no file, but one problem line per place the page shows it, in a fixed
  form that names every value (`--json` prints the records, these lines go with their line
  numbers to standard error, for an editor to file by hand):
      no edition printed, not filed: Nations in Transit, glance box: country=armenia index=nit
      status=transitional-or-hybrid-regime percentage=35
  (where: "glance box", "score block" or "card"; keys: aggregate, percentage, status,
  political-rights, civil-liberties, the FOTN category ids, previous.aggregate,
  previous.percentage, previous.status);
- disagreements (a glance value against its block, a total against its parts, a status against
  its value's band) are reported, and what the page prints is kept;
- an index in the glance box with no block or card: "no score block for: nit (…)", and a page
  that stops mid-sentence says where.
The country comes from "Flag of X", a card's sentence, the block titles, "X_hero"; else the
`fallback_country` (URL line, file name), else OPEN_COUNTRY; an explicit `country` wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import Line, Problems, band_names, category_names, key, lookup, norm

INDEX_TITLES = {"freedom in the world": "fiw", "freedom on the net": "fotn",
                "nations in transit": "nit"}
GLANCE_LABELS = {"global freedom": "fiw", "global freedom score": "fiw", "internet freedom": "fotn",
                 "internet freedom score": "fotn", "nations in transit": "nit",
                 "democracy percentage": "nit"}
TITLES = "freedom in the world|freedom on the net|nations in transit"
NUM = r"(-?\d+(?:\.\d+)?)"
OUT_OF_100 = re.compile(rf"^{NUM} ?(?:/ ?)?100$")
BARE = re.compile(rf"^{NUM}$")
FIW_PART = re.compile(rf"^(?:pr |cl )?(political rights|civil liberties):? {NUM} ?(?:/ ?)?(\d+)$")
NIT_PART = re.compile(rf"^(?:democracy-(?:percentage|score) )?democracy (percentage|score):?"
                      rf" {NUM} ?(?:/ ?)?(100|7)(?:\.00)?$")
PART = re.compile(rf"^(.+?):? {NUM} ?(?:/ ?)?(\d+)$")
LAST_YEAR_HEAD = re.compile(r"^last year's (?:[a-z ]+ )?(?:score|percentage) (?:&|and) status$")
LAST_YEAR = re.compile(rf"^{NUM} ?(?:/ ?)?(100|7) (.+)$")
EDITION = re.compile(rf"^({TITLES}) (\d{{4}})(?: (?:policy recommendations|country report|report"
                     r"|scores?|data))?$")
PREVIOUS_REPORTS = re.compile(r"^previous reports:?((?: ?\|? ?\d{4})+)$")
CARD_HEAD = re.compile(rf"^({TITLES}) [-:] (.+?) country report$", re.I)
CARD_RATED = re.compile(rf"^(.{{1,80}}?) is rated (.{{1,40}}?) in ({TITLES})(?: (\d{{4}}))?\b",
                        re.I)
CARD_NIT = re.compile(rf"^categori[sz]ed as an? (.{{1,60}}?), (.{{1,80}}?) receives a democracy"
                      rf" (percentage"
                      rf"|score) of {NUM} out of (100|7) in (?:the )?nations in transit"
                      r"(?: (\d{4}))?(?: report)?\.?$", re.I)
FLAG = re.compile(r"^flag of (.+)$", re.I)
HERO = re.compile(r"^([^_]+)_hero(?:_[^\W_]+)*$", re.I)
NAME = re.compile(r"^[^\W\d_][\w'’.-]*(?: [\w'’.-]+){0,4}$")
SCRAPER = re.compile(r"^(?:url: (\S+)|partial: (yes|no))$", re.I)
CHROME = re.compile(
    r"^(?:research & recommend\w*|click on a scorecard\b.*|.*\bsee the (?:research )?methodology"
    r"\b.*|.*\b(?:editorial|image) credit\b.*|global freedom statuses are calculated .*"
    r"|related territories\b.*)$")
TERRITORIES = re.compile(r"^related territories\b")


@dataclass
class Reading:
    """One index's scores as one place of the page shows them, as printed."""

    index: str
    where: str  # "glance box" | "score block" | "card"
    line: int
    edition: int | None = None
    edition_line: int | None = None
    status: str | None = None
    big: float | None = None  # the block's or glance's big number (NIT: rounded percentage)
    aggregate: float | None = None
    percentage: float | None = None
    parts: dict[str, float] = field(default_factory=dict)
    previous: dict[str, float | str] = field(default_factory=dict)
    summary: list[Line] = field(default_factory=list)
    reports: list[int] = field(default_factory=list)  # "Previous Reports" years
    lines: list[int] = field(default_factory=list)


@dataclass
class Hub:
    names: list[tuple[int, str, int]] = field(default_factory=list)  # line, name, priority
    glance: list[Reading] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)  # blocks and cards, in page order
    partial: bool = False
    url: str | None = None  # the page's address, from the scraper's `URL:` line
    last: Line | None = None  # the page's last line
    prose: Line | None = None  # its last line of text (a summary, or reported)


def import_hub(lines: list[Line], indices: dict, problems: Problems, source_name: str,
               country: str | None = None, edition: int | None = None, *,
               fallback_country: str | None = None) -> list:
    """Records read from a country hub: [(path, kind, Report)], one per score with an edition;
    every score without one is a problem line (see the module docstring)."""
    from .hub_build import build_hub

    wanted = [i for i in ("fiw", "fotn", "nit") if i in indices]
    if len(wanted) < 3:
        problems.add(0, "index definitions missing: "
                     + ", ".join(i for i in ("fiw", "fotn", "nit") if i not in wanted)
                     + "; their scores are not read")
    hub = read_hub([ln for ln in lines if ln.text], {i: indices[i] for i in wanted}, problems)
    return build_hub(hub, {i: indices[i] for i in wanted}, problems, country, fallback_country)


def read_hub(content: list[Line], indices: dict, problems: Problems) -> Hub:
    """Every line read into the hub's readings, or reported."""
    bands = {i: band_names(ix) for i, ix in indices.items()}
    cats = category_names(indices["fotn"]) if "fotn" in indices else {}
    hub = Hub()
    state = "page"
    glance: Reading | None = None
    block: Reading | None = None
    header: Reading | None = None  # a status and big number waiting for the parts
    pending_edition: dict[str, tuple[int, int]] = {}
    last_year = False
    for pos, line in enumerate(content):
        text = line.text.strip()
        if text.startswith("|"):
            if not text.strip("|-: "):
                continue  # a table's rule
            text = norm(text.replace("|", " "))
        low = key(text)
        if pos < 3 and (m := SCRAPER.match(text)):
            hub.url = hub.url or m.group(1)
            hub.partial = hub.partial or m.group(2) == "yes"
            continue
        hub.last = line
        if len(text) > 400 and not CHROME.match(low):  # no label, score or card is this long
            _prose(hub, line, text, block if state == "summary" else None, problems)
            continue
        if m := FLAG.match(text):
            hub.names.append((line.number, norm(m.group(1)), 0))
            continue
        if m := HERO.match(text):
            hub.names.append((line.number, norm(m.group(1)), 3))
            continue
        if low == "freedom at a glance":
            state = "glance"
            continue
        if state == "glance":
            if low in GLANCE_LABELS and GLANCE_LABELS[low] in indices:
                glance = Reading(GLANCE_LABELS[low], "glance box", line.number)
                hub.glance.append(glance)
                glance.lines.append(line.number)
                continue
            if glance is not None and glance.big is None and \
                    (m := OUT_OF_100.match(low) or BARE.match(low)):
                glance.big = float(m.group(1))
                continue
            if glance is not None and glance.status is None and \
                    lookup(bands[glance.index], low):
                glance.status = lookup(bands[glance.index], low)
                continue
            state = "page"
        if state == "territories" and not CHROME.match(low):
            if len(text.split()) < 8:  # a territory's card: its name, score or status
                problems.add(line.number, "not imported (a related territory's score; import"
                             f" its own report page): {_short(text)}")
                continue
            state = "page"  # prose: the country's own text again
        if header is not None and header.big is None and (m := OUT_OF_100.match(low) or
                                                          BARE.match(low)):
            header.big = float(m.group(1))
            header.lines.append(line.number)
            continue
        if header is not None and header.big is not None and low == "100":
            continue
        part = _part(low, indices, cats)
        if part is not None:
            index, name, value, scale = part
            if block is None or block.index != index or state != "parts" or \
                    (header is not None and header.index in ("", index)):
                block = Reading(index, "score block", line.number)
                if header is not None:
                    _take_header(block, header, bands, problems)
                if index in pending_edition:
                    block.edition, block.edition_line = pending_edition.pop(index)
                hub.readings.append(block)
            header = None
            _add_part(block, name, value, scale, line, indices, problems)
            state = "parts"
            continue
        if header is not None:
            for number in header.lines:
                problems.add(number, "not placed: a status or score with no index parts after"
                             " it (which index it is cannot be told)")
            header = None
        if lookup(bands.get("nit", {}), low) or lookup(bands.get("fiw", {}), low):
            header = Reading("", "score block", line.number, status=low, lines=[line.number])
            state = "page"
            continue
        if LAST_YEAR_HEAD.match(low):
            last_year = True
            continue
        if last_year and block is not None and (m := LAST_YEAR.match(low)):
            _take_previous(block, float(m.group(1)), m.group(2), m.group(3), bands, line,
                           problems)
            last_year = False
            continue
        last_year = False
        if m := EDITION.match(low):
            index, year = INDEX_TITLES[m.group(1)], int(m.group(2))
            if block is not None and block.index == index:
                _set_edition(block, year, line, problems)
            else:
                pending_edition[index] = (year, line.number)
            state = "page"
            continue
        if m := PREVIOUS_REPORTS.match(low):
            if block is not None:
                block.reports = [int(y) for y in re.findall(r"\d{4}", m.group(1))]
            state = "page"
            continue
        if m := CARD_HEAD.match(_plain(text)):
            hub.names.append((line.number, norm(m.group(2)), 1))
            state = "page"
            continue
        if card := _card(text, line, bands, hub, indices):
            hub.readings.append(card)
            block = card
            state = "page"
            continue
        if low in ("overview", "executive summary"):
            state = "summary" if block is not None else "page"
            continue
        if CHROME.match(low):
            state = "territories" if TERRITORIES.match(low) else state
            continue
        if NAME.match(text) and not text.endswith(".") and len(text) <= 60:
            hub.names.append((line.number, text, 2))
            state = "page"
            continue
        _prose(hub, line, text, block if state == "summary" else None, problems)
    if header is not None:
        for number in header.lines:
            problems.add(number, "not placed: a status or score with no index parts after it")
    for index, (year, number) in pending_edition.items():
        problems.add(number, f"not placed: {index} {year} is named but no {index} scores follow")
    return hub


def _prose(hub: Hub, line: Line, text: str, block: Reading | None, problems: Problems) -> None:
    """A line of text: the summary of the block it follows, else reported."""
    hub.prose = line
    if block is not None:
        block.summary.append(line)
    else:
        problems.add(line.number, f"not placed (the hub's text, outside a score block):"
                     f" {_short(text)}")


def _part(low: str, indices: dict, cats: dict) -> tuple[str, str, float, int] | None:
    """(index, part name, value, printed scale) of a block's part line, or None."""
    if "fiw" in indices and (m := FIW_PART.match(low)):
        return "fiw", m.group(1).replace(" ", "-"), float(m.group(2)), int(m.group(3))
    if "nit" in indices and (m := NIT_PART.match(low)):
        return "nit", m.group(1), float(m.group(2)), int(m.group(3))
    if cats and (m := PART.match(low)) and (cid := lookup(cats, m.group(1))):
        return "fotn", cid, float(m.group(2)), int(m.group(3))
    return None


def _take_header(block: Reading, header: Reading, bands: dict, problems: Problems) -> None:
    """The status and big number printed above a block's parts."""
    block.line = header.line
    status = lookup(bands[block.index], header.status or "")
    if status is None:
        problems.add(header.line, f"not placed: status '{header.status}' is not one of the"
                     f" {block.index} statuses")
    block.status = status
    block.big = header.big
    if block.index != "nit":
        block.aggregate = header.big


def _add_part(block: Reading, name: str, value: float, scale: int, line: Line, indices: dict,
              problems: Problems) -> None:
    from .hub_build import part_scale

    expected = part_scale(indices[block.index], name)
    if expected is not None and scale != expected:
        problems.add(line.number, f"not placed: {name} {value:g} out of {scale}, expected out of"
                     f" {expected}")
        return
    if block.index == "nit":
        setattr(block, "percentage" if name == "percentage" else "aggregate", value)
    else:
        block.parts[name] = value
    block.lines.append(line.number)


def _take_previous(block: Reading, value: float, scale: str, status_text: str, bands: dict,
                   line: Line, problems: Problems) -> None:
    status = lookup(bands[block.index], status_text)
    if status is None:
        problems.add(line.number, f"not placed: last year's status '{status_text}'")
    else:
        block.previous["status"] = status
    name = "percentage" if block.index == "nit" and scale == "100" else "aggregate"
    block.previous[name] = value


def _set_edition(block: Reading, year: int, line: Line, problems: Problems) -> None:
    if block.edition is not None and block.edition != year:
        problems.add(line.number, f"edition {year} named, but the block's is {block.edition}")
        return
    block.edition, block.edition_line = year, line.number


def _card(text: str, line: Line, bands: dict, hub: Hub, indices: dict) -> Reading | None:
    """An old-layout card's sentence, as a reading (its subject is a name of the country)."""
    plain = _plain(text)
    if (m := CARD_NIT.match(plain)) and "nit" in indices:
        card = Reading("nit", "card", line.number, lines=[line.number])
        card.status = lookup(bands["nit"], m.group(1))
        value = float(m.group(4))
        if m.group(3).lower() == "percentage" and m.group(5) == "100":
            card.percentage = value
        elif m.group(3).lower() == "score" and m.group(5) == "7":
            card.aggregate = value
        else:
            return None
        subject = m.group(2)
        card.edition = int(m.group(6)) if m.group(6) else None
    elif (m := CARD_RATED.match(plain)) and INDEX_TITLES[m.group(3).lower()] in indices:
        index = INDEX_TITLES[m.group(3).lower()]
        card = Reading(index, "card", line.number, lines=[line.number])
        card.status = lookup(bands[index], m.group(2))
        if card.status is None:
            return None
        subject = m.group(1)
        card.edition = int(m.group(4)) if m.group(4) else None
    else:
        return None
    card.edition_line = line.number if card.edition else None
    hub.names.append((line.number, norm(subject), 1))
    return card


def _plain(text: str) -> str:
    """Dashes and quotes plain, case kept (the regular expressions that keep a name)."""
    return norm(text.replace("’", "'").replace("—", "-").replace("–", "-"))


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:79].rstrip() + "…"


HUB_URL = re.compile(r"^url: \S*freedomhouse\.org/(?:[a-z]{2}/)?country/[a-z-]+/?(?:[?#]\S*)?$",
                     re.M)
GLANCE = re.compile(r"^freedom at a glance$", re.M)
# (index, pattern): a score block or card of the index; a page with two indices' is a hub
EVIDENCE = [(index, re.compile(pattern, re.M)) for index, pattern in [
    ("fiw", r"^\|? ?(?:pr )?political rights \|? ?\d+ \|? ?(?:/ ?)?40 ?\|?$"),
    ("fiw", r"^.{1,60} is rated (?:free|partly free|not free) in freedom in the world\b"),
    ("fotn", r"^\|? ?(?:a )?obstacles to access \|? ?\d+ \|? ?(?:/ ?)?25 ?\|?$"),
    ("fotn", r"^.{1,60} is rated (?:free|partly free|not free) in freedom on the net\b"),
    ("nit", r"^\|? ?(?:democracy-percentage )?democracy percentage:? \|? ?\d+(?:\.\d+)? \|?"
            r" ?(?:/ ?)?100 ?\|?$"),
    ("nit", r"receives a democracy percentage of \d+(?:\.\d+)? out of 100"),
    *[(i, rf"^{t} [-—–:] .{{1,60}} country report$") for t, i in INDEX_TITLES.items()]]]


def is_hub(sample: str) -> bool:
    """Is this page (its lines, case folded) a country hub: a glance box, a hub's address, or
    the score blocks or cards of two indices or more?"""
    if GLANCE.search(sample) or HUB_URL.search(sample):
        return True
    return len({index for index, pattern in EVIDENCE if pattern.search(sample)}) >= 2
