"""The classes pages: the list with its filters and the count of each kind, a class and its
attendees, recording a class, adding attendees, recording results and issuing certificates
through the pages (the awareness certificate landing in the candidate's file, a refusal in
the register's words), study sessions; each role's buttons; another committee's class is
404."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse

from dangvu.admissions.models import Candidate, Step
from dangvu.classes import services
from dangvu.classes.models import Attendee, Course, StudySession
from dangvu.core.actors import SYSTEM
from tests.admissions.conftest import make_candidate, walk
from tests.classes.conftest import kind, make_course
from tests.support import client_for, options, text

K = Step.Kind
D = datetime.date


def names(response) -> list[str]:
    return re.findall(r'href="/lop-hoc/\d+/">([^<]+)</a>', response.content.decode())


def test_the_list_filters_by_year_kind_and_organization_and_counts_each_kind(tree, users, today):
    make_course(tree.committee_a, "awareness", name="Nhận thức 1/2023", start=D(2023, 3, 6), end=D(2023, 3, 10))
    make_course(tree.committee_a, "awareness", name="Nhận thức 2/2023", start=D(2023, 6, 5), end=D(2023, 6, 9))
    make_course(tree.bloc, "professional", name="Nghiệp vụ 1/2023", start=D(2023, 9, 4), end=D(2023, 9, 6))
    make_course(tree.committee_a, "new_member", name="Đảng viên mới 1/2024", start=D(2024, 4, 1), end=D(2024, 4, 5))
    make_course(tree.committee_b, "awareness", name="Nhận thức Sở Y tế", start=D(2023, 5, 8), end=D(2023, 5, 12))
    staff, admin = client_for(users.staff_a), client_for(users.bloc_admin)
    url = reverse("classes:list")
    assert names(staff.get(url)) == ["Đảng viên mới 1/2024", "Nhận thức 2/2023", "Nhận thức 1/2023"]
    assert names(admin.get(url, {"year": 2023, "kind": kind("awareness").pk})) == [
        "Nhận thức 2/2023", "Nhận thức Sở Y tế", "Nhận thức 1/2023"]
    assert names(admin.get(url, {"org": tree.committee_b.pk})) == ["Nhận thức Sở Y tế"]
    page = text(admin.get(url, {"year": 2023}))
    assert ("Các lớp đã tổ chức năm 2023 Lớp bồi dưỡng nhận thức về Đảng 3 Lớp bồi dưỡng lý luận chính trị cho "
            "đảng viên mới 0 Lớp bồi dưỡng nghiệp vụ công tác xây dựng Đảng 1") in page
    assert "4 lớp" in page
    assert options(admin.get(url), "kind") == ["Tất cả", "Lớp bồi dưỡng nhận thức về Đảng",
                                               "Lớp bồi dưỡng lý luận chính trị cho đảng viên mới",
                                               "Lớp bồi dưỡng nghiệp vụ công tác xây dựng Đảng"]


def test_a_class_of_another_committee_is_not_found(tree, users):
    course = make_course(tree.committee_b)
    assert client_for(users.staff_a).get(reverse("classes:detail", args=[course.pk])).status_code == 404
    assert client_for(users.staff_a).get(reverse("classes:results", args=[course.pk])).status_code == 404
    assert client_for(users.bloc_admin).get(reverse("classes:detail", args=[course.pk])).status_code == 200


def test_from_recording_a_class_to_its_certificates_through_the_pages(tree, users, today):
    hoa = make_candidate(tree.cell_a1, full_name="Võ Thị Hoa")
    lan = make_candidate(tree.cell_a2, full_name="Ngô Thị Lan")
    already = walk(make_candidate(tree.cell_a1, full_name="Đặng Văn Nam", gender="male"),
                   until=K.AWARENESS_CERTIFICATE, start=D(2024, 1, 10))
    make_candidate(tree.cell_b1, full_name="Lê Văn Tư", gender="male")  # committee B: not offered
    client = client_for(users.staff_a)
    response = client.post(reverse("classes:new"), {
        "kind": kind("awareness").pk, "organizer": tree.committee_a.pk, "name": "Lớp nhận thức về Đảng khóa 1/2026",
        "start": "02/11/2026", "end": "06/11/2026", "place": "Hội trường Sở"})
    assert response.status_code == 302
    course = Course.objects.get()
    assert (course.organizer, course.start, course.end, course.place) == (
        tree.committee_a, D(2026, 11, 2), D(2026, 11, 6), "Hội trường Sở")
    attendees_url = reverse("classes:attendees", args=[course.pk])
    assert options(client.get(attendees_url), "candidates") == [
        "Đặng Văn Nam (15/06/2000) · Chi bộ Văn phòng", "Ngô Thị Lan (15/06/2000) · Chi bộ Thanh tra",
        "Võ Thị Hoa (15/06/2000) · Chi bộ Văn phòng"]
    assert client.post(attendees_url, {"candidates": [hoa.pk, lan.pk, already.pk]}).status_code == 302
    rows = {a.candidate_id: a for a in Attendee.objects.all()}
    results_url = reverse("classes:results", args=[course.pk])
    response = client.post(results_url, {
        f"result_{rows[hoa.pk].pk}": "passed", f"grade_{rows[hoa.pk].pk}": "Giỏi",
        f"result_{rows[lan.pk].pk}": "failed", f"grade_{rows[lan.pk].pk}": "",
        f"result_{rows[already.pk].pk}": "passed", f"grade_{rows[already.pk].pk}": "Khá"})
    assert response.status_code == 302
    certificates_url = reverse("classes:certificates", args=[course.pk])
    page = text(client.get(certificates_url))
    assert "Chưa cấp được" in page
    assert ("Đặng Văn Nam: Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng đã được ghi (10/01/2024)."
            in page), page
    assert "Ngô Thị Lan chưa đạt yêu cầu của lớp: chỉ cấp giấy chứng nhận cho người đạt." in page
    response = client.post(certificates_url, {"on": "09/11/2026", f"number_{rows[hoa.pk].pk}": "31-GCN/TTCT"})
    assert response.status_code == 302
    step = Step.objects.get(candidate=hoa, kind=K.AWARENESS_CERTIFICATE)
    assert (step.on, step.document_number) == (D(2026, 11, 9), "31-GCN/TTCT")
    assert Candidate.objects.get(pk=hoa.pk).last_step == K.AWARENESS_CERTIFICATE
    page = text(client.get(reverse("classes:detail", args=[course.pk])))
    assert "3 học viên, 2 đạt, 1 giấy chứng nhận" in page
    assert "Võ Thị Hoa (quần chúng) 15/06/2000 Chi bộ Văn phòng Đạt Giỏi 31-GCN/TTCT (09/11/2026) · đã ghi vào hồ sơ kết nạp" \
        in page
    assert "Ngô Thị Lan (quần chúng) 15/06/2000 Chi bộ Thanh tra Không đạt — — Xóa" in page


def test_a_refused_certificate_issue_shows_the_rule_and_issues_nothing(tree, users, today, make_member):
    course = make_course(tree.committee_a, "professional")
    rows = services.attendees_add(actor=SYSTEM, course=course, members=[
        make_member(tree.cell_a1, full_name="Trần Văn Bình"), make_member(tree.cell_a2, full_name="Lê Thị Cúc")])
    services.results_record(actor=SYSTEM, course=course, results=[(a, "passed", "") for a in rows])
    response = client_for(users.staff_a).post(reverse("classes:certificates", args=[course.pk]), {
        "on": "08/03/2024", f"number_{rows[0].pk}": "5", f"number_{rows[1].pk}": "5"})
    assert response.status_code == 400
    assert ("Giấy chứng nhận số 5 của Lớp bồi dưỡng nghiệp vụ công tác xây dựng Đảng đã được Đảng bộ Sở Tài chính "
            "cấp.") in text(response)
    assert not Attendee.objects.filter(certificate_date__isnull=False).exists()


def test_buttons_follow_the_role(tree, users, today):
    course = make_course(tree.committee_a)
    services.attendees_add(actor=SYSTEM, course=course, candidates=[make_candidate(tree.cell_a1)])
    detail = reverse("classes:detail", args=[course.pk])
    writes = [reverse(n, args=[course.pk]) for n in ("classes:attendees", "classes:results", "classes:certificates",
                                                     "classes:session_new", "classes:edit")]
    staff = client_for(users.staff_a).get(detail).content.decode()
    viewer = client_for(users.viewer).get(detail).content.decode()
    assert all(url in staff for url in writes)
    assert not any(url in viewer for url in writes)
    assert reverse("classes:kind_new") in client_for(users.bloc_admin).get(reverse("classes:list")).content.decode()
    assert reverse("classes:kind_new") not in client_for(users.staff_a).get(reverse("classes:list")).content.decode()
    assert client_for(users.staff_a).get(reverse("classes:kind_new")).status_code == 403


def test_study_sessions_are_recorded_and_listed(tree, users, today):
    client = client_for(users.staff_a)
    response = client.post(reverse("classes:study_new"), {
        "organization": tree.cell_a1.pk, "resolution": "Nghị quyết số 57-NQ/TW", "on": "04/03/2025",
        "present": "18", "expected": "20"})
    assert response.status_code == 302
    assert StudySession.objects.get().organization == tree.cell_a1
    response = client.post(reverse("classes:study_new"), {
        "organization": tree.cell_a1.pk, "resolution": "Nghị quyết số 57-NQ/TW", "on": "04/03/2025",
        "present": "21", "expected": "20"})
    assert response.status_code == 400
    assert "21 đảng viên có mặt, nhiều hơn 20 đảng viên phải dự." in text(response)
    services.study_create(actor=SYSTEM, organization=tree.cell_b1, resolution="Nghị quyết số 66-NQ/TW",
                          on=D(2025, 5, 4), present=9, expected=9)
    page = text(client.get(reverse("classes:studies")))
    assert "1 buổi học tập" in page
    assert "04/03/2025 Nghị quyết số 57-NQ/TW Chi bộ Văn phòng 18 20" in page
    assert "66-NQ/TW" not in page
    assert "2 buổi học tập" in text(client_for(users.bloc_admin).get(reverse("classes:studies")))
