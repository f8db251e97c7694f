"""A real browser: staff of a committee adds a member through the page, transfers them by
mistake, annuls the transfer with a reason, and the member page shows both rows; on a
desktop and on a phone, with no horizontal overflow of the page."""

from __future__ import annotations

import pytest

from tests.web.browser import BROWSER, log_in, no_overflow

pytestmark = BROWSER


@pytest.mark.parametrize("viewport", [(1366, 900), (390, 844)])
@pytest.mark.django_db(transaction=True)
def test_member_added_and_a_wrong_transfer_annulled(live_server, page, tree, users, viewport):
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    log_in(page, live_server.url, "staff_stc")

    # From the cell's page: add a member from the existing register.
    page.goto(f"{live_server.url}/orgs/{tree.cell_a1.pk}/")
    page.get_by_role("link", name="Thêm đảng viên").click()
    page.wait_for_url(live_server.url + "/members/new/*")
    assert no_overflow(page)
    page.get_by_label("Họ và tên").fill("Đỗ Thị Mai")
    page.get_by_label("Giới tính").select_option("female")
    page.get_by_label("Ngày sinh", exact=True).fill("03/02/1990")
    page.get_by_label("Ngày quyết định kết nạp").fill("01/06/2015")
    page.get_by_label("Ngày kết nạp (lễ kết nạp)").fill("15/06/2015")
    page.get_by_label("Số CCCD").fill("091190001234")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(live_server.url + "/members/*/")
    assert page.locator("h1").inner_text() == "Đỗ Thị Mai"
    member_url = page.url

    # A transfer to the wrong cell.
    page.get_by_role("link", name="Chuyển sinh hoạt", exact=True).click()
    picker = page.get_by_role("combobox", name="Đến chi bộ")  # the organization picker: type, then choose
    picker.fill("chi bo thanh tra")
    page.locator("[role=option]:visible", has_text="Chi bộ Thanh tra").click()
    page.get_by_label("Ngày", exact=True).fill("01/03/2024")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(member_url)
    assert "Chi bộ Thanh tra" in page.locator(".lead").inner_text()

    # Annulled with a reason: back in the first cell, both rows in the history.
    page.get_by_role("link", name="Hủy (ghi nhầm)").click()
    page.get_by_label("Lý do ghi nhận này sai").fill("Chọn nhầm chi bộ")
    assert no_overflow(page)
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(member_url)
    assert "Chi bộ Văn phòng" in page.locator(".lead").inner_text()
    body = page.locator("main").inner_text() if page.locator("main").count() else page.inner_text("body")
    assert "Lý do: Chọn nhầm chi bộ" in body
    assert "Hủy chuyển sinh hoạt" in body  # the audit row
    assert "Chuyển sinh hoạt" in body  # the transfer row itself is kept
    assert page.locator("tr.annulled").count() == 1
    assert no_overflow(page)
