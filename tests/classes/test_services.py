"""The classes register's writes: classes, attendees (who may attend which class, from the
organizer's subtree), results, certificates (numbers, all or nothing) and the admission
step a certificate records, study sessions; each refusal's words."""

from __future__ import annotations

import datetime

import pytest

from dangvu.admissions.models import Candidate, Step
from dangvu.classes import services
from dangvu.classes.models import Attendee, CourseKind
from dangvu.core.actors import SYSTEM
from dangvu.core.errors import PermissionDenied, ValidationError
from tests.admissions.conftest import make_candidate, walk
from tests.classes.conftest import kind, make_course, pass_all
from tests.factories import audit_rows, message

K = Step.Kind
D = datetime.date
pytestmark = pytest.mark.usefixtures("english", "today")


def refused(call) -> tuple[str, str]:
    with pytest.raises(ValidationError) as exc:
        call()
    error = exc.value
    codes = [e.code for errors in error.error_dict.values() for e in errors] if hasattr(error, "error_dict") else [
        error.code]
    return message(exc), codes[0]


# --- Kinds -----------------------------------------------------------------------------------

def test_the_three_kinds_are_seeded_and_an_administrator_adds_others(tree, users):
    assert list(CourseKind.objects.values_list("code", "name")) == [
        ("awareness", "Lớp bồi dưỡng nhận thức về Đảng"),
        ("new_member", "Lớp bồi dưỡng lý luận chính trị cho đảng viên mới"),
        ("professional", "Lớp bồi dưỡng nghiệp vụ công tác xây dựng Đảng"),
    ]
    added = services.course_kind_create(actor=users.bloc_admin, name="  Lớp bồi dưỡng  cấp ủy viên ")
    assert (added.code, added.name, added.position) == ("lop-boi-duong-cap-uy-vien", "Lớp bồi dưỡng cấp ủy viên", 4)
    assert [r.action for r in audit_rows(added)] == ["course_kind.create"]
    assert refused(lambda: services.course_kind_create(actor=users.bloc_admin, name="lớp bồi dưỡng cấp ủy viên")) == (
        "The kind “lớp bồi dưỡng cấp ủy viên” already exists.", "kind_exists")
    with pytest.raises(PermissionDenied) as exc:
        services.course_kind_create(actor=users.staff_a, name="Lớp khác")
    assert str(exc.value) == "Only an administrator may add a kind of class."


# --- Classes ---------------------------------------------------------------------------------

def test_a_class_is_recorded_for_its_organizer_and_audited(tree, users):
    course = make_course(tree.committee_a, "professional", actor=users.staff_a, place=" Hội trường  Sở ")
    assert (course.organizer, course.kind.code, course.place, course.start, course.end) == (
        tree.committee_a, "professional", "Hội trường Sở", D(2024, 3, 4), D(2024, 3, 8))
    assert [r.action for r in audit_rows(course)] == ["course.create"]
    with pytest.raises(PermissionDenied):
        make_course(tree.committee_b, actor=users.staff_a)
    with pytest.raises(PermissionDenied):
        make_course(tree.committee_a, actor=users.viewer)


def test_the_dates_of_a_class_are_checked(tree):
    assert refused(lambda: make_course(tree.bloc, start=D(2024, 3, 8), end=D(2024, 3, 4))) == (
        "The end date 04/03/2024 is before the start date 08/03/2024.", "course_end_before_start")
    assert refused(lambda: make_course(tree.bloc, start=D(2026, 11, 20), end=D(2026, 11, 21))) == (
        "The date 21/11/2026 is after today (20/11/2026): only what already happened can be recorded; check the "
        "year.", "date_in_future")
    assert refused(lambda: make_course(tree.bloc, start=D(2009, 12, 1), end=D(2009, 12, 3))) == (
        "The date 01/12/2009 is before the establishment of Đảng bộ các cơ quan Đảng tỉnh (01/01/2010).",
        "date_too_early")


