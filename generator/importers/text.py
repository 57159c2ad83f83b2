"""Text helpers shared by the importers: lines, whitespace, names, numbers, slugs, problems."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

from pydantic import ValidationError

from ..model.records import Index, Record, Source, Text, TreatyCatalogue
from .wrapped import hard_wrap_width, unwrapped

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
MONTH_ABBR = [m[:3] for m in MONTHS]

# The longest text the content model takes in one field (a paragraph, an event's body).
TEXT_MAX: int = next(m.max_length for m in Text.__metadata__ if getattr(m, "max_length", None))
BULLET = re.compile(r"^\s*[•·▪◦●\-*]\s+")
_SPACE = re.compile(r"\s+")
# Control characters (but the line break) and line-break lookalikes, read as spaces.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_SPACE = re.compile(r"[^\S\n]{2,}|[^\S \n]")  # whitespace a plain space does not equal
_EDGE_SPACE = re.compile(r" \n ?|\n ")  # then a line's edges are a space at most
_CHUNK = 1 << 20
# Markdown, as a page may have been saved (a browser extension, a reader view): heading marks,
# strong emphasis and links (images too) stand for the words they mark; every repeat is bounded,
# so the expressions stay linear on any text
_MD_HEADING = re.compile(r"^#{1,6} (?=\S)", re.M)
_MD_STRONG = re.compile(r"(?<!\w)(?:\*\*([^*\n]{1,400})\*\*|__([^_\n]{1,400})__)(?!\w)")
_MD_LINK = re.compile(r"!?\[([^\[\]\n]{0,400})\]\((?:[^()\s]{0,2000})(?: \"[^\"\n]{0,400}\")?\)")
_MONTH = re.compile(r"([A-Za-z]+) (\d{4})")
# A line carrying a scraped heading tag: "header1 Score changes in 2022".
HEADER_TAG = re.compile(r"^header[1-6]\s+", re.IGNORECASE)


@dataclass(slots=True)
class Line:
    """One non-blank line of the input: its 1-based number and its text (whitespace normalised,
    control characters as spaces)."""

    number: int
    text: str


@dataclass
class Problems:
    """Problems found while importing: (line number, message), in the order found."""

    items: list[tuple[int, str]] = field(default_factory=list)

    def add(self, line: int, message: str) -> None:
        self.items.append((line, message))

    def unrecognised(self, line: Line) -> None:
        self.add(line.number, f"not recognised: {shorten(line.text)}")


def norm(text: str) -> str:
    """Every run of whitespace (no-break spaces too) as one space, trimmed."""
    if len(text) < 10_000:  # split and join in C, several times faster than the expression
        return " ".join(text.split())
    return _SPACE.sub(" ", text).strip()  # no list of a million words for a huge line


def key(text: str) -> str:
    """A comparison key: whitespace normalised, case folded, curly quotes and dashes plain."""
    if not text.isascii():
        text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    return norm(text).casefold()


def shorten(text: str, width: int = 80) -> str:
    text = norm(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def lines_of(text: str, unwrap: bool = True) -> list[Line]:
    """The input's non-blank lines; control characters other than line breaks count as spaces,
    and the paragraphs of a hard-wrapped page are joined back into one line each (wrapped.py)
    unless `unwrap` is false.

    Linear in the input whatever its shape (issue 24): the text is cleaned by whole-text regular
    expressions, then split a megabyte at a time, so 20 MB of newlines never makes a list of
    20 million blank lines.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    text = _EDGE_SPACE.sub("\n", _LINE_SPACE.sub(" ", text)).strip(" ")
    if "#" in text or "*" in text or "_" in text or "](" in text:
        text = _plain_markdown(text)
    out: list[Line] = []
    number, start = 1, 0
    while start < len(text):
        end = text.find("\n", start + _CHUNK)
        end = len(text) if end < 0 else end + 1
        piece = text[start:end]
        out += [Line(i, s) for i, s in enumerate(piece.split("\n"), number) if s]
        number += piece.count("\n")
        start = end
    width = hard_wrap_width(out) if unwrap else None
    return unwrapped(out, width) if width else out


