"""The demo plan data (dangvu.demo.plans): deterministic, consistent with the rules the
services keep, and the figures of the bloc for 2023.

The numbers pinned here are regression values of the deterministic demo (seed 2024), read
off once from `dangvu figures HG-KHOI 2023`: they change when the demo generator, the
catalog or the rollup engine changes what the demo computes to, and must then be read off
again (after checking the change is meant)."""

from __future__ import annotations

import datetime
import hashlib
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
from dangvu.demo.classes import generate_classes
from dangvu.demo.generator import generate
from dangvu.demo.inspections import generate_inspections
from dangvu.demo.plans import generate_plans
from dangvu.demo.ratings import generate_ratings
from dangvu.demo.reset import wipe
from dangvu.orgs.models import Organization
from dangvu.plans import selectors
from dangvu.plans.models import Congress, Indicator, Plan, Result, Return, Target, Task, Term
from dangvu.plans.validation import check_report


def _fingerprint() -> str:
    """Every plans row by its natural keys (ids left out: they follow from the order)."""
    digest = hashlib.sha256()
    for qs, fields in (
        (Term.objects, ["code", "start", "end"]),
        (Congress.objects, ["organization__code", "term__code", "ordinal", "held_on"]),
        (Plan.objects, ["code", "kind", "organization__code", "number", "title", "issued_on", "period", "term__code",
                        "congress__ordinal"]),
        (Target.objects, ["plan__code", "indicator__code", "organization__code", "period", "value", "comparator",
                          "sort_order"]),
        (Result.objects, ["indicator__code", "organization__code", "period", "value", "state", "version",
                          "updated_at"]),
        (Return.objects, ["organization__code", "period", "state", "submitted_at", "approved_at"]),
        (Task.objects, ["plan__code", "organization__code", "title", "source", "due_on", "status", "completed_on"]),
    ):
        for row in qs.order_by(*fields).values_list(*fields):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _load(seed: int = 2024, *, ratings: bool = False) -> dict:
    """As `dangvu demo` loads them: the classes and the inspections before the plans (whose
    targets of classes, inspections and supervisions are sized against them), the rating
    rounds after."""
    generate(scale="bloc", seed=seed)
    generate_classes(seed=seed)
    generate_inspections(seed=seed)
    counts = generate_plans(scale="bloc", seed=seed)
    if ratings:
        generate_ratings(seed=seed)
    return counts


@pytest.mark.django_db
def test_plan_data_is_deterministic_consistent_and_wiped_by_reset():
    counts = _load()
    first = _fingerprint()
    assert counts == {"terms": 2, "congresses": 2, "plans": 7, "targets": 564, "results": 4904,
                      "approvals": 1737, "tasks": 1871, "reporting_units": 77}
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

    # The catalog stays, the rest goes; and the same seed gives the same rows again.
    indicators = Indicator.objects.count()
    wipe()
    assert not any(m.objects.exists() for m in (Term, Congress, Plan, Target, Result, Return, Task))
    assert Indicator.objects.count() == indicators
    _load()
    assert _fingerprint() == first
    wipe()
    _load(seed=7)
    assert _fingerprint() != first


# (indicator, target, actual rounded to 2 decimals, status) of `dangvu figures HG-KHOI 2023`.
FIGURES_2023 = [
    ("KET_NAP", 155, 177, "exceeded"),
    ("TCCSD_MOI", 1, 1, "met"),
    ("TL_TCCSD_QUAN_TRIET", 100, 100, "met"),
    ("TL_DV_HTT_TRO_LEN", 90, 85.8, "not_met"),  # counted from the rating rounds
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
def test_figures_of_the_bloc_for_2023():
    _load(ratings=True)
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
