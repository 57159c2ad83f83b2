"""Sample content at any scale: invented countries with full report histories, for tests and
for measuring the generator (`write_sample(into, countries=200, editions=30)`).

The output is a complete content folder: the shipped index and treaty files, and per country a
country.yml, NIT reports for every edition (narratives of real size, scores computed as the
validator computes them), FIW, FOTN and GSoD reports for recent editions, a Democracy Tracker
event log and one or two elections. It validates without diagnostics. Everything follows from
the seed; country k has its own random stream, so its files do not depend on how many countries
are written. The countries, people, parties and outlets are invented (sample_text.py).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from random import Random

from .. import PROJECT
from ..model.load import load_file
from ..model.records import Index, Scale, TreatyCatalogue
from ..model.scoring import (
    aggregate_exact,
    band_for,
    categories_for,
    percentage_exact,
    round_half_up,
)
from .sample_text import (
    BODIES,
    ELECTORAL_SYSTEMS,
    OUTLETS,
    PARTY_WORDS,
    REGIONS,
    SYSTEMS,
    Folded,
    Writer,
    build_pool,
    country_names,
    date_text,
    dump,
    folded,
    localize,
    month_text,
    person,
    place,
    sentence,
    slugify,
    title,
)

SHIPPED = PROJECT / "content"
LAST_EDITION = 2024
TRACKER_END = (2025, 6)  # the last month of the event log
AS_OF = "2025-06-30"
RECENT = 5  # FIW and FOTN editions per country
GSOD_YEARS = 4
NARRATIVE_PARAGRAPHS = 38  # paragraphs in a report's categories, whatever their number
FICTIONAL = Folded(["Invented sample content for testing the generator: the country, the people",
                    "and every figure and text in this file are fictional."])
TREATY_STATUSES = ["state-party"] * 7 + ["signatory"] * 2 + ["no-action"] * 2


@dataclass(frozen=True)
class SampleStats:
    files: int
    bytes: int
    countries: int
    reports: int


def write_sample(into: Path, countries: int, editions: int, seed: int = 1) -> SampleStats:
    """Write a content folder with `countries` invented countries and `editions` NIT editions
    (ending 2024) into `into`, creating it if needed; files already there at the same paths are
    replaced, others are left alone."""
    if countries < 0 or not 1 <= editions <= LAST_EDITION - 1900:
        raise ValueError(f"expected countries >= 0 and 1 <= editions <= {LAST_EDITION - 1900}")
    into = Path(into)
    files = size = reports = 0
    for rel in ["treaties.yml"] + sorted(f"indices/{p.name}"
                                         for p in (SHIPPED / "indices").glob("*.yml")):
        (into / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHIPPED / rel, into / rel)
        files, size = files + 1, size + (into / rel).stat().st_size
    shared = Shared(seed)
    for k, name in enumerate(country_names(seed, countries)):
        for rel, data in sample_country(shared, k, name, editions).items():
            path = into / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            raw = dump(data).encode("utf-8")
            path.write_bytes(raw)
            files, size = files + 1, size + len(raw)
            reports += "/reports/" in rel
    return SampleStats(files, size, countries, reports)


class Shared:
    """What every country of one sample uses: the index definitions, treaties and sentences."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.indices = {p.stem: Index.model_validate(_read(p))
                        for p in sorted((SHIPPED / "indices").glob("*.yml"))}
        catalogue = TreatyCatalogue.model_validate(_read(SHIPPED / "treaties.yml"))
        self.treaties = [t.id for t in catalogue.treaties]
        self.pool = build_pool(Random(f"sample-pool/{seed}"))


def _read(path: Path) -> object:
    doc, problems = load_file(path, str(path))
    if doc is None or problems:
        raise ValueError(f"cannot read {path}: {problems}")
    return doc.data


def sample_country(shared: Shared, k: int, name: str, editions: int) -> dict[str, dict]:
    """The files of country k as data, by path relative to the content folder."""
    return _Country(shared, k, name, editions).files()


