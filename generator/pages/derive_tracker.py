"""Derive, tracker: a country's event reports by month and its treaty statuses, as its tracker
and country pages show them (computed with the views by generator.pages.derive); the dates as
pages write them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.records import Event, Treaty

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


@dataclass
class MonthView:
    label: str
    events: list[Event]


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
