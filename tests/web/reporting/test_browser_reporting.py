"""A real browser (Debian's Chromium, driven by Playwright) on the data-entry page: a
figure typed quickly and the page's buttons pressed at once never race the field's own
save (hx-sync on the form, the buttons wait for it, the server takes the same save twice
as one): every keystroke is stored, the report is submitted, the message says so."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangvu.core.models import AuditEntry
from dangvu.core.periods import parse_date
from dangvu.plans.models import Result, Return
from tests.support import typed_catalog
from tests.web.browser import BROWSER, log_in

pytestmark = BROWSER


def _last_quarter():
    """The last quarter that ended (the live server runs on the real clock)."""
    import datetime

    return parse_date(datetime.date.today(), "quarter").previous(1)[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("buttons", [["Gửi báo cáo"], ["Lưu", "Gửi báo cáo"]])
def test_typing_fast_then_save_and_submit_at_once_keeps_every_keystroke(live_server, page, tree, users, buttons):
    typed_catalog()
    period = _last_quarter()
    log_in(page, live_server.url, "staff_stc")
    page.goto(live_server.url + reverse("reporting:entry", args=[tree.committee_a.pk, period.code]))

    page.locator("#v-TC_TU_KIEM_TRA").click()
    page.keyboard.type("1234", delay=0)
    page.locator("#v-LAO_DONG").click()  # leaving the box saves it (HTMX) ...
    page.keyboard.type("57", delay=0)
    for name in buttons:  # ... and the buttons are pressed at once, while those saves run
        page.get_by_role("button", name=name, exact=True).click(no_wait_after=True)

    page.locator("ul.messages li").first.wait_for()
    assert page.locator("ul.messages li").all_inner_texts() == ["Đã gửi báo cáo."]
    assert page.locator(".notice.error").count() == 0 and page.locator(".conflict").count() == 0
    values = dict(Result.objects.filter(organization=tree.committee_a, period=period.code)
                  .values_list("indicator__code", "value"))
    assert values == {"TC_TU_KIEM_TRA": 1234, "LAO_DONG": 57}
    assert Return.objects.get(organization=tree.committee_a, period=period.code).state == Return.State.SUBMITTED
    # Each value was written once: the second arrival of the same save wrote nothing.
    assert AuditEntry.objects.filter(action="result.save").count() == 2
    assert page.locator("#v-TC_TU_KIEM_TRA").input_value() == "1.234"
    assert page.locator(".report-state .badge").inner_text() == "Đã gửi – chờ duyệt"