def test_a_session_falls_within_the_class(tree):
    course = make_course(tree.bloc)
    session = services.session_add(actor=SYSTEM, course=course, on=D(2024, 3, 5), topic="Lịch sử Đảng")
    assert (session.on, session.topic) == (D(2024, 3, 5), "Lịch sử Đảng")
    assert refused(lambda: services.session_add(actor=SYSTEM, course=course, on=D(2024, 3, 9), topic="Điều lệ")) == (
        "The class runs from 04/03/2024 to 08/03/2024; 09/03/2024 is outside it.", "session_outside_course")


# --- Attendees -------------------------------------------------------------------------------

def test_who_attends_which_class(tree, make_member):
    member_a = make_member(tree.cell_a1, full_name="Trần Văn Bình")
    member_b = make_member(tree.cell_b1, full_name="Lê Thị Cúc")
    candidate = make_candidate(tree.cell_a1)
    awareness = make_course(tree.committee_a)
    new_member = make_course(tree.committee_a, "new_member")
    professional = make_course(tree.committee_a, "professional")

    rows = services.attendees_add(actor=SYSTEM, course=professional, members=[member_a], candidates=[candidate])
    assert [r.person_name for r in rows] == ["Trần Văn Bình", "Võ Thị Hoa"]
    assert [r.action for r in audit_rows(professional)] == ["course.create", "course.attendees"]
    assert refused(lambda: services.attendees_add(actor=SYSTEM, course=awareness, members=[member_a])) == (
        "Trần Văn Bình is a Party member: the Party awareness class is for admission candidates.",
        "awareness_for_candidates")
    assert refused(lambda: services.attendees_add(actor=SYSTEM, course=new_member, candidates=[candidate])) == (
        "Võ Thị Hoa is an admission candidate: the new-member class is for members.", "new_member_for_members")
    assert refused(lambda: services.attendees_add(actor=SYSTEM, course=new_member, members=[member_b])) == (
        "Lê Thị Cúc is on the rolls of Chi bộ Bệnh viện, which does not stand under Đảng bộ Sở Tài chính.",
        "attendee_outside")
    assert refused(lambda: services.attendees_add(actor=SYSTEM, course=professional, members=[member_a])) == (
        "Trần Văn Bình already attends the class.", "attendee_twice")
    assert refused(lambda: services.attendees_add(actor=SYSTEM, course=professional)) == (
        "Choose the members or candidates who attend.", "attendees_missing")
    other = make_candidate(tree.cell_b1, full_name="Đỗ Văn Khang")
    assert refused(lambda: services.attendees_add(actor=SYSTEM, course=awareness, candidates=[other])) == (
        "The file of Đỗ Văn Khang belongs to Chi bộ Bệnh viện, which does not stand under Đảng bộ Sở Tài chính.",
        "attendee_outside")
    assert professional.attendees.count() == 2 and awareness.attendees.count() == 0


def test_an_attendee_is_removed_until_the_certificate(tree):
    course = make_course(tree.committee_a)
    first, second = services.attendees_add(actor=SYSTEM, course=course, candidates=[
        make_candidate(tree.cell_a1), make_candidate(tree.cell_a2, full_name="Phan Văn Lộc")])
    services.attendee_remove(actor=SYSTEM, attendee=first)
    assert [a.person_name for a in course.attendees.all()] == ["Phan Văn Lộc"]
    (second,) = pass_all(course, [second])
    services.certificates_issue(actor=SYSTEM, course=course, on=D(2024, 3, 8), numbers=[(second, "12-GCN")])
    second.refresh_from_db()
    assert services.attendee_remove_refusal(actor=SYSTEM, attendee=second) == (
        "Phan Văn Lộc received certificate 12-GCN: the attendee cannot be removed.")
    assert refused(lambda: services.attendee_remove(actor=SYSTEM, attendee=second))[1] == "certificate_issued"


# --- Results ---------------------------------------------------------------------------------

