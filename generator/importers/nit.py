"""Freedom House Nations in Transit country pages, scraped to text -> one NIT Report.

Reads every layout seen so far: the publisher's pages (2020+ with category sections, 2019 with
bare score lines, pages without a title or country name), republications (ecoi, refworld,
mirrors) and PDF text: status or "Regime Classification", Democracy Percentage and Score, last
year's values, score changes (or "No score changes"), the executive summary, at-a-glance, the
category sections, "Label (1 = best, 7 = worst): value" lines, ratings tables of several
editions (nit_tables), labels printed without values, the author, and the box of other scores.
Pages in the old orientation ("1 = best, 7 = worst") are converted by nit_build.

The box of other Freedom House scores ("Global Freedom Score 23 100 not free") shows whatever
score is current when the page is viewed, and a republication's "Quick Facts" give other
indices' statuses without their edition: neither is filed as a FIW/FOTN report; each is
reported as a problem that names the value ("not placed: …"), for an editor to file by hand.
"""

from __future__ import annotations

import re

from . import nit_tables as tables
from .country_table import load_table
from .nit_build import Page, build_report
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

NUM = r"(\d+(?:\.\d+)?)"
SCALE = r"(?: \([^)]{0,60}\))?"  # "(1 = best, 7 = worst)" after a label
PERCENTAGE = re.compile(rf"^(?:\S+ )?democracy percentage{SCALE}:? {NUM} ?(?:/ ?)?100$", re.I)
SCORE = re.compile(rf"^(?:\S+ )?democracy score{SCALE}:? {NUM}(?: ?(?:/ ?)?7(?:\.00)?)?"
                   r"(?: \(.*\))?$", re.I)
LAST_YEAR_HEAD = re.compile(r"^last year['’]s democracy (?:percentage|score) (?:&|and) status$",
                            re.I)
LAST_YEAR = re.compile(rf"^{NUM} ?(?:/ ?)?(100|7) (.+)$")
SCALE_NOTE = re.compile(r"^(?:note: )?(?:the )?ratings (?:reflect the\b|.{0,40}?\b(?:scale|runs?"
                        r"|ranges?)\b.{0,40}?\b1\b.{0,20}?\b7\b)", re.I)  # the scale note
CHANGES_HEAD = re.compile(r"^score changes in (\d{4}):?$", re.I)
NO_CHANGES = re.compile(r"^no (?:score|rating) changes\.?$", re.I)
TITLE = re.compile(r"^nations in transit (\d{4})(?:\s*[:–—-]\s*(.+))?$", re.I)
TITLE_AFTER = re.compile(r"^([^:|]{2,60}): nations in transit (\d{4})(?: country report)?"
                         r"(?: ?[|(–—-].*)?$", re.I)
SCORES_HEAD = re.compile(r"^(\d{4}) scores$", re.I)
CITE = re.compile(r"^cite as .{0,80}?nations in transit (\d{4}) ?[-–—:] ?([^,]{2,60}),", re.I)
PIPE_RULE = re.compile(r"^[|:\s-]+$")  # the rule under a pipe table's header
CHANGE = re.compile(rf"^(.+?) (?:rating|score) (improved|declined) from {NUM} to {NUM}(.*)$",
                    re.I)
RESULT = re.compile(
    rf"^as a result, (?:the )?(.+?)(?:’s|'s|’|') democracy score (?:(improved|declined) from {NUM}"
    rf" to {NUM}|remained (?:the same|unchanged) at {NUM})\.?$", re.I)
SUMMARY_HEAD = re.compile(r"^executive summary:?$", re.I)
GLANCE_HEAD = re.compile(r"^at[- ]a[- ]glance:?$", re.I)
BYLINE = re.compile(r"^(?:[Bb]y|[Ww]ritten by) "
                    r"([A-Z][\w.’'-]*(?: (?:[A-Z][\w.’'-]*|and|&)){0,6})$")
