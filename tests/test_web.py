"""Pages and exports: scope (404 outside the subtree), query budgets, forms, language."""

from __future__ import annotations

import datetime
import io

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from dangvu.core.models import AuditEntry
from dangvu.members.models import Member, Status
from tests.factories import PASSWORD
from tests.web_support import client_for


@pytest.fixture
def people(tree, make_member):
    """Two members in committee A (one in its sub-committee), one in committee B."""
    return {
        "an": make_member(tree.cell_a1, full_name="Nguyễn Văn Được", card_number="11112222",
                          ceremony_date=datetime.date(2015, 6, 1)),
        "binh": make_member(tree.cell_sub, full_name="Trần Thị Bình", gender="female",
                            birth_date=datetime.date(1990, 1, 17)),
        "cuong": make_member(tree.cell_b1, full_name="Lê Văn Cường", card_number="33334444"),
    }


def xlsx_names(response) -> list[str]:
    ws = load_workbook(io.BytesIO(response.content)).active
    return [row[1] for row in ws.iter_rows(min_row=4, values_only=True)]


def test_pages_need_login(db):
    response = Client().get(reverse("members"))
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/members/"


def test_login_page_is_vietnamese_by_default(db):
    html = Client().get(reverse("login")).content.decode()
    assert "Tên đăng nhập" in html
    assert "Mật khẩu" in html
    assert '<html lang="vi">' in html


