"""The typed model of the content: frozen records, one per kind of content file.

These classes are the contract between editors and the generator: `python -m generator schema`
publishes them as JSON Schema. Checks that need more than one field or file live in validate.py.

Every number has a range that makes sense for what it counts (issue 24), stated in its field's
description: no value can make the arithmetic, the drawings or the pages grow with its size.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .fields import (  # noqa: F401 - the model's vocabulary, imported from here by the rest
    NOTES_MAX,
    POPULATION_MAX,
    RANKED_MAX,
    SCORE_LIMIT,
    SEATS_MAX,
    SLUG_PATTERN,
    STEPS_MAX,
    VOTES_MAX,
    YEARS,
    Inhabitants,
    IsoDate,
    IsoMonth,
    Line,
    NoteNumber,
    Points,
    Record,
    Slug,
    Text,
    TreatyStatus,
    Url,
    Year,
    _ranged,
    number_words,
    percent,
    range_words,
    score,
    whole,
    year,
)
from .records_index import (  # noqa: F401
    Adjustment,
    Aggregate,
    Band,
    Group,
    GroupRating,
    Index,
    IndexCategory,
    Indicator,
    PercentageRule,
    RatingBand,
    Scale,
    StatusRule,
)

# --- Treaty catalogue: content/treaties.yml -------------------------------------------------


class Treaty(Record):
    """A human-rights treaty with a stable id and the names it is printed under."""

    id: Slug
    body: Literal["un", "ilo"]
    name: Line
    short_name: Line
    aliases: list[Line] = []
    adopted: int | None = year("year adopted", None)
    protocol_to: Slug | None = Field(default=None, description="the treaty it is a protocol to")
    fundamental_since: int | None = year("year it became an ILO fundamental convention", None)


class TreatyCatalogue(Record):
    treaties: list[Treaty]


# --- Countries: content/countries/<slug>/country.yml ----------------------------------------


class Source(Record):
    name: Line
    url: Url | None = None


class Officeholder(Record):
    title: Line
    name: Line
    party: Line | None = None
    since: int | None = year("year in office since", None)


class BasicInfo(Record):
    """Basic facts about a country, as the Democracy Tracker shows them."""

    as_of: IsoDate | None = None
    population: int | None = whole(0, POPULATION_MAX, "inhabitants", None)
    system_of_government: Line | None = None
    head_of_state: Officeholder | None = None
    head_of_state_selection: Line | None = None
    head_of_government: Officeholder | None = None
    electoral_system: Line | None = Field(default=None, description="lower or single chamber")
    women_lower_chamber: float | None = percent("% women in the lower or single chamber")
    women_upper_chamber: float | None = percent("% women in the upper chamber")
    last_legislative_election: int | None = year("year of the last legislative election", None)
    upr_date: IsoDate | None = Field(default=None, description="latest Universal Periodic Review")
    upr_supported: float | None = percent("% recommendations supported")
    sources: list[Source] = []


class TreatyStatuses(Record):
    as_of: Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] | None = \
        Field(default=None, description="the date of the data: YYYY, YYYY-MM or YYYY-MM-DD")
    statuses: dict[Slug, TreatyStatus]
    years: dict[Slug, Year] = Field(default={}, description=(
        "the year of ratification, accession or signature, by treaty id"))
    sources: list[Source] = []


class Codes(Record):
    """Standard codes of a country or territory."""

    iso2: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None
    m49: int | None = whole(1, 999, "UN M49 numeric code", None)


class RatingsEntry(Record):
    """One survey's ratings and status, as the publisher's historical table gives them."""

    edition: Line = Field(description="the survey edition as labelled, e.g. 1978 or 1983-84")
    year: int = year("the edition's year, for ordering and charts")
    covers: Line | None = Field(default=None, description="the period under review")
    ratings: dict[Slug, Points] = Field(default={}, description="group id -> rating")
    status: Slug | None = None


class RatingsHistory(Record):
    """An index's ratings and statuses over every survey, oldest first."""

    entries: list[RatingsEntry]
    source: Source | None = None


class Country(Record):
    """A country or territory; `iso` is ISO 3166-1 alpha-3 where one exists (Kosovo has none)."""

    name: Line
    slug: Slug
    iso: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    territory: bool = Field(default=False, description="a territory, not a sovereign state")
    codes: Codes | None = None
    region: Line = Field(description="the publisher's region (FIW's six world regions)")
    subregion: Line | None = Field(default=None, description="UN M49 sub-region")
    un_region: Line | None = Field(default=None, description="UN M49 region")
    summary: Text | None = None
    basic_info: BasicInfo | None = None
    population: dict[Year, Inhabitants] = Field(default={}, description=(
        f"inhabitants (0 to {POPULATION_MAX:,}) by year"))
    population_source: Source | None = None
    treaties: TreatyStatuses | None = None
    history: dict[Slug, RatingsHistory] = Field(default={}, description="index id -> history")


# --- Reports: content/countries/<slug>/reports/<index>-<edition>.yml ------------------------


