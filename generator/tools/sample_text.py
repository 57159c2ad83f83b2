"""Text for the sample content (sample.py): invented names, a sentence pool, and YAML text.

Everything here is deterministic from the random.Random passed in. Names are built from
syllables and checked against pycountry, so no real country name comes out; sentences are built
from a fixed English-looking vocabulary. The YAML writer builds the text directly (ruamel would
be far too slow on a large sample) in the project's style, and quotes or folds every
string so that it reads back as the same value.
"""

from __future__ import annotations

import calendar
import json
import re
import textwrap
from decimal import Decimal
from functools import lru_cache
from random import Random

import pycountry

# --- Names -----------------------------------------------------------------------------------

_ONSETS = ["v", "k", "t", "m", "l", "r", "s", "d", "b", "n", "z", "g", "br", "tr", "kr", "st",
           "dr", "sv", "h", "p"]
_VOWELS = ["a", "e", "i", "o", "u", "a", "e", "o"]
_CODAS = ["", "", "", "l", "r", "n", "s", "m", "v"]
_LAND_ENDINGS = ["ia", "aria", "ania", "ovia", "esia", "eria", "onia", "avia", "uria", "istra"]
_COMPASS = ["North", "South", "East", "West", "Upper", "Lower"]
_MALE_ENDINGS = ["an", "ir", "ek", "os", "im", "ar", "en"]
_FEMALE_ENDINGS = ["a", "ina", "ela", "ira", "ana", "eta"]
_SURNAME_ENDINGS = ["ov", "ev", "ian", "escu", "ic", "enko", "uly", "adze", "ski", "er", "is"]


@lru_cache(maxsize=1)
def real_names() -> frozenset[str]:
    """Casefolded names of real countries, current and historic (short, common and official
    names): generated names must avoid them."""
    names: set[str] = set()
    for country in [*pycountry.countries, *pycountry.historic_countries]:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(value.casefold())
    return frozenset(names)


def _word(rng: Random, syllables: int, endings: list[str]) -> str:
    """A capitalized invented word (consonant-vowel syllables and an ending) that is not the
    name of a real country."""
    while True:
        stem = (rng.choice("aeo") if rng.random() < 0.2 else "") + "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables))
        stem += rng.choice(_CODAS)
        ending = rng.choice(endings)
        word = (stem.rstrip("aeiou") if ending[:1] in tuple("aeiou") else stem) + ending
        if 4 <= len(word) <= 12 and word.casefold() not in real_names():
            return word.capitalize()


def country_names(seed: int, count: int) -> list[str]:
    """`count` distinct invented country names; the k-th depends only on seed and k."""
    rng = Random(f"sample-names/{seed}")
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = _word(rng, rng.choice((1, 2, 2)), _LAND_ENDINGS)
        if rng.random() < 0.2:
            name = f"{rng.choice(_COMPASS)} {name}"
        key = slugify(name)
        if key not in seen and name.casefold() not in real_names():
            seen.add(key)
            names.append(name)
    return names


def person(rng: Random) -> str:
    first = _word(rng, rng.choice((1, 2)), rng.choice((_MALE_ENDINGS, _FEMALE_ENDINGS)))
    return f"{first} {_word(rng, 2, _SURNAME_ENDINGS)}"


def place(rng: Random) -> str:
    return _word(rng, 2, ["", "a", "ovo", "grad", "abad", "heim", "ets"])


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


# --- Vocabulary of the sample's facts ---------------------------------------------------------

REGIONS = {
    "Northern Reach": ["Frost Coast", "Inner Reach"],
    "Amber Coast": ["Upper Amber", "Lower Amber"],
    "Central Steppe": ["High Steppe", "River Plains"],
    "Western Marches": ["March Lowlands", "Border Hills"],
    "Southern Highlands": ["Lake District", "Southern Valleys"],
    "Eastern Isles": ["Outer Isles", "Inner Isles"],
}
OUTLETS = ["Daily Courier", "Radio Meridian", "Civic Monitor", "Open Ledger", "Morning Post",
           "Public Record", "Northern Gazette", "Weekly Observer", "Policy Digest",
           "Independent Wire", "Ombudsman's Bulletin", "Watchdog Review"]
