"""Party badge pages: the list of an award date per role (due, excluded with the reason,
awarded), awarding the whole list and one member early through the pages, the printable
list, the Excel export, the award dates, the rule tables, the work form and the member's
page."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangvu.awards import services as award_services
from dangvu.awards.models import Badge
from dangvu.awards.selectors import WorkForm
from dangvu.core.actors import SYSTEM
from dangvu.inspections import services as inspection_services
from tests.support import client_for, text

pytestmark = pytest.mark.django_db
D = datetime.date
ON = "03/02/2025"


def old_member(make_member, cell, name, admitted):
    return make_member(cell, full_name=name, birth_date=D(admitted.year - 25, 1, 1), admission_decision_date=admitted,
                       full_member=True, transferred_in_from="Tỉnh ủy An Giang", joined_on=D(2015, 1, 5))


@pytest.fixture
def people(tree, make_member):
    hoa = old_member(make_member, tree.cell_a1, "Nguyễn Thị Hoa", D(1994, 6, 1))     # 30 on 01/06/2024
    minh = old_member(make_member, tree.cell_b1, "Trần Văn Minh", D(1984, 12, 1))    # 40 on 01/12/2024
    ba = old_member(make_member, tree.cell_a2, "Lê Văn Ba", D(1994, 7, 1))
    inspection_services.discipline_create(actor=SYSTEM, form="warning", violation_date=D(2024, 6, 1),
                                          deciding_body=tree.committee_a, decided_on=D(2024, 9, 1),
                                          number="05-QĐ/UBKT", member=ba)
    tu = old_member(make_member, tree.cell_a1, "Phạm Văn Tư", D(1956, 1, 1))         # 70 on 01/01/2026
    award_services.badge_award(actor=SYSTEM, member=tu, milestone=65, awarded_on=D(2021, 2, 3),
                               decision_number="10-QĐ/TU", decision_date=D(2021, 1, 20), number="650001")
    return {"hoa": hoa, "minh": minh, "ba": ba, "tu": tu}


def test_the_list_per_role(tree, users, people):
    url = reverse("badges:list") + f"?on={ON}&org={tree.bloc.pk}"
    page = text(client_for(users.bloc_admin).get(url))
    assert "Huy hiệu Đảng đợt 03/02/2025 — Đảng bộ các cơ quan Đảng tỉnh" in page
    assert "Quy định: 24-QĐ/TW (2021) · đợt trước ngày 07/11/2024" in page
    assert "Đủ điều kiện tặng huy hiệu (2)" in page and "30 năm: 1 · 40 năm: 1" in page
    assert ("Bị kỷ luật cảnh cáo (quyết định 05-QĐ/UBKT ngày 01/09/2024): theo 24-QĐ/TW (2021), phải sau 9 tháng "
            "kể từ ngày quyết định mới xét tặng huy hiệu, tức đến ngày 01/06/2025.") in page
    assert "Có thể tặng sớm (cần nêu lý do) (1)" in page and "Phạm Văn Tư" in page
    assert "Trao cho cả danh sách" in page
    # Committee A's staff sees its subtree only; the viewer sees no award button.
    page = text(client_for(users.staff_a).get(reverse("badges:list") + f"?on={ON}"))
    assert "Nguyễn Thị Hoa" in page and "Trần Văn Minh" not in page
    page = text(client_for(users.viewer).get(url))
    assert "Trần Văn Minh" in page and "Trao cho cả danh sách" not in page
    # An organization outside the scope is not among the choices: the page shows the actor's own subtree.
    page = text(client_for(users.staff_a).get(reverse("badges:list") + f"?on={ON}&org={tree.committee_b.pk}"))
    assert "Huy hiệu Đảng đợt 03/02/2025 — Đảng bộ Sở Tài chính" in page and "Trần Văn Minh" not in page


def test_award_the_whole_list_then_print_and_export(tree, users, people):
    client = client_for(users.bloc_admin)
    query = f"?on={ON}&org={tree.bloc.pk}"
    response = client.post(reverse("badges:award_list") + query,
                           {"decision_number": "350-QĐ/TU", "decision_date": "20/01/2025"})
    assert response.status_code == 302
    assert sorted(Badge.objects.values_list("member__full_name", "milestone", "decision_number")) == [
        ("Nguyễn Thị Hoa", 30, "350-QĐ/TU"), ("Phạm Văn Tư", 65, "10-QĐ/TU"), ("Trần Văn Minh", 40, "350-QĐ/TU")]
    page = text(client.get(reverse("badges:list") + query))
    assert "Đủ điều kiện tặng huy hiệu (0)" in page and "Đã trao trong đợt này (2)" in page
    assert "4.680.000" in page  # 2 × 2.340.000
    response = client.post(reverse("badges:award_list") + query,
                           {"decision_number": "351-QĐ/TU", "decision_date": "20/01/2025"})
    assert response.status_code == 400
    assert ("Không có đảng viên nào của Đảng bộ các cơ quan Đảng tỉnh đủ điều kiện tặng huy hiệu đợt 03/02/2025."
            in text(response))
    # The wait of Lê Văn Ba's warning ends on 01/06/2025: on that day's list (a preview: any date shows).
    page = text(client.get(reverse("badges:print") + f"?on=01/06/2025&org={tree.bloc.pk}"))
    assert "1 Lê Văn Ba 01/01/1969 01/07/1994 Chi bộ Thanh tra 30 01/07/2024 T/M cấp ủy" in page
    workbook = load_workbook(io.BytesIO(client.get(reverse("badges:export") + query).content))
    rows = [[c for c in row] for row in workbook.active.iter_rows(min_row=4, values_only=True)]
    assert [(r[1], r[4], r[6]) for r in rows] == [
        ("Lê Văn Ba", 30, "Chưa xét tặng do kỷ luật"), ("Phạm Văn Tư", 70, "Có thể tặng sớm (cần nêu lý do)"),
        ("Nguyễn Thị Hoa", 30, "Đã trao trong đợt này"), ("Trần Văn Minh", 40, "Đã trao trong đợt này")]


def test_the_printable_list(tree, users, people):
    page = text(client_for(users.viewer).get(reverse("badges:print") + f"?on={ON}&org={tree.bloc.pk}"))
    assert "Danh sách đảng viên đề nghị tặng Huy hiệu Đảng đợt 03/02/2025" in page
    assert "1 Nguyễn Thị Hoa 01/01/1969 01/06/1994 Chi bộ Văn phòng 30 01/06/2024" in page
    assert "Lê Văn Ba" not in page


def test_award_one_member_early_through_the_page(tree, users, people):
    client = client_for(users.admin_a)
    url = reverse("badges:award", args=[people["tu"].pk])
    form = {"milestone": "70", "awarded_on": ON, "decision_number": "12-QĐ/TU", "decision_date": "01/02/2025",
            "number": "700001", "early_reason": "", "early_note": ""}
    response = client.post(url, form)
    assert response.status_code == 400
    assert ("Phạm Văn Tư đủ 70 năm tuổi đảng vào ngày 01/01/2026, sau ngày 03/02/2025: tặng sớm hơn phải có lý do "
            "(ốm nặng hoặc truy tặng).") in text(response)
    response = client.post(url, form | {"early_reason": "illness", "early_note": "Bệnh hiểm nghèo"})
    assert response.status_code == 302
    page = text(client.get(reverse("members:detail", args=[people["tu"].pk])))
    assert ("Huy hiệu Đảng Số năm Ngày trao Số huy hiệu Quyết định Tặng sớm Tiền thưởng (đồng) "
            "70 03/02/2025 700001 12-QĐ/TU (01/02/2025) ốm nặng: Bệnh hiểm nghèo chưa có mức "
            "65 03/02/2021 650001 10-QĐ/TU (20/01/2021) — 8.940.000") in page
    assert client_for(users.viewer).get(url).status_code == 403
    assert client_for(users.staff_a).get(reverse("badges:award", args=[people["minh"].pk])).status_code == 404


def test_dates_rules_and_work_form(tree, users, people):
    client = client_for(users.admin_a)
    response = client.post(reverse("badges:date_new"), {"organization": tree.committee_a.pk, "on": "10/06/2025",
                                                        "note": "Kỷ niệm thành lập Đảng bộ"})
    assert response.status_code == 302
    page = text(client.get(reverse("badges:dates") + "?year=2025"))
    assert "10/06/2025 Đảng bộ Sở Tài chính Kỷ niệm thành lập Đảng bộ" in page
    assert "03/02/2025 Hằng năm" in page
    page = text(client.get(reverse("badges:rules")))
    assert "29-QĐ/TW (2016) 25/07/2016 không loại trừ 6 12 12 / 24 12" in page
    assert "01/01/2015 30 1,5 56-HD/VPTW" in page and "01/01/2015 70 chưa rõ 56-HD/VPTW" in page
    assert "01/07/2024 2.340.000 73/2024/NĐ-CP" in page
    client_for(users.bloc_admin).post(reverse("badges:award_list") + f"?on={ON}&org={tree.bloc.pk}",
                                      {"decision_number": "350-QĐ/TU", "decision_date": "20/01/2025"})
    page = text(client_for(users.bloc_admin).get(
        reverse("badges:work_form") + f"?start=01/01/2025&end=31/12/2025&org={tree.bloc.pk}"))
    assert "Huy hiệu 30 năm tuổi đảng 1 0" in page and "Tổng số huy hiệu 2 0" in page
    assert "Cờ thi đua · tổ chức đảng 0 0" in page  # the commendations rows, none in 2024 nor 2025

    # The same form in Excel: real numbers, the sections, the share where last year had any.
    response = client_for(users.bloc_admin).get(
        reverse("badges:work_form_export") + f"?start=01/01/2025&end=31/12/2025&org={tree.bloc.pk}")
    assert response["Content-Disposition"] == 'attachment; filename="cong-tac-dang-vien-DUK-20250101-20251231.xlsx"'
    rows = [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert rows[0][0] == "Công tác đảng viên từ 01/01/2025 đến 31/12/2025 — Đảng bộ các cơ quan Đảng tỉnh"
    assert rows[1] == ["Nội dung", "Kỳ này", "Cùng kỳ năm trước", "%"]
    assert ["Huy hiệu 30 năm tuổi đảng", 1, 0, None] in rows and ["Tổng số huy hiệu", 2, 0, None] in rows
    assert [r[0] for r in rows if r[1] is None] == [rows[0][0], "Khen thưởng", "Huy hiệu Đảng", "Thẻ đảng và chuyển sinh hoạt"]


def test_the_work_form_sets_this_period_against_last_years(english):
    form = WorkForm(organization=None, start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31),
                    badges=[(30, 3, 2), (40, 1, 0)], badges_total=(4, 2), cards=(0, 5))
    badges = dict((label, rest) for label, *rest in form.sections()[1][1])
    assert badges == {"30-year badge": [3, 2, Decimal(150), False], "40-year badge": [1, 0, None, False],
                      "Badges, total": [4, 2, Decimal(200), True]}
    assert form.sections()[2][1][0][1:4] == (0, 5, Decimal(0))