def test_login_locks_out_after_five_failures(users):
    client = Client()
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "staff_stc", "password": "sai"})
    assert response.status_code in (200, 429)
    # The right password no longer opens the account.
    response = client.post(reverse("login"), {"username": "staff_stc", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tài khoản bị khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_succeeds_with_right_password(users):
    client = Client()
    response = client.post(reverse("login"), {"username": "staff_stc", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == users.staff_a.pk


@pytest.mark.parametrize("name", ["member", "member_edit", "member_status", "member_transfer"])
def test_member_pages_of_another_committee_answer_404(users, people, name):
    client = client_for(users.staff_a)
    assert client.get(reverse(name, args=[people["an"].pk])).status_code == 200
    assert client.get(reverse(name, args=[people["cuong"].pk])).status_code == 404


def test_organization_pages_and_exports_of_another_committee_answer_404(tree, users, people):
    client = client_for(users.staff_a)
    for name in ("organization", "organization_children", "organization_export"):
        assert client.get(reverse(name, args=[tree.committee_a.pk])).status_code == 200
        assert client.get(reverse(name, args=[tree.committee_b.pk])).status_code == 404
        assert client.get(reverse(name, args=[tree.bloc.pk])).status_code == 404
    response = client.get(reverse("members_export"), {"org": tree.committee_b.pk})
    assert response.status_code == 404
    response = client.get(reverse("members"), {"org": tree.cell_b1.pk})
    assert response.status_code == 404


def test_member_export_holds_only_the_subtree(tree, users, people):
    response = client_for(users.staff_a).get(reverse("members_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx_names(response) == ["Trần Thị Bình", "Nguyễn Văn Được"]
    response = client_for(users.bloc_admin).get(reverse("members_export"))
    assert xlsx_names(response) == ["Trần Thị Bình", "Lê Văn Cường", "Nguyễn Văn Được"]


def test_member_list_is_scoped_sorted_and_searchable_without_diacritics(users, people):
    client = client_for(users.bloc_admin)
    html = client.get(reverse("members")).content.decode()
    # Vietnamese order: given name first (Bình, Cường, Được).
    assert html.index("Trần Thị Bình") < html.index("Lê Văn Cường") < html.index("Nguyễn Văn Được")
    html = client.get(reverse("members"), {"q": "nguyen van duoc"}).content.decode()
    assert "Nguyễn Văn Được" in html and "Lê Văn Cường" not in html
    html = client_for(users.staff_a).get(reverse("members"), {"q": "cuong"}).content.decode()
    assert "Lê Văn Cường" not in html
    assert "0 đảng viên" in html


def test_search_box_finds_members_and_organizations_in_scope(users, people):
    client = client_for(users.staff_a)
    html = client.get(reverse("search"), {"q": "van"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Nguyễn Văn Được" in html
    assert "Lê Văn Cường" not in html
    html = client.get(reverse("search"), {"q": "so y te"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Đảng bộ Sở Y tế" not in html
    html = client.get(reverse("search"), {"q": "so tai chinh"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Đảng bộ Sở Tài chính" in html


def test_htmx_filter_returns_only_the_results(users, people):
    response = client_for(users.bloc_admin).get(reverse("members"), {"gender": "female"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "1 đảng viên" in html and "Trần Thị Bình" in html and "Nguyễn Văn Được" not in html


def test_home_shows_tree_and_counts(tree, users, people):
    html = client_for(users.bloc_admin).get(reverse("home")).content.decode()
    assert tree.bloc.name in html
    assert "Đảng bộ Sở Tài chính" in html and "Đảng bộ Sở Y tế" in html
    # Committee A holds 2 members, B holds 1: the counts beside each child.
    assert '<span class="count" title="đảng viên trong danh sách">2</span>' in html
    assert '<span class="count" title="đảng viên trong danh sách">1</span>' in html


def test_member_page_shows_dates_party_age_and_history(users, people, today):
    html = client_for(users.bloc_admin).get(reverse("member", args=[people["an"].pk])).content.decode()
    assert "19/05/2015" in html  # admission decision date, dd/mm/yyyy
    assert "11 năm 6 tháng" in html  # Party age on 20/11/2026
    assert "Ghi nhận" in html  # the audit row of member.create


def test_transfer_form_moves_the_member_and_audits(tree, users, people):
    client = client_for(users.bloc_admin)
    member = people["an"]
    response = client.post(reverse("member_transfer", args=[member.pk]),
                           {"to_organization": tree.cell_b2.pk, "on": "01/03/2024", "decision": "QĐ 12-QĐ/ĐUK"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.organization == tree.cell_b2
    entry = AuditEntry.objects.filter(object_id=member.pk, action="member.transfer").get()
    assert entry.actor == users.bloc_admin
    assert entry.changes["organization"] == [
        {"id": tree.cell_a1.pk, "repr": "Chi bộ Văn phòng"}, {"id": tree.cell_b2.pk, "repr": "Chi bộ Trung tâm Y tế"}
    ]
    html = client.get(reverse("member", args=[member.pk])).content.decode()
    assert "Chuyển sinh hoạt" in html and "01/03/2024" in html


def test_staff_cannot_transfer_to_a_cell_outside_its_subtree(tree, users, people):
    client = client_for(users.staff_a)
    response = client.post(reverse("member_transfer", args=[people["an"].pk]),
                           {"to_organization": tree.cell_b2.pk, "on": "01/03/2024"})
    assert response.status_code == 400
    assert Member.objects.get(pk=people["an"].pk).organization == tree.cell_a1


def test_viewer_cannot_change_anything(users, people):
    client = client_for(users.viewer)
    response = client.post(reverse("member_edit", args=[people["an"].pk]), {"full_name": "X"})
    assert response.status_code == 400
    response = client.post(reverse("member_status", args=[people["an"].pk]),
                           {"status": Status.DECEASED, "on": "01/01/2025"})
    assert response.status_code == 400
    assert "Tài khoản của bạn chỉ được xem." in response.content.decode()
    assert Member.objects.get(pk=people["an"].pk).status == Status.PROBATIONARY


def test_rule_errors_are_shown_on_the_form(users, people):
    client = client_for(users.bloc_admin)
    response = client.post(reverse("member_status", args=[people["an"].pk]),
                           {"status": Status.EXPELLED, "on": "01/01/2025"})
    assert response.status_code == 400
    assert "không thể chuyển thành" in response.content.decode()


def test_language_switch_to_english(users, people):
    client = client_for(users.bloc_admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/members/"})
    html = client.get(reverse("members")).content.decode()
    assert "Party members" in html and "3 members" in html


def test_numbers_are_written_the_vietnamese_way():
    with translation.override("vi"):
        assert Template("{{ n }} {{ x }}").render(Context({"n": 1234567, "x": 1234.5})) == "1.234.567 1.234,5"
    with translation.override("en"):
        assert Template("{{ n }}").render(Context({"n": 1234567})) == "1,234,567"


# Query budgets: the number of queries must not grow with the number of rows.

def _grow(tree, make_member, n):
    cells = [tree.cell_a1, tree.cell_a2, tree.cell_sub, tree.cell_b1, tree.cell_b2, tree.grassroots_cell]
    for i in range(n):
        make_member(cells[i % len(cells)], full_name=f"Phạm Văn Số {i}", card_number=f"{90000000 + i}")


@pytest.mark.parametrize("n", [3, 40])
def test_query_budget_home_and_tree(tree, users, make_member, django_assert_max_num_queries, n):
    _grow(tree, make_member, n)
    client = client_for(users.bloc_admin)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("home")).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("organization_children", args=[tree.committee_a.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("organization", args=[tree.committee_a.pk])).status_code == 200


@pytest.mark.parametrize("n", [3, 40])
def test_query_budget_member_list(tree, users, make_member, django_assert_max_num_queries, n):
    _grow(tree, make_member, n)
    client = client_for(users.bloc_admin)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("members"), {"q": "pham"}).status_code == 200


@pytest.mark.parametrize("moves", [0, 6])
def test_query_budget_member_page(tree, users, make_member, django_assert_max_num_queries, moves):
    from dangvu.members import services

    member = make_member(tree.cell_a1, full_name="Võ Thị Hoa", gender="female")
    cells = [tree.cell_a2, tree.cell_b1, tree.cell_b2]
    for i in range(moves):
        member = services.member_transfer(actor=users.bloc_admin, member=member, to_organization=cells[i % 3],
                                          on=datetime.date(2016 + i, 1, 1))
    client = client_for(users.bloc_admin)
    with django_assert_max_num_queries(11):
        assert client.get(reverse("member", args=[member.pk])).status_code == 200


def test_organization_forms_create_and_refuse_with_a_clear_message(tree, users, people):
    from dangvu.orgs.models import Organization

    client = client_for(users.staff_a)
    response = client.post(reverse("organization_action", args=[tree.committee_a.pk, "new"]), {
        "code": "CB-STC-KH", "name": "Chi bộ Kế hoạch", "kind": "cell", "established_on": "15/03/2024",
    })
    created = Organization.objects.get(code="CB-STC-KH")
    assert response.status_code == 302 and response["Location"] == f"/orgs/{created.pk}/"
    assert created.parent == tree.committee_a and created.established_on == datetime.date(2024, 3, 15)
    # A cell cannot stand under a cell: the form says so and nothing is written.
    response = client.post(reverse("organization_action", args=[tree.cell_a1.pk, "new"]), {
        "code": "X1", "name": "Chi bộ X", "kind": "cell", "established_on": "15/03/2024",
    })
    assert response.status_code == 400
    assert "Chi bộ trực thuộc không thể trực thuộc Chi bộ trực thuộc (Chi bộ Văn phòng)." in response.content.decode()
    assert not Organization.objects.filter(code="X1").exists()
    # Dissolving a cell with a member on its rolls is refused, naming the count.
    response = client.post(reverse("organization_action", args=[tree.cell_a1.pk, "dissolve"]), {"on": "01/01/2025"})
    assert response.status_code == 400
    assert "Chi bộ Văn phòng vẫn còn 1 đảng viên" in response.content.decode()
    # Committee B is outside this account: 404, not a form.
    assert client.get(reverse("organization_action", args=[tree.committee_b.pk, "rename"])).status_code == 404


def test_merge_form_moves_the_cells_and_keeps_history(tree, users, people):
    client = client_for(users.bloc_admin)
    response = client.post(reverse("organization_action", args=[tree.committee_b.pk, "merge"]),
                           {"target": tree.committee_a.pk, "on": "01/07/2023"})
    assert response.status_code == 302
    tree.refresh()
    assert tree.committee_b.merged_into == tree.committee_a and tree.committee_b.dissolved_on == datetime.date(2023, 7, 1)
    assert tree.cell_b1.parent == tree.committee_a
    html = client.get(reverse("organization", args=[tree.committee_b.pk])).content.decode()
    assert "Ngày 01/07/2023 đã hợp nhất vào" in html
