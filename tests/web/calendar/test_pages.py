"""The working-day calendar page: everyone reads a year's holidays and changes and uses the
deadline calculator; the top level's administrator records and removes changes; anyone else
posting is answered 403 with the reason, and nothing is written."""

from __future__ import annotations

import datetime

from django.urls import reverse

from dangvu.core.models import AuditEntry, CalendarChange
from tests.support import client_for, text

D = datetime.date
INDEX = reverse("calendar:index")
READ_ONLY_VI = "Tài khoản của bạn chỉ được xem."
TOP_ONLY_VI = ("Chỉ người quản trị của Tỉnh ủy hoặc của đảng bộ trực thuộc Tỉnh ủy mới được thay đổi lịch ngày "
               "làm việc: ngày nghỉ là chung cho mọi tổ chức.")
NEW_CHANGE = {"on": "08/03/2027", "kind": "day_off", "document_number": "07/TB-BNV", "document_date": "01/10/2026",
              "document_summary": "Nghỉ thêm một ngày"}


def test_the_year_as_staff_reads_it_holidays_named_changes_documented_no_form(users):
    response = client_for(users.staff_a).get(INDEX, {"year": "2025"})
    page = text(response)
    assert response.status_code == 200
    assert "Lịch ngày làm việc 2025" in page
    assert "Năm 2025 có 250 ngày làm việc." in page
    assert "Thứ Hai 27/01/2025 29 Tết" in page
    assert "Thứ Sáu 02/05/2025 Ngày nghỉ (thay cho ngày 26/04/2025)" in page
    assert "Thứ Bảy 01/02/2025 Mùng bốn Tết Nguyên Đán trùng ngày cuối tuần" in page
    assert ("Thứ Bảy 26/04/2025 Ngày làm bù Hoán đổi ngày làm việc: làm bù thứ Bảy 26/04/2025 cho ngày nghỉ "
            "02/05/2025 hệ thống") in page
    assert "Ghi một thay đổi" not in page and 'name="document_number"' not in response.content.decode()
    assert TOP_ONLY_VI in page
    assert "Lịch làm việc" not in page and ">Ngày làm việc</a>" in response.content.decode()  # the menu


def test_the_calculator_adds_working_days_and_counts_them(users):
    client = client_for(users.viewer)
    page = text(client.get(INDEX, {"start": "24/01/2025", "days": "1"}))
    assert "1 ngày làm việc sau Thứ Sáu 24/01/2025: Thứ Hai 03/02/2025." in page
    page = text(client.get(INDEX, {"start": "29/04/2025", "days": "60"}))
    assert "60 ngày làm việc sau Thứ Ba 29/04/2025: Thứ Sáu 25/07/2025." in page
    page = text(client.get(INDEX, {"start": "28/08/2026", "end": "04/09/2026"}))
    assert "Từ Thứ Sáu 28/08/2026 đến Thứ Sáu 04/09/2026: 2 ngày làm việc." in page
    response = client.get(INDEX, {"start": "28/08/2026"})
    assert response.status_code == 400
    assert "Hãy nhập một ngày và số ngày làm việc, hoặc một ngày và một ngày thứ hai." in text(response)
    response = client.get(INDEX, {"year": "3000"})
    assert response.status_code == 400


def test_the_administrator_records_and_removes_a_change(users):
    client = client_for(users.bloc_admin)
    page = client.get(INDEX, {"year": "2027"}).content.decode()
    assert 'action="/lich-lam-viec/them/"' in page
    response = client.post(reverse("calendar:add"), NEW_CHANGE)
    assert response.status_code == 302 and response["Location"] == f"{INDEX}?year=2027"
    change = CalendarChange.objects.get(on=D(2027, 3, 8))
    page = text(client.get(response["Location"]))
    assert "Đã ghi: Thứ Hai 08/03/2027, ngày nghỉ." in page
    assert "Thứ Hai 08/03/2027 Ngày nghỉ 07/TB-BNV ngày 01/10/2026: Nghỉ thêm một ngày Quản trị Đảng bộ" in page
    assert "Năm 2027 có 248 ngày làm việc." in page
    response = client.post(reverse("calendar:remove"), {"change": change.pk})
    assert response.status_code == 302
    assert "Đã xóa thay đổi của Thứ Hai 08/03/2027." in text(client.get(response["Location"]))
    assert not CalendarChange.objects.filter(on=D(2027, 3, 8)).exists()
    assert list(AuditEntry.objects.filter(action__startswith="calendar.").values_list("action", flat=True)
                .order_by("id")) == ["calendar.change_create", "calendar.change_delete"]
    assert client.post(reverse("calendar:remove"), {"change": change.pk}).status_code == 404


def test_a_refused_change_shows_the_rule_on_the_form(users):
    response = client_for(users.bloc_admin).post(reverse("calendar:add"), NEW_CHANGE | {"on": "06/03/2027"})
    assert response.status_code == 400
    assert ("Thứ Bảy 06/03/2027 là ngày nghỉ cuối tuần, vốn đã là ngày nghỉ: ngày nghỉ thêm phải là một ngày từ "
            "thứ Hai đến thứ Sáu.") in text(response)
    assert "Lịch ngày làm việc 2027" in text(response)
    assert not CalendarChange.objects.filter(on=D(2027, 3, 6)).exists()


def test_others_posting_are_refused_with_the_reason(users):
    seeded = CalendarChange.objects.get(on=D(2025, 4, 26))
    for user, reason in [(users.viewer, READ_ONLY_VI), (users.admin_a, TOP_ONLY_VI), (users.staff_a, TOP_ONLY_VI)]:
        client = client_for(user)
        for url, data in [(reverse("calendar:add"), NEW_CHANGE), (reverse("calendar:remove"), {"change": seeded.pk})]:
            response = client.post(url, data)
            assert response.status_code == 403, (user, url)
            assert reason in text(response)
        assert client.get(reverse("calendar:add")).status_code == 405
    assert CalendarChange.objects.count() == 13
    assert not AuditEntry.objects.filter(action__startswith="calendar.").exists()


def test_the_page_in_english(users):
    page = text(client_for(users.staff_a, "en").get(INDEX, {"year": "2025"}))
    assert "Friday 02/05/2025 Day off (substituted from 26/04/2025)" in page
    assert "250 working days in 2025." in page