def test_results_are_recorded_after_the_class(tree, make_member, today):
    running = make_course(tree.committee_a, "professional", start=D(2026, 11, 16), end=D(2026, 11, 20))
    member = make_member(tree.cell_a1)
    (attendee,) = services.attendees_add(actor=SYSTEM, course=running, members=[member])
    assert services.results_refusal(actor=SYSTEM, course=running) == ""
    assert services.results_record(actor=SYSTEM, course=running,
                                   results=[(attendee, Attendee.Result.FAILED, "4,5")]) == 1
    attendee.refresh_from_db()
    assert (attendee.result, attendee.grade) == ("failed", "4,5")
    assert services.results_record(actor=SYSTEM, course=running,
                                   results=[(attendee, Attendee.Result.FAILED, "4,5")]) == 0
    assert refused(lambda: services.results_record(actor=SYSTEM, course=running,
                                                   results=[(attendee, Attendee.Result.PENDING, "Khá")])) == (
        "Nguyễn Văn An: a grade goes with a result.", "grade_without_result")
    assert [r.action for r in audit_rows(running)] == ["course.create", "course.attendees", "course.results"]


# --- Certificates ----------------------------------------------------------------------------

def test_certificates_are_issued_to_those_who_passed_with_their_numbers(tree, make_member):
    course = make_course(tree.committee_a, "professional")
    a = make_member(tree.cell_a1, full_name="Trần Văn Bình")
    b = make_member(tree.cell_a2, full_name="Lê Thị Cúc")
    c = make_member(tree.cell_sub, full_name="Phạm Văn Dũng")
    rows = services.attendees_add(actor=SYSTEM, course=course, members=[a, b, c])
    passed = pass_all(course, rows[:2])
    services.results_record(actor=SYSTEM, course=course, results=[(rows[2], Attendee.Result.FAILED, "")])
    on = D(2024, 3, 15)
    assert refused(lambda: services.certificates_issue(actor=SYSTEM, course=course, on=on,
                                                       numbers=[(passed[0], "01"), (rows[2], "03")])) == (
        "Phạm Văn Dũng has not passed the class: a certificate is issued to those who passed.",
        "certificate_not_passed")
    assert Attendee.objects.filter(certificate_date__isnull=False).count() == 0  # all or nothing
    assert refused(lambda: services.certificates_issue(actor=SYSTEM, course=course, on=on,
                                                       numbers=[(passed[0], "01"), (passed[1], " 01 ")])) == (
        "Certificate number 01 of Lớp bồi dưỡng nghiệp vụ công tác xây dựng Đảng is already given by Đảng bộ Sở Tài "
        "chính.", "certificate_number_taken")
    assert refused(lambda: services.certificates_issue(actor=SYSTEM, course=course, on=D(2024, 3, 7),
                                                       numbers=[(passed[0], "01")])) == (
        "The date 07/03/2024 is before the end of the class (08/03/2024).", "date_too_early")
    assert refused(lambda: services.certificates_issue(actor=SYSTEM, course=course, on=on,
                                                       numbers=[(passed[0], "")])) == (
        "Trần Văn Bình: the certificate's number is required.", "certificate_number_missing")
    issued = services.certificates_issue(actor=SYSTEM, course=course, on=on,
                                         numbers=[(passed[0], "01-GCN"), (passed[1], "02-GCN")])
    assert [(x.person_name, x.certificate_number, x.certificate_date, x.step) for x in issued] == [
        ("Trần Văn Bình", "01-GCN", on, None), ("Lê Thị Cúc", "02-GCN", on, None)]
    assert audit_rows(course)[-1].note == "15/03/2024: Trần Văn Bình (01-GCN), Lê Thị Cúc (02-GCN)"
    assert services.certificate_refusal(actor=SYSTEM, attendee=Attendee.objects.get(pk=passed[0].pk)) == (
        "Trần Văn Bình already received certificate 01-GCN on 15/03/2024.")
    assert refused(lambda: services.results_record(actor=SYSTEM, course=course,
                                                   results=[(passed[0], Attendee.Result.FAILED, "")])) == (
        "Trần Văn Bình received certificate 01-GCN: the result stays “passed”.", "certificate_issued")
    # Another class of the same kind and organizer cannot reuse a number.
    again = make_course(tree.committee_a, "professional", start=D(2024, 5, 6), end=D(2024, 5, 8))
    (d,) = pass_all(again, services.attendees_add(actor=SYSTEM, course=again, members=[c]))
    assert refused(lambda: services.certificates_issue(actor=SYSTEM, course=again, on=D(2024, 5, 8),
                                                       numbers=[(d, "02-GCN")]))[1] == "certificate_number_taken"


