"""Derive, last year: a report's figures beside the same figures of the previous edition, and
the change between them, as a report's score card shows them.

Last year's figures are those the report states as last year's (`previous`: Nations in
Transit restates them), else the previous edition's report's own; an edition whose report
states no status or ratings (FIW 2003-2005) has those of the ratings history
(derive_history.with_history), which the page labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..model.records import Index, Report
from ..model.scoring import exact, fmt

MINUS = "\u2212"


@dataclass(frozen=True)
class LastYear:
    """The report whose figures are last year's (the previous edition's, or the history's entry
    of its year as one), and whether its status and ratings are the ratings history's."""

    report: Report | None
    from_history: bool = False

    def status(self, stated: Report) -> str | None:
        """Last year's status: as the report states it, else the previous edition's."""
        if stated.previous is not None and stated.previous.status is not None:
            return stated.previous.status
        return self.report.status if self.report is not None else None

    def status_from_history(self, stated: Report) -> bool:
        own = stated.previous is not None and stated.previous.status is not None
        return not own and self.from_history and self.status(stated) is not None

    def value(self, stated: Report, name: str) -> tuple[float | None, bool]:
        """Last year's percentage or aggregate, and whether the report restates it itself."""
        own = getattr(stated.previous, name) if stated.previous is not None else None
        if own is not None:
            return own, True
        return (getattr(self.report, name, None) if self.report is not None else None), False

    def group(self, group_id: str) -> tuple[float | None, float | None]:
        """(total, rating) of a group last year; None for what is not known."""
        result = next((g for g in self.report.groups if g.id == group_id), None) \
            if self.report is not None else None
        return (result.total, result.rating) if result is not None else (None, None)


@dataclass(frozen=True)
class ScoreLine:
    """One figure of a score card: stated, recomputed from the ratings, and last year's."""

    name: str
    out_of: str
    stated: str | None
    computed: str | None
    previous: str | None
    direction: str | None  # improved | declined | unchanged
    delta: str | None = None  # signed: "+0.04", "−2"


def score_line(index: Index, name: str, out_of: str, value: float | None, decimals: int,
                computed: str | None, last: tuple[float | None, bool],
                restated_decimals: int) -> ScoreLine:
    """A figure's line of the score card: `last` is last year's figure and whether the report
    restates it, with `restated_decimals` then."""
    old, restated = last
    stated = _opt(value, decimals)
    previous = _opt(old, restated_decimals if restated else decimals)
    return ScoreLine(name=name, out_of=out_of, stated=stated, computed=computed,
                     previous=previous,
                     direction=direction(old, value, index.higher_is_better),
                     delta=delta(previous, stated))


def direction(old: float | None, new: float | None, higher_is_better: bool) -> str | None:
    """'improved', 'declined' or 'unchanged'; None unless both figures are known."""
    if old is None or new is None:
        return None
    if exact(old) == exact(new):
        return "unchanged"
    return "improved" if (exact(new) > exact(old)) == higher_is_better else "declined"


def status_direction(index: Index, old: str | None, new: str | None) -> str | None:
    """The change between two statuses: the index lists its status bands best first."""
    order = [b.id for b in index.status.bands] if index.status else []
    if old not in order or new not in order:
        return None
    return direction(-order.index(old), -order.index(new), True)


def delta(old: str | None, new: str | None) -> str | None:
    """The difference of two figures as the page writes them ('1.32', '1.36' -> '+0.04'), when
    they are written with the same decimals (a rounded figure of last year's, as NIT restates
    its percentage, would make a difference seem exact that is not); None when there is none."""
    if old is None or new is None or _decimals(old) != _decimals(new):
        return None
    try:
        diff = Decimal(new.replace(MINUS, "-")) - Decimal(old.replace(MINUS, "-"))
    except ArithmeticError:
        return None
    if diff == 0:
        return None
    return ("+" if diff > 0 else MINUS) + f"{abs(diff)}"


def _opt(value: float | None, decimals: int) -> str | None:
    return fmt(value, decimals) if value is not None else None


def _decimals(text: str) -> int:
    return len(text.partition(".")[2])