class _Country:
    def __init__(self, shared: Shared, k: int, name: str, editions: int) -> None:
        self.shared, self.name, self.editions = shared, name, editions
        self.rng = rng = Random(f"sample-country/{shared.seed}/{k}")
        self.slug = slugify(name)
        regions = list(REGIONS)
        Random(f"sample-regions/{shared.seed}/{k // len(regions)}").shuffle(regions)
        self.region = regions[k % len(regions)]
        self.level = rng.uniform(1.4, 6.4)  # democracy level on the NIT scale
        self.capital = place(rng)
        self.head_of_state, self.head_of_government = person(rng), person(rng)
        self.parties: list[str] = []
        for _ in range(rng.randint(4, 8)):
            while (party := f"{rng.choice(PARTY_WORDS[0])} {rng.choice(PARTY_WORDS[1])}") \
                    in self.parties:
                pass
            self.parties.append(party)
        pool = localize(shared.pool, {"C": name, "HS": self.head_of_state,
                                      "HG": self.head_of_government, "P": self.parties[0],
                                      "CAP": self.capital})
        notes = [Folded([f"{person(rng)}, “{title(rng)},” {rng.choice(OUTLETS)},",
                         f"https://example.org/news/{self.slug}/{rng.randint(1000, 99999)}"])
                 for _ in range(120)]
        self.text = Writer(rng, pool, notes)
        self.authors = [{"name": (who := person(rng)), "bio": folded(
            f"{who} is an invented researcher based in {self.capital}. {sentence(rng)}")}
            for _ in range(3)]
        self.reasons = [folded(sentence(rng)) for _ in range(40)]

    def files(self) -> dict[str, dict]:
        base = f"countries/{self.slug}"
        out = {f"{base}/reports/{r['index']}-{r['edition']}.yml": r
               for r in [*self.nit(),
                         *self._series("fiw", RECENT, "Freedom in the World", "freedom-world"),
                         *self._series("fotn", RECENT, "Freedom on the Net", "freedom-net"),
                         *self._series("gsod", GSOD_YEARS, "Global State of Democracy", "gsod")]}
        out[f"{base}/events.yml"] = self.events()
        elections = self.elections()
        for election in elections:
            out[f"{base}/elections/{slugify(election['body'])}-{election['date'][:4]}.yml"] = \
                election
        out[f"{base}/country.yml"] = self.country(int(elections[0]["date"][:4]))
        return out

    # --- Reports ------------------------------------------------------------------------------

    def nit(self) -> list[dict]:
        index, rng = self.shared.indices["nit"], self.rng
        rule, bands = index.percentage, index.status.bands
        first = LAST_EDITION - self.editions + 1
        lo, unit, top, _ = _units(index.scale)
        units: dict[str, int] = {}
        target = {c.id: round((self.level - lo) / unit) + rng.randint(-3, 3)
                  for c in index.categories}
        previous: dict | None = None
        reports = []
        for edition in range(first, LAST_EDITION + 1):
            ids = [c.id for c in categories_for(index, edition)]
            # In an edition whose categories differ from the last one's (NIT 2005), the other
            # ratings stay put: last year's score then follows from the stated values alone.
            steady = previous is not None and set(ids) != set(units)
            rated: dict[str, int] = {}
            for cid in ids:
                u = units.get(cid)
                if u is None:  # a new category starts near the others
                    kept = list(units.values())
                    u = round(sum(kept) / len(kept)) if kept else target[cid]
                    u += rng.randint(-1, 1)
                elif not steady and rng.random() < 0.3:
                    up = rng.random() < 0.5 + 0.08 * (target[cid] - u)
                    u += (1 if up else -1) * (2 if rng.random() < 0.15 else 1)
                rated[cid] = min(top, max(0, u))
            units = rated
            ratings = {cid: lo + u * unit for cid, u in rated.items()}
            mean = aggregate_exact(index, [float(r) for r in ratings.values()])
            aggregate = round_half_up(mean, index.aggregate.decimals)
            percentage = None
            if rule is not None and (rule.first is None or edition >= rule.first):
                percentage = round_half_up(percentage_exact(index, mean), rule.decimals)
            report = {"index": "nit", "edition": edition, "covers": str(edition - 1),
                      "status": band_for(bands, aggregate).id, "aggregate": aggregate}
            if percentage is not None:
                report["percentage"] = percentage
            if previous is not None:
                report["previous"] = {"aggregate": previous["aggregate"]}
                if "percentage" in previous:
                    report["previous"]["percentage"] = round_half_up(
                        Fraction(previous["percentage"]), rule.previous_decimals)
                report["previous"]["status"] = previous["status"]
            report.update(self._changes(previous, [{"id": cid, "rating": _number(r, unit)}
                                                   for cid, r in ratings.items()]))
            report["summary"] = self.text.section(8)
            report["at_a_glance"] = {"paragraphs": [self.text.paragraph(rng.randint(8, 10))]}
            per_category = round(NARRATIVE_PARAGRAPHS / len(ids))
            report["categories"] = [{"id": cid, "rating": _number(r, unit),
                                     "narrative": self.text.section(per_category)}
                                    for cid, r in ratings.items()]
            report["author"] = self.authors[(edition - first) // 6 % len(self.authors)]
            report.update(self._source("Nations in Transit", "nations-in-transit", edition))
            reports.append(report)
            previous = report
        return reports

    def _source(self, index_name: str, path: str, edition: int) -> dict:
        return {"source": {"name": f"{index_name} {edition}: {self.name}",
                           "url": f"https://example.org/{path}/{edition}/{self.slug}"},
                "data_note": FICTIONAL}

    def _series(self, index_id: str, years: int, title_: str, path: str) -> list[dict]:
        """Recent editions of an index: category values walking from year to year near the
        country's level, in whole steps of the category's scale (hundredths without a step)."""
        index, rng = self.shared.indices[index_id], self.rng
        freedom = (self.level - 1) / 6
        units: dict[str, int] = {}
        steps = {c.id: _units(c.scale or index.scale) for c in index.categories}
        reports: list[dict] = []
        for edition in range(LAST_EDITION - min(self.editions, years) + 1, LAST_EDITION + 1):
            categories = []
            for cat in categories_for(index, edition):
                lo, unit, top, margin = steps[cat.id]
                u = units.get(cat.id)
                if u is None:
                    u = round(top * (freedom + rng.gauss(0, 0.07)))
                elif rng.random() < 0.4:
                    u += rng.choice((-1, 1)) * rng.randint(1, max(1, top // 25))
                units[cat.id] = u = min(top - margin, max(margin, u))
                value = lo + u * unit
                result = {"id": cat.id, "rating": _number(value, unit)}
                if index.ranked:
                    of = 173 if edition <= 2023 else 174
                    rank = round((1 - float(value)) * (of - 1)) + 1 + rng.randint(-6, 6)
                    result.update(rank=min(of, max(1, rank)), rank_of=of)
                categories.append(result)
            covers = {"fotn": f"June {edition - 1} to May {edition}", "gsod": str(edition)}
            report: dict = {"index": index_id, "edition": edition,
                            "covers": covers.get(index_id, str(edition - 1))}
            total = None
            if index.aggregate is not None:  # whole points: FIW and FOTN
                total = int(round_half_up(aggregate_exact(
                    index, [c["rating"] for c in categories]), index.aggregate.decimals))
                if index.status.basis == "aggregate":
                    report["status"] = band_for(index.status.bands, total).id
                else:  # FIW's status comes from ratings not recorded here: near the usual split
                    report["status"] = ("free" if total >= 70 else
                                        "partly-free" if total >= 35 else "not-free")
                report["aggregate"] = total
            before = reports[-1] if reports else None
            if before is not None and total is not None:
                report["previous"] = {"aggregate": before["aggregate"], "status": before["status"]}
            report.update(self._changes(before, categories))
            report["categories"] = categories
            report.update(self._source(title_, path, edition))
            reports.append(report)
        return reports

    def _changes(self, before: dict | None, categories: list[dict]) -> dict:
        """The score changes since the report `before`, one per changed category."""
        old = {c["id"]: c["rating"] for c in before["categories"]} if before else {}
        changes = [{"category": c["id"], "from": old[c["id"]], "to": c["rating"],
                    "reason": self.rng.choice(self.reasons)}
                   for c in categories if c["id"] in old and old[c["id"]] != c["rating"]]
        return {"score_changes": changes} if changes else {}

    # --- Events, elections, the country file --------------------------------------------------

    def events(self) -> dict:
        rng, end = self.rng, TRACKER_END[0] * 12 + TRACKER_END[1] - 1
        category_ids = [c.id for c in self.shared.indices["gsod"].categories]
        months = sorted((end - rng.randrange(24) for _ in range(rng.randint(6, 12))), reverse=True)
        events, ids = [], set()
        for month in months:
            headline = title(rng)
            event_id = base = slugify(headline)[:61].rsplit("-", 1)[0]
            n = 2
            while event_id in ids:
                event_id, n = f"{base}-{n}", n + 1
            ids.add(event_id)
            event = {"id": event_id, "month": month_text(month), "title": headline,
                     "body": self.text.paragraph(rng.randint(4, 7))}
            if rng.random() < 0.25:
                event["watch"] = True
            event["categories"] = rng.sample(category_ids, rng.randint(1, 2))
            if month < end and rng.random() < 0.35:
                later = sorted(rng.randint(month + 1, end) for _ in range(rng.randint(1, 2)))
                event["updates"] = [
                    {"date": date_text(m, rng) if rng.random() < 0.5 else month_text(m),
                     "text": self.text.paragraph(rng.randint(1, 2))} for m in later]
            event["sources"] = [{"name": o} for o in rng.sample(OUTLETS, rng.randint(1, 3))]
            for src in event["sources"][::2]:  # every other source with a link
                src["url"] = f"https://example.org/{slugify(src['name'])}/{rng.randrange(999)}"
            events.append(event)
        return {"tracker": "gsod",
                "source": {"name": "Democracy Tracker (sample)",
                           "url": f"https://example.org/democracy-tracker/{self.slug}"},
                "events": events}

    def elections(self) -> list[dict]:
        rng = self.rng
        body, chamber = rng.choice(BODIES)
        seats = rng.randint(60, 300)
        year = rng.randint(2020, 2024)
        years = [year] + ([year - rng.choice((4, 5))] if rng.random() < 0.5 else [])
        return [self._election(body, chamber, seats, y) for y in years]

    def _election(self, body: str, chamber: str | None, seats: int, year: int) -> dict:
        rng = self.rng
        voters = int(10 ** rng.uniform(5.5, 7.6))
        turnout = Decimal(f"{rng.uniform(38, 82):.1f}")
        valid = int(voters * turnout / 100 * Decimal(f"{rng.uniform(0.96, 0.995):.3f}"))
        weights = sorted((rng.random() ** 2 for _ in self.parties), reverse=True)
        weights[0] += 0.5 * (self.level < 4)  # a dominant party where democracy is weak
        total = sum(weights) * rng.uniform(1.02, 1.15)  # leaves votes for small lists
        votes = [int(valid * w / total) for w in weights]
        threshold = rng.choice((3, 4, 5, 7))
        shares = [round_half_up(Fraction(v * 100, valid), 2) for v in votes]
        won = _dhondt([v if s >= threshold else 0 for v, s in zip(votes, shares)], seats)
        election = {"body": body}
        if chamber:
            election["chamber"] = chamber
        election.update({
            "kind": "legislative", "date": date_text(year * 12 + rng.randrange(12), rng),
            "seats": seats, "turnout": turnout, "threshold": threshold,
            "results": [{"party": p, "votes": v, "share": s, "seats": w}
                        for p, v, s, w in zip(self.parties, votes, shares, won)],
            "summary": self.text.paragraph(rng.randint(2, 4)),
            "sources": [{"name": f"Central Election Commission of {self.name}",
                         "url": f"https://example.org/elections/{self.slug}/{year}"}]})
        return election

    def country(self, last_election: int) -> dict:
        rng = self.rng
        info = {
            "as_of": AS_OF, "population": int(10 ** rng.uniform(5.7, 7.9)),
            "system_of_government": rng.choice(SYSTEMS),
            "head_of_state": {"title": "President", "name": self.head_of_state,
                              "since": rng.randint(2010, 2024)},
            "head_of_state_selection": rng.choice(["Direct election (two-round majority)",
                                                   "Indirect election by parliament"]),
            "head_of_government": {"title": "Prime Minister", "name": self.head_of_government,
                                   "party": self.parties[0], "since": rng.randint(2015, 2024)},
            "electoral_system": rng.choice(ELECTORAL_SYSTEMS),
            "women_lower_chamber": Decimal(f"{rng.uniform(8, 45):.1f}"),
        }
        if rng.random() < 0.5:
            info["women_upper_chamber"] = Decimal(f"{rng.uniform(8, 45):.1f}")
        info.update({"last_legislative_election": last_election,
                     "upr_date": date_text(rng.randint(2019 * 12, 2024 * 12 + 11), rng),
                     "upr_supported": Decimal(f"{rng.uniform(50, 95):.2f}"),
                     "sources": [{"name": "Democracy Tracker (sample)",
                                  "url": "https://example.org/democracy-tracker/"}]})
        return {
            "name": self.name, "slug": self.slug, "iso": None, "region": self.region,
            "subregion": rng.choice(REGIONS[self.region]),
            "summary": Folded([*FICTIONAL.lines, *self.text.paragraph(3).lines]),
            "basic_info": info,
            "treaties": {"as_of": AS_OF,
                         "statuses": {t: rng.choice(TREATY_STATUSES) for t in self.shared.treaties},
                         "sources": [{"name": "Treaty database (sample)",
                                      "url": "https://example.org/treaties/"}]},
        }


def _units(scale: Scale) -> tuple[Fraction, Fraction, int, int]:
    """A scale counted in steps: its min, the step (a hundredth without one), the number of
    steps up to its max, and how many steps to keep off either end (0-1 scores avoid 0 and 1)."""
    unit = Fraction(repr(scale.step)) if scale.step else Fraction(1, 100)
    lo = Fraction(repr(scale.min))
    return lo, unit, int((Fraction(repr(scale.max)) - lo) / unit), 0 if scale.step else 1


def _number(value: Fraction, unit: Fraction) -> int | Decimal:
    """A whole number on whole-step scales, else two decimals as printed (1.50, 0.43)."""
    return int(value) if unit.denominator == 1 else Decimal(f"{float(value):.2f}")


def _dhondt(votes: list[int], seats: int) -> list[int]:
    """Seats by the D'Hondt method; all zero if no list has votes."""
    won = [0] * len(votes)
    if not any(votes):
        return won
    for _ in range(seats):  # quotients compared exactly: a/b > c/d <=> a*d > c*b
        best = 0
        for i in range(1, len(votes)):
            if votes[i] * (won[best] + 1) > votes[best] * (won[i] + 1):
                best = i
        won[best] += 1
    return won
