"""The admissions register's writes: the order of the steps, their documents and rules (each
refusal names its rule and the numbers), the member record made by the register, deadlines,
and the files of members admitted outside it."""

from __future__ import annotations

import datetime

import pytest

from dangvu.admissions import rules, selectors, services
from dangvu.admissions.models import Candidate, Step
from dangvu.core import workdays
from dangvu.core.actors import SYSTEM
from dangvu.core.errors import PermissionDenied, RuleViolation, ValidationError
from dangvu.members.models import Member
from tests.admissions.conftest import make_candidate, step_kwargs, walk
from tests.factories import audit_rows, message

K = Step.Kind
D = datetime.date
pytestmark = pytest.mark.usefixtures("english", "today")


def record(candidate, kind, on, **kwargs):
    return services.step_record(actor=SYSTEM, candidate=candidate, kind=kind, on=on, **kwargs)


def refusal(candidate, kind, on, **kwargs) -> tuple[str, str]:
    with pytest.raises(ValidationError) as exc:
        record(candidate, kind, on, **kwargs)
    error = exc.value
    codes = [e.code for errors in error.error_dict.values() for e in errors] if hasattr(error, "error_dict") else [
        error.code]
    return message(exc), codes[0]


# --- The whole way, and what it makes ---------------------------------------------------------

def test_from_the_awareness_class_to_full_membership(tree, full_members, users):
    candidate = make_candidate(tree.cell_a1, actor=users.staff_a, helper=full_members[0], citizen_id="012345678901")
    candidate = walk(candidate, until=K.OPINIONS, introducers=full_members, actor=users.staff_a)
    assert (candidate.state, candidate.last_step, candidate.due_on) == (Candidate.State.CANDIDATE, K.OPINIONS, None)
    assert services.next_steps(candidate) == [K.CELL_RESOLUTION]

    step = record(candidate, K.CELL_RESOLUTION, D(2024, 3, 1), document_number="05-NQ/CB", votes_for=3)
    assert (step.votes_for, step.full_members, step.rule_set) == (3, 3, "Quy định 24-QĐ/TW")
    candidate.refresh_from_db()
    # A cell of a grassroots committee: the committee's resolution (8-KNĐ), then the decision
    # within 60 working days of the cell's resolution.
    assert services.next_steps(candidate) == [K.COMMITTEE_RESOLUTION]
    assert (candidate.due_step, candidate.due_on) == (K.DECISION, workdays.add_working_days(D(2024, 3, 1), 60))
    record(candidate, K.COMMITTEE_RESOLUTION, D(2024, 3, 8), document_number="12-NQ/ĐU")
    record(candidate, K.DECISION, D(2024, 4, 2), document_number="345-QĐ/ĐUK", received_on=D(2024, 4, 5))
    candidate.refresh_from_db()
    assert (candidate.state, candidate.decision_date, candidate.member) == (Candidate.State.DECIDED, D(2024, 4, 2), None)
    assert (candidate.due_step, candidate.due_on) == (K.CEREMONY, workdays.add_working_days(D(2024, 4, 5), 30))

    record(candidate, K.CEREMONY, D(2024, 4, 19))
    candidate.refresh_from_db()
    member = candidate.member
    assert (member.full_name, member.organization, member.status) == (
        "Võ Thị Hoa", tree.cell_a1, Member.Status.PROBATIONARY)
    assert (member.admission_decision_date, member.ceremony_date, member.citizen_id) == (
        D(2024, 4, 2), D(2024, 4, 19), "012345678901")
    assert (candidate.state, candidate.probation_end) == (Candidate.State.PROBATION, D(2025, 4, 19))
    assert (candidate.due_step, candidate.due_on) == (
        K.PROBATION_CELL_RESOLUTION, workdays.add_working_days(D(2025, 4, 19), 30))
    # The register made the record: no second file for it.
    assert Candidate.objects.filter(member=member).count() == 1

    for kind in (K.NEW_MEMBER_CLASS, K.SELF_REVIEW, K.HELPER_REVIEW, K.PROBATION_OPINIONS):
        record(candidate, kind, D(2025, 3, 20), **step_kwargs(candidate, kind))
    record(candidate, K.PROBATION_CELL_RESOLUTION, D(2025, 5, 6), document_number="09-NQ/CB", votes_for=3)
    record(candidate, K.PROBATION_COMMITTEE_RESOLUTION, D(2025, 5, 20), document_number="40-NQ/ĐU")
    # Decided late, in September: full membership still counts from the 12-month date.
    record(candidate, K.RECOGNITION, D(2025, 9, 3), document_number="701-QĐ/ĐUK")
    candidate.refresh_from_db()
    member.refresh_from_db()
    assert (candidate.state, candidate.due_on) == (Candidate.State.FULL, None)
    assert (member.status, member.status_since, member.full_membership_date) == (
        Member.Status.FULL, D(2025, 4, 19), D(2025, 4, 19))
    assert [row.action for row in audit_rows(candidate)][:2] == ["candidate.create", "candidate.step"]
    assert len(audit_rows(candidate)) == 1 + 17  # the file, its 17 steps


