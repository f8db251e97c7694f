"""The admission pages: the list and its filters, a file with its timeline and the next
step as a form, each form's success and refusal in the service's words, the due list, the
home page's count, and the scope (another committee's file is 404)."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse

from dangvu.admissions import rules
from dangvu.admissions.models import Candidate, Step
from dangvu.core import workdays
from tests.factories import make_user
from tests.support import client_for, text
from tests.web.admissions.conftest import make_candidate, walk

K = Step.Kind
D = datetime.date
TODAY = D(2026, 11, 20)


def names(response) -> list[str]:
    return re.findall(r'href="/ket-nap/\d+/">([^<]+)</a>', response.content.decode())


def late(due: datetime.date) -> str:
    return f"quá hạn {-workdays.working_days_between(TODAY, due)} ngày làm việc"


def left(due: datetime.date) -> str:
    return f"còn {workdays.working_days_between(TODAY, due)} ngày làm việc"


def test_the_list_filters_by_organization_state_step_overdue_and_name(tree, users, files):
    client = client_for(users.staff_a)
    url = reverse("admissions:list")
    everyone = {"Võ Thị Hoa", "Đặng Văn Nam", "Trần Minh Khôi", "Lý Thị Mai"}
    assert set(names(client.get(url))) == everyone  # Tư of committee B is not in A's list
    assert names(client.get(url, {"org": tree.cell_a2.pk})) == ["Lý Thị Mai"]
    assert names(client.get(url, {"state": "decided"})) == ["Trần Minh Khôi"]
    assert set(names(client.get(url, {"state": "candidate"}))) == everyone - {"Trần Minh Khôi"}
    assert names(client.get(url, {"step": "application"})) == ["Lý Thị Mai"]
    # The ceremony of Khôi (within 30 working days of the decision of 30/03/2024) is due before
    # Hoa's decision (60 of the resolution of 10/03/2024): the most urgent first.
    assert names(client.get(url, {"overdue": "on"})) == ["Trần Minh Khôi", "Võ Thị Hoa"]
    assert names(client.get(url, {"q": "dang van nam"})) == ["Đặng Văn Nam"]
    page = text(client.get(url))
    hoa, nam = files["hoa"], files["nam"]
    assert "4 hồ sơ kết nạp" in page
    assert (f"Võ Thị Hoa Chi bộ Văn phòng Quần chúng đang xét kết nạp 6-KNĐ – Nghị quyết của chi bộ đề nghị kết nạp "
            f"{hoa.due_on:%d/%m/%Y} {late(hoa.due_on)}") in page
    assert f"{nam.due_on:%d/%m/%Y} {left(nam.due_on)}" in page
    assert "Lý Thị Mai Chi bộ Thanh tra Quần chúng đang xét kết nạp 1-KNĐ – Đơn xin vào Đảng —" in page
    # An HTMX filter answers the results alone.
    partial = client.get(url, {"q": "mai"}, HTTP_HX_REQUEST="true")
    assert names(partial) == ["Lý Thị Mai"] and "<header" not in partial.content.decode()


def test_the_file_shows_its_timeline_deadline_and_next_step(tree, users, files, full_members):
    hoa = files["hoa"]
    response = client_for(users.staff_a).get(reverse("admissions:detail", args=[hoa.pk]))
    assert response.status_code == 200
    page = text(response)
    assert ("6-KNĐ – Nghị quyết của chi bộ đề nghị kết nạp 10/03/2024 · Số 6-KNĐ/"
            f"{hoa.pk} · 3/3 đảng viên chính thức tán thành hệ thống ghi") in page
    assert (f"3-KNĐ – Giấy giới thiệu người vào Đảng 19/02/2024 · Số 3-KNĐ/{hoa.pk} Người giới thiệu: Trần Văn Bình (công tác cùng quần "
            "chúng từ 01/01/2020) Người giới thiệu: Lê Thị Cúc (công tác cùng quần chúng từ 01/01/2020)") in page
    assert "9-KNĐ – Quyết định kết nạp đảng viên chưa ghi" in page
    assert f"Quyết định kết nạp đảng viên: hạn {hoa.due_on:%d/%m/%Y} {late(hoa.due_on)}" in page
    # The next step: the grassroots committee's resolution, with its number.
    assert "Bước tiếp theo 8-KNĐ – Nghị quyết của đảng ủy cơ sở Ngày Số văn bản Ghi chú Ghi bước này" in page
    assert 'name="kind" value="committee_resolution"' in response.content.decode()
    assert "Chưa có" not in page and "Trang đảng viên" not in page


def test_a_probationary_members_file_flags_missing_documents_and_links_the_member(tree, users, full_members, today):
    c = walk(make_candidate(tree.cell_a1, helper=full_members[0]), until=K.CEREMONY, introducers=full_members,
             dates={K.CEREMONY: D(2025, 12, 10)})
    assert c.state == Candidate.State.PROBATION
    response = client_for(users.staff_a).get(reverse("admissions:detail", args=[c.pk]))
    page = text(response)
    assert ("Hồ sơ còn thiếu: Giấy chứng nhận lớp bồi dưỡng đảng viên mới 10-KNĐ – Bản tự kiểm điểm của đảng viên dự "
            "bị 11-KNĐ – Bản nhận xét của đảng viên giúp đỡ 12-KNĐ – Tổng hợp ý kiến nhận xét đảng viên dự bị") in page
    assert reverse("members:detail", args=[c.member_id]) in response.content.decode()
    # Four steps can come next, in any order: each is offered; the ceremony cannot be withdrawn.
    for kind in (K.NEW_MEMBER_CLASS, K.SELF_REVIEW, K.HELPER_REVIEW, K.PROBATION_OPINIONS):
        assert f"?kind={kind}#next" in response.content.decode()
    assert ("Không rút được bước gần nhất (Lễ kết nạp) tại đây: Lễ kết nạp đã thay đổi hồ sơ đảng viên nên không rút "
            "được tại đây; hãy sửa hồ sơ đảng viên.") in page
    assert reverse("admissions:undo", args=[c.pk]) not in response.content.decode()
    refused = client_for(users.staff_a).post(reverse("admissions:undo", args=[c.pk]), {"reason": "Nhầm"})
    assert refused.status_code == 400
    assert "Lễ kết nạp đã thay đổi hồ sơ đảng viên nên không rút được tại đây" in text(refused)


def test_recording_a_step(tree, users, files):
    mai = files["mai"]
    client = client_for(users.staff_a)
    response = client.post(reverse("admissions:step", args=[mai.pk]), {"kind": "biography", "on": "15/02/2024"})
    assert response.status_code == 302 and response["Location"] == reverse("admissions:detail", args=[mai.pk])
    step = mai.steps.get(kind=K.BIOGRAPHY)
    assert (step.on, step.recorded_by) == (D(2024, 2, 15), users.staff_a)
    mai.refresh_from_db()
    assert mai.last_step == K.BIOGRAPHY
    # A step the file is not ready for: refused at the top, in the service's words.
    response = client.post(reverse("admissions:step", args=[mai.pk]), {"kind": "ceremony", "on": "15/02/2024"})
    assert response.status_code == 400
    assert "Lễ kết nạp phải sau 9-KNĐ – Quyết định kết nạp đảng viên, bước này chưa được ghi." in text(response)
    # A date before the previous step: next to the date.
    response = client.post(reverse("admissions:step", args=[mai.pk]), {"kind": "verification", "on": "10/02/2024",
                                                                       "document_number": "TT/1"})
    assert response.status_code == 400
    assert ("Thẩm tra lý lịch ghi ngày 10/02/2024, trước 2-KNĐ – Lý lịch của người xin vào Đảng (15/02/2024).") in text(
        response)
    # A numbered document without its number.
    response = client.post(reverse("admissions:step", args=[mai.pk]), {"kind": "verification", "on": "20/02/2024"})
    assert "Thẩm tra lý lịch: cần ghi số văn bản." in text(response)
    assert mai.steps.count() == 3


def test_the_cell_resolution_shows_the_full_members_and_refuses_short_votes(tree, users, full_members, today):
    c = walk(make_candidate(tree.cell_a1), until=K.OPINIONS, introducers=full_members)
    client = client_for(users.staff_a)
    page = text(client.get(reverse("admissions:detail", args=[c.pk])))
    assert "Hôm nay chi bộ có 3 đảng viên chính thức trong danh sách" in page
    assert "Số phiếu tán thành" in page
    response = client.post(reverse("admissions:step", args=[c.pk]),
                           {"kind": "cell_resolution", "on": "10/03/2024", "document_number": "NQ/6", "votes_for": "1"})
    assert response.status_code == 400
    name = rules.rule_set(D(2024, 3, 10)).name
    assert (f"{name}: 1 phiếu tán thành chưa đạt 2/3 trong 3 đảng viên chính thức của chi bộ (cần ít nhất 2 phiếu)."
            in text(response))
    response = client.post(reverse("admissions:step", args=[c.pk]),
                           {"kind": "cell_resolution", "on": "10/03/2024", "document_number": "NQ/6", "votes_for": "2"})
    assert response.status_code == 302
    step = c.steps.get(kind=K.CELL_RESOLUTION)
    assert (step.votes_for, step.full_members, step.document_number) == (2, 3, "NQ/6")


def test_the_introduction_names_members_or_a_union(tree, users, full_members, today):
    c = walk(make_candidate(tree.cell_a1), until=K.VERIFICATION)
    client = client_for(users.staff_a)
    url = reverse("admissions:step", args=[c.pk])
    page = client.get(reverse("admissions:detail", args=[c.pk]))
    assert [m.full_name for m in full_members][0] in text(page)
    response = client.post(url, {"kind": "introduction", "on": "19/02/2024", "introducer_1": full_members[0].pk,
                                 "since_1": "01/01/2020"})
    assert response.status_code == 400
    assert ("3-KNĐ: cần hai đảng viên chính thức giới thiệu (hoặc nghị quyết của Đoàn Thanh niên hay Công đoàn và một "
            "đảng viên).") in text(response)
    response = client.post(url, {"kind": "introduction", "on": "19/02/2024", "introducer_1": full_members[0].pk,
                                 "since_1": "01/01/2020", "union": "youth_union", "union_document": "NQ/ĐTN 4"})
    assert response.status_code == 302
    step = c.steps.get(kind=K.INTRODUCTION)
    assert [(i.kind, i.member_id, i.document_number) for i in step.introductions.all()] == [
        ("member", full_members[0].pk, ""), ("youth_union", None, "NQ/ĐTN 4")]
    page = text(client.get(reverse("admissions:detail", args=[c.pk])))
    assert "4-KNĐ – Giấy giới thiệu người vào Đảng 19/02/2024" in page
    assert "Đoàn Thanh niên · nghị quyết số NQ/ĐTN 4" in page


def test_the_decision_and_its_receipt(tree, users, full_members, today):
    c = walk(make_candidate(tree.cell_a1), until=K.COMMITTEE_RESOLUTION, introducers=full_members)
    client = client_for(users.staff_a)
    url = reverse("admissions:step", args=[c.pk])
    response = client.post(url, {"kind": "decision", "on": "30/03/2024", "document_number": "QĐ/9",
                                 "received_on": "25/03/2024"})
    assert response.status_code == 400
    assert "Không thể nhận quyết định (25/03/2024) trước ngày ký (30/03/2024)." in text(response)
    response = client.post(url, {"kind": "decision", "on": "30/03/2024", "document_number": "QĐ/9",
                                 "received_on": "02/04/2024"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert (c.state, c.due_step, c.due_on) == ("decided", K.CEREMONY, workdays.add_working_days(D(2024, 4, 2), 30))


def test_withdrawing_the_last_step(tree, users, files):
    mai = files["mai"]
    client = client_for(users.staff_a)
    url = reverse("admissions:undo", args=[mai.pk])
    assert url in client.get(reverse("admissions:detail", args=[mai.pk])).content.decode()
    response = client.get(url)
    assert "Rút bước gần nhất: 1-KNĐ – Đơn xin vào Đảng" in text(response)
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    response = client.post(url, {"reason": "Ghi nhầm ngày"})
    assert response.status_code == 302
    mai.refresh_from_db()
    assert (mai.last_step, list(mai.steps.values_list("kind", flat=True))) == (K.AWARENESS_CERTIFICATE,
                                                                               [K.AWARENESS_CERTIFICATE])


def test_extending_a_deadline(tree, users, files):
    hoa, mai = files["hoa"], files["mai"]
    client = client_for(users.staff_a)
    assert reverse("admissions:extend", args=[hoa.pk]) in client.get(
        reverse("admissions:detail", args=[hoa.pk])).content.decode()
    response = client.post(reverse("admissions:extend", args=[hoa.pk]), {"reason": "Chờ kết quả thẩm tra bổ sung"})
    assert response.status_code == 302
    hoa.refresh_from_db()
    assert hoa.decision_extended == "Chờ kết quả thẩm tra bổ sung"
    assert hoa.due_on == workdays.add_working_days(D(2024, 3, 10), 90)
    page = text(client.get(reverse("admissions:detail", args=[hoa.pk])))
    assert "Đã gia hạn ra quyết định kết nạp: Chờ kết quả thẩm tra bổ sung" in page
    # A file without a deadline: no button, and the form says why.
    assert reverse("admissions:extend", args=[mai.pk]) not in client.get(
        reverse("admissions:detail", args=[mai.pk])).content.decode()
    response = client.post(reverse("admissions:extend", args=[mai.pk]), {"reason": "x"})
    assert response.status_code == 400
    assert ("Chỉ được gia hạn một lần thời hạn ra quyết định kết nạp hoặc quyết định công nhận chính thức."
            in text(response))


def test_closing_a_file(tree, users, files):
    mai, khoi = files["mai"], files["khoi"]
    client = client_for(users.staff_a)
    response = client.post(reverse("admissions:close", args=[mai.pk]), {"on": "01/06/2024", "reason": "Rút đơn"})
    assert response.status_code == 302
    mai.refresh_from_db()
    assert (mai.state, mai.closed_on, mai.closed_reason) == ("withdrawn", D(2024, 6, 1), "Rút đơn")
    page = text(client.get(reverse("admissions:detail", args=[mai.pk])))
    assert "Hồ sơ đã đóng 01/06/2024: Rút đơn" in page and "Bước tiếp theo" not in page
    # After the decision: no button; a post is refused in the service's words.
    assert reverse("admissions:close", args=[khoi.pk]) not in client.get(
        reverse("admissions:detail", args=[khoi.pk])).content.decode()
    response = client.post(reverse("admissions:close", args=[khoi.pk]), {"on": "01/06/2024", "reason": "x"})
    assert response.status_code == 400
    assert "Đã có quyết định kết nạp: không thể đóng hồ sơ, hãy ghi bước tiếp theo." in text(response)


def test_opening_and_editing_a_file(tree, users, full_members, today):
    client = client_for(users.staff_a)
    url = reverse("admissions:new")
    page = client.get(url)
    assert "Chi bộ Văn phòng" in text(page) and "Chi bộ Bệnh viện" not in text(page)
    data = {"organization": tree.cell_a2.pk, "full_name": "Phan Thị Lan", "gender": "female",
            "birth_date": "12/12/2030", "ethnicity": "Kinh", "religion": "Không", "helper": full_members[1].pk}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Ngày sinh 12/12/2030 sau ngày hôm nay." in text(response)
    response = client.post(url, data | {"birth_date": "12/12/2001"})
    lan = Candidate.objects.get(full_name="Phan Thị Lan")
    assert response.status_code == 302 and response["Location"] == reverse("admissions:detail", args=[lan.pk])
    assert (lan.organization, lan.helper, lan.birth_date, lan.started_on) == (
        tree.cell_a2, full_members[1], D(2001, 12, 12), today)
    edit = reverse("admissions:edit", args=[lan.pk])
    fields = {"full_name": "Phan Thị Lan", "gender": "female", "birth_date": "12/12/2001", "ethnicity": "Kinh",
              "religion": "Không", "helper": full_members[1].pk}
    response = client.post(edit, fields | {"citizen_id": "12345"})
    assert response.status_code == 400
    response = client.post(edit, fields | {"phone": "0912 345 678"})
    assert response.status_code == 302
    lan.refresh_from_db()
    assert lan.phone == "0912 345 678"


def test_another_committees_file_is_404(tree, users, files):
    client = client_for(users.staff_a)
    tu = files["tu"]
    for name in ("detail", "edit", "step", "undo", "extend", "close"):
        assert client.get(reverse(f"admissions:{name}", args=[tu.pk])).status_code == 404, name
        assert client.post(reverse(f"admissions:{name}", args=[tu.pk]), {"reason": "x"}).status_code == 404, name
    tu.refresh_from_db()
    assert tu.steps.count() == 0 and tu.closed_on is None


def test_the_due_list_and_the_home_page_count(tree, users, files):
    client = client_for(users.staff_a)
    hoa, nam, khoi = files["hoa"], files["nam"], files["khoi"]
    response = client.get(reverse("admissions:due"))
    assert names(response) == ["Trần Minh Khôi", "Võ Thị Hoa", "Đặng Văn Nam"]
    page = text(response)
    assert (f"Trần Minh Khôi Chi bộ Văn phòng Lễ kết nạp {khoi.due_on:%d/%m/%Y} {late(khoi.due_on)}") in page
    assert (f"Đặng Văn Nam Chi bộ Văn phòng Quyết định kết nạp đảng viên {nam.due_on:%d/%m/%Y} "
            f"{left(nam.due_on)}") in page
    assert f"Võ Thị Hoa Chi bộ Văn phòng Quyết định kết nạp đảng viên {hoa.due_on:%d/%m/%Y} {late(hoa.due_on)}" in page
    assert nam.due_on > TODAY + datetime.timedelta(days=1)
    assert names(client.get(reverse("admissions:due"), {"days": "1"})) == ["Trần Minh Khôi", "Võ Thị Hoa"]
    assert names(client.get(reverse("admissions:due"), {"org": tree.cell_a2.pk})) == []
    home = text(client.get(reverse("home")))
    assert "2 hồ sơ kết nạp quá hạn, 1 đến hạn trong 30 ngày" in home
    assert reverse("admissions:due") in client.get(reverse("home")).content.decode()
    # Committee B's staff: nothing due, no line.
    b = make_user(tree.committee_b, "staff_syt", "staff")
    assert "hồ sơ kết nạp quá hạn" not in text(client_for(b).get(reverse("home")))
