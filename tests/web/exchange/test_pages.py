"""The data exchange pages: the template's page (download, upload → dry run → confirm) reached
from the unit's report page, and the hand-down page (a rule or an Excel file → the boxes →
target_cascade)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from dangvu.plans.models import Result, Target
from tests.support import client_for, enter, make_plan, target, text, typed_catalog

Q = "2024Q1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def inds(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return typed_catalog()


def upload_url(org) -> str:
    return reverse("exchange:upload", args=[org.pk, Q])


def filled(client, org, cells: dict[str, object], query: str = "") -> SimpleUploadedFile:
    response = client.get(reverse("exchange:template", args=[org.pk, Q]) + query)
    assert (response.status_code, response["Content-Type"]) == (200, XLSX)
    wb = load_workbook(io.BytesIO(response.content))
    for cell, value in cells.items():
        wb.worksheets[0][cell] = value
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("bao-cao.xlsx", out.getvalue(), content_type=XLSX)


def test_the_report_page_leads_to_the_template_page(tree, users, inds):
    client = client_for(users.staff_a, "en")
    page = client.get(reverse("reporting:entry", args=[tree.committee_a.pk, Q])).content.decode()
    assert f'href="{upload_url(tree.committee_a)}"' in page
    response = client.get(upload_url(tree.committee_a))
    assert response.status_code == 200
    assert "One sheet for this unit One sheet for each unit under it One sheet, a row for each unit" in text(response)


def test_upload_shows_the_dry_run_then_confirm_writes(tree, users, inds):
    enter(inds["DV_NEU_GUONG"], tree.committee_a, Q, 12)
    client = client_for(users.staff_a, "en")
    response = client.post(upload_url(tree.committee_a), {"file": filled(client, tree.committee_a,
                                                                          {"E5": 3, "E9": 13})})
    assert response.status_code == 200
    page = text(response)
    assert "1 new, 1 changed, 0 cleared, 6 unchanged, 0 refused." in page
    assert "Hội nghị chuyên đề — 3 New" in page
    assert "Đảng viên đăng ký nêu gương 12 13 Changed" in page
    assert Result.objects.get(indicator=inds["DV_NEU_GUONG"]).value == 12  # nothing written yet
    response = client.post(reverse("exchange:confirm", args=[tree.committee_a.pk, Q]))
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:entry", args=[tree.committee_a.pk, Q])
    assert {(r.indicator.code, r.value) for r in Result.objects.select_related("indicator")} == {
        ("HN_CHUYEN_DE", Decimal(3)), ("DV_NEU_GUONG", Decimal(13))}
    # The file is gone with the confirmation: confirming again imports nothing.
    response = client.post(reverse("exchange:confirm", args=[tree.committee_a.pk, Q]))
    assert response.status_code == 400
    assert "There is no checked file to import: upload the template again." in text(response)


def test_a_bad_cell_is_shown_with_its_place_and_nothing_can_be_confirmed(tree, users, inds):
    client = client_for(users.staff_a, "vi")
    response = client.post(upload_url(tree.committee_a), {"file": filled(client, tree.committee_a,
                                                                          {"E5": 3, "E6": -1})})
    assert response.status_code == 400
    assert ("Trang “Đảng bộ Sở Tài chính”, dòng 6, cột E: “Buổi thông tin thời sự”: "
            "Số lượng không được là số âm.") in text(response)
    assert reverse("exchange:confirm", args=[tree.committee_a.pk, Q]) not in response.content.decode()
    assert client.post(reverse("exchange:confirm", args=[tree.committee_a.pk, Q])).status_code == 400
    assert Result.objects.count() == 0


def test_a_value_changed_between_the_dry_run_and_the_confirmation_is_not_overwritten(tree, users, inds):
    client = client_for(users.staff_a, "en")
    client.post(upload_url(tree.committee_a), {"file": filled(client, tree.committee_a, {"E5": 3})})
    enter(inds["HN_CHUYEN_DE"], tree.committee_a, Q, 7, actor=users.admin_a)
    response = client.post(reverse("exchange:confirm", args=[tree.committee_a.pk, Q]))
    assert response.status_code == 400
    assert "The figures changed since the file was checked: nothing was imported." in text(response)
    assert Result.objects.get().value == 7


def test_a_file_that_is_not_a_template_is_refused_with_a_message(tree, users, inds):
    client = client_for(users.staff_a, "en")
    response = client.post(upload_url(tree.committee_a),
                           {"file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04 broken", content_type=XLSX)})
    assert response.status_code == 400
    assert "The file cannot be read as an Excel workbook (.xlsx)" in text(response)


def test_the_hand_down_page(tree, users, inds):
    plan = make_plan(tree.bloc, "KH-2024", "2024")
    parent = target(plan, inds["HN_CHUYEN_DE"], 10)
    client = client_for(users.bloc_admin, "en")
    url = reverse("exchange:handdown", args=[plan.code, parent.pk])
    page = client.get(url + "?method=equal").content.decode()
    boxes = {org.code: f'name="share-{org.pk}" value="{value}"'
             for org, value in ((tree.committee_a, 4), (tree.committee_b, 3), (tree.grassroots_cell, 3))}
    assert all(b in page for b in boxes.values()), page
    cascade = client.get(reverse("plans:cascade", args=[plan.code, parent.pk])).content.decode()
    assert f'href="{url}"' in cascade
    response = client.post(url, {f"share-{tree.committee_a.pk}": "4", f"share-{tree.committee_b.pk}": "3",
                                 f"share-{tree.grassroots_cell.pk}": "3", "action": "apply"})
    assert response.status_code == 302
    assert sorted(Target.objects.exclude(pk=parent.pk).values_list("organization__code", "value")) == [
        ("CB-BKG", 3), ("DB-STC", 4), ("DB-SYT", 3)]
    # From the Excel file: download, type, upload: the boxes are filled, nothing is written yet.
    data = client.get(reverse("exchange:handdown_file", args=[plan.code, parent.pk])).content
    wb = load_workbook(io.BytesIO(data))
    wb.active["C6"] = 6
    out = io.BytesIO()
    wb.save(out)
    response = client.post(url, {"action": "file", "file": SimpleUploadedFile("s.xlsx", out.getvalue())})
    assert response.status_code == 200
    assert f'name="share-{tree.committee_a.pk}" value="6"' in response.content.decode()
    assert Target.objects.get(organization=tree.committee_a).value == 4
    # A read-only account reads the page without boxes and may not post.
    viewer = client_for(users.viewer, "en")
    assert "Your account is read-only." in text(viewer.get(url))
    assert viewer.post(url, {"action": "apply"}).status_code == 403
