"""Inspection, supervision and discipline services: what they write, what they refuse (each
refusal word for word, with its rule and numbers), what they change in other registers."""

from __future__ import annotations

import datetime

import pytest

from dangvu.core.actors import SYSTEM
from dangvu.core.errors import PermissionDenied, RuleViolation, ValidationError
from dangvu.inspections import services
from dangvu.inspections.models import Complaint, Discipline, InspectionKind, InspectionProgram
from dangvu.members import services as member_services
from dangvu.members.models import Member
from tests.factories import audit_rows, message

D = datetime.date
F = Discipline.Form
START, DECIDED, VIOLATION = D(2021, 4, 5), D(2024, 5, 10), D(2023, 12, 1)


def kind(code: str) -> InspectionKind:
    return InspectionKind.objects.get(code=code)


def inspect(by, *, code="program", start=START, organizations=(), members=(), actor=SYSTEM, **extra):
    return services.inspection_create(actor=actor, kind=kind(code), organization=by, title="Kiểm tra việc chấp hành",
                                      start=start, organizations=organizations, members=members, **extra)


def full_member(make_member, cell, name="Trần Văn Bình", **fields):
    return make_member(cell, full_name=name, full_member=True, **fields)


def discipline(subject, form, *, body, decided=DECIDED, violation=VIOLATION, actor=SYSTEM, number="15-QĐ/UBKT"):
    key = "member" if isinstance(subject, Member) else "organization"
    return services.discipline_create(actor=actor, form=form, violation_date=violation, deciding_body=body,
                                      decided_on=decided, number=number, **{key: subject})


def test_the_kinds_are_seeded_data(db):
    assert [(k.code, k.is_supervision) for k in InspectionKind.objects.all()] == [
        ("program", False), ("on_signs", False), ("lower_levels", False), ("finances", False), ("assets", False),
        ("regular", True), ("thematic", True)]


# Programs

def test_program_recorded_and_audited(tree, users):
    program = services.program_create(actor=users.bloc_admin, organization=tree.bloc, year=2021, number="01-CTr/UBKT",
                                      issued_on=D(2021, 1, 8), title="Chương trình kiểm tra, giám sát năm 2021",
                                      issuer=InspectionProgram.Issuer.COMMISSION)
    assert [r.action for r in audit_rows(program)] == ["inspection_program.create"]


def test_a_second_program_for_the_year_is_refused(tree, english):
    services.program_create(actor=SYSTEM, organization=tree.bloc, year=2021, number="01-CTr/ĐU",
                            issued_on=D(2021, 1, 8), title="Chương trình năm 2021")
    with pytest.raises(RuleViolation) as exc:
        services.program_create(actor=SYSTEM, organization=tree.bloc, year=2021, number="02-CTr/ĐU",
                                issued_on=D(2021, 2, 8), title="Chương trình năm 2021")
    assert message(exc) == "Party committee of Đảng bộ các cơ quan Đảng tỉnh already has a program for 2021."


def test_a_program_far_from_its_year_is_refused(tree, english):
    with pytest.raises(ValidationError) as exc:
        services.program_create(actor=SYSTEM, organization=tree.bloc, year=2021, number="01-CTr/ĐU",
                                issued_on=D(2024, 1, 8), title="Chương trình năm 2021")
    assert exc.value.message_dict == {"issued_on": [
        "A program for 2021 is issued in that year or the one before, not on 08/01/2024."]}


# Inspections

def test_inspection_covers_organizations_and_members_once_each(tree, make_member):
    member = make_member(tree.cell_a1)
    inspection = inspect(tree.committee_a, organizations=[tree.cell_a1, tree.cell_a2, tree.cell_a1],
                         members=[member, member])
    assert sorted(inspection.organization_rows.values_list("organization__code", flat=True)) == [
        "CB-STC-TT", "CB-STC-VP"]
    assert inspection.member_rows.count() == 1
    assert [r.action for r in audit_rows(inspection)] == ["inspection.create"]