BODIES = [("National Assembly", "unicameral parliament"), ("Supreme Council", "lower house"),
          ("People's Chamber", "lower house of parliament"), ("State Assembly", None)]
PARTY_WORDS = (["Civic", "People's", "Democratic", "Green", "Agrarian", "National", "Social",
                "Liberal", "United", "Reform"],
               ["Alliance", "Union", "Party", "Movement", "Forum", "Front", "Bloc", "Platform"])
SYSTEMS = ["Presidential system", "Parliamentary system", "Semi-presidential system"]
ELECTORAL_SYSTEMS = ["List Proportional Representation", "Mixed Member Proportional",
                     "Parallel system", "Two-round system"]

# --- Sentences -------------------------------------------------------------------------------

_SUBJECTS = [
    "the government", "the ruling coalition", "parliament", "the election commission",
    "local councils", "civic groups", "independent journalists", "the constitutional court",
    "opposition parties", "regional administrations", "the anticorruption agency",
    "prosecutors", "trade unions", "domestic observers", "the presidential administration",
    "municipal authorities", "rights defenders", "the ombudsman's office", "public broadcasters",
    "several ministries", "the supreme court", "the audit chamber", "student groups",
    "the national bar association"]
_VERBS = [
    "introduced", "debated", "postponed", "revised", "announced", "reviewed", "withdrew",
    "expanded", "questioned", "adopted", "challenged", "extended", "restricted", "welcomed",
    "criticized", "delayed", "endorsed", "implemented", "proposed", "published", "examined",
    "suspended", "defended", "simplified"]
_OBJECTS = [
    "a draft law on public assemblies", "new rules for registering associations",
    "amendments to the electoral code", "a plan to reform the civil service",
    "changes to the media law", "the budget for local self-government",
    "guidelines on asset declarations", "a strategy for judicial appointments",
    "a program of regional consultations", "procedures for selecting judges",
    "a register of foreign-funded organizations", "the rules on campaign finance",
    "a code of conduct for public officials", "the mandate of the broadcasting council",
    "limits on online political advertising", "a review of detention conditions",
    "the new law on access to information", "a reform of the prosecution service",
    "the funding formula for municipalities", "measures against conflicts of interest",
    "the procedure for recalling local mayors", "rules on the publication of court rulings",
    "a program of public procurement audits", "new duties for internet platforms",
    "the accreditation of election observers", "the licensing of regional broadcasters"]
_TAILS = [
    "in the spring", "after months of delay", "despite objections from civil society",
    "with little public consultation", "ahead of the local elections",
    "following pressure from international partners", "in a closed session",
    "late in the year", "without a clear timetable", "amid a wider debate about institutions",
    "during the summer recess", "in the second half of the year", "for the third time",
    "after a lengthy committee review", "under an accelerated procedure",
    "in response to a petition", "at the request of the cabinet", "with broad support"]
_CLAUSES = [
    ", although implementation remained uneven", ", but few details were published",
    ", and critics said the text was vague", ", which observers described as a modest step",
    ", a move that drew mixed reactions", ", though funding was not secured",
    ", and the debate is likely to continue", ", but the change had little effect in practice",
    "", "", "", ""]
_SOURCES = [
    "local monitors", "the national statistics office", "an independent survey",
    "a parliamentary committee", "the ombudsman's annual report", "regional observers",
    "a coalition of watchdog groups", "the ministry of justice", "court records"]
_CLAIMS = [
    "the new rules would improve transparency", "the reform had been carefully prepared",
    "consultations had been held with all parties", "the measures were temporary",
    "the changes followed international standards", "the budget allowed no other choice",
    "the courts would remain fully independent", "the procedure was purely technical"]
_COUNTERS = [
    "civic groups pointed to gaps in implementation", "few of the promised changes took effect",
    "the draft was published only days before the vote", "no independent review was carried out",
    "regional officials were not consulted", "the opposition boycotted the final reading",
    "journalists were unable to obtain the documents", "the timetable slipped again"]
