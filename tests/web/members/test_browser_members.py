"""A real browser: staff of a committee adds a member through the page, transfers them by
mistake, annuls the transfer with a reason, and the member page shows both rows; on a
desktop and on a phone, with no horizontal overflow of the page."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.factories import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": CHROMIUM,
        "headless": True,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    }


@pytest.fixture(scope="session")
def browser_context_args():
    return {"locale": "vi-VN", "viewport": {"width": 1280, "height": 900}}


def no_overflow(page) -> bool:
    ok = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    if not ok:
        print(page.evaluate("""[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth)
            .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""))
    return ok


@pytest.mark.parametrize("viewport", [(1366, 900), (390, 844)])
@pytest.mark.django_db(transaction=True)
def test_member_added_and_a_wrong_transfer_annulled(live_server, page, tree, users, viewport):
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.goto(live_server.url + "/login/")
    page.get_by_label("Tên đăng nhập").fill("staff_stc")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")

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