class Section(Record):
    """Paragraphs of plain text citing notes as [^N]; notes run 1..N, null = text unknown."""

    paragraphs: list[Text]
    notes: dict[NoteNumber, Text | None] = Field(
        default={}, description=f"note texts by number, 1 to {NOTES_MAX}",
        json_schema_extra={"propertyNames": {"pattern": "^[1-9][0-9]{0,2}$"}})


class CategoryResult(Record):
    """A category's result in one report: rating, rank, and the narrative behind it."""

    id: Slug
    rating: float | None = score("on the category's scale", None)
    indicators: dict[Slug, Points] = Field(default={}, description="indicator id -> score")
    rank: int | None = whole(1, RANKED_MAX, "at most rank_of", None)
    rank_of: int | None = whole(1, RANKED_MAX, "countries ranked", None)
    narrative: Section | None = None


class ScoreChange(Record):
    category: Slug
    old: float = score("the rating before", alias="from")
    new: float = score("the rating after", alias="to")
    reason: Text


class PreviousValues(Record):
    """What the report prints as last year's values."""

    aggregate: float | None = score("last year's, on the aggregate's scale", None)
    percentage: float | None = percent("last year's percentage")
    status: Slug | None = None


class GroupResult(Record):
    """A group's total and rating in one report, with its discretionary adjustments."""

    id: Slug
    total: float | None = score("the group's total, adjustments included", None)
    rating: float | None = score("on the group's rating scale", None)
    adjustments: dict[Slug, Points] = Field(default={}, description="adjustment id -> points")


class Author(Record):
    name: Line
    bio: Text | None = None


class Report(Record):
    """One country's result on one index in one edition."""

    index: Slug
    edition: int = year("the year of the edition")
    covers: Line | None = Field(default=None, description="period rated, e.g. 2021")
    status: Slug | None = None
    aggregate: float | None = score("on the aggregate's scale", None)
    percentage: float | None = percent("the aggregate rescaled to 0-100")
    previous: PreviousValues | None = None
    score_changes: list[ScoreChange] = []
    summary: Section | None = None
    at_a_glance: Section | None = None
    categories: list[CategoryResult] = []
    groups: list[GroupResult] = []
    electoral_democracy: bool | None = None
    discrepancies: list[Slug] = Field(default=[], description=(
        "checks on which the publisher's own figures disagree with its arithmetic: the stated"
        " figures stand and the page says so (a group id, a category id, <group>-rating,"
        " aggregate or status)"))
    author: Author | None = None
    source: Source | None = None
    data_note: Text | None = Field(default=None, description="where these figures come from")


# --- Events: content/countries/<slug>/events.yml --------------------------------------------


class EventUpdate(Record):
    text: Text
    date: IsoDate | IsoMonth | None = None


class Event(Record):
    """A monthly event report (Democracy Tracker)."""

    id: Slug
    month: IsoMonth
    title: Line
    body: Text
    watch: bool = False
    election: bool = Field(default=False, description="the tracker marks it as an election")
    categories: list[Slug] = []
    updates: list[EventUpdate] = []
    sources: list[Source] = []


class EventLog(Record):
    tracker: Slug = Field(description="the index whose tracker published these events")
    source: Source | None = None
    events: list[Event]


# --- Elections: content/countries/<slug>/elections/<id>.yml ---------------------------------


class PartyResult(Record):
    party: Line
    short_name: Line | None = None
    votes: int | None = whole(0, VOTES_MAX, "votes won", None)
    share: float | None = percent("% of the votes")
    seats: int | None = whole(0, SEATS_MAX, "seats won", None)
    seats_change: int | None = whole(-SEATS_MAX, SEATS_MAX, "seats won or lost", None)
    share_change: float | None = _ranged(False, -100, 100, "percentage points gained or lost",
                                         None)


class Election(Record):
    """One election: body, date, turnout and the results per party."""

    body: Line
    chamber: Line | None = None
    kind: Literal["legislative", "presidential", "local", "referendum"]
    date: IsoDate
    seats: int | None = whole(1, SEATS_MAX, "seats in the body", None)
    electorate: int | None = whole(0, VOTES_MAX, "registered voters", None)
    votes_cast: int | None = whole(0, VOTES_MAX, "ballots cast", None)
    votes_valid: int | None = whole(0, VOTES_MAX, "valid votes", None)
    previous: IsoDate | None = Field(default=None, description="date of the previous election"
                                     " of the same body, which the changes compare with")
    turnout: float | None = percent("% of the electorate who voted")
    threshold: float | None = percent("% of the votes needed for seats")
    results: list[PartyResult]
    discrepancies: list[Literal["shares", "seats"]] = Field(default=[], description=(
        "totals the source's own figures exceed (vote shares over 100%, more seats than the"
        " body has): the figures stand and the page says so"))
    summary: Text | None = None
    sources: list[Source] = []


# Content file kinds, by the name `schema` publishes them under.
FILE_KINDS: dict[str, type[Record]] = {
    "index": Index,
    "treaties": TreatyCatalogue,
    "country": Country,
    "report": Report,
    "events": EventLog,
    "election": Election,
}


def json_schema(kind: str) -> dict:
    """The JSON Schema document of one kind of content file (`schema`, the downloads)."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{kind}.schema.json", **FILE_KINDS[kind].model_json_schema(by_alias=True)}
