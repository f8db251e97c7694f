"""Commendation pages: the list scoped by role, one commendation, recording and deleting one,
the proposed list of a year with one "decide" action (all or nothing), refused to a read-only
account."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangvu.awards import services
from dangvu.awards.models import Commendation
from dangvu.core.actors import SYSTEM
from dangvu.ratings import services as rating_services
from dangvu.ratings.models import Level, Rating
from tests.support import client_for, text

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def rated_2021(tree):
    rating_services.round_open(actor=SYSTEM, organization=tree.bloc, year=2021, today=D(2021, 11, 15))
    excellent = {tree.committee_a.pk, tree.committee_b.pk, tree.grassroots_cell.pk}
    for r in Rating.objects.filter(round__year=2021, organization__isnull=False):
        r.level = Level.EXCELLENT if r.organization_id in excellent else Level.GOOD
        r.save(update_fields=["level"])


def _commend(tree, org, *, number="9-QĐ/ĐUK"):
    return services.commendation_create(actor=SYSTEM, kind=Commendation.Kind.UPPER_CERTIFICATE, year=2021,
                                        reason="Xuất sắc", number=number, decided_on=D(2022, 1, 15),
                                        deciding_body=tree.bloc, organization=org)


def test_the_list_is_scoped_for_each_role(tree, users):
    _commend(tree, tree.committee_a)
    _commend(tree, tree.committee_b)
    for user, expected in [(users.bloc_admin, 2), (users.viewer, 2), (users.staff_a, 1), (users.admin_a, 1)]:
        page = text(client_for(user, "en").get(reverse("awards:list")))
        assert f"{expected} commendation" in page, user
        assert ("Đảng bộ Sở Y tế" in page) == (expected == 2)
    assert "Record a commendation" not in text(client_for(users.viewer, "en").get(reverse("awards:list")))


def test_detail_and_delete(tree, users):
    c = _commend(tree, tree.committee_a)
    client = client_for(users.bloc_admin, "en")
    page = text(client.get(reverse("awards:detail", args=[c.pk])))
    assert "Certificate of merit of the committee above grassroots — Đảng bộ Sở Tài chính" in page
    assert "9-QĐ/ĐUK" in page and "15/01/2022" in page
    assert client_for(users.viewer, "en").post(reverse("awards:delete", args=[c.pk])).status_code == 403
    edit = {"kind": c.kind, "year": "2021", "streak_years": "5", "reason": "Xuất sắc 5 năm liền", "number": "10-QĐ/ĐUK",
            "decided_on": "16/01/2022", "conference": "", "conference_on": ""}
    assert client.post(reverse("awards:edit", args=[c.pk]), edit).status_code == 302
    page = text(client.get(reverse("awards:detail", args=[c.pk])))
    assert "2021 (years in a row: 2017 - 2021)" in page and "10-QĐ/ĐUK" in page and "16/01/2022" in page
    assert client.post(reverse("awards:delete", args=[c.pk])).status_code == 302
    assert Commendation.objects.count() == 0


def test_record_one_with_the_services_refusal(tree, users):
    client = client_for(users.bloc_admin, "en")
    data = {"organization": tree.cell_a1.pk, "kind": "flag", "year": "2021", "reason": "Xuất sắc",
            "deciding_body": tree.bloc.pk, "number": "3-QĐ", "decided_on": "15/01/2022"}
    response = client.post(reverse("awards:new"), data)
    assert response.status_code == 400
    assert "An emulation flag goes to a grassroots Party organization." in text(response)
    response = client.post(reverse("awards:new"), {**data, "organization": tree.committee_a.pk})
    assert response.status_code == 302
    assert Commendation.objects.get().kind == "flag"


def test_the_proposed_list_decides_in_one_action(tree, users, rated_2021):
    _commend(tree, tree.committee_b, number="1-QĐ")
    client = client_for(users.bloc_admin, "en")
    query = {"year": "2021", "subject": "organizations", "years": "1"}
    page = text(client.get(reverse("awards:proposed"), query))
    assert "3 rated excellent in 2021" in page
    assert "Certificate of merit of the committee above grassroots (1-QĐ)" in page
    decision = {**query, "kind": "upper_certificate", "deciding_body": tree.bloc.pk, "number": "15-QĐ/ĐUK",
                "decided_on": "15/01/2022", "reason": "Hoàn thành xuất sắc nhiệm vụ năm 2021"}
    refused = client.post(reverse("awards:decide"), {**decision, "chosen": [tree.committee_a.pk,
                                                                           tree.committee_b.pk]})
    assert refused.status_code == 400
    assert ("Đảng bộ Sở Y tế already has a certificate of merit of the committee above grassroots for 2021."
            in text(refused))
    assert Commendation.objects.count() == 1
    done = client.post(reverse("awards:decide"), {**decision, "chosen": [tree.committee_a.pk,
                                                                        tree.grassroots_cell.pk]})
    assert done.status_code == 302
    assert sorted(Commendation.objects.filter(number="15-QĐ/ĐUK").values_list("organization__code", flat=True)) == [
        "CB-BKG", "DB-STC"]
    assert client_for(users.viewer, "en").post(reverse("awards:decide"), decision).status_code == 403
    assert 'name="chosen"' not in client_for(users.viewer, "en").get(reverse("awards:proposed"), query).content.decode()
    staff_page = text(client_for(users.staff_a, "en").get(reverse("awards:proposed"), query))
    assert "1 rated excellent in 2021" in staff_page
    export = client_for(users.viewer, "en").get(reverse("awards:proposed_export"), query)
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=4)] == [
        [1, "Đảng bộ Sở Tài chính", "Đảng bộ Sở Tài chính", "Certificate of merit of the committee above grassroots",
         "Certificate of merit of the committee above grassroots (15-QĐ/ĐUK)"],
        [2, "Đảng bộ Sở Y tế", "Đảng bộ Sở Y tế", "Certificate of merit of the committee above grassroots",
         "Certificate of merit of the committee above grassroots (1-QĐ)"],
        [3, "Chi bộ Báo Kiên Giang", "Chi bộ Báo Kiên Giang", "Certificate of merit of the committee above grassroots",
         "Certificate of merit of the committee above grassroots (15-QĐ/ĐUK)"]]
