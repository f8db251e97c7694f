"""Reads the reporting and dashboard pages make through `plans.selectors` (they never call
the rollup engine or the validation module themselves): the returns of the units under a
unit, a return's forms, issues, stored values and counted figures, the trend of a
figure over a year or a term. Each scoped (NotFound outside the actor's scope), each
with its query budget."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from dangvu.core.actors import SYSTEM
from dangvu.core.errors import NotFound
from dangvu.core.periods import parse
from dangvu.orgs.models import Organization
from dangvu.plans import selectors, services
from dangvu.plans.models import Return
from tests.factories import make_org
from tests.support import D, admit, count_queries, enter, indicator, typed_catalog

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

Q1 = parse("2023Q1")
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def inds(db):
    return typed_catalog()


def at(monkeypatch, day: datetime.date):
    moment = datetime.datetime(day.year, day.month, day.day, 9, tzinfo=TZ)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)


# --- the returns of the units under a unit -------------------------------------------------------

def test_children_returns_of_the_bloc_and_of_the_province(tree, users, inds, monkeypatch):
    kt = inds["TC_TU_KIEM_TRA"]
    for org in (tree.committee_a, tree.committee_b):
        enter(kt, org, "2023Q1", 1)
    at(monkeypatch, D(2023, 4, 5))
    services.return_submit(actor=SYSTEM, organization=tree.committee_a, period="2023Q1")
    at(monkeypatch, D(2023, 4, 20))  # due on 10 April
    services.return_submit(actor=SYSTEM, organization=tree.committee_b, period="2023Q1")
    services.return_approve(actor=users.bloc_admin, organization=tree.committee_a, period="2023Q1")

    rows = selectors.children_returns(actor=users.bloc_admin, organization=tree.bloc, period=Q1)
    assert [(r.organization.name, r.reports, r.state, str(r.state_label), r.submitted_on, r.due, r.on_time,
             r.expected, r.submitted, r.approved) for r in rows] == [
        ("Chi bộ Báo Kiên Giang", True, "open", "Open", None, D(2023, 4, 10), None, 1, 0, 0),
        ("Đảng bộ Sở Tài chính", True, "approved", "Approved", D(2023, 4, 5), D(2023, 4, 10), True, 1, 1, 1),
        ("Đảng bộ Sở Y tế", True, "submitted", "Submitted", D(2023, 4, 20), D(2023, 4, 10), False, 1, 1, 0),
    ]
    assert [r.overdue for r in rows] == [True, False, False]
    # The province sees the bloc, which does not report itself, with its units' counts.
    [bloc] = selectors.children_returns(actor=SYSTEM, organization=tree.province, period=Q1)
    assert (bloc.organization, bloc.reports, bloc.expected, bloc.submitted, bloc.approved, bloc.due) == (
        tree.bloc, False, 3, 2, 1, None)
    # A unit without reporting units under it, a period no form is for: nothing.
    assert selectors.children_returns(actor=users.bloc_admin, organization=tree.cell_a1, period=Q1) == []
    assert selectors.children_returns(actor=users.bloc_admin, organization=tree.bloc, period=parse("2023")) == []
    with pytest.raises(NotFound):
        selectors.children_returns(actor=users.staff_a, organization=tree.bloc, period=Q1)


def test_children_returns_costs_the_same_whatever_the_number_of_units(tree, users, inds):
    def cost():
        return count_queries(lambda: selectors.children_returns(actor=users.bloc_admin, organization=tree.bloc,
                                                                period=Q1))

    users.bloc_admin.organization  # noqa: B018 - the account's organization, read once per request
    few = cost()
    for i in range(4):
        make_org(tree.bloc, f"DB-{i}", f"Đảng bộ {i}", Organization.Kind.GRASSROOTS_COMMITTEE)
    assert len(selectors.children_returns(actor=users.bloc_admin, organization=tree.bloc, period=Q1)) == 7
    assert cost() == few == 4  # the forms, the reporting units, their returns, the children


# --- what the entry page reads ------------------------------------------------------------------

def as_enterprise(org: Organization) -> Organization:
    """The sector recorded for `org` (no service changes a unit's sector yet)."""
    Organization.objects.filter(pk=org.pk).update(sector=Organization.Sector.ENTERPRISE)
    org.refresh_from_db()
    return org


def test_a_unit_is_asked_only_for_the_forms_of_its_sector(tree, users, inds):
    # Committee A is a department (Sở Tài chính): the party-building form only, no revenue.
    a = tree.committee_a
    Organization.objects.filter(pk=a.pk).update(sector=Organization.Sector.AGENCY)
    a.refresh_from_db()
    [form] = selectors.return_forms(actor=users.staff_a, organization=a, period=Q1)
    assert form.code == "BC_QUY"
    assert [i.code for i in form.indicators.all()] == [
        "HN_CHUYEN_DE", "BUOI_THOI_SU", "HN_SO_KET", "TC_TU_KIEM_TRA", "DV_NEU_GUONG", "CB_CHUYEN_DE",
        "DV_NOI_CU_TRU", "TCCSD_QUAN_TRIET"]
    assert "DOANH_THU" not in {i.code for f in selectors.return_forms(actor=users.staff_a, organization=a, period=Q1)
                               for i in f.indicators.all()}
    # A unit whose sector is not recorded is asked the same (not for an enterprise's figures).
    assert [f.code for f in selectors.return_forms(actor=users.bloc_admin, organization=tree.committee_b, period=Q1)] == [
        "BC_QUY"]
    # An enterprise fills in both, in one return.
    forms = selectors.return_forms(actor=users.bloc_admin, organization=as_enterprise(tree.grassroots_cell), period=Q1)
    assert [(f.code, len(f.indicators.all())) for f in forms] == [("BC_QUY", 8), ("BC_QUY_DN", 5)]
    assert [i.code for i in forms[1].indicators.all()] == ["DOANH_THU", "NOP_NGAN_SACH", "NOP_BHXH", "QUY_THU_NHAP",
                                                            "LAO_DONG"]
    # Who has to report counts each unit once, the department with its one form: nobody is
    # missing a figure they are not asked for.
    pairs = selectors.reporting_units(root=tree.bloc, period=Q1)
    assert [(u.code, f.code) for u, f in pairs] == [("DB-STC", "BC_QUY"), ("DB-SYT", "BC_QUY"), ("CB-BKG", "BC_QUY")]
    services.return_submit(actor=users.staff_a, organization=a, period="2023Q1")
    c = selectors.completeness(actor=users.bloc_admin, organization=tree.bloc, period=Q1)
    assert (c.expected, c.submitted) == (3, 1)


def test_return_forms_issues_results_and_counted_values(tree, users, inds):
    a = as_enterprise(tree.committee_a)
    forms = selectors.return_forms(actor=users.staff_a, organization=a, period=Q1)
    assert [f.code for f in forms] == ["BC_QUY", "BC_QUY_DN"]
    form = forms[1]
    assert selectors.return_forms(actor=users.staff_a, organization=a, period=parse("2023")) == []
    assert selectors.return_forms(actor=users.staff_a, organization=tree.cell_a1, period=Q1) == []
    enter(inds["DOANH_THU"], a, "2023Q1", 100, actor=users.staff_a)
    saved = enter(inds["NOP_BHXH"], a, "2023Q1", 120, actor=users.staff_a)
    [issue] = selectors.return_issues(actor=users.staff_a, organization=a, period=Q1)
    assert (issue.severity, issue.indicator_codes) == ("error", ("DOANH_THU", "NOP_BHXH"))
    results = selectors.return_results(actor=users.staff_a, organization=a, period=Q1,
                                       indicators=list(form.indicators.all()))
    assert {inds_id: (r.value, r.updated_by) for inds_id, r in results.items()} == {
        inds["DOANH_THU"].pk: (100, users.staff_a), inds["NOP_BHXH"].pk: (120, users.staff_a)}
    assert results[inds["NOP_BHXH"].pk] == saved
    admit(tree.cell_a1, 3, 2023)
    admit(tree.cell_b1, 2, 2023)
    counted = [inds["KET_NAP"], inds["TCCSD"]]
    assert selectors.entry_values(actor=users.staff_a, organization=a, period=parse("2023"), indicators=counted) == {
        inds["KET_NAP"].pk: Decimal(3), inds["TCCSD"].pk: Decimal(1)}
    assert selectors.entry_values(actor=users.staff_a, organization=a, period=Q1, indicators=[]) == {}
    for read in (selectors.return_forms, selectors.return_issues):
        with pytest.raises(NotFound):
            read(actor=users.staff_a, organization=tree.committee_b, period=Q1)
    for read in (selectors.return_results, selectors.entry_values):
        with pytest.raises(NotFound):
            read(actor=users.staff_a, organization=tree.committee_b, period=Q1, indicators=counted)


def test_reads_of_the_entry_page_have_a_fixed_cost(tree, users, inds):
    a = tree.committee_a
    users.staff_a.organization  # noqa: B018
    forms = selectors.return_forms(actor=users.staff_a, organization=a, period=Q1)
    entered = list(forms[0].indicators.all())
    assert count_queries(lambda: selectors.return_forms(actor=users.staff_a, organization=a, period=Q1)) == 3
    assert count_queries(lambda: selectors.return_results(actor=users.staff_a, organization=a, period=Q1,
                                                          indicators=entered)) == 1
    counted = [inds["KET_NAP"], inds["TCCSD"], inds["DANG_VIEN"]]
    assert count_queries(lambda: selectors.entry_values(actor=users.staff_a, organization=a, period=Q1,
                                                        indicators=counted)) == 2


def test_lock_message_without_the_units_own_return(tree, users, inds):
    enter(inds["TC_TU_KIEM_TRA"], tree.committee_a, "2023Q1", 1)
    services.return_submit(actor=SYSTEM, organization=tree.committee_a, period="2023Q1")
    services.return_approve(actor=users.bloc_admin, organization=tree.committee_a, period="2023Q1")
    assert selectors.lock_message(organization=tree.committee_a, period="2023Q1") != ""
    assert selectors.lock_message(organization=tree.committee_a, period="2023Q1", excluding_own=True) == ""
    assert selectors.lock_message(organization=tree.cell_a1, period="2023Q1", excluding_own=True) != ""
    services.return_approve(actor=users.bloc_admin, organization=tree.committee_a, period="2023")
    assert selectors.lock_message(organization=tree.committee_a, period="2023Q1", excluding_own=True) == (
        "The report of Đảng bộ Sở Tài chính for 2023 is approved and locked; a higher level must reopen it first.")
    assert Return.objects.filter(state=Return.State.APPROVED).count() == 2


# --- trends -------------------------------------------------------------------------------------

def test_trend_points_of_a_year_quarter_by_quarter(tree, users, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2023, 8, 15))
    flow = indicator("KT", "Kiểm tra")  # summed: each quarter's point is the year to date
    stock = indicator("LD", "Lao động", aggregation="average_sum")
    for q, v in (("2023Q1", 2), ("2023Q2", 3), ("2023Q3", 4)):
        enter(flow, tree.cell_a1, q, v)
        enter(stock, tree.cell_a1, q, v * 10)
    points = selectors.trend_points(actor=users.bloc_admin, indicators=[flow, stock], organization=tree.committee_a,
                                    period=parse("2023Q2"))
    labels = ["Quarter I", "Quarter II", "Quarter III", "Quarter IV"]
    assert points[flow.pk] == list(zip(labels, [Decimal(2), Decimal(5), Decimal(9), None], strict=True))
    assert points[stock.pk] == list(zip(labels, [Decimal(20), Decimal(25), Decimal(30), None], strict=True))
    # The fourth point is the whole year once it has begun.
    later = selectors.trend_points(actor=users.bloc_admin, indicators=[flow], organization=tree.committee_a,
                                   period=parse("2023"), today=D(2024, 1, 10))
    assert later[flow.pk][-1] == ("Quarter IV", Decimal(9))
    with pytest.raises(NotFound):
        selectors.trend_points(actor=users.staff_a, indicators=[flow], organization=tree.committee_b,
                               period=parse("2023"))