CATEGORY_HEAD = re.compile(r"^(.+?) 1\.00 ?- ?7\.00 ?pts ?0 ?- ?7 ?pts$", re.I)
RATING_END = re.compile(r"^(.*?) ?(\d\.\d\d)\d? 7\.00\d?$")
SCORE_LINE = re.compile(rf"^([A-Za-z][A-Za-z ,&’'-]+?){SCALE}:? (\d\.\d\d)(?: ?/ ?7(?:\.00)?)?$")
LONE_RATING = re.compile(r"^(\d\.\d\d)(?: ?/ ?7(?:\.00)?)?$")
AUTHOR = re.compile(r"^authors?: ?(.+)$", re.I)
AUTHOR_HEAD = re.compile(r"^authors?:?$", re.I)
OTHER_SCORE = re.compile(r"^(global freedom score|internet freedom score)$", re.I)
OTHER_VALUE = re.compile(r"^(-?\d+) ?(?:/ ?)?100 (free|partly free|not free)$", re.I)
ON_COUNTRY = re.compile(r"on (.{1,60})", re.I)  # "on Kazakhstan", before "See all data…"
REGIME = re.compile(r"^regime classification:? ?(.*)$", re.I)
BIG_NUMBER = re.compile(r"^\d{1,3}$")  # the rounded percentage shown large, "/ 100" below it
# Other facts a republication prints that a NIT report has no place for.
OTHER_FACT = re.compile(r"^((?:freedom in the world|press freedom|freedom of the press|net"
                        r" freedom|freedom on the net) status|nit country rank|score evolution)"
                        r": ?(\S.*)$", re.I)
SCRAPE_URL = re.compile(r"^URL: (\S+)$")
SCRAPE_PARTIAL = re.compile(r"^PARTIAL: (yes|no)$", re.I)
RELATED_HEAD = re.compile(r"^(?:verknüpfte dokumente|related documents|ähnliche dokumente)$",
                          re.I)
CHROME = {"see more", "see the methodology.", "quick facts", "nations in transit score",
          "nations in transit ratings and averaged scores", "/ 100"}
# Page furniture of republications: country statistics, archive headers, PDF residue.
FURNITURE = re.compile(
    r"^(?:(?:capital|population|gni/capita(?:, ppp)?):|source: .*(?:world bank|development"
    r" indicators)|\*?starting with the \d{4} edition\b|last updated: |publisher |publication"
    r" date |cite as |disclaimer|total page: ?\d+$|file type: ?\w+, size: ?)", re.I)
COUNTRY_STATS = re.compile(r"^(.{2,60}?) Capital: \S")  # "Georgia Capital: Tbilisi …"
OLD_ORIENTATION = re.compile(
    r"1 ?= ?(?:the )?(?:best|highest|most democratic)|7 ?= ?(?:the )?(?:worst|lowest|least)"
    r"|with 1 representing the highest", re.I)
NEW_ORIENTATION = re.compile(r"7 ?= ?(?:the )?(?:best|highest|most)|with 7 representing the"
                             r" highest", re.I)
OTHER_FACT_WHY = {"score evolution": "the direction of the Democracy Score since the last edition",
                  "nit country rank": "a report has no place for a rank among the countries"}


def import_nit(lines: list[Line], indices: dict, problems: Problems, source_name: str,
               country: str | None = None, edition: int | None = None, *,
               fallback_country: str | None = None) -> list:
    """Records read from a Nations in Transit page: [(path, kind, Report)] (or none)."""
    index = indices.get("nit")
    if index is None:
        problems.add(0, "the NIT index definition (indices/nit.yml) is missing; nothing imported")
        return []
    content = [part for ln in lines if ln.text
               for part in (Line(ln.number, p) for p in tables.pdf_parts(ln.text))]
    page = Page()
    _Reader(page, index, problems).read(content)
    return build_report(page, index, problems, country, edition, fallback_country, content)


