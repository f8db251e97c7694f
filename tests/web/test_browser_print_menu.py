"""In a real browser (Debian's Chromium): the site menu in four groups, two lines at most on a
phone, every link reachable; and any page printed as its content alone (no menu, no buttons,
no filter forms). Screenshots and the printed dashboard go to DANGVU_SHOTS (when set)."""

from __future__ import annotations

import os
import subprocess

import pytest
from django.urls import reverse

from tests.web.browser import BROWSER, log_in, menu_link, no_overflow

pytestmark = BROWSER

DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
SHOTS = os.environ.get("DANGVU_SHOTS", "")

# The admin's menu: group -> links, in order.
MENU = {
    "Tổ chức và đảng viên": ["Tổ chức đảng", "Đảng viên", "Kết nạp đảng viên", "Huy hiệu Đảng"],
    "Công tác đảng": ["Kiểm tra, giám sát", "Lớp bồi dưỡng", "Đánh giá, xếp loại", "Khen thưởng"],
    "Chỉ tiêu và báo cáo": ["Chỉ tiêu", "Báo cáo tổng kết", "Báo cáo số liệu", "Báo cáo của đơn vị"],
    "Hệ thống": ["Ngày làm việc", "Nhập, xuất dữ liệu", "Tài khoản"],
}


@pytest.fixture(scope="session")
def browser_context_args():
    return {"locale": "vi-VN"}


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name))


def _lines(page, selector: str) -> int:
    """How many lines the items of `selector` take (their distinct tops)."""
    return page.evaluate(f"""new Set([...document.querySelectorAll({selector!r})]
        .map(e => Math.round(e.getBoundingClientRect().top))).size""")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_menu_in_groups_every_link_reachable(live_server, page, tree, users, site, viewport):
    page.set_viewport_size(viewport)
    log_in(page, live_server.url, "admin_stc")
    dashboard = reverse("dashboard:dashboard", args=[site["plan"].code, tree.committee_a.pk])
    page.goto(live_server.url + dashboard)
    nav = page.locator("header.top .main-nav")
    summaries = nav.locator("details.nav-group > summary")
    assert summaries.all_inner_texts() == list(MENU)
    # Closed: only the groups show, on one line on a desktop, at most two on a phone.
    assert nav.locator("a:visible").count() == 0
    assert _lines(page, "header.top details.nav-group > summary") == (1 if viewport is DESKTOP else 2)
    assert no_overflow(page)
    kind = "desktop" if viewport is DESKTOP else "phone"
    _shot(page, f"menu_{kind}_closed.png")
    # The group of the page shown is marked, and so is its link.
    assert nav.locator("summary.current").inner_text() == "Chỉ tiêu và báo cáo"
    assert nav.locator("a[aria-current=page]").text_content() == "Chỉ tiêu"
    # Each group opens its links; opening one closes the other.
    for group, links in MENU.items():
        summaries.filter(has_text=group).click()
        assert nav.locator("a:visible").all_inner_texts() == links
        assert page.locator("details.nav-group[open]").count() == 1
    assert no_overflow(page)
    _shot(page, f"menu_{kind}_open.png")
    page.keyboard.press("Escape")
    assert page.locator("details.nav-group[open]").count() == 0
    summaries.first.click()
    page.mouse.click(viewport["width"] - 8, viewport["height"] - 8)  # a click elsewhere closes it
    assert page.locator("details.nav-group[open]").count() == 0
    # A link opens its page.
    menu_link(page, "Đảng viên").click()
    page.wait_for_url(live_server.url + reverse("members:list"))
    assert nav.locator("summary.current").inner_text() == "Tổ chức và đảng viên"


@pytest.mark.django_db(transaction=True)
def test_a_dashboard_prints_its_content_alone(live_server, page, tree, users, site):
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server.url, "admin_stc")
    page.goto(live_server.url + reverse("dashboard:dashboard", args=[site["plan"].code, tree.committee_a.pk]))
    assert page.locator("header.top").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    assert not page.locator("header.top .main-nav").is_visible()
    assert not page.locator("details.help").is_visible()
    assert page.locator("main h1").is_visible()
    assert page.locator("table.targets").is_visible()
    assert page.locator("table.targets thead").evaluate("e => getComputedStyle(e).display") == "table-header-group"
    assert page.locator("table.targets tbody tr").first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    assert page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") == "none"
    assert page.locator("a.figure").first.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
    assert page.locator("nav.periods a.current").is_visible()
    assert page.locator("nav.periods a:not(.current)").first.is_hidden()
    assert all(not b.is_visible() for b in page.locator("main button").all())
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    if SHOTS:
        path = os.path.join(SHOTS, "dashboard_print.pdf")
        with open(path, "wb") as f:
            f.write(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", path,
                        os.path.join(SHOTS, "dashboard_print")], check=False)
    page.emulate_media(media="screen")
    assert page.locator("header.top").is_visible()
