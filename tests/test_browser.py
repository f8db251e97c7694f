"""A real browser (Debian's Chromium, driven by Playwright) logs in, opens the tree,
searches a member without diacritics and opens the member's page."""

from __future__ import annotations

import datetime
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
