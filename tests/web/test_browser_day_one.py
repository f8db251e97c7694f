"""Day one, in a real browser (Debian's Chromium through Playwright), on a desktop and on a
phone: the committee's administrator creates an account for a grassroots committee; its
owner logs in with the temporary password, chooses a password, reaches the unit's report
from the menu, enters a figure and submits it; the administrator approves it from the list
of reports waiting for approval. On every page the page is never wider than the screen."""

from __future__ import annotations

import datetime

import pytest

from dangvu.core.periods import parse_date
from dangvu.plans.models import Result, Return
from tests.factories import PASSWORD
from tests.support import typed_catalog
from tests.web.browser import BROWSER, menu_link

pytestmark = BROWSER

NEW_PASSWORD = "chi-bo-y-te-2026"
DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser_context_args():
    return {"locale": "vi-VN"}


class Visit:
    """The browser's page, checking each page it lands on for horizontal overflow."""

    def __init__(self, page, base: str):
        self.page, self.base, self.seen = page, base, []

    def fits(self) -> None:
        self.page.wait_for_load_state()
        width = self.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        self.seen.append((self.page.url.removeprefix(self.base), width[0] <= width[1]))

    def log_in(self, username: str, password: str) -> None:
        self.page.goto(self.base + "/login/")
        self.fits()
        self.page.get_by_label("Tên đăng nhập").fill(username)
        self.page.get_by_label("Mật khẩu").fill(password)
        self.page.get_by_role("button", name="Đăng nhập").click()

    def menu(self, name: str) -> None:
        menu_link(self.page, name).click()
        self.fits()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_day_one_account_password_report_and_approval(live_server, page, tree, users, viewport):
    typed_catalog()
    page.set_viewport_size(viewport)
    visit = Visit(page, live_server.url)
    # The live server runs on the real clock: the quarter that ended last is the one to report.
    period = parse_date(datetime.date.today(), "quarter").previous(1)[0]
    label = f"Quý {['I', 'II', 'III', 'IV'][(period.start.month - 1) // 3]}/{period.year}"

    # The administrator of the committee creates an account for the Sở Y tế committee.
    visit.log_in("admin_khoi", PASSWORD)
    page.wait_for_url(live_server.url + "/")
    visit.menu("Tài khoản")
    page.get_by_role("link", name="Thêm tài khoản").click()
    visit.fits()
    page.get_by_label("Tên đăng nhập").fill("canbo_syt")
    page.get_by_label("Họ và tên").fill("Phạm Thị Y")
    page.locator("#id_organization").select_option(label="\u2003Đảng bộ Sở Y tế")
    page.locator("#id_role").select_option("staff")
    page.get_by_role("button", name="Tạo tài khoản").click()
    temporary = page.locator(".temporary-password").inner_text().strip()
    visit.fits()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(live_server.url + "/login/")

    # Its owner logs in, is sent to choose a password, and does.
    visit.log_in("canbo_syt", temporary)
    page.wait_for_url(live_server.url + "/accounts/password/")
    visit.fits()
    page.get_by_label("Mật khẩu hiện tại").fill(temporary)
    page.locator("#id_new_password").fill(NEW_PASSWORD)  # its label also holds the rule for passwords
    page.get_by_label("Nhập lại mật khẩu mới").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Đổi mật khẩu").click()
    page.wait_for_url(live_server.url + "/")
    visit.fits()

    # The unit's report from the menu: the quarter that ended, not sent yet.
    visit.menu("Báo cáo của đơn vị")
    row = page.locator("tr", has_text=label)
    assert "Chưa gửi" in row.inner_text()
    row.get_by_role("link", name="Mở báo cáo").click()
    visit.fits()
    page.locator("#v-TC_TU_KIEM_TRA").fill("3")
    page.get_by_role("button", name="Gửi báo cáo", exact=True).click()
    page.locator("ul.messages li").first.wait_for()
    assert page.locator("ul.messages li").all_inner_texts() == ["Đã gửi báo cáo."]
    visit.fits()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(live_server.url + "/login/")

    # The administrator approves it from the list of reports waiting for approval.
    visit.log_in("admin_khoi", PASSWORD)
    page.wait_for_url(live_server.url + "/")
    visit.menu("Báo cáo số liệu")
    assert "1 báo cáo đang chờ duyệt." in page.locator("main").inner_text()
    page.locator(f'input[name="org"][value="{tree.committee_b.pk}"]').check()
    page.get_by_role("button", name="Duyệt các báo cáo đã chọn").click()
    page.locator("ul.messages li").first.wait_for()
    visit.fits()

    report = Return.objects.get(organization=tree.committee_b, period=period.code)
    assert (report.state, report.submitted_by.username, report.approved_by.username) == (
        Return.State.APPROVED, "canbo_syt", "admin_khoi")
    assert Result.objects.get(organization=tree.committee_b, period=period.code, indicator__code="TC_TU_KIEM_TRA").value == 3
    assert [url for url, fits in visit.seen if not fits] == []
    assert len(visit.seen) == 13
