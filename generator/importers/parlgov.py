"""ParlGov's national parliamentary elections as election pages (issue 25).

Reads four of ParlGov's CSV tables, each recognised by its header: country, election,
election_result and party. Every 'parliament' election (type 13; type 1 is the European
Parliament) of a country in the country table becomes countries/<id>/elections/<body>-<date>.yml,
set key by key so an editor's summary stays. The other ParlGov tables are recognised and ignored.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections import Counter, namedtuple
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.records import SEATS_MAX, VOTES_MAX, range_words
from .country_table import unmapped
from .patches import Patch
from .result import DataResult
from .text import slugify

PARLIAMENT = "13"  # ParlGov's type_id of national parliamentary elections
SOURCES = [{"name": "ParlGov database, development version", "url": "https://www.parlgov.org/"}]
SHARE_SLACK = 100.5  # vote shares adding up to more are reported (rounding allows a little)

# The columns that identify each table read here (a file may have more).
NEEDED = {
    "country.csv": ("id", "name", "name_short", "oecd_accession_date", "eu_accession_date"),
    "election.csv": ("id", "type_id", "country_id", "date", "seats_total", "electorate",
                     "votes_cast", "votes_valid", "previous_parliament_election_id"),
    "election_result.csv": ("id", "election_id", "party_id", "alliance_id", "seats",
                            "vote_share", "votes"),
    "party.csv": ("id", "country_id", "family_id", "name_short", "name_english", "name"),
}
# ParlGov tables not needed here: recognised, so the whole folder can be given at once.
OTHERS = [
    ("country_name_short", "country_name", "party_id"),  # view_election, view_cabinet, view_party
    ("id", "table_id", "column_number", "name", "type"),  # info_variable
    ("id", "key", "short", "full", "url"),  # info_data_source
    ("id", "party_id", "type_id"),  # party_family
]

# ParlGov's pseudo-parties by name_short, and the names they are shown under.
PSEUDO = {"etc": "Others", "none": "Independents", "no-seat": "Other parties (no seats)",
          "one-seat": "Parties with one seat each"}

LOWER, SINGLE = "lower chamber", "single chamber"
# The elected lower or single chamber by ISO3 code: (first election date, body, chamber), in
# date order; an election takes the last entry whose date is not after its own. Reviewed by
# hand against each country's constitutional history (constituent assemblies named as such).
BODIES: dict[str, list[tuple[str, str, str | None]]] = {
    "AUS": [("1900", "House of Representatives", LOWER)],
    "AUT": [("1900", "Constituent National Assembly", SINGLE), ("1920", "National Council", LOWER)],
    "BEL": [("1900", "Chamber of Representatives", LOWER)],
    "BGR": [("1900", "National Assembly", SINGLE)],
    "CAN": [("1900", "House of Commons", LOWER)],
    "CHE": [("1900", "National Council", LOWER)],
    "CYP": [("1900", "House of Representatives", SINGLE)],
    "CZE": [("1900", "Czech National Council", SINGLE), ("1993", "Chamber of Deputies", LOWER)],
    "DEU": [("1900", "National Assembly", SINGLE), ("1920", "Reichstag", None),
            ("1949", "Bundestag", LOWER)],
    "DNK": [("1900", "Folketing", LOWER), ("1953-06-05", "Folketing", SINGLE)],
    "ESP": [("1900", "Congress of Deputies", LOWER)],
    "EST": [("1900", "Riigikogu", SINGLE)],
    "FIN": [("1900", "Eduskunta", SINGLE)],
    "FRA": [("1900", "Chamber of Deputies", LOWER), ("1945", "Constituent Assembly", SINGLE),
            ("1946-11", "National Assembly", LOWER)],
    "GBR": [("1900", "House of Commons", LOWER)],
    "GRC": [("1900", "Hellenic Parliament", SINGLE)],
    "HRV": [("1900", "House of Representatives", LOWER), ("2001", "Sabor", SINGLE)],
    "HUN": [("1900", "National Assembly", SINGLE)],
    "IRL": [("1900", "Dáil Éireann", SINGLE), ("1923", "Dáil Éireann", LOWER)],
    "ISL": [("1900", "Althing", None), ("1991", "Althing", SINGLE)],
    "ISR": [("1900", "Knesset", SINGLE)],
    "ITA": [("1900", "Constituent Assembly", SINGLE), ("1948", "Chamber of Deputies", LOWER)],
    "JPN": [("1900", "House of Representatives", LOWER)],
    "LTU": [("1900", "Supreme Council", SINGLE), ("1992", "Seimas", SINGLE)],
    "LUX": [("1900", "Chamber of Deputies", SINGLE)],
    "LVA": [("1900", "Supreme Council", SINGLE), ("1993", "Saeima", SINGLE)],
    "MLT": [("1900", "Legislative Assembly", SINGLE), ("1964", "House of Representatives", SINGLE)],
    "NLD": [("1900", "House of Representatives", LOWER)],
    "NOR": [("1900", "Storting", SINGLE)],
    "NZL": [("1900", "House of Representatives", LOWER),
            ("1951", "House of Representatives", SINGLE)],
    "POL": [("1900", "Sejm", LOWER)],
    "PRT": [("1900", "Constituent Assembly", SINGLE), ("1976", "Assembly of the Republic", SINGLE)],
    "ROU": [("1900", "Assembly of Deputies", LOWER), ("1991", "Chamber of Deputies", LOWER)],
    "SVK": [("1900", "Slovak National Council", SINGLE), ("1993", "National Council", SINGLE)],
    "SVN": [("1900", "Assembly of the Republic", None), ("1991", "National Assembly", None)],
    "SWE": [("1900", "Riksdag", "Second Chamber (lower)"), ("1970-09", "Riksdag", SINGLE)],
    "TUR": [("1900", "Grand National Assembly", SINGLE)],
}
DEFAULT_BODY = ("Parliament", None)


class _Bad(Exception):  # one value that cannot be read; the message is the error line
    pass


_Party = namedtuple("_Party", "name short pseudo")  # shown name, short name or None, bool
_Result = namedtuple("_Result", "party seats share votes")  # party id, figures or None


@dataclass
class _Election:
    id: str
    line: int
    country: str
    date: str
    seats: int | None
    electorate: int | None
    cast: int | None
    valid: int | None
    previous: str
    results: list[_Result] = field(default_factory=list)


def _norm(header: list[str]) -> list[str]:
    return [h.strip().lstrip("\ufeff").lower() for h in header]


def parlgov_role(header: list[str]) -> str | None:
    """Which ParlGov table a header is: a name of NEEDED, 'other', or None if not ParlGov's."""
    cols = set(_norm(header))
    for name, needed in NEEDED.items():
        if cols.issuperset(needed):
            return name
    return "other" if any(cols.issuperset(sig) for sig in OTHERS) else None


