"""The older layouts of Freedom in the World and Freedom on the Net pages (fh_read calls these).

- Labelled values, the value on the label's line or the next: "Freedom Status: Not Free",
  "Aggregate Score: 20", "Political Rights (1 = best, 7 = worst): 7", "Internet Freedom Status:
  Not Free". A label printed without a value is reported as missing, never read as 0; another
  index's status ("Press Freedom Status", "Net Freedom Status" on a FIW page) is reported, not
  filed, since no edition of it is printed.
- FOTN up to 2018: "Obstacles to Access (0-25): 12", "TOTAL* (0-100): 66" on the inverse scale
  ("* 0=most free, 100=least free"); fh_other converts them and says so.
- The lines archives put around a report (refworld, ecoi): publisher, dates, "Cite as …" (its
  edition and country are read), disclaimers, quick facts of population and income, "2014
  Scores" (the edition).
"""

from __future__ import annotations

import re

from .text import Line, key, lookup, norm

LABEL = re.compile(
    r"^(status|freedom status|internet freedom status|net freedom status|press freedom(?: \d{4})?"
    r" status|freedom in the world(?: \d{4})? status|freedom on the net(?: \d{4})? status"
    r"|aggregate score|freedom rating|political rights|civil liberties|total|obstacles to access"
    r"|limits on content|violations of user rights)\*?(?: \(([^()]{1,40})\))?\*?:\s*(.*)$", re.I)
OWN_STATUS = {"fiw": ("status", "freedom status", "freedom in the world status"),
              "fotn": ("status", "internet freedom status", "freedom on the net status")}
INVERSE = re.compile(r"\*? ?0 ?= ?most free, ?100 ?= ?least free")
CITE = re.compile(r"^cite as:? freedom house, (freedom in the world|freedom on the net) (\d{4})"
                  r"\s*[-–:]\s*([^,]{1,80}),", re.I)
SCORES_YEAR = re.compile(r"^(\d{4}) scores$", re.I)
ARCHIVE = re.compile("|".join([
    r"publisher:? freedom house", r"publication date:? .{1,40}", r"disclaimer.*",
    r"last updated: .{1,80}", r"capital: .{1,80}", r"population: .{1,80}",
    r"gni/capita.{0,80}", r"source: the data above are drawn from .*",
    r"internet penetration(?: \d{4})?: .{1,40}", r"score evolution:? .{0,10}",
    r"(?:social media/ict apps|political/social content) blocked: \w+",
    r"bloggers/ict users arrested: \w+",
]))
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def archive_line(reader, body: str) -> bool:
    """An archive's or a legacy page's line around the report; True when it is one."""
    low = key(body)
    page = reader.page
    if INVERSE.fullmatch(low):
        page.inverse = True
        return True
    if m := CITE.match(body):
        if m.group(1).lower() == reader.spec.title:
            page.edition = page.edition or int(m.group(2))
            if page.country is None:
                page.country = (0, norm(m.group(3)))
        return True
    if m := SCORES_YEAR.match(body):
        page.edition = page.edition or int(m.group(1))
        return True
    return bool(ARCHIVE.fullmatch(low))


def read_label(reader, line: Line, body: str, after: str) -> int | None:
    """A "Label: value" line (the value may be on the next line); the lines read, or None."""
    m = LABEL.match(body)
    if m is None:
        return None
    label, scale, value, taken = m.group(1), m.group(2) or "", m.group(3).strip(), 1
    low = key(label)
    is_status = low.endswith("status")
    if not value and not LABEL.match(after) and (
            lookup(reader.bands, after) if is_status else NUMBER.fullmatch(after)):
        value, taken = after, 2
    page, problems = reader.page, reader.problems
    shown = f"{label}{f' ({scale})' if scale else ''}"
    if not value:
        problems.add(line.number, f"no value printed: {shown} (left empty, not 0)")
    elif is_status and re.sub(r" \d{4}", "", low) in OWN_STATUS[reader.spec.index]:
        page.status, reader.scored = reader.status_of(line, value), True
    elif is_status:
        problems.add(line.number, f"not placed: {shown} {value} (another index's status, no"
                     " edition printed; file it by hand under the right edition)")
    elif low in ("aggregate score", "total") and re.fullmatch(r"-?\d+", value):
        page.aggregate, reader.scored = int(value), True
        page.ranges = page.ranges or low == "total"
    elif low in ("political rights", "civil liberties") and reader.spec.index == "fiw" and \
            re.fullmatch(r"[1-7](?:\.0)?", value):
        page.group_ratings[low.replace(" ", "-")] = float(value)
        reader.scored = True
    elif low == "freedom rating" and re.fullmatch(r"[1-7](?:\.[05]0?)?", value):
        page.freedom_rating = (line.number, float(value))  # checked against the two ratings
    elif (cid := lookup(reader.cats, label)) and re.fullmatch(r"\d+", value):
        page.ratings[cid] = int(value)
        page.ranges, reader.scored = True, True
    else:
        problems.add(line.number, f"not placed: {shown} {value} (not a value a report holds)")
    return taken