def test_an_organization_outside_the_conducting_subtree_is_refused(tree, english):
    with pytest.raises(ValidationError) as exc:
        inspect(tree.committee_a, organizations=[tree.cell_b1])
    assert exc.value.message_dict == {"organizations": [
        "Chi bộ Bệnh viện does not stand under Đảng bộ Sở Tài chính: an organization inspects or supervises only "
        "its own organizations."]}


def test_a_member_of_another_subtree_on_the_start_date_is_refused(tree, make_member, english):
    member = make_member(tree.cell_b1, full_name="Lê Thị Hoa")
    with pytest.raises(ValidationError) as exc:
        inspect(tree.committee_a, members=[member])
    assert exc.value.message_dict == {"members": [
        "Lê Thị Hoa was on the rolls of Chi bộ Bệnh viện on 05/04/2021, which does not stand under "
        "Đảng bộ Sở Tài chính."]}


def test_a_member_not_yet_on_the_rolls_is_refused(tree, make_member, english):
    member = make_member(tree.cell_a1, full_name="Lê Thị Hoa", admission_decision_date=D(2022, 1, 5))
    with pytest.raises(ValidationError) as exc:
        inspect(tree.committee_a, members=[member])
    assert exc.value.message_dict == {"members": ["Lê Thị Hoa was not on the rolls of a cell on 05/04/2021."]}


def test_an_inspection_without_subjects_is_refused(tree, english):
    with pytest.raises(ValidationError) as exc:
        inspect(tree.committee_a, code="thematic")
    assert exc.value.message_dict == {"organizations": [
        "Choose the organizations or the members the giám sát chuyên đề covers."]}


def test_end_before_start_and_a_program_of_another_year_are_refused(tree, english):
    program = services.program_create(actor=SYSTEM, organization=tree.committee_a, year=2022, number="03-CTr/ĐU",
                                      issued_on=D(2022, 1, 5), title="Chương trình năm 2022")
    with pytest.raises(ValidationError) as exc:
        inspect(tree.committee_a, organizations=[tree.cell_a1], end=D(2021, 4, 1), program=program)
    assert exc.value.message_dict == {
        "end": ["The end date 01/04/2021 is before the start date 05/04/2021."],
        "program": ["The program 03-CTr/ĐU is the program of Đảng bộ Sở Tài chính for 2022: it does not cover an "
                    "inspection by Đảng bộ Sở Tài chính starting on 05/04/2021."]}


def test_a_start_in_the_future_is_refused(tree, today, english):
    with pytest.raises(ValidationError) as exc:
        inspect(tree.committee_a, organizations=[tree.cell_a1], start=D(2026, 12, 1))
    assert exc.value.message_dict == {"start": [
        "The date 01/12/2026 is after today (20/11/2026): only what already happened can be recorded; check the year."]}


def test_staff_cannot_record_an_inspection_of_another_committee(tree, users, english):
    with pytest.raises(PermissionDenied) as exc:
        inspect(tree.committee_b, organizations=[tree.cell_b1], actor=users.staff_a)
    assert str(exc.value) == "You may not change records outside your organization."
    with pytest.raises(PermissionDenied) as exc:
        inspect(tree.bloc, organizations=[tree.cell_b1], actor=users.viewer)
    assert str(exc.value) == "Your account is read-only."


def test_conclusion_recorded_and_refused_before_the_start(tree, users, english):
    inspection = inspect(tree.committee_a, organizations=[tree.cell_a1])
    with pytest.raises(ValidationError) as exc:
        services.inspection_conclude(actor=users.staff_a, inspection=inspection, conclusion="Chấp hành tốt",
                                     concluded_on=D(2021, 3, 1))
    assert exc.value.message_dict == {"concluded_on": [
        "The date 01/03/2021 is before the start of the inspection (05/04/2021)."]}
    done = services.inspection_conclude(actor=users.staff_a, inspection=inspection, conclusion="Chấp hành tốt",
                                        concluded_on=D(2021, 5, 20), findings="Không có vi phạm", end=D(2021, 5, 15))
    assert (done.conclusion, done.concluded_on, done.findings, done.end) == (
        "Chấp hành tốt", D(2021, 5, 20), "Không có vi phạm", D(2021, 5, 15))
    assert [r.action for r in audit_rows(done)] == ["inspection.create", "inspection.conclude"]
    assert services.inspection_conclude_refusal(actor=users.viewer, inspection=done) == "Your account is read-only."


