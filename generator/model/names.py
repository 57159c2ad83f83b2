"""Names the site uses itself, and the checks that keep content ids off them (issue 24).

A content id becomes a file name, a folder name or an anchor. Where the generator writes it
inside a namespace of its own (countries/<slug>/, rankings/<id>/, `event-<id>`, `seats-<id>`)
it cannot meet the generator's names; where it shares a folder or a page with them, an id equal
to one of them is a located error here, instead of a download or page written over another or
two elements with one id:

- a country's slug names its downloads beside the whole dataset's (downloads/<slug>.json);
- an index id names methodology/<id>.md beside methodology/index.md, and its charts on a
  country page (`categories-<id>-<n>`: index `nit-2` would take the ids of `nit`'s second panel;
  `history-<id>-ratings`: index `fiw-ratings` would take those of `fiw`'s ratings history);
- a category id is the anchor of its section on a report page, beside the page's own headings,
  note anchors and chart ids;
- an event's anchor, `event-<id>`, stands on the tracker page beside its "Event reports" heading;
- an election's id names countries/<slug>/elections/<id>.md, and `index.md` is a folder's page.

Data text in headings gets automatic anchors; pages.render.heading_anchor keeps those off the
same names (`reserved_anchor`).
"""

from __future__ import annotations

import re

from ..diagnostics import Diagnostic, error
from .load import Document
from .parse import Content, CountryContent
from .schema_errors import key_path

# The whole dataset's downloads, beside each country's downloads/<slug>.json and .csv.
DATASET_STEM = "dataset"  # downloads/dataset.json
SCORES_STEM = "scores"  # downloads/scores.csv
COUNTRY_SLUGS = {DATASET_STEM: "downloads/dataset.json", SCORES_STEM: "downloads/scores.csv"}
INDEX_IDS = {"index": "methodology/index.md"}
# elections/<id>.md: MkDocs makes index.md the folder's own page (elections/, not elections/index/)
ELECTION_IDS = {"index": "elections/index.md is the folder's own page"}
# The anchors of a report page's own headings (templates/report.md.j2).
REPORT_HEADINGS = ("scores", "stated-and-recomputed", "score-changes", "executive-summary",
                   "at-a-glance", "categories", "author", "source")
EVENT_PREFIX = "event-"
TRACKER_HEADINGS = ("event-reports",)  # the tracker's headings that start with EVENT_PREFIX

# Anchors the generator writes in HTML blocks, which the toc extension does not see when it
# makes a heading's anchor unique: note references and notes (sections.Citations), chart
# titles and descriptions (derive_figures' id prefixes), the search page's box. Material's
# own ids start with two underscores.
_GENERATED = re.compile(r"(?:[sg]|c\d+)-[nr]\d+(?:-\d+)?"
                        r"|(?:gauge|history|categories|bands|seats)-.+-(?:title|desc)"
                        r"|search-query")


def event_anchor(event_id: str) -> str:
    """The anchor of an event on its country's tracker page (and in the feed's links)."""
    return EVENT_PREFIX + event_id


def reserved_anchor(anchor: str) -> bool:
    """Whether an anchor is one the generator or the theme gives an element of its own."""
    return anchor.startswith("__") or _GENERATED.fullmatch(anchor) is not None


def _error(doc: Document, loc: tuple, value: str, what: str, choices) -> Diagnostic:
    pos = doc.position(loc)
    return error(doc.path, pos.line, pos.col, "slug",
                 f"{key_path(doc.data, loc)}: '{value}' is a name the site uses itself ({what}),"
                 f" expected another slug, not one of: {', '.join(sorted(choices))}")


def check_definition_names(content: Content, out: list[Diagnostic]) -> None:
    """Index and category ids that take a name the site uses (with their documents)."""
    charts: dict[str, str] = {}  # chart id prefix -> the index whose charts use it
    for index_id, item in sorted(content.indices.items()):
        index, doc = item.value, item.doc
        if doc is None:
            continue
        if index.id in INDEX_IDS:
            out.append(_error(doc, ("id",), index.id, INDEX_IDS[index.id], INDEX_IDS))
        own = _chart_prefixes(index)
        taken = sorted(p for p in own if charts.get(p, index.id) != index.id)
        if taken:
            other = charts[taken[0]]
            pos = doc.position(("id",))
            out.append(error(doc.path, pos.line, pos.col, "slug",
                             f"id: '{index.id}' is a name the site uses itself (the chart"
                             f" '{taken[0]}' of index '{other}' on country pages), expected"
                             " another slug"))
        for prefix in own:
            charts.setdefault(prefix, index.id)
        for i, category in enumerate(index.categories):
            loc = ("categories", i, "id")
            if category.id in REPORT_HEADINGS:
                out.append(_error(doc, loc, category.id, "a heading's anchor on report pages",
                                  REPORT_HEADINGS))
            elif reserved_anchor(category.id):
                pos = doc.position(loc)
                out.append(error(doc.path, pos.line, pos.col, "slug",
                                 f"{key_path(doc.data, loc)}: '{category.id}' is a name the site"
                                 " uses itself (a note's or a chart's anchor on report pages),"
                                 " expected another slug, not one like s-n1, c2-r1 or"
                                 " gauge-nit-aggregate-title"))


def _chart_prefixes(index) -> set[str]:
    """The id prefixes of an index's charts on a country page (derive_figures.CountryCharts,
    band_chart and derive_history.ratings_history): its score history, its categories and each
    category's panel, its bands, its groups' ratings history."""
    prefixes = {f"history-{index.id}", f"categories-{index.id}"}
    prefixes.update(f"categories-{index.id}-{n}" for n in range(1, len(index.categories) + 1))
    if index.category_bands:
        prefixes.update({f"bands-{index.id}", f"bands-history-{index.id}"})
    if any(group.rating is not None for group in index.groups):
        prefixes.add(f"history-{index.id}-ratings")
    return prefixes


def check_country_names(bundle: CountryContent, out: list[Diagnostic]) -> None:
    """A country's slug, election and event ids that take a name the site uses (with their
    documents)."""
    item = bundle.country
    if item is not None and item.doc is not None and item.value.slug in COUNTRY_SLUGS:
        slug = item.value.slug
        out.append(_error(item.doc, ("slug",), slug, COUNTRY_SLUGS[slug], COUNTRY_SLUGS))
    for eid, election in sorted(bundle.elections.items()):
        if eid in ELECTION_IDS and election.doc is not None:
            out.append(_error(election.doc, (), eid, ELECTION_IDS[eid], ELECTION_IDS))
    log = bundle.events
    if log is None or log.doc is None:
        return
    for i, event in enumerate(log.value.events):
        if event_anchor(event.id) in TRACKER_HEADINGS:
            out.append(_error(log.doc, ("events", i, "id"), event.id,
                              f"the tracker page's anchor '{event_anchor(event.id)}'",
                              [h[len(EVENT_PREFIX):] for h in TRACKER_HEADINGS]))
