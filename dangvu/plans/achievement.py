"""How far each target is met, the tallies of a plan, and the projection to year end."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dangvu.core import formatting
from dangvu.core.periods import Period, parse

from .models import Indicator, Target

EXCEEDED, MET, NOT_MET, NO_DATA = "exceeded", "met", "not_met", "no_data"
IN_PROGRESS, AT_RISK, NOT_BEGUN = "in_progress", "at_risk", "not_begun"
FINAL = (EXCEEDED, MET, NOT_MET)
STATUS_LABELS = {
    EXCEEDED: gettext_lazy("Exceeded"),
    MET: gettext_lazy("Met"),
    NOT_MET: gettext_lazy("Not met"),
    NO_DATA: gettext_lazy("No data"),
    IN_PROGRESS: gettext_lazy("In progress"),
    AT_RISK: gettext_lazy("At risk of not being met"),
    NOT_BEGUN: gettext_lazy("Period not begun"),
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
    """The final verdict on a value against a target: exceeded, met, not met (no data)."""
    if actual is None:
        return NO_DATA
    if comparator == Target.Comparator.EQ:
        return MET if actual == target else NOT_MET
    better = actual > target if comparator == Target.Comparator.GTE else actual < target
    if better:
        return EXCEEDED
    return MET if actual == target else NOT_MET


def elapsed(period: Period, through: datetime.date) -> tuple[int, int]:
    """(days of `period` gone by at the end of the day `through`, days of the period)."""
    days = (period.end - period.start).days + 1
    gone = (min(through, period.end) - period.start).days + 1
    return max(gone, 0), days


def project(indicator: Indicator, actual: Decimal | None, gone: int, days: int) -> Decimal | None:
    """The value at the end of a period at the pace so far, `gone` of its `days` days gone
    by: linear for a flow (a figure that adds up over time: actual × days ÷ gone), the
    value as it stands for anything else (a snapshot, a rate, an average)."""
    if actual is None or gone <= 0:
        return None
    return actual * days / gone if indicator.is_flow else actual


@dataclass
class Row:
    target: Target
    actual: Decimal | None
    achievement: Decimal | None
    status: str
    projected: Decimal | None = None
    final: bool = True  # the target's period is over and the value covers it: the verdict stands

    @property
    def indicator(self):
        return self.target.indicator

    @property
    def at_risk(self) -> bool:
        return self.status == AT_RISK

    @property
    def has_verdict(self) -> bool:
        return self.status != NOT_BEGUN

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def achievement_text(self) -> str:
        """"113,2" (up to two decimals, no sign): the `dangvu figures` table and exports."""
        return formatting.percent(self.achievement) if self.achievement is not None else ""

    @property
    def achievement_label(self) -> str:
        """"113,2%": what every page shows (``formatting.percent_sign``)."""
        return formatting.percent_sign(self.achievement)

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


def evaluate(target: Target, actual: Decimal | None, *, as_of: datetime.date | None = None,
             counted_to: datetime.date | None = None) -> Row:
    """How `actual` stands against `target` on the day `as_of` (default: today), the value
    counting up to `counted_to` (default: the end of the target's period; a yearly target
    read in a quarter counts to the quarter's end).

    The rule, written down once:
    - The target's period has not begun on `as_of`: no verdict (NOT_BEGUN, "—").
    - The period is over on `as_of` and the value covers all of it: the final verdict,
      exceeded / met / not met against the target's comparator (no data: NO_DATA).
    - Otherwise the period is running (or only part of it is counted): never "not met".
      The value is projected to the period's end at the pace so far (`project`: a flow
      × the days of the period ÷ the days gone by up to min(`as_of`, `counted_to`);
      anything else as it stands). A projection that would meet the target (for a
      ceiling "≤", lower is better: stay at or below it; for "=", a flow is held as "≥") is
      IN_PROGRESS, one that would not is AT_RISK; no value yet: NO_DATA.
    """
    ind = target.indicator
    rate = achievement(actual, target.value, ind.direction)
    today = as_of or timezone.localdate()
    period = parse(target.period)
    counted_to = counted_to or period.end
    if today < period.start:
        return Row(target=target, actual=actual, achievement=rate, status=NOT_BEGUN, final=False)
    if today > period.end and counted_to >= period.end:
        return Row(target=target, actual=actual, achievement=rate, status=status(actual, target.value, target.comparator))
    row = Row(target=target, actual=actual, achievement=rate, status=NO_DATA, final=False)
    row.projected = project(ind, actual, *elapsed(period, min(today, counted_to)))
    if row.projected is not None:
        comparator = target.comparator
        if comparator == Target.Comparator.EQ and ind.is_flow:
            comparator = Target.Comparator.GTE
        row.status = AT_RISK if status(row.projected, target.value, comparator) == NOT_MET else IN_PROGRESS
    return row


@dataclass
class Tally:
    """The tally of a plan's targets, as reports write it: "10/14 chỉ tiêu đạt 100% trở lên".

    Only final verdicts are tallied (`decided`: targets whose period is over, with or
    without data): a target still running is neither reached nor missed, and is counted
    apart (`running`, of them `at_risk`); a target whose period has not begun is in
    neither (`not_begun`). `total` is every target."""

    total: int = 0
    decided: int = 0
    reached: int = 0  # 100% and more (met or exceeded)
    above_60: int = 0  # over 60% but under 100%
    below: int = 0
    no_data: int = 0
    running: int = 0
    at_risk: int = 0
    not_begun: int = 0
    rows: list[Row] = field(default_factory=list)

    def sentence(self) -> str:
        """"10/14 chỉ tiêu đạt 100% trở lên, 3 chỉ tiêu đạt trên 60%", then the targets
        still running: "; 5 chỉ tiêu đang thực hiện, trong đó 2 chỉ tiêu có nguy cơ không đạt"."""
        parts = []
        if self.decided:
            text = _("%(reached)s/%(total)s targets reached 100%% or more") % {
                "reached": formatting.number(self.reached), "total": formatting.number(self.decided)}
            if self.above_60:
                text += ", " + ngettext("%(n)s target reached over 60%%", "%(n)s targets reached over 60%%",
                                        self.above_60) % {"n": formatting.number(self.above_60)}
            parts.append(text)
        if self.running:
            text = ngettext("%(n)s target in progress", "%(n)s targets in progress",
                            self.running) % {"n": formatting.number(self.running)}
            if self.at_risk:
                text += ", " + ngettext("of which %(n)s at risk of not being met",
                                        "of which %(n)s at risk of not being met",
                                        self.at_risk) % {"n": formatting.number(self.at_risk)}
            parts.append(text)
        if self.not_begun:
            parts.append(ngettext("%(n)s target whose period has not begun", "%(n)s targets whose period has not begun",
                                  self.not_begun) % {"n": formatting.number(self.not_begun)})
        return "; ".join(parts)

    def completed(self) -> str:
        """"hoàn thành 29/29 chỉ tiêu" (of the targets whose period is over; "" if none is)."""
        if not self.decided:
            return ""
        return _("completed %(reached)s/%(total)s targets") % {
            "reached": formatting.number(self.reached), "total": formatting.number(self.decided)}


def tally(rows: list[Row]) -> Tally:
    t = Tally(total=len(rows), rows=rows)
    for row in rows:
        if row.status == NOT_BEGUN:
            t.not_begun += 1
        elif not row.final:
            t.running += 1
            t.at_risk += row.status == AT_RISK
        elif row.status in (MET, EXCEEDED):
            t.reached += 1
        elif row.status == NO_DATA:
            t.no_data += 1
        elif row.achievement is not None and row.achievement > 60:
            t.above_60 += 1
        else:
            t.below += 1
    t.decided = t.total - t.running - t.not_begun
    return t