def _plain_markdown(text: str) -> str:
    """The text without the Markdown that marks headings, strong words and links."""
    text = _MD_HEADING.sub("", text)
    text = _MD_STRONG.sub(lambda m: m.group(1) or m.group(2), text)
    return _MD_LINK.sub(r"\1", text)


def strip_header_tag(text: str) -> str:
    m = HEADER_TAG.match(text)
    return text[m.end():] if m else text


def is_bullet(line: Line) -> bool:
    m = BULLET.match(line.text)
    return m is not None and bool(line.text[m.end():].strip())


def bullet_text(line: Line) -> str:
    m = BULLET.match(line.text)
    return norm(line.text[m.end():] if m else line.text)


def slugify(text: str, max_length: int = 80) -> str:
    """ASCII slug: 'Côte d’Ivoire' -> 'cote-d-ivoire'; '' if nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] if "-" in slug[:max_length] else \
            slug[:max_length]
    return slug.strip("-")


def parse_number(text: str) -> float | None:
    """'19.4%' -> 19.4, '1.25' -> 1.25; None for anything else."""
    m = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*%?\s*", text)
    return float(m.group(1)) if m else None


def month_heading(text: str) -> str | None:
    """'January 2025' -> '2025-01'."""
    m = _MONTH.fullmatch(text) if len(text) <= 14 else None  # "September 2025" is the longest
    if not m or m.group(1).lower() not in MONTHS:
        return None
    year = int(m.group(2))
    if not 1900 <= year <= 2100:
        return None
    return f"{year}-{MONTHS.index(m.group(1).lower()) + 1:02d}"


def ends_cleanly(text: str) -> bool:
    """Does a narrative line end like finished text (sentence punctuation, quote or note)?"""
    return bool(re.search(r"[.!?:;)\]”’\"'…]\s*\d{0,3}\s*\.?$", text))


# --- Names of categories, bands and treaties -------------------------------------------------


def category_names(index: Index, edition: int | None = None) -> dict[str, str]:
    """Comparison key of every name and alias (and 'A Electoral Process' style) -> category id."""
    names: dict[str, str] = {}
    for cat in index.categories:
        if edition is not None and ((cat.first and edition < cat.first) or
                                    (cat.last and edition > cat.last)):
            continue
        for name in [cat.name, *cat.aliases]:
            names[key(name)] = cat.id
            if cat.short_name and len(cat.short_name) == 1:
                names[key(f"{cat.short_name} {name}")] = cat.id
                names[key(f"{cat.short_name}. {name}")] = cat.id
    return names


def band_names(index: Index) -> dict[str, str]:
    names: dict[str, str] = {}
    if index.status is not None:
        for band in index.status.bands:
            for name in [band.name, *band.aliases]:
                names[key(name)] = band.id
    return names


def treaty_names(catalogue: TreatyCatalogue) -> dict[str, str]:
    names: dict[str, str] = {}
    for treaty in catalogue.treaties:
        for name in [treaty.name, treaty.short_name, *treaty.aliases]:
            names[key(name)] = treaty.id
    return names


def lookup(names: dict[str, str], text: str) -> str | None:
    return names.get(key(text))


# --- Building records ------------------------------------------------------------------------


def source_of(name: str, url: str | None) -> dict:
    """A record's source: the publication's name, with the page's address (its `URL:` line)
    where there is one the model takes; an address it refuses is left out, not the record."""
    if url:
        try:
            return Source.model_validate({"name": name, "url": url}).model_dump(exclude_none=True)
        except ValidationError:
            pass
    return {"name": name}


def build(kind: type[Record], data: dict, problems: Problems, line: int,
          what: str) -> Record | None:
    """Validate one record; a value the model refuses becomes a problem, never an exception."""
    try:
        return kind.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        problems.add(line, f"{what} not imported: {where}: {first['msg']}")
        return None


def unique_ids(ids: Iterable[str]) -> list[str]:
    """['a', 'a', 'b'] -> ['a', 'a-2', 'b']."""
    seen: dict[str, int] = {}
    out = []
    for ident in ids:
        count = seen.get(ident, 0) + 1
        seen[ident] = count
        out.append(ident if count == 1 else f"{ident[:76]}-{count}")
    return out
