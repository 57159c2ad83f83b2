"""Index definitions, content/indices/<id>.yml: an index's scale, categories and indicators,
groups, aggregation and status bands (re-exported by records.py)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .fields import SCORE_LIMIT, Line, Record, Slug, Text, Url, _ranged, score, whole, year


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