_THINGS = [
    "registered associations", "criminal cases against journalists",
    "complaints to the ombudsman", "appeals against election results", "local referendums",
    "requests for public information", "disciplinary cases against judges",
    "public procurement disputes", "registered candidates", "peaceful assemblies"]
_TRENDS = [
    "rose slightly", "fell sharply", "remained broadly stable", "nearly doubled",
    "declined for a third year", "increased modestly", "dropped to a new low"]
_ADJECTIVES = ["fragile", "uneven", "resilient", "contested", "largely stable", "under strain"]
_AREAS = [
    "relations between the capital and the regions", "the oversight of public spending",
    "the protection of minority rights", "the independence of the judiciary",
    "the funding of political parties", "the conduct of local elections",
    "the openness of public institutions", "the protection of personal data"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]

# {C} country, {HS} head of state, {HG} head of government, {P} ruling party, {CAP} capital.
_TEMPLATES = [
    "{S} {v} {o} {t}{q}.",
    "In {m}, {s} {v} {o}{q}.",
    "According to {src}, the number of {things} {trend} {t}.",
    "{S} said that {claim}, but {counter}.",
    "Observers noted that {claim}{q}.",
    "President {HS} {v} {o} {t}.",
    "Prime Minister {HG} {v} {o}{q}.",
    "{C} remained {adj} in {area}{q}.",
    "Members of {P} {v} {o} {t}.",
    "In {CAP}, {s} {v} {o} {t}.",
    "The debate over {o} continued {t}{q}.",
    "While {s} {v} {o}, {s2} {v2} {o2}.",
    "{S} {v} {o}, and {s2} {v2} {o2} {t}.",
    "Outside {CAP}, {s} reported that {counter}.",
]

POOL_SIZE = 1600
LINE_WIDTH = 88


def build_pool(rng: Random) -> list[tuple[list[str], bool]]:
    """Sentences pre-wrapped into lines, each with whether it holds a placeholder."""
    pool = []
    for _ in range(POOL_SIZE):
        s, s2 = rng.sample(_SUBJECTS, 2)
        text = rng.choice(_TEMPLATES).format(
            S=s[0].upper() + s[1:], s=s, s2=s2, v=rng.choice(_VERBS), v2=rng.choice(_VERBS),
            o=rng.choice(_OBJECTS), o2=rng.choice(_OBJECTS), t=rng.choice(_TAILS),
            q=rng.choice(_CLAUSES), m=rng.choice(_MONTHS), src=rng.choice(_SOURCES),
            things=rng.choice(_THINGS), trend=rng.choice(_TRENDS), claim=rng.choice(_CLAIMS),
            counter=rng.choice(_COUNTERS), adj=rng.choice(_ADJECTIVES), area=rng.choice(_AREAS),
            C="{C}", HS="{HS}", HG="{HG}", P="{P}", CAP="{CAP}")
        pool.append((_wrap(text, LINE_WIDTH), "{" in text))
    return pool


def localize(pool: list[tuple[list[str], bool]], values: dict[str, str]) -> list[list[str]]:
    """The pool with a country's names in place of the placeholders."""
    return [[ln.format_map(values) if "{" in ln else ln for ln in lines] if marked else lines
            for lines, marked in pool]


class Writer:
    """Paragraphs from a country's sentence pool; sections cite notes [^N] numbered 1..N in
    order of first citation, and list them with a text from `notes` or null (unknown)."""

    def __init__(self, rng: Random, pool: list[list[str]], notes: list[Folded]) -> None:
        self.rng, self.pool, self.notes = rng, pool, notes

    def paragraph(self, sentences: int, notes: list[int] | None = None) -> Folded:
        """Sentences from the pool; with `notes` (the next note number, in a list) some
        sentences cite a note, new ones numbered in order of first citation."""
        rng, lines = self.rng, []
        for sentence_lines in rng.choices(self.pool, k=sentences):
            if notes is not None and rng.random() < 0.25:
                if notes[0] > 1 and rng.random() < 0.15:
                    n = rng.randint(1, notes[0] - 1)
                else:
                    n, notes[0] = notes[0], notes[0] + 1
                lines += sentence_lines[:-1]
                lines.append(f"{sentence_lines[-1]}[^{n}]")
            else:
                lines += sentence_lines
        return Folded(lines)

    def section(self, paragraphs: int) -> dict:
        """Paragraphs citing notes 1..N, and the notes: most with a text, some unknown."""
        notes = [1]
        section: dict = {"paragraphs": [self.paragraph(self.rng.randint(4, 7), notes)
                                        for _ in range(paragraphs)]}
        if notes[0] > 1:
            section["notes"] = {n: None if self.rng.random() < 0.15 else
                                self.rng.choice(self.notes) for n in range(1, notes[0])}
        return section