def test_not_recognized_ends_the_probation_and_says_why(tree, full_members):
    candidate = walk(make_candidate(tree.grassroots_cell, helper=None), until=K.CEREMONY,
                     introducers=full_members)
    assert refusal(candidate, K.NOT_RECOGNIZED, D(2025, 1, 10), document_number="77-QĐ/ĐUK") == (
        "Say why the probationary member is not recognized.", "reason_missing")
    record(candidate, K.NOT_RECOGNIZED, D(2025, 1, 10), document_number="77-QĐ/ĐUK",
           note="Vi phạm quy định về những điều đảng viên không được làm")
    candidate.refresh_from_db()
    assert (candidate.state, candidate.closed_on, candidate.due_on) == (
        Candidate.State.NOT_RECOGNIZED, D(2025, 1, 10), None)
    assert candidate.closed_reason == "Vi phạm quy định về những điều đảng viên không được làm"
    member = candidate.member
    member.refresh_from_db()
    assert (member.status, member.status_since, member.on_roll) == (Member.Status.REMOVED, D(2025, 1, 10), False)
    assert member.status_changes.last().decision == (
        "77-QĐ/ĐUK: Vi phạm quy định về những điều đảng viên không được làm")
    with pytest.raises(RuleViolation) as exc:
        record(candidate, K.SELF_REVIEW, D(2025, 2, 1))
    assert message(exc).startswith("The file was closed on 10/01/2025: ")


# --- Each refusal names its rule ----------------------------------------------------------------

def test_a_step_out_of_order(tree, full_members):
    candidate = make_candidate(tree.cell_a1)
    assert refusal(candidate, K.APPLICATION, D(2024, 1, 10)) == (
        "Application to join the Party (1-KNĐ) comes after Party awareness class certificate, which is not recorded yet."
        .replace("Application to join the Party (1-KNĐ)", "1-KNĐ – Application to join the Party"),
        "step_out_of_order")
    walk(candidate, until=K.OPINIONS, introducers=full_members)
    assert refusal(candidate, K.DECISION, D(2024, 4, 1), document_number="1-QĐ") == (
        "9-KNĐ – Admission decision comes after 8-KNĐ – Grassroots committee resolution, which is not recorded yet.",
        "step_out_of_order")
    assert refusal(candidate, K.OPINIONS, D(2024, 4, 1)) == (
        "5-KNĐ – Opinions of mass organizations and the residence cell is already recorded (29/02/2024).",
        "step_recorded")
    assert refusal(candidate, K.SELF_REVIEW, D(2024, 4, 1)) == (
        "10-KNĐ – Probationary member's self-review comes after Admission ceremony, which is not recorded yet.",
        "step_out_of_order")
    assert services.step_refusal(actor=SYSTEM, candidate=candidate, kind=K.DECISION) == (
        "9-KNĐ – Admission decision comes after 8-KNĐ – Grassroots committee resolution, which is not recorded yet.")


