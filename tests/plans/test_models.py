"""What the plans models say about themselves: a figure that adds up over time, a target
that is a ceiling, a task completed late."""

from __future__ import annotations

import pytest

from dangvu.plans.models import Indicator, Target, Task
from tests.support import D

S, E = Indicator.Source, Indicator.Aggregation


@pytest.mark.parametrize(("fields", "flow"), [
    ({"source": S.ENTERED, "aggregation": E.SUM}, True),  # classes held, inspections
    ({"source": S.MEASURE, "measure_key": "members.admitted", "aggregation": E.SUM}, True),
    ({"source": S.MEASURE, "measure_key": "members.on_roll", "aggregation": E.SUM}, False),  # at the period's end
    ({"source": S.FORMULA, "aggregation": E.SUM}, False),  # a ratio
    ({"source": S.ENTERED, "aggregation": E.AVERAGE_SUM}, False),  # payroll, workers
    ({"source": S.ENTERED, "aggregation": E.AVERAGE}, False),
    ({"source": S.ENTERED, "aggregation": E.MAX}, False),
    ({"source": S.ENTERED, "aggregation": E.NONE}, False),
])
def test_a_flow_adds_up_over_time(fields, flow):
    assert Indicator(code="X", name="X", **fields).is_flow is flow


def test_a_ceiling_is_lower_is_better():
    assert [Target(comparator=c).is_ceiling for c in Target.Comparator.values] == [False, True, False]


@pytest.mark.parametrize(("status", "due", "completed", "late"), [
    (Task.Status.DONE, D(2023, 6, 30), D(2023, 7, 1), True),
    (Task.Status.DONE, D(2023, 6, 30), D(2023, 6, 30), False),  # on the day is on time
    (Task.Status.DONE, None, D(2023, 7, 1), False),  # no due date: never late
    (Task.Status.OPEN, D(2023, 6, 30), None, False),  # open past its date is overdue, not "completed late"
    (Task.Status.CANCELLED, D(2023, 6, 30), None, False),
])
def test_a_task_completed_after_its_due_date_is_late(status, due, completed, late):
    assert Task(status=status, due_on=due, completed_on=completed).completed_late is late