def looks_like_parlgov(header: list[str]) -> bool:
    """True for the header of any ParlGov table, needed here or not."""
    return parlgov_role(header) is not None


def _load(path: Path, name: str, errors: list[str]) -> tuple[str | None, list]:
    """The table a CSV file holds, and its rows with the line each starts on when needed."""
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = _norm(next(reader, []))
            role = parlgov_role(header)
            start = reader.line_num
            for cells in reader if role in NEEDED else ():
                line, start = start + 1, reader.line_num
                if len(cells) == len(header):
                    rows.append((line, dict(zip(header, cells))))
                elif any(c.strip() for c in cells):
                    errors.append(f"{name}:{line}: the row has {len(cells)} fields, expected"
                                  f" {len(header)} as in the header")
    except UnicodeDecodeError:
        errors.append(f"{name}: the file is not UTF-8 text, expected ParlGov's CSV as published")
        return None, []
    except (OSError, csv.Error) as exc:
        errors.append(f"{name}: cannot read the file ({exc}), expected a CSV file")
        return None, []
    return role, rows


def _num(row: dict[str, str], col: str, where: str, high: int, low: int = 0,
         whole: bool = True) -> Any:
    """The number in a cell (int or float), None when empty; _Bad when not a number in range."""
    text = row[col].strip()
    if not text:
        return None
    expected = f"expected {range_words(whole, low, high)} or nothing"
    if not re.fullmatch(r"-?\d+" if whole else r"-?\d+(?:\.\d+)?", text):
        raise _Bad(f"{where}: {col} is '{text[:40]}', {expected}")
    value = int(text) if whole else float(text)
    if not low <= value <= high:
        raise _Bad(f"{where}: {col} is {text}, {expected}")
    return value


def _date(text: str, where: str) -> str:
    try:
        datetime.date.fromisoformat(text.strip())
        if len(text.strip()) == 10 and 1900 <= int(text[:4]) <= 2100:
            return text.strip()
    except ValueError:
        pass
    raise _Bad(f"{where}: date is '{text[:40]}', expected a date YYYY-MM-DD in 1900 to 2100")


def _clean(text: str) -> str:
    """A name with its spaces tidied and ParlGov's ' -- ' written as a dash."""
    return " ".join(text.split()).replace(" -- ", " – ")


def body_of(iso3: str, date: str) -> tuple[str, str | None]:
    """The body and chamber an election of this country on this date chose."""
    chosen = [(body, chamber) for start, body, chamber in BODIES.get(iso3, []) if start <= date]
    return chosen[-1] if chosen else DEFAULT_BODY