def sentence(rng: Random) -> str:
    """One short free-standing sentence without placeholders (reasons, titles, bios)."""
    return f"{title(rng)} {rng.choice(_TAILS)}."


def title(rng: Random) -> str:
    s = rng.choice(_SUBJECTS)
    return f"{s[0].upper()}{s[1:]} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"


# --- YAML text -------------------------------------------------------------------------------


class Folded(str):
    """A string written as a folded block scalar (`>-`) with the given lines; its value is the
    lines joined by single spaces, so lines must be non-empty and carry no outer whitespace."""

    def __new__(cls, lines: list[str]) -> Folded:
        obj = super().__new__(cls, " ".join(lines))
        obj.lines = lines
        return obj


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .,'()/&%+=?!_~:;-]*")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}
FOLD_OVER = 80


def dump(data: dict) -> str:
    """YAML text for a mapping: block style, two-space indentation, lists indented under keys."""
    out: list[str] = []
    _mapping(data, 0, out, None)
    return "\n".join(out) + "\n"


def _mapping(data: dict, indent: int, out: list[str], first: str | None) -> None:
    pad = " " * indent
    lead = pad if first is None else first
    for key, value in data.items():
        head = f"{lead}{_text(key)}:"
        lead = pad
        kind = type(value)
        if kind is dict and value:
            out.append(head)
            _mapping(value, indent + 2, out, None)
        elif kind is list and value:
            out.append(head)
            _sequence(value, indent + 2, out)
        else:
            _scalar(head, value, indent + 2, out)


def _sequence(items: list, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if type(item) is dict and item:
            _mapping(item, indent + 2, out, pad + "- ")
        else:
            _scalar(pad + "-", item, indent + 2, out)


def _scalar(head: str, value: object, indent: int, out: list[str]) -> None:
    if isinstance(value, str):
        lines = value.lines if type(value) is Folded else (
            _wrap(value, LINE_WIDTH) if len(value) > FOLD_OVER else None)
        if lines:
            pad = "\n" + " " * indent
            out.append(head + " >-" + pad + pad.join(lines))
            return
    out.append(f"{head} {_inline(value)}")


def _inline(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return _text(str(value))


@lru_cache(maxsize=16384)
def _text(value: str | int) -> str:
    """A key or a short string: plain where YAML reads it back as the same text, else quoted."""
    if isinstance(value, int):
        return str(value)
    if _PLAIN.fullmatch(value) and ": " not in value and " #" not in value and \
            not value.endswith((":", " ")) and value.casefold() not in _RESERVED:
        return value
    return json.dumps(value, ensure_ascii=not value.isprintable())


def _wrap(text: str, width: int) -> list[str] | None:
    """Lines for a folded scalar, or None if folding would not give the text back."""
    if not text.isprintable() or "  " in text or text != text.strip():
        return None
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    return lines if " ".join(lines) == text else None


def folded(text: str) -> Folded:
    """Text as a Folded string, wrapped once."""
    lines = _wrap(text, LINE_WIDTH)
    if not lines:
        raise ValueError(f"cannot fold {text!r}")
    return Folded(lines)


def month_text(months: int) -> str:
    """'2024-06' from a count of months since year 0 (January = 0)."""
    return f"{months // 12:04d}-{months % 12 + 1:02d}"


def date_text(months: int, rng: Random) -> str:
    year, month = months // 12, months % 12 + 1
    return f"{year:04d}-{month:02d}-{rng.randint(1, calendar.monthrange(year, month)[1]):02d}"
