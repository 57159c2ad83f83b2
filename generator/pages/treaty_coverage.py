"""Derive, treaty coverage: every state with treaty data against every UN human-rights treaty
and optional protocol, for the treaties page (templates/treaties.md.j2), its CSV download and
its world map of the core treaties each state is party to.

The page covers the UN instruments only: ILO conventions are recorded for too few countries to
compare (each country's own treaty table lists them). Everything the page shows is computed
here, the template only writes it out; the same `Coverage` gives the CSV, so the two agree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from ..model.records import Source, Treaty
from .derive import CountryView, SiteView
from .derive_tracker import treaty_rows
from .downloads import csv_cell, csv_lines
from .maps import NONE_CLASS, Bin, WorldMap, country_map, has_shape, scale_classes

TREATIES_CSV = "treaties/treaties.csv"
BODY = "un"  # the instruments the page compares
# status -> (word in a cell, CSS class of a cell, the legend's words); None: not recorded
STATUSES: dict[str | None, tuple[str, str, str]] = {
    "state-party": ("Party", "tp", "State party: ratified or acceded, with the year"),
    "signatory": ("Signed", "ts", "Signatory: signed, not ratified"),
    "no-action": ("No action", "tn", "No action: neither signed nor ratified"),
    None: ("Not recorded", "tx", "Not recorded in the data"),
}
COUNTED = ("state-party", "signatory", "no-action", None)  # the footer's rows, in this order
TABLE_ID = "treaty_table"  # the template's table of every state, which the map points to
MAP_ID = "treaty_map"  # ids of the map's title and description; country slugs hold no "_"


@dataclass(frozen=True)
class Column:
    """One treaty: its counts of states by status (STATUSES' keys) over every row."""

    treaty: Treaty
    core: bool  # a core treaty, not an optional protocol
    counts: dict[str | None, int]


@dataclass(frozen=True)
class Cell:
    status: str | None
    year: int | None
    text: str  # "Party 1995", "Signed", "No action", "Not recorded"
    css: str


@dataclass(frozen=True)
class Row:
    view: CountryView
    target: str  # the Markdown path (and anchor) of the country's treaty table
    cells: tuple[Cell, ...]
    core_parties: int
    parties: int

    @property
    def slug(self) -> str:
        return self.view.slug

    @property
    def name(self) -> str:
        return self.view.country.name

    @property
    def region(self) -> str:
        return self.view.country.region


@dataclass(frozen=True)
class Coverage:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    regions: tuple[tuple[str, int], ...]  # (region, number of rows), by name
    as_of: tuple[str, str] | None  # the earliest and latest date of the data
    sources: tuple[Source, ...]  # of the statuses, the most cited first
    map: WorldMap | None = None  # of the core treaties each state is party to

    @property
    def core_total(self) -> int:
        return sum(1 for c in self.columns if c.core)

    @property
    def as_of_label(self) -> str:
        """'2022', or '2021 to 2022' when the countries' data are of different dates."""
        if self.as_of is None:
            return ""
        first, last = self.as_of
        return first if first == last else f"{first} to {last}"

    @property
    def legend(self) -> tuple[tuple[str, str, str], ...]:
        """(CSS class, a cell's word, what it means) of each status a cell can show."""
        return tuple((STATUSES[s][1], STATUSES[s][0], STATUSES[s][2]) for s in COUNTED)

    @property
    def counted(self) -> tuple[tuple[str | None, str, str, int], ...]:
        """(status, its cells' CSS class, the footer's words, total) of each status the table
        holds, state parties first: the footer's rows."""
        words = {"state-party": "State parties", "signatory": "Signatories",
                 "no-action": "No action", None: "Not recorded"}
        totals = {s: sum(c.counts[s] for c in self.columns) for s in COUNTED}
        return tuple((s, STATUSES[s][1], words[s], totals[s]) for s in COUNTED
                     if s is not None or totals[s])


def treaty_coverage(site: SiteView, with_map: bool = True) -> Coverage:
    """The coverage table of the site's states with treaty data (none: no rows), and with
    `with_map` its world map."""
    catalogue = [t for t in site.treaty_catalogue if t.body == BODY]
    ordered = [r["treaty"] for r in treaty_rows({}, catalogue)]
    ids = {t.id for t in catalogue}
    rows = tuple(_row(view, ordered) for view in site.countries if view.treaties)
    columns = tuple(
        Column(t, t.protocol_to not in ids,
               {s: sum(1 for r in rows if r.cells[i].status == s) for s in COUNTED})
        for i, t in enumerate(ordered))
    regions = Counter(r.region for r in rows)
    dates = sorted(r.view.country.treaties.as_of for r in rows
                   if r.view.country.treaties.as_of)
    cited = Counter((s.name, s.url) for r in rows for s in r.view.country.treaties.sources)
    sources = tuple(Source(name=n, url=u) for (n, u), _ in
                    sorted(cited.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1] or "")))
    coverage = Coverage(columns=columns, rows=rows,
                        regions=tuple(sorted(regions.items(), key=lambda kv: kv[0].casefold())),
                        as_of=(dates[0], dates[-1]) if dates else None, sources=sources)
    return replace(coverage, map=_map(site, coverage)) if with_map else coverage


