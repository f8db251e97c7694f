"""A real browser (Debian's Chromium, driven by Playwright) logs in, opens the tree,
searches a member without diacritics and opens the member's page."""

from __future__ import annotations

import datetime
import os

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tests.web.browser import BROWSER, log_in

pytestmark = BROWSER


@pytest.mark.django_db(transaction=True)
def test_login_tree_search_member(live_server, page, tree, users, make_member):
    make_member(tree.cell_sub, full_name="Nguyễn Văn Được", birth_date=datetime.date(1980, 2, 3))
    make_member(tree.cell_b1, full_name="Nguyễn Văn Dược")

    page.goto(live_server.url + "/")
    assert page.url.startswith(live_server.url + "/login/")
    page.get_by_label("Tên đăng nhập").fill("staff_stc")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    # The home page: the tree of committee A; its sub-committee opens on demand (HTMX).
    page.wait_for_url(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Đảng bộ Sở Tài chính"
    page.get_by_text("Đảng bộ bộ phận Kho bạc").locator("xpath=..").click()
    page.get_by_role("link", name="Chi bộ Kho bạc 1").wait_for()

    # Search without diacritics in the header box.
    page.get_by_role("searchbox", name="Tìm kiếm").fill("nguyen van duoc")
    result = page.locator("#search-results a", has_text="Nguyễn Văn Được")
    result.wait_for()
    # The member of committee B (Dược) is outside this account's subtree.
    assert page.locator("#search-results a", has_text="Nguyễn Văn Dược").count() == 0
    result.click()

    page.wait_for_url(live_server.url + "/members/*/")
    assert page.locator("h1").inner_text() == "Nguyễn Văn Được"
    assert "03/02/1980" in page.content()
    page.screenshot(path=os.environ.get("DANGVU_SCREENSHOT", "/tmp/dangvu-member.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_cascade_page_adds_the_shares_up_as_they_are_typed(live_server, page, tree, users):
    from dangvu.plans import services as plan_services
    from dangvu.plans.catalog import load_default_catalog
    from dangvu.plans.models import Indicator

    load_default_catalog()
    plan = plan_services.plan_create(
        actor=users.bloc_admin, code="CTHD-2023", kind="action_program", organization=tree.bloc,
        number="05-CTr/ĐUK", title="Chương trình hành động năm 2023", issued_on=datetime.date(2023, 1, 10),
        period="2023")
    target = plan_services.target_set(actor=users.bloc_admin, plan=plan, indicator=Indicator.objects.get(code="KET_NAP"),
                                      organization=tree.bloc, period="2023", value="1.250")
    plan_services.target_set(actor=users.bloc_admin, plan=plan, indicator=target.indicator,
                             organization=tree.grassroots_cell, period="2023", value=50)

    log_in(page, live_server.url, "admin_khoi")
    page.goto(live_server.url + reverse("plans:cascade", args=[plan.code, target.pk]))
    total, gap = page.locator("#share-total"), page.locator("#share-gap")
    assert (total.inner_text(), gap.inner_text()) == ("50", "còn thiếu 1.200")
    page.get_by_label("Đảng bộ Sở Tài chính").fill("1.000")
    page.get_by_label("Đảng bộ Sở Y tế").fill("150")
    assert (total.inner_text(), gap.inner_text()) == ("1.200", "còn thiếu 50")
    page.get_by_label("Chi bộ Báo Kiên Giang").fill("")  # blank: the unit keeps its 50
    assert total.inner_text() == "1.200"
    page.get_by_label("Chi bộ Báo Kiên Giang").fill("100")
    assert (total.inner_text(), gap.inner_text()) == ("1.250", "đủ chỉ tiêu")
    page.screenshot(path=os.environ.get("DANGVU_SCREENSHOT_CASCADE", "/tmp/dangvu-cascade.png"), full_page=True)
    page.get_by_role("button", name="Giao cho đơn vị").click()
    page.wait_for_url(live_server.url + reverse("plans:targets", args=[plan.code]))
    assert "Đã giao chỉ tiêu “Kết nạp đảng viên mới” cho 3 đơn vị." in page.content()


@pytest.mark.django_db(transaction=True)
def test_key_tasks_are_filtered_and_completed_in_place(live_server, page, tree, users, today):
    from dangvu.plans import services as plan_services

    plan = plan_services.plan_create(
        actor=users.bloc_admin, code="CTHD-2026", kind="action_program", organization=tree.bloc,
        number="09-CTr/ĐUK", title="Chương trình hành động năm 2026", issued_on=datetime.date(2026, 1, 15),
        period="2026")
    late = plan_services.task_create(actor=users.bloc_admin, plan=plan, organization=tree.cell_b1,
                                     title="Báo cáo ngành quý III", source="vertical",
                                     due_on=datetime.date(2026, 10, 15))
    plan_services.task_create(actor=users.bloc_admin, plan=plan, organization=tree.committee_a,
                              title="Tổng kết năm", due_on=datetime.date(2026, 12, 31))

    log_in(page, live_server.url, "admin_khoi")
    url = live_server.url + reverse("tasks:list", args=[plan.code, tree.bloc.pk])
    page.goto(url)
    counts = page.locator("#task-counts")
    assert "1 nhiệm vụ đang thực hiện đã quá hạn." in counts.inner_text()
    # Live filtering: only the overdue task, and the address says so.
    page.get_by_label("Chỉ nhiệm vụ quá hạn").check()
    page.wait_for_url(url + "?*overdue=on*")
    assert page.locator("#task-results tbody tr").count() == 1
    row = page.locator(f"#task-{late.pk}")
    assert "quá hạn" in row.inner_text()
    # A date in the future is refused in the row; then completed yesterday, in place.
    row.locator("input[name=on]").fill("21/11/2026")
    row.get_by_role("button", name="Ghi nhận hoàn thành").click()
    page.locator(f"#task-{late.pk} .error").wait_for()
    assert page.locator(f"#task-{late.pk} .error").inner_text() == "Ngày hoàn thành 21/11/2026 sau ngày hôm nay."
    page.locator(f"#task-{late.pk} input[name=on]").fill("19/11/2026")
    page.locator(f"#task-{late.pk}").get_by_role("button", name="Ghi nhận hoàn thành").click()
    page.locator(f"#task-{late.pk} .saved").wait_for()
    assert "Đã hoàn thành" in page.locator(f"#task-{late.pk}").inner_text()
    assert "Đã hoàn thành 1 nhiệm vụ (đạt 50%), trong đó 0 nhiệm vụ đúng hạn." in counts.inner_text()
    assert "quá hạn" not in counts.inner_text()
    page.screenshot(path=os.environ.get("DANGVU_SCREENSHOT_TASKS", "/tmp/dangvu-tasks.png"), full_page=True)