# Discipline

def test_a_reprimand_of_a_member_lapses_after_twelve_months(tree, make_member):
    member = full_member(make_member, tree.cell_a1)
    decision = discipline(member, F.REPRIMAND, body=tree.committee_a)
    assert (decision.unit, decision.lapses_on, decision.rule_set) == (tree.cell_a1, D(2025, 5, 10), "69-QĐ/TW")
    assert [r.action for r in audit_rows(decision)] == ["discipline.create"]


def test_a_probationary_member_cannot_be_removed_from_post(tree, make_member):
    member = make_member(tree.cell_a1, admission_decision_date=D(2024, 1, 5))
    with pytest.raises(RuleViolation) as exc:
        discipline(member, F.REMOVAL, body=tree.committee_a)
    assert message(exc) == ("Hình thức kỷ luật không được áp dụng (69-QĐ/TW): đảng viên dự bị chỉ có thể bị "
                            "khiển trách hoặc cảnh cáo, không thể bị cách chức.")


def test_an_organization_cannot_be_expelled(tree, english):
    with pytest.raises(RuleViolation) as exc:
        discipline(tree.cell_a1, F.EXPULSION, body=tree.committee_a, decided=D(2025, 6, 1))
    assert message(exc) == ("Form of discipline not allowed (264-QĐ/TW): a Party organization may be disciplined "
                            "only by reprimand, warning or dissolution, not by expulsion.")


def test_past_the_limitation_is_refused(tree, make_member):
    member = full_member(make_member, tree.cell_a1)
    with pytest.raises(RuleViolation) as exc:
        discipline(member, F.WARNING, body=tree.committee_a, violation=D(2014, 3, 1), decided=D(2024, 3, 2))
    assert message(exc) == ("Quá thời hiệu kỷ luật (69-QĐ/TW): vi phạm ngày 01/03/2014, cảnh cáo có thời hiệu "
                            "10 năm (đến 01/03/2024).")
    assert discipline(member, F.WARNING, body=tree.committee_a, violation=D(2014, 3, 1), decided=D(2024, 3, 1))


def test_the_deciding_body_must_stand_above(tree, make_member, english):
    member = full_member(make_member, tree.cell_a1)
    with pytest.raises(ValidationError) as exc:
        discipline(member, F.REPRIMAND, body=tree.committee_b)
    assert exc.value.message_dict == {"deciding_body": [
        "Đảng bộ Sở Y tế cannot decide this discipline: the deciding body is Chi bộ Văn phòng or a level above it."]}
    with pytest.raises(ValidationError) as exc:
        discipline(tree.cell_a1, F.REPRIMAND, body=tree.cell_a1)
    assert exc.value.message_dict == {"deciding_body": [
        "Chi bộ Văn phòng cannot decide this discipline: the deciding body is a level above Chi bộ Văn phòng."]}


def test_the_violation_comes_before_the_decision(tree, make_member, english):
    member = full_member(make_member, tree.cell_a1)
    with pytest.raises(ValidationError) as exc:
        discipline(member, F.REPRIMAND, body=tree.committee_a, violation=D(2024, 6, 1))
    assert exc.value.message_dict == {"violation_date": [
        "The violation on 01/06/2024 cannot come after the decision of 10/05/2024."]}


def test_a_member_out_of_the_party_cannot_be_disciplined(tree, make_member, english):
    member = full_member(make_member, tree.cell_a1)
    member_services.member_change_status(actor=SYSTEM, member=member, status="left", on=D(2023, 1, 5))
    with pytest.raises(RuleViolation) as exc:
        discipline(member, F.REPRIMAND, body=tree.committee_a)
    assert message(exc) == "Trần Văn Bình was not a Party member on 10/05/2024: only a member can be disciplined."


