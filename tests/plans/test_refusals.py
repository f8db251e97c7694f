"""The preconditions a page shows before a write (`<service>_refusal`), shared with the
service: "" when allowed, else the reason, and the service refuses in the same words
(PermissionDenied for a permission, RuleViolation with a stable code otherwise)."""

from __future__ import annotations

import pytest

from dangvu.core.actors import SYSTEM
from dangvu.core.errors import PermissionDenied, RuleViolation, codes
from dangvu.core.models import AuditEntry
from dangvu.core.periods import parse
from dangvu.orgs import services as org_services
from dangvu.orgs.models import Organization, User
from dangvu.plans import services
from dangvu.plans.models import Plan, Result, Return, Task
from tests.factories import make_org, make_user
from tests.support import D, catalog, enter, make_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

OUTSIDE = "You may not change records outside your organization."
READ_ONLY = "Your account is read-only."
NOT_ITSELF = "A report is approved or reopened by the level above, not by the unit itself."
Q1 = "2023Q1"


def locked(org, period):
    return f"The report of {org.name} for {period} is approved and locked; a higher level must reopen it first."


@pytest.fixture
def province_admin(tree):
    return make_user(tree.province, "admin_tinh", User.Role.ADMIN, full_name="Quản trị Tỉnh ủy")


@pytest.fixture
def inds(db):
    return catalog()


def refused(call) -> tuple[type, str, list[str]]:
    """(kind of refusal, its words, its codes) of a service call that must refuse, and
    nothing written meanwhile (no audit row)."""
    before = AuditEntry.objects.count()
    with pytest.raises((PermissionDenied, RuleViolation)) as exc:
        call()
    assert AuditEntry.objects.count() == before
    if isinstance(exc.value, PermissionDenied):
        return PermissionDenied, str(exc.value), []
    return RuleViolation, " ".join(exc.value.messages), codes(exc.value)


def submitted(org, period=Q1, actor=SYSTEM):
    enter_any(org, period)
    return services.return_submit(actor=actor, organization=org, period=period)


def enter_any(org, period):
    from dangvu.plans.models import Indicator

    if not Result.objects.filter(organization=org, period=period).exists():
        enter(Indicator.objects.get(code="TCCSD_QUAN_TRIET"), org, period, 1)


# --- writing values -------------------------------------------------------------------------

def test_result_save_refusal(tree, users, inds):
    kt = inds["TCCSD_QUAN_TRIET"]

    def save(actor, org, value=1):
        return lambda: services.result_save(actor=actor, indicator=kt, organization=org, period=Q1, value=value,
                                            version=None)

    assert services.result_save_refusal(actor=users.staff_a, organization=tree.cell_a1, period=Q1) == ""
    assert services.result_save_refusal(actor=users.staff_a, organization=tree.cell_a1, period=parse(Q1)) == ""
    for actor, org, words in ((users.viewer, tree.committee_a, READ_ONLY), (users.staff_a, tree.committee_b, OUTSIDE)):
        assert services.result_save_refusal(actor=actor, organization=org, period=Q1) == words
        assert refused(save(actor, org)) == (PermissionDenied, words, [])
    submitted(tree.committee_a)
    services.return_approve(actor=users.bloc_admin, organization=tree.committee_a, period=Q1)
    for org in (tree.committee_a, tree.cell_a1):
        assert services.result_save_refusal(actor=users.staff_a, organization=org, period=Q1) == locked(
            tree.committee_a, Q1)
        assert refused(save(users.staff_a, org, 3)) == (RuleViolation, locked(tree.committee_a, Q1), ["return_locked"])
    assert services.result_save_refusal(actor=users.staff_a, organization=tree.cell_a1, period="2023-02") == locked(
        tree.committee_a, Q1)
    assert services.result_save_refusal(actor=users.staff_a, organization=tree.cell_a1, period="2023Q2") == ""
    # Permission comes first: an outsider is told it may not write, not that it is locked.
    assert services.result_save_refusal(actor=users.viewer, organization=tree.committee_a, period=Q1) == READ_ONLY


# --- submitting -------------------------------------------------------------------------------

