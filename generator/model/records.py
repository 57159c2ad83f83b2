"""The typed model of the content: frozen records, one per kind of content file.

These classes are the contract between editors and the generator: `python -m generator schema`
publishes them as JSON Schema. Checks that need more than one field or file live in validate.py.

Every number has a range that makes sense for what it counts (issue 24), stated in its field's
description: no value can make the arithmetic, the drawings or the pages grow with its size.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=200_000)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"']+$", max_length=2000)]
IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"), Field(
    description="a date written YYYY-MM-DD, in the years 1900 to 2100")]
IsoMonth = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}$"), Field(
    description="a month written YYYY-MM, in the years 1900 to 2100")]
TreatyStatus = Literal["state-party", "signatory", "no-action"]


# --- The ranges of numbers ------------------------------------------------------------------

YEARS = (1900, 2100)  # years, editions, and the years of dates (validate checks those)
SCORE_LIMIT = 1000  # scale bounds, ratings, aggregates, band bounds: -1000 to 1000
STEPS_MAX = 1000  # steps from a scale's min to its max (validate checks it)
NOTES_MAX = 999  # note numbers of a section
SEATS_MAX = 10_000  # seats in a body, and all parties' seats together
VOTES_MAX = 2_000_000_000
POPULATION_MAX = 10_000_000_000
RANKED_MAX = 1000  # countries ranked


def number_words(x: float) -> str:
    """A bound as messages write it: 7, -4, 0.25; thousands separated from 10,000 up."""
    if float(x).is_integer():
        return f"{int(x):,}" if abs(x) >= 10_000 else str(int(x))
    return repr(float(x))


def range_words(whole: bool, low: float | None = None, high: float | None = None,
                above: bool = False) -> str:
    """'a whole number from 1 to 10,000', 'a number above 0 and at most 1000'."""
    noun = "a whole number" if whole else "a number"
    if low is not None and high is not None:
        if above:
            return f"{noun} above {number_words(low)} and at most {number_words(high)}"
        return f"{noun} from {number_words(low)} to {number_words(high)}"
    if low is not None:
        return f"{noun} {'above' if above else 'of at least'} {number_words(low)}"
    return f"{noun} of at most {number_words(high)}"


def _ranged(whole: bool, low: float, high: float, what: str, default: Any, above: bool = False,
            **extra: Any) -> Any:
    words = range_words(whole, low, high, above)
    bounds = {"gt" if above else "ge": low, "le": high}
    return Field(default, **bounds, description=f"{what}: {words}" if what else words, **extra)


def whole(low: int, high: int, what: str = "", default: Any = ..., **extra: Any) -> Any:
    """A field for a whole number from low to high, the range stated in its description."""
    return _ranged(True, low, high, what, default, **extra)


def year(what: str = "", default: Any = ...) -> Any:
    return whole(*YEARS, what, default)


def score(what: str = "", default: Any = ..., **extra: Any) -> Any:
    """A number on an index's footing: a rating, an aggregate, a bound of a scale or a band."""
    return _ranged(False, -SCORE_LIMIT, SCORE_LIMIT, what, default, **extra)


def percent(what: str = "", default: Any = None) -> Any:
    return _ranged(False, 0, 100, what, default)


NoteNumber = Annotated[int, Field(ge=1, le=NOTES_MAX)]
Year = Annotated[int, Field(ge=YEARS[0], le=YEARS[1])]
Points = Annotated[float, Field(ge=-SCORE_LIMIT, le=SCORE_LIMIT)]
Inhabitants = Annotated[int, Field(ge=0, le=POPULATION_MAX)]


