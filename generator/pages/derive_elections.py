"""Derive, elections: an election's page (its turnout figures, the results with each party's
change in seats and vote share, the previous and next elections of the body) and the table of
a country's elections on its page (computed with the views by generator.pages.derive)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.records import Country, Election, Source
from ..model.scoring import exact, fmt, round_half_up
from .charts.model import Hemicycle
from .derive_figures import seats_chart
from .derive_tracker import date_label

MINUS = "\u2212"


@dataclass(frozen=True)
class ElectionLink:
    """Another election, as a link: its page, its body and its date as pages write it."""

    path: str
    body: str
    label: str  # "24 September 2017"


@dataclass
class ElectionView:
    path: str
    id: str
    country: Country
    election: Election
    title: str
    date_label: str
    facts: list[tuple[str, str]]  # (label, text): seats, electorate, votes, turnout, threshold
    rows: list[dict[str, Any]]
    seats_filled: int
    has_votes: bool
    has_share: bool
    has_change: bool  # some party's seat change is recorded
    has_share_change: bool  # some party's vote-share change is recorded
    seats: Hemicycle | None  # None when no party has seats recorded
    discrepancies: list[str]  # the source's totals that exceed what they can be, in words
    largest: dict[str, Any] | None  # the first row: most seats, then most votes
    previous: ElectionLink | None = None  # the election `previous` names, when on the site
    previous_label: str | None = None  # its date, whether or not it is on the site
    next: ElectionLink | None = None  # the election that names this one as its previous


def election_view(country: Country, eid: str, election: Election, base: str) -> ElectionView:
    """One election's page; `link_elections` sets its previous and next elections."""
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
                     "seats_change": _signed(r.seats_change, 0),
                     "share_change": _signed(r.share_change, 1)})
    label = date_label(election.date)
    ranked = any(r["seats"] for r in rows) or any(r["votes"] for r in rows)
    return ElectionView(
        path=f"{base}/elections/{eid}.md", id=eid, country=country, election=election,
        title=f"{country.name}: {election.body} election, {election.date[:4]}",
        date_label=label, facts=_facts(election), rows=rows,
        seats_filled=sum(r.seats or 0 for r in election.results),
        has_votes=any(r["votes"] is not None for r in rows),
        has_share=any(r["share"] is not None for r in rows),
        has_change=any(r["seats_change"] is not None for r in rows),
        has_share_change=any(r["share_change"] is not None for r in rows),
        seats=seats_chart(eid, election, label, rows),
        discrepancies=[_discrepancy(election, key) for key in election.discrepancies],
        largest=rows[0] if ranked else None,
        previous_label=date_label(election.previous) if election.previous else None)


def link_elections(views: list[ElectionView]) -> None:
    """Each election's link to the one its `previous` names (the same body's on that date, else
    any election of the country on that date), and that one's link back to it as its next."""
    by_date: dict[str, list[ElectionView]] = {}
    for view in views:
        by_date.setdefault(view.election.date, []).append(view)
    for view in sorted(views, key=lambda v: (v.election.date, v.id)):
        date = view.election.previous
        if date is None or date not in by_date:
            continue
        same = [v for v in by_date[date] if v.election.body == view.election.body]
        prev = (same or by_date[date])[0]
        view.previous = ElectionLink(prev.path, prev.election.body, prev.date_label)
        if prev.next is None:
            prev.next = ElectionLink(view.path, view.election.body, view.date_label)


@dataclass(frozen=True)
class ElectionRow:
    """An election in the table of its country's elections."""

    path: str
    date: str  # ISO, which sorts as dates do
    body: str
    turnout: str | None  # "79.0%": the column's decimals
    party: str | None  # the largest party: the most seats, else the most votes
    seats: str | None  # its seats, "206 of 736"


def election_table(views: list[ElectionView]) -> list[ElectionRow]:
    """The rows of a country's table of elections, in the order of `views`. The turnouts are
    written with the decimals of the most precise (79.0% beside 78.8%: ParlGov gives one)."""
    decimals = max((len(_num(v.election.turnout).partition(".")[2]) for v in views
                    if v.election.turnout is not None), default=0)
    rows = []
    for view in views:
        e, top = view.election, view.largest
        seats = None
        if top is not None and top["seats"] is not None:
            seats = f"{top['seats']:,}" + (f" of {e.seats:,}" if e.seats else "")
        rows.append(ElectionRow(
            view.path, e.date, e.body,
            f"{fmt(e.turnout, decimals)}%" if e.turnout is not None else None,
            top["party"] if top else None, seats))
    return rows


def election_sources(views: list[ElectionView]) -> list[Source]:
    """The sources of a country's elections, each once, in the order of first mention."""
    seen: dict[tuple[str, str | None], Source] = {}
    for view in views:
        for source in view.election.sources:
            seen.setdefault((source.name, source.url), source)
    return list(seen.values())


def _facts(election: Election) -> list[tuple[str, str]]:
    """(label, text) rows of the figures the source gives: a figure it lacks is left out."""
    rows = []
    for label, value in (("Seats", election.seats), ("Electorate", election.electorate),
                         ("Votes cast", election.votes_cast),
                         ("Valid votes", election.votes_valid)):
        if value is not None:
            rows.append((label, f"{value:,}"))
    for label, value in (("Turnout", election.turnout), ("Threshold", election.threshold)):
        if value is not None:
            rows.append((label, f"{_num(value)}%"))
    return rows


def _num(value: float) -> str:
    """63.0 -> '63', 76.6 -> '76.6'."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _signed(value: float | None, decimals: int) -> str | None:
    """A change as pages write it: '+5.2', '−7.9' (a minus sign), '0' for none."""
    if value is None:
        return None
    text = fmt(abs(value), decimals)
    if not text.strip("0."):
        return text  # rounds to none: '0', '0.0'
    return ("+" if value > 0 else MINUS) + text


def _discrepancy(election: Election, key: str) -> str:
    """'the parties' vote shares add up to 100.7%': a total the election lists under its
    discrepancies (the source's own figures, which stand)."""
    if key == "shares":
        total = sum((exact(r.share) for r in election.results if r.share is not None), 0)
        return f"the parties' vote shares add up to {fmt(total, 1)}%"
    held = sum(r.seats or 0 for r in election.results)
    return f"the parties hold {held:,} seats, more than the {election.seats or 0:,} of the body"
