"""Writes and reads of plans: targets and their cascade, entered values with optimistic
locking, validation rules, submission, bottom-up approval and its lock, reopening,
completeness and timeliness, what is due, and the scope of every read and write."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from dangvu.core import formatting
from dangvu.core.actors import SYSTEM
from dangvu.core.errors import NotFound, PermissionDenied, RuleViolation, ValidationError, codes
from dangvu.core.models import AuditEntry
from dangvu.core.periods import parse
from dangvu.orgs.models import Organization, User
from dangvu.plans import selectors, services, validation
from dangvu.plans.models import (
    Congress,
    Indicator,
    Plan,
    ReportingForm,
    Result,
    Return,
    Target,
    Task,
    Term,
    ValidationRule,
)
from tests.factories import audit_rows, make_org, make_user, message
from tests.support import D, catalog, enter, indicator, make_plan, target, typed_catalog

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

OUTSIDE = "You may not change records outside your organization."
READ_ONLY = "Your account is read-only."
NOT_ITSELF = "A report is approved or reopened by the level above, not by the unit itself."
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def locked(org, period):
    return (f"The report of {org.name} for {period} is approved and locked; a higher level must reopen it first.")


@pytest.fixture
def province_admin(tree):
    return make_user(tree.province, "admin_tinh", User.Role.ADMIN, full_name="Quản trị Tỉnh ủy")


@pytest.fixture
def inds(db):
    return typed_catalog()


def approval(org, period):
    a = Return.objects.filter(organization=org, period=period).first()
    return None if a is None else a.state


def at(monkeypatch, day: datetime.date, hour: int = 9):
    """Make "now" (what submission time is taken from) a given local day."""
    moment = datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)


# --- targets ---------------------------------------------------------------------------------

def test_target_set_creates_then_changes_with_audit(tree, users, inds):
    plan = make_plan(tree.bloc, "NQ-2023", "2023", kind=Plan.Kind.RESOLUTION, actor=users.bloc_admin)
    t = services.target_set(actor=users.bloc_admin, plan=plan, indicator=inds["KET_NAP"], organization=tree.bloc,
                            period="2023", value="250")
    assert (t.value, t.comparator, t.period) == (250, Target.Comparator.GTE, "2023")
    again = services.target_set(actor=users.bloc_admin, plan=plan, indicator=inds["KET_NAP"], organization=tree.bloc,
                                period="2023", value="1,234", comparator=Target.Comparator.LTE)
    assert again.pk == t.pk
    same = services.target_set(actor=users.bloc_admin, plan=plan, indicator=inds["KET_NAP"], organization=tree.bloc,
                               period="2023", value=Decimal("1234.00"), comparator=Target.Comparator.LTE)
    assert Target.objects.get(pk=t.pk).value == Decimal("1234") and same.pk == t.pk
    rows = audit_rows(t)
    assert [(r.action, r.actor_name, r.changes, r.note) for r in rows] == [
        ("target.set", "admin_khoi", {"value": [None, "250"], "comparator": [None, "gte"]}, "NQ-2023 KET_NAP 2023"),
        ("target.set", "admin_khoi", {"value": ["250", "1234"], "comparator": ["gte", "lte"]}, "NQ-2023 KET_NAP 2023"),
        ("target.set", "admin_khoi", {}, "NQ-2023 KET_NAP 2023"),  # the same value: no change recorded
    ]
    assert rows[0].scope_path == tree.bloc.path


def test_target_set_refusals(tree, users, inds):
    plan = make_plan(tree.committee_a, "KH-STC", "2023")
    with pytest.raises(ValidationError) as exc:
        services.target_set(actor=SYSTEM, plan=plan, indicator=inds["KET_NAP"], organization=tree.committee_a,
                            period="2023", value="")
    assert exc.value.message_dict == {"value": ["A target needs a value."]}
    with pytest.raises(ValidationError) as exc:
        services.target_set(actor=SYSTEM, plan=plan, indicator=inds["KET_NAP"], organization=tree.committee_a,
                            period="2023", value="nhiều")
    assert exc.value.message_dict == {"value": ["“nhiều” is not a number: write it as 1,234.5."]}
    with pytest.raises(ValidationError) as exc:
        services.target_set(actor=SYSTEM, plan=plan, indicator=inds["KET_NAP"], organization=tree.committee_a,
                            period="2023Q5", value=1)
    assert exc.value.message_dict == {
        "period": ["“2023Q5” is not a period: write 2023, 2023H1, 2023Q3, 2023-05 or 2020-2025."]}
    with pytest.raises(ValidationError) as exc:
        services.target_set(actor=SYSTEM, plan=plan, indicator=inds["KET_NAP"], organization=tree.committee_a,
                            period="2023", value=1, comparator=">")
    assert exc.value.message_dict == {"comparator": ["Unknown comparator."]}
    with pytest.raises(RuleViolation) as exc:
        services.target_set(actor=SYSTEM, plan=plan, indicator=inds["KET_NAP"], organization=tree.committee_b,
                            period="2023", value=1)
    assert message(exc) == "Đảng bộ Sở Y tế is not under Đảng bộ Sở Tài chính, which issued this plan."
    with pytest.raises(PermissionDenied) as exc:
        services.target_set(actor=users.viewer, plan=plan, indicator=inds["KET_NAP"], organization=tree.committee_a,
                            period="2023", value=1)
    assert str(exc.value) == READ_ONLY
    assert Target.objects.count() == 0


def test_target_cascade_shares_must_add_up_and_stay_editable(tree, users, inds):
    admitted = inds["KET_NAP"]
    plan = make_plan(tree.bloc, "NQ-2023", "2023", kind=Plan.Kind.RESOLUTION)
    with pytest.raises(RuleViolation) as exc:
        services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=admitted, period="2023",
                                shares={tree.committee_a: 100})
    assert message(exc) == (
        "Đảng bộ các cơ quan Đảng tỉnh has no target for Kết nạp đảng viên mới in 2023 to hand down.")
    target(plan, admitted, 1250)
    with pytest.raises(RuleViolation) as exc:
        services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=admitted, period="2023",
                                shares={tree.committee_a: 600, tree.committee_b: "400", tree.grassroots_cell: "240"})
    assert message(exc) == ("The shares add up to 1,240, short of the target 1,250 of "
                            "Đảng bộ các cơ quan Đảng tỉnh.")
    assert codes(exc.value) == ["cascade_shares_short"]
    with translation.override("vi"):
        with pytest.raises(RuleViolation) as exc:
            services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=admitted, period="2023",
                                    shares={tree.committee_a: 600, tree.committee_b: "400", tree.grassroots_cell: 240})
        assert "1.240" in message(exc) and "1.250" in message(exc)
    with pytest.raises(RuleViolation) as exc:
        services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=admitted, period="2023",
                                shares={tree.cell_a1: 1250})
    assert message(exc) == "Chi bộ Văn phòng is not directly under Đảng bộ các cơ quan Đảng tỉnh."
    with pytest.raises(PermissionDenied) as exc:  # a unit cannot hand down its level's target (nor learn it)
        services.target_cascade(actor=users.staff_a, plan=plan, indicator=admitted, period="2023",
                                shares={tree.committee_a: 1})
    assert str(exc.value) == OUTSIDE
    assert Target.objects.count() == 1

    made = services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=admitted, period="2023",
                                   shares={tree.committee_a: 600, tree.committee_b: 410, tree.grassroots_cell: 240})
    assert [(t.organization, t.value, t.comparator) for t in made] == [
        (tree.committee_a, 600, "gte"), (tree.committee_b, 410, "gte"), (tree.grassroots_cell, 240, "gte")]
    # A child's target is its own, and the issuer may still change it; every change is audited.
    services.target_set(actor=users.bloc_admin, plan=plan, indicator=admitted, organization=tree.committee_a,
                        period="2023", value=620)
    a_target = Target.objects.get(plan=plan, organization=tree.committee_a)
    assert a_target.value == 620
    assert [r.changes["value"] for r in audit_rows(a_target)] == [[None, "600"], ["600", "620"]]
    assert audit_rows(a_target)[0].scope_path == tree.committee_a.path
    # ... but not the unit it was handed to.
    with pytest.raises(PermissionDenied):
        services.target_set(actor=users.staff_a, plan=plan, indicator=admitted, organization=tree.committee_a,
                            period="2023", value=1)
    # The committee sees its handed-down target among its figures.
    [pf] = selectors.figures(actor=users.staff_a, organization=tree.committee_a, period=parse("2023"))
    assert [(r.indicator.code, r.target.value, r.actual, r.status) for r in pf.rows] == [
        ("KET_NAP", 620, 0, "not_met")]


def test_target_cascade_of_a_rate_and_of_a_ceiling(tree, users, inds):
    rate = inds["TL_DV_HTT_TRO_LEN"]  # a percent: each unit must itself reach the bloc's rate
    plan = make_plan(tree.bloc, "CT-2022", "2022", kind=Plan.Kind.ACTION_PROGRAM)
    target(plan, rate, 90)
    with pytest.raises(RuleViolation) as exc:
        services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=rate, period="2022",
                                shares={tree.committee_a: 95, tree.committee_b: "85.5"})
    assert message(exc) == "The target of Đảng bộ Sở Y tế (85.5) does not meet the target 90 it is part of."
    assert codes(exc.value) == ["cascade_share_misses_target"]
    made = services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=rate, period="2022",
                                   shares={tree.committee_a: 95, tree.committee_b: 90})
    assert [t.value for t in made] == [95, 90]
    # A ceiling (at most 10 violations): the shares may not add up to more.
    violations = indicator("VI_PHAM", "Đảng viên vi phạm", direction="lower_is_better")
    target(plan, violations, 10, comparator=Target.Comparator.LTE)
    with pytest.raises(RuleViolation) as exc:
        services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=violations, period="2022",
                                shares={tree.committee_a: 6, tree.committee_b: 5})
    assert message(exc) == ("The shares add up to 11, over the ceiling 10 of "
                            "Đảng bộ các cơ quan Đảng tỉnh.")
    assert codes(exc.value) == ["cascade_shares_over"]
    made = services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=violations, period="2022",
                                   shares={tree.committee_a: 6, tree.committee_b: 4})
    assert [(t.value, t.comparator) for t in made] == [(6, "lte"), (4, "lte")]


def test_target_cascade_counts_the_shares_other_units_keep(tree, users, inds):
    admitted = inds["KET_NAP"]
    plan = make_plan(tree.bloc, "CT-2023", "2023", kind=Plan.Kind.ACTION_PROGRAM)
    target(plan, admitted, 250)
    services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=admitted, period="2023",
                            shares={tree.committee_a: 120, tree.committee_b: 100, tree.grassroots_cell: 30})
    # Lowering one unit's share through the cascade: the others keep theirs, and they count.
    with pytest.raises(RuleViolation) as exc:
        services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=admitted, period="2023",
                                shares={tree.committee_a: 100})
    assert message(exc) == ("The shares add up to 230, short of the target 250 of "
                            "Đảng bộ các cơ quan Đảng tỉnh.")
    [made] = services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=admitted, period="2023",
                                     shares={tree.committee_a: 150})
    assert made.value == 150
    # A ceiling: a unit's new share may not push the total over it.
    violations = indicator("VI_PHAM", "Đảng viên vi phạm", direction="lower_is_better")
    target(plan, violations, 10, comparator=Target.Comparator.LTE)
    services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=violations, period="2023",
                            shares={tree.committee_a: 6, tree.committee_b: 4})
    with pytest.raises(RuleViolation) as exc:
        services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=violations, period="2023",
                                shares={tree.grassroots_cell: 1})
    assert message(exc) == ("The shares add up to 11, over the ceiling 10 of "
                            "Đảng bộ các cơ quan Đảng tỉnh.")
    assert codes(exc.value) == ["cascade_shares_over"]
    assert not Target.objects.filter(plan=plan, organization=tree.grassroots_cell, indicator=violations).exists()


def test_share_checks_say_when_shares_changed_on_their_own_break_the_rule(tree, users, inds):
    admitted, rate = inds["KET_NAP"], inds["TL_DV_HTT_TRO_LEN"]
    plan = make_plan(tree.bloc, "CT-2023", "2023", kind=Plan.Kind.ACTION_PROGRAM)
    whole, rate_whole = target(plan, admitted, 250), target(plan, rate, 90)
    untouched = target(plan, inds["DOANH_THU"], "1.000")
    services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=admitted, period="2023",
                            shares={tree.committee_a: 120, tree.committee_b: 100, tree.grassroots_cell: 30})
    services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=rate, period="2023",
                            shares={tree.committee_a: 95, tree.committee_b: 90})
    target(plan, admitted, 200, organization=tree.cell_a1)  # deeper than the units directly under: not a share
    checks = selectors.share_checks(actor=users.bloc_admin, plan=plan)
    assert list(checks) == [whole.pk, rate_whole.pk, untouched.pk]
    assert [(c.summed, c.shares, c.total, c.short, c.ok) for c in checks.values()] == [
        (True, 3, 250, [], True), (False, 2, 185, [], True), (True, 0, None, [], True)]
    target(plan, admitted, 80, organization=tree.committee_b)
    target(plan, rate, "85.5", organization=tree.committee_b)
    target(plan, rate, 70, organization=tree.committee_a)
    checks = selectors.share_checks(actor=users.bloc_admin, plan=plan)
    assert (checks[whole.pk].total, checks[whole.pk].ok) == (230, False)
    assert (checks[rate_whole.pk].short, checks[rate_whole.pk].ok) == (
        [("Đảng bộ Sở Tài chính", 70), ("Đảng bộ Sở Y tế", Decimal("85.5"))], False)
    # A unit reads neither its level's targets nor their shares.
    with pytest.raises(NotFound):
        selectors.share_checks(actor=users.staff_a, plan=plan)


def test_target_delete_takes_the_shares_with_it_and_audits_each(tree, users, inds):
    admitted = inds["KET_NAP"]
    plan = make_plan(tree.bloc, "CT-2023", "2023", kind=Plan.Kind.ACTION_PROGRAM)
    other_plan = make_plan(tree.bloc, "KH-2023", "2023")
    whole = target(plan, admitted, 250)
    services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=admitted, period="2023",
                            shares={tree.committee_a: 120, tree.committee_b: 100, tree.grassroots_cell: 30})
    deeper = target(plan, admitted, 60, organization=tree.cell_a1)
    kept = [target(plan, admitted, 60, period="2024"), target(plan, inds["DOANH_THU"], 5),
            target(other_plan, admitted, 250), target(plan, admitted, 10, organization=tree.committee_b,
                                                      period="2023Q1")]
    with pytest.raises(PermissionDenied) as exc:
        services.target_delete(actor=users.viewer, target=whole)
    assert str(exc.value) == READ_ONLY
    with pytest.raises(PermissionDenied) as exc:  # the unit it was handed to may not delete it
        services.target_delete(actor=users.staff_a, target=Target.objects.get(plan=plan, organization=tree.committee_a))
    assert str(exc.value) == OUTSIDE
    assert Target.objects.count() == 9

    # A unit's share alone: its own share and those under it go; the whole stays.
    share_a = Target.objects.get(plan=plan, organization=tree.committee_a, period="2023")
    assert services.target_delete(actor=users.bloc_admin, target=share_a) == 1
    assert not Target.objects.filter(pk__in=[share_a.pk, deeper.pk]).exists()
    assert Target.objects.filter(pk=whole.pk).exists()

    assert services.target_delete(actor=users.bloc_admin, target=whole) == 2
    assert sorted(Target.objects.values_list("pk", flat=True)) == sorted(t.pk for t in kept)
    rows = list(AuditEntry.objects.filter(action="target.delete").order_by("id"))
    assert [(r.object_id, r.scope_path, r.changes, r.note) for r in rows] == [
        (deeper.pk, tree.cell_a1.path, {"value": ["60", None], "comparator": ["gte", None]}, "CT-2023 KET_NAP 2023"),
        (share_a.pk, tree.committee_a.path,
         {"value": ["120", None], "comparator": ["gte", None], "shares": [1, 0]}, "CT-2023 KET_NAP 2023"),
        (rows[2].object_id, tree.committee_b.path, {"value": ["100", None], "comparator": ["gte", None]},
         "CT-2023 KET_NAP 2023"),
        (rows[3].object_id, tree.grassroots_cell.path, {"value": ["30", None], "comparator": ["gte", None]},
         "CT-2023 KET_NAP 2023"),
        (whole.pk, tree.bloc.path, {"value": ["250", None], "comparator": ["gte", None], "shares": [2, 0]},
         "CT-2023 KET_NAP 2023"),
    ]
    assert {r.actor_name for r in rows} == {"admin_khoi"}
    with pytest.raises(RuleViolation) as exc:
        services.target_delete(actor=users.bloc_admin, target=whole)
    assert message(exc) == "This target has already been deleted."


def test_plan_create_checks_the_code(tree, users):
    make_plan(tree.bloc, "CT-2023", "2023", actor=users.bloc_admin)
    for code in ("135/ĐUK", "CT 2023"):
        with pytest.raises(ValidationError) as exc:
            make_plan(tree.bloc, code, "2023", actor=users.bloc_admin)
        assert exc.value.message_dict == {"code": [
            "A plan's code is part of its web address: use letters, digits, “-”, “_” and “.” only."]}
    with pytest.raises(ValidationError) as exc:
        make_plan(tree.bloc, " CT-2023 ", "2023", actor=users.bloc_admin)
    assert exc.value.message_dict == {"code": ["The code CT-2023 is already used by another plan."]}
    assert make_plan(tree.bloc, "CTr-ĐUK.2024_1", "2024", actor=users.bloc_admin).code == "CTr-ĐUK.2024_1"
    # No address takes a code: the pages of a plan coded "new" are its own (tests/web/plans).
    assert make_plan(tree.bloc, "new", "2025", actor=users.bloc_admin).code == "new"
    assert Plan.objects.count() == 3


# --- entered values: optimistic locking and audit --------------------------------------------

def test_result_save_optimistic_locking(tree, users, inds):
    kt = inds["TC_TU_KIEM_TRA"]
    first = services.result_save(actor=users.staff_a, indicator=kt, organization=tree.committee_a, period="2023Q1",
                                 value="10", version=None)
    assert (first.value, first.version, first.state, first.updated_by) == (10, 1, Result.State.DRAFT, users.staff_a)
    # Both read version 1; the bloc's admin saves first.
    seen_by_staff = seen_by_admin = Result.objects.get(pk=first.pk).version
    saved = services.result_save(actor=users.bloc_admin, indicator=kt, organization=tree.committee_a,
                                 period="2023Q1", value="120", version=seen_by_admin)
    assert (saved.value, saved.version, saved.updated_by) == (120, 2, users.bloc_admin)
    with pytest.raises(services.Conflict) as exc:
        services.result_save(actor=users.staff_a, indicator=kt, organization=tree.committee_a, period="2023Q1",
                             value="15", version=seen_by_staff)
    assert message(exc) == ("Quản trị Đảng bộ changed “Tổ chức đảng tự kiểm tra” in the meantime (now 120). "
                            "Nothing was overwritten: review the new value and save again.")
    # A second "new" value for the same unit and period is a conflict too.
    with pytest.raises(services.Conflict):
        services.result_save(actor=users.staff_a, indicator=kt, organization=tree.committee_a, period="2023Q1",
                             value="15", version=None)
    current = Result.objects.get(pk=first.pk)
    assert (current.value, current.version, current.updated_by) == (120, 2, users.bloc_admin)
    # The very value (and comment) already stored is no clash, whatever version was seen (the
    # same save sent twice: a field saved as it is left, then the page's button): nothing is
    # written, no audit row.
    rows = AuditEntry.objects.count()
    again = services.result_save(actor=users.staff_a, indicator=kt, organization=tree.committee_a, period="2023Q1",
                                 value="120", version=seen_by_staff)
    assert (again.pk, again.value, again.version, AuditEntry.objects.count()) == (first.pk, 120, 2, rows)
    assert services.result_save(actor=users.staff_a, indicator=kt, organization=tree.committee_a, period="2023Q1",
                                value="120", version=None).version == 2
    # The same value with another comment is a change someone else's save would hide: a clash.
    with pytest.raises(services.Conflict):
        services.result_save(actor=users.staff_a, indicator=kt, organization=tree.committee_a, period="2023Q1",
                             value="120", version=seen_by_staff, comment="khác")
    # The staff reads again and saves on the new version.
    services.result_save(actor=users.staff_a, indicator=kt, organization=tree.committee_a, period="2023Q1",
                         value="1,015", version=2, comment="Bổ sung 1 cuộc")
    current.refresh_from_db()
    assert (current.value, current.version, current.comment) == (Decimal("1015"), 3, "Bổ sung 1 cuộc")
    history = [(r.actor_name, r.action, r.changes, r.note, r.scope_path) for r in audit_rows(current)]
    assert history == [
        ("staff_stc", "result.save", {"value": [None, "10"]}, "TC_TU_KIEM_TRA 2023Q1", tree.committee_a.path),
        ("admin_khoi", "result.save", {"value": ["10", "120"]}, "TC_TU_KIEM_TRA 2023Q1", tree.committee_a.path),
        ("staff_stc", "result.save", {"value": ["120", "1015"], "comment": ["", "Bổ sung 1 cuộc"]}, "TC_TU_KIEM_TRA 2023Q1", tree.committee_a.path),
    ]


def test_result_save_refusals(tree, users, inds):
    with pytest.raises(RuleViolation) as exc:
        services.result_save(actor=SYSTEM, indicator=inds["KET_NAP"], organization=tree.committee_a, period="2023",
                             value=5, version=None)
    assert message(exc) == "Kết nạp đảng viên mới is computed from records and cannot be entered."
    with pytest.raises(RuleViolation) as exc:
        services.result_save(actor=SYSTEM, indicator=inds["TC_TU_KIEM_TRA"], organization=tree.committee_a,
                             period="2023", value=5, version=1)  # nothing was there to read
    assert message(exc) == ("someone else changed “Tổ chức đảng tự kiểm tra” in the meantime (now —). "
                            "Nothing was overwritten: review the new value and save again.")
    with pytest.raises(PermissionDenied) as exc:
        services.result_save(actor=users.viewer, indicator=inds["TC_TU_KIEM_TRA"], organization=tree.committee_a,
                             period="2023", value=5, version=None)
    assert str(exc.value) == READ_ONLY
    assert Result.objects.count() == 0


# --- validation rules ------------------------------------------------------------------------

def rule(left, op, right, missing, severity="error", message="Quy tắc"):
    return ValidationRule(code="R", message=message, left=left, operator=op, right=right, missing=missing,
                          severity=severity)


@pytest.mark.parametrize(("missing", "values", "fires"), [
    # skip_if_any: any missing value skips the rule
    ("skip_if_any", {"A": 5, "B": 3, "C": 1}, True),
    ("skip_if_any", {"A": 5, "B": None, "C": 1}, False),
    ("skip_if_any", {"A": None, "B": None, "C": None}, False),
    # skip_if_all: only all missing skips it; a missing value counts as 0
    ("skip_if_all", {"A": 5, "B": None, "C": 1}, True),
    ("skip_if_all", {"A": None, "B": 3, "C": 4}, False),
    ("skip_if_all", {"A": None, "B": None, "C": None}, False),
    # never_skip: missing values count as 0, even all of them
    ("never_skip", {"A": 5, "B": None, "C": None}, True),
    ("never_skip", {"A": None, "B": None, "C": None}, False),
])
def test_missing_value_strategies(missing, values, fires):
    r = rule("A", "<=", "B + C", missing)
    issue = validation.check_rule(r, {k: None if v is None else Decimal(v) for k, v in values.items()})
    assert (issue is not None) == fires
    if fires:
        assert issue.severity == "error" and issue.indicator_codes == ("A", "B", "C")


def test_never_skip_fires_on_all_missing_and_messages_say_why():
    r = rule("A", ">", "0", "never_skip", severity="warning", message="Phải có số liệu A")
    issue = validation.check_rule(r, {"A": None})
    assert issue == validation.Issue("warning", "Phải có số liệu A (A: 0)", ("A",))
    r = rule("A * 2", "==", "B - 1", "skip_if_any", message="Sai")
    assert validation.check_rule(r, {"A": Decimal("1.5"), "B": Decimal(4)}) is None
    issue = validation.check_rule(r, {"A": Decimal("1.25"), "B": Decimal(4)})
    assert issue.message == "Sai (A × 2: 2.5; B − 1: 3)"
    # A side that divides by zero cannot be judged: no issue, and no crash.
    assert validation.check_rule(rule("A / B", "<", "1", "never_skip"), {"A": Decimal(1), "B": Decimal(0)}) is None
    assert validation.check_rule(rule("-(A / B)", "<", "1", "never_skip"), {"A": Decimal(1), "B": Decimal(0)}) is None
    assert validation.evaluate("-(A - 3) * 2", {"A": Decimal(5)}) == -4


@pytest.mark.parametrize("expression", ["A ** 2", "A if B else C", "f(A)", "'x'", "A.b", "A < B"])
def test_expressions_outside_arithmetic_are_refused(expression):
    with pytest.raises(validation.ExpressionError) as exc:
        validation.names(expression)
    assert str(exc.value) == f"Only numbers, indicator codes and + - * / are allowed: “{expression}”."


def test_catalog_rules_and_outliers_on_a_quarterly_report(tree, inds):
    a = tree.committee_a
    Organization.objects.filter(pk=a.pk).update(sector=Organization.Sector.ENTERPRISE)  # the enterprise form's rules
    a.refresh_from_db()
    assert validation.check_report(organization=a, period=parse("2023Q2")) == []
    enter(inds["DOANH_THU"], a, "2023Q2", 100)
    enter(inds["NOP_BHXH"], a, "2023Q2", 120)
    enter(inds["QUY_THU_NHAP"], a, "2023Q2", 6000)
    enter(inds["LAO_DONG"], a, "2023Q2", 20)
    for q, v in (("2022Q3", 10), ("2022Q4", 12), ("2023Q1", 14)):
        enter(inds["HN_CHUYEN_DE"], a, q, v)
    enter(inds["HN_CHUYEN_DE"], a, "2023Q2", 40)
    enter(inds["HN_SO_KET"], a, "2023Q1", 3)  # one earlier period is not enough to judge
    enter(inds["HN_SO_KET"], a, "2023Q2", 30)
    issues = validation.check_report(organization=a, period=parse("2023Q2"))
    assert [(i.severity, i.message) for i in issues] == [
        ("error", "Nộp bảo hiểm xã hội không thể vượt doanh thu (Nộp bảo hiểm xã hội: 120; Tổng doanh thu của doanh nghiệp: 100)"),
        ("warning", "Thu nhập bình quân trên 200 triệu đồng/tháng: xem lại "
                    "(Tổng thu nhập của người lao động trong tháng: 6,000; Số người lao động × 200: 4,000)"),
        ("warning", "Hội nghị chuyên đề: 40 is more than three times the average of the 3 previous periods "
                    "(12): check it."),
    ]
    enter(inds["HN_CHUYEN_DE"], a, "2023Q2", 3)  # a third of 12 is 4: too low as well
    assert [i.message for i in validation.check_report(organization=a, period=parse("2023Q2"))][-1] == (
        "Hội nghị chuyên đề: 3 is less than a third of the average of the 3 previous periods (12): "
        "check it.")
    enter(inds["HN_CHUYEN_DE"], a, "2023Q2", 36)  # three times is still within reach
    assert len(validation.check_report(organization=a, period=parse("2023Q2"))) == 2
    # The rule "workers > 0 when reported" fires on an entered 0.
    enter(inds["LAO_DONG"], a, "2023Q2", 0)
    assert [i.message for i in validation.check_report(organization=a, period=parse("2023Q2"))
            if i.severity == "error"][-1] == (
        "Có quỹ thu nhập thì phải có số người lao động (Số người lao động: 0)")
    # A unit that is not a reporting unit of the form has nothing to check.
    enter(inds["NOP_BHXH"], tree.cell_a1, "2023Q2", 120)
    assert validation.check_report(organization=tree.cell_a1, period=parse("2023Q2")) == []


# --- submission, bottom-up approval, lock, reopening --------------------------------------------

def test_report_submit_is_blocked_by_an_error_rule_not_by_a_warning(tree, users, inds):
    a = tree.committee_a
    Organization.objects.filter(pk=a.pk).update(sector=Organization.Sector.ENTERPRISE)  # the enterprise form's rules
    a.refresh_from_db()
    enter(inds["DOANH_THU"], a, "2023Q1", 100, actor=users.staff_a)
    enter(inds["NOP_BHXH"], a, "2023Q1", 120, actor=users.staff_a)
    with pytest.raises(RuleViolation) as exc:
        services.return_submit(actor=users.staff_a, organization=a, period="2023Q1")
    assert exc.value.messages == [
        "Nộp bảo hiểm xã hội không thể vượt doanh thu (Nộp bảo hiểm xã hội: 120; Tổng doanh thu của doanh nghiệp: 100)"]
    assert approval(a, "2023Q1") is None
    assert set(Result.objects.filter(organization=a).values_list("state", flat=True)) == {Result.State.DRAFT}
    enter(inds["NOP_BHXH"], a, "2023Q1", 12, actor=users.staff_a)
    enter(inds["QUY_THU_NHAP"], a, "2023Q1", 9000, actor=users.staff_a)  # a warning only
    enter(inds["LAO_DONG"], a, "2023Q1", 10, actor=users.staff_a)
    submitted = services.return_submit(actor=users.staff_a, organization=a, period="2023Q1")
    assert submitted.state == Return.State.SUBMITTED and submitted.submitted_at is not None
    assert set(Result.objects.filter(organization=a).values_list("state", flat=True)) == {Result.State.SUBMITTED}
    assert [(r.action, r.actor_name, r.note) for r in audit_rows(submitted)] == [
        ("return.submit", "staff_stc", "2023Q1")]
    with pytest.raises(PermissionDenied):
        services.return_submit(actor=users.staff_a, organization=tree.committee_b, period="2023Q1")


def test_bottom_up_approval_lock_and_reopen(tree, users, inds, province_admin):
    kt = inds["TC_TU_KIEM_TRA"]
    for org in (tree.committee_a, tree.committee_b, tree.grassroots_cell):
        enter(kt, org, "2023Q1", 2)
        services.return_submit(actor=SYSTEM, organization=org, period="2023Q1")
    # The unit itself cannot approve its report, nor a level approve itself.
    with pytest.raises(PermissionDenied) as exc:
        services.return_approve(actor=users.staff_a, organization=tree.committee_a, period="2023Q1")
    assert str(exc.value) == NOT_ITSELF
    with pytest.raises(PermissionDenied) as exc:
        services.return_approve(actor=users.bloc_admin, organization=tree.bloc, period="2023Q1")
    assert str(exc.value) == NOT_ITSELF
    with pytest.raises(PermissionDenied) as exc:
        services.return_approve(actor=users.viewer, organization=tree.committee_a, period="2023Q1")
    assert str(exc.value) == READ_ONLY

    approved = services.return_approve(actor=users.bloc_admin, organization=tree.committee_a, period="2023Q1")
    assert (approved.state, approved.approved_by) == (Return.State.APPROVED, users.bloc_admin)
    assert set(Result.objects.filter(organization=tree.committee_a).values_list("state", flat=True)) == {"approved"}
    # The bloc is approvable only when all its reporting units are.
    assert [o.name for o in selectors.unapproved_children(organization=tree.bloc, period=parse("2023Q1"))] == [
        "Đảng bộ Sở Y tế", "Chi bộ Báo Kiên Giang"]
    with pytest.raises(RuleViolation) as exc:
        services.return_approve(actor=province_admin, organization=tree.bloc, period="2023Q1")
    assert message(exc) == "Approve the units under it first: Đảng bộ Sở Y tế, Chi bộ Báo Kiên Giang."
    with pytest.raises(RuleViolation) as exc:
        services.return_approve(actor=users.bloc_admin, organization=tree.committee_a, period="2023Q1")
    assert message(exc) == "This report is already approved."

    # Approved is locked: for the unit and every unit under it, in that period only.
    with pytest.raises(RuleViolation) as exc:
        enter(kt, tree.committee_a, "2023Q1", 3, actor=users.staff_a)
    assert message(exc) == locked(tree.committee_a, "2023Q1")
    with pytest.raises(RuleViolation) as exc:
        enter(kt, tree.cell_a1, "2023Q1", 3, actor=users.staff_a)
    assert message(exc) == locked(tree.committee_a, "2023Q1")
    with pytest.raises(RuleViolation) as exc:
        services.return_submit(actor=users.staff_a, organization=tree.committee_a, period="2023Q1")
    assert message(exc) == locked(tree.committee_a, "2023Q1")
    assert Result.objects.get(indicator=kt, organization=tree.committee_a, period="2023Q1").value == 2
    enter(kt, tree.committee_a, "2023Q2", 3, actor=users.staff_a)

    for org in (tree.committee_b, tree.grassroots_cell):
        services.return_approve(actor=users.bloc_admin, organization=org, period="2023Q1")
    assert selectors.unapproved_children(organization=tree.bloc, period=parse("2023Q1")) == []
    services.return_approve(actor=province_admin, organization=tree.bloc, period="2023Q1")
    with pytest.raises(RuleViolation) as exc:
        enter(kt, tree.cell_b1, "2023Q1", 3)
    assert message(exc) == locked(tree.committee_b, "2023Q1")

    # Reopening: by a higher level, with a reason.
    with pytest.raises(ValidationError) as exc:
        services.return_reopen(actor=users.bloc_admin, organization=tree.committee_a, period="2023Q1", reason="  ")
    assert exc.value.message_dict == {"reason": ["Say why the report is reopened."]}
    with pytest.raises(PermissionDenied) as exc:
        services.return_reopen(actor=users.staff_a, organization=tree.committee_a, period="2023Q1",
                               reason="Sửa số liệu")
    assert str(exc.value) == NOT_ITSELF
    services.return_reopen(actor=province_admin, organization=tree.bloc, period="2023Q1",
                           reason="Đảng bộ đề nghị điều chỉnh số liệu Sở Tài chính")
    reopened = services.return_reopen(actor=users.bloc_admin, organization=tree.committee_a, period="2023Q1",
                                      reason=" Bổ sung kết quả kiểm tra quý I ")
    assert (reopened.state, reopened.reopen_reason) == (Return.State.OPEN, "Bổ sung kết quả kiểm tra quý I")
    assert audit_rows(reopened)[-1].note == "2023Q1: Bổ sung kết quả kiểm tra quý I"
    assert set(Result.objects.filter(organization=tree.committee_a, period="2023Q1")
               .values_list("state", flat=True)) == {"draft"}
    enter(kt, tree.committee_a, "2023Q1", 3, actor=users.staff_a)  # open again
    with pytest.raises(RuleViolation) as exc:  # B stays approved and locked
        enter(kt, tree.cell_b1, "2023Q1", 3)
    assert message(exc) == locked(tree.committee_b, "2023Q1")
    with pytest.raises(RuleViolation) as exc:
        services.return_reopen(actor=users.bloc_admin, organization=tree.committee_a, period="2023Q1", reason="Lại")
    assert message(exc) == "This report is already open."
    assert (approval(tree.bloc, "2023Q1"), approval(tree.committee_a, "2023Q1"),
            approval(tree.committee_b, "2023Q1")) == ("open", "open", "approved")


def test_an_approved_year_locks_the_quarters_that_make_it_up(tree, users, inds):
    kt = inds["TC_TU_KIEM_TRA"]
    enter(kt, tree.cell_a1, "2023Q3", 2, actor=users.staff_a)
    services.return_approve(actor=users.bloc_admin, organization=tree.committee_a, period="2023")
    for period in ("2023", "2023H2", "2023Q3", "2023-08"):
        with pytest.raises(RuleViolation) as exc:
            enter(kt, tree.cell_a1, period, 3, actor=users.staff_a)
        assert message(exc) == locked(tree.committee_a, "2023")
    enter(kt, tree.cell_a1, "2024Q1", 3, actor=users.staff_a)
    enter(kt, tree.cell_b1, "2023Q3", 3)  # another committee
    # A term approved locks its years.
    services.return_approve(actor=SYSTEM, organization=tree.bloc, period="2020-2025")
    with pytest.raises(RuleViolation) as exc:
        enter(kt, tree.cell_b1, "2024Q2", 1)
    assert message(exc) == locked(tree.bloc, "2020-2025")
    enter(kt, tree.cell_b1, "2026Q1", 1)


# --- completeness, timeliness and what is due -------------------------------------------------

def test_completeness_and_timeliness(tree, users, monkeypatch):
    catalog()
    make_org(tree.bloc, "CB-2023", "Chi bộ lập tháng 5", Organization.Kind.GRASSROOTS_CELL, established_on=D(2023, 5, 2))
    # Due 10 days after 31 March: A on time, B late, the grassroots cell not at all.
    at(monkeypatch, D(2023, 4, 10), hour=23)
    services.return_submit(actor=users.staff_a, organization=tree.committee_a, period="2023Q1")
    at(monkeypatch, D(2023, 4, 11))
    services.return_submit(actor=users.bloc_admin, organization=tree.committee_b, period="2023Q1")
    c = selectors.completeness(actor=users.bloc_admin, organization=tree.bloc, period=parse("2023Q1"))
    assert (c.expected, c.submitted, c.on_time) == (3, 2, 1)  # the cell of May was not there yet
    assert (formatting.percent(c.rate), formatting.percent(c.timeliness)) == ("66.67", "33.33")
    # A report reopened is not submitted any more; approved, it still counts.
    services.return_approve(actor=users.bloc_admin, organization=tree.committee_a, period="2023Q1")
    services.return_reopen(actor=SYSTEM, organization=tree.committee_b, period="2023Q1", reason="Thiếu số liệu")
    c = selectors.completeness(actor=users.bloc_admin, organization=tree.bloc, period=parse("2023Q1"))
    assert (c.expected, c.submitted, c.on_time) == (3, 1, 1)
    c = selectors.completeness(actor=users.staff_a, organization=tree.committee_a, period=parse("2023Q1"))
    assert (c.expected, c.submitted, c.on_time, c.rate, c.timeliness) == (1, 1, 1, 100, 100)
    c = selectors.completeness(actor=users.bloc_admin, organization=tree.bloc, period=parse("2023Q2"))
    assert (c.expected, c.submitted, c.rate) == (4, 0, 0)
    assert selectors.completeness(actor=users.bloc_admin, organization=tree.cell_a1, period=parse("2023Q1")).rate is None


def test_due_list_for_a_user(tree, users, monkeypatch):
    catalog()
    today = D(2024, 4, 5)
    due = selectors.due_list(actor=users.staff_a, today=today)
    assert [(i.organization.code, i.period.code, i.due, i.overdue) for i in due] == [
        ("DB-STC", "2023Q3", D(2023, 10, 10), True),
        ("DB-STC", "2023Q4", D(2024, 1, 10), True),
        ("DB-STC", "2024Q1", D(2024, 4, 10), False),
    ]
    at(monkeypatch, D(2024, 1, 20))
    services.return_submit(actor=users.staff_a, organization=tree.committee_a, period="2023Q4")
    due = selectors.due_list(actor=users.bloc_admin, today=today)
    assert [(i.organization.code, i.period.code) for i in due] == [
        ("DB-STC", "2023Q3"), ("DB-SYT", "2023Q3"), ("CB-BKG", "2023Q3"),
        ("DB-SYT", "2023Q4"), ("CB-BKG", "2023Q4"),
        ("DB-STC", "2024Q1"), ("DB-SYT", "2024Q1"), ("CB-BKG", "2024Q1"),
    ]
    # Nearer the end of the quarter, the current one falls due within the horizon.
    due = selectors.due_list(actor=users.staff_a, today=D(2024, 6, 15), horizon_days=30)
    assert [(i.period.code, i.overdue) for i in due] == [("2023Q3", True), ("2024Q1", True), ("2024Q2", False)]
    assert selectors.due_list(actor=make_user(tree.cell_a1, "cb_vp", User.Role.STAFF), today=today) == []


# --- key tasks --------------------------------------------------------------------------------

def test_task_create_checks_its_fields_and_is_audited(tree, users):
    plan = make_plan(tree.bloc, "CTHD-2023", "2023", kind=Plan.Kind.ACTION_PROGRAM)
    task = services.task_create(actor=users.staff_a, plan=plan, organization=tree.cell_a1,
                                title="  Kiểm tra chi bộ  ", source=Task.Source.VERTICAL, due_on=D(2023, 6, 30))
    assert (task.title, task.source, task.due_on, task.status, str(task)) == (
        "Kiểm tra chi bộ", "vertical", D(2023, 6, 30), "open", "Kiểm tra chi bộ")
    [entry] = audit_rows(task)
    assert (entry.action, entry.actor, entry.scope_path, entry.note, entry.changes) == (
        "task.create", users.staff_a, tree.cell_a1.path, "CTHD-2023",
        {"title": [None, "Kiểm tra chi bộ"], "source": [None, "vertical"], "due_on": [None, "2023-06-30"]})
    before = (Task.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as exc:
        services.task_create(actor=users.staff_a, plan=plan, organization=tree.cell_a1, title="   ")
    assert exc.value.message_dict == {"title": ["This field cannot be blank."]}
    with pytest.raises(ValidationError) as exc:
        services.task_create(actor=users.staff_a, plan=plan, organization=tree.cell_a1, title="X" * 401)
    assert exc.value.message_dict == {"title": ["Ensure this value has at most 400 characters (it has 401)."]}
    with pytest.raises(ValidationError) as exc:
        services.task_create(actor=users.staff_a, plan=plan, organization=tree.cell_a1, title="X", source="other")
    assert exc.value.message_dict == {"source": ["Value 'other' is not a valid choice."]}
    with pytest.raises(RuleViolation) as exc:
        services.task_create(actor=SYSTEM, plan=plan, organization=tree.province, title="X")
    assert message(exc) == f"{tree.province.name} is not under {tree.bloc.name}, which issued this plan."
    gone = make_org(tree.committee_a, "CB-CU", "Chi bộ Cũ", Organization.Kind.CELL)
    from dangvu.orgs import services as org_services

    org_services.organization_dissolve(actor=SYSTEM, organization=gone, on=D(2023, 3, 1))
    gone.refresh_from_db()
    before = (Task.objects.count(), AuditEntry.objects.count())
    with pytest.raises(RuleViolation) as exc:
        services.task_create(actor=users.bloc_admin, plan=plan, organization=gone, title="X")
    assert message(exc) == "Chi bộ Cũ was dissolved and gets no new tasks."
    with pytest.raises(PermissionDenied) as exc:
        services.task_create(actor=users.viewer, plan=plan, organization=tree.cell_a1, title="X")
    assert str(exc.value) == READ_ONLY
    assert (Task.objects.count(), AuditEntry.objects.count()) == before


def test_task_set_status_keeps_its_rules(tree, users, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2023, 8, 10))
    plan = make_plan(tree.bloc, "CTHD-2023", "2023", kind=Plan.Kind.ACTION_PROGRAM, issued_on=D(2023, 1, 16))
    task = services.task_create(actor=SYSTEM, plan=plan, organization=tree.cell_b1, title="Sơ kết",
                                due_on=D(2023, 7, 15))
    actor = users.bloc_admin
    done = services.task_set_status(actor=actor, task=task, status=Task.Status.DONE)
    assert (done.status, done.completed_on) == ("done", D(2023, 8, 10))  # today by default
    # Another date corrects the completion; the same one is refused, nothing written.
    services.task_set_status(actor=actor, task=task, status=Task.Status.DONE, on=D(2023, 7, 1))
    before = AuditEntry.objects.count()
    refusals = [
        ({"status": "done", "on": D(2023, 7, 1)}, RuleViolation, "This task is already marked completed on 01/07/2023."),
        ({"status": "done", "on": D(2023, 8, 11)}, ValidationError, "The completion date 11/08/2023 is after today."),
        ({"status": "done", "on": D(2023, 1, 15)}, ValidationError,
         "The completion date 15/01/2023 is before the plan was issued (16/01/2023)."),
        ({"status": "paused"}, ValidationError, "Unknown status."),
    ]
    for kwargs, error, text in refusals:
        with pytest.raises(error) as exc:
            services.task_set_status(actor=actor, task=task, **kwargs)
        assert message(exc) == text
    for status, text in (("cancelled", "This task is already cancelled."), ("open", "This task is already in progress.")):
        services.task_set_status(actor=actor, task=task, status=status)
        before += 1
        with pytest.raises(RuleViolation) as exc:
            services.task_set_status(actor=actor, task=task, status=status)
        assert message(exc) == text
    assert AuditEntry.objects.count() == before
    # The date of a completion is kept on the field it is about.
    with pytest.raises(ValidationError) as exc:
        services.task_set_status(actor=actor, task=task, status="done", on=D(2024, 1, 1))
    assert list(exc.value.message_dict) == ["on"]
    task.refresh_from_db()
    assert (task.status, task.completed_on) == ("open", None)
    assert [(e.action, e.changes, e.note) for e in audit_rows(task)][1:] == [
        ("task.status", {"status": ["open", "done"], "completed_on": [None, "2023-08-10"]}, "CTHD-2023"),
        ("task.status", {"completed_on": ["2023-08-10", "2023-07-01"]}, "CTHD-2023"),
        ("task.status", {"status": ["done", "cancelled"], "completed_on": ["2023-07-01", None]}, "CTHD-2023"),
        ("task.status", {"status": ["cancelled", "open"]}, "CTHD-2023"),
    ]
    with pytest.raises(PermissionDenied) as exc:
        services.task_set_status(actor=users.viewer, task=task, status="done")
    assert str(exc.value) == READ_ONLY


def test_task_list_is_scoped_filtered_and_flags_the_overdue(tree, users):
    plan = make_plan(tree.bloc, "CTHD-2023", "2023", kind=Plan.Kind.ACTION_PROGRAM)
    made = {
        "a1": services.task_create(actor=SYSTEM, plan=plan, organization=tree.cell_a1, title="A1", due_on=D(2023, 5, 1)),
        "b1": services.task_create(actor=SYSTEM, plan=plan, organization=tree.cell_b1, title="B1",
                                   source=Task.Source.VERTICAL, due_on=D(2023, 5, 1)),
        "a": services.task_create(actor=SYSTEM, plan=plan, organization=tree.committee_a, title="A",
                                  due_on=D(2023, 4, 1)),
        "b": services.task_create(actor=SYSTEM, plan=plan, organization=tree.committee_b, title="B"),
    }
    services.task_set_status(actor=SYSTEM, task=made["a"], status="done", on=D(2023, 3, 1))

    def listed(actor=users.bloc_admin, organization=tree.bloc, **filters):
        rows = selectors.task_list(actor=actor, plan=plan, organization=organization, today=D(2023, 5, 2), **filters)
        return [(t.title, t.is_overdue) for t in rows]

    assert listed() == [("A", False), ("B1", True), ("A1", True), ("B", False)]  # Bệnh viện before Văn phòng
    assert listed(status="open", source="program") == [("A1", True), ("B", False)]
    assert listed(overdue=True) == [("B1", True), ("A1", True)]
    assert listed(unit=tree.committee_a) == [("A", False), ("A1", True)]
    assert listed(actor=users.staff_a, organization=tree.committee_a) == [("A", False), ("A1", True)]
    for read in (lambda: listed(actor=users.staff_a), lambda: listed(actor=users.staff_a, organization=tree.committee_a,
                                                                      unit=tree.cell_b1),
                 lambda: selectors.task_get(actor=users.staff_a, plan=plan, pk=made["b1"].pk)):
        with pytest.raises(NotFound):
            read()
    assert selectors.task_get(actor=users.staff_a, plan=plan, pk=made["a1"].pk) == made["a1"]
    assert selectors.task_overdue_count(actor=users.bloc_admin, plan=plan, organization=tree.bloc,
                                        today=D(2023, 5, 2)) == 2
    # A unit sees a plan from above that gives it tasks, without targets for it.
    assert selectors.plan_get(actor=users.staff_a, code="CTHD-2023") == plan
    cell = make_user(tree.cell_a2, "cb_tt", User.Role.STAFF)
    assert list(selectors.visible_plans(cell)) == []


# --- scope: a committee's staff reads and writes its own subtree only ----------------------------

def test_staff_of_one_committee_cannot_read_or_write_another(tree, users, inds):
    kt = inds["TC_TU_KIEM_TRA"]
    b_plan = make_plan(tree.committee_b, "KH-SYT", "2023")
    target(b_plan, kt, 8)
    enter(kt, tree.cell_b1, "2023", 5)
    task = services.task_create(actor=SYSTEM, plan=b_plan, organization=tree.cell_b1, title="Kiểm tra chi bộ")
    staff = users.staff_a
    period = parse("2023")

    for read in (
        lambda: selectors.figures(actor=staff, organization=tree.committee_b, period=period),
        lambda: selectors.figures(actor=staff, organization=tree.bloc, period=period),
        lambda: selectors.plan_get(actor=staff, code="KH-SYT"),
        lambda: selectors.explain(actor=staff, indicator=kt, organization=tree.committee_b, period=period),
        lambda: selectors.children_ranked(actor=staff, plan=b_plan, organization=tree.committee_b, period=period,
                                          indicator=kt),
        lambda: selectors.task_counts(actor=staff, plan=b_plan, organization=tree.committee_b),
        lambda: selectors.completeness(actor=staff, organization=tree.committee_b, period=parse("2023Q1")),
    ):
        with pytest.raises(NotFound):
            read()
    for write in (
        lambda: services.result_save(actor=staff, indicator=kt, organization=tree.cell_b1, period="2023", value=9,
                                     version=1),
        lambda: services.result_save(actor=staff, indicator=kt, organization=tree.committee_b, period="2023Q2",
                                     value=9, version=None),
        lambda: services.target_set(actor=staff, plan=b_plan, indicator=kt, organization=tree.committee_b,
                                    period="2023", value=1),
        lambda: services.plan_create(actor=staff, code="KH-X", kind="annual_plan", organization=tree.committee_b,
                                     title="X", issued_on=D(2023, 1, 1), period="2023"),
        lambda: services.task_create(actor=staff, plan=b_plan, organization=tree.cell_b1, title="X"),
        lambda: services.task_set_status(actor=staff, task=task, status=Task.Status.DONE),
        lambda: services.return_submit(actor=staff, organization=tree.committee_b, period="2023Q1"),
        lambda: services.return_approve(actor=staff, organization=tree.committee_b, period="2023Q1"),
        lambda: services.return_reopen(actor=staff, organization=tree.committee_b, period="2023Q1", reason="x"),
    ):
        with pytest.raises(PermissionDenied) as exc:
            write()
        assert str(exc.value) == OUTSIDE
    assert Result.objects.get(indicator=kt, organization=tree.cell_b1).value == 5
    assert Target.objects.get(plan=b_plan).value == 8
    assert Task.objects.get(pk=task.pk).status == Task.Status.OPEN
    assert not Plan.objects.filter(code="KH-X").exists()
    # Its own subtree it reads and writes; the bloc's plans it sees where they hold its targets.
    a_plan = make_plan(tree.committee_a, "KH-STC", "2023", actor=staff)
    target(a_plan, kt, 4, actor=staff)
    enter(kt, tree.cell_a1, "2023", 4, actor=staff)
    assert [r.status for pf in selectors.figures(actor=staff, organization=tree.committee_a, period=period)
            for r in pf.rows] == ["met"]
    assert sorted(selectors.visible_plans(staff).values_list("code", flat=True)) == ["KH-STC"]
    bloc_plan = make_plan(tree.bloc, "NQ-DUK", "2023")
    target(bloc_plan, kt, 6, organization=tree.committee_a)
    assert sorted(selectors.visible_plans(staff).values_list("code", flat=True)) == ["KH-STC", "NQ-DUK"]
    assert selectors.plan_get(actor=staff, code="NQ-DUK") == bloc_plan
    assert selectors.visible_plans(users.bloc_admin).count() == 3


def test_indicator_catalog_is_for_superusers_only(tree, users):
    with pytest.raises(PermissionDenied) as exc:
        services.indicator_create(actor=users.bloc_admin, code="X", name="X")
    assert str(exc.value) == "Only a superuser may change the indicator catalog."
    with pytest.raises(ValidationError) as exc:
        services.indicator_create(actor=SYSTEM, code="X", name="X", source="measure", measure_key="khong.co")
    assert exc.value.message_dict == {"measure_key": ["Unknown measure: khong.co."]}
    ind = services.indicator_create(actor=SYSTEM, code="X", name="Chỉ tiêu X", aggregation=Indicator.Aggregation.MAX)
    assert audit_rows(ind)[0].changes["aggregation"] == [None, "max"]
    assert catalog()["KET_NAP"].measure_key == "admissions.decided"
    # The party-building form of every unit, the enterprise figures on a form of their own.
    assert [(f.code, f.sectors, f.indicators.count(), f.rules.count())
            for f in ReportingForm.objects.order_by("code")] == [("BC_QUY", [], 1, 0), ("BC_QUY_DN", ["enterprise"], 5, 3)]


def test_approval_needs_a_submitted_report_and_reopening_an_open_level_above(tree, users, inds, province_admin):
    kt = inds["TC_TU_KIEM_TRA"]
    enter(kt, tree.committee_a, "2023Q1", 2)
    with pytest.raises(RuleViolation) as exc:
        services.return_approve(actor=users.bloc_admin, organization=tree.committee_a, period="2023Q1")
    assert message(exc) == "Đảng bộ Sở Tài chính has not submitted its report for 2023Q1 yet."
    first = services.return_submit(actor=users.staff_a, organization=tree.committee_a, period="2023Q1").submitted_at
    for org in (tree.committee_b, tree.grassroots_cell):
        services.return_submit(actor=SYSTEM, organization=org, period="2023Q1")
        services.return_approve(actor=users.bloc_admin, organization=org, period="2023Q1")
    services.return_approve(actor=users.bloc_admin, organization=tree.committee_a, period="2023Q1")
    services.return_approve(actor=province_admin, organization=tree.bloc, period="2023Q1")
    # The committee cannot be reopened under an approved bloc: the bloc is reopened first.
    with pytest.raises(RuleViolation) as exc:
        services.return_reopen(actor=users.bloc_admin, organization=tree.committee_a, period="2023Q1", reason="Sửa")
    assert message(exc) == locked(tree.bloc, "2023Q1")
    services.return_reopen(actor=province_admin, organization=tree.bloc, period="2023Q1", reason="Điều chỉnh")
    services.return_reopen(actor=users.bloc_admin, organization=tree.committee_a, period="2023Q1", reason="Sửa")
    # A correction after reopening keeps the first submission time (timeliness).
    again = services.return_submit(actor=users.staff_a, organization=tree.committee_a, period="2023Q1")
    assert again.submitted_at == first


# --- values are read and checked by the service, whoever sends them ----------------------------

def test_result_save_reads_and_checks_the_value(tree, users, inds):
    kt = inds["TC_TU_KIEM_TRA"]  # a count

    def save(value, version=None):
        return services.result_save(actor=users.staff_a, indicator=kt, organization=tree.committee_a,
                                    period="2023Q1", value=value, version=version)

    for value, words, code in ((-1, "A count cannot be negative.", "count_negative"),
                               ("2.5", "A count is a whole number.", "count_whole"),
                               ("1" * 17, "The number is too large.", "too_large"),
                               ("mười", "“mười” is not a number: write it as 1,234.5.", "not_a_number"),
                               ("10%", "“10%”: only a percentage is written with a percent sign.", "percent_sign")):
        with pytest.raises(ValidationError) as exc:
            save(value)
        assert (exc.value.message_dict, codes(exc.value)) == ({"value": [words]}, [code])
    assert (Result.objects.count(), AuditEntry.objects.filter(action="result.save").count()) == (0, 0)
    with translation.override("vi"):
        assert save("1.200").value == 1200
    assert save("", version=1).value is None  # a value cleared
    rate = indicator("TL_HOAN_THANH", "Tỷ lệ hoàn thành", value_type="percent", aggregation="average")
    saved = services.result_save(actor=users.staff_a, indicator=rate, organization=tree.committee_a,
                                 period="2023Q1", value="97.5%", version=None)
    assert saved.value == Decimal("97.5")


def test_targets_and_shares_are_read_and_checked_by_the_service(tree, users, inds):
    admitted = inds["KET_NAP"]
    plan = make_plan(tree.bloc, "NQ-2023", "2023", kind=Plan.Kind.RESOLUTION)
    with pytest.raises(ValidationError) as exc:
        target(plan, admitted, "1" * 30)
    assert (exc.value.message_dict, codes(exc.value)) == ({"value": ["The number is too large."]}, ["too_large"])
    with pytest.raises(ValidationError) as exc:
        target(plan, admitted, Decimal("0.12345"))
    assert codes(exc.value) == ["decimals"]
    with pytest.raises(ValidationError) as exc:
        target(plan, admitted, "")
    assert (exc.value.message_dict, codes(exc.value)) == (
        {"value": ["A target needs a value."]}, ["target_value_missing"])
    target(plan, admitted, 100)
    for shares, field, words, code in (
        ({tree.committee_a: 60, tree.committee_b: -1}, f"share-{tree.committee_b.pk}", "A count cannot be negative.",
         "count_negative"),
        ({tree.committee_a: "60.5", tree.committee_b: 40}, f"share-{tree.committee_a.pk}", "A count is a whole number.",
         "count_whole"),
        ({tree.committee_a: None, tree.committee_b: 100}, f"share-{tree.committee_a.pk}",
         "The share of Đảng bộ Sở Tài chính needs a value.", "cascade_share_missing"),
    ):
        with pytest.raises(ValidationError) as exc:
            services.target_cascade(actor=users.bloc_admin, plan=plan, indicator=admitted, period="2023",
                                    shares=shares)
        assert (exc.value.message_dict, codes(exc.value)) == ({field: [words]}, [code])
    assert Target.objects.count() == 1


def test_a_new_target_comes_after_the_plans_others(tree, users, inds):
    plan = make_plan(tree.bloc, "NQ-2023", "2023", kind=Plan.Kind.RESOLUTION)
    first = target(plan, inds["KET_NAP"], 100)
    second = target(plan, inds["TC_TU_KIEM_TRA"], 10)
    placed = target(plan, inds["DV_NEU_GUONG"], 10, sort_order=7)
    fourth = target(plan, inds["CB_CHUYEN_DE"], 4)
    assert [t.sort_order for t in (first, second, placed, fourth)] == [0, 1, 7, 8]
    # A change keeps its place; a share handed down takes its target's.
    assert target(plan, inds["KET_NAP"], 120).sort_order == 0
    [share] = services.target_cascade(actor=SYSTEM, plan=plan, indicator=inds["TC_TU_KIEM_TRA"], period="2023",
                                      shares={tree.committee_a: 10})
    assert share.sort_order == 1
    assert [t.indicator.code for t in selectors.plan_targets(actor=users.bloc_admin, plan=plan)] == [
        "KET_NAP", "TC_TU_KIEM_TRA", "DV_NEU_GUONG", "CB_CHUYEN_DE"]


# --- terms and congresses: once each -------------------------------------------------------------

def test_a_congress_number_is_held_once_per_organization(tree, users):
    term = services.term_create(actor=SYSTEM, code="2020-2025")
    services.congress_create(actor=users.bloc_admin, organization=tree.committee_a, term=term, ordinal=16,
                             held_on=D(2020, 6, 12))
    before = AuditEntry.objects.count()
    with pytest.raises(RuleViolation) as exc:
        services.congress_create(actor=users.bloc_admin, organization=tree.committee_a, term=term, ordinal=16,
                                 held_on=D(2020, 7, 1))
    assert (message(exc), codes(exc.value)) == (
        "Đảng bộ Sở Tài chính already has a congress number XVI.", ["congress_duplicate"])
    with pytest.raises(ValidationError) as exc:
        services.congress_create(actor=users.bloc_admin, organization=tree.committee_a, term=term, ordinal=0,
                                 held_on=D(2020, 7, 1))
    assert (exc.value.message_dict, codes(exc.value)) == (
        {"ordinal": ["A congress is numbered from 1."]}, ["congress_ordinal"])
    assert AuditEntry.objects.count() == before
    # Another organization holds its own 16th congress.
    b = services.congress_create(actor=users.bloc_admin, organization=tree.committee_b, term=term, ordinal=16,
                                 held_on=D(2020, 6, 20))
    assert (b.roman, Congress.objects.count()) == ("XVI", 2)


def test_a_term_is_created_once(tree):
    services.term_create(actor=SYSTEM, code="2020-2025")
    with pytest.raises(RuleViolation) as exc:
        services.term_create(actor=SYSTEM, code=" 2020-2025 ")
    assert (message(exc), codes(exc.value)) == ("The term 2020-2025 already exists.", ["term_duplicate"])
    with pytest.raises(ValidationError) as exc:
        services.term_create(actor=SYSTEM, code="2023")
    assert (exc.value.message_dict, codes(exc.value)) == (
        {"code": ["A term is written as its first and last years: 2020-2025."]}, ["term_not_a_term"])
    with pytest.raises(ValidationError) as exc:
        services.term_create(actor=SYSTEM, code="2025-2020")
    assert (exc.value.message_dict, codes(exc.value)) == (
        {"code": ["A term must end after it starts: 2025-2020."]}, ["period_invalid"])
    assert list(Term.objects.values_list("code", flat=True)) == ["2020-2025"]

