"""The pages satisfy their Content-Security-Policy in a real browser (Debian's Chromium):
no inline script, no eval, and what the scripts do still works under it: the tree opens
(HTMX), a figure explains itself in its panel and the panel closes, the shares add up as
they are typed, a reported value is saved as its box is left."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dangvu.core.periods import parse_date
from tests.support import make_plan, target, typed_catalog
from tests.web.browser import BROWSER, log_in

pytestmark = BROWSER


@pytest.fixture(scope="session")
def browser_context_args():
    return {"locale": "vi-VN", "viewport": {"width": 1366, "height": 900}}


@pytest.mark.django_db(transaction=True)
def test_the_pages_keep_their_policy_and_their_scripts_work(live_server, page, tree, users):
    codes = typed_catalog()
    plan = make_plan(tree.bloc, "CTHD-2026", "2026", actor=users.bloc_admin)
    goal = target(plan, codes["HN_CHUYEN_DE"], 10, actor=users.bloc_admin)
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    base = live_server.url

    # The unit's staff: a value is saved as its box is left (HTMX with the form's hx-sync, entry.js).
    log_in(page, base, "staff_stc")
    period = parse_date(datetime.date.today(), "quarter").previous(1)[0]
    page.goto(base + reverse("reporting:entry", args=[tree.committee_a.pk, period.code]))
    page.locator("#v-TC_TU_KIEM_TRA").fill("2")
    page.locator("#v-TC_TU_KIEM_TRA").press("Tab")
    page.locator("#row-TC_TU_KIEM_TRA .saved").wait_for()
    page.get_by_role("button", name="Đăng xuất").click()

    log_in(page, base, "admin_khoi")
    policy = page.request.get(base + "/").headers["content-security-policy"]
    assert policy.startswith("default-src 'self'; script-src 'self';")

    # HTMX: a committee opens its units.
    page.get_by_text("Đảng bộ Sở Tài chính").first.locator("xpath=..").click()
    page.get_by_role("link", name="Chi bộ Văn phòng").wait_for()

    # The explanation panel opens (HTMX) and closes (app.js, data-clear).
    page.goto(base + reverse("dashboard:dashboard", args=[plan.code, tree.bloc.pk]))
    page.locator("a.figure").first.click()
    page.locator("#explain button.close").click()
    page.wait_for_function("document.getElementById('explain').innerHTML === ''")

    # The shares add up as they are typed (shares.js).
    page.goto(base + reverse("plans:cascade", args=[plan.code, goal.pk]))
    boxes = page.locator("input.share")
    boxes.nth(0).fill("6")
    boxes.nth(1).fill("4")
    page.wait_for_function("document.getElementById('share-total').textContent === '10'")


    assert refused == []