def test_an_awareness_certificate_is_the_first_step_of_the_candidates_file(tree, users):
    candidate = make_candidate(tree.cell_a1, actor=users.staff_a, started_on=D(2024, 1, 5))
    course = make_course(tree.committee_a, actor=users.staff_a)
    (attendee,) = pass_all(course, services.attendees_add(actor=users.staff_a, course=course, candidates=[candidate]),
                           actor=users.staff_a)
    assert services.certificate_refusal(actor=users.staff_a, attendee=attendee) == ""
    (issued,) = services.certificates_issue(actor=users.staff_a, course=course, on=D(2024, 3, 11),
                                            numbers=[(attendee, "25-GCN/TTCT")])
    step = issued.step
    assert (step.candidate_id, step.kind, step.on, step.document_number, step.note) == (
        candidate.pk, K.AWARENESS_CERTIFICATE, D(2024, 3, 11), "25-GCN/TTCT", course.name)
    candidate.refresh_from_db()
    assert candidate.last_step == K.AWARENESS_CERTIFICATE
    assert [r.action for r in audit_rows(candidate)] == ["candidate.create", "candidate.step"]


def test_withdrawing_the_step_from_the_file_leaves_the_certificate(tree):
    from dangvu.admissions import services as admission_services
    candidate = make_candidate(tree.cell_a1)
    course = make_course(tree.committee_a)
    (attendee,) = pass_all(course, services.attendees_add(actor=SYSTEM, course=course, candidates=[candidate]))
    (issued,) = services.certificates_issue(actor=SYSTEM, course=course, on=D(2024, 3, 11),
                                            numbers=[(attendee, "25-GCN")])
    admission_services.step_undo(actor=SYSTEM, step=issued.step, reason="Ghi nhầm hồ sơ")
    issued.refresh_from_db()
    assert (issued.step, issued.certificate_number, issued.certificate_date) == (None, "25-GCN", D(2024, 3, 11))
    assert not Step.objects.filter(candidate=candidate).exists()


def test_a_class_is_corrected_within_its_certificates(tree):
    course = make_course(tree.committee_a, "professional", start=D(2024, 3, 4), end=D(2024, 3, 8))
    corrected = services.course_update(actor=SYSTEM, course=course, kind=kind("professional"), name="Lớp nghiệp vụ",
                                       start=D(2024, 3, 4), end=D(2024, 3, 9), place="Hội trường")
    assert (corrected.name, corrected.end, corrected.place) == ("Lớp nghiệp vụ", D(2024, 3, 9), "Hội trường")
    assert audit_rows(course)[-1].changes == {"name": [course.name, "Lớp nghiệp vụ"], "end": ["2024-03-08", "2024-03-09"],
                                              "place": ["", "Hội trường"]}
    from tests.factories import make_member
    (row,) = pass_all(course, services.attendees_add(actor=SYSTEM, course=course,
                                                     members=[make_member(tree.cell_a1)]))
    services.certificates_issue(actor=SYSTEM, course=course, on=D(2024, 3, 10), numbers=[(row, "1")])
    assert refused(lambda: services.course_update(actor=SYSTEM, course=course, kind=kind("awareness"), name="X",
                                                  start=D(2024, 3, 4), end=D(2024, 3, 9))) == (
        "Certificates of this class were issued: its kind cannot change.", "kind_after_certificates")
    assert refused(lambda: services.course_update(actor=SYSTEM, course=course, kind=kind("professional"), name="X",
                                                  start=D(2024, 3, 4), end=D(2024, 3, 11))) == (
        "A certificate of this class is dated 10/03/2024: the class cannot end after it.", "end_after_certificate")