def test_steps_that_apply_only_to_some_cells(tree, full_members):
    under_sub = make_candidate(tree.cell_sub)
    assert [s.kind for s in rules.steps_for(tree.cell_sub)][6:10] == [
        K.CELL_RESOLUTION, K.SUBCOMMITTEE_APPRAISAL, K.COMMITTEE_RESOLUTION, K.DECISION]
    assert [s.kind for s in rules.steps_for(tree.grassroots_cell)][6:8] == [K.CELL_RESOLUTION, K.DECISION]
    grassroots = make_candidate(tree.grassroots_cell)
    assert refusal(grassroots, K.COMMITTEE_RESOLUTION, D(2024, 1, 10), document_number="1") == (
        "8-KNĐ – Grassroots committee resolution does not apply to a file of Chi bộ Báo Kiên Giang.",
        "step_not_applicable")
    assert under_sub.organization == tree.cell_sub


def test_a_step_dated_before_the_one_before_it_or_in_the_future(tree):
    candidate = make_candidate(tree.cell_a1)
    record(candidate, K.AWARENESS_CERTIFICATE, D(2024, 1, 10), document_number="GCN-1")
    assert refusal(candidate, K.APPLICATION, D(2024, 1, 9)) == (
        "1-KNĐ – Application to join the Party is dated 09/01/2024, before Party awareness class certificate "
        "(10/01/2024).", "step_before_previous")
    assert refusal(candidate, K.APPLICATION, D(2026, 11, 21)) == (
        "The date 21/11/2026 is after today (20/11/2026): only what already happened can be recorded; check the year.",
        "date_in_future")


def test_a_missing_document(tree, full_members):
    candidate = make_candidate(tree.cell_a1)
    assert refusal(candidate, K.AWARENESS_CERTIFICATE, D(2024, 1, 10)) == (
        "Party awareness class certificate: the document's number is required.", "document_missing")
    walk(candidate, until=K.OPINIONS, introducers=full_members)
    assert refusal(candidate, K.CELL_RESOLUTION, D(2024, 4, 1), votes_for=3) == (
        "6-KNĐ – Cell resolution proposing admission: the document's number is required.", "document_missing")


def test_introducers(tree, full_members, make_member):
    candidate = walk(make_candidate(tree.cell_a1), until=K.VERIFICATION)
    on = D(2024, 2, 20)
    probationary = make_member(tree.cell_a1, full_name="Đỗ Văn Mới", admission_decision_date=D(2023, 9, 1))
    assert refusal(candidate, K.INTRODUCTION, on, introducers=[(full_members[0], D(2020, 1, 1))]) == (
        "3-KNĐ: two full members introduce the candidate (or the Youth Union or trade union's resolution and one "
        "member).", "introducers_missing")
    assert refusal(candidate, K.INTRODUCTION, on, introducers=[
        (full_members[0], D(2020, 1, 1)), (probationary, D(2020, 1, 1))]) == (
        "Quy định 24-QĐ/TW: Đỗ Văn Mới is not a full member on 20/02/2024; only a full member can introduce a "
        "candidate.", "introducer_not_full")
    assert refusal(candidate, K.INTRODUCTION, on, introducers=[
        (full_members[0], D(2020, 1, 1)), (full_members[1], D(2023, 3, 1))]) == (
        "Quy định 24-QĐ/TW: Lê Thị Cúc has worked with the candidate since 01/03/2023, 11 months on 20/02/2024; "
        "an introducer must have worked with the candidate at least 12 months.", "introducer_too_recent")
    assert refusal(candidate, K.INTRODUCTION, on, union="youth_union", introducers=[
        (full_members[0], D(2020, 1, 1))]) == (
        "4-KNĐ: the number of the union's resolution is required.", "document_missing")
    # Exactly 12 months of working together is enough; the Youth Union's resolution and one member.
    step = record(candidate, K.INTRODUCTION, on, union="youth_union", union_document="15-NQ/ĐTN",
                  introducers=[(full_members[1], D(2023, 2, 20))])
    assert [(i.kind, i.member_id, i.document_number) for i in step.introductions.all()] == [
        ("member", full_members[1].pk, ""), ("youth_union", None, "15-NQ/ĐTN")]
    assert selectors.timeline(candidate)[4].label == "4-KNĐ – Introduction"


