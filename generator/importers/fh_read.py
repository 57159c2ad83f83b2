"""Reading the lines of a Freedom in the World or Freedom on the Net country page into a Page.

The layouts read (fh_other builds the Report from the Page):
- the current site: "Partly Free", "PR Political Rights 24 40" or "A Obstacles to Access 19 25",
  the total on two lines ("62" / "100") or not at all, "Last Year's Score & Status", notes,
  "Key Developments in 2019" or "Key Developments, June 1, 2024 – May 31, 2025";
- copies (ecoi, mirrors, proxies): upper-case statuses, "58" / "/ 100", "Political Rights 22 /
  40", rows without their letter, pipe tables ("| A Obstacles to Access | 12 25 |"), the score
  block under a bullet ("• NOT FREE"), a title with the country ("Freedom in the World 2023 -
  Georgia", "<Country>: Freedom on the Net <year> Country Report | Freedom House");
- the indicator level ("D1 0-4 pts", the question, "0 4" on its line or the question's end);
- the legacy site (2017): "Freedom Status:" with the status on the next line, and labels that
  may print no value ("Aggregate Score:"), each reported as missing, never read as 0.
Boxes of other scores ("On Georgia" … "Global Freedom Score 37 100") show the latest score when
viewed, not this edition's: they are reported, not filed. Every line is placed, recognised as
chrome (scraper headers, PHP warnings, image captions, scale legends) or reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .fh_legacy import LABEL, archive_line, read_label
from .text import (
    Line,
    Problems,
    band_names,
    bullet_text,
    category_names,
    ends_cleanly,
    is_bullet,
    key,
    lookup,
    norm,
    strip_header_tag,
)

CHROME = re.compile("|".join([
    r"global freedom statuses are calculated .*",
    r"scores are based on a scale of 0 \(least free\) to 100 \(most free\).*",
    r"(?:.*\. )?see the (?:research )?methodology(?: and report acknowledgements)?\.?",
    r"freedom (?:in the world|on the net)(?: scores)?", r"image graph showing .*",
    r"quick facts", r"report navigation", r"country reports", r"see more", r"flag of .{1,60}",
    r"see all data, scores (?:&|and) information on this country or territory\.?",
    r"\(0 ?= ?least free, 100 ?= ?most free\)", r"\(1 ?= ?most free, 7 ?= ?least free\)",
    r"other freedom house .{1,80} content can be found on the .{1,80} portal page\.?",
    r".{1,80}[ _]hero(?:[ _]map)?",  # an image's name left by the scraper
    r"(?:php )?(?:warning|notice|deprecated|fatal error|parse error): .* on line \d+",
]))
URL_LINE = re.compile(r"^url: (\S+)$", re.I)
PARTIAL_LINE = re.compile(r"^partial: (yes|no)$", re.I)
SITE_SUFFIX = re.compile(r"\s*\|\s*freedom house$", re.I)
DEVELOPMENTS = re.compile(r"key developments(?: in (\d{4})|[,:]? (.+?))\s*:?", re.I)
ROW = re.compile(r"^(.+?):? (-?\d+) ?(?:/ ?)?(\d+)$")
NUMBER = re.compile(r"-?\d{1,3}")
OUT_OF_100 = re.compile(r"/? ?100")
BOX_VALUE = re.compile(r"^(-?\d+(?:\.\d+)?) ?(?:/ ?)?(\d+)(?: (.+))?$")
VALUE_STATUS = re.compile(r"^(-?\d+) ?(?:/ ?)?100(?: (.+))?$")
INDICATOR = re.compile(r"^([a-g])(\d{1,2}) 0 ?- ?(\d) ?pts$", re.I)
TERRITORY = re.compile(r"^(?:\* ?)?indicates a territory\b.*", re.I)
PENDING = re.compile(r"^the full (?:freedom in the world|freedom on the net) (\d{4}) narrative"
                     r" report for (.+?) will be posted\b.*", re.I)
EDITOR_NOTE = re.compile(r"^editor[’']?s note:\s*(.+)$", re.I)
PROSE_WORDS = 8  # an unheaded line this long, outside the score block, is the summary's text
FOOTER_WORDS = 20  # a line of a site's footer is shorter; a paragraph of narrative seldom is


@dataclass(frozen=True)
class Spec:
    index: str
    title: str  # the index's name, lower case
    headline: str  # the total's label, lower case
    url_part: str  # the index's part of the publisher's addresses


FIW = Spec("fiw", "freedom in the world", "global freedom score", "freedom-world")
FOTN = Spec("fotn", "freedom on the net", "internet freedom score", "freedom-net")
HEADLINES = ("global freedom score", "internet freedom score")


@dataclass
class Page:
    """What the lines of one page say, with the line each fact came from where it matters."""

    edition: int | None = None  # printed in a title or sentence
    url: str | None = None
    partial: bool = False
    country: tuple[int, str] | None = None
    status: str | None = None
    aggregate: int | None = None
    totals: dict[str, int] = field(default_factory=dict)  # group id -> total
    group_ratings: dict[str, float] = field(default_factory=dict)  # legacy "Political Rights: 7"
    previous: tuple[int, str | None] | None = None
    covers: str | None = None
    developments_year: int | None = None
    summary: list[str] = field(default_factory=list)
    note: list[str] = field(default_factory=list)
    ratings: dict[str, int] = field(default_factory=dict)
    indicators: dict[str, dict[str, int]] = field(default_factory=dict)  # category -> id -> pts
    narratives: dict[str, list[str]] = field(default_factory=dict)
    freedom_rating: tuple[int, float] | None = None  # legacy: the two ratings' mean
    inverse: bool = False  # the page says 0 is the most free (FOTN up to 2018)
    ranges: bool = False  # scores printed as "(0-25): 12", FOTN's layout up to 2018
    territory: bool = False
    pending: bool = False  # the page says its narrative is not posted yet
    first_line: int = 0
    stops: Line | None = None  # the last line, when the page is cut off


class Reader:
    """One pass over a page's lines; `page` holds what they say."""

    def __init__(self, spec: Spec, index, problems: Problems) -> None:
        self.spec, self.index, self.problems = spec, index, problems
        self.cats = category_names(index)
        self.bands = band_names(index)
        self.groups: dict[str, str] = {}
        self.maxima: dict[str, int] = {}
        for group in index.groups:
            for name in (group.name, f"{group.short_name} {group.name}"):
                self.groups[key(name)] = group.id
            self.maxima[group.id] = int(group.scale.max) if group.scale else 0
        for cat in index.categories:
            self.maxima[cat.id] = int(cat.scale.max) if cat.scale else 0
        self.letters = {c.short_name.lower(): c for c in index.categories if c.short_name}
        self.page = Page()
        self.state = "head"  # head | summary | note | category | box
        self.current: str | None = None
        self.scored = False  # a score of the page's own has been read
        self.last_year = False
        self.last_narrative: Line | None = None
        self.short_tail: list[tuple[Line, list[str]]] = []  # the last run of short prose lines

    def read(self, lines: list[Line]) -> Page:
        content = [ln for ln in lines if ln.text]
        self.page.first_line = content[0].number if content else 0
        i = 0
        while i < len(content):
            before = self.last_narrative
            i += self._line(content, i)
            if self.last_narrative is before:  # a line of another kind ends a run of prose
                self.short_tail = []
        self._drop_footer()
        last = content[-1] if content else None
        if last is not None and (self.page.partial or (
                last is self.last_narrative and not ends_cleanly(last.text))):
            self.page.stops = last
        return self.page

    # --- one line ------------------------------------------------------------------------------

    def _line(self, content: list[Line], i: int) -> int:
        """Read content[i] (and the lines it takes with it); the number of lines read."""
        line = content[i]
        text = strip_header_tag(line.text)
        body = bullet_text(line) if is_bullet(line) else text
        low = key(body)
        after = strip_header_tag(content[i + 1].text) if i + 1 < len(content) else ""
        page = self.page
        if m := URL_LINE.match(text):
            page.url = m.group(1)
            return 1
        if m := PARTIAL_LINE.match(text):
            page.partial = m.group(1).lower() == "yes"
            return 1
        if self._title(line, text):
            return 1
        if CHROME.fullmatch(low):
            return 1
        if TERRITORY.match(low):
            page.territory = True
            return 1
        if m := PENDING.match(body):
            page.pending = True
            page.edition = page.edition or int(m.group(1))
            return 1
        if (taken := self._scores(line, body, low, after)) is not None:
            return taken
        if (taken := read_label(self, line, body, after)) is not None:
            return taken
        if archive_line(self, body):
            return 1
        if low in ("political rights", "civil liberties"):
            self.state, self.current = "category", None
            return 1
        if (cid := lookup(self.cats, body)) and self.state != "head":  # a category's section
            self.page.narratives.setdefault(cid, [])
            self.state, self.current = "category", cid
            return 1
        if low in ("overview", "introduction", "executive summary", "executive summary:"):
            self.state = "summary"
            return 1
        if low in ("note", "note:"):
            self.state = "note"
            return 1
        if body.startswith("On ") and key(after).startswith("see all data"):
            self.state = "box"
            return 1
        if m := DEVELOPMENTS.fullmatch(body):
            self._developments(m, body)
            return 1
        if m := INDICATOR.match(body):
            return self._indicator(content, i, m)
        if self._country_line(line, body, after):
            return 1
        if m := EDITOR_NOTE.match(body):
            page.note.append(m.group(1))
            return 1
        return self._prose(line, body)

    def _title(self, line: Line, text: str) -> bool:
        """A title line: its edition and the country it names, if any."""
        site = SITE_SUFFIX.search(text)
        bare = text[:site.start()] if site else text
        m = re.fullmatch(rf"(?:(.+?):\s+)?{self.spec.title}(?:\s+(\d{{4}}))?(?:\s+country"
                         r" report)?(?:\s*[:–—-]\s*(.+))?", bare, re.I)
        if m:
            if m.group(2):
                self.page.edition = int(m.group(2))
            name = m.group(1) or m.group(3)
            if name and self.page.country is None:
                self.page.country = (line.number, norm(name))
            return True
        if site and 0 < len(bare.split()) <= 5 and not re.search(r"\d", bare):
            if self.page.country is None:
                self.page.country = (line.number, norm(bare))
            return True
        return False

    def _scores(self, line: Line, body: str, low: str, after: str) -> int | None:
        """Headline totals, last year's values, status lines, score rows and the box."""
        page, box = self.page, self.state == "box"
        m = re.match(rf"^({'|'.join(HEADLINES)}):? (-?\d+) ?(?:/ ?)?100(?: (.+))?$", low)
        if m is None and low in HEADLINES and VALUE_STATUS.match(after):
            m = re.match(rf"^({'|'.join(HEADLINES)}):? (-?\d+) ?(?:/ ?)?100(?: (.+))?$",
                         f"{low} {key(after)}")
            taken = 2
        else:
            taken = 1
        if m:
            if box or m.group(1) != self.spec.headline:
                self._box(line, m.group(1), int(m.group(2)), m.group(3))
                return taken
            page.aggregate, self.scored = int(m.group(2)), True
            if m.group(3):
                page.status = self.status_of(line, m.group(3))
            return taken
        if re.fullmatch(r"last year'?s score (?:&|and) status", low):
            self.last_year = True
            return 1
        if self.last_year and (m := VALUE_STATUS.match(body)):
            status = lookup(self.bands, m.group(2) or "")
            if m.group(2) and status is None:
                self.problems.add(line.number, f"not recognised: status '{m.group(2)}'")
            page.previous = (int(m.group(1)), status)
            self.last_year = False
            return 1
        if box:  # another index's item of the box: "Democracy Percentage" / "46 100 …"
            if len(body.split()) <= 4 and not re.search(r"\d", body) and \
                    (v := BOX_VALUE.match(after)):
                self.problems.add(line.number, f"not placed: {body} {v.group(1)}/{v.group(2)}"
                                  f"{' ' + v.group(3) if v.group(3) else ''} (the box shows the"
                                  " latest score when viewed, not a known edition)")
                return 2
            return None
        if NUMBER.fullmatch(body) and OUT_OF_100.fullmatch(after) and page.aggregate is None:
            page.aggregate, self.scored = int(body), True
            return 2
        if self.state == "head" and page.status is None and lookup(self.bands, body):
            page.status, self.scored = lookup(self.bands, body), True
            return 1
        flat = " ".join(p.strip() for p in body.split("|") if p.strip()) if "|" in body else body
        if (m := ROW.match(flat)) and (target := self._row_target(m.group(1))):
            self._row(line, target, int(m.group(2)), int(m.group(3)))
            return 1
        return None

    def _row_target(self, name: str) -> tuple[str, str] | None:
        if gid := lookup(self.groups, name):
            return ("group", gid)
        if cid := lookup(self.cats, name):
            return ("category", cid)
        return None

    def _row(self, line: Line, target: tuple[str, str], value: int, out_of: int) -> None:
        kind, ident = target
        if out_of != self.maxima.get(ident):
            self.problems.add(line.number, f"not placed: {line.text} (out of {out_of},"
                              f" expected {self.maxima.get(ident)})")
            return
        self.scored = True
        if kind == "group":
            self.page.totals[ident] = value
        else:
            self.page.ratings[ident] = value
            if self.state != "head":  # a category's section, not the score block at the top
                self.page.narratives.setdefault(ident, [])
                self.state, self.current = "category", ident

    def status_of(self, line: Line, text: str) -> str | None:
        status = lookup(self.bands, text)
        if status is None:
            self.problems.add(line.number, f"not recognised: status '{text}'")
        return status

    def _box(self, line: Line, label: str, value: int, status: str | None) -> None:
        shown = f"{label.title()} {value}/100{' ' + status if status else ''}"
        self.problems.add(line.number, f"not placed: {shown} (the box shows the latest score"
                          " when viewed, not a known edition; file it by hand under the right"
                          " edition)")

    def _developments(self, m: re.Match, body: str) -> None:
        page = self.page
        if m.group(1):
            page.developments_year = int(m.group(1))
            page.covers = m.group(1)
        else:
            years = re.findall(r"\b(\d{4})\b", m.group(2))
            page.covers = norm(m.group(2))
            page.developments_year = int(years[-1]) if years else None
        page.summary.append(body.rstrip(": "))
        self.state = "summary"

    def _indicator(self, content: list[Line], i: int, m: re.Match) -> int:
        """"D1 0-4 pts", the question, its score (at the question's end or on the next line).
        Points are filed where the index defines the indicator; otherwise only the text."""
        line = content[i]
        cat = self.letters.get(m.group(1).lower())
        ident, top = f"{m.group(1)}{m.group(2)}".upper(), m.group(3)
        question = strip_header_tag(content[i + 1].text) if i + 1 < len(content) else ""
        scored = re.compile(rf"^(.*?)\s*(?<![\d.,])(\d) ?(?:/ ?)?{top}$")
        q, taken = scored.match(question), 2
        if q is None or not q.group(1):
            q = scored.match(content[i + 2].text if i + 2 < len(content) else "")
            q, taken = (q, 3) if q and not q.group(1) else (None, 3)
        else:
            question = q.group(1)
        if cat is None or q is None or not question or int(q.group(2)) > int(top):
            self.problems.unrecognised(line)
            return 1
        points = int(q.group(2))
        ids = {ind.short_name.upper(): ind.id for ind in cat.indicators if ind.short_name}
        if ident in ids:
            self.page.indicators.setdefault(cat.id, {})[ids[ident]] = points
        self.page.narratives.setdefault(cat.id, []).append(f"{ident} {question} {points} /{top}")
        self.state, self.current = "category", cat.id
        return taken

    def _country_line(self, line: Line, body: str, after: str) -> bool:
        """A short name above the scores, followed by them (or known to the table of names)."""
        if self.scored or self.state != "head" or len(body.split()) > 5 or \
                re.search(r"\d", body):
            return False
        if self.page.country is not None:  # named again above the scores
            return key(body) == key(self.page.country[1])
        from .country_table import load_table
        flat = " ".join(p.strip() for p in after.split("|") if p.strip())
        follows = lookup(self.bands, after) or NUMBER.fullmatch(after) or (
            (m := ROW.match(flat)) and self._row_target(m.group(1))) or \
            key(after).startswith(self.spec.headline) or LABEL.match(after)
        if not follows and load_table().by_name(body) is None:
            return False
        self.page.country = (line.number, body)
        return True

    def _prose(self, line: Line, body: str) -> int:
        page, state = self.page, self.state
        if state == "head" and len(body.split()) >= PROSE_WORDS:
            self.state = state = "summary"
        if state == "summary":
            target = page.summary
        elif state == "note":
            target = page.note
        elif state == "category" and self.current is not None:
            target = page.narratives[self.current]
        else:
            self.problems.unrecognised(line)
            return 1
        target.append(body)
        self.last_narrative = line
        if len(body.split()) < FOOTER_WORDS:
            self.short_tail.append((line, target))
        else:
            self.short_tail = []
        return 1

    def _drop_footer(self) -> None:
        """Two or more short lines at the end of the page, from one that is no sentence (links,
        then a sign-up line): the site's footer, not the narrative; reported, and the page is not
        cut off for ending with them."""
        start = next((k for k, (ln, _) in enumerate(self.short_tail)
                      if not ends_cleanly(ln.text)), len(self.short_tail))
        tail = self.short_tail[start:]  # from its first line that is no sentence
        if self.page.partial or len(tail) < 2:
            return
        for line, target in reversed(tail):
            target.pop()
            self.problems.add(line.number, "not placed (short lines after the page's last"
                              f" paragraph: the site's footer?): {line.text[:80]}")
        self.last_narrative = None
