"""The typed model of the content: frozen records, one per kind of content file.

These classes are the contract between editors and the generator: `python -m generator schema`
publishes them as JSON Schema. Checks that need more than one field or file live in validate.py.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=200_000)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"']+$", max_length=2000)]
Year = Annotated[int, Field(ge=1900, le=2100)]
IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
IsoMonth = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}$")]
Percent = Annotated[float, Field(ge=0, le=100)]
TreatyStatus = Literal["state-party", "signatory", "no-action"]


class Record(BaseModel):
    """Base of every content record: immutable, strict types, unknown fields refused."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", strict=True, allow_inf_nan=False, populate_by_name=True
    )


# --- Index definitions: content/indices/<id>.yml -------------------------------------------


class Scale(Record):
    """A closed numeric range, with an optional step that values must fall on."""

    min: float
    max: float
    step: float | None = Field(default=None, gt=0)


class Band(Record):
    """A named range of a score, bounds inclusive (e.g. status 'free', band 'high')."""

    id: Slug
    name: Line
    aliases: list[Line] = []
    min: float | None = None
    max: float | None = None


class IndexCategory(Record):
    """A category rated on an index; `first`/`last` limit it to some editions."""

    id: Slug
    name: Line
    short_name: Line | None = None
    considers: Text | None = None
    aliases: list[Line] = []
    scale: Scale | None = Field(default=None, description="overrides the index's scale")
    group: Line | None = Field(default=None, description="e.g. Political Rights for FIW A-C")
    first: Year | None = None
    last: Year | None = None


class Aggregate(Record):
    """How the headline score is computed from the category ratings."""

    name: Line
    method: Literal["mean", "sum"]
    scale: Scale
    decimals: int = Field(ge=0, le=4)


class PercentageRule(Record):
    """A 0-100 rescaling of the unrounded aggregate: (x - min) / (max - min) * 100."""

    name: Line
    decimals: int = Field(ge=0, le=4)
    previous_decimals: int = Field(default=0, ge=0, le=4, description="last year's value")
    first: Year | None = None


class StatusRule(Record):
    """Statuses of an index; with basis 'aggregate' the bands are checked against the score."""

    basis: Literal["aggregate", "stated"]
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
    adopted: Year | None = None
    fundamental_since: Year | None = None


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
    since: Year | None = None


class BasicInfo(Record):
    """Basic facts about a country, as the Democracy Tracker shows them."""

    as_of: IsoDate | None = None
    population: int | None = Field(default=None, ge=0)
    system_of_government: Line | None = None
    head_of_state: Officeholder | None = None
    head_of_state_selection: Line | None = None
    head_of_government: Officeholder | None = None
    electoral_system: Line | None = Field(default=None, description="lower or single chamber")
    women_lower_chamber: Percent | None = None
    women_upper_chamber: Percent | None = None
    last_legislative_election: Year | None = None
    upr_date: IsoDate | None = Field(default=None, description="latest Universal Periodic Review")
    upr_supported: Percent | None = Field(default=None, description="% recommendations supported")
    sources: list[Source] = []


class TreatyStatuses(Record):
    as_of: IsoDate | None = None
    statuses: dict[Slug, TreatyStatus]
    sources: list[Source] = []


class Country(Record):
    """A country or territory; `iso` is ISO 3166-1 alpha-3 where one exists (Kosovo has none)."""

    name: Line
    slug: Slug
    iso: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    region: Line
    subregion: Line | None = None
    summary: Text | None = None
    basic_info: BasicInfo | None = None
    treaties: TreatyStatuses | None = None


# --- Reports: content/countries/<slug>/reports/<index>-<edition>.yml ------------------------


class Section(Record):
    """Paragraphs of plain text citing notes as [^N]; notes run 1..N, null = text unknown."""

    paragraphs: list[Text]
    notes: dict[int, Text | None] = {}


class CategoryResult(Record):
    """A category's result in one report: rating, rank, and the narrative behind it."""

    id: Slug
    rating: float | None = None
    rank: int | None = Field(default=None, ge=1)
    rank_of: int | None = Field(default=None, ge=1)
    narrative: Section | None = None


class ScoreChange(Record):
    category: Slug
    old: float = Field(alias="from")
    new: float = Field(alias="to")
    reason: Text


class PreviousValues(Record):
    """What the report prints as last year's values."""

    aggregate: float | None = None
    percentage: float | None = None
    status: Slug | None = None


class Author(Record):
    name: Line
    bio: Text | None = None


class Report(Record):
    """One country's result on one index in one edition."""

    index: Slug
    edition: Year
    covers: Line | None = Field(default=None, description="period rated, e.g. 2021")
    status: Slug | None = None
    aggregate: float | None = None
    percentage: float | None = None
    previous: PreviousValues | None = None
    score_changes: list[ScoreChange] = []
    summary: Section | None = None
    at_a_glance: Section | None = None
    categories: list[CategoryResult] = []
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
    votes: int | None = Field(default=None, ge=0)
    share: Percent | None = None
    seats: int | None = Field(default=None, ge=0)
    seats_change: int | None = None


class Election(Record):
    """One election: body, date, turnout and the results per party."""

    body: Line
    chamber: Line | None = None
    kind: Literal["legislative", "presidential", "local", "referendum"]
    date: IsoDate
    seats: int | None = Field(default=None, ge=1, description="seats in the body")
    turnout: Percent | None = None
    threshold: Percent | None = None
    results: list[PartyResult]
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
