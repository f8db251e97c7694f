"""The page reading figures from a report: paste or upload, the figures with their
suggested indicator, saving the ticked ones all or nothing with each refusal on its row."""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from dangvu.core.models import AuditEntry
from dangvu.plans import services
from dangvu.plans.catalog import load_default_catalog
from dangvu.plans.models import Indicator, Result
from tests.exchange.test_extract_command import docx_bytes
from tests.support import client_for, text

REPORT = ("Năm 2023, Đảng ủy đã kiểm tra 40 tổ chức đảng và 56 đảng viên. "
          "Tổng doanh thu của doanh nghiệp đạt trên 9.899 tỷ đồng. Tỷ lệ đảng viên được học tập đạt 76,3%.")


@pytest.fixture
def catalog(db):
    load_default_catalog()
    return {i.code: i for i in Indicator.objects.all()}


def url(org, period="2023"):
    return reverse("extract:page", args=[org.pk, period])


def selected(html: str, row: int) -> str:
    select = re.search(rf'<select name="r{row}-indicator".*?</select>', html, re.S).group()
    chosen = re.search(r'<option value="([^"]*)" selected>', select)
    return chosen.group(1) if chosen else ""


def test_pasted_text_lists_the_figures_with_suggested_indicators(tree, users, catalog):
    response = client_for(users.staff_a, "en").post(url(tree.committee_a), {"text": REPORT})
    html = response.content.decode()
    assert response.status_code == 200
    assert "4 figures were read." in text(response)
    quotes = re.findall(r'name="r\d-quote" value="([^"]*)"', html)
    assert quotes == ["kiểm tra 40 tổ chức đảng", "56 đảng viên",
                      "Tổng doanh thu của doanh nghiệp đạt trên 9.899 tỷ đồng",
                      "Tỷ lệ đảng viên được học tập đạt 76,3%"]
    # inspections are counted by their register: no typed indicator is suggested for them
    assert [selected(html, i) for i in range(4)] == ["", "", "DOANH_THU", ""]
    assert re.findall(r'name="r\d-value" value="([^"]*)"', html) == ["40", "56", "9,899", "76.3"]


def test_a_docx_upload_is_read(tree, users, catalog):
    upload = io.BytesIO(docx_bytes(["Báo cáo", "Năm 2023, Đảng ủy đã kiểm tra 40 tổ chức đảng."]))
    upload.name = "bao_cao.docx"
    response = client_for(users.staff_a, "en").post(url(tree.committee_a), {"upload": upload})
    assert response.status_code == 200
    assert re.findall(r'name="r\d-quote" value="([^"]*)"', response.content.decode()) == ["kiểm tra 40 tổ chức đảng"]


@pytest.mark.parametrize("name, data, message", [
    ("bao_cao.docx", b"PK broken", "The file is not a Word document (.docx) that can be read."),
    ("bao_cao.xlsx", b"x", "Only .txt and .docx files can be read (the file is bao_cao.xlsx)."),
])
def test_a_bad_file_is_refused_with_its_reason(tree, users, catalog, name, data, message):
    upload = io.BytesIO(data)
    upload.name = name
    response = client_for(users.staff_a, "en").post(url(tree.committee_a), {"upload": upload})
    assert response.status_code == 400
    assert message in text(response)


def test_nothing_to_read(tree, users, catalog):
    response = client_for(users.staff_a, "en").post(url(tree.committee_a), {"text": "  "})
    assert response.status_code == 400
    assert "Paste the text of a report or choose a .docx or .txt file." in text(response)