def _to_opinions(tree, full_members, **fields):
    return walk(make_candidate(tree.cell_a1, **fields), until=K.OPINIONS, introducers=full_members)


def test_age_on_the_day_of_the_cell_resolution(tree, full_members):
    young = _to_opinions(tree, full_members, birth_date=D(2006, 3, 15))
    assert refusal(young, K.CELL_RESOLUTION, D(2024, 3, 14), document_number="1-NQ", votes_for=3) == (
        "Quy định 24-QĐ/TW: on 14/03/2024 the candidate is 17 years 11 months old; a candidate must be at least "
        "18 years.", "too_young")
    record(young, K.CELL_RESOLUTION, D(2024, 3, 15), document_number="1-NQ", votes_for=3)

    old = _to_opinions(tree, full_members, full_name="Ông Già", birth_date=D(1964, 2, 5), citizen_id="")
    assert refusal(old, K.CELL_RESOLUTION, D(2024, 3, 5), document_number="2-NQ", votes_for=3) == (
        "Quy định 24-QĐ/TW: on 05/03/2024 the candidate is 60 years 1 months old, over 60 years: admission needs "
        "the written consent of the provincial standing committee, recorded in the file.", "over_60_without_consent")
    record(old, K.CELL_RESOLUTION, D(2024, 3, 4), document_number="2-NQ", votes_for=3)  # 60 years 0 months

    consented = _to_opinions(tree, full_members, full_name="Bà Cao Tuổi", birth_date=D(1960, 5, 1))
    services.candidate_update(actor=SYSTEM, candidate=consented, over_60_consent="Công văn 55-CV/TU ngày 01/02/2024")
    record(consented, K.CELL_RESOLUTION, D(2024, 3, 1), document_number="3-NQ", votes_for=3)


def test_the_cells_votes(tree, full_members):
    candidate = _to_opinions(tree, full_members)
    assert refusal(candidate, K.CELL_RESOLUTION, D(2024, 3, 1), document_number="1-NQ", votes_for=1) == (
        "Quy định 24-QĐ/TW: 1 votes in favour are fewer than 2/3 of the cell's 3 full members (at least 2 needed).",
        "votes_short")
    assert refusal(candidate, K.CELL_RESOLUTION, D(2024, 3, 1), document_number="1-NQ", votes_for=4) == (
        "6-KNĐ: 4 votes in favour, but the cell has only 3 full members.", "votes_over_members")
    assert refusal(candidate, K.CELL_RESOLUTION, D(2024, 3, 1), document_number="1-NQ") == (
        "6-KNĐ: the number of votes in favour is required.", "votes_missing")
    assert record(candidate, K.CELL_RESOLUTION, D(2024, 3, 1), document_number="1-NQ", votes_for=2).votes_for == 2


def test_the_awareness_certificate_must_still_be_valid(tree, full_members):
    candidate = walk(make_candidate(tree.cell_a1), until=K.OPINIONS, introducers=full_members,
                     dates={K.AWARENESS_CERTIFICATE: D(2019, 2, 1)})
    assert refusal(candidate, K.CELL_RESOLUTION, D(2024, 3, 1), document_number="1-NQ", votes_for=3) == (
        "Quy định 24-QĐ/TW: the awareness class certificate of 01/02/2019 is valid for 60 months, until "
        "01/02/2024; the cell considered the case on 01/03/2024. The candidate must attend the class again.",
        "certificate_expired")


