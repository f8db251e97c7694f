"""The demo plan data (dangvu.demo.plans) as the whole demo loads it: consistent with the rules
the services keep, and the figures of the bloc for 2023.

The numbers pinned here are regression values of the deterministic demo (seed 2024), read
off once from `dangvu figures HG-KHOI 2023`: they change when the demo generator, the
catalog or the rollup engine changes what the demo computes to, and must then be read off
again (after checking the change is meant)."""

from __future__ import annotations

import datetime
import io
import json
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum

from dangvu.core.actors import SYSTEM
from dangvu.core.models import AuditEntry
from dangvu.core.periods import parse
from dangvu.orgs.models import Organization
from dangvu.plans import selectors
from dangvu.plans.models import Congress, Plan, Result, Return, Target, Task, Term
from dangvu.plans.validation import check_report


@pytest.mark.django_db
def test_plan_data_is_consistent(demo):
    assert [m.objects.count() for m in (Term, Congress, Plan, Target, Result, Task)] == [2, 2, 7, 564, 4904, 1871]
    assert Return.objects.count() == 1737 and Return.objects.filter(state=Return.State.APPROVED).count() == 1695
    assert list(AuditEntry.objects.filter(action="demo.plans").values_list("object_repr", flat=True)) == [
        "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh Hòa Giang"]
    bloc = Organization.objects.get(code="HG-KHOI")

    # The yearly admission targets handed down add up to the bloc's.
    for plan in Plan.objects.filter(kind=Plan.Kind.ACTION_PROGRAM):
        own = Target.objects.get(plan=plan, indicator__code="KET_NAP", organization=bloc)
        shares = Target.objects.filter(plan=plan, indicator__code="KET_NAP", organization__parent=bloc)
        assert shares.count() > 70
        assert shares.aggregate(s=Sum("value"))["s"] == own.value

    # Results carry the state of their report; approved reports cover every result.
    approvals = {(a.organization_id, a.period): a.state for a in Return.objects.all()}
    mismatched = [r for r in Result.objects.filter(period__contains="Q").values_list("organization_id", "period", "state")
                  if approvals.get((r[0], r[1]), "draft") != r[2]]
    assert mismatched == []

    # The reports pass the form's validation rules (warnings allowed).
    for approval in Return.objects.filter(period="2025Q4").select_related("organization"):
        errors = [i for i in check_report(organization=approval.organization, period=parse("2025Q4"))
                  if i.severity == "error"]
        assert errors == [], approval.organization.code

    # The latest quarter: some units late, some with nothing submitted, as the due list shows.
    latest = selectors.completeness(actor=SYSTEM, organization=bloc, period=parse("2026Q3"))
    assert (latest.expected, latest.submitted, latest.on_time) == (77, 66, 60)
    due = selectors.due_list(actor=SYSTEM, today=datetime.date(2026, 11, 22))
    assert [i.period.code for i in due] == ["2026Q3"] * 11
    assert all(i.overdue for i in due)

    # Key tasks of 2023: "x nhiệm vụ, trong đó y theo Chương trình, z do ngành dọc giao".
    tasks = selectors.task_counts(actor=SYSTEM, plan=Plan.objects.get(code="HG-KHOI-CTR-2023"), organization=bloc)
    assert (tasks.total, tasks.by_source, tasks.done) == (1871, {"program": 347, "vertical": 1524}, 1829)


# (indicator, target, actual rounded to 2 decimals, status) of `dangvu figures HG-KHOI 2023`.
FIGURES_2023 = [
    ("KET_NAP", 155, 177, "exceeded"),
    ("TCCSD_MOI", 1, 1, "met"),
    ("TL_TCCSD_QUAN_TRIET", 100, 100, "met"),
    ("TL_DV_HTT_TRO_LEN", 90, 85.77, "not_met"),  # counted from the rating rounds
    ("TL_TCCSD_HTT_TRO_LEN", 95, 100, "exceeded"),
    ("LOP_NHAN_THUC", 5, 6, "exceeded"),  # counted from the classes register
    ("LOP_DANG_VIEN_MOI", 3, 4, "exceeded"),
    ("LOP_NGHIEP_VU", 3, 4, "exceeded"),
    ("KT_TO_CHUC", 45, 47, "exceeded"),  # counted from the inspections register
    ("KT_DANG_VIEN", 55, 56, "exceeded"),
    ("GS_TO_CHUC", 55, 52, "not_met"),
    ("GS_DANG_VIEN", 25, 32, "exceeded"),
    ("DOANH_THU", 9600, 10242.8, "exceeded"),
    ("NOP_NGAN_SACH", 850, 907.1, "exceeded"),
    ("NOP_BHXH", 55, 63.7, "exceeded"),
    ("THU_NHAP_BQ", 10, 10.41, "exceeded"),
]


@pytest.mark.django_db
def test_figures_of_the_bloc_for_2023(demo):
    out = io.StringIO()
    call_command("figures", "HG-KHOI", "2023", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert [p["plan"] for p in data["plans"]] == ["HG-KHOI-CTR-2023"]
    plan = data["plans"][0]
    rows = [(t["indicator"], t["target"], round(t["actual"], 2), t["status"]) for t in plan["targets"]]
    assert rows == FIGURES_2023
    assert plan["tally"] == {"total": 16, "reached": 14, "above_60": 2, "below": 0, "no_data": 0, "running": 0,
                             "at_risk": 0, "not_begun": 0}
    # The admissions are counted from the admissions register: 177 decisions dated 2023.
    achieved = {t["indicator"]: t["achievement"] for t in plan["targets"]}
    assert round(achieved["KET_NAP"], 2) == 114.19

    # The table as printed (Vietnamese numbers), and a grassroots committee's handed-down target.
    out = io.StringIO()
    call_command("figures", "HG-KHOI", "2023", stdout=out)
    text = out.getvalue()
    assert "135-CTr/ĐUK Chương trình hành động thực hiện các chỉ tiêu, nhiệm vụ năm 2023" in text
    assert "10.242,8" in text and "114,19" in text
    out = io.StringIO()
    call_command("figures", "HG-KHOI-001", "2023", "--format", "json", stdout=out)
    own = json.loads(out.getvalue())["plans"][0]["targets"]
    assert [(t["indicator"], t["target"], t["actual"]) for t in own] == [("KET_NAP", 3, 4)]

    # The units' values add up to the bloc's figure (the engine against a plain sum).
    per_unit = defaultdict(Decimal)
    for code, value in Result.objects.filter(period__startswith="2023Q", indicator__code="DOANH_THU").values_list(
            "organization__code", "value"):
        per_unit[code] += value
    assert sum(per_unit.values()) == Decimal("10242.8")
