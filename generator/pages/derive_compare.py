"""Derive, comparisons: the medians a country's score is set against on its page, and the data
of the compare page.

The medians are of the whole site: `site_medians` computes them once, from every country's
reports, when the whole site is derived. The incremental render re-renders one country from a
content that holds that country alone (generator/site/incremental.py): it records the medians
of the full render and passes them back to the derive, so the country's charts are the same.

Which places a median is taken over: countries only. Freedom in the World rates territories
(Abkhazia, Hong Kong...) beside the countries, but counts and sums up the countries on their
own (its world's 195 countries); the medians do as it does, and every chart says so. A median of
fewer than MIN_PLACES countries is not drawn: the seed indices, with one country each, have none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Callable, Iterable, Mapping

from ..model.parse import Content
from ..model.records import Index
from ..model.scoring import exact
from .charts.model import Series

if TYPE_CHECKING:  # derive imports this module
    from .derive import ReportView, SiteView

MIN_PLACES = 5  # the fewest countries a median is drawn for
COMPARE_LIMIT = 6  # countries the compare page shows at once: one colour and marker each


@dataclass(frozen=True)
class Median:
    value: float  # the exact median as a float: a half-way value where the count is even
    places: int  # the countries it is taken over


@dataclass(frozen=True)
class Medians:
    """The site's medians of each index's aggregate score: the world's by (index, edition), each
    region's by (index, region, edition); only those of at least MIN_PLACES countries."""

    world: dict[tuple[str, int], Median] = field(default_factory=dict)
    regions: dict[tuple[str, str, int], Median] = field(default_factory=dict)


def median(values: Iterable[float]) -> Fraction:
    """The median of the scores as the editors wrote them (decimal, not binary: 1.36 is 136
    hundredths): the middle value, or the mean of the two middle values of an even count."""
    ordered = sorted(exact(v) for v in values)
    if not ordered:
        raise ValueError("median: no values")
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def site_medians(content: Content, indices: Mapping[str, Index]) -> Medians:
    """The medians of every index with an aggregate, over the countries (not the territories)
    that state a score in that edition."""
    world: dict[tuple[str, int], list[float]] = {}
    regions: dict[tuple[str, str, int], list[float]] = {}
    for _, bundle in sorted(content.countries.items()):
        if bundle.country is None or bundle.country.value.territory:
            continue
        region = bundle.country.value.region
        for item in bundle.reports:
            report = item.value
            index = indices.get(report.index)
            if index is None or index.aggregate is None or report.aggregate is None:
                continue
            world.setdefault((report.index, report.edition), []).append(report.aggregate)
            regions.setdefault((report.index, region, report.edition), []).append(
                report.aggregate)
    return Medians(_medians_of(world), _medians_of(regions))


def _medians_of(groups: dict) -> dict:
    return {key: Median(float(median(values)), len(values))
            for key, values in sorted(groups.items()) if len(values) >= MIN_PLACES}


def median_series(medians: Medians, index_id: str, region: str, editions: list[int],
                  territory: bool) -> tuple[list[Series], str]:
    """The region's and the world's medians at the country's `editions` as chart series (a gap
    where an edition has none), and the sentence that says what they are taken over; no
    series, and no sentence, for an index without medians at those editions."""
    lines = []
    for name, words, found in (
            (f"{region} median", f"the {region} median over", lambda e: medians.regions.get(
                (index_id, region, e))),
            ("World median", "the world median over", lambda e: medians.world.get(
                (index_id, e)))):
        points = [(e, found(e)) for e in editions]
        known = [m for _, m in points if m is not None]
        if known:
            series = Series(name, [(e, m.value if m else None) for e, m in points])
            lines.append((series, f"{words} {_count(known)}"))
    if not lines:
        return [], ""
    who = "Territories, this one among them," if territory else "Territories"
    sentence = (f"Medians of the countries with a score in each edition:"
                f" {' and '.join(text for _, text in lines)}. {who} are not counted; a median"
                f" of fewer than {MIN_PLACES} countries is not drawn.")
    return [series for series, _ in lines], sentence


def _count(known: list[Median]) -> str:
    lo, hi = min(m.places for m in known), max(m.places for m in known)
    return f"{lo} countries" if lo == hi else f"{lo} to {hi} countries"


# --- The compare page -------------------------------------------------------------------------

def compared(reports: Iterable[ReportView]) -> bool:
    """Whether the compare page lists a country: it states an aggregate score somewhere."""
    return any(v.index.aggregate is not None and v.report.aggregate is not None
               for v in reports)


def compare_data(site: SiteView, href: Callable[[str], str]) -> str:
    """The compare page's data as JSON for a <script type="application/json"> element: every
    country with a score (name, region, its page, per index its editions as [edition, score,
    status number]) and every index with a score (names, scale, decimals, statuses). `href`
    gives a page's final URL in the current build (website or offline bundle). Scores are the
    stated ones, unrounded; the text is compact, keys in a fixed order, and '<', '>' and '&'
    are written as \\u escapes, so no data can end the script element."""
    indices = [ix for ix in site.indices if ix.aggregate is not None]
    statuses = {ix.id: [b.id for b in ix.status.bands] if ix.status else [] for ix in indices}
    countries, used = [], set()
    for country in site.countries:
        if not compared(country.reports):
            continue
        scores: dict[str, list] = {}
        latest: dict[str, str] = {}
        for view in country.reports:
            ix = view.index
            if ix.aggregate is None:
                continue
            status = view.report.status
            number = statuses[ix.id].index(status) if status in statuses[ix.id] else None
            scores.setdefault(ix.id, []).append(
                [view.report.edition, _number(view.report.aggregate), number])
            latest[ix.id] = href(view.path)
        scores = {k: v for k, v in scores.items() if any(s[1] is not None for s in v)}
        used.update(scores)
        entry = {"slug": country.slug, "name": country.country.name,
                 "region": country.country.region, "url": href(country.path)}
        if country.country.territory:
            entry["territory"] = True
        entry["scores"] = scores
        entry["latest"] = {k: latest[k] for k in scores}
        countries.append(entry)
    data = {
        "limit": COMPARE_LIMIT,
        "indices": [{
            "id": ix.id, "name": ix.name, "score": ix.aggregate.name,
            "min": _number(ix.aggregate.scale.min), "max": _number(ix.aggregate.scale.max),
            "decimals": ix.aggregate.decimals, "higher": ix.higher_is_better,
            "statuses": [b.name for b in ix.status.bands] if ix.status else [],
        } for ix in indices if ix.id in used],
        "countries": countries,
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _number(x: float | None) -> float | int | None:
    """A figure as the content writes it: 94.0 as 94, 1.36 as 1.36."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x