def import_parlgov(paths: dict[str, Path], table, shown: Callable[[Path], str]) -> DataResult:
    """Patches for every national parliamentary election in the ParlGov files given.
    `paths` holds the files recognised as ParlGov's (keys are not used: each file is told by
    its header); `table` maps ISO3 codes to country ids; `shown` names a file in messages."""
    errors: list[str] = []
    files: dict[str, tuple[str, list[tuple[int, dict[str, str]]]]] = {}
    for path in sorted(paths.values(), key=str):
        name = shown(path)
        role, rows = _load(path, name, errors)
        if role in files:
            errors.append(f"{name}: a second ParlGov {role} (the first is {files[role][0]}),"
                          " expected one file of each table")
        elif role in NEEDED:
            files[role] = (name, rows)
    for role, cols in NEEDED.items():
        if role not in files:
            errors.append(f"ParlGov's {role} is missing: expected a CSV file whose header has"
                          f" the columns {', '.join(cols)}")
    if len(files) < len(NEEDED):
        return DataResult([], [], errors, "ParlGov: nothing imported")
    return _build(files, table, errors, [])


def _build(files, table, errors: list[str], warnings: list[str]) -> DataResult:
    cname, crows = files["country.csv"]
    countries = {r["id"].strip(): (line, r["name"].strip(), r["name_short"].strip())
                 for line, r in crows}
    pname, prows = files["party.csv"]
    parties: dict[str, _Party] = {}
    for line, r in prows:
        short = _clean(r["name_short"])
        name = _clean(r["name_english"]) or _clean(r["name"]) or short
        if not name:
            errors.append(f"{pname}:{line}: party {r['id']} has no name, expected name_english"
                          " or name")
            continue
        pseudo = short.lower() in PSEUDO
        parties[r["id"].strip()] = _Party(PSEUDO.get(short.lower(), name),
                                          None if pseudo else short or None, pseudo)
    ename, erows = files["election.csv"]
    elections: dict[str, _Election] = {}
    bad: set[str] = set()
    for line, r in erows:
        if r["type_id"].strip() != PARLIAMENT:
            continue
        where = f"{ename}:{line}"
        try:
            elections[r["id"].strip()] = _Election(
                r["id"].strip(), line, r["country_id"].strip(), _date(r["date"], where),
                _num(r, "seats_total", where, SEATS_MAX, 1),
                *(_num(r, col, where, VOTES_MAX) for col in ("electorate", "votes_cast",
                                                             "votes_valid")),
                r["previous_parliament_election_id"].strip())
        except _Bad as exc:
            errors.append(str(exc))
            bad.add(r["id"].strip())
    rname, rrows = files["election_result.csv"]
    for line, r in rrows:
        election = elections.get(eid := r["election_id"].strip())
        if election is None:
            continue  # European Parliament results, or an election refused above
        where = f"{rname}:{line}"
        try:
            if r["party_id"].strip() not in parties:
                raise _Bad(f"{where}: party_id {r['party_id'][:20]} is not in {pname},"
                           " expected the id of a party there")
            election.results.append(_Result(
                r["party_id"].strip(), _num(r, "seats", where, SEATS_MAX),
                _num(r, "vote_share", where, 100, whole=False), _num(r, "votes", where, VOTES_MAX)))
        except _Bad as exc:
            errors.append(str(exc))
            bad.add(eid)
    for eid in bad:
        elections.pop(eid, None)
    return _pages(elections, countries, parties, table, files, errors, warnings)


