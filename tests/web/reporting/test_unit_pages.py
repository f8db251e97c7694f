"""Issue 8 on the reporting pages: the unit's own reports with their states in words and
people's names, the approver's list (waiting first, several approved at once), the
approver's read-only view of a unit, no indicator code on the entry page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dangvu.plans import services
from dangvu.plans.catalog import load_default_catalog
from dangvu.plans.models import Indicator, Return
from tests.conftest import TODAY
from tests.support import client_for, text

PERIOD = "2026Q3"


@pytest.fixture
def catalog(db):
    load_default_catalog()
    return {i.code: i for i in Indicator.objects.all()}


@pytest.fixture
def now(monkeypatch):
    moment = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(9, 30)))
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    return moment


def entry_url(org, period: str = PERIOD) -> str:
    return reverse("reporting:entry", args=[org.pk, period])


def save(user, org, code, value, period=PERIOD):
    return services.result_save(actor=user, indicator=Indicator.objects.get(code=code), organization=org,
                                period=period, value=value, version=None)


def test_the_unit_reaches_its_reports_by_period_with_their_states_in_words(tree, users, catalog, now):
    a = tree.committee_a
    services.return_submit(actor=users.staff_a, organization=a, period="2026Q1")
    services.return_approve(actor=users.bloc_admin, organization=a, period="2026Q1")
    services.return_submit(actor=users.staff_a, organization=a, period="2026Q2")
    services.return_reopen(actor=users.bloc_admin, organization=a, period="2026Q2", reason="Thiếu doanh thu")
    services.return_submit(actor=users.staff_a, organization=a, period=PERIOD)
    client = client_for(users.staff_a)
    home = client.get(reverse("home")).content.decode()
    assert f'<a href="{reverse("reporting:unit")}">Báo cáo của đơn vị</a>' in home
    page = text(client.get(reverse("reporting:unit")))
    # Committee A is an enterprise: it owes both quarterly forms.
    rows = re.findall(r"(Quý [IV]+/2026) (Báo cáo quý công tác xây dựng Đảng; "
                      r"Báo cáo quý kết quả sản xuất kinh doanh của doanh nghiệp) (.*?) Mở báo cáo", page)
    assert [(p, s) for p, _f, s in rows] == [
        ("Quý IV/2026", "Chưa gửi — 10/01/2027 gửi được từ 26/12/2026"),  # the current quarter first
        ("Quý III/2026", "Đã gửi – chờ duyệt 09:30 20/11/2026 Cán bộ Sở Tài chính 10/10/2026"),
        ("Quý II/2026", "Bị trả lại Lý do: Thiếu doanh thu 09:30 20/11/2026 Cán bộ Sở Tài chính 10/07/2026 quá hạn"),
        ("Quý I/2026", "Đã duyệt bởi Quản trị Đảng bộ, 09:30 20/11/2026 09:30 20/11/2026 Cán bộ Sở Tài chính "
                       "10/04/2026"),
    ]
    main = page[page.index("Báo cáo của đơn vị: Đảng bộ Sở Tài chính"):]  # the header is the accounts' part
    assert "Cán bộ Sở Tài chính" in main and "staff_stc" not in main and "admin_khoi" not in main
    assert "gửi được từ 26/12/2026" in page  # the current quarter opens five days before its end
    assert "Hướng dẫn" in page
    # Any year is reachable, written as a year (not "2.026").
    html = client.get(reverse("reporting:unit")).content.decode()
    assert '<option value="2026" selected>2026</option>' in html and "2.026" not in html
    older = text(client.get(reverse("reporting:unit"), {"year": 2025}))
    assert "Quý IV/2025" in older and "Quý I/2025" in older and "Quý I/2026" not in older
    assert client.get(reverse("reporting:unit"), {"year": 1990}).status_code == 404


def test_the_approver_sees_the_figures_read_only(tree, users, catalog):
    save(users.staff_a, tree.committee_a, "DOANH_THU", 12)
    services.return_submit(actor=users.staff_a, organization=tree.committee_a, period=PERIOD)
    response = client_for(users.bloc_admin).get(entry_url(tree.committee_a))
    html = response.content.decode()
    main = html.split("<main>")[1]
    assert re.findall(r'<input type="(?:text|checkbox)"', main) == []
    assert "hx-post" not in main and 'value="submit"' not in main and 'value="save"' not in main
    assert '<span class="num">12</span>' in main
    assert f'action="{reverse("reporting:approve", args=[tree.committee_a.pk, PERIOD])}"' in main
    assert "Bạn đang xem số liệu của Đảng bộ Sở Tài chính với tư cách cấp trên" in text(response)
    # A post of values from the level above is refused, in the page's words.
    refused = client_for(users.bloc_admin, "en").post(entry_url(tree.committee_a), {"DOANH_THU-value": "13"})
    assert refused.status_code == 403
    assert ("Đảng bộ Sở Tài chính enters and submits its own figures; the level above reads them, approves or "
            "returns the report.") in text(refused)


def test_the_approver_approves_several_reports_at_once(tree, users, catalog, now):
    for org in (tree.committee_a, tree.committee_b):
        services.return_submit(actor=users.bloc_admin, organization=org, period=PERIOD)
    client = client_for(users.bloc_admin)
    page = client.get(reverse("reporting:due")).content.decode()
    assert "2 báo cáo đang chờ duyệt." in page and "Duyệt các báo cáo đã chọn" in page
    boxes = re.findall(r'<input type="checkbox" name="org" value="(\d+)"', page)
    assert sorted(boxes) == sorted([str(tree.committee_a.pk), str(tree.committee_b.pk)])
    response = client.post(reverse("reporting:approve_many"), {"period": PERIOD, "org": boxes}, follow=True)
    assert "Đã duyệt 2 báo cáo." in text(response)
    assert set(Return.objects.filter(period=PERIOD).values_list("state", flat=True)) == {Return.State.APPROVED}


def test_one_refused_report_approves_none_and_the_page_names_it(tree, users, catalog, now):
    services.return_submit(actor=users.bloc_admin, organization=tree.committee_a, period=PERIOD)
    client = client_for(users.bloc_admin)
    response = client.post(reverse("reporting:approve_many"),
                           {"period": PERIOD, "org": [tree.committee_a.pk, tree.committee_b.pk]}, follow=True)
    page = text(response)
    assert "Chưa duyệt báo cáo nào:" in page
    assert "Đảng bộ Sở Y tế: Đảng bộ Sở Y tế chưa gửi báo cáo" in page
    assert Return.objects.get(organization=tree.committee_a, period=PERIOD).state == Return.State.SUBMITTED
    nothing = client.post(reverse("reporting:approve_many"), {"period": PERIOD}, follow=True)
    assert "Hãy chọn các báo cáo cần duyệt trước." in text(nothing)


def test_the_entry_page_shows_no_indicator_code_and_labels_its_columns(tree, users, catalog):
    save(users.staff_a, tree.committee_a, "DOANH_THU", 3)
    save(users.staff_a, tree.committee_a, "NOP_BHXH", 5)
    response = client_for(users.staff_a).get(entry_url(tree.committee_a))
    page = text(response)
    assert "Chỉ tiêu Mức giao Số liệu kỳ này Ghi chú" in page
    shown = [c for c in catalog if re.search(rf"\b{c}\b", page)]
    assert shown == []
    assert ("Nộp bảo hiểm xã hội không thể vượt doanh thu (Nộp bảo hiểm xã hội: 5; "
            "Tổng doanh thu của doanh nghiệp: 3)") in page
