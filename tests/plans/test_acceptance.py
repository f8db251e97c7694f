"""Acceptance: the seed articles' situations entered as data (targets, members admitted
through the member service, values entered through the result service, tasks through the
task service) come back as the articles write them.

The Vietnamese catalog may not translate the plans phrases yet, so the words of a whole
sentences are asserted in English and in Vietnamese, as the review reports write them."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation

from dangvu.core import formatting
from dangvu.core.actors import SYSTEM
from dangvu.core.periods import parse
from dangvu.members import services as member_services
from dangvu.members.models import Member
from dangvu.orgs.models import Organization
from dangvu.plans import achievement, selectors, services
from dangvu.plans.models import Plan, Task
from tests.factories import make_member, make_org
from tests.support import D, admit, catalog, enter, indicator, make_plan, target

pytestmark = pytest.mark.django_db


def vi(fn):
    with translation.override("vi"):
        return fn()


def en(fn):
    with translation.override("en"):
        return fn()


def only_row(figures, code):
    rows = [r for pf in figures for r in pf.rows if r.indicator.code == code]
    assert len(rows) == 1, rows
    return rows[0]


# --- Seed 000: "Quyết định kết nạp 283 đảng viên, đạt 113,2 % so Nghị quyết" (2023) ---------

def test_283_admitted_reaching_113_2_percent_of_the_resolution(tree, users):
    ind = catalog()["KET_NAP"]
    plan = make_plan(tree.bloc, "NQ-DUK-2023", "2023", kind=Plan.Kind.RESOLUTION,
                     title="Nghị quyết năm 2023 của Đảng bộ")
    target(plan, ind, 250)
    # 283 admissions decided in 2023, in every cell of the bloc; one of them died in December
    # (still an admission of 2023).
    for cell, n in ((tree.cell_a1, 100), (tree.cell_a2, 50), (tree.cell_sub, 30), (tree.cell_b1, 60),
                    (tree.cell_b2, 22), (tree.grassroots_cell, 20)):
        admit(cell, n, 2023)
    died = admit(tree.cell_b2, 1, 2023, start=900, prefix="Từ trần")[0]
    member_services.member_change_status(actor=SYSTEM, member=died, status=Member.Status.DECEASED, on=D(2023, 12, 1))
    # Not admissions of 2023: admitted the year before and after, or transferred in.
    admit(tree.cell_a1, 3, 2022, prefix="Năm trước")
    admit(tree.cell_b1, 2, 2024, prefix="Năm sau")
    make_member(tree.cell_a2, full_name="Trần Chuyển Đến", admission_decision_date=D(2015, 4, 2),
                joined_on=D(2023, 6, 1), transferred_in_from="Đảng bộ tỉnh An Giang")

    figures = selectors.figures(actor=users.bloc_admin, organization=tree.bloc, period=parse("2023"))
    assert [pf.plan.code for pf in figures] == ["NQ-DUK-2023"]
    row = only_row(figures, "KET_NAP")
    assert row.actual == 283
    assert row.target.value == 250
    assert row.achievement == Decimal("113.2")
    assert row.status == achievement.EXCEEDED
    assert vi(lambda: formatting.number(row.actual)) == "283"
    assert vi(lambda: row.achievement_text) == "113,2"
    assert vi(lambda: row.phrase()) == "đạt 113,2%"
    assert en(lambda: row.phrase()) == "reaching 113.2%"
    # The figure explains itself: the 283 admission records, and the target held against.
    exp = selectors.explain(actor=users.bloc_admin, indicator=ind, organization=tree.bloc, period=parse("2023"))
    assert (exp.value, exp.total_parts, len(exp.parts), [t.value for t in exp.targets]) == (283, 283, 283, [250])
    assert sum(1 for p in exp.parts if p.label.startswith("Từ trần")) == 1


# --- Seed 001: "kết nạp được 243/240 đảng viên (đạt 101,25% so với chỉ tiêu đề ra)" (2021) ---

def test_243_of_240_admitted_reaching_101_25_percent(tree, users):
    ind = catalog()["KET_NAP"]
    program = make_plan(tree.bloc, "CTHD-2021", "2021", kind=Plan.Kind.ACTION_PROGRAM,
                        title="Chương trình hành động năm 2021")
    target(program, ind, 240)
    for cell, n in ((tree.cell_a1, 90), (tree.cell_sub, 40), (tree.cell_b1, 70), (tree.cell_b2, 23),
                    (tree.grassroots_cell, 20)):
        admit(cell, n, 2021)
    admit(tree.cell_a2, 4, 2020, prefix="Năm trước")

    row = only_row(selectors.figures(actor=users.bloc_admin, organization=tree.bloc, period=parse("2021")), "KET_NAP")
    assert (row.actual, row.target.value, row.achievement) == (243, 240, Decimal("101.25"))
    assert row.status == achievement.EXCEEDED
    assert vi(lambda: f"{formatting.number(row.actual)}/{formatting.number(row.target.value)}") == "243/240"
    assert vi(lambda: row.achievement_text) == "101,25"
    assert en(lambda: row.phrase()) == "reaching 101.25%"
    # The same target seen from a committee that has none of its own: no row.
    assert selectors.figures(actor=users.bloc_admin, organization=tree.committee_a, period=parse("2021")) == []


# --- Seed 002: "10/14 chỉ tiêu đạt 100% trở lên, 3 chỉ tiêu đạt trên 60%, trong đó chỉ tiêu
# kết nạp đảng viên mới, đạt 80%" (mid-term review of a 2020-2025 resolution) ---------------

def test_term_resolution_10_of_14_targets_reached_3_over_60_percent(tree, users):
    inds = catalog()
    youth = make_org(tree.bloc, "DB-TD", "Đảng bộ Cơ quan Tỉnh đoàn", Organization.Kind.GRASSROOTS_COMMITTEE)
    office = make_org(youth, "CB-TD-VP", "Chi bộ Văn phòng Tỉnh đoàn", Organization.Kind.CELL)
    school = make_org(youth, "CB-TD-NVH", "Chi bộ Nhà Thiếu nhi", Organization.Kind.CELL)
    term = services.term_create(actor=SYSTEM, code="2020-2025")
    congress = services.congress_create(actor=SYSTEM, organization=youth, term=term, ordinal=16, held_on=D(2020, 6, 12))
    assert congress.roman == "XVI"
    resolution = make_plan(youth, "NQ-DH-XVI", "2020-2025", kind=Plan.Kind.RESOLUTION, term=term,
                           congress=congress, title="Nghị quyết Đại hội Đảng bộ lần thứ XVI", issued_on=D(2020, 6, 13))
    # Admissions: 10 over the term, 8 so far (2020-2023), counted from the member records.
    target(resolution, inds["KET_NAP"], 10, sort_order=1)
    admit(office, 3, 2021)
    admit(school, 2, 2022)
    admit(office, 3, 2023, start=10)
    # Thirteen more targets, entered by the committee: the term value itself, or its years.
    others = [  # code, target, entered (a term value, or {year: value})
        ("CT02", 20, 20), ("CT03", 4, 5), ("CT04", 12, {"2020": 3, "2021": 4, "2022": 5}),
        ("CT05", 100, 100), ("CT06", 30, {"2021": 10, "2022": 10, "2023": 10}), ("CT07", 8, 9),
        ("CT08", 6, 6), ("CT09", 50, {"2020": 20, "2023": 40}), ("CT10", 2, 2), ("CT11", 15, 18),
        ("CT12", 10, {"2021": 3, "2022": 4}),  # 70%
        ("CT13", 40, 26),  # 65%
        ("CT14", 20, 11),  # 55%
    ]
    for n, (code, goal, entered) in enumerate(others, start=2):
        ind = indicator(code, f"Chỉ tiêu số {n} của Nghị quyết")
        target(resolution, ind, goal, sort_order=n)
        for period, v in (entered.items() if isinstance(entered, dict) else [("2020-2025", entered)]):
            enter(ind, youth, period, v)

    [pf] = selectors.figures(actor=users.bloc_admin, organization=youth, period=parse("2020-2025"))
    assert [r.indicator.code for r in pf.rows][:3] == ["KET_NAP", "CT02", "CT03"]
    assert {r.indicator.code: r.actual for r in pf.rows} == {
        "KET_NAP": 8, "CT02": 20, "CT03": 5, "CT04": 12, "CT05": 100, "CT06": 30, "CT07": 9, "CT08": 6,
        "CT09": 60, "CT10": 2, "CT11": 18, "CT12": 7, "CT13": 26, "CT14": 11,
    }
    t = pf.tally
    assert (t.total, t.reached, t.above_60, t.below, t.no_data) == (14, 10, 3, 1, 0)
    admissions = pf.rows[0]
    assert (admissions.achievement, admissions.status) == (Decimal(80), achievement.NOT_MET)
    assert vi(lambda: admissions.achievement_text) == "80"
    assert en(lambda: admissions.phrase()) == "reaching 80%"
    assert en(t.sentence) == "10/14 targets reached 100% or more, 3 targets reached over 60%"
    assert vi(t.sentence) == "10/14 chỉ tiêu đạt 100% trở lên, 3 chỉ tiêu đạt trên 60%"
    assert vi(lambda: (formatting.number(t.reached), formatting.number(t.total), formatting.number(t.above_60))) == (
        "10", "14", "3")


# --- Seed 004: "hoàn thành 29/29 chỉ tiêu"; "kết nạp được trên 1.600 đảng viên, vượt gần 6%
# so với chỉ tiêu Nghị quyết năm" (a province, 2023) -------------------------------------------

def test_province_completed_29_of_29_targets_and_admissions_exceeded_by_nearly_6_percent(tree):
    plan = make_plan(tree.province, "KH-TCXDD-2023", "2023", title="Kế hoạch công tác tổ chức xây dựng Đảng năm 2023")
    # The province's admissions as its units reported them (1.600 member records would take
    # too long to create here; the measure is exercised by the other tests).
    reported = indicator("KET_NAP_BC", "Kết nạp đảng viên (theo báo cáo của các đảng bộ trực thuộc)")
    target(plan, reported, 1510, sort_order=1)
    for unit, n in ((tree.bloc, 212), (tree.committee_a, 388), (tree.committee_b, 560), (tree.grassroots_cell, 440)):
        enter(reported, unit, "2023", n)
    for n in range(2, 30):
        ind = indicator(f"TC{n:02d}", f"Chỉ tiêu công tác tổ chức số {n}")
        target(plan, ind, 10 * n, sort_order=n)
        enter(ind, tree.province, "2023", 10 * n + (n % 3))  # met (n % 3 == 0) or exceeded

    [pf] = selectors.figures(actor=SYSTEM, organization=tree.province, period=parse("2023"))
    assert (pf.tally.total, pf.tally.reached) == (29, 29)
    assert sorted({r.status for r in pf.rows}) == [achievement.EXCEEDED, achievement.MET]
    assert en(pf.tally.completed) == "completed 29/29 targets"
    assert vi(pf.tally.completed) == "hoàn thành 29/29 chỉ tiêu"
    assert vi(lambda: f"{formatting.number(pf.tally.reached)}/{formatting.number(pf.tally.total)}") == "29/29"

    row = pf.rows[0]
    assert row.indicator.code == "KET_NAP_BC"
    assert (row.actual, row.target.value) == (1600, 1510)
    assert row.achievement == Decimal(1600) / Decimal(1510) * 100
    assert vi(lambda: (formatting.number(row.actual), formatting.number(row.target.value))) == ("1.600", "1.510")
    assert vi(lambda: row.achievement_text) == "105,96"
    assert vi(lambda: row.excess_phrase()) == "vượt 5,96% so với chỉ tiêu"
    assert vi(lambda: row.excess_phrase(approximate=True)) == "vượt gần 6% so với chỉ tiêu"
    assert en(lambda: row.excess_phrase()) == "exceeding the target by 5.96%"
    assert en(lambda: row.excess_phrase(approximate=True)) == "exceeding the target by nearly 6%"
    assert vi(lambda: formatting.approximately(row.achievement - 100)) == "gần 6"
    assert en(lambda: formatting.approximately(row.actual + Decimal("0.4"))) == "over 1,600"


# --- Seed 003: enterprises of the bloc in 2023: "thu nhập bình quân của người lao động đạt
# 10,6 triệu đồng/tháng (đạt 106% kế hoạch)"; "nộp bảo hiểm xã hội đạt trên 60,8 tỷ đồng, bằng
# 135% kế hoạch"; "tổng doanh thu ... đạt trên 9.899 tỷ đồng" ---------------------------------

def _enterprises(tree):
    return [make_org(tree.bloc, f"DN-{i}", name, Organization.Kind.GRASSROOTS_COMMITTEE, sector=Organization.Sector.ENTERPRISE)
            for i, name in enumerate(("Đảng bộ Công ty Điện lực", "Đảng bộ Công ty Cấp thoát nước",
                                      "Đảng bộ Công ty Xổ số kiến thiết"), start=1)]


def _enterprise_figures(tree):
    inds = catalog()
    e1, e2, e3 = _enterprises(tree)
    plan = make_plan(tree.bloc, "KH-SXKD-2023", "2023", title="Kế hoạch sản xuất kinh doanh năm 2023")
    target(plan, inds["THU_NHAP_BQ"], 10, sort_order=1)
    target(plan, inds["NOP_BHXH"], 45, sort_order=2)
    target(plan, inds["DOANH_THU"], 9500, sort_order=3)
    quarters = ["2023Q1", "2023Q2", "2023Q3", "2023Q4"]
    # Monthly income fund (triệu đồng) and workers, each quarter; the third enterprise
    # reports the year at once. 12 + 10,25 + 10,6 triệu a head: 6.360 / 600 = 10,6.
    for q, fund, workers in zip(quarters, (1200, 1200, 1200, 1200), (100, 100, 100, 100), strict=True):
        enter(inds["QUY_THU_NHAP"], e1, q, fund)
        enter(inds["LAO_DONG"], e1, q, workers)
    for q, fund, workers in zip(quarters, (4000, 4100, 4150, 4150), (380, 400, 410, 410), strict=True):
        enter(inds["QUY_THU_NHAP"], e2, q, fund)
        enter(inds["LAO_DONG"], e2, q, workers)
    enter(inds["QUY_THU_NHAP"], e3, "2023", 1060)
    enter(inds["LAO_DONG"], e3, "2023", 100)
    # Social insurance paid (tỷ đồng): 20,8 + 30,5 + 9,5 = 60,8.
    for q, v in zip(quarters, ("5,2", "5,3", "5,1", "5,2"), strict=True):
        enter(inds["NOP_BHXH"], e1, q, v)
    enter(inds["NOP_BHXH"], e2, "2023", "30,5")
    for q, v in zip(quarters, ("2,5", "2,5", "2,0", "2,5"), strict=True):
        enter(inds["NOP_BHXH"], e3, q, v)
    # Revenue (tỷ đồng): 9.899,4 over the three.
    enter(inds["DOANH_THU"], e1, "2023", "6.512,3")
    enter(inds["DOANH_THU"], e2, "2023", "2.187,6")
    enter(inds["DOANH_THU"], e3, "2023", "1.199,5")
    return inds, plan, (e1, e2, e3)


def test_enterprise_income_social_insurance_and_revenue(tree, users):
    inds, plan, (e1, e2, e3) = _enterprise_figures(tree)
    [pf] = selectors.figures(actor=users.bloc_admin, organization=tree.bloc, period=parse("2023"))
    income, insurance, revenue = pf.rows

    # Income: the ratio of the summed fund to the summed workers, never the mean of the
    # enterprises' own averages (12; 10,25; 10,6 -> 10,95).
    assert income.indicator.code == "THU_NHAP_BQ"
    assert income.actual == Decimal("10.6")
    assert income.achievement == Decimal(106)
    own = [selectors.explain(actor=users.bloc_admin, indicator=inds["THU_NHAP_BQ"], organization=e, period=parse("2023"))
           .value for e in (e1, e2, e3)]
    assert own == [Decimal(12), Decimal("10.25"), Decimal("10.6")]
    assert sum(own) / 3 == Decimal("10.95")
    assert vi(lambda: formatting.decimal(income.actual)) == "10,6"
    assert vi(lambda: income.phrase(whole=True)) == "đạt 106%"
    assert en(lambda: income.phrase(whole=True)) == "reaching 106%"
    parts = selectors.explain(actor=users.bloc_admin, indicator=inds["THU_NHAP_BQ"], organization=tree.bloc,
                              period=parse("2023")).parts
    assert [(p.label, p.value) for p in parts] == [("Tổng thu nhập của người lao động trong tháng", Decimal(6360)),
                     ("Số người lao động", Decimal(600))]

    # Social insurance: 60,8 of 45 is 135,11%, written as a whole number.
    assert insurance.indicator.code == "NOP_BHXH"
    assert insurance.actual == Decimal("60.8")
    assert insurance.achievement.quantize(Decimal("0.0001")) == Decimal("135.1111")
    assert vi(lambda: formatting.decimal(insurance.actual)) == "60,8"
    assert vi(lambda: insurance.achievement_text) == "135,11"
    assert vi(lambda: formatting.percent(insurance.achievement, whole=True)) == "135"
    assert en(lambda: insurance.phrase(whole=True)) == "reaching 135%"

    # Revenue: "trên 9.899 tỷ đồng".
    assert revenue.actual == Decimal("9899.4")
    assert vi(lambda: formatting.decimal(revenue.actual, 0)) == "9.899"
    assert en(lambda: formatting.approximately(revenue.actual)) == "over 9,899"
    assert (pf.tally.total, pf.tally.reached) == (3, 3)


def test_figures_command_prints_the_enterprise_figures(tree):
    _enterprise_figures(tree)
    out = io.StringIO()
    call_command("figures", "DUK", "2023", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["organization"] == "DUK" and data["period"] == "2023"
    [plan] = data["plans"]
    assert plan["plan"] == "KH-SXKD-2023"
    assert plan["tally"] == {"total": 3, "reached": 3, "above_60": 0, "below": 0, "no_data": 0,
                             "running": 0, "at_risk": 0, "not_begun": 0}
    assert plan["targets"] == [
        {"indicator": "THU_NHAP_BQ", "name": "Thu nhập bình quân của người lao động", "period": "2023",
         "comparator": "gte", "target": 10.0, "actual": 10.6, "achievement": 106.0, "status": "exceeded",
         "projected": None, "at_risk": False},
        {"indicator": "NOP_BHXH", "name": "Nộp bảo hiểm xã hội", "period": "2023", "comparator": "gte",
         "target": 45.0, "actual": 60.8, "achievement": float(Decimal("60.8") / 45 * 100), "status": "exceeded",
         "projected": None, "at_risk": False},
        {"indicator": "DOANH_THU", "name": "Tổng doanh thu của doanh nghiệp", "period": "2023", "comparator": "gte",
         "target": 9500.0, "actual": 9899.4, "achievement": float(Decimal("9899.4") / 9500 * 100),
         "status": "exceeded", "projected": None, "at_risk": False},
    ]

    with translation.override("en"):
        out = io.StringIO()
        call_command("figures", "DUK", "2023", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Kế hoạch sản xuất kinh doanh năm 2023 — Đảng bộ các cơ quan Đảng tỉnh, Year 2023"
    assert [line.split() for line in lines[1:5]] == [
        ["Code", "Indicator", "Target", "Actual", "%", "Status"],
        ["THU_NHAP_BQ", "Thu", "nhập", "bình", "quân", "của", "người", "lao", "động", "≥", "10", "10.6", "106",
         "Exceeded"],
        ["NOP_BHXH", "Nộp", "bảo", "hiểm", "xã", "hội", "≥", "45", "60.8", "135.11", "Exceeded"],
        ["DOANH_THU", "Tổng", "doanh", "thu", "của", "doanh", "nghiệp", "≥", "9,500", "9,899.4", "104.2", "Exceeded"],
    ]
    assert lines[5] == "3/3 targets reached 100% or more; completed 3/3 targets"

    with translation.override("vi"):
        out = io.StringIO()
        call_command("figures", "DUK", "2023", stdout=out)
    rows = [line.split() for line in out.getvalue().splitlines()[2:5]]
    assert [r[-4:-1] for r in rows] == [["10", "10,6", "106"], ["45", "60,8", "135,11"], ["9.500", "9.899,4", "104,2"]]


# --- Seed 003: "hoàn thành toàn bộ 1.966 nhiệm vụ trọng tâm năm 2023, trong đó: 365 nhiệm vụ
# cụ thể theo nội dung Chương trình hành động số 135-CTr/TU của Tỉnh ủy và 1.601 nhiệm vụ do
# ngành dọc cấp trên giao" ----------------------------------------------------------------------

def test_1966_key_tasks_365_from_program_135_and_1601_from_the_vertical_line_all_completed(tree, users):
    program = make_plan(tree.province, "CTHD-135", "2023", kind=Plan.Kind.ACTION_PROGRAM, number="135-CTr/TU",
                        title="Chương trình hành động thực hiện các chỉ tiêu nhiệm vụ năm 2023")
    units = [tree.committee_a, tree.cell_a1, tree.sub_a, tree.committee_b, tree.cell_b2, tree.grassroots_cell]
    created = []
    for i in range(1966):
        source = Task.Source.PROGRAM if i < 365 else Task.Source.VERTICAL
        created.append(services.task_create(actor=users.bloc_admin, plan=program, organization=units[i % len(units)],
                                            title=f"Nhiệm vụ {i + 1}", source=source, due_on=D(2023, 12, 31)))
    # A task of a unit outside the bloc is not the bloc's.
    outside = make_org(tree.province, "DB-HUYEN", "Đảng bộ huyện Châu Thành", Organization.Kind.GRASSROOTS_COMMITTEE)
    services.task_create(actor=SYSTEM, plan=program, organization=outside, title="Nhiệm vụ của huyện")

    counts = selectors.task_counts(actor=users.bloc_admin, plan=program, organization=tree.bloc)
    assert (counts.total, counts.by_source, counts.done) == (1966, {"program": 365, "vertical": 1601}, 0)
    for i, task in enumerate(created):
        services.task_set_status(actor=users.bloc_admin, task=task, status=Task.Status.DONE,
                                 on=D(2023, 1 + i % 12, 28))
    counts = selectors.task_counts(actor=users.bloc_admin, plan=program, organization=tree.bloc)
    assert (counts.total, counts.done, counts.done_on_time) == (1966, 1966, 1966)
    done_rate = Decimal(counts.done) * 100 / counts.total
    assert vi(lambda: (formatting.number(counts.total), formatting.number(counts.by_source["program"]),
                       formatting.number(counts.by_source["vertical"]), formatting.percent(done_rate))) == (
        "1.966", "365", "1.601", "100")
    assert selectors.task_counts(actor=SYSTEM, plan=program, organization=tree.province).total == 1967