def test_expulsion_expels_and_its_annulment_restores(tree, users, make_member):
    member = full_member(make_member, tree.cell_a1)
    decision = discipline(member, F.EXPULSION, body=tree.committee_a, actor=users.staff_a)
    member.refresh_from_db()
    assert (member.status, member.status_since, member.on_roll, decision.lapses_on) == (
        Member.Status.EXPELLED, D(2024, 5, 10), False, None)
    assert decision.status_change.decision == "15-QĐ/UBKT ngày 10/05/2024"
    annulled = services.discipline_annul(actor=users.staff_a, discipline=decision, reason="Khiếu nại đúng")
    member.refresh_from_db()
    assert (member.status, member.on_roll, annulled.annulled, annulled.annul_reason) == (
        Member.Status.FULL, True, True, "Khiếu nại đúng")
    assert [r.action for r in audit_rows(annulled)] == ["discipline.create", "discipline.annul"]
    assert services.discipline_annul_refusal(actor=users.staff_a, discipline=annulled) == \
        "Quyết định này đã được hủy trước đó."


def test_dissolution_dissolves_and_cannot_be_annulled(tree, users):
    decision = discipline(tree.grassroots_cell, F.DISSOLUTION, body=tree.bloc, actor=users.bloc_admin)
    tree.grassroots_cell.refresh_from_db()
    assert (tree.grassroots_cell.dissolved_on, decision.lapses_on) == (D(2024, 5, 10), None)
    refusal = services.discipline_annul_refusal(actor=users.bloc_admin, discipline=decision)
    assert refusal == ("Không thể hủy quyết định giải tán tại đây: hệ thống không có cách khôi phục một tổ chức đã "
                       "giải tán. Hãy ghi nhận lại tổ chức (thành lập mới) và ghi chú việc hủy quyết định vào lịch sử "
                       "của tổ chức.")
    with pytest.raises(RuleViolation) as exc:
        services.discipline_annul(actor=users.bloc_admin, discipline=decision, reason="Sai")
    assert message(exc) == refusal


def test_dissolution_refused_by_the_tree_rules(tree, users, make_member, english):
    make_member(tree.grassroots_cell)
    with pytest.raises(RuleViolation) as exc:
        discipline(tree.grassroots_cell, F.DISSOLUTION, body=tree.bloc, actor=users.bloc_admin)
    assert exc.value.code == "dissolve_blocked"
    assert Discipline.objects.count() == 0


def test_a_repeated_discipline_carries_the_first_and_annulling_it_releases_it(tree, make_member):
    member = full_member(make_member, tree.cell_a1)
    first = discipline(member, F.REPRIMAND, body=tree.committee_a, decided=D(2024, 1, 10), number="1-QĐ")
    second = discipline(member, F.WARNING, body=tree.committee_a, decided=D(2024, 12, 1), number="2-QĐ")
    first.refresh_from_db()
    assert (first.lapses_on, second.lapses_on) == (D(2025, 12, 1), D(2025, 12, 1))
    services.discipline_annul(actor=SYSTEM, discipline=second, reason="Nhầm")
    first.refresh_from_db()
    assert first.lapses_on == D(2025, 1, 10)


def test_a_complaint_annulling_the_decision(tree, make_member):
    member = full_member(make_member, tree.cell_a1)
    decision = discipline(member, F.WARNING, body=tree.committee_a)
    services.complaint_record(actor=SYSTEM, discipline=decision, filed_on=D(2024, 5, 20))
    complaint = services.complaint_record(actor=SYSTEM, discipline=decision, filed_on=D(2024, 5, 25),
                                          outcome=Complaint.Outcome.ANNULLED, decided_on=D(2024, 7, 1),
                                          note="Cấp trên hủy quyết định")
    decision.refresh_from_db()
    assert (decision.annulled, decision.annul_reason, decision.lapses_on) == (True, "Cấp trên hủy quyết định", None)
    assert complaint.outcome == "annulled"
    assert [r.action for r in audit_rows(decision)] == [
        "discipline.create", "discipline.complaint", "discipline.complaint", "discipline.annul"]