def test_one_refused_figure_saves_nothing_and_each_refusal_shows_on_its_row(tree, users, catalog):
    audit = AuditEntry.objects.count()
    data = {"action": "save", "rows": "4",
            "r0-use": "1", "r0-indicator": "TCCSD_QUAN_TRIET", "r0-value": "4", "r0-quote": "4 tổ chức cơ sở đảng",
            "r1-use": "1", "r1-indicator": "LAO_DONG", "r1-value": "5.5", "r1-quote": "5,5 người",
            "r2-use": "1", "r2-indicator": "", "r2-value": "9.899",
            "r3-indicator": "DOANH_THU", "r3-value": "1"}  # not ticked: not saved
    response = client_for(users.staff_a, "en").post(url(tree.committee_a), data)
    assert response.status_code == 400
    page = text(response)
    assert "Nothing was saved: 2 figures are refused (see their rows)." in page
    assert not Result.objects.exists()
    assert AuditEntry.objects.count() == audit
    rows = re.findall(r'<tr id="figure-(\d)" class="(\w*)">', response.content.decode())
    assert rows == [("0", ""), ("1", "refused"), ("2", "refused"), ("3", "")]
    assert "“Số người lao động”: A count is a whole number." in page
    assert "Choose the indicator this figure is a value of." in page


def test_ticked_figures_become_values_of_the_unit_and_period(tree, users, catalog):
    audit = AuditEntry.objects.count()
    data = {"action": "save", "rows": "2",
            "r0-use": "1", "r0-indicator": "TCCSD_QUAN_TRIET", "r0-value": "4", "r0-quote": "4 tổ chức cơ sở đảng",
            "r1-indicator": "DOANH_THU", "r1-value": "1"}  # not ticked: not saved
    response = client_for(users.staff_a, "en").post(url(tree.committee_a), data)
    assert response.status_code == 200
    assert "1 value was saved." in text(response)
    saved = Result.objects.get()
    assert (saved.indicator.code, saved.organization, saved.period, saved.value) == (
        "TCCSD_QUAN_TRIET", tree.committee_a, "2023", Decimal(4))
    assert saved.comment == "Read from a report: «4 tổ chức cơ sở đảng»"
    assert AuditEntry.objects.count() == audit + 2  # the value, and the import naming its source
    rows = re.findall(r'<tr id="figure-(\d)" class="(\w*)">', response.content.decode())
    assert rows == [("0", "saved"), ("1", "")]


def test_an_approved_period_refuses_every_row(tree, users, catalog):
    services.result_save(actor=users.staff_a, indicator=catalog["TCCSD_QUAN_TRIET"], organization=tree.committee_a,
                         period="2023", value=2, version=None)
    services.return_approve(actor=users.bloc_admin, organization=tree.committee_a, period="2023")
    data = {"action": "save", "rows": "1", "r0-use": "1", "r0-indicator": "TCCSD_QUAN_TRIET", "r0-value": "40"}
    response = client_for(users.staff_a, "en").post(url(tree.committee_a), data)
    assert response.status_code == 400
    assert "is approved and locked" in text(response)
    assert Result.objects.get().value == 2


def test_saving_again_updates_the_stored_value(tree, users, catalog):
    services.result_save(actor=users.staff_a, indicator=catalog["TCCSD_QUAN_TRIET"], organization=tree.committee_a,
                         period="2023", value=2, version=None)
    data = {"action": "save", "rows": "1", "r0-use": "1", "r0-indicator": "TCCSD_QUAN_TRIET", "r0-value": "40"}
    response = client_for(users.staff_a, "en").post(url(tree.committee_a), data)
    assert response.status_code == 200
    assert Result.objects.get().value == 40


def test_read_only_account_is_refused_and_outside_is_not_found(tree, users, catalog):
    response = client_for(users.viewer, "en").get(url(tree.committee_a))
    assert response.status_code == 403
    assert client_for(users.staff_a, "en").get(url(tree.committee_b)).status_code == 404
    assert client_for(users.staff_a, "en").get(url(tree.committee_a, "2023X")).status_code == 404


def test_start_goes_to_the_users_unit_this_year(tree, users, catalog):
    response = client_for(users.staff_a, "en").get(reverse("extract:start"))
    assert response.status_code == 302
    assert re.fullmatch(rf"/doc-so-lieu/{tree.committee_a.pk}/20\d\d/", response.url)
