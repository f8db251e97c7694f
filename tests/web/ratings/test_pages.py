"""Rating pages: the round of a grassroots organization on one page with the cap's state, the
proposal checked as it is typed (HTMX) with the service's words, the decision, the review
results (page and .xlsx), the printable sheet, the CLI."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from dangvu.core.actors import SYSTEM
from dangvu.ratings import services
from dangvu.ratings.models import Level, Rating
from tests.ratings.helpers import members, open_round, rating_of
from tests.support import client_for, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_2025(tree):
    people = members(tree.cell_a1, 6)
    rnd = open_round(tree.committee_a, 2025)
    for m in people[:5]:
        services.rating_propose(actor=SYSTEM, rating=rating_of(rnd, m), level=Level.GOOD, score=Decimal(80))
    return rnd, people


def test_the_round_page_lists_every_subject_with_the_cap(users, round_2025):
    rnd, people = round_2025
    page = text(client_for(users.staff_a).get(reverse("ratings:round", args=[rnd.pk])))
    assert "Xếp loại năm 2025 — Đảng bộ Sở Tài chính" in page
    assert ("Đảng viên xuất sắc: 0, tối đa 1 (20% của 5 đảng viên hoàn thành tốt) — thêm một đảng viên xuất sắc "
            "nữa là đủ tỷ lệ") in page
    assert all(m.full_name in page for m in people)
    assert page.count("Hoàn thành tốt nhiệm vụ") == 5


def test_the_proposal_is_checked_as_it_is_typed_with_the_services_words(users, round_2025):
    rnd, people = round_2025
    rating = rating_of(rnd, people[5])
    client = client_for(users.staff_a)
    url = reverse("ratings:check", args=[rating.pk])
    answer = text(client.get(url, {"level": "excellent", "score": "85"}, HTTP_HX_REQUEST="true"))
    assert answer == '366-QĐ/TW: "Hoàn thành xuất sắc nhiệm vụ" cần từ 90 điểm trở lên, không phải 85'
    answer = text(client.get(url, {"level": "good", "score": "80"}, HTTP_HX_REQUEST="true"))
    assert answer == "Đề xuất này phù hợp quy định."
    response = client.post(reverse("ratings:propose", args=[rating.pk]),
                           {"level": "excellent", "score": "95", "tasks": "10", "beyond": "40"})
    assert response.status_code == 302
    assert Rating.objects.get(pk=rating.pk).proposed_level == Level.EXCELLENT
    # A second excellent would break the cap: refused with the rule and the numbers.
    other = rating_of(rnd, people[0])
    response = client.post(reverse("ratings:decide", args=[other.pk]), {"level": "excellent", "note": "Vượt trội"})
    assert response.status_code == 400
    assert "366-QĐ/TW: 2 đảng viên xuất sắc vượt 20% của 4 đảng viên hoàn thành tốt (tối đa 0)" in text(response)


def test_review_results_page_export_sheet_and_cli(tree, users, round_2025):
    rnd, people = round_2025
    for m in people[:5]:
        services.rating_decide(actor=SYSTEM, rating=rating_of(rnd, m), level=Level.GOOD)
    client = client_for(users.bloc_admin)
    page = text(client.get(reverse("ratings:summary"), {"year": "2025", "org": tree.bloc.pk}))
    assert "Kết quả đánh giá, xếp loại năm 2025 — Đảng bộ các cơ quan Đảng tỉnh" in page
    assert "Đảng viên 6 5 0 5 0 0 5 0 0 0 1" in page
    response = client.get(reverse("ratings:summary_export"), {"year": "2025", "org": tree.bloc.pk})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert rows[-1] == ["Đảng viên", 6, 5, 0, 5, 0, 0, 5, 0, 0, 0, 1]
    sheet_page = client.get(reverse("ratings:sheet", args=[rnd.pk])).content.decode()
    assert "print-list.css" in sheet_page and "Bảng tổng hợp xếp loại chất lượng năm 2025" in sheet_page
    out = io.StringIO()
    call_command("ratings", "summary", "DUK", "2025", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Kết quả đánh giá, xếp loại năm 2025 — Đảng bộ các cơ quan Đảng tỉnh (366-QĐ/TW)"
    assert lines[-1] == "Đảng viên | 6 | 5 | 0 | 5 | 0 | 0 | 5 | 100 | 0 | 0 | 0 | 1"


def test_the_cli_opens_the_rounds_of_a_year(tree):
    members(tree.cell_b1, 2)
    out = io.StringIO()
    call_command("ratings", "open", "2025", "--org", "DUK", stdout=out)
    assert out.getvalue().strip() == "Đã mở 3 đợt xếp loại năm 2025."
