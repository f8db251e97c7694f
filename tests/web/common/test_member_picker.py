"""The member picker: a text box searched on the server (``members:pick``) instead of a
select of every member, on the discipline, title and inspection forms; without JavaScript
the form comes back with the members found to choose from."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dangvu.awards import services as award_services
from dangvu.awards.models import EmulationTitle
from dangvu.inspections.models import Discipline, Inspection, InspectionKind
from tests.support import client_for, text

D = datetime.date


@pytest.fixture
def people(tree, make_member):
    return {
        "duoc": make_member(tree.cell_a1, full_name="Nguyễn Văn Được", birth_date=D(1980, 2, 3), card_number="12345678"),
        "hoa": make_member(tree.cell_a2, full_name="Trần Thị Hoa", birth_date=D(1991, 7, 9)),
        "outside": make_member(tree.cell_b1, full_name="Nguyễn Văn Dược", birth_date=D(1980, 5, 6)),
    }


def pick(client, q, scope="discipline"):
    response = client.get(reverse("members:pick"), {"scope": scope, "q": q})
    assert response.status_code == 200
    return response.json()


def test_the_search_ignores_diacritics_and_stays_in_the_subtree(users, people):
    staff = client_for(users.staff_a)
    duoc = {"id": people["duoc"].pk, "text": "Nguyễn Văn Được (03/02/1980) · Chi bộ Văn phòng"}
    assert pick(staff, "nguyen van duoc") == {"results": [duoc], "more": False}
    assert pick(staff, "DUOC nguyen") == {"results": [duoc], "more": False}  # every word, any order
    assert pick(staff, "1980") == {"results": [duoc], "more": False}  # a birth year
    assert pick(staff, "1234") == {"results": [duoc], "more": False}  # the start of a card number
    assert pick(staff, "dược", scope="title") == {"results": [duoc], "more": False}
    assert pick(staff, "") == {"results": [], "more": False}
    # The bloc's administrator sees both committees' members.
    names = [r["text"] for r in pick(client_for(users.bloc_admin), "nguyen van")["results"]]
    assert names == ["Nguyễn Văn Dược (06/05/1980) · Chi bộ Bệnh viện", "Nguyễn Văn Được (03/02/1980) · Chi bộ Văn phòng"]


def test_an_unknown_purpose_is_not_found(users, people):
    assert client_for(users.staff_a).get(reverse("members:pick"), {"scope": "x", "q": "nguyen"}).status_code == 404


def test_at_most_20_and_a_bounded_number_of_queries(tree, users, make_member, django_assert_max_num_queries):
    for i in range(25):
        make_member(tree.cell_a1, full_name=f"Lê Văn Tư {chr(65 + i)}")
    client = client_for(users.staff_a)
    client.get(reverse("members:pick"))  # the session and the account read once
    with django_assert_max_num_queries(6):
        data = pick(client, "le van tu")
    assert len(data["results"]) == 20 and data["more"] is True
    assert data["results"][0]["text"] == "Lê Văn Tư A (15/03/1985) · Chi bộ Văn phòng"


def test_the_discipline_page_no_longer_lists_every_member(tree, users, make_member):
    for i in range(300):
        make_member(tree.cell_a1 if i % 2 else tree.cell_a2, full_name=f"Phạm Văn Số {i}")
    response = client_for(users.bloc_admin).get(reverse("inspections:discipline_new"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Phạm Văn Số" not in page
    assert page.count("<option") < 40  # the organizations, the forms of discipline, no member
    assert 'name="member_q"' in page and 'data-url="/members/pick/?scope=discipline"' in page
    assert len(page) < 40_000


def discipline_data(**fields):
    return {"subject": "member", "form": "reprimand", "violation_date": "01/02/2024", "decided_on": "02/05/2024",
            "number": "3-QĐ/ĐU", "content": "", "member_q": "", **fields}


def test_the_discipline_form_records_the_member_picked(tree, users, people):
    client = client_for(users.staff_a)
    response = client.post(reverse("inspections:discipline_new"), discipline_data(
        member=people["duoc"].pk, deciding_body=tree.committee_a.pk))
    assert response.status_code == 302
    assert Discipline.objects.get(number="3-QĐ/ĐU").member == people["duoc"]


def test_a_member_outside_the_subtree_is_refused(tree, users, people):
    response = client_for(users.staff_a).post(reverse("inspections:discipline_new"), discipline_data(
        member=people["outside"].pk, deciding_body=tree.committee_a.pk))
    assert response.status_code == 400
    assert ("Hãy chọn đảng viên trong danh sách: người đã chọn không thuộc những người biểu mẫu này được ghi."
            in text(response))
    assert not Discipline.objects.filter(number="3-QĐ/ĐU").exists()


def test_without_javascript_the_words_typed_bring_the_members_found(tree, users, people, make_member):
    make_member(tree.cell_a2, full_name="Nguyễn Văn Đức")
    client = client_for(users.staff_a)
    response = client.post(reverse("inspections:discipline_new"), discipline_data(
        member_q="nguyen van d", deciding_body=tree.committee_a.pk))
    assert response.status_code == 400
    page = text(response)
    assert "Hãy chọn đảng viên trong số những người tìm thấy với “nguyen van d” ở trên." in page
    assert ("Tìm thấy 2 đảng viên với “nguyen van d”: chọn một người rồi bấm Lưu. "
            "Nguyễn Văn Đức (15/03/1985) · Chi bộ Thanh tra Nguyễn Văn Được (03/02/1980) · Chi bộ Văn phòng") in page
    html = response.content.decode()
    assert f'<input type="radio" name="member" value="{people["duoc"].pk}">' in html
    assert 'name="member_q" id="id_member" value=""' in html  # emptied: the next post chooses
    nothing = client.post(reverse("inspections:discipline_new"), discipline_data(
        member_q="khong ai", deciding_body=tree.committee_a.pk))
    assert ("Không có đảng viên nào phù hợp với “khong ai”: hãy gõ vài chữ của họ tên, năm sinh hoặc số thẻ "
            "đảng viên.") in text(nothing)
    assert 'name="member_q" id="id_member" value="khong ai"' in nothing.content.decode()
    done = client.post(reverse("inspections:discipline_new"), discipline_data(
        member=people["duoc"].pk, deciding_body=tree.committee_a.pk))
    assert done.status_code == 302
    assert Discipline.objects.get(number="3-QĐ/ĐU").member == people["duoc"]


def test_after_an_error_the_member_chosen_is_shown_by_name(tree, users, people):
    response = client_for(users.staff_a).post(reverse("inspections:discipline_new"), discipline_data(
        member=people["duoc"].pk, deciding_body=tree.committee_a.pk, number=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert (f'<input type="radio" name="member" value="{people["duoc"].pk}" checked> '
            "<span>Nguyễn Văn Được (03/02/1980) · Chi bộ Văn phòng</span>") in html


def test_words_left_in_the_box_do_not_matter_for_an_organization(tree, users, people):
    response = client_for(users.staff_a).post(reverse("inspections:discipline_new"), discipline_data(
        subject="organization", organization=tree.cell_a2.pk, member_q="nguyen", deciding_body=tree.committee_a.pk))
    assert response.status_code == 302
    assert Discipline.objects.get(number="3-QĐ/ĐU").organization == tree.cell_a2


def test_the_title_form_records_the_member_picked(tree, users, people):
    movement = award_services.movement_create(actor=users.bloc_admin, name="Dân vận khéo", organization=tree.committee_a,
                                              first_year=2020)
    client = client_for(users.staff_a)
    response = client.post(reverse("awards:title_new"), {
        "subject": "member", "member": people["hoa"].pk, "member_q": "", "kind": "movement", "movement": movement.pk,
        "title": "Đảng viên hoàn thành xuất sắc nhiệm vụ", "year": "2023", "deciding_body": tree.committee_a.pk,
        "number": "10-QĐ/ĐU", "decided_on": "20/01/2024"})
    assert response.status_code == 302, text(response)
    assert EmulationTitle.objects.get(number="10-QĐ/ĐU").member == people["hoa"]


def test_the_inspection_form_records_the_members_picked(tree, users, people):
    client = client_for(users.staff_a)
    data = {"kind": InspectionKind.objects.get(code="thematic").pk, "organization": tree.committee_a.pk,
            "program": "", "title": "Giám sát chuyên đề", "start": "01/04/2024", "end": "",
            "members": [people["duoc"].pk, people["hoa"].pk], "members_q": ""}
    refused = client.post(reverse("inspections:new"), {**data, "members": [people["duoc"].pk, people["outside"].pk],
                                                        "title": "Không ghi"})
    assert refused.status_code == 400
    html = refused.content.decode()  # the chips stay, by name
    assert "Nguyễn Văn Được (03/02/1980) · Chi bộ Văn phòng" in html and "Nguyễn Văn Dược" not in html
    assert client.post(reverse("inspections:new"), data).status_code == 302
    inspection = Inspection.objects.get(title="Giám sát chuyên đề")
    assert sorted(m.full_name for m in inspection.members.all()) == ["Nguyễn Văn Được", "Trần Thị Hoa"]


def test_the_seat_form_searches_the_committee_s_members(tree, users, people, today):
    from dangvu.core.actors import SYSTEM
    from dangvu.members.models import CommitteeSeat
    from dangvu.orgs import services as org_services

    org_services.committee_create(actor=SYSTEM, organization=tree.committee_a, term_start=D(2025, 1, 1),
                                  term_end=D(2030, 1, 1))
    client = client_for(users.staff_a)
    url = reverse("members:seats", args=[tree.committee_a.pk])
    page = client.get(url).content.decode()
    assert f'data-url="/members/pick/?scope=seat&amp;org={tree.committee_a.pk}"' in page
    found = client.get(reverse("members:pick"), {"scope": "seat", "org": tree.committee_a.pk, "q": "hoa"}).json()
    assert found == {"results": [{"id": people["hoa"].pk, "text": "Trần Thị Hoa (09/07/1991) · Chi bộ Thanh tra"}],
                     "more": False}
    # Committee B is outside this account's subtree; a number that is no organization neither.
    for org in (tree.committee_b.pk, "x"):
        assert client.get(reverse("members:pick"), {"scope": "seat", "org": org, "q": "nguyen"}).status_code == 404
    response = client.post(url, {"member": people["hoa"].pk, "member_q": "", "role": "secretary", "start": "01/02/2025"})
    assert response.status_code == 302
    assert CommitteeSeat.objects.get().member == people["hoa"]
    refused = client.post(url, {"member": people["outside"].pk, "role": "secretary", "start": "01/02/2025"})
    assert refused.status_code == 400


def test_words_typed_after_choosing_keep_the_members_chosen(tree, users, people):
    client = client_for(users.staff_a)
    response = client.post(reverse("inspections:new"), {
        "kind": InspectionKind.objects.get(code="thematic").pk, "organization": tree.committee_a.pk, "program": "",
        "title": "Giám sát chuyên đề", "start": "01/04/2024", "end": "", "members": [people["hoa"].pk],
        "members_q": "nguyen"})
    assert response.status_code == 400
    html = response.content.decode()
    assert (f'<input type="checkbox" name="members" value="{people["hoa"].pk}" checked> '
            "<span>Trần Thị Hoa (09/07/1991) · Chi bộ Thanh tra</span>") in html
    assert f'<input type="checkbox" name="members" value="{people["duoc"].pk}"> Nguyễn Văn Được' in html
    assert "Tìm thấy 1 đảng viên với “nguyen”: chọn một người rồi bấm Lưu." in text(response)
