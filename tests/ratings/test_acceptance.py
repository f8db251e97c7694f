"""Seed: "92,78% đảng viên hoàn thành tốt nhiệm vụ trở lên", counted from the ratings and held
against a "trên 90%" target through the targets engine (a ratio indicator over the measures
``ratings.members_good_or_above`` / ``ratings.members_rated``)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from dangvu.core import formatting
from dangvu.core.actors import SYSTEM
from dangvu.core.periods import parse
from dangvu.plans import achievement, selectors
from dangvu.plans.models import Plan
from dangvu.ratings import services
from dangvu.ratings.models import Level
from tests.support import indicator, make_plan, target

from .helpers import D, members, open_round, rating_of

pytestmark = pytest.mark.django_db


def test_92_78_percent_of_members_rated_good_or_above_against_over_90_percent(tree, users):
    """97 members rated in committee A for 2024: 15 excellent (within 20% of the 75 good),
    75 good, 6 completed, 1 not completed: 90/97 = 92,78%. Three admitted in August are not
    rated and not counted; a round of committee B not decided yet counts for nothing."""
    people = members(tree.cell_a1, 50) + members(tree.cell_a2, 47, prefix="Thanh tra")
    members(tree.cell_sub, 3, prefix="Mới", admitted=D(2024, 8, 1))
    members(tree.cell_b1, 4, prefix="Y tế")
    rnd = open_round(tree.committee_a, 2024)
    open_round(tree.committee_b, 2024)
    levels = [Level.GOOD] * 75 + [Level.EXCELLENT] * 15 + [Level.ADEQUATE] * 6 + [Level.FAILED]
    for m, level in zip(people, levels, strict=True):
        rating = services.rating_propose(actor=SYSTEM, rating=rating_of(rnd, m), level=level)
        services.rating_decide(actor=SYSTEM, rating=rating, level=level)

    good = indicator("DV_HTT_XL", "Đảng viên hoàn thành tốt nhiệm vụ trở lên (xếp loại)", source="measure",
                     measure_key="ratings.members_good_or_above")
    rated = indicator("DV_DUOC_XL", "Đảng viên được xếp loại", source="measure", measure_key="ratings.members_rated")
    share = indicator("TL_DV_HTT_XL", "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên", source="formula",
                      value_type="percent", numerator=good, denominator=rated, multiplier=Decimal(100), decimals=2,
                      unit="%")
    plan = make_plan(tree.bloc, "NQ-2024", "2024", kind=Plan.Kind.RESOLUTION)
    target(plan, share, 90)

    figures = selectors.figures(actor=users.bloc_admin, organization=tree.bloc, period=parse("2024"))
    row = [r for pf in figures for r in pf.rows][0]
    assert row.actual.quantize(Decimal("0.0001")) == Decimal("92.7835")
    assert row.status == achievement.EXCEEDED
    with translation.override("vi"):
        assert f"{formatting.decimal(row.actual)}% đảng viên hoàn thành tốt nhiệm vụ trở lên" == (
            "92,78% đảng viên hoàn thành tốt nhiệm vụ trở lên")
    # The figure explains itself: the 90 ratings counted.
    exp = selectors.explain(actor=users.bloc_admin, indicator=good, organization=tree.bloc, period=parse("2024"))
    assert exp.value == 90 and exp.total_parts == 90
    exp = selectors.explain(actor=users.bloc_admin, indicator=rated, organization=tree.bloc, period=parse("2024"))
    assert exp.value == 97
