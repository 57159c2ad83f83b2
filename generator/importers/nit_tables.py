"""Nations in Transit ratings tables of several editions, as republications print them.

A PDF-era copy or an archive page shows a table of ratings and Democracy Scores, one column per
edition ("NIT Edition 2006 … 2015"), one row per category. Scraped, the table arrives in one of
two shapes:

- one row per line with the numbers run together: "Electoral Process1.251.75…";
- the whole table flattened onto one line of PDF text, category names split around the
  numbers: "… 2009 … 2018 National Democratic 6.00 … 5.50 Governance Electoral Process …".

Every rating of the 1–7 scale printed with two decimals is exactly four characters ("5.25"), so
a run of them splits one way only; a run that does not split into one such value per edition
is reported, never guessed at. Values are kept as printed (the orientation is decided later).
"""

from __future__ import annotations

import re

from .text import Problems, key

RATING = re.compile(r"[1-7]\.\d\d")
VALUE = re.compile(r"[1-7]\.\d\d|n/a", re.I)  # a rating, or "n/a" for a category not yet rated
# A column's heading: an edition's year, or a span of years ("1999-2000"), which names no one
# edition of the site's (its ratings are reported, not filed under either year)
EDITION = r"(?:19|20)\d\d(?:[-–](?:19|20)\d\d)?"
_EDITION = re.compile(EDITION)
YEARS_ROW = re.compile(rf"^(?:nit edition|edition|years?)?:? ?((?:{EDITION} ?){{2,}})$", re.I)
ROW = re.compile(r"^([A-Za-z][A-Za-z ,&’'-]*?)\*?:? ?((?:n/a|\d)(?:n/a|[\d. ])*)$",
                 re.I)  # a row's name ("Governance*": a footnote's star), then its values
INLINE_HEAD = re.compile(r"(?:nations in transit )?ratings and averaged scores"
                         rf"((?: {EDITION}){{2,}})(?= |$)", re.I)
# Where a line of flattened PDF text is cut into the parts a page shows on lines of their own.
_PDF_PARTS = re.compile(r" (?=Source: |NOTE: |EXECUTIVE SUMMARY |Nations in Transit Ratings"
                        r" and Averaged Scores (?:19|20)\d\d )|(?<!in Transit) (?=Ratings and"
                        r" Averaged Scores (?:19|20)\d\d )|(?<=EXECUTIVE SUMMARY) ")
AGGREGATE = "aggregate"  # the Democracy Score row
QUARTER = 0.25
LABEL_WORDS = 12  # words around a row's numbers: the end of one name and the start of the next


def years_of(run: str) -> list[int | str] | None:
    """'200620072008' or '2006 2007 2008' -> [2006, 2007, 2008]; '1998 1999-2000 2001' -> [1998,
    '1999-2000', 2001] (a span as printed, see EDITION); None unless the columns follow each
    other year by year."""
    digits = run.replace(" ", "")
    columns: list[tuple[int, int, str]] = []
    pos = 0
    while pos < len(digits):
        m = _EDITION.match(digits, pos)
        if m is None:
            return None
        columns.append((int(m.group(0)[:4]), int(m.group(0)[-4:]), m.group(0)))
        pos = m.end()
    if any(last < first for first, last, _ in columns) or any(
            b[0] != a[1] + 1 for a, b in zip(columns, columns[1:])):
        return None
    return [first if first == last else text for first, last, text in columns]


def spans(years: list[int | str]) -> list[str]:
    """The columns of a table headed by a span of years, not one edition."""
    return [y for y in years if isinstance(y, str)]


def split_values(run: str, count: int) -> list[float | None] | None:
    """A run of `count` ratings, glued or spaced, as numbers (None for "n/a"); None when it does
    not split into exactly `count` values of the form d.dd on the 1–7 scale or "n/a"."""
    glued = run.replace(" ", "")
    values: list[float | None] = []
    pos = 0
    while pos < len(glued) and len(values) <= count:
        m = VALUE.match(glued, pos)
        if m is None:
            return None
        values.append(None if m.group(0).lower() == "n/a" else float(m.group(0)))
        pos = m.end()
    return values if len(values) == count and pos == len(glued) else None