class Record(BaseModel):
    """Base of every content record: immutable, strict types, unknown fields refused."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", strict=True, allow_inf_nan=False, populate_by_name=True
    )


# --- Index definitions: content/indices/<id>.yml -------------------------------------------


class Scale(Record):
    """A closed numeric range, min below max, with an optional step that values must fall on
    (at most 1000 steps from min to max)."""

    min: float = score("the lowest value")
    max: float = score("the highest value")
    step: float | None = _ranged(False, 0, SCORE_LIMIT, "values lie on min + k * step", None,
                                 above=True)


class Band(Record):
    """A named range of a score, bounds inclusive (e.g. status 'free', band 'high')."""

    id: Slug
    name: Line
    aliases: list[Line] = []
    min: float | None = score("lowest value in the band, within the scale", None)
    max: float | None = score("highest value in the band, within the scale", None)


class Indicator(Record):
    """A question scored within a category (FIW's A1 to G4); the category's rating is the sum
    of its indicators' scores."""

    id: Slug
    short_name: Line
    name: Line
    scale: Scale | None = Field(default=None, description="overrides the index's scale")
    first: int | None = year("first edition scoring it", None)
    last: int | None = year("last edition scoring it", None)


class IndexCategory(Record):
    """A category rated on an index; `first`/`last` limit it to some editions."""

    id: Slug
    name: Line
    short_name: Line | None = None
    considers: Text | None = None
    aliases: list[Line] = []
    scale: Scale | None = Field(default=None, description="overrides the index's scale")
    group: Line | None = Field(default=None, description="e.g. Political Rights for FIW A-C")
    first: int | None = year("first edition rating it", None)
    last: int | None = year("last edition rating it", None)
    indicators: list[Indicator] = []


class Adjustment(Record):
    """A discretionary question whose points are added to or taken off a group's total."""

    id: Slug
    short_name: Line
    name: Line
    effect: Literal["add", "subtract"]
    scale: Scale
    first: int | None = year("first edition asking it", None)
    last: int | None = year("last edition asking it", None)


class RatingBand(Record):
    """The points (inclusive bounds) that give one value of a group's rating."""

    rating: float = score("the rating these points give")
    min: float | None = score("fewest points, or none for no lower bound", None)
    max: float | None = score("most points, or none for no upper bound", None)


class GroupRating(Record):
    """A rating read off a group's points (FIW's 1-7 political rights rating)."""

    name: Line
    scale: Scale
    bands: list[RatingBand]


class Group(Record):
    """Categories whose ratings add up to one total (FIW's political rights, A to C), with
    the discretionary adjustments and a rating read off that total."""

    id: Slug
    name: Line
    short_name: Line
    categories: list[Slug]
    adjustments: list[Adjustment] = []
    scale: Scale
    rating: GroupRating | None = None


class Aggregate(Record):
    """How the headline score is computed from the category ratings."""

    name: Line
    method: Literal["mean", "sum"]
    scale: Scale
    decimals: int = whole(0, 4, "decimals the score is printed with")


class PercentageRule(Record):
    """A 0-100 rescaling of the unrounded aggregate: (x - min) / (max - min) * 100."""

    name: Line
    decimals: int = whole(0, 4, "decimals the percentage is printed with")
    previous_decimals: int = whole(0, 4, "decimals of last year's value", 0)
    first: int | None = year("first edition stating it", None)


class StatusRule(Record):
    """Statuses of an index; with basis 'aggregate' the bands are checked against the score."""

    basis: Literal["aggregate", "ratings", "stated"] = Field(description=(
        "aggregate: the bands hold the aggregate; ratings: the bands hold the mean of the groups'"
        " ratings; stated: the report states it, unchecked"))
    bands: list[Band]


class Index(Record):
    """One index's methodology: scale, categories, aggregation and status bands."""

    id: Slug
    name: Line
    short_name: Line
    publisher: Line
    url: Url | None = None
    methodology_url: Url | None = None
    description: Text
    coverage: Text | None = None
    scale: Scale
    higher_is_better: bool = True
    orientation_note: Text | None = None
    categories: list[IndexCategory]
    category_bands: list[Band] = []
    groups: list[Group] = Field(default=[], description="sums of categories, each with a rating;"
                                " the aggregate is then the sum of the groups' totals")
    aggregate: Aggregate | None = None
    percentage: PercentageRule | None = None
    status: StatusRule | None = None
    ranked: bool = Field(default=False, description="categories carry ranks out of N countries")


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