class _Reader:
    """Places every line of a page in `page`, or reports it."""

    def __init__(self, page: Page, index, problems: Problems) -> None:
        self.page, self.problems = page, problems
        self.cats = category_names(index)
        self.rows = tables.row_names(self.cats)
        self.bands = band_names(index)
        self.state = "head"
        self.current: str | None = None  # category id being read
        self.pending_box: str | None = None
        self.pending_label: tuple[int, str] | None = None  # a label whose value may follow
        self.pending_regime: int | None = None
        self.author_head = 0
        self.partial = False
        self.table_years: list[int | str] = []

    def read(self, content: list[Line]) -> None:
        page = self.page
        for pos, line in enumerate(content):
            self.line(line, content[pos + 1].text if pos + 1 < len(content) else "")
        if self.pending_box is not None:
            self.problems.add(content[-1].number, f"not placed: {self.pending_box} (no value"
                              " follows)")
        if self.pending_label is not None:
            page.unrated.append(self.pending_label)
        last = page.last_narrative
        if last is not None and last is content[-1] and not ends_cleanly(last.text):
            self.problems.add(last.number, "the text stops mid-sentence (page cut off?):"
                              f" …{last.text[-50:]}")
        elif self.partial and content:
            self.problems.add(content[-1].number, "the page is marked partial (PARTIAL: yes):"
                              " its text stops after this line, the rest is not imported")

    def line(self, line: Line, following: str) -> None:
        page, problems = self.page, self.problems
        if line.text.startswith("|"):  # a row of a pipe table: its cells as one line
            if PIPE_RULE.match(line.text):
                return
            line = Line(line.number, norm(line.text.strip("|").replace("|", " ")))
        text = strip_header_tag(line.text)
        if OLD_ORIENTATION.search(text):
            page.orientation_stated = "old"
        elif NEW_ORIENTATION.search(text) and page.orientation_stated is None:
            page.orientation_stated = "new"
        body = bullet_text(line) if is_bullet(line) else text
        low = key(text)
        if m := SCRAPE_URL.match(text):
            page.url = page.url or m.group(1)
            return
        if m := SCRAPE_PARTIAL.match(text):
            self.partial = m.group(1).lower() == "yes"
            return
        if self.state == "related" or low in CHROME or low.startswith("see all data"):
            return
        if RELATED_HEAD.match(low):
            self.state = "related"  # links to other documents, to the end of the page
            return
        if self._after_label(line, text) or self._box(line, text, body):
            return
        if self.state == "author-block":
            self.state = "head"
            if self._heading(line, text):
                problems.add(self.author_head, "an author heading with no name under it")
            else:
                page.author = (line.number, norm(text), "")
            return
        if self._heading(line, text) or self._head_values(line, text, body, following):
            return
        if self._changes(line, text, body, low) or self._ratings(line, text, body):
            return
        if self.state == "summary" and (m := BYLINE.match(text)) and page.byline is None:
            page.byline = (line.number, m.group(1))
            return
        if self.state in ("head", "changes") and len(text.split()) >= 20 and not is_bullet(line):
            self.state = "summary"  # a page without the "As a result" line: the summary begins
        if self.state in ("summary", "glance"):
            (page.summary if self.state == "summary" else page.glance).append(body)
            page.section_lines.setdefault(self.state, line.number)
        elif self.state == "category" and self.current is not None:
            page.narratives[self.current].append(body)
        else:
            problems.unrecognised(line)
            return
        page.last_narrative = line

    def _after_label(self, line: Line, text: str) -> bool:
        """The value under a label of the line before ("Democracy Score" / "6.75"), if any."""
        page = self.page
        if self.pending_label is not None:
            number, row = self.pending_label
            self.pending_label = None
            if m := LONE_RATING.match(text):
                if row == tables.AGGREGATE:
                    page.aggregate = float(m.group(1))
                else:
                    page.ratings[row] = float(m.group(1))
                    page.category_lines.setdefault(row, number)
                return True
            page.unrated.append((number, row))
        if self.pending_regime is not None:
            number, self.pending_regime = self.pending_regime, None
            if lookup(self.bands, text):
                page.status = lookup(self.bands, text)
                return True
            self.problems.add(number, "no regime classification printed after its label")
        return False

    def _box(self, line: Line, text: str, body: str) -> bool:
        """The box of the country's other Freedom House scores."""
        if self.pending_box is not None:
            m = OTHER_VALUE.match(text)
            box, self.pending_box = self.pending_box, None
            if m:
                self.problems.add(line.number, f"not placed: {box} {m.group(1)}/100"
                                  f" {m.group(2)} (the box shows the latest score when viewed,"
                                  " not a known edition; file it by hand under the right"
                                  " edition)")
                return True
            self.problems.add(line.number, f"not placed: {box} (no value follows)")
        if m := OTHER_SCORE.match(body):
            self.pending_box = m.group(1)
            self.state = "box"
            return True
        return False

    def _heading(self, line: Line, text: str) -> bool:
        """Headings and titles, which set the section or the edition."""
        page = self.page
        if m := TITLE.match(text):
            page.title_edition = page.title_edition or int(m.group(1))
            if m.group(2):
                page.countries.append((line.number, norm(m.group(2))))
        elif m := TITLE_AFTER.match(text):
            page.title_edition = page.title_edition or int(m.group(2))
            page.countries.append((line.number, norm(m.group(1))))
        elif m := CITE.match(text):  # an archive's citation: "… Nations in Transit 2018 - X, …"
            page.title_edition = page.title_edition or int(m.group(1))
            page.countries.append((line.number, norm(m.group(2))))
        elif m := SCORES_HEAD.match(text):
            page.scores_edition = int(m.group(1))
        elif m := CHANGES_HEAD.match(text):
            page.changes_edition = int(m.group(1))
            self.state = "changes"
        elif SUMMARY_HEAD.match(text):
            self.state = "summary"
        elif GLANCE_HEAD.match(text):
            self.state = "glance"
        elif AUTHOR_HEAD.match(text):
            self.state, self.author_head = "author-block", line.number
        else:
            return False
        return True

    def _head_values(self, line: Line, text: str, body: str, following: str) -> bool:
        """Status, percentage, score, last year's values, page furniture, the country's name."""
        page, problems = self.page, self.problems
        if self.state == "head" and page.status is None and lookup(self.bands, text):
            page.status = lookup(self.bands, text)
        elif m := REGIME.match(text):
            if not m.group(1):
                self.pending_regime = line.number
            elif lookup(self.bands, m.group(1)):
                page.status = lookup(self.bands, m.group(1))
            else:
                problems.add(line.number, f"not recognised: regime '{m.group(1)}'")
        elif m := PERCENTAGE.match(text):
            page.percentage = float(m.group(1))
        elif m := SCORE.match(text):
            page.aggregate = float(m.group(1))
        elif LAST_YEAR_HEAD.match(text) or SCALE_NOTE.match(text) or FURNITURE.match(text):
            if len(text) > 80:
                page.last_narrative = line  # a note cut off mid-sentence is where the page stops
        elif (m := LAST_YEAR.match(text)) and lookup(self.bands, m.group(3)):
            if m.group(2) == "100":
                page.previous_percentage = float(m.group(1))
            else:
                page.previous_aggregate = float(m.group(1))
            page.previous_status = lookup(self.bands, m.group(3))
        elif BIG_NUMBER.match(text) and key(following) == "/ 100":
            pass  # the rounded percentage, printed large above its full value
        elif m := OTHER_FACT.match(body):
            what = OTHER_FACT_WHY.get(key(m.group(1)), "another index's status, printed without"
                                      " its edition: file it under that index by hand")
            problems.add(line.number, f"not placed: {m.group(1)}: {m.group(2)} ({what})")
        elif (m := COUNTRY_STATS.match(text)) and self._country_named(line, m.group(1)):
            pass  # "Georgia Capital: Tbilisi Population: …", a PDF copy's title
        elif self.state == "head" and len(text) <= 60 and load_table().by_name(text):
            page.countries.append((line.number, text))
        elif ON_COUNTRY.fullmatch(text) and following.lower().startswith("see all"):
            page.countries.append((line.number, text[3:]))
            self.state = "box"
        else:
            return False
        return True

    def _country_named(self, line: Line, name: str) -> bool:
        if load_table().by_name(name):
            self.page.countries.append((line.number, name))
            return True
        return False

    def _changes(self, line: Line, text: str, body: str, low: str) -> bool:
        """Score changes, "No score changes", and the "As a result" line."""
        page = self.page
        if self.state in ("head", "changes", "summary") and "democracy score" in low and \
                (m := RESULT.match(body)):
            page.countries.append((line.number, norm(m.group(1))))
            if m.group(2):
                page.previous_aggregate, page.result_new = float(m.group(3)), float(m.group(4))
            else:
                page.previous_aggregate = page.result_new = float(m.group(5))
            self.state = "summary"
        elif self.state == "changes" and NO_CHANGES.match(body):
            page.no_changes = True
        elif self.state in ("head", "changes") and " from " in low and (m := CHANGE.match(body)):
            cid = lookup(self.cats, m.group(1))
            if cid is None:
                self.problems.add(line.number, f"not recognised: category '{m.group(1)}' in"
                                  f" '{body[:60]}…'")
            else:
                reason = norm(m.group(5).lstrip(". "))
                page.changes.append((line.number, cid, m.group(2).lower(), float(m.group(3)),
                                     float(m.group(4)), reason or norm(body)))
                page.last_narrative = line
        else:
            return False
        return True

    def _ratings(self, line: Line, text: str, body: str) -> bool:
        """Category sections, rating lines, labels without values and ratings tables."""
        page = self.page
        if text.endswith("pts") and (m := CATEGORY_HEAD.match(text)):
            self.current = lookup(self.cats, m.group(1))
            if self.current is None:
                self.problems.add(line.number, f"not recognised: category '{m.group(1)}'")
            else:
                page.category_lines[self.current] = line.number
                page.narratives.setdefault(self.current, [])
            self.state = "category"
        elif self.state == "category" and self.current is not None and \
                self.current not in page.ratings and "7.00" in text[-5:] and \
                (m := RATING_END.match(text)):
            page.ratings[self.current] = float(m.group(2))
        elif body[-1:].isdigit() and (m := SCORE_LINE.match(body)) and \
                lookup(self.cats, m.group(1)):
            cid = lookup(self.cats, m.group(1))
            page.ratings[cid] = float(m.group(2))
            page.category_lines.setdefault(cid, line.number)
        elif m := AUTHOR.match(text):
            page.author = (line.number, norm(m.group(1)), "")
            page.last_narrative = line
            self.state = "author"
        elif self.state in ("head", "table") and lookup(self.rows, text):
            self.pending_label = (line.number, lookup(self.rows, text))
        else:
            return self._table(line, text)
        return True

    def _spans(self, years: list[int | str], number: int) -> None:
        """Report the columns of a table headed by a span of years: no one edition to file under."""
        for span in tables.spans(years):
            self.problems.add(number, f"ratings table column '{span}' names a span of years, not"
                              " one edition; its ratings are not imported")

    def _table(self, line: Line, text: str) -> bool:
        """A ratings table of several editions: its years row, its rows, or all on one line."""
        page, problems = self.page, self.problems
        if tables.INLINE_HEAD.match(text):
            years, rows, stopped = tables.inline_rows(text, self.rows)
            page.table_line = page.table_line or line.number
            self._spans(years, line.number)
            tables.store(page.table, years, rows, problems, line.number)
            if stopped:
                problems.add(line.number, f"ratings table read in part: {stopped}")
            return True
        if (m := tables.YEARS_ROW.match(text)) and (years := tables.years_of(m.group(1))):
            self.table_years, page.table_line, self.state = years, line.number, "table"
            self._spans(years, line.number)
            return True
        if self.table_years and (m := tables.ROW.match(text)) and lookup(self.rows, m.group(1)):
            values = tables.split_values(m.group(2), len(self.table_years))
            if values is None:
                problems.add(line.number, f"ratings row '{m.group(1)}' does not split into"
                             f" {len(self.table_years)} ratings of the 1–7 scale with two"
                             " decimals, one per edition; not imported")
            else:
                tables.store(page.table, self.table_years, {lookup(self.rows, m.group(1)): values},
                             problems, line.number)
            return True
        return False
