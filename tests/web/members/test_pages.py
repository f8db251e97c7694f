"""Member pages and exports: scope, lists, search, forms, query budgets."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dangvu.core.models import AuditEntry
from dangvu.members.models import Member
from tests.support import client_for
from tests.web.conftest import xlsx_names


@pytest.mark.parametrize("name", ["members:detail", "members:edit", "members:status", "members:transfer"])
def test_member_pages_of_another_committee_answer_404(users, people, name):
    client = client_for(users.staff_a)
    assert client.get(reverse(name, args=[people["an"].pk])).status_code == 200
    assert client.get(reverse(name, args=[people["cuong"].pk])).status_code == 404

def test_member_export_holds_only_the_subtree(tree, users, people):
    response = client_for(users.staff_a).get(reverse("members:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx_names(response) == ["Trần Thị Bình", "Nguyễn Văn Được"]
    response = client_for(users.bloc_admin).get(reverse("members:export"))
    assert xlsx_names(response) == ["Trần Thị Bình", "Lê Văn Cường", "Nguyễn Văn Được"]

def test_member_list_is_scoped_sorted_and_searchable_without_diacritics(users, people):
    client = client_for(users.bloc_admin)
    html = client.get(reverse("members:list")).content.decode()
    # Vietnamese order: given name first (Bình, Cường, Được).
    assert html.index("Trần Thị Bình") < html.index("Lê Văn Cường") < html.index("Nguyễn Văn Được")
    html = client.get(reverse("members:list"), {"q": "nguyen van duoc"}).content.decode()
    assert "Nguyễn Văn Được" in html and "Lê Văn Cường" not in html
    html = client_for(users.staff_a).get(reverse("members:list"), {"q": "cuong"}).content.decode()
    assert "Lê Văn Cường" not in html
    assert "0 đảng viên" in html

def test_htmx_filter_returns_only_the_results(users, people):
    response = client_for(users.bloc_admin).get(reverse("members:list"), {"gender": "female"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "1 đảng viên" in html and "Trần Thị Bình" in html and "Nguyễn Văn Được" not in html

def test_member_page_shows_dates_party_age_and_history(users, people, today):
    html = client_for(users.bloc_admin).get(reverse("members:detail", args=[people["an"].pk])).content.decode()
    assert "19/05/2015" in html  # admission decision date, dd/mm/yyyy
    assert "11 năm 6 tháng" in html  # Party age on 20/11/2026
    assert "Ghi nhận" in html  # the audit row of member.create

def test_transfer_form_moves_the_member_and_audits(tree, users, people):
    client = client_for(users.bloc_admin)
    member = people["an"]
    response = client.post(reverse("members:transfer", args=[member.pk]),
                           {"to_organization": tree.cell_b2.pk, "on": "01/03/2024", "decision": "QĐ 12-QĐ/ĐUK"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.organization == tree.cell_b2
    entry = AuditEntry.objects.filter(object_id=member.pk, action="member.transfer").get()
    assert entry.actor == users.bloc_admin
    assert entry.changes["organization"] == [
        {"id": tree.cell_a1.pk, "repr": "Chi bộ Văn phòng"}, {"id": tree.cell_b2.pk, "repr": "Chi bộ Trung tâm Y tế"}
    ]
    html = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "Chuyển sinh hoạt" in html and "01/03/2024" in html

def test_staff_cannot_transfer_to_a_cell_outside_its_subtree(tree, users, people):
    client = client_for(users.staff_a)
    response = client.post(reverse("members:transfer", args=[people["an"].pk]),
                           {"to_organization": tree.cell_b2.pk, "on": "01/03/2024"})
    assert response.status_code == 400
    assert Member.objects.get(pk=people["an"].pk).organization == tree.cell_a1

def test_viewer_cannot_change_anything(users, people):
    client = client_for(users.viewer)
    response = client.post(reverse("members:edit", args=[people["an"].pk]), {"full_name": "X"})
    assert response.status_code == 403
    response = client.post(reverse("members:status", args=[people["an"].pk]),
                           {"status": Member.Status.DECEASED, "on": "01/01/2025"})
    assert response.status_code == 403
    assert "Tài khoản của bạn chỉ được xem." in response.content.decode()
    assert Member.objects.get(pk=people["an"].pk).status == Member.Status.PROBATIONARY

def test_rule_errors_are_shown_on_the_form(users, people):
    client = client_for(users.bloc_admin)
    response = client.post(reverse("members:status", args=[people["an"].pk]),
                           {"status": Member.Status.EXPELLED, "on": "01/01/2025"})
    assert response.status_code == 400
    assert "không thể chuyển thành" in response.content.decode()

@pytest.mark.parametrize("n", [3, 40])
def test_query_budget_member_list(tree, users, grow, django_assert_max_num_queries, n):
    grow(n)
    client = client_for(users.bloc_admin)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("members:list"), {"q": "pham"}).status_code == 200

@pytest.mark.parametrize("moves", [0, 6])
def test_query_budget_member_page(tree, users, make_member, django_assert_max_num_queries, moves):
    from dangvu.members import services

    member = make_member(tree.cell_a1, full_name="Võ Thị Hoa", gender="female")
    cells = [tree.cell_a2, tree.cell_b1, tree.cell_b2]
    for i in range(moves):
        member = services.member_transfer(actor=users.bloc_admin, member=member, to_organization=cells[i % 3],
                                          on=datetime.date(2016 + i, 1, 1))
    client = client_for(users.bloc_admin)
    with django_assert_max_num_queries(12):  # 11, and one for the Party badges section
        assert client.get(reverse("members:detail", args=[member.pk])).status_code == 200