def test_return_submit_refusal(tree, users, inds):
    a = tree.committee_a
    Organization.objects.filter(pk=a.pk).update(sector=Organization.Sector.ENTERPRISE)  # asked for the enterprise figures
    a.refresh_from_db()

    def submit(actor, org, period=Q1):
        return lambda: services.return_submit(actor=actor, organization=org, period=period)

    assert services.return_submit_refusal(actor=users.staff_a, organization=a, period=Q1) == ""
    assert services.return_submit_refusal(actor=users.viewer, organization=a, period=Q1) == READ_ONLY
    assert refused(submit(users.viewer, a)) == (PermissionDenied, READ_ONLY, [])
    assert services.return_submit_refusal(actor=users.staff_a, organization=tree.committee_b, period=Q1) == OUTSIDE
    # A unit that fills in no form for the period has nothing to submit (the bloc; a year).
    for org, period in ((tree.bloc, Q1), (a, "2023"), (tree.cell_a1, Q1)):
        words = f"{org.name} has no report to submit for {period}."
        assert services.return_submit_refusal(actor=users.bloc_admin, organization=org, period=period) == words
        assert refused(submit(users.bloc_admin, org, period)) == (RuleViolation, words, ["return_nothing_to_submit"])
    # Validation errors are not a precondition of the button: they refuse the submission.
    enter(inds["DOANH_THU"], a, Q1, 100)
    enter(inds["NOP_BHXH"], a, Q1, 120)
    assert services.return_submit_refusal(actor=users.staff_a, organization=a, period=Q1) == ""
    assert refused(submit(users.staff_a, a)) == (
        RuleViolation, "Nộp bảo hiểm xã hội không thể vượt doanh thu (Nộp bảo hiểm xã hội: 120; "
            "Tổng doanh thu của doanh nghiệp: 100)",
        ["validation_rule"])
    enter(inds["NOP_BHXH"], a, Q1, 12)
    services.return_submit(actor=users.staff_a, organization=a, period=Q1)
    services.return_approve(actor=users.bloc_admin, organization=a, period=Q1)
    assert services.return_submit_refusal(actor=users.staff_a, organization=a, period=Q1) == locked(a, Q1)
    assert refused(submit(users.staff_a, a)) == (RuleViolation, locked(a, Q1), ["return_locked"])


# --- approving --------------------------------------------------------------------------------

def test_return_approve_refusal(tree, users, inds, province_admin):
    a, b = tree.committee_a, tree.committee_b

    def approve(actor, org, period=Q1):
        return lambda: services.return_approve(actor=actor, organization=org, period=period)

    def refusal(actor, org, period=Q1):
        return services.return_approve_refusal(actor=actor, organization=org, period=period)

    for actor, org, words in ((users.staff_a, a, NOT_ITSELF), (users.bloc_admin, tree.bloc, NOT_ITSELF),
                              (users.viewer, a, READ_ONLY), (users.staff_a, b, OUTSIDE)):
        assert refusal(actor, org) == words
        assert refused(approve(actor, org)) == (PermissionDenied, words, [])
    not_yet = "Đảng bộ Sở Tài chính has not submitted its report for 2023Q1 yet."
    assert refusal(users.bloc_admin, a) == not_yet
    assert refused(approve(users.bloc_admin, a)) == (RuleViolation, not_yet, ["return_not_submitted"])
    submitted(a)
    assert refusal(users.bloc_admin, a) == ""
    services.return_approve(actor=users.bloc_admin, organization=a, period=Q1)
    already = "This report is already approved."
    assert refusal(users.bloc_admin, a) == already
    assert refused(approve(users.bloc_admin, a)) == (RuleViolation, already, ["return_already_approved"])
    first = "Approve the units under it first: Đảng bộ Sở Y tế, Chi bộ Báo Kiên Giang."
    assert refusal(province_admin, tree.bloc) == first
    assert refused(approve(province_admin, tree.bloc)) == (RuleViolation, first, ["return_children_not_approved"])
    # A unit without a form for the period is approved without submitting (a year here).
    assert refusal(users.bloc_admin, a, "2023") == ""


