"""Inspection, supervision and discipline pages: lists with filters, detail, the forms
(validated, refusals in words), scope and the read-only account."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dangvu.core.actors import SYSTEM
from dangvu.inspections import services
from dangvu.inspections.models import Discipline, Inspection, InspectionKind, InspectionProgram
from dangvu.members.models import Member
from tests.support import client_for, options, text

D = datetime.date


def kind(code):
    return InspectionKind.objects.get(code=code)


@pytest.fixture
def records(tree, make_member):
    member = make_member(tree.cell_a1, full_name="Trần Văn Bình", full_member=True)
    other = make_member(tree.cell_b1, full_name="Lê Thị Hoa", full_member=True)
    ours = services.inspection_create(actor=SYSTEM, kind=kind("thematic"), organization=tree.committee_a,
                                      title="Giám sát việc học tập nghị quyết", start=D(2024, 3, 4),
                                      organizations=[tree.cell_a1, tree.cell_a2], members=[member])
    theirs = services.inspection_create(actor=SYSTEM, kind=kind("on_signs"), organization=tree.committee_b,
                                        title="Kiểm tra dấu hiệu vi phạm tài chính", start=D(2023, 5, 6),
                                        organizations=[tree.cell_b1])
    decision = services.discipline_create(actor=SYSTEM, form="reprimand", violation_date=D(2023, 11, 2),
                                          deciding_body=tree.committee_b, decided_on=D(2024, 2, 1), number="7-QĐ/ĐU",
                                          member=other)
    return {"member": member, "other": other, "ours": ours, "theirs": theirs, "decision": decision}


def test_the_menu_leads_to_the_list(users, records):
    response = client_for(users.bloc_admin).get(reverse("inspections:list"))
    assert response.status_code == 200
    page = text(response)
    assert "Kiểm tra, giám sát" in page
    assert "Giám sát việc học tập nghị quyết" in page and "Kiểm tra dấu hiệu vi phạm tài chính" in page
    assert "2 cuộc kiểm tra, giám sát" in page


def test_the_list_filters_and_is_scoped(tree, users, records):
    client = client_for(users.bloc_admin)
    page = text(client.get(reverse("inspections:list"), {"year": "2023"}))
    assert "Kiểm tra dấu hiệu vi phạm tài chính" in page and "Giám sát việc học tập" not in page
    page = text(client.get(reverse("inspections:list"), {"kind": kind("thematic").pk}))
    assert "Giám sát việc học tập" in page and "dấu hiệu vi phạm tài chính" not in page
    page = text(client.get(reverse("inspections:list"), {"org": tree.committee_b.pk}))
    assert "dấu hiệu vi phạm tài chính" in page and "Giám sát việc học tập" not in page
    staff = client_for(users.staff_a)
    page = text(staff.get(reverse("inspections:list")))
    assert "Giám sát việc học tập" in page and "dấu hiệu vi phạm tài chính" not in page
    assert staff.get(reverse("inspections:detail", args=[records["theirs"].pk])).status_code == 404
    # An organization outside the scope is not a choice of the filter: dropped, the list stays the actor's.
    page = text(staff.get(reverse("inspections:list"), {"org": tree.committee_b.pk}))
    assert "Giám sát việc học tập" in page and "dấu hiệu vi phạm tài chính" not in page


def test_the_detail_shows_what_it_covers(users, records):
    response = client_for(users.staff_a).get(reverse("inspections:detail", args=[records["ours"].pk]))
    page = text(response)
    assert "Giám sát chuyên đề" in page and "04/03/2024" in page
    assert "Chi bộ Văn phòng" in page and "Chi bộ Thanh tra" in page and "Trần Văn Bình" in page
    assert "Ghi nhận kết luận" in page  # the button to record the conclusion


def test_recording_an_inspection(tree, users, records):
    client = client_for(users.staff_a)
    new = client.get(reverse("inspections:new"))
    assert new.status_code == 200
    assert "Chi bộ Bệnh viện" not in options(new, "organizations")
    response = client.post(reverse("inspections:new"), {
        "kind": kind("program").pk, "organization": tree.committee_a.pk, "title": "Kiểm tra thu nộp đảng phí",
        "start": "10/04/2024", "organizations": [tree.cell_a2.pk, tree.cell_sub.pk],
        "members": [records["member"].pk]})
    assert response.status_code == 302
    made = Inspection.objects.get(title="Kiểm tra thu nộp đảng phí")
    assert (made.start, made.organization_rows.count(), made.member_rows.count()) == (D(2024, 4, 10), 2, 1)


def test_an_inspection_without_subjects_is_refused_beside_the_box(tree, users):
    response = client_for(users.staff_a, "en").post(reverse("inspections:new"), {
        "kind": kind("regular").pk, "organization": tree.committee_a.pk, "title": "Giám sát", "start": "10/04/2024"})
    assert response.status_code == 400
    assert "Choose the organizations or the members the giám sát thường xuyên covers." in text(response)


def test_recording_the_conclusion(users, records):
    client = client_for(users.staff_a)
    url = reverse("inspections:conclude", args=[records["ours"].pk])
    response = client.post(url, {"conclusion": "Thực hiện tốt", "concluded_on": "01/03/2024"})
    assert response.status_code == 400
    assert "Ngày 01/03/2024 ở trước ngày bắt đầu cuộc kiểm tra (04/03/2024)." in text(response)
    assert client.post(url, {"conclusion": "Thực hiện tốt", "concluded_on": "30/04/2024"}).status_code == 302
    records["ours"].refresh_from_db()
    assert records["ours"].concluded_on == D(2024, 4, 30)


def test_programs(tree, users):
    client = client_for(users.staff_a)
    response = client.post(reverse("inspections:program_new"), {
        "organization": tree.committee_a.pk, "issuer": "commission", "year": "2024", "number": "01-CTr/UBKT",
        "issued_on": "05/01/2024", "title": "Chương trình kiểm tra, giám sát năm 2024"})
    assert response.status_code == 302
    assert InspectionProgram.objects.get().issuer == "commission"
    page = text(client.get(reverse("inspections:programs")))
    assert "01-CTr/UBKT" in page and "Ủy ban Kiểm tra" in page


def test_recording_an_expulsion_and_annulling_it(tree, users, records):
    client = client_for(users.staff_a)
    member = records["member"]
    response = client.post(reverse("inspections:discipline_new"), {
        "subject": "member", "member": member.pk, "form": "expulsion", "violation_date": "01/02/2024",
        "deciding_body": tree.committee_a.pk, "decided_on": "15/03/2024", "number": "12-QĐ/ĐU"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == Member.Status.EXPELLED
    decision = Discipline.objects.get(number="12-QĐ/ĐU")
    page = text(client.get(reverse("inspections:discipline", args=[decision.pk])))
    assert "Khai trừ" in page and "Không hết hiệu lực" in page
    response = client.post(reverse("inspections:discipline_annul", args=[decision.pk]), {"reason": "Sai đối tượng"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == Member.Status.FULL


def test_a_form_not_allowed_is_refused_with_the_rule(tree, users, make_member):
    probationary = make_member(tree.cell_a1, full_name="Phạm Thu", admission_decision_date=D(2024, 1, 5))
    response = client_for(users.staff_a).post(reverse("inspections:discipline_new"), {
        "subject": "member", "member": probationary.pk, "form": "removal", "violation_date": "01/02/2024",
        "deciding_body": tree.committee_a.pk, "decided_on": "15/03/2024", "number": "12-QĐ/ĐU"})
    assert response.status_code == 400
    assert ("Hình thức kỷ luật không được áp dụng (69-QĐ/TW): đảng viên dự bị chỉ có thể bị khiển trách hoặc "
            "cảnh cáo, không thể bị cách chức.") in text(response)


def test_a_dissolution_shows_why_it_cannot_be_annulled(tree, users):
    decision = services.discipline_create(actor=users.bloc_admin, form="dissolution", violation_date=D(2024, 1, 2),
                                          deciding_body=tree.bloc, decided_on=D(2024, 3, 1), number="3-QĐ/ĐUK",
                                          organization=tree.grassroots_cell)
    client = client_for(users.bloc_admin)
    page = text(client.get(reverse("inspections:discipline", args=[decision.pk])))
    assert "Không thể hủy quyết định giải tán tại đây" in page
    response = client.get(reverse("inspections:discipline_annul", args=[decision.pk]))
    assert response.status_code == 409
    assert "Không thể hủy quyết định giải tán tại đây" in text(response)


def test_discipline_list_filters_scope_and_complaints(tree, users, records):
    client = client_for(users.bloc_admin)
    page = text(client.get(reverse("inspections:disciplines"), {"year": "2024", "form": "reprimand"}))
    assert "7-QĐ/ĐU" in page and "Lê Thị Hoa" in page and "Đến 01/02/2025" not in page
    assert "7-QĐ/ĐU" not in text(client.get(reverse("inspections:disciplines"), {"form": "warning"}))
    staff = client_for(users.staff_a)
    assert "7-QĐ/ĐU" not in text(staff.get(reverse("inspections:disciplines")))
    assert staff.get(reverse("inspections:discipline", args=[records["decision"].pk])).status_code == 404
    url = reverse("inspections:complaint", args=[records["decision"].pk])
    assert client.post(url, {"filed_on": "10/02/2024", "outcome": "upheld", "decided_on": "01/04/2024"}).status_code == 302
    page = text(client.get(reverse("inspections:discipline", args=[records["decision"].pk])))
    assert "Giữ nguyên quyết định" in page


@pytest.mark.parametrize("name", ["inspections:new", "inspections:program_new", "inspections:discipline_new"])
def test_a_read_only_account_is_told_why(users, name):
    response = client_for(users.viewer).get(reverse(name))
    assert response.status_code == 403
    assert "Tài khoản của bạn chỉ được xem." in text(response)