def test_probation_steps_wait_for_the_12_months(tree, full_members):
    candidate = walk(make_candidate(tree.grassroots_cell, helper=full_members[0]), until=K.CEREMONY,
                     introducers=full_members)
    end = candidate.probation_end
    for kind in (K.NEW_MEMBER_CLASS, K.SELF_REVIEW, K.HELPER_REVIEW):
        record(candidate, kind, end - datetime.timedelta(days=20), **step_kwargs(candidate, kind))
    assert refusal(candidate, K.PROBATION_CELL_RESOLUTION, end, document_number="1", votes_for=3) == (
        "13-KNĐ – Cell resolution proposing full membership comes after 12-KNĐ – Opinions on the probationary "
        "member, which is not recorded yet.", "step_out_of_order")
    record(candidate, K.PROBATION_OPINIONS, end - datetime.timedelta(days=20))
    day_before = end - datetime.timedelta(days=1)
    assert refusal(candidate, K.PROBATION_CELL_RESOLUTION, day_before, document_number="1", votes_for=3) == (
        f"Quy định 232-QĐ/TW: the cell considers full membership after the 12 months of probation, which end on "
        f"{end:%d/%m/%Y}, not on {day_before:%d/%m/%Y}.", "probation_not_over")


def test_the_helper_must_be_assigned_before_the_helpers_assessment(tree, full_members):
    candidate = walk(make_candidate(tree.grassroots_cell), until=K.CEREMONY, introducers=full_members)
    assert refusal(candidate, K.HELPER_REVIEW, D(2025, 1, 5)) == (
        "11-KNĐ: no member is assigned to help; assign the helper in the file first.", "helper_missing")


def test_the_ceremony_comes_after_the_decision_is_received(tree, full_members):
    candidate = walk(make_candidate(tree.grassroots_cell), until=K.CELL_RESOLUTION, introducers=full_members)
    assert refusal(candidate, K.DECISION, D(2024, 4, 2), document_number="9", received_on=D(2024, 4, 1)) == (
        "The decision cannot be received (01/04/2024) before it was signed (02/04/2024).", "received_before_decision")
    record(candidate, K.DECISION, D(2024, 4, 2), document_number="9", received_on=D(2024, 4, 9))
    assert refusal(candidate, K.CEREMONY, D(2024, 4, 8)) == (
        "The ceremony (08/04/2024) cannot come before the decision was received (09/04/2024).",
        "ceremony_before_receipt")


def test_a_file_belongs_to_a_cell_and_to_the_actors_scope(tree, users):
    with pytest.raises(RuleViolation) as exc:
        make_candidate(tree.committee_a)
    assert message(exc) == "A candidate's file belongs to a cell; Đảng bộ Sở Tài chính is not a cell."
    with pytest.raises(PermissionDenied):
        make_candidate(tree.cell_b1, actor=users.staff_a)
    with pytest.raises(PermissionDenied):
        make_candidate(tree.cell_a1, actor=users.viewer)


def test_only_a_full_member_helps(tree, make_member):
    probationary = make_member(tree.cell_a1, admission_decision_date=D(2026, 1, 5))
    with pytest.raises(ValidationError) as exc:
        make_candidate(tree.cell_a1, helper=probationary)
    assert message(exc) == (
        "Nguyễn Văn An is not a full member on the rolls: only a full member can help a candidate.")


def test_one_open_file_per_citizen_id(tree, make_member):
    make_candidate(tree.cell_a1, citizen_id="079200001234")
    with pytest.raises(ValidationError) as exc:
        make_candidate(tree.cell_a2, citizen_id="079200001234")
    assert message(exc) == "This citizen ID (CCCD) is already recorded for a member or another open admission file."
    make_member(tree.cell_b1, citizen_id="079200005678")
    with pytest.raises(ValidationError):
        make_candidate(tree.cell_a2, citizen_id="079200005678")


# --- Corrections, extensions, closing -----------------------------------------------------------

def test_withdrawing_a_step_recorded_by_mistake(tree, full_members):
    candidate = walk(make_candidate(tree.grassroots_cell), until=K.CELL_RESOLUTION, introducers=full_members)
    opinions = candidate.steps.get(kind=K.OPINIONS)
    assert services.step_undo_refusal(actor=SYSTEM, step=opinions) == (
        "6-KNĐ – Cell resolution proposing admission was recorded after it: withdraw that first.")
    resolution = candidate.steps.get(kind=K.CELL_RESOLUTION)
    with pytest.raises(ValidationError) as exc:
        services.step_undo(actor=SYSTEM, step=resolution, reason=" ")
    assert message(exc) == "Say why the step is withdrawn."
    candidate = services.step_undo(actor=SYSTEM, step=resolution, reason="Nhập nhầm ngày")
    assert (candidate.last_step, candidate.due_on) == (K.OPINIONS, None)
    assert audit_rows(candidate)[-1].note == "6-KNĐ – Cell resolution proposing admission: Nhập nhầm ngày"
    walk_to_ceremony = walk(candidate, until=K.CEREMONY, start=D(2024, 5, 1))
    ceremony = walk_to_ceremony.steps.get(kind=K.CEREMONY)
    assert services.step_undo_refusal(actor=SYSTEM, step=ceremony) == (
        "Admission ceremony changed the member's record and cannot be withdrawn here; correct the member's record "
        "instead.")