def row_names(categories: dict[str, str]) -> dict[str, str]:
    """Comparison key -> category id for the rows of a table, the Democracy Score included."""
    return {**categories, "democracy score": AGGREGATE}


def off_step(row: str, values: list[float | None]) -> bool:
    """A category row whose values are not all quarter points (the Democracy Score may be)."""
    return row != AGGREGATE and any(round(v / QUARTER, 6) % 1 for v in values if v is not None)


def store(table: dict[int, dict[str, float]], years: list[int | str], rows: dict[str, list],
          problems: Problems, line: int) -> None:
    """Rows of ratings into `table` (year -> row -> value), "n/a" and the columns of a span of
    years left out; a category row off the quarter-point steps is reported and left out."""
    for row, values in rows.items():
        if off_step(row, values):
            problems.add(line, f"ratings row '{row}' has values off the quarter-point steps;"
                         " not imported")
            continue
        for year, value in zip(years, values):
            if value is not None and isinstance(year, int):  # "n/a": not rated that edition
                table.setdefault(year, {})[row] = value


def pdf_parts(text: str) -> list[str]:
    """A flattened PDF line holding a ratings table, cut into its parts; [text] otherwise."""
    if "Averaged Scores" not in text and "averaged scores" not in text.lower():
        return [text]
    if not INLINE_HEAD.search(text):
        return [text]
    return [part for part in _PDF_PARTS.split(text) if part.strip()]


def inline_rows(text: str, names: dict[str, str]) -> tuple[list[int | str], dict[str, list],
                                                              str | None]:
    """The years and rows of a table flattened onto one line ("Ratings and Averaged Scores 2009
    … 2018 National Democratic 6.00 … Governance Electoral Process …"), and why reading stopped
    early (None when the whole text was read)."""
    head = INLINE_HEAD.match(text)
    if head is None:
        return [], {}, "no table heading"
    years = years_of(head.group(1).strip()) or []
    if not years:
        return [], {}, "the years of the table are not consecutive"
    tokens = text[head.end():].split()
    rows: dict[str, list] = {}
    label: list[str] = []
    i = 0
    while i < len(tokens):
        if not VALUE.fullmatch(tokens[i]):
            label.append(tokens[i].rstrip("*"))
            i += 1
            continue
        values = split_values(" ".join(tokens[i:i + len(years)]), len(years))
        if values is None:
            return years, rows, f"the row '{' '.join(label)}' has not one rating per year"
        i += len(years)
        end = i
        while end < len(tokens) and not VALUE.fullmatch(tokens[end]):
            end += 1
        words = [w.rstrip("*") for w in tokens[i:end]]
        cut = _label_end(label, words, names, last=end == len(tokens))
        if cut is None:
            return years, rows, f"the row name after '{' '.join(label)}' is not clear"
        row = names[key(" ".join(label + words[:cut]))]
        if row in rows:
            return years, rows, f"the row '{' '.join(label + words[:cut])}' is printed twice"
        rows[row] = values
        label, i = words[cut:], end
    if label:
        return years, rows, f"'{' '.join(label)}' has no ratings"
    return years, rows, None


def _label_end(label: list[str], words: list[str], names: dict[str, str],
               last: bool) -> int | None:
    """How many of `words` (after a row's numbers) finish the row's name: the one way that
    leaves a whole name before and the start of a name (or nothing, at the end) after."""
    if len(words) > LABEL_WORDS or len(label) > LABEL_WORDS:
        return None  # no row name is this long: not a table (and no quadratic search)
    fits = []
    for cut in range(len(words) + 1):
        if key(" ".join(label + words[:cut])) not in names:
            continue
        rest = key(" ".join(words[cut:]))
        if (not rest and last) or (rest and any(n == rest or n.startswith(rest + " ")
                                                for n in names)):
            fits.append(cut)
    return fits[0] if len(fits) == 1 else None
