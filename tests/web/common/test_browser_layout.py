"""The site on a phone (390 x 844, Chromium driven by Playwright): no page is wider than the
screen, the header search shows the names it found (dark on white), and the organization
picker finds a unit typed without diacritics and chooses it with the keyboard."""

from __future__ import annotations

import datetime
import os
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.web.browser import BROWSER, log_in

SHOTS = os.environ.get("DANGVU_SHOTS")  # a folder: screenshots of the pages, to look at

pytestmark = BROWSER
D = datetime.date
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser_context_args():
    return {"locale": "vi-VN", "viewport": PHONE}


@pytest.fixture
def world(tree, users, make_member, today):
    from dangvu.plans import services as plan_services
    from dangvu.plans.catalog import load_default_catalog
    from dangvu.plans.models import Indicator

    load_default_catalog()
    plan = plan_services.plan_create(
        actor=users.bloc_admin, code="CTHD-2026", kind="action_program", organization=tree.bloc,
        number="09-CTr/ĐUK", title="Chương trình hành động thực hiện Nghị quyết Đại hội Đảng bộ Khối năm 2026",
        issued_on=D(2026, 1, 15), period="2026")
    plan_services.target_set(actor=users.bloc_admin, plan=plan, indicator=Indicator.objects.get(code="KET_NAP"),
                             organization=tree.bloc, period="2026", value=Decimal(1250))
    for org in (tree.cell_a1, tree.cell_sub, tree.cell_b1):
        plan_services.task_create(actor=users.bloc_admin, plan=plan, organization=org, source="program",
                                  title="Tổ chức quán triệt, triển khai thực hiện Nghị quyết Đại hội Đảng bộ Khối "
                                        "nhiệm kỳ 2025-2030 đến toàn thể đảng viên", due_on=D(2026, 6, 30))
    member = make_member(tree.cell_a1, full_name="Nguyễn Thị Phương Thảo", birth_date=D(1975, 4, 30))
    return {"plan": plan, "member": member}


@pytest.mark.django_db(transaction=True)
def test_no_page_is_wider_than_a_phone(live_server, page, tree, users, world):
    plan = world["plan"]
    pages = {
        "home": reverse("home"),
        "organization": reverse("orgs:detail", args=[tree.committee_a.pk]),
        "members": reverse("members:list"),
        "member": reverse("members:detail", args=[world["member"].pk]),
        "plans": reverse("dashboard:plans"),
        "dashboard": reverse("dashboard:dashboard", args=[plan.code, tree.bloc.pk]),
        "due": reverse("reporting:due"),
        "tasks": reverse("tasks:list", args=[plan.code, tree.bloc.pk]),
        "entry": reverse("reporting:entry", args=[tree.committee_a.pk, "2026Q3"]),
    }
    log_in(page, live_server.url, "admin_khoi")
    widths = {}
    for name, url in pages.items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, name
        widths[name] = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/phone-{name}.png", full_page=True)
    assert {name: w <= inner for name, (w, inner) in widths.items()} == dict.fromkeys(pages, True), widths


@pytest.mark.django_db(transaction=True)
def test_header_search_shows_the_names_found_on_a_phone(live_server, page, tree, users, world):
    log_in(page, live_server.url, "admin_khoi")
    page.get_by_role("searchbox", name="Tìm kiếm").fill("phuong thao")
    result = page.locator("#search-results a", has_text="Nguyễn Thị Phương Thảo")
    result.wait_for()
    assert result.is_visible()
    colours = result.evaluate("""a => [getComputedStyle(a).color,
        getComputedStyle(a.closest('.dropdown')).backgroundColor]""")
    assert colours == ["rgb(31, 35, 40)", "rgb(255, 255, 255)"]  # the page's ink on white
    box = result.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/phone-search.png")
    result.click()
    page.wait_for_url(live_server.url + reverse("members:detail", args=[world["member"].pk]))


@pytest.mark.django_db(transaction=True)
def test_the_picker_finds_a_unit_typed_without_diacritics(live_server, page, tree, users, world):
    plan = world["plan"]
    log_in(page, live_server.url, "admin_khoi")
    url = live_server.url + reverse("tasks:list", args=[plan.code, tree.bloc.pk])
    page.goto(url)
    box = page.get_by_role("combobox", name="Đơn vị").first
    box.click()
    listbox = page.locator(".filters [role=listbox]")
    # Grouped by committee: the cells of Sở Tài chính under its name.
    assert listbox.locator(".picker-group").all_inner_texts()[:2] == [tree.bloc.name, "Đảng bộ Sở Tài chính"]
    box.fill("chi bo van phong")
    assert listbox.locator("[role=option]:visible").all_inner_texts() == ["Chi bộ Văn phòng"]
    box.press("Enter")
    page.wait_for_url(f"{url}?*unit={tree.cell_a1.pk}*")
    assert box.input_value() == "Chi bộ Văn phòng"
    assert page.locator("#task-results tbody tr").count() == 1
    if SHOTS:
        box.fill("kho")
        page.screenshot(path=f"{SHOTS}/phone-picker.png")