def test_extending_the_decision_deadline_once(tree, full_members):
    candidate = walk(make_candidate(tree.grassroots_cell), until=K.CELL_RESOLUTION, introducers=full_members)
    resolution = candidate.steps.get(kind=K.CELL_RESOLUTION).on
    candidate = services.candidate_extend(actor=SYSTEM, candidate=candidate, reason="Chờ kết quả thẩm tra bổ sung")
    assert candidate.due_on == workdays.add_working_days(resolution, 90)
    with pytest.raises(RuleViolation) as exc:
        services.candidate_extend(actor=SYSTEM, candidate=candidate, reason="Lần nữa")
    assert message(exc) == ("Only the deadline of the admission decision or of the decision on full membership can be "
                            "extended, once.")


def test_closing_a_file_before_the_decision(tree, full_members):
    candidate = walk(make_candidate(tree.grassroots_cell), until=K.OPINIONS, introducers=full_members)
    candidate = services.candidate_close(actor=SYSTEM, candidate=candidate, on=D(2024, 6, 1),
                                         reason="Chuyển công tác ra ngoài tỉnh")
    assert (candidate.state, candidate.closed_on) == (Candidate.State.WITHDRAWN, D(2024, 6, 1))
    with pytest.raises(RuleViolation) as exc:
        record(candidate, K.CELL_RESOLUTION, D(2024, 6, 2), document_number="1", votes_for=3)
    assert message(exc) == "The file was closed on 01/06/2024: Chuyển công tác ra ngoài tỉnh"


# --- Members admitted outside the register ------------------------------------------------------

def test_a_member_brought_in_with_the_historical_register_gets_a_file_without_steps(tree, make_member):
    member = make_member(tree.cell_b1, admission_decision_date=D(2019, 5, 19), ceremony_date=D(2019, 6, 1),
                         full_membership_date=D(2020, 6, 1))
    file = member.admission_file
    assert (file.source, file.state, file.decision_date, file.organization, file.steps.count()) == (
        Candidate.Source.HISTORICAL, Candidate.State.FULL, D(2019, 5, 19), tree.cell_b1, 0)
    with pytest.raises(RuleViolation) as exc:
        record(file, K.SELF_REVIEW, D(2020, 1, 1))
    assert message(exc) == "This admission was brought in from the historical register; its steps are on paper."
    # Transferred in from outside: admitted elsewhere, no file here.
    moved = make_member(tree.cell_b1, full_name="Trần Chuyển Đến", citizen_id="", joined_on=D(2023, 6, 1),
                        transferred_in_from="Đảng bộ tỉnh An Giang")
    assert not Candidate.objects.filter(member=moved).exists()


def test_a_change_of_the_calendar_moves_the_deadlines_it_touches(tree, full_members, users):
    from dangvu.orgs import calendar

    candidate = walk(make_candidate(tree.grassroots_cell), until=K.CELL_RESOLUTION, introducers=full_members,
                     dates={K.CELL_RESOLUTION: D(2026, 10, 1)})
    due = candidate.due_on
    assert due == workdays.add_working_days(D(2026, 10, 1), 60)
    calendar.calendar_change_create(actor=users.bloc_admin, on=D(2026, 11, 6), kind="day_off",
                                    document_number="123/TB-VPCP", document_date=D(2026, 10, 20),
                                    document_summary="Nghỉ bù")
    candidate.refresh_from_db()
    assert candidate.due_on == workdays.add_working_days(due, 1)
