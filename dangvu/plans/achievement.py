"""How far each target is met, the tallies of a plan, and the projection to year end."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dangvu.core import formatting

from .models import Indicator, Target

EXCEEDED, MET, NOT_MET, NO_DATA = "exceeded", "met", "not_met", "no_data"
STATUS_LABELS = {
    EXCEEDED: gettext_lazy("Exceeded"),
    MET: gettext_lazy("Met"),
    NOT_MET: gettext_lazy("Not met"),
    NO_DATA: gettext_lazy("No data"),
}
HUNDRED = Decimal(100)


def achievement(actual: Decimal | None, target: Decimal, direction: str) -> Decimal | None:
    """actual / target (higher is better) or target / actual (lower is better), in %."""
    if actual is None:
        return None
    if direction == Indicator.Direction.LOWER:
        return None if actual == 0 else target / actual * HUNDRED
    return None if target == 0 else actual / target * HUNDRED


def status(actual: Decimal | None, target: Decimal, comparator: str) -> str:
    if actual is None:
        return NO_DATA
    if comparator == Target.Comparator.EQ:
        return MET if actual == target else NOT_MET
    better = actual > target if comparator == Target.Comparator.GTE else actual < target
    if better:
        return EXCEEDED
    return MET if actual == target else NOT_MET


@dataclass
class Row:
    target: Target
    actual: Decimal | None
    achievement: Decimal | None
    status: str
    projected: Decimal | None = None
    at_risk: bool = False

    @property
    def indicator(self):
        return self.target.indicator

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def achievement_text(self) -> str:
        return formatting.percent(self.achievement) if self.achievement is not None else ""

    def phrase(self, whole: bool = False) -> str:
        """"đạt 113,2%" ... as a report says it."""
        if self.achievement is None:
            return ""
        return _("reaching %(pct)s%%") % {"pct": formatting.percent(self.achievement, whole=whole)}

    def excess_phrase(self, approximate: bool = False) -> str:
        """"vượt 5,96% so với chỉ tiêu" (or "vượt gần 6%")."""
        if self.achievement is None or self.achievement <= HUNDRED:
            return ""
        over = self.achievement - HUNDRED
        text = formatting.approximately(over) if approximate else formatting.percent(over)
        return _("exceeding the target by %(pct)s%%") % {"pct": text}


def evaluate(target: Target, actual: Decimal | None, projected: Decimal | None = None) -> Row:
    ind = target.indicator
    rate = achievement(actual, target.value, ind.direction)
    row = Row(target=target, actual=actual, achievement=rate, status=status(actual, target.value, target.comparator))
    if projected is not None:
        row.projected = projected
        row.at_risk = status(projected, target.value, target.comparator) == NOT_MET
    return row


@dataclass
class Tally:
    total: int = 0
    reached: int = 0  # 100% and more (met or exceeded)
    above_60: int = 0  # over 60% but under 100%
    below: int = 0
    no_data: int = 0
    rows: list[Row] = field(default_factory=list)

    def sentence(self) -> str:
        """"10/14 chỉ tiêu đạt 100% trở lên, 3 chỉ tiêu đạt trên 60%"."""
        text = _("%(reached)s/%(total)s targets reached 100%% or more") % {
            "reached": formatting.number(self.reached), "total": formatting.number(self.total)}
        if self.above_60:
            text += ", " + ngettext("%(n)s target reached over 60%%", "%(n)s targets reached over 60%%",
                                    self.above_60) % {"n": formatting.number(self.above_60)}
        return text

    def completed(self) -> str:
        """"hoàn thành 29/29 chỉ tiêu"."""
        return _("completed %(reached)s/%(total)s targets") % {
            "reached": formatting.number(self.reached), "total": formatting.number(self.total)}


def tally(rows: list[Row]) -> Tally:
    t = Tally(total=len(rows), rows=rows)
    for row in rows:
        if row.status in (MET, EXCEEDED):
            t.reached += 1
        elif row.status == NO_DATA:
            t.no_data += 1
        elif row.achievement is not None and row.achievement > 60:
            t.above_60 += 1
        else:
            t.below += 1
    return t