def test_approving_under_an_approved_return_is_refused_as_the_page_says(tree, users, inds, province_admin):
    """The page refused to approve a return locked by an approved return holding it; the
    service approved it anyway. Both refuse now, in the same words."""
    b, cell = tree.committee_b, tree.grassroots_cell
    submitted(b)
    submitted(cell)
    services.return_approve(actor=users.bloc_admin, organization=cell, period="2023H1")  # no form for a half
    services.return_approve(actor=province_admin, organization=tree.bloc, period="2023")  # nor for a year
    words = locked(tree.bloc, "2023")
    assert services.return_approve_refusal(actor=users.bloc_admin, organization=b, period=Q1) == words
    assert refused(lambda: services.return_approve(actor=users.bloc_admin, organization=b, period=Q1)) == (
        RuleViolation, words, ["return_locked"])
    assert Return.objects.get(organization=b, period=Q1).state == Return.State.SUBMITTED
    assert set(Result.objects.filter(organization=b, period=Q1).values_list("state", flat=True)) == {"submitted"}
    # The nearest lock is named: the unit's own return for a longer period locks it too.
    assert services.return_approve_refusal(actor=users.bloc_admin, organization=cell, period=Q1) == locked(
        cell, "2023H1")
    services.return_reopen(actor=province_admin, organization=tree.bloc, period="2023", reason="Điều chỉnh")
    assert services.return_approve_refusal(actor=users.bloc_admin, organization=cell, period=Q1) == locked(
        cell, "2023H1")
    assert services.return_approve_refusal(actor=users.bloc_admin, organization=b, period=Q1) == ""
    services.return_approve(actor=users.bloc_admin, organization=b, period=Q1)


# --- reopening --------------------------------------------------------------------------------

def test_return_reopen_refusal(tree, users, inds, province_admin):
    a = tree.committee_a

    def reopen(actor, org, period=Q1):
        return lambda: services.return_reopen(actor=actor, organization=org, period=period, reason="Sửa số liệu")

    def refusal(actor, org, period=Q1):
        return services.return_reopen_refusal(actor=actor, organization=org, period=period)

    already = "This report is already open."
    assert refusal(users.bloc_admin, a) == already
    assert refused(reopen(users.bloc_admin, a)) == (RuleViolation, already, ["return_already_open"])
    submitted(a)
    assert refusal(users.bloc_admin, a) == ""  # a submitted return can be sent back
    assert refusal(users.staff_a, a) == NOT_ITSELF
    assert refused(reopen(users.staff_a, a)) == (PermissionDenied, NOT_ITSELF, [])
    for org in (tree.committee_b, tree.grassroots_cell):
        submitted(org)
        services.return_approve(actor=users.bloc_admin, organization=org, period=Q1)
    services.return_approve(actor=users.bloc_admin, organization=a, period=Q1)
    services.return_approve(actor=province_admin, organization=tree.bloc, period=Q1)
    # Under an approved bloc the committee is not reopened: the bloc is, first.
    assert refusal(users.bloc_admin, a) == locked(tree.bloc, Q1)
    assert refused(reopen(users.bloc_admin, a)) == (RuleViolation, locked(tree.bloc, Q1), ["return_locked"])
    assert refusal(province_admin, tree.bloc) == ""
    services.return_reopen(actor=province_admin, organization=tree.bloc, period=Q1, reason="Điều chỉnh")
    assert refusal(users.bloc_admin, a) == ""
    # Its own approved year holds the quarter: the year is reopened first.
    services.return_approve(actor=users.bloc_admin, organization=a, period="2023")
    assert refusal(users.bloc_admin, a) == locked(a, "2023")
    assert refused(reopen(users.bloc_admin, a)) == (RuleViolation, locked(a, "2023"), ["return_locked"])
    assert refusal(users.bloc_admin, a, "2023") == ""
    services.return_reopen(actor=users.bloc_admin, organization=a, period="2023", reason="Bổ sung")
    services.return_reopen(actor=users.bloc_admin, organization=a, period=Q1, reason="Bổ sung")
    assert Return.objects.get(organization=a, period=Q1).state == Return.State.OPEN


# --- key tasks --------------------------------------------------------------------------------

