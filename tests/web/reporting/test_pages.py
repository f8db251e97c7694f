"""Unit reporting pages: data entry (targets, optimistic locking, validation, submit,
approve, reopen), due list, history of a value; scope, read-only accounts, query budget."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from dangvu.core.models import AuditEntry
from dangvu.orgs.models import User
from dangvu.plans import services
from dangvu.plans.models import Indicator, ReportingForm, Result, Return
from dangvu.web.reporting.forms import parse_number
from tests.conftest import TODAY
from tests.factories import make_user
from tests.support import TYPED_WORK, client_for, typed_catalog

PERIOD = "2026Q3"
#: What a grassroots enterprise types each quarter (``typed_catalog``): the party-building
#: form, then the enterprise's.
QUARTERLY_ENTERED = [code for code, *_rest in TYPED_WORK] + [
    "TCCSD_QUAN_TRIET", "DOANH_THU", "NOP_NGAN_SACH", "NOP_BHXH", "QUY_THU_NHAP", "LAO_DONG"]
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def catalog(db):
    typed_catalog()
    return {i.code: i for i in Indicator.objects.all()}


def entry_url(org, period: str = PERIOD) -> str:
    return reverse("reporting:entry", args=[org.pk, period])


def row_url(org, code: str, period: str = PERIOD) -> str:
    return reverse("reporting:row", args=[org.pk, period, code])


def row_data(code: str, value: str, *, version="", was="", comment="", was_comment="") -> dict:
    return {f"{code}-value": value, f"{code}-version": version, f"{code}-was": was,
            f"{code}-comment": comment, f"{code}-was_comment": was_comment}


def result(org, code: str, period: str = PERIOD) -> Result | None:
    return Result.objects.filter(organization=org, indicator__code=code, period=period).first()


def save(user, org, code: str, value, period: str = PERIOD) -> Result:
    """A value entered through the service (as another page would)."""
    current = result(org, code, period)
    return services.result_save(actor=user, indicator=Indicator.objects.get(code=code), organization=org,
                                period=period, value=value, version=current.version if current else None)


def text(response) -> str:
    return response.content.decode()


def input_value(html: str, name: str) -> str | None:
    m = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"', html)
    return m.group(1) if m else None


# Numbers as the user's language writes them

def test_numbers_are_read_the_vietnamese_way():
    with translation.override("vi"):
        assert parse_number("1.234,5") == Decimal("1234.5")
        assert parse_number("1234,5") == Decimal("1234.5")
        assert parse_number(" 12.345.678 ") == Decimal("12345678")
        assert parse_number("-3") == Decimal("-3")
        assert parse_number("") is None
        for bad in ("1.5", "1,2,3", "12.34,5", "abc", "1 2x"):
            with pytest.raises(ValidationError):
                parse_number(bad)
    with translation.override("en"):
        assert parse_number("1,234.5") == Decimal("1234.5")
        with pytest.raises(ValidationError) as excinfo:
            parse_number("1.234,5")
        assert excinfo.value.messages == ["“1.234,5” is not a number: write it as 1,234.5."]


# The data-entry page

def test_entry_page_lists_the_quarterly_indicators_of_a_grassroots_committee(tree, users, catalog):
    response = client_for(users.staff_a).get(entry_url(tree.committee_a))
    assert response.status_code == 200
    html = text(response)
    assert "<h1>Đảng bộ Sở Tài chính</h1>" in html
    assert "<h2>Báo cáo quý công tác xây dựng Đảng</h2>" in html
    for code in QUARTERLY_ENTERED:
        assert f'<label for="v-{code}" class="ind-name">{catalog[code].name}</label>' in html
        assert f'name="{code}-value"' in html
    assert html.count('class="entry-row') == 13
    # Counted indicators are not typed: not on the form.
    assert "Kết nạp đảng viên mới" not in html
    assert "10/10/2026" in html  # due date, dd/mm/yyyy
    # A cell under the committee reports nothing itself.
    english = client_for(users.staff_a, "en").get(entry_url(tree.cell_a1))
    assert "This unit has no reporting form for this period." in text(english)


def test_entry_page_shows_the_targets_beside_the_input(tree, users, catalog):
    admin = users.bloc_admin
    plan = services.plan_create(actor=admin, code="KH-2026", kind="annual_plan", organization=tree.bloc,
                                title="Kế hoạch năm 2026", issued_on=datetime.date(2026, 1, 5), period="2026")
    ind = catalog["TC_TU_KIEM_TRA"]
    services.target_set(actor=admin, plan=plan, indicator=ind, organization=tree.committee_a, period="2026Q3", value=2)
    services.target_set(actor=admin, plan=plan, indicator=ind, organization=tree.committee_a, period="2026", value=8)
    for period, value in (("2026Q1", 2), ("2026Q2", 3), ("2026Q3", 1)):
        save(users.staff_a, tree.committee_a, "TC_TU_KIEM_TRA", value, period)
    html = text(client_for(users.staff_a, "en").get(entry_url(tree.committee_a)))
    row = html[html.index('id="row-TC_TU_KIEM_TRA"'):html.index('id="row-CB_CHUYEN_DE"')]
    assert '<span class="muted">This period:</span> ≥&nbsp;2' in row
    assert '<span class="muted">Year 2026:</span> ≥&nbsp;8' in row
    assert '<span class="muted">· to date</span> 6' in row  # 2 + 3 + 1 held against the year's 8
    # 6 of the year's 8 by 30 September: at that pace 8 by December, the year still runs.
    assert '<span class="ach status-in_progress">75%</span>' in row
    assert input_value(row, "TC_TU_KIEM_TRA-value") == "1"


def test_plain_post_saves_a_vietnamese_number_with_an_audit_row(tree, users, catalog):
    client = client_for(users.staff_a)
    response = client.post(entry_url(tree.committee_a), {
        **row_data("DOANH_THU", "1.234,5", comment="Ước tính"), **row_data("HN_CHUYEN_DE", ""),
        "action": "save",
    })
    assert response.status_code == 302 and response["Location"] == entry_url(tree.committee_a)
    saved = result(tree.committee_a, "DOANH_THU")
    assert saved.value == Decimal("1234.5") and saved.comment == "Ước tính" and saved.version == 1
    assert saved.updated_by == users.staff_a
    assert result(tree.committee_a, "HN_CHUYEN_DE") is None  # an untouched empty row writes nothing
    audit = AuditEntry.objects.get(action="result.save", object_id=saved.pk)
    assert audit.actor == users.staff_a and Decimal(audit.changes["value"][1]) == Decimal("1234.5")
    html = text(client.get(entry_url(tree.committee_a)))
    assert input_value(html, "DOANH_THU-value") == "1.234,5"
    assert input_value(html, "DOANH_THU-version") == "1"
    assert input_value(html, "DOANH_THU-comment") == "Ước tính"
    assert "Đã lưu." in html  # the Vietnamese catalog has "Saved."


def test_plain_post_with_a_bad_number_keeps_what_was_typed(tree, users, catalog):
    client = client_for(users.staff_a, "en")
    response = client.post(entry_url(tree.committee_a), {**row_data("TC_TU_KIEM_TRA", "2.5"), **row_data("DOANH_THU", "7,5")})
    assert response.status_code == 400
    html = text(response)
    assert "Some values were not saved: see the rows marked below." in html
    assert '<div class="issue issue-error" role="alert">A count is a whole number.</div>' in html
    assert '<div class="issue issue-error" role="alert">“7,5” is not a number: write it as 1,234.5.</div>' in html
    assert input_value(html, "TC_TU_KIEM_TRA-value") == "2.5"
    assert input_value(html, "DOANH_THU-value") == "7,5"
    assert result(tree.committee_a, "TC_TU_KIEM_TRA") is None and result(tree.committee_a, "DOANH_THU") is None


def test_htmx_row_post_saves_one_row_and_answers_that_row(tree, users, catalog):
    client = client_for(users.staff_a)
    response = client.post(row_url(tree.committee_a, "TC_TU_KIEM_TRA"), row_data("TC_TU_KIEM_TRA", "3"), **HTMX)
    assert response.status_code == 200
    html = text(response)
    assert html.lstrip().startswith('<tr id="row-TC_TU_KIEM_TRA"')
    assert input_value(html, "TC_TU_KIEM_TRA-value") == "3"
    assert input_value(html, "TC_TU_KIEM_TRA-version") == "1"
    assert '<section id="report-issues" class="issues" hx-swap-oob="true">' in html
    assert '<div class="row-issues" id="issues-DOANH_THU" hx-swap-oob="true">' in html
    assert 'name="DOANH_THU-value"' not in html  # only this row's inputs come back
    saved = result(tree.committee_a, "TC_TU_KIEM_TRA")
    assert saved.value == 3 and saved.version == 1
    # Changing it again with the version the row now carries.
    response = client.post(row_url(tree.committee_a, "TC_TU_KIEM_TRA"),
                           row_data("TC_TU_KIEM_TRA", "4", version="1", was="3"), **HTMX)
    assert response.status_code == 200
    saved.refresh_from_db()
    assert saved.value == 4 and saved.version == 2
    # A bad number answers 422 (swapped into the row by the page), keeping what was typed.
    response = client_for(users.staff_a, "en").post(row_url(tree.committee_a, "TC_TU_KIEM_TRA"),
                                                    row_data("TC_TU_KIEM_TRA", "4.5", version="2", was="4"), **HTMX)
    assert response.status_code == 422
    assert '<div class="issue issue-error" role="alert">A count is a whole number.</div>' in text(response)
    assert input_value(text(response), "TC_TU_KIEM_TRA-value") == "4.5"
    audit = AuditEntry.objects.filter(action="result.save", object_id=saved.pk).order_by("id")
    assert [[None if v is None else Decimal(v) for v in a.changes["value"]] for a in audit] == [[None, 3], [3, 4]]
    assert [a.actor for a in audit] == [users.staff_a, users.staff_a]


def test_conflict_shows_the_message_keeps_the_typed_value_and_the_stored_one(tree, users, catalog):
    url = entry_url(tree.committee_a)
    colleague = make_user(tree.committee_a, "staff_stc2", User.Role.STAFF, full_name="Trần Thị Bình")
    first, second = client_for(users.staff_a, "en"), client_for(colleague, "en")
    # Both read the page while the value is empty (no version yet) and type a value.
    assert first.post(url, row_data("TC_TU_KIEM_TRA", "10")).status_code == 302
    response = second.post(url, row_data("TC_TU_KIEM_TRA", "20"))
    assert response.status_code == 409
    html = text(response)
    assert ('<div class="issue issue-error" role="alert">Cán bộ Sở Tài chính changed “Tổ chức đảng tự kiểm tra” in the '
            "meantime (now 10). Nothing was overwritten: review the new value and save again.</div>") in html
    assert input_value(html, "TC_TU_KIEM_TRA-value") == "20"  # what the second user typed stays
    assert "Stored now: <b>10</b> (Cán bộ Sở Tài chính)" in html  # a name, not a login
    assert input_value(html, "TC_TU_KIEM_TRA-version") == "1"  # saving again is now deliberate
    assert result(tree.committee_a, "TC_TU_KIEM_TRA").value == 10
    # The same clash through the HTMX row, both having seen version 1.
    assert first.post(row_url(tree.committee_a, "TC_TU_KIEM_TRA"),
                      row_data("TC_TU_KIEM_TRA", "11", version="1", was="10"), **HTMX).status_code == 200
    response = second.post(row_url(tree.committee_a, "TC_TU_KIEM_TRA"),
                           row_data("TC_TU_KIEM_TRA", "21", version="1", was="10"), **HTMX)
    assert response.status_code == 409
    html = text(response)
    assert "Cán bộ Sở Tài chính changed “Tổ chức đảng tự kiểm tra” in the meantime (now 11)." in html
    assert input_value(html, "TC_TU_KIEM_TRA-value") == "21"
    assert input_value(html, "TC_TU_KIEM_TRA-version") == "2"
    assert result(tree.committee_a, "TC_TU_KIEM_TRA").value == 11
    # Saving again from the conflict row (new version) overwrites on purpose.
    response = second.post(row_url(tree.committee_a, "TC_TU_KIEM_TRA"),
                           row_data("TC_TU_KIEM_TRA", "21", version="2", was="11"), **HTMX)
    assert response.status_code == 200
    assert result(tree.committee_a, "TC_TU_KIEM_TRA").value == 21


def test_an_untouched_row_does_not_clash_with_someone_elses_change(tree, users, catalog):
    save(users.bloc_admin, tree.committee_a, "DV_NEU_GUONG", 5)
    client = client_for(users.staff_a)
    html = text(client.get(entry_url(tree.committee_a)))
    version, was = input_value(html, "DV_NEU_GUONG-version"), input_value(html, "DV_NEU_GUONG-value")
    save(users.bloc_admin, tree.committee_a, "DV_NEU_GUONG", 6)  # changed after the page was read
    response = client.post(entry_url(tree.committee_a), {
        **row_data("DV_NEU_GUONG", was, version=version, was=was), **row_data("TC_TU_KIEM_TRA", "1")})
    assert response.status_code == 302
    assert result(tree.committee_a, "DV_NEU_GUONG").value == 6
    assert result(tree.committee_a, "TC_TU_KIEM_TRA").value == 1


def test_a_validation_error_blocks_submit_with_its_message(tree, users, catalog):
    save(users.staff_a, tree.committee_a, "DOANH_THU", 3)
    save(users.staff_a, tree.committee_a, "NOP_BHXH", 5)
    client = client_for(users.staff_a)
    html = text(client.get(entry_url(tree.committee_a)))
    assert '<tr id="row-NOP_BHXH" class="entry-row sev-error"' in html
    assert '<tr id="row-DOANH_THU" class="entry-row sev-error"' in html
    response = client.post(entry_url(tree.committee_a), {"action": "submit"})
    assert response.status_code == 400
    assert "Nộp bảo hiểm xã hội không thể vượt doanh thu" in text(response)
    english = client_for(users.staff_a, "en").post(entry_url(tree.committee_a), {"action": "submit"})
    assert english.status_code == 400
    assert ('<div class="notice error" role="alert"><div>Nộp bảo hiểm xã hội không thể vượt doanh thu '
            "(Nộp bảo hiểm xã hội: 5; Tổng doanh thu của doanh nghiệp: 3)</div></div>") in text(english)
    assert not Return.objects.filter(organization=tree.committee_a, period=PERIOD).exclude(state="open").exists()


def test_a_warning_does_not_block_submit(tree, users, catalog):
    save(users.staff_a, tree.committee_a, "QUY_THU_NHAP", 5000)
    client = client_for(users.staff_a, "en")
    response = client.post(entry_url(tree.committee_a), {**row_data("LAO_DONG", "10"), "action": "submit"})
    assert response.status_code == 302
    approval = Return.objects.get(organization=tree.committee_a, period=PERIOD)
    assert approval.state == Return.State.SUBMITTED
    html = text(client.get(entry_url(tree.committee_a)))
    assert "The report was submitted." in html
    assert '<span class="badge status-waiting">Sent – waiting for approval</span>' in html
    assert ('<li class="issue issue-warning"><b>Warning:</b> Thu nhập bình quân trên 200 triệu đồng/tháng: xem lại '
            "(Tổng thu nhập của người lao động trong tháng: 5,000; Số người lao động × 200: 2,000)</li>") in html
    assert '<tr id="row-QUY_THU_NHAP" class="entry-row sev-warning"' in html


def test_approval_by_the_bloc_locks_the_page(tree, users, catalog):
    save(users.staff_a, tree.committee_a, "TC_TU_KIEM_TRA", 2)
    staff = client_for(users.staff_a, "en")
    assert staff.post(entry_url(tree.committee_a), {"action": "submit"}).status_code == 302
    # The unit itself cannot approve its own report: no button, and the service refuses.
    approve_url = reverse("reporting:approve", args=[tree.committee_a.pk, PERIOD])
    assert f'action="{approve_url}"' not in staff.get(entry_url(tree.committee_a)).content.decode()
    assert f'action="{approve_url}"' in client_for(users.bloc_admin).get(entry_url(tree.committee_a)).content.decode()
    response = staff.post(approve_url)
    assert response.status_code == 403
    assert "A report is approved or reopened by the level above, not by the unit itself." in text(response)

    admin = client_for(users.bloc_admin, "en")
    assert f'action="/reporting/{tree.committee_a.pk}/2026Q3/approve/"' in text(admin.get(entry_url(tree.committee_a)))
    response = admin.post(reverse("reporting:approve", args=[tree.committee_a.pk, PERIOD]))
    assert response.status_code == 302
    assert Return.objects.get(organization=tree.committee_a, period=PERIOD).state == Return.State.APPROVED

    html = text(staff.get(entry_url(tree.committee_a)))
    assert "This report is approved: its figures are locked. Only a higher level can reopen it." in html
    assert re.search(r'<input type="text"[^>]*name="TC_TU_KIEM_TRA-value" value="2" disabled>', html)
    assert "hx-post" not in html and 'value="submit"' not in html
    lock = "The report of Đảng bộ Sở Tài chính for 2026Q3 is approved and locked; a higher level must reopen it first."
    response = staff.post(entry_url(tree.committee_a), row_data("TC_TU_KIEM_TRA", "9", version="1", was="2"))
    assert response.status_code == 403 and lock in text(response)
    response = staff.post(row_url(tree.committee_a, "TC_TU_KIEM_TRA"), row_data("TC_TU_KIEM_TRA", "9", version="1", was="2"), **HTMX)
    assert response.status_code == 423 and lock in text(response)  # 423 Locked: swapped into the row
    assert input_value(text(response), "TC_TU_KIEM_TRA-value") == "9"
    assert result(tree.committee_a, "TC_TU_KIEM_TRA").value == 2


def test_an_approved_year_locks_its_quarters_on_the_page(tree, users, catalog):
    save(users.staff_a, tree.committee_a, "TC_TU_KIEM_TRA", 2)
    services.return_approve(actor=users.bloc_admin, organization=tree.committee_a, period="2026")
    html = text(client_for(users.staff_a, "en").get(entry_url(tree.committee_a)))
    assert ('<div class="notice locked" role="status">🔒 The report of Đảng bộ Sở Tài chính for 2026 is approved and '
            "locked; a higher level must reopen it first.</div>") in html
    assert re.search(r'name="TC_TU_KIEM_TRA-value" value="2" disabled>', html)
    # The bloc's page for the quarter offers no approval either: the year above it is closed.
    admin = text(client_for(users.bloc_admin, "en").get(entry_url(tree.committee_a)))
    assert "/approve/" not in admin


def test_reopen_needs_a_reason(tree, users, catalog):
    save(users.staff_a, tree.committee_a, "TC_TU_KIEM_TRA", 2)
    services.return_submit(actor=users.staff_a, organization=tree.committee_a, period=PERIOD)
    services.return_approve(actor=users.bloc_admin, organization=tree.committee_a, period=PERIOD)
    admin = client_for(users.bloc_admin, "en")
    url = reverse("reporting:reopen", args=[tree.committee_a.pk, PERIOD])
    response = admin.post(url, {"reason": "  "})
    assert response.status_code == 400
    assert '<span class="error">Say why the report is reopened.</span>' in text(response)
    assert Return.objects.get(organization=tree.committee_a, period=PERIOD).state == Return.State.APPROVED
    response = admin.post(url, {"reason": "Sai số liệu doanh thu"})
    assert response.status_code == 302
    approval = Return.objects.get(organization=tree.committee_a, period=PERIOD)
    assert approval.state == Return.State.OPEN and approval.reopen_reason == "Sai số liệu doanh thu"
    html = text(client_for(users.staff_a).get(entry_url(tree.committee_a)))
    assert "<i>Sai số liệu doanh thu</i>" in html
    assert re.search(r'name="TC_TU_KIEM_TRA-value" value="2" hx-preserve>', html)  # editable again
    history = text(admin.get(reverse("reporting:history", args=[tree.committee_a.pk, PERIOD, "TC_TU_KIEM_TRA"])))
    assert "Report reopened: <i>Sai số liệu doanh thu</i>" in history


def test_history_of_a_value_shows_who_when_old_and_new(tree, users, catalog):
    save(users.staff_a, tree.committee_a, "DOANH_THU", Decimal("1234.5"))
    save(users.bloc_admin, tree.committee_a, "DOANH_THU", Decimal("2000"))
    html = text(client_for(users.staff_a).get(reverse("reporting:history", args=[tree.committee_a.pk, PERIOD, "DOANH_THU"])))
    assert "<h1>Tổng doanh thu của doanh nghiệp</h1>" in html
    cells = re.findall(r'<td class="num">(.*?)</td>', html)
    assert cells == ["<s>1.234,5</s>", "2.000", "<s>—</s>", "1.234,5"]  # newest first
    table = html[html.index('<table class="list history">'):]
    assert table.index("Quản trị Đảng bộ") < table.index("Cán bộ Sở Tài chính")  # names, not logins
    assert "admin_khoi" not in table and "staff_stc" not in table
    english = text(client_for(users.staff_a, "en").get(reverse("reporting:history", args=[tree.committee_a.pk, PERIOD, "TC_TU_KIEM_TRA"])))
    assert "No value has been entered yet." in english


@pytest.mark.parametrize("name, args", [
    ("reporting:entry", []), ("reporting:approve", []), ("reporting:reopen", []),
    ("reporting:row", ["TC_TU_KIEM_TRA"]), ("reporting:history", ["TC_TU_KIEM_TRA"]),
])
def test_pages_of_another_committee_answer_404(tree, users, catalog, name, args):
    client = client_for(users.staff_a)
    own = reverse(name, args=[tree.committee_a.pk, PERIOD, *args])
    other = reverse(name, args=[tree.committee_b.pk, PERIOD, *args])
    method = client.get if name in ("reporting:entry", "reporting:history") else client.post
    assert method(own).status_code in (200, 302, 400, 403)
    assert method(other).status_code == 404
    assert client.post(entry_url(tree.committee_b), row_data("TC_TU_KIEM_TRA", "1")).status_code == 404
    assert result(tree.committee_b, "TC_TU_KIEM_TRA") is None


def test_unknown_periods_answer_404_and_codes_are_made_canonical(tree, users, catalog):
    client = client_for(users.staff_a)
    assert client.get(entry_url(tree.committee_a, "2026Q5")).status_code == 404
    response = client.get(entry_url(tree.committee_a, "2026q3"))
    assert response.status_code == 302 and response["Location"] == entry_url(tree.committee_a)


def test_a_viewer_sees_values_but_cannot_post(tree, users, catalog):
    save(users.staff_a, tree.committee_a, "DOANH_THU", Decimal("1234.5"))
    client = client_for(users.viewer, "en")
    html = text(client.get(entry_url(tree.committee_a)))
    assert "Tổ chức đảng tự kiểm tra" in html and '<span class="num">1,234.5</span>' in html
    assert "<input" not in html.split("<main>")[1].replace('<input type="hidden" name="csrfmiddlewaretoken"', "")
    assert 'value="submit"' not in html and "hx-post" not in html
    assert text(client_for(users.viewer).get(entry_url(tree.committee_a))).count('<span class="num">1.234,5</span>') == 1
    response = client.post(entry_url(tree.committee_a), row_data("TC_TU_KIEM_TRA", "1"))
    assert response.status_code == 403 and "Your account is read-only." in text(response)
    response = client.post(row_url(tree.committee_a, "TC_TU_KIEM_TRA"), row_data("TC_TU_KIEM_TRA", "1"), **HTMX)
    assert response.status_code == 403 and "Your account is read-only." in text(response)
    response = client.post(entry_url(tree.committee_a), {"action": "submit"})
    assert response.status_code == 403 and "Your account is read-only." in text(response)
    response = client.post(reverse("reporting:approve", args=[tree.committee_a.pk, PERIOD]))
    assert response.status_code == 403 and "Your account is read-only." in text(response)
    assert result(tree.committee_a, "TC_TU_KIEM_TRA") is None
    assert not Return.objects.filter(organization=tree.committee_a).exists()


# The due list

@pytest.fixture
def now(monkeypatch):
    """Freeze the clock at 9:30 on conftest's TODAY. Patching timezone.now also fixes
    timezone.localdate() (it reads now()), while localdate(moment) keeps converting a
    stored moment, which the `today` fixture would answer with TODAY."""
    moment = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(9, 30)))
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    return moment


def test_due_list_shows_the_overdue_quarter(tree, users, catalog, now):
    html = text(client_for(users.staff_a, "en").get(reverse("reporting:due")))
    rows = re.findall(r'<tr class="overdue">(.*?)</tr>', html, re.S)
    assert len(rows) == 3  # Q1, Q2 and Q3 of 2026 are overdue on 20/11/2026; Q4 is not yet due
    q3 = rows[-1]
    assert "Đảng bộ Sở Tài chính" in q3 and "Quarter III/2026" in q3
    assert "10/10/2026" in q3 and "overdue by 41 days" in q3
    assert f'href="{entry_url(tree.committee_a)}"' in q3
    assert "Units under" not in html  # no reporting unit under committee A
    vi = text(client_for(users.staff_a).get(reverse("reporting:due")))
    assert "10/10/2026" in vi and "Báo cáo quý công tác xây dựng Đảng" in vi
    # Once submitted, the quarter leaves the list.
    services.return_submit(actor=users.staff_a, organization=tree.committee_a, period=PERIOD)
    html = text(client_for(users.staff_a, "en").get(reverse("reporting:due")))
    assert "Quarter III/2026" not in html and "Quarter II/2026" in html


def test_due_list_of_the_bloc_shows_its_units_state(tree, users, catalog, now):
    services.return_submit(actor=users.staff_a, organization=tree.committee_a, period=PERIOD)
    services.return_approve(actor=users.bloc_admin, organization=tree.committee_a, period=PERIOD)
    on_time = timezone.make_aware(datetime.datetime(2026, 10, 5, 10, 0))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("django.utils.timezone.now", lambda: on_time)
        services.return_submit(actor=users.bloc_admin, organization=tree.committee_b, period=PERIOD)
    client = client_for(users.bloc_admin, "en")
    html = text(client.get(reverse("reporting:due"), {"period": PERIOD}))
    assert "<strong>Quarter III/2026</strong>" in html
    table = html[html.index('<table class="list children">'):]
    rows = re.findall(r"<tr(?: class=\"overdue\")?>\s*(?:<td class=\"pick\">.*?</td>\s*)?<td><a[^>]*>(.*?)</a></td>(.*?)</tr>",
                      table, re.S)
    states = {name: re.sub(r"<[^>]+>|\s+", " ", rest).split() for name, rest in rows}
    # What waits for approval comes first, then the others in Vietnamese order.
    assert list(states) == ["Đảng bộ Sở Y tế", "Chi bộ Báo Kiên Giang", "Đảng bộ Sở Tài chính"]
    assert states["Đảng bộ Sở Tài chính"] == ["Approved", "20/11/2026", "late", "Cán", "bộ", "Sở", "Tài", "chính",
                                              "10/10/2026"]
    assert states["Đảng bộ Sở Y tế"] == ["Sent", "–", "waiting", "for", "approval", "05/10/2026", "on", "time",
                                         "Quản", "trị", "Đảng", "bộ", "10/10/2026"]
    assert states["Chi bộ Báo Kiên Giang"] == ["Not", "sent", "not", "submitted,", "overdue", "10/10/2026"]
    # Only the report waiting for approval has a box.
    assert re.findall(r'<input type="checkbox" name="org" value="(\d+)"', table) == [str(tree.committee_b.pk)]
    assert "Complete: 2/3 reports (66.7%)" in html and "On time: 1/3 (33.3%)" in html
    # The bloc's own page for the quarter shows the same table.
    bloc = text(client.get(entry_url(tree.bloc)))
    assert "<h2>Reports of the units under it</h2>" in bloc and "Complete: 2/3 reports (66.7%)" in bloc
    assert "This unit has no reporting form for this period." not in bloc
    # The default period is the last quarter that ended.
    assert "<strong>Quarter III/2026</strong>" in text(client.get(reverse("reporting:due")))


# Query budget: the data-entry page does not grow with the number of indicators

def test_query_budget_of_the_entry_page_does_not_grow_with_the_form(tree, users, catalog):
    admin = users.bloc_admin
    plan = services.plan_create(actor=admin, code="KH-2026", kind="annual_plan", organization=tree.bloc,
                                title="Kế hoạch năm 2026", issued_on=datetime.date(2026, 1, 5), period="2026")
    for code in QUARTERLY_ENTERED:
        services.target_set(actor=admin, plan=plan, indicator=catalog[code], organization=tree.committee_a,
                            period="2026", value=100)
        services.target_set(actor=admin, plan=plan, indicator=catalog[code], organization=tree.committee_a,
                            period=PERIOD, value=25)
        save(users.staff_a, tree.committee_a, code, 7)
        save(users.staff_a, tree.committee_a, code, 8, period="2026Q2")
    forms = {f.code: f for f in ReportingForm.objects.all()}  # the party-building and the enterprise forms
    on_form = {code: {i.code for i in form.indicators.all()} for code, form in forms.items()}
    client = client_for(users.staff_a)
    counts = {}
    for size, codes in ((13, QUARTERLY_ENTERED),
                        (5, ["HN_CHUYEN_DE", "TC_TU_KIEM_TRA", "DOANH_THU", "QUY_THU_NHAP", "LAO_DONG"])):
        for form in forms.values():
            form.indicators.set([catalog[c] for c in codes if c in on_form[form.code]])
        client.get(entry_url(tree.committee_a))  # warm the session and content-type caches
        with CaptureQueriesContext(connection) as queries:
            html = text(client.get(entry_url(tree.committee_a)))
        assert html.count('class="entry-row') == size
        counts[size] = len(queries)
    assert counts[5] == counts[13], counts
    assert counts[13] <= 28, counts  # the four refusals of the page read their facts once (plans.services.return_refusals)