def test_a_step_already_in_the_file_refuses_the_certificate(tree):
    candidate = walk(make_candidate(tree.cell_a1), until=K.AWARENESS_CERTIFICATE, start=D(2024, 1, 10))
    course = make_course(tree.committee_a)
    (attendee,) = pass_all(course, services.attendees_add(actor=SYSTEM, course=course, candidates=[candidate]))
    expected = ("Võ Thị Hoa: Party awareness class certificate is already recorded (10/01/2024).", "step_recorded")
    assert services.certificate_refusal(actor=SYSTEM, attendee=attendee) == expected[0]
    assert refused(lambda: services.certificates_issue(actor=SYSTEM, course=course, on=D(2024, 3, 11),
                                                       numbers=[(attendee, "25-GCN")])) == expected
    attendee.refresh_from_db()
    assert (attendee.certificate_number, attendee.certificate_date) == ("", None)


def test_a_closed_file_refuses_the_certificate(tree):
    candidate = make_candidate(tree.cell_a1)
    course = make_course(tree.committee_a)
    (attendee,) = pass_all(course, services.attendees_add(actor=SYSTEM, course=course, candidates=[candidate]))
    from dangvu.admissions import services as admission_services
    admission_services.candidate_close(actor=SYSTEM, candidate=candidate, on=D(2024, 3, 9), reason="Chuyển công tác")
    assert refused(lambda: services.certificates_issue(actor=SYSTEM, course=course, on=D(2024, 3, 11),
                                                       numbers=[(attendee, "25-GCN")])) == (
        "Võ Thị Hoa: The file was closed on 09/03/2024: Chuyển công tác", "file_closed")


def test_a_new_member_certificate_is_the_step_of_the_members_file(tree, full_members):
    candidate = walk(make_candidate(tree.cell_a1, helper=full_members[0]), until=K.CEREMONY,
                     introducers=full_members, start=D(2024, 1, 10))
    member = candidate.member
    historical = full_members[1]  # admitted outside the register: the certificate stands alone
    course = make_course(tree.committee_a, "new_member", start=D(2024, 6, 3), end=D(2024, 6, 7))
    rows = pass_all(course, services.attendees_add(actor=SYSTEM, course=course, members=[member, historical]))
    issued = services.certificates_issue(actor=SYSTEM, course=course, on=D(2024, 6, 10),
                                         numbers=[(rows[0], "7-GCN"), (rows[1], "8-GCN")])
    assert issued[0].step.kind == K.NEW_MEMBER_CLASS and issued[0].step.candidate_id == candidate.pk
    assert issued[1].step is None
    assert Candidate.objects.get(pk=candidate.pk).last_step == K.NEW_MEMBER_CLASS


# --- Study sessions --------------------------------------------------------------------------

def test_a_study_session_counts_present_and_expected(tree, users):
    session = services.study_create(actor=users.staff_a, organization=tree.cell_a1, resolution=" Nghị quyết  số 57 ",
                                    on=D(2025, 3, 4), present=18, expected=20)
    assert (session.resolution, session.present, session.expected, session.attendance_share) == (
        "Nghị quyết số 57", 18, 20, 0.9)
    assert [r.action for r in audit_rows(session)] == ["study.create"]
    assert refused(lambda: services.study_create(actor=SYSTEM, organization=tree.cell_a1, resolution="NQ 57",
                                                 on=D(2025, 3, 4), present=21, expected=20)) == (
        "21 members present, more than the 20 expected.", "present_over_expected")
    assert refused(lambda: services.study_create(actor=SYSTEM, organization=tree.cell_a1, resolution="NQ 57",
                                                 on=D(2025, 3, 4), present=0, expected=0)) == (
        "The members expected must be at least 1.", "expected_zero")
    assert refused(lambda: services.study_create(actor=SYSTEM, organization=tree.cell_a1, resolution=" ",
                                                 on=D(2025, 3, 4), present=1, expected=2)) == (
        "Name the resolution studied.", "resolution_missing")
    with pytest.raises(PermissionDenied):
        services.study_create(actor=users.staff_a, organization=tree.cell_b1, resolution="NQ 57", on=D(2025, 3, 4),
                              present=1, expected=2)