def test_trend_points_of_a_term_add_up_flows_only(tree, users, inds):
    flow = indicator("KT", "Kiểm tra")
    stock = indicator("LD", "Lao động", aggregation="average_sum")
    for year, v in ((2021, 2), (2022, 3)):
        enter(flow, tree.cell_a1, str(year), v)
        enter(stock, tree.cell_a1, str(year), v * 10)
    points = selectors.trend_points(actor=SYSTEM, indicators=[flow, stock, inds["DANG_VIEN"]],
                                    organization=tree.committee_a, period=parse("2020-2024"), today=D(2023, 6, 1))
    years = ["2020", "2021", "2022", "2023", "2024"]
    assert points[flow.pk] == list(zip(years, [None, Decimal(2), Decimal(5), Decimal(5), None], strict=True))
    assert points[stock.pk] == list(zip(years, [None, Decimal(20), Decimal(30), None, None], strict=True))
    # Members on the rolls are counted at each year's end, not added up (none here: 0).
    assert [v for _y, v in points[inds["DANG_VIEN"].pk]] == [0, 0, 0, 0, None]

    def cost(indicators):
        return count_queries(lambda: selectors.trend_points(
            actor=SYSTEM, indicators=indicators, organization=tree.committee_a, period=parse("2020-2024"),
            today=D(2023, 6, 1)))

    # One rollup per year begun (at most three statements each), whatever the indicators.
    assert cost([flow]) <= cost([flow, stock, inds["DANG_VIEN"], inds["KET_NAP"]]) <= 3 * 4

