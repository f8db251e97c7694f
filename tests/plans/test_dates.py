"""Issue 9: a plan's dates within bounds (``core.dates``, ``core.periods``)."""

from __future__ import annotations

import pytest

from dangvu.core.errors import ValidationError, codes
from dangvu.plans import services
from dangvu.plans.models import Plan, Term
from tests.support import D, make_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "today")]


def test_plan_issued_in_2099_or_before_1930_refused(tree):
    with pytest.raises(ValidationError) as exc:
        make_plan(tree.bloc, "KH-2026", "2026", issued_on=D(2099, 1, 5))
    assert exc.value.message_dict == {"issued_on": [
        "The date 05/01/2099 is after today (20/11/2026): only what already happened can be recorded; check the year."]}
    with pytest.raises(ValidationError) as exc:
        make_plan(tree.bloc, "KH-1929", "2026", issued_on=D(1929, 1, 5))
    assert codes(exc.value) == ["date_too_early"]
    assert not Plan.objects.exists()


def test_task_due_date_within_the_period_range(tree, users):
    plan = make_plan(tree.bloc, "CTHD-2026", "2026", kind=Plan.Kind.ACTION_PROGRAM)
    # a due date is a plan: ahead of today is fine, up to the last year periods reach
    assert services.task_create(actor=users.staff_a, plan=plan, organization=tree.cell_a1, title="A",
                                due_on=D(2036, 12, 31)).due_on == D(2036, 12, 31)
    with pytest.raises(ValidationError) as exc:
        services.task_create(actor=users.staff_a, plan=plan, organization=tree.cell_a1, title="B", due_on=D(2099, 1, 1))
    assert exc.value.message_dict == {"due_on": [
        "The due date 01/01/2099 is not between 01/01/1930 and 31/12/2036, the days a plan may reach: check the year."]}
    with pytest.raises(ValidationError) as exc:
        services.task_create(actor=users.staff_a, plan=plan, organization=tree.cell_a1, title="B", due_on=D(1929, 1, 1))
    assert exc.value.message_dict == {"due_on": [
        "The due date 01/01/1929 is not between 01/01/1930 and 31/12/2036, the days a plan may reach: check the year."]}


def test_congress_held_in_2099_refused(tree, users):
    term = Term.objects.create(code="2025-2030", start=D(2025, 1, 1), end=D(2030, 12, 31))
    with pytest.raises(ValidationError) as exc:
        services.congress_create(actor=users.bloc_admin, organization=tree.bloc, term=term, ordinal=1,
                                 held_on=D(2099, 10, 1))
    assert codes(exc.value) == ["date_in_future"]
