"""A real browser (Debian's Chromium, driven by Playwright) records a discipline decision
choosing the member in the member picker: a few letters typed without diacritics, the
server's answer listed, chosen with the keyboard; the inspection form takes several members
as chips, one chosen with a tap on a phone-sized window and one removed."""

from __future__ import annotations

import datetime
import os

import pytest
from django.urls import reverse

from dangvu.inspections.models import Discipline, Inspection
from tests.web.browser import BROWSER, log_in, menu_link, no_overflow

pytestmark = BROWSER
SHOTS = os.environ.get("DANGVU_SHOTS", "/tmp/dangvu-shots")


@pytest.fixture(scope="session")
def browser_context_args():
    """Vietnamese, a touch screen (a tap chooses on a phone)."""
    return {"locale": "vi-VN", "viewport": {"width": 1280, "height": 900}, "has_touch": True}


@pytest.fixture
def people(tree, make_member):
    return {
        "duoc": make_member(tree.cell_a1, full_name="Nguyễn Văn Được", birth_date=datetime.date(1980, 2, 3)),
        "duc": make_member(tree.cell_a2, full_name="Nguyễn Văn Đức", birth_date=datetime.date(1975, 8, 1)),
        "hoa": make_member(tree.cell_a2, full_name="Trần Thị Hoa", birth_date=datetime.date(1991, 7, 9)),
        "outside": make_member(tree.cell_b1, full_name="Nguyễn Văn Dược"),
    }


@pytest.mark.django_db(transaction=True)
def test_choose_a_member_by_typing_a_few_letters(live_server, page, tree, users, people):
    os.makedirs(SHOTS, exist_ok=True)
    log_in(page, live_server.url, "staff_stc")
    menu_link(page, "Kiểm tra, giám sát").click()
    page.goto(live_server.url + reverse("inspections:discipline_new"))

    box = page.get_by_role("combobox", name="Đảng viên")
    box.fill("nguyen van d")
    options = page.locator("#id_member-list [role=option]")
    options.first.wait_for()
    # Vietnamese order; the member of committee B (Dược) is outside this account's subtree.
    assert options.all_inner_texts() == ["Nguyễn Văn Đức (01/08/1975) · Chi bộ Thanh tra",
                                         "Nguyễn Văn Được (03/02/1980) · Chi bộ Văn phòng"]
    assert box.get_attribute("aria-expanded") == "true"
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=f"{SHOTS}/discipline-1366.png")
    page.set_viewport_size({"width": 390, "height": 844})
    with page.expect_response(lambda r: "/members/pick/" in r.url):
        box.fill("nguyen van")  # the list opens again, brought into view
    page.wait_for_timeout(200)
    page.screenshot(path=f"{SHOTS}/discipline-390.png")
    assert no_overflow(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "id_member-list-o1"
    box.press("Enter")
    assert box.get_attribute("aria-expanded") == "false"
    assert box.input_value() == ""
    assert page.locator(".picker-chosen").inner_text().strip() == "Nguyễn Văn Được (03/02/1980) · Chi bộ Văn phòng"
    page.screenshot(path=f"{SHOTS}/discipline-chosen-1280.png")

    page.get_by_label("Ngày vi phạm").fill("01/02/2024")
    page.get_by_label("Số quyết định").fill("3-QĐ/ĐU")
    page.get_by_role("combobox", name="Cơ quan quyết định").fill("so tai chinh")
    page.get_by_role("combobox", name="Cơ quan quyết định").press("Enter")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(live_server.url + reverse("inspections:disciplines"))
    assert Discipline.objects.get(number="3-QĐ/ĐU").member == people["duoc"]


@pytest.mark.django_db(transaction=True)
def test_several_members_as_chips_on_a_phone(live_server, page, tree, users, people):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "staff_stc")
    page.goto(live_server.url + reverse("inspections:new"))
    box = page.get_by_role("combobox", name="Đảng viên được kiểm tra, giám sát")
    for typed, name in [("hoa", "Trần Thị Hoa"), ("duoc", "Nguyễn Văn Được"), ("1975", "Nguyễn Văn Đức")]:
        box.fill(typed)
        page.locator("#id_members-list [role=option]", has_text=name).tap()
    chips = page.locator(".picker-chosen label.chip")
    assert chips.count() == 3
    page.get_by_role("button", name="Xóa: Nguyễn Văn Đức (01/08/1975) · Chi bộ Thanh tra").tap()
    assert chips.count() == 2
    assert no_overflow(page)
    page.get_by_label("Nội dung").fill("Giám sát chuyên đề")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(live_server.url + reverse("inspections:list"))
    inspection = Inspection.objects.get(title="Giám sát chuyên đề")
    assert sorted(m.full_name for m in inspection.members.all()) == ["Nguyễn Văn Được", "Trần Thị Hoa"]