def test_a_complaint_before_the_decision_or_without_its_outcome_is_refused(tree, make_member, english):
    decision = discipline(full_member(make_member, tree.cell_a1), F.WARNING, body=tree.committee_a)
    with pytest.raises(ValidationError) as exc:
        services.complaint_record(actor=SYSTEM, discipline=decision, filed_on=D(2024, 5, 1), outcome="upheld")
    assert exc.value.message_dict == {
        "filed_on": ["The date 01/05/2024 is before the decision (10/05/2024)."],
        "decided_on": ["Give the date of the outcome."]}


# The remaining refusals, word for word

def test_an_organization_not_standing_on_the_start_is_refused(tree, users, english):
    services.discipline_create(actor=users.bloc_admin, form=F.DISSOLUTION, violation_date=D(2020, 1, 2),
                               deciding_body=tree.bloc, decided_on=D(2020, 6, 1), number="1-QĐ",
                               organization=tree.grassroots_cell)
    with pytest.raises(ValidationError) as exc:
        inspect(tree.bloc, organizations=[tree.grassroots_cell])
    assert exc.value.message_dict == {"organizations": ["Chi bộ Báo Kiên Giang did not stand on 05/04/2021."]}


def test_a_conclusion_must_be_written(tree, english):
    inspection = inspect(tree.committee_a, organizations=[tree.cell_a1])
    with pytest.raises(ValidationError) as exc:
        services.inspection_conclude(actor=SYSTEM, inspection=inspection, conclusion=" ", concluded_on=D(2021, 5, 1))
    assert exc.value.message_dict == {"conclusion": ["Write the conclusion."]}


def test_a_decision_needs_one_subject_a_known_form_and_a_number(tree, make_member, english):
    member = full_member(make_member, tree.cell_a1)
    with pytest.raises(RuleViolation) as exc:
        services.discipline_create(actor=SYSTEM, form=F.REPRIMAND, violation_date=VIOLATION, deciding_body=tree.bloc,
                                   decided_on=DECIDED, number="1-QĐ", member=member, organization=tree.cell_a1)
    assert message(exc) == "A discipline decision is about one organization or one member."
    with pytest.raises(ValidationError) as exc:
        discipline(member, "suspension", body=tree.committee_a)
    assert exc.value.message_dict == {"form": ["Unknown form of discipline."]}
    with pytest.raises(ValidationError) as exc:
        discipline(member, F.REPRIMAND, body=tree.committee_a, number="  ")
    assert exc.value.message_dict == {"number": ["Write the number of the decision."]}


def test_annulling_needs_a_reason_and_an_expulsion_the_members_rules(tree, make_member, english):
    member = full_member(make_member, tree.cell_a1)
    decision = discipline(member, F.EXPULSION, body=tree.committee_a)
    with pytest.raises(ValidationError) as exc:
        services.discipline_annul(actor=SYSTEM, discipline=decision, reason=" ")
    assert exc.value.message_dict == {"reason": ["Say why the decision is annulled: the reason stays in the history."]}
    member_services.member_change_status(actor=SYSTEM, member=member, status="deceased", on=D(2025, 1, 3))
    assert services.discipline_annul_refusal(actor=SYSTEM, discipline=decision) == \
        "Only the latest status change can be annulled."
    with pytest.raises(RuleViolation) as exc:
        services.discipline_annul(actor=SYSTEM, discipline=decision, reason="Sai")
    assert (message(exc), exc.value.code) == ("Only the latest status change can be annulled.",
                                              "annul_expulsion_refused")


def test_a_complaint_outcome_must_be_known_and_dated_together(tree, make_member, english):
    decision = discipline(full_member(make_member, tree.cell_a1), F.WARNING, body=tree.committee_a)
    with pytest.raises(ValidationError) as exc:
        services.complaint_record(actor=SYSTEM, discipline=decision, filed_on=D(2024, 6, 1), outcome="rejected",
                                  decided_on=D(2024, 7, 1))
    assert exc.value.message_dict == {"outcome": ["Unknown outcome."]}
    with pytest.raises(ValidationError) as exc:
        services.complaint_record(actor=SYSTEM, discipline=decision, filed_on=D(2024, 6, 1), decided_on=D(2024, 7, 1))
    assert exc.value.message_dict == {"outcome": ["Give the outcome decided on that date."]}