def _pages(elections, countries, parties, table, files, errors, warnings) -> DataResult:
    cname, ename = files["country.csv"][0], files["election.csv"][0]
    pages: dict[str, list[tuple[_Election, str, str | None, str]]] = {}
    missing: set[str] = set()
    for e in sorted(elections.values(), key=lambda e: (e.country, e.date, _id_key(e.id))):
        if e.country not in countries:
            errors.append(f"{ename}:{e.line}: country_id {e.country[:20]} is not in {cname},"
                          " expected the id of a country there")
            continue
        cline, name, iso3 = countries[e.country]
        entry = table.by_iso3(iso3)
        if entry is None:
            if iso3 not in missing:
                missing.add(iso3)
                errors.append(unmapped(table, iso3, f"{cname}:{cline}"))
            continue
        body, chamber = body_of(iso3, e.date)
        rel = f"countries/{entry.id}/elections/{slugify(body)}-{e.date}.yml"
        pages.setdefault(rel, []).append((e, body, chamber, iso3))
    patches: list[Patch] = []
    rows = dropped = 0
    shown_countries = set()
    for rel in sorted(pages):
        group = pages[rel]
        for n, (e, body, chamber, iso3) in enumerate(group, start=1):
            target = rel if n == 1 else rel[:-4] + f"-{n}.yml"
            if n > 1:
                warnings.append(f"{ename}:{e.line}: a second election of the same country and"
                                f" body on {e.date}, written to {target}")
            results, left_out = _results(e, parties)
            rows += len(results)
            dropped += left_out
            shown_countries.add(iso3)
            prev = elections.get(e.previous)
            if prev and (prev.country != e.country or prev.date >= e.date
                         or body_of(iso3, prev.date)[0] != body):
                prev = None
            if prev:
                _changes(results, prev, parties)
            exceeded = _check(e, results, ename, warnings)
            values = {"discrepancies": exceeded, "body": body, "chamber": chamber,
                      "kind": "legislative", "date": e.date,
                      "seats": e.seats, "electorate": e.electorate, "votes_cast": e.cast,
                      "votes_valid": e.valid, "turnout": _turnout(e, ename, warnings),
                      "previous": prev.date if prev else None,
                      "results": [r for r, _ in results], "sources": SOURCES}
            patches.extend(Patch(target, "election", (k,), v) for k, v in values.items()
                           if v is not None)
    summary = (f"ParlGov: {len({p.rel for p in patches})} national"
               f" parliamentary elections in {len(shown_countries)} countries, {rows} party"
               f" results ({dropped} rows without seats, votes or share left out)")
    return DataResult(patches, warnings, errors, summary)


def _id_key(text: str) -> tuple[int, str]:  # numeric order where ids are numbers
    return (int(text), "") if text.isdigit() else (0, text)


def _results(e: _Election, parties: dict[str, _Party]) -> tuple[list[tuple[dict, str]], int]:
    """The election's results as PartyResult mappings (each with its party id), largest first,
    and how many rows were left out because they hold no figure."""
    out, left_out = [], 0
    for r in e.results:
        party = parties[r.party]
        if r.votes is None and r.share is None and (r.seats is None or
                                                    (party.pseudo and r.seats == 0)):
            left_out += 1
            continue
        item = {"party": party.name, "short_name": party.short, "votes": r.votes,
                "share": r.share, "seats": r.seats}
        out.append(({k: v for k, v in item.items() if v is not None}, r.party))
    names = Counter(item["party"] for item, _ in out)
    for item, pid in out:  # two parties of one name (UK 1918): told apart, as pages need
        if names[item["party"]] > 1:
            item["party"] += f" ({item.get('short_name') or pid})"
    out.sort(key=lambda x: (-x[0].get("seats", -1), -x[0].get("share", -1.0), x[0]["party"],
                            _id_key(x[1])))
    return out, left_out


def _changes(results: list[tuple[dict, str]], prev: _Election,
             parties: dict[str, _Party]) -> None:
    """Seats and share gained or lost since the previous election, by party id; pseudo-parties
    (others, independents) are not one party across elections and get none."""
    before = {r.party: r for r in prev.results}
    for item, pid in results:
        old = before.get(pid)
        if old is None or parties[pid].pseudo:
            continue
        if old.seats is not None and "seats" in item:
            item["seats_change"] = item["seats"] - old.seats
        if old.share is not None and "share" in item:
            item["share_change"] = round(item["share"] - old.share, 2)


def _turnout(e: _Election, ename: str, warnings: list[str]) -> float | None:
    if not e.electorate or e.cast is None:
        return None
    if e.cast > e.electorate:
        warnings.append(f"{ename}:{e.line}: election {e.id} of {e.date}: votes_cast {e.cast}"
                        f" is more than the electorate {e.electorate}; figures kept, no turnout")
        return None
    return round(e.cast / e.electorate * 100, 1)


def _check(e: _Election, results: list[tuple[dict, str]], ename: str,
           warnings: list[str]) -> list[str]:
    """Warnings for totals the published figures do not add up to; the figures are kept, and
    the totals they exceed are returned, for the election's `discrepancies`."""
    exceeded = []
    where = f"{ename}:{e.line}: election {e.id} of {e.date}"
    shares = round(sum(item.get("share", 0) for item, _ in results), 2)
    if shares > SHARE_SLACK:
        warnings.append(f"{where}: the parties' vote shares add up to {shares}%, expected at"
                        f" most {SHARE_SLACK}; figures kept")
        exceeded.append("shares")
    seats = sum(item.get("seats", 0) for item, _ in results)
    if e.seats is not None and seats > e.seats:
        warnings.append(f"{where}: the parties hold {seats} seats, expected at most"
                        f" seats_total {e.seats}; figures kept")
        exceeded.append("seats")
    if e.valid is not None and e.cast is not None and e.valid > e.cast:
        warnings.append(f"{where}: votes_valid {e.valid} is more than votes_cast {e.cast};"
                        " figures kept")
    return exceeded
