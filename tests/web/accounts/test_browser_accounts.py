"""A real browser (Debian's Chromium, driven by Playwright): an administrator creates an
account for a grassroots committee and reads its temporary password; the new user logs
in, is sent to change the password, changes it and lands on the home page. On a phone
(390x844) the account pages have no horizontal overflow."""

from __future__ import annotations

import pytest

from tests.web.browser import BROWSER, log_in, menu_link, no_overflow

pytestmark = BROWSER

NEW_PASSWORD = "mot-mat-khau-moi-2026"


@pytest.mark.django_db(transaction=True)
def test_an_admin_creates_an_account_and_its_owner_chooses_a_password(live_server, page, tree, users):
    base = live_server.url
    log_in(page, base, "admin_khoi", wait=False)
    page.wait_for_url(base + "/")
    menu_link(page, "Tài khoản").click()
    page.wait_for_url(base + "/accounts/")
    page.get_by_role("link", name="Thêm tài khoản").click()
    page.get_by_label("Tên đăng nhập").fill("canbo_syt")
    page.get_by_label("Họ và tên").fill("Phạm Thị Y")
    page.locator("#id_organization").select_option(label="\u2003Đảng bộ Sở Y tế")
    page.locator("#id_role").select_option("staff")
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.get_by_role("heading", name="Tạo tài khoản").wait_for()
    temporary = page.locator(".temporary-password").inner_text().strip()
    assert len(temporary) == 14
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(base + "/login/")

    log_in(page, base, "canbo_syt", temporary, wait=False)
    page.wait_for_url(base + "/accounts/password/")
    page.get_by_text("Bạn đang dùng mật khẩu tạm thời.").wait_for()
    page.goto(base + "/members/")  # every page leads back to the change of password
    page.wait_for_url(base + "/accounts/password/")
    page.locator("#id_old_password").fill(temporary)
    page.locator("#id_new_password").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Đổi mật khẩu").click()
    page.wait_for_url(base + "/")
    assert page.locator("h1").inner_text() == "Đảng bộ Sở Y tế"
    page.get_by_text("Đã đổi mật khẩu của bạn.").wait_for()


@pytest.mark.django_db(transaction=True)
def test_account_pages_fit_a_phone(live_server, page, tree, users):
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/login/")
    assert no_overflow(page)
    log_in(page, base, "admin_khoi", wait=False)
    page.wait_for_url(base + "/")
    for path in ("/accounts/", "/accounts/new/", f"/accounts/{users.staff_a.pk}/",
                 f"/accounts/{users.staff_a.pk}/reset/", "/accounts/password/"):
        page.goto(base + path)
        assert no_overflow(page), path