def test_task_create_refusal(tree, users):
    plan = make_plan(tree.bloc, "CTHD-2023", "2023", kind=Plan.Kind.ACTION_PROGRAM)

    def create(actor, org):
        return lambda: services.task_create(actor=actor, plan=plan, organization=org, title="Kiểm tra")

    assert services.task_create_refusal(actor=users.staff_a, plan=plan, organization=tree.cell_a1) == ""
    for actor, org, words in ((users.viewer, tree.cell_a1, READ_ONLY), (users.staff_a, tree.cell_b1, OUTSIDE)):
        assert services.task_create_refusal(actor=actor, plan=plan, organization=org) == words
        assert refused(create(actor, org)) == (PermissionDenied, words, [])
    above = f"{tree.province.name} is not under {tree.bloc.name}, which issued this plan."
    assert services.task_create_refusal(actor=SYSTEM, plan=plan, organization=tree.province) == above
    assert refused(create(SYSTEM, tree.province)) == (RuleViolation, above, ["not_under_issuer"])
    gone = make_org(tree.committee_a, "CB-CU", "Chi bộ Cũ", Organization.Kind.CELL)
    org_services.organization_dissolve(actor=SYSTEM, organization=gone, on=D(2023, 3, 1))
    gone.refresh_from_db()
    words = "Chi bộ Cũ was dissolved and gets no new tasks."
    assert services.task_create_refusal(actor=users.bloc_admin, plan=plan, organization=gone) == words
    assert refused(create(users.bloc_admin, gone)) == (RuleViolation, words, ["organization_dissolved"])
    assert Task.objects.count() == 0


# --- the four of a return's page at once ------------------------------------------------------------

def one_by_one(actor, org, period=Q1) -> services.ReturnRefusals:
    kwargs = {"actor": actor, "organization": org, "period": period}
    return services.ReturnRefusals(
        save=services.result_save_refusal(**kwargs), submit=services.return_submit_refusal(**kwargs),
        approve=services.return_approve_refusal(**kwargs), reopen=services.return_reopen_refusal(**kwargs))


def test_return_refusals_say_what_the_four_say(tree, users, inds, province_admin):
    a = tree.committee_a
    cases = [(users.staff_a, a), (users.bloc_admin, a), (users.viewer, a), (users.staff_a, tree.committee_b),
             (province_admin, tree.bloc), (users.bloc_admin, tree.cell_a1)]

    def check():
        for actor, org in cases:
            assert services.return_refusals(actor=actor, organization=org, period=Q1) == one_by_one(actor, org)

    check()
    assert services.return_refusals(actor=users.bloc_admin, organization=a, period=Q1) == services.ReturnRefusals(
        save="", submit="", approve="Đảng bộ Sở Tài chính has not submitted its report for 2023Q1 yet.",
        reopen="This report is already open.")
    submitted(a)
    check()
    services.return_approve(actor=users.bloc_admin, organization=a, period=Q1)
    check()
    assert services.return_refusals(actor=users.staff_a, organization=a, period=parse(Q1)) == services.ReturnRefusals(
        save=locked(a, Q1), submit=locked(a, Q1), approve=NOT_ITSELF, reopen=NOT_ITSELF)
    assert services.return_refusals(actor=users.bloc_admin, organization=a, period=Q1) == services.ReturnRefusals(
        save=locked(a, Q1), submit=locked(a, Q1), approve="This report is already approved.", reopen="")


def test_return_refusals_read_what_they_share_once(tree, users, inds):
    from tests.support import count_queries

    for org in (tree.committee_b, tree.grassroots_cell):
        submitted(org)
        services.return_approve(actor=users.bloc_admin, organization=org, period=Q1)
    submitted(tree.committee_a)
    users.bloc_admin.organization  # noqa: B018 - read once per request

    def together():
        return services.return_refusals(actor=users.bloc_admin, organization=tree.committee_a, period=Q1)

    assert together() == services.ReturnRefusals(save="", submit="", approve="", reopen="")
    assert count_queries(together) <= 6 < count_queries(lambda: one_by_one(users.bloc_admin, tree.committee_a))

