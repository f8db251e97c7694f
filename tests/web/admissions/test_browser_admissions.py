"""A real browser: the staff of a grassroots cell takes a candidate whose file has the steps
up to the opinions through the cell's resolution, the admission decision and the ceremony in
the pages, then finds the new member in the member list; the list and the file on a desktop
and on a phone, with no horizontal overflow of the page."""

from __future__ import annotations

import datetime
import os

import pytest

from dangvu.admissions.models import Candidate, Step
from tests.admissions.conftest import make_candidate, walk
from tests.factories import make_user
from tests.web.browser import BROWSER, log_in, menu_link, no_overflow

SHOTS = os.environ.get("DANGVU_SCREENSHOT_DIR", "/tmp")
D = datetime.date
K = Step.Kind

pytestmark = BROWSER


@pytest.fixture(scope="session")
def browser_context_args():
    return {"locale": "vi-VN", "viewport": {"width": 1366, "height": 900}}


def shoot(page, name: str) -> None:
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        assert no_overflow(page), (name, width)
        page.screenshot(path=f"{SHOTS}/dangvu-admissions-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def record(page, fields: dict[str, str]) -> None:
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Ghi bước này").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_a_cell_takes_a_candidate_to_the_ceremony(live_server, page, tree, users, make_member):
    cell = tree.grassroots_cell
    members = [make_member(cell, full_name=name, birth_date=D(1980, 1, i + 1),
                           admission_decision_date=D(2010, 3, 1), ceremony_date=D(2010, 3, 1),
                           full_membership_date=D(2011, 3, 1))
               for i, name in enumerate(["Trần Văn Bình", "Lê Thị Cúc", "Phạm Văn Dũng"])]
    candidate = walk(make_candidate(cell, full_name="Võ Thị Hoa", helper=members[0]), until=K.OPINIONS,
                     introducers=members)
    walk(make_candidate(cell, full_name="Ngô Văn Sơn", gender="male"), until=K.APPLICATION)
    make_user(cell, "staff_bkg", "staff", full_name="Cán bộ Chi bộ Báo")

    log_in(page, live_server.url, "staff_bkg")

    # The menu leads to the list; the list to the file.
    menu_link(page, "Kết nạp đảng viên").click()
    page.wait_for_url(live_server.url + "/ket-nap/")
    assert page.locator("h1").inner_text() == "Kết nạp đảng viên"
    shoot(page, "list")
    page.get_by_role("link", name="Võ Thị Hoa").click()
    page.wait_for_url(f"{live_server.url}/ket-nap/{candidate.pk}/")
    shoot(page, "file")

    # The cell's resolution: the page says how many full members the cell has; too few votes
    # are refused in the rule's words, then recorded.
    next_step = page.locator("#next")
    assert "6-KNĐ – Nghị quyết của chi bộ đề nghị kết nạp" in next_step.inner_text()
    assert "Hôm nay chi bộ có 3 đảng viên chính thức" in next_step.inner_text()
    record(page, {"Ngày": "10/03/2024", "Số văn bản": "05-NQ/CB", "Số phiếu tán thành": "1"})
    assert "1 phiếu tán thành chưa đạt 2/3 trong 3 đảng viên chính thức của chi bộ" in page.locator("#next").inner_text()
    record(page, {"Ngày": "10/03/2024", "Số văn bản": "05-NQ/CB", "Số phiếu tán thành": "3"})
    page.wait_for_url(f"{live_server.url}/ket-nap/{candidate.pk}/")
    assert "Đã lưu." in page.locator(".messages").inner_text()

    # The decision (a grassroots cell has no committee resolution), received a few days later.
    assert "9-KNĐ – Quyết định kết nạp đảng viên" in page.locator("#next").inner_text()
    record(page, {"Ngày": "20/03/2024", "Số văn bản": "112-QĐ/ĐUK", "Ngày chi bộ nhận": "22/03/2024"})
    assert "Lễ kết nạp" in page.locator("#next h3").inner_text()
    assert "Lễ kết nạp: hạn" in page.locator(".summary-card").inner_text()

    # The ceremony makes the member.
    record(page, {"Ngày": "26/03/2024"})
    candidate.refresh_from_db()
    assert candidate.state == Candidate.State.PROBATION and candidate.member is not None
    assert "Đảng viên dự bị" in page.locator(".lead").inner_text()
    shoot(page, "probation")
    page.get_by_role("link", name="Trang đảng viên").click()
    page.wait_for_url(f"{live_server.url}/members/{candidate.member.pk}/")
    assert page.locator("h1").inner_text() == "Võ Thị Hoa"

    # The member list has the new member.
    menu_link(page, "Đảng viên").click()
    page.wait_for_url(live_server.url + "/members/")
    assert page.locator("table.members a", has_text="Võ Thị Hoa").count() == 1
