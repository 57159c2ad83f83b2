"""Derive, tracker: a country's event reports by month, its treaty statuses and its elections,
as its tracker, country and election pages show them (computed with the views by
generator.pages.derive)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.records import Country, Election, Event, Treaty
from ..model.scoring import exact, fmt, round_half_up
from .charts.model import Hemicycle
from .derive_figures import seats_chart

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


@dataclass
class MonthView:
    label: str
    events: list[Event]


@dataclass
class ElectionView:
    path: str
    id: str
    country: Country
    election: Election
    title: str
    date_label: str
    rows: list[dict[str, Any]]
    seats_filled: int
    has_votes: bool
    has_share: bool
    has_change: bool
    seats: Hemicycle | None  # None when no party has seats recorded
    discrepancies: list[str]  # the source's totals that exceed what they can be, in words


def months_of(events: list[Event]) -> list[MonthView]:
    groups: dict[str, list[Event]] = {}
    for event in sorted(events, key=lambda e: (e.month, e.id), reverse=True):
        groups.setdefault(event.month, []).append(event)
    return [MonthView(month_label(m), evs) for m, evs in groups.items()]


def month_label(month: str) -> str:
    """'2024-06' -> 'June 2024'."""
    year, mon = month[:4], int(month[5:7])
    return f"{MONTHS[mon - 1]} {year}"


def date_label(date: str) -> str:
    """'2021-01-10' -> '10 January 2021'."""
    return f"{int(date[8:10])} {month_label(date[:7])}"


TREATY_STATUS_LABELS = {"state-party": "State party", "signatory": "Signatory",
                        "no-action": "No action"}


def treaty_rows(statuses: dict[str, str], treaties: list[Treaty],
                years: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """One row per catalogue treaty, in catalogue order but each treaty's protocols right after
    it; status None where none is recorded, and the year of ratification, accession or
    signature where it is."""
    ids = {t.id for t in treaties}
    protocols: dict[str, list[Treaty]] = {}
    for t in treaties:
        if t.protocol_to in ids:
            protocols.setdefault(t.protocol_to, []).append(t)
    ordered = [x for t in treaties if t.protocol_to not in ids
               for x in (t, *protocols.get(t.id, ()))]
    years = years or {}
    return [{"treaty": t, "status": statuses.get(t.id), "year": years.get(t.id),
             "label": TREATY_STATUS_LABELS.get(statuses.get(t.id), "Not recorded")}
            for t in ordered]


def treaty_counts(rows: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    """(status, label, count) for the statuses present, state parties first."""
    order = [*TREATY_STATUS_LABELS, None]
    counts = {key: sum(1 for r in rows if r["status"] == key) for key in order}
    return [(key or "not-recorded", TREATY_STATUS_LABELS.get(key, "Not recorded"), n)
            for key, n in counts.items() if n]


def election_view(country: Country, eid: str, election: Election, base: str) -> ElectionView:
    total_votes = sum(r.votes for r in election.results if r.votes is not None)
    rows = []
    for r in sorted(election.results, key=lambda r: (-(r.seats or 0), -(r.votes or 0), r.party)):
        share = r.share
        computed_share = False
        if share is None and r.votes is not None and total_votes and all(
                x.votes is not None for x in election.results):
            share = float(round_half_up(exact(r.votes) / total_votes * 100, 1))
            computed_share = True
        rows.append({"party": r.party, "short_name": r.short_name, "votes": r.votes,
                     "share": f"{share:.1f}" if share is not None else None,
                     "share_computed": computed_share, "seats": r.seats,
                     "seats_change": r.seats_change})
    label = date_label(election.date)
    return ElectionView(
        path=f"{base}/elections/{eid}.md", id=eid, country=country, election=election,
        title=f"{country.name}: {election.body} election, {election.date[:4]}",
        date_label=label, rows=rows,
        seats_filled=sum(r.seats or 0 for r in election.results),
        has_votes=any(r["votes"] is not None for r in rows),
        has_share=any(r["share"] is not None for r in rows),
        has_change=any(r["seats_change"] is not None for r in rows),
        seats=seats_chart(eid, election, label, rows),
        discrepancies=[_discrepancy(election, key) for key in election.discrepancies])


def _discrepancy(election: Election, key: str) -> str:
    """'the parties' vote shares add up to 100.7%': a total the election lists under its
    discrepancies (the source's own figures, which stand)."""
    if key == "shares":
        total = sum((exact(r.share) for r in election.results if r.share is not None), 0)
        return f"the parties' vote shares add up to {fmt(total, 1)}%"
    held = sum(r.seats or 0 for r in election.results)
    return f"the parties hold {held:,} seats, more than the {election.seats or 0:,} of the body"
