"""The rollup engine (dangvu.plans.rollup) and achievement (dangvu.plans.achievement):
exact values over the tree as it stood, read live from the records and entered values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dangvu.core.actors import SYSTEM
from dangvu.core.periods import parse
from dangvu.members import services as member_services
from dangvu.members.models import Member
from dangvu.orgs import services as org_services
from dangvu.orgs.models import Organization
from dangvu.plans import achievement, rollup, selectors
from dangvu.plans.models import Indicator, Target
from tests.factories import make_member, make_org
from tests.support import (
    D,
    admit,
    count_queries,
    enter,
    indicator,
    make_plan,
    target,
    typed_catalog,
    value,
    values,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CELL_VALUES = {"cell_a1": 10, "cell_a2": 20, "cell_sub": 30, "cell_b1": 5, "cell_b2": 15, "grassroots_cell": 40}


def enter_cells(tree, ind, period, by_name=CELL_VALUES):
    for name, v in by_name.items():
        enter(ind, getattr(tree, name), period, v)


def rolled(tree, ind, period, **kwargs):
    """{name: value} for the organizations of the tree."""
    names = ["province", "bloc", "committee_a", "sub_a", "cell_a1", "committee_b", "grassroots_cell"]
    got = values(ind, [getattr(tree, n) for n in names], period, **kwargs)
    return {n: got[getattr(tree, n)] for n in names}


# --- aggregation over a subtree ------------------------------------------------------------

@pytest.mark.parametrize(("aggregation", "expected"), [
    (Indicator.Aggregation.SUM, {"province": 120, "bloc": 120, "committee_a": 60, "sub_a": 30, "cell_a1": 10,
                       "committee_b": 20, "grassroots_cell": 40}),
    (Indicator.Aggregation.AVERAGE, {"province": 20, "bloc": 20, "committee_a": 20, "sub_a": 30, "cell_a1": 10,
                           "committee_b": 10, "grassroots_cell": 40}),
    (Indicator.Aggregation.MIN, {"province": 5, "bloc": 5, "committee_a": 10, "sub_a": 30, "cell_a1": 10,
                       "committee_b": 5, "grassroots_cell": 40}),
    (Indicator.Aggregation.MAX, {"province": 40, "bloc": 40, "committee_a": 30, "sub_a": 30, "cell_a1": 10,
                       "committee_b": 15, "grassroots_cell": 40}),
    (Indicator.Aggregation.NONE, {"province": None, "bloc": 77, "committee_a": None, "sub_a": None, "cell_a1": 10,
                        "committee_b": None, "grassroots_cell": 40}),
])
def test_aggregation_over_the_subtree(tree, aggregation, expected):
    ind = indicator("X", "Chỉ tiêu thử", aggregation=aggregation)
    enter_cells(tree, ind, "2023")
    if aggregation == Indicator.Aggregation.NONE:
        enter(ind, tree.bloc, "2023", 77)  # not aggregated: each unit's own value only
    assert rolled(tree, ind, "2023") == expected
    assert all(v is None or isinstance(v, Decimal) for v in rolled(tree, ind, "2023").values())


def test_average_sum_averages_each_unit_over_time_then_sums_the_units(tree):
    workers = indicator("LD", "Số người lao động", aggregation=Indicator.Aggregation.AVERAGE_SUM)
    summed = indicator("LD_CONG", "Số người lao động (cộng dồn)", aggregation=Indicator.Aggregation.SUM)
    for ind in (workers, summed):
        for q, v in zip(("2023Q1", "2023Q2", "2023Q3", "2023Q4"), (8, 10, 12, 10), strict=True):
            enter(ind, tree.cell_a1, q, v)  # average 10
        enter(ind, tree.cell_a2, "2023", 20)  # the year itself
        enter(ind, tree.cell_sub, "2023Q1", 30)
        enter(ind, tree.cell_sub, "2023Q3", 30)  # two quarters reported: average 30
        enter(ind, tree.cell_b1, "2023Q1", 4)
        enter(ind, tree.cell_b1, "2023Q2", 6)
    assert rolled(tree, workers, "2023") == {"province": 65, "bloc": 65, "committee_a": 60, "sub_a": 30,
                                              "cell_a1": 10, "committee_b": 5, "grassroots_cell": None}
    assert rolled(tree, summed, "2023") == {"province": 130, "bloc": 130, "committee_a": 120, "sub_a": 60,
                                             "cell_a1": 40, "committee_b": 10, "grassroots_cell": None}
    # The first half: a1 (8 + 10) / 2, sub 30, b1 (4 + 6) / 2; a2 reported only the year.
    assert value(workers, tree.bloc, "2023H1") == 9 + 30 + 5


def test_decimal_values_add_up_exactly(tree):
    ind = indicator("TIEN", "Số tiền", value_type="amount", decimals=1)
    enter(ind, tree.cell_a1, "2023", "0.1")  # as English writes it (the tests run in English)
    enter(ind, tree.cell_a2, "2023", "0.2")
    for q, v in zip(("2023Q1", "2023Q2", "2023Q3", "2023Q4"), ("15.2", "15.2", "15.2", "15.2"), strict=True):
        enter(ind, tree.cell_b1, q, v)
    got = rolled(tree, ind, "2023")
    assert (got["committee_a"], got["committee_b"], got["bloc"]) == (Decimal("0.3"), Decimal("60.8"), Decimal("61.1"))


# --- a year from its quarters -------------------------------------------------------------

def test_year_from_quarters_where_a_unit_has_no_yearly_value_and_the_yearly_value_wins(tree):
    ind = indicator("KT", "Kiểm tra tổ chức đảng")
    for q, v in zip(("2023Q1", "2023Q2", "2023Q3", "2023Q4"), (3, 4, 5, 6), strict=True):
        enter(ind, tree.cell_a1, q, v)  # no yearly value: 18 from the quarters
    enter(ind, tree.cell_a2, "2023Q1", 1)
    enter(ind, tree.cell_a2, "2023Q2", 1)
    enter(ind, tree.cell_a2, "2023", 7)  # the yearly value wins over its quarters
    enter(ind, tree.cell_sub, "2023Q1", 2)
    enter(ind, tree.cell_sub, "2023Q2", 2)
    enter(ind, tree.cell_sub, "2023", "")  # a blank yearly value does not hide the quarters
    enter(ind, tree.cell_b1, "2022Q4", 50)  # another year
    got = values(ind, [tree.cell_a1, tree.cell_a2, tree.cell_sub, tree.committee_a, tree.bloc], "2023")
    assert list(got.values()) == [18, 7, 4, 29, 29]
    got = values(ind, [tree.cell_a1, tree.cell_a2, tree.committee_a], "2023H1")
    assert list(got.values()) == [7, 2, 13]
    assert value(ind, tree.committee_a, "2023Q3") == 5
    assert value(ind, tree.committee_b, "2023") is None
    assert value(ind, tree.committee_b, "2022") == 50


@pytest.mark.parametrize(("aggregation", "a1", "committee_a"), [
    # cell_a1 by quarter: Q1 6 (its months ignored), Q2 from months 2 and 4, Q3 nothing, Q4 10;
    # cell_a2 100 for the year (its month ignored).
    (Indicator.Aggregation.SUM, Decimal(22), Decimal(122)),
    (Indicator.Aggregation.AVERAGE, Decimal("6.3333"), Decimal("53.1667")),  # (6 + 3 + 10) / 3; then over 2 units
    (Indicator.Aggregation.MIN, Decimal(2), Decimal(2)),
    (Indicator.Aggregation.MAX, Decimal(10), Decimal(100)),
])
def test_each_unit_builds_its_value_from_the_finest_periods_it_reported(tree, aggregation, a1, committee_a):
    ind = indicator("KT", "Kiểm tra tổ chức đảng", aggregation=aggregation)
    for period, v in [("2023Q1", 6), ("2023-01", 1), ("2023-02", 1), ("2023-04", 2), ("2023-05", 4),
                      ("2023Q4", 10)]:
        enter(ind, tree.cell_a1, period, v)
    enter(ind, tree.cell_a2, "2023", 100)
    enter(ind, tree.cell_a2, "2023-03", 7)
    got = values(ind, [tree.cell_a1, tree.cell_a2, tree.committee_a], "2023")
    assert [round(v, 4) for v in got.values()] == [a1, Decimal(100), committee_a]
    q2 = {Indicator.Aggregation.SUM: 6, Indicator.Aggregation.AVERAGE: 3, Indicator.Aggregation.MIN: 2, Indicator.Aggregation.MAX: 4}[aggregation]
    assert value(ind, tree.cell_a1, "2023Q2") == q2
    assert rollup.unit_values(ind, parse("2023"), [tree.cell_a1.pk, tree.cell_a2.pk, tree.cell_b1.pk]) == {
        tree.cell_a1.pk: got[tree.cell_a1], tree.cell_a2.pk: Decimal(100)}


@pytest.mark.parametrize(("aggregation", "b1", "committee_b"), [
    (Indicator.Aggregation.SUM, Decimal(8), Decimal(58)),  # 5 in 2021 + 3 from the quarters of 2022
    (Indicator.Aggregation.AVERAGE, Decimal("3.25"), Decimal("26.625")),  # (5 + (1 + 2) / 2) / 2
])
def test_a_term_from_its_years_and_the_terms_own_value_wins(tree, aggregation, b1, committee_b):
    ind = indicator("GS", "Giám sát tổ chức đảng", aggregation=aggregation)
    enter(ind, tree.cell_b1, "2021", 5)
    enter(ind, tree.cell_b1, "2022Q1", 1)
    enter(ind, tree.cell_b1, "2022Q3", 2)
    enter(ind, tree.cell_b1, "2024", 99)  # outside the term
    enter(ind, tree.cell_b2, "2021-2023", 50)
    enter(ind, tree.cell_b2, "2021", 9)  # the term's own value wins
    got = values(ind, [tree.cell_b1, tree.cell_b2, tree.committee_b], "2021-2023")
    assert list(got.values()) == [b1, Decimal(50), committee_b]


# --- year to date, annual targets and the projection ---------------------------------------

def test_year_to_date_against_the_annual_target_with_a_projection(tree, users):
    inds = typed_catalog()
    plan = make_plan(tree.committee_a, "KH-STC-2023", "2023")
    target(plan, inds["TC_TU_KIEM_TRA"], 40, sort_order=1)
    target(plan, inds["CB_CHUYEN_DE"], 40, sort_order=2)
    target(plan, inds["LAO_DONG"], 100, sort_order=3)
    target(plan, inds["TC_TU_KIEM_TRA"], 8, period="2023Q2", sort_order=4)
    for q, kt, gs, ld in (("2023Q1", 6, 10, 90), ("2023Q2", 8, 14, 110), ("2023Q3", 100, 100, 500)):
        enter(inds["TC_TU_KIEM_TRA"], tree.cell_a1, q, kt)
        enter(inds["CB_CHUYEN_DE"], tree.cell_a2, q, gs)
        enter(inds["LAO_DONG"], tree.cell_a2, q, ld)
    enter(inds["TC_TU_KIEM_TRA"], tree.cell_a1, "2022Q4", 99)  # last year: not in the year to date

    [pf] = selectors.figures(actor=users.staff_a, organization=tree.committee_a, period=parse("2023Q2"),
                             today=D(2024, 3, 1))
    got = [(r.indicator.code, r.target.period, r.actual, r.achievement, r.status, r.projected, r.at_risk)
           for r in pf.rows]
    assert got == [
        # Q1 + Q2 = 14 of the year's 40, counted to 30 June (181 of 365 days); at this pace
        # 14 × 365 ÷ 181 = 28,2 by December: at risk, not "not met" (half a year is counted).
        ("TC_TU_KIEM_TRA", "2023", 14, Decimal(35), achievement.AT_RISK, Decimal(14 * 365) / 181, True),
        # 24 so far; 48,4 at this pace: in progress.
        ("CB_CHUYEN_DE", "2023", 24, Decimal(60), achievement.IN_PROGRESS, Decimal(24 * 365) / 181, False),
        # An average over time is projected as it stands: (90 + 110) / 2.
        ("LAO_DONG", "2023", 100, Decimal(100), achievement.IN_PROGRESS, 100, False),
        # The quarter's own target is held against the quarter alone: its period is over.
        ("TC_TU_KIEM_TRA", "2023Q2", 8, Decimal(100), achievement.MET, None, False),
    ]
    t = pf.tally
    assert (t.total, t.decided, t.reached, t.running, t.at_risk, t.not_begun) == (4, 1, 1, 3, 1, 0)
    assert t.sentence() == "1/1 targets reached 100% or more; 3 targets in progress, of which 1 at risk of not being met"
    # The whole year, once Q3 is in (no Q4 yet): the year is the sum of its quarters.
    [pf] = selectors.figures(actor=users.staff_a, organization=tree.committee_a, period=parse("2023"))
    assert [(r.indicator.code, r.actual, r.status, r.projected) for r in pf.rows[:2]] == [
        ("TC_TU_KIEM_TRA", 114, achievement.EXCEEDED, None),
        ("CB_CHUYEN_DE", 124, achievement.EXCEEDED, None),
    ]
    lao_dong = pf.rows[2]  # (90 + 110 + 500) / 3
    assert (lao_dong.indicator.code, lao_dong.status) == ("LAO_DONG", achievement.EXCEEDED)
    assert lao_dong.actual.quantize(Decimal("0.0001")) == Decimal("233.3333")


def test_year_to_date_of_a_month_and_of_measures(tree, users):
    inds = typed_catalog()
    plan = make_plan(tree.bloc, "KH-DUK-2023", "2023")
    target(plan, inds["KET_NAP"], 24, sort_order=1)
    target(plan, inds["DANG_VIEN"], 10, sort_order=2)
    make_member(tree.cell_a1, full_name="Lê Văn Cũ", admission_decision_date=D(2010, 5, 1))
    admit(tree.cell_a1, 3, 2023)  # admitted in January, February and March
    admit(tree.cell_b1, 1, 2023, start=6)  # admitted in July
    [pf] = selectors.figures(actor=users.bloc_admin, organization=tree.bloc, period=parse("2023Q1"))
    admitted, on_roll = pf.rows
    # 3 admitted in Q1 (90 of 365 days), projected linearly to 12,2; the members on the
    # rolls are a snapshot, projected as they stand.
    assert (admitted.actual, admitted.projected, admitted.status) == (3, Decimal(3 * 365) / 90, achievement.AT_RISK)
    assert (on_roll.actual, on_roll.projected, on_roll.status) == (4, 4, achievement.AT_RISK)
    # The second half counts to 31 December: the year is over, the verdicts are final.
    [pf] = selectors.figures(actor=users.bloc_admin, organization=tree.bloc, period=parse("2023H2"))
    assert [(r.actual, r.projected, r.status) for r in pf.rows] == [
        (4, None, achievement.NOT_MET), (5, None, achievement.NOT_MET)]


# --- ratios ---------------------------------------------------------------------------------

def test_ratio_of_sums_not_average_of_ratios(tree):
    inds = typed_catalog()
    income = inds["THU_NHAP_BQ"]
    # Cell a1: 10 workers, 200 triệu a month (20 a head); a2: 90 workers, 900 (10 a head).
    enter(inds["LAO_DONG"], tree.cell_a1, "2023", 10)
    enter(inds["QUY_THU_NHAP"], tree.cell_a1, "2023", 200)
    enter(inds["LAO_DONG"], tree.cell_a2, "2023", 90)
    enter(inds["QUY_THU_NHAP"], tree.cell_a2, "2023", 900)
    got = values(income, [tree.cell_a1, tree.cell_a2, tree.committee_a, tree.bloc], "2023")
    assert list(got.values()) == [20, 10, 11, 11]
    average_of_ratios = (got[tree.cell_a1] + got[tree.cell_a2]) / 2
    assert average_of_ratios == 15 != got[tree.committee_a]
    # A unit with workers but no fund, or with no workers, has no ratio, and changes nothing.
    enter(inds["LAO_DONG"], tree.cell_b1, "2023", 0)
    enter(inds["QUY_THU_NHAP"], tree.cell_b1, "2023", 50)
    got = values(income, [tree.cell_b1, tree.committee_b, tree.committee_a], "2023")
    assert list(got.values()) == [None, None, 11]
    # A percent formula (x 100) over a measure: units that studied the resolution of all
    # grassroots organizations (3 at the end of 2023 under the bloc).
    enter(inds["TCCSD_QUAN_TRIET"], tree.committee_a, "2023", 1)
    enter(inds["TCCSD_QUAN_TRIET"], tree.grassroots_cell, "2023", 1)
    rate = value(inds["TL_TCCSD_QUAN_TRIET"], tree.bloc, "2023")
    assert rate == Decimal(2) / Decimal(3) * 100


# --- achievement and status ------------------------------------------------------------------

def test_lower_is_better_achievement_is_target_over_actual(tree, users):
    violations = indicator("VI_PHAM", "Đảng viên vi phạm phải xử lý kỷ luật", direction=Indicator.Direction.LOWER)
    plan = make_plan(tree.bloc, "KH-KT-2023", "2023")
    for cell, goal, actual in ((tree.cell_a1, 5, 4), (tree.cell_a2, 5, 5), (tree.cell_b1, 5, 8),
                               (tree.cell_b2, 5, 0), (tree.grassroots_cell, 5, 20)):
        target(plan, violations, goal, organization=cell, comparator=Target.Comparator.LTE)
        enter(violations, cell, "2023", actual)
    rows = [selectors.figures(actor=users.bloc_admin, organization=c, period=parse("2023"))[0].rows[0]
            for c in (tree.cell_a1, tree.cell_a2, tree.cell_b1, tree.cell_b2, tree.grassroots_cell)]
    assert [(r.actual, r.achievement, r.status) for r in rows] == [
        (4, Decimal(125), achievement.EXCEEDED),
        (5, Decimal(100), achievement.MET),
        (8, Decimal("62.5"), achievement.NOT_MET),
        (0, None, achievement.EXCEEDED),  # none at all: better than any rate
        (20, Decimal(25), achievement.NOT_MET),
    ]
    t = achievement.tally(rows)
    assert (t.reached, t.above_60, t.below) == (3, 1, 1)
    assert rows[0].achievement_text == "125" and rows[2].achievement_text == "62.5"


@pytest.mark.parametrize(("comparator", "actual", "status"), [
    (Target.Comparator.GTE, 11, achievement.EXCEEDED), (Target.Comparator.GTE, 10, achievement.MET),
    (Target.Comparator.GTE, 9, achievement.NOT_MET), (Target.Comparator.GTE, None, achievement.NO_DATA),
    (Target.Comparator.LTE, 9, achievement.EXCEEDED), (Target.Comparator.LTE, 10, achievement.MET),
    (Target.Comparator.LTE, 11, achievement.NOT_MET),
    (Target.Comparator.EQ, 10, achievement.MET), (Target.Comparator.EQ, 11, achievement.NOT_MET),
    (Target.Comparator.EQ, 9, achievement.NOT_MET),
])
def test_comparators(tree, comparator, actual, status):
    ind = indicator("SO_LOP", "Số lớp bồi dưỡng")
    plan = make_plan(tree.committee_b, "KH-SYT-2023", "2023")
    target(plan, ind, 10, comparator=comparator)
    if actual is not None:
        enter(ind, tree.cell_b1, "2023", actual)
    [pf] = selectors.figures(actor=SYSTEM, organization=tree.committee_b, period=parse("2023"))
    [row] = pf.rows
    assert (row.actual, row.status) == (actual, status)
    assert row.achievement == (None if actual is None else Decimal(actual) * 10)
    assert row.status_label == {"exceeded": "Exceeded", "met": "Met", "not_met": "Not met", "no_data": "No data"}[status]


def test_tally_counts_each_band():
    class T:  # a target as evaluate() reads it
        def __init__(self, value, comparator=Target.Comparator.GTE):
            self.value, self.comparator, self.period = Decimal(value), comparator, "2023"
            self.indicator = type("I", (), {"direction": Indicator.Direction.HIGHER})()

    rows = [achievement.evaluate(T(100), Decimal(v) if v is not None else None)
            for v in (100, 130, Decimal("60.01"), 99, 60, 0, None)]
    t = achievement.tally(rows)
    assert (t.total, t.reached, t.above_60, t.below, t.no_data) == (7, 2, 2, 2, 1)
    assert t.sentence() == "2/7 targets reached 100% or more, 2 targets reached over 60%"
    assert achievement.tally(rows[:2]).sentence() == "2/2 targets reached 100% or more"
    assert t.completed() == "completed 2/7 targets"


# --- the tree as it stood: a merger in 2023 -----------------------------------------------------

def test_figures_follow_the_tree_as_it_stood_across_a_merger(tree, users):
    inds = typed_catalog()
    kt = inds["TC_TU_KIEM_TRA"]
    enter(kt, tree.cell_b1, "2021", 3)
    enter(kt, tree.committee_b, "2021", 1)
    enter(kt, tree.cell_a1, "2021", 10)
    admit(tree.cell_b1, 2, 2021)
    admit(tree.cell_a2, 1, 2021)
    before = {
        "kt": values(kt, [tree.committee_a, tree.committee_b, tree.bloc], "2021"),
        "admitted": values(inds["KET_NAP"], [tree.committee_a, tree.committee_b, tree.bloc], "2021"),
        "on_roll": values(inds["DANG_VIEN"], [tree.committee_a, tree.committee_b, tree.bloc], "2021"),
    }
    assert [list(v.values()) for v in before.values()] == [[10, 4, 14], [1, 2, 3], [1, 2, 3]]

    # Committee B (Sở Y tế) is merged into committee A on 1 July 2023: its cells move under A.
    org_services.organization_merge(actor=users.bloc_admin, source=tree.committee_b, target=tree.committee_a,
                                    on=D(2023, 7, 1))
    tree.refresh()
    assert tree.cell_b1.parent_id == tree.committee_a.pk
    enter(kt, tree.cell_b2, "2021", 4)  # a late value for 2021: it belongs where b2 stood then
    enter(kt, tree.cell_b1, "2024", 6)
    admit(tree.cell_b1, 3, 2024)

    after_2021 = {
        "kt": values(kt, [tree.committee_a, tree.committee_b, tree.bloc], "2021"),
        "admitted": values(inds["KET_NAP"], [tree.committee_a, tree.committee_b, tree.bloc], "2021"),
        "on_roll": values(inds["DANG_VIEN"], [tree.committee_a, tree.committee_b, tree.bloc], "2021"),
    }
    assert [list(v.values()) for v in after_2021.values()] == [[10, 8, 18], [1, 2, 3], [1, 2, 3]]
    in_2024 = {
        "kt": values(kt, [tree.committee_a, tree.committee_b, tree.bloc], "2024"),
        "admitted": values(inds["KET_NAP"], [tree.committee_a, tree.committee_b, tree.bloc], "2024"),
        "on_roll": values(inds["DANG_VIEN"], [tree.committee_a, tree.committee_b, tree.bloc], "2024"),
    }
    assert [list(v.values()) for v in in_2024.values()] == [[6, None, 6], [3, None, 3], [6, None, 6]]
    # The selectors agree: the absorbed committee's 2021 figure is explained by its own cells.
    exp = selectors.explain(actor=users.bloc_admin, indicator=kt, organization=tree.committee_b, period=parse("2021"))
    # Every unit's own value, in Vietnamese order of the names (C, then Đ).
    assert (exp.value, [(p.label, p.value) for p in exp.parts]) == (
        8, [("Chi bộ Bệnh viện", 3), ("Chi bộ Trung tâm Y tế", 4), ("Đảng bộ Sở Y tế", 1)])
    assert [p.organization_id for p in exp.parts] == [tree.cell_b1.pk, tree.cell_b2.pk, tree.committee_b.pk]
    exp = selectors.explain(actor=users.bloc_admin, indicator=inds["KET_NAP"], organization=tree.committee_a,
                            period=parse("2024"))
    assert (exp.value, exp.total_parts) == (3, 3)


# --- measures ---------------------------------------------------------------------------------

def test_measures_count_the_records(tree):
    inds = typed_catalog()
    # Admitted in 2023: 3 in a1, 2 in b1; one of b1's leaves the Party in 2023, another dies in 2024.
    admit(tree.cell_a1, 3, 2023)
    b1 = admit(tree.cell_b1, 2, 2023)
    member_services.member_change_status(actor=SYSTEM, member=b1[0], status=Member.Status.LEFT, on=D(2023, 11, 1))
    member_services.member_change_status(actor=SYSTEM, member=b1[1], status=Member.Status.DECEASED, on=D(2024, 2, 1))
    # Recognized as full members in 2023: two from a 2022 admission, one by a later decision.
    make_member(tree.cell_a2, full_name="Phạm Thị Hai", admission_decision_date=D(2022, 1, 10),
                full_membership_date=D(2023, 1, 10))
    make_member(tree.cell_a2, full_name="Võ Văn Ba", admission_decision_date=D(2022, 2, 1),
                full_membership_date=D(2023, 2, 1))
    late = make_member(tree.cell_sub, full_name="Đỗ Văn Bốn", admission_decision_date=D(2022, 3, 1))
    member_services.member_change_status(actor=SYSTEM, member=late, status=Member.Status.FULL, on=D(2023, 3, 5))
    # Older members; one transferred out to another province in 2023.
    old = make_member(tree.grassroots_cell, full_name="Ngô Văn Năm", admission_decision_date=D(2012, 5, 5),
                      full_membership_date=D(2013, 5, 5))
    make_member(tree.grassroots_cell, full_name="Bùi Văn Sáu", admission_decision_date=D(2012, 6, 6),
                full_membership_date=D(2013, 6, 6))
    member_services.member_transfer_out(actor=SYSTEM, member=old, on=D(2023, 8, 1), destination="Tỉnh ủy An Giang")
    # Grassroots organizations established: two in 2023 (a cell under a committee is not one).
    make_org(tree.bloc, "DB-MOI", "Đảng bộ Công ty Cổ phần Mới", Organization.Kind.GRASSROOTS_COMMITTEE, established_on=D(2023, 5, 1))
    make_org(tree.bloc, "CB-MOI", "Chi bộ Trường Chính trị", Organization.Kind.GRASSROOTS_CELL, established_on=D(2023, 9, 1))
    make_org(tree.committee_b, "CB-SYT-MOI", "Chi bộ Trung tâm Kiểm soát bệnh tật", Organization.Kind.CELL,
             established_on=D(2023, 2, 1))
    make_org(tree.bloc, "CB-2022", "Chi bộ Quỹ Đầu tư", Organization.Kind.GRASSROOTS_CELL, established_on=D(2022, 6, 1))

    def count(code, org, period="2023"):
        return value(inds[code], org, period)

    assert [count("KET_NAP", o) for o in (tree.bloc, tree.committee_a, tree.committee_b, tree.cell_b1)] == [5, 3, 2, 2]
    assert [count("CONG_NHAN_CHINH_THUC", o) for o in (tree.bloc, tree.committee_a, tree.sub_a)] == [3, 3, 1]
    # On the rolls on 31/12/2023: 3 + 1 (b1, the one who died in 2024) + 3 + 1 (grassroots cell).
    assert [count("DANG_VIEN", o) for o in (tree.bloc, tree.committee_a, tree.committee_b, tree.grassroots_cell)] == [
        8, 6, 1, 1]
    assert count("DANG_VIEN", tree.bloc, "2024") == 7
    assert count("DANG_VIEN", tree.bloc, "2022") == 5  # a2's two, sub's one, the grassroots cell's two
    assert [count("DANG_VIEN_DU_BI", tree.bloc), count("DANG_VIEN_CHINH_THUC", tree.bloc)] == [4, 4]
    # Status on 31/12/2022, before the changes of 2023: a2's two and sub's one still probationary.
    assert [count("DANG_VIEN_DU_BI", tree.bloc, "2022"), count("DANG_VIEN_CHINH_THUC", tree.bloc, "2022")] == [3, 2]
    assert count("XOA_TEN", tree.bloc) == 0 and count("TU_TRAN", tree.bloc, "2024") == 1
    assert [count("TCCSD_MOI", tree.bloc), count("TCCSD_MOI", tree.province), count("TCCSD_MOI", tree.bloc, "2022")] == [
        2, 2, 1]
    assert [count("TCCSD", tree.bloc), count("TCCSD", tree.bloc, "2022"), count("TCCSD", tree.bloc, "2021")] == [6, 4, 3]
    assert count("KET_NAP", tree.bloc, "2023Q1") == 5  # January to March: a1 3, b1 2


def test_a_new_value_or_record_shows_at_once(tree):
    inds = typed_catalog()
    kt, admitted = inds["TC_TU_KIEM_TRA"], inds["KET_NAP"]
    enter(kt, tree.cell_a1, "2023", 4)
    assert value(kt, tree.bloc, "2023") == 4
    enter(kt, tree.cell_a1, "2023", 9)  # changed
    enter(kt, tree.cell_b2, "2023Q2", 2)  # new unit, by quarter
    assert value(kt, tree.bloc, "2023") == 11
    assert value(admitted, tree.bloc, "2023") == 0  # counted: no records is 0, not missing
    make_member(tree.cell_b2, full_name="Trịnh Văn Mới", admission_decision_date=D(2023, 10, 2))
    assert value(admitted, tree.bloc, "2023") == 1


def test_rollup_runs_a_fixed_number_of_queries_whatever_the_tree(tree):
    inds = typed_catalog()
    wanted = list(Indicator.objects.filter(code__in=["TC_TU_KIEM_TRA", "LAO_DONG", "KET_NAP", "THU_NHAP_BQ"])
                  .select_related("numerator", "denominator"))

    def queries():
        return count_queries(lambda: rollup.compute(wanted, parse("2023"), rollup.Scope(tree.province.path)))

    small = queries()
    for i in range(15):
        cell = make_org(tree.committee_b, f"CB-X{i}", f"Chi bộ {i}", Organization.Kind.CELL)
        enter(inds["TC_TU_KIEM_TRA"], cell, "2023", i)
        enter(inds["LAO_DONG"], cell, "2023Q1", i + 1)
        make_member(cell, full_name=f"Đảng viên {i}", admission_decision_date=D(2023, 3, 3))
    # How big the scope is, which period levels hold entered values, then one statement for
    # every indicator (sums, averages over time, the measure); the formula is divided in Python.
    assert queries() == small == 3


def test_a_moved_unit_keeps_its_figures_of_the_years_before_the_move(tree, users):
    inds = typed_catalog()
    kt = inds["TC_TU_KIEM_TRA"]
    enter(kt, tree.cell_a1, "2021", 10)
    enter(kt, tree.cell_sub, "2021", 5)
    admit(tree.cell_a2, 2, 2021)
    # Committee A leaves the bloc for the province on 1 January 2023.
    org_services.organization_move(actor=SYSTEM, organization=tree.committee_a, new_parent=tree.province,
                                   on=D(2023, 1, 1))
    tree.refresh()
    enter(kt, tree.cell_a1, "2024", 7)
    assert [value(kt, tree.committee_a, "2021"), value(kt, tree.sub_a, "2021"), value(kt, tree.bloc, "2021")] == [
        15, 5, 15]
    assert [value(kt, tree.committee_a, "2024"), value(kt, tree.bloc, "2024"), value(kt, tree.province, "2024")] == [
        7, None, 7]
    assert value(inds["KET_NAP"], tree.committee_a, "2021") == 2
    plan = make_plan(tree.committee_a, "KH-STC-2021", "2021")
    target(plan, kt, 12)
    [pf] = selectors.figures(actor=SYSTEM, organization=tree.committee_a,
                             period=parse("2021"))
    assert [(r.actual, r.status) for r in pf.rows] == [(15, achievement.EXCEEDED)]
    exp = selectors.explain(actor=SYSTEM, indicator=kt, organization=tree.committee_a, period=parse("2021"))
    assert (exp.value, [(p.label, p.value) for p in exp.parts]) == (15, [("Chi bộ Kho bạc 1", 5), ("Chi bộ Văn phòng", 10)])


def test_looking_units_up_or_reading_rows_through_gives_the_same_figures(tree, monkeypatch):
    inds = typed_catalog()
    enter_cells(tree, inds["TC_TU_KIEM_TRA"], "2023Q1")
    enter(inds["TC_TU_KIEM_TRA"], tree.cell_a1, "2023", 99)  # wins over its first quarter: 120 - 10 + 99
    for name, v in CELL_VALUES.items():
        enter(inds["LAO_DONG"], getattr(tree, name), "2023-02", v)
    admit(tree.cell_a1, 2, 2023)
    wanted = [inds[c] for c in ("TC_TU_KIEM_TRA", "LAO_DONG", "KET_NAP")]
    names = ["province", "bloc", "committee_a", "sub_a", "cell_a1", "committee_b", "grassroots_cell"]

    def figures():
        return [(n, p, year_to_date, values(ind, [getattr(tree, n)], p, year_to_date=year_to_date)[getattr(tree, n)])
                for n in names for p in ("2023", "2023Q1") for year_to_date in (False, True) for ind in wanted]

    monkeypatch.setattr(rollup, "_SMALL", 1_000_000)  # every scope looked up unit by unit
    looked_up = figures()
    monkeypatch.setattr(rollup, "_SMALL", 0)  # every scope read through
    assert figures() == looked_up
    assert looked_up[:6] == [("province", "2023", False, Decimal(209)), ("province", "2023", False, Decimal(120)),
                             ("province", "2023", False, Decimal(2)), ("province", "2023", True, Decimal(209)),
                             ("province", "2023", True, Decimal(120)), ("province", "2023", True, Decimal(2))]
