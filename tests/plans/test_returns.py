"""Issue 8 on a unit's report: no submission before its period ends (but for the days
allowed), several reports approved at once (all or none), states in words, outliers only
where they mean something, rules' messages by the indicators' names."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from dangvu.core.errors import RuleViolation
from dangvu.core.models import AuditEntry
from dangvu.orgs.models import Organization
from dangvu.plans import selectors, services, validation
from dangvu.plans.models import Indicator, Return
from tests.support import enter, typed_catalog


@pytest.fixture
def inds(db):
    return typed_catalog()


# Submitting before the period ends

@pytest.mark.parametrize(("today", "refused"), [
    (datetime.date(2026, 12, 25), True),  # six days before 31/12: too early
    (datetime.date(2026, 12, 26), False),  # five days before: allowed (DANGVU_SUBMIT_DAYS_BEFORE_END=5)
    (datetime.date(2027, 1, 5), False),  # after the end
])
def test_a_report_is_not_submitted_before_its_period_ends(tree, users, inds, today, refused):
    a = tree.committee_a
    words = ("The report for Quarter IV/2026 can be submitted from 26/12/2026: the period ends on 31/12/2026, and a "
             "report may be submitted at most 5 days before its period ends.")
    with translation.override("en"):
        refusal = services.return_submit_refusal(actor=users.staff_a, organization=a, period="2026Q4", today=today)
        assert refusal == (words if refused else "")
        if refused:
            with pytest.raises(RuleViolation) as exc:
                services.return_submit(actor=users.staff_a, organization=a, period="2026Q4", today=today)
            assert (exc.value.messages, exc.value.code) == ([words], "return_period_not_ended")
            assert not Return.objects.filter(organization=a).exists()
        else:
            approval = services.return_submit(actor=users.staff_a, organization=a, period="2026Q4", today=today)
            assert (approval.state, approval.submitted_by) == (Return.State.SUBMITTED, users.staff_a)
    with translation.override("vi"):
        if refused:
            assert services.return_submit_refusal(actor=users.staff_a, organization=a, period="2026Q4", today=today) == (
                "Báo cáo Quý IV/2026 chỉ gửi được từ ngày 26/12/2026: kỳ báo cáo kết thúc ngày 31/12/2026, và báo cáo "
                "được gửi sớm nhất 5 ngày trước khi kỳ kết thúc.")


def test_the_days_allowed_before_the_end_are_a_setting(tree, users, inds, settings):
    settings.DANGVU_SUBMIT_DAYS_BEFORE_END = 0
    a = tree.committee_a
    with translation.override("en"):
        assert services.return_submit_refusal(actor=users.staff_a, organization=a, period="2026Q4",
                                              today=datetime.date(2026, 12, 30)) == (
            "The report for Quarter IV/2026 can be submitted from 31/12/2026: the period ends on 31/12/2026, and a "
            "report may be submitted at most 0 days before its period ends.")
    assert services.return_submit_refusal(actor=users.staff_a, organization=a, period="2026Q4",
                                          today=datetime.date(2026, 12, 31)) == ""
    assert selectors.reporting_period("quarter", datetime.date(2026, 12, 30)).code == "2026Q3"
    assert selectors.reporting_period("quarter", datetime.date(2026, 12, 31)).code == "2026Q4"


def test_a_second_submission_keeps_the_first_time_and_records_the_last(tree, users, inds, monkeypatch):
    a = tree.committee_a
    first = services.return_submit(actor=users.staff_a, organization=a, period="2023Q1")
    services.return_reopen(actor=users.bloc_admin, organization=a, period="2023Q1", reason="Thiếu số liệu")
    assert selectors.return_status(Return.objects.get(pk=first.pk)) == selectors.RETURNED
    later = first.submitted_at + datetime.timedelta(days=3)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    again = services.return_submit(actor=users.staff_a, organization=a, period="2023Q1")
    assert (again.submitted_at, again.last_submitted_at) == (first.submitted_at, later)
    assert selectors.return_status(again) == selectors.WAITING


# Approving several reports at once

def test_several_reports_are_approved_at_once(tree, users, inds):
    for org in (tree.committee_a, tree.committee_b):
        services.return_submit(actor=users.bloc_admin, organization=org, period="2023Q1")
    approved = services.returns_approve(actor=users.bloc_admin, organizations=[tree.committee_a, tree.committee_b],
                                        period="2023Q1")
    assert [r.state for r in approved] == [Return.State.APPROVED, Return.State.APPROVED]
    assert AuditEntry.objects.filter(action="return.approve").count() == 2


def test_one_refused_report_approves_none_and_names_the_unit(tree, users, inds):
    services.return_submit(actor=users.bloc_admin, organization=tree.committee_a, period="2023Q1")
    with translation.override("en"), pytest.raises(RuleViolation) as exc:
        services.returns_approve(actor=users.bloc_admin, organizations=[tree.committee_a, tree.committee_b],
                                 period="2023Q1")
    assert exc.value.messages == [
        "Đảng bộ Sở Y tế: Đảng bộ Sở Y tế has not submitted its report for 2023Q1 yet."]
    assert [e.code for e in exc.value.error_list] == ["returns_refused"]
    assert Return.objects.get(organization=tree.committee_a, period="2023Q1").state == Return.State.SUBMITTED
    assert not AuditEntry.objects.filter(action="return.approve").exists()


# Outliers only where they mean something

@pytest.mark.parametrize(("value", "history", "message"), [
    (0, [0, 0, 1, 0], None),  # "0 is far from an average of 0,25": says nothing
    (40, [10, 12], None),  # two earlier values are too few to judge
    (6, [1, 1, 2], None),  # over three times an average of 1,33, but only 4,67 away
    (40, [10, 12, 14], "more than three times the average of the 3 previous periods (12)"),
    (3, [10, 12, 14], "less than a third of the average of the 3 previous periods (12)"),
    (36, [10, 12, 14], None),  # three times is still within reach
])
def test_outliers_only_where_they_mean_something(inds, value, history, message):
    ind = inds["HN_CHUYEN_DE"]
    with translation.override("en"):
        issue = validation.outlier(ind, Decimal(value), [Decimal(h) for h in history])
    if message is None:
        assert issue is None
    else:
        assert issue.message == f"{ind.name}: {value} is {message}: check it."


def test_an_outlier_of_a_percentage_says_percent(db):
    ind = Indicator(code="TL", name="Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ", value_type="percent")
    with translation.override("vi"):
        issue = validation.outlier(ind, Decimal(10), [Decimal(80), Decimal(90), Decimal(85)])
    assert issue.message == ("Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ: 10% thấp hơn một phần ba mức bình quân của 3 kỳ "
                             "trước (85%): đề nghị kiểm tra lại.")


def test_rule_messages_name_the_indicators_never_their_codes(tree, inds):
    Organization.objects.filter(pk=tree.committee_a.pk).update(sector=Organization.Sector.ENTERPRISE)
    a = Organization.objects.get(pk=tree.committee_a.pk)  # the enterprise form holds these rules
    enter(inds["DOANH_THU"], a, "2023Q2", 100)
    enter(inds["NOP_BHXH"], a, "2023Q2", 120)
    enter(inds["QUY_THU_NHAP"], a, "2023Q2", 6000)
    enter(inds["LAO_DONG"], a, "2023Q2", 20)
    with translation.override("vi"):
        messages = [i.message for i in validation.check_report(organization=a, period=selectors.parse("2023Q2"))]
    assert messages == [
        "Nộp bảo hiểm xã hội không thể vượt doanh thu (Nộp bảo hiểm xã hội: 120; Tổng doanh thu của doanh nghiệp: 100)",
        "Thu nhập bình quân trên 200 triệu đồng/tháng: xem lại (Tổng thu nhập của người lao động trong tháng: 6.000; "
        "Số người lao động × 200: 4.000)",
    ]
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert not [m for m in messages for c in codes if c in m]
