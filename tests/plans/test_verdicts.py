"""Verdicts on targets: final once the period is over, in progress or at risk from the pace
while it runs (never "not met"), none before it begins; the tallies count final verdicts
only. `achievement.evaluate` reads unsaved targets: no database."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from dangvu.core import formatting
from dangvu.plans import achievement
from dangvu.plans.models import Indicator, Target

D = datetime.date
FLOW = Indicator(code="KT", name="Kiểm tra", source="entered", aggregation="sum")
RATE = Indicator(code="TL", name="Tỷ lệ", source="entered", aggregation="average", value_type="percent")
LOWER = Indicator(code="VP", name="Vi phạm", source="entered", aggregation="sum", direction="lower_is_better")


def target(value, indicator=FLOW, comparator=Target.Comparator.GTE, period="2024") -> Target:
    return Target(indicator=indicator, value=Decimal(value), comparator=comparator, period=period)


def verdict(t: Target, actual, as_of: datetime.date, counted_to: datetime.date | None = None):
    row = achievement.evaluate(t, None if actual is None else Decimal(actual), as_of=as_of, counted_to=counted_to)
    return row.status, row.projected, row.final


def test_a_period_over_has_its_final_verdict():
    after = D(2025, 1, 1)
    assert verdict(target(40), 40, after) == (achievement.MET, None, True)
    assert verdict(target(40), 41, after) == (achievement.EXCEEDED, None, True)
    assert verdict(target(40), 39, after) == (achievement.NOT_MET, None, True)
    assert verdict(target(40), None, after) == (achievement.NO_DATA, None, True)
    # The last day of the year is still in it.
    assert verdict(target(40), 39, D(2024, 12, 31))[0] == achievement.AT_RISK


def test_a_running_period_is_in_progress_or_at_risk_from_the_pace_never_not_met():
    # 1 July 2024: 183 of 366 days gone. 20 so far projects to 40 (20 × 366 ÷ 183): on pace.
    mid = D(2024, 7, 1)
    assert verdict(target(40), 20, mid) == (achievement.IN_PROGRESS, Decimal(40), False)
    # 19 projects to 38: below the pace of 40, at risk.
    assert verdict(target(40), 19, mid) == (achievement.AT_RISK, Decimal(19 * 366) / 183, False)
    # Nothing entered yet: no data, not a verdict.
    assert verdict(target(40), None, mid) == (achievement.NO_DATA, None, False)
    # A rate (not a flow) is projected as it stands: 94,5 against at least 95 is at risk.
    assert verdict(target(95, RATE), "94.5", mid) == (achievement.AT_RISK, Decimal("94.5"), False)
    assert verdict(target(95, RATE), 96, mid) == (achievement.IN_PROGRESS, Decimal(96), False)
    # A year read up to its first quarter only (31 March, 91 of 366 days), years later:
    # still a pace, not a verdict. 10 projects to 40,2: in progress.
    row = verdict(target(40), 10, D(2026, 5, 5), counted_to=D(2024, 3, 31))
    assert row == (achievement.IN_PROGRESS, Decimal(10 * 366) / 91, False)


def test_lower_is_better_is_the_mirror():
    # A ceiling of at most 10 violations in the year.
    ceiling = target(10, LOWER, Target.Comparator.LTE)
    mid = D(2024, 7, 1)
    assert verdict(ceiling, 5, mid) == (achievement.IN_PROGRESS, Decimal(10), False)  # 5 by mid-year: 10 by December
    assert verdict(ceiling, 6, mid)[0] == achievement.AT_RISK  # 12 by December: over the ceiling
    assert verdict(ceiling, 11, D(2025, 1, 1))[0] == achievement.NOT_MET
    assert verdict(ceiling, 9, D(2025, 1, 1))[0] == achievement.EXCEEDED


def test_a_period_not_begun_has_no_verdict():
    status, projected, final = verdict(target(40, period="2025"), None, D(2024, 12, 31))
    assert (status, projected, final) == (achievement.NOT_BEGUN, None, False)
    row = achievement.evaluate(target(40, period="2025"), None, as_of=D(2024, 12, 31))
    with translation.override("vi"):
        assert row.status_label == "Chưa đến kỳ"
    with translation.override("en"):
        assert row.status_label == "Period not begun"


def test_tallies_count_final_verdicts_and_say_what_runs_apart():
    rows = [achievement.evaluate(t, Decimal(v) if v is not None else None, as_of=D(2024, 7, 1)) for t, v in (
        (target(40, period="2023"), 45),  # over: exceeded
        (target(40, period="2023"), 30),  # over: 75%, not met
        (target(40, period="2024H1"), 40),  # over on 30 June: met
        (target(40), 20),  # running, on pace
        (target(40), 10),  # running, at risk
        (target(40, period="2025"), None),  # not begun
    )]
    t = achievement.tally(rows)
    assert (t.total, t.decided, t.reached, t.above_60, t.below, t.running, t.at_risk, t.not_begun) == (
        6, 3, 2, 1, 0, 2, 1, 1)
    with translation.override("en"):
        assert t.sentence() == ("2/3 targets reached 100% or more, 1 target reached over 60%; "
                                "2 targets in progress, of which 1 at risk of not being met; "
                                "1 target whose period has not begun")
        assert t.completed() == "completed 2/3 targets"
    with translation.override("vi"):
        assert t.sentence() == ("2/3 chỉ tiêu đạt 100% trở lên, 1 chỉ tiêu đạt trên 60%; "
                                "2 chỉ tiêu đang thực hiện, trong đó 1 chỉ tiêu có nguy cơ không đạt; "
                                "1 chỉ tiêu chưa đến kỳ thực hiện")
    # Nothing over yet: no "0/2 reached", and nothing to call completed.
    running = achievement.tally(rows[3:5])
    with translation.override("en"):
        assert running.sentence() == "2 targets in progress, of which 1 at risk of not being met"
        assert running.completed() == ""


@pytest.mark.parametrize(("value", "vi", "en"), [
    (Decimal("113.2"), "113,2%", "113.2%"), (Decimal("113.25"), "113,3%", "113.3%"), (Decimal(100), "100%", "100%"),
    (Decimal("1234.56"), "1.234,6%", "1,234.6%"), (None, "", ""),
])
def test_percentages_carry_the_sign_with_one_decimal(value, vi, en):
    with translation.override("vi"):
        assert formatting.percent_sign(value) == vi
    with translation.override("en"):
        assert formatting.percent_sign(value) == en
