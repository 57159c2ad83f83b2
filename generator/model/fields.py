"""The building blocks of the content model (records.py): kinds of text, the range of every
number and how messages state it, and the base of every record."""

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