def _row(view: CountryView, ordered: list[Treaty]) -> Row:
    by_id = {r["treaty"].id: r for r in view.treaties}
    cells = tuple(_cell(by_id.get(t.id, {})) for t in ordered)
    core = sum(1 for t, c in zip(ordered, cells) if t.protocol_to is None and c.status ==
               "state-party")
    target = (f"{view.tracker_path}#human-rights-treaties" if view.tracker_path else view.path)
    return Row(view, target, cells, core,
               sum(1 for c in cells if c.status == "state-party"))


def _cell(row: dict[str, Any]) -> Cell:
    status, year = row.get("status"), row.get("year")
    word, css, _ = STATUSES.get(status, STATUSES[None])
    shown = status if status in STATUSES else None
    dated = year if shown in ("state-party", "signatory") else None
    return Cell(shown, dated, f"{word} {dated}" if dated else word, css)


def map_bins(total: int) -> list[tuple[int, int]]:
    """The map's ranges of core treaties party to, of `total`: one per count, but at most seven
    (the palette's steps), the lowest counts sharing one. Of 9: 0-3, then 4 to 9 one by one;
    the shipped data have 7 states in 0-3 and most at 7 or 8, which keep their own colours."""
    if total < 7:
        return [(n, n) for n in range(total + 1)]
    return [(0, total - 6)] + [(n, n) for n in range(total - 5, total + 1)]


def _map(site: SiteView, coverage: Coverage) -> WorldMap | None:
    """The world map of the core treaties each state is party to, the palette's steps from the
    fewest to all, the legend from all; a country of the site without treaty data is hatched,
    linked to its page."""
    total = coverage.core_total
    if not total or not coverage.rows:
        return None
    bins = map_bins(total)
    legend = [Bin(css, f"{lo}–{hi} treaties" if lo != hi else
                  f"{lo} treat{'y' if lo == 1 else 'ies'}")
              for css, (lo, hi) in zip(scale_classes(len(bins)), bins)]
    entries, targets = [], {}
    for row in coverage.rows:
        step = next(b for b, (lo, hi) in zip(legend, bins) if lo <= row.core_parties <= hi)
        entries.append((row.view, f"{row.core_parties} of {total} core treaties",
                        step.css_class))
        targets[row.slug] = row.target
    without = [v for v in site.countries if v.slug not in targets and has_shape(v)]
    entries += [(v, "No treaty data", NONE_CLASS) for v in without]
    legend = legend[::-1] + ([Bin(NONE_CLASS, "No treaty data")] if without else [])
    counts = "; ".join(f"{b.label}: {sum(css == b.css_class for _, _, css in entries)}"
                       for b in legend)
    return country_map(
        f"Core UN human-rights treaties each state is party to, of {total}",
        f"World map of the {len(coverage.rows)} states with treaty data, coloured by how many of"
        f" the {total} core UN human-rights treaties each has ratified or acceded to"
        f"{', as of ' + coverage.as_of_label if coverage.as_of else ''}. States by number of"
        f" core treaties: {counts}. Places this site does not cover are grey.",
        MAP_ID, "Core treaties party to", legend, entries,
        lambda v: targets.get(v.slug, v.path), table_at=TABLE_ID)


def treaty_csv(coverage: Coverage) -> bytes:
    """The table as CSV: one row per state, each treaty's status and year, the counts."""
    header = ["country", "country_name", "iso", "region", "as_of"]
    for column in coverage.columns:
        header += [f"{column.treaty.id}_status", f"{column.treaty.id}_year"]
    header += ["core_treaties_party", "core_treaties", "instruments_party", "instruments"]
    lines = [header]
    for row in coverage.rows:
        country = row.view.country
        line = [row.slug, row.name, csv_cell(country.iso), row.region,
                csv_cell(country.treaties.as_of)]
        for cell in row.cells:
            line += [csv_cell(cell.status), csv_cell(cell.year)]
        line += [row.core_parties, coverage.core_total, row.parties, len(coverage.columns)]
        lines.append(line)
    return csv_lines(lines)


def treaty_files(site: SiteView) -> dict[str, bytes]:
    """The treaty page's download, by its path in the docs folder (none without treaty data,
    when the site has no treaties page)."""
    coverage = site.treaty_coverage or treaty_coverage(site, with_map=False)
    return {TREATIES_CSV: treaty_csv(coverage)} if coverage.rows else {}
