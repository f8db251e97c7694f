"""Rating services: opening rounds (who is rated, who not and why), the steps, the rule set of
each year applied to the same facts, the cap, the decision and its reasons; every refusal word
for word."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from dangvu.core.actors import SYSTEM
from dangvu.core.errors import PermissionDenied, RuleViolation, codes
from dangvu.inspections import services as inspection_services
from dangvu.plans import services as plan_services
from dangvu.plans.models import Plan
from dangvu.ratings import services
from dangvu.ratings.models import Level, Rating, RatingExemption, RatingRound
from tests.factories import audit_rows, make_member, message
from tests.support import enter, indicator, make_plan, target

from .helpers import members, open_round, rating_of

D = datetime.date
pytestmark = pytest.mark.django_db


def refused(call, code: str) -> str:
    with pytest.raises(RuleViolation) as exc:
        call()
    assert codes(exc.value) == [code]
    return message(exc)


def test_opening_a_round_lists_every_subject_and_who_is_not_rated_and_why(tree, english):
    rated = members(tree.cell_a1, 3)
    recent = make_member(tree.cell_a2, full_name="Lê Mới Vào", admission_decision_date=D(2024, 8, 1))
    six_months = make_member(tree.cell_a2, full_name="Lê Đủ Sáu Tháng", admission_decision_date=D(2024, 6, 30))
    exempt = make_member(tree.cell_sub, full_name="Phạm Miễn", admission_decision_date=D(2010, 1, 5))
    services.exemption_create(actor=SYSTEM, member=exempt, year=2024, reason=RatingExemption.Reason.EXEMPT,
                              note="Tuổi cao, sức yếu")
    make_member(tree.cell_a1, full_name="Vào Năm Sau", admission_decision_date=D(2025, 2, 1))
    rounds = services.round_open(actor=SYSTEM, organization=tree.bloc, year=2024, today=D(2024, 11, 20))
    assert [(r.organization.code, r.rule_set.name) for r in rounds] == [
        ("DB-STC", "124-QĐ/TW"), ("DB-SYT", "124-QĐ/TW"), ("CB-BKG", "124-QĐ/TW")]
    rnd = rounds[0]
    orgs = Rating.objects.filter(round=rnd, organization__isnull=False).order_by("organization__path")
    assert [r.organization.code for r in orgs] == ["DB-STC", "CB-STC-VP", "CB-STC-TT", "DBBP-KB", "CB-KB-1"]
    people = {r.member.full_name: r.not_rated for r in Rating.objects.filter(round=rnd, member__isnull=False)}
    assert people == {**{m.full_name: "" for m in rated}, "Lê Mới Vào": "admitted_recently",
                      "Lê Đủ Sáu Tháng": "", "Phạm Miễn": "exempt"}
    assert rating_of(rnd, recent).unit == tree.cell_a2 and rating_of(rnd, six_months).not_rated == ""
    assert [a.action for a in audit_rows(rnd)] == ["rating_round.open"]
    # Again: every grassroots organization has its round.
    assert refused(lambda: services.round_open(actor=SYSTEM, organization=tree.bloc, year=2024),
                   "round_exists") == ("The rating round of 2024 is already open for every grassroots organization "
                                       "of Đảng bộ các cơ quan Đảng tỉnh.")
    assert refused(lambda: services.round_open(actor=SYSTEM, organization=tree.cell_a1, year=2024),
                   "round_below_grassroots") == ("Chi bộ Văn phòng is rated inside its grassroots organization: "
                                                 "open the round there.")
    assert refused(lambda: services.round_open(actor=SYSTEM, organization=tree.bloc, year=2013),
                   "no_rule_set") == "No rating rule set governs 2013."
    assert refused(lambda: services.round_open(actor=SYSTEM, organization=tree.bloc, year=2027,
                                               today=D(2026, 11, 20)),
                   "round_year_future") == "A rating round for 2027 cannot be opened before the year begins."
    assert services.round_open_refusal(actor=SYSTEM, organization=tree.bloc, year=2024).startswith("The rating round")


def test_a_member_not_rated_cannot_be_proposed(tree, english):
    recent = make_member(tree.cell_a1, full_name="Lê Mới Vào", admission_decision_date=D(2024, 8, 1))
    rnd = open_round(tree.committee_a, 2024)
    rating = rating_of(rnd, recent)
    assert services.rating_propose_refusal(actor=SYSTEM, rating=rating) == (
        "Lê Mới Vào is not rated in 2024: admitted less than 6 months before.")
    refused(lambda: services.rating_propose(actor=SYSTEM, rating=rating, level=Level.GOOD), "not_to_be_rated")


def test_the_same_member_facts_under_124_in_2024_and_366_in_2025(tree, english):
    """Two of ten tasks late, eighty points: 124 rates by criteria (good stands); 366 needs
    every task on time for "good", so it gives "completed". Disciplined in the year: "not
    completed" under both, the automatic case proposed with its reason."""
    late, disciplined = members(tree.cell_a1, 2)
    r2024, r2025 = open_round(tree.committee_a, 2024), open_round(tree.committee_a, 2025)
    facts = {"tasks": 10, "tasks_late": 2}
    assert services.rating_propose(actor=SYSTEM, rating=rating_of(r2024, late), level=Level.GOOD,
                                   **facts).proposed_level == Level.GOOD
    assert refused(lambda: services.rating_propose(actor=SYSTEM, rating=rating_of(r2025, late), level=Level.GOOD,
                                                   score=Decimal(80), **facts), "level_not_reached") == (
        '366-QĐ/TW: "Well completed duties" needs every task done on time (2 of 10 late or not done)')
    assert services.rating_propose(actor=SYSTEM, rating=rating_of(r2025, late), level=Level.ADEQUATE,
                                   score=Decimal(80), **facts).proposed_level == Level.ADEQUATE

    for year, day in ((2024, D(2024, 5, 10)), (2025, D(2025, 5, 12))):
        inspection_services.discipline_create(actor=SYSTEM, form="reprimand", violation_date=day - datetime.timedelta(60),
                                              deciding_body=tree.committee_a, decided_on=day, number=f"{year}-QĐ/ĐU",
                                              member=disciplined)
    rule = {2024: "124-QĐ/TW", 2025: "366-QĐ/TW"}
    for rnd, score in ((r2024, None), (r2025, Decimal(92))):
        rating = rating_of(rnd, disciplined)
        assert refused(lambda rating=rating, score=score: services.rating_propose(
            actor=SYSTEM, rating=rating, level=Level.GOOD, score=score), "automatic_not_completed") == (
            f'{rule[rnd.year]}: disciplined in {rnd.year} (reprimand): the level proposed is "Did not complete '
            'duties"; the deciding level may rate otherwise with a note.')
        proposed = services.rating_propose(actor=SYSTEM, rating=rating, level=Level.FAILED, score=score)
        assert proposed.automatic == f"{rule[rnd.year]}: disciplined in {rnd.year} (reprimand)"
        # The deciding level overrides it only with a note (a self-found, remedied violation).
        assert refused(lambda rating=rating: services.rating_decide(actor=SYSTEM, rating=rating, level=Level.ADEQUATE),
                       "decision_reason_required") == (
            'The decision changes the proposed level (Did not complete duties) to Completed duties: give the reason.')
        decided = services.rating_decide(actor=SYSTEM, rating=rating, level=Level.ADEQUATE,
                                         note="Tự phát hiện, đã khắc phục")
        assert (decided.level, decided.decision_note) == (Level.ADEQUATE, "Tự phát hiện, đã khắc phục")


def test_the_same_organization_facts_under_124_in_2024_and_366_in_2025(tree, english):
    """Committee A met 1 of its 3 targets (exceeding it) and did its 4 key tasks on time, in both
    years (read from plans): under 124 that is "not completed" (under 50% of targets met); 366
    has no such case, and 92 points with every task on time and 1 of 3 targets beyond
    requirement (33% >= 30%) gives "excellent"."""
    inds = [indicator(f"CT{i}", f"Chỉ tiêu {i}") for i in range(3)]
    for year in (2024, 2025):
        plan = make_plan(tree.committee_a, f"KH-{year}", str(year), kind=Plan.Kind.ANNUAL_PLAN)
        for ind, (goal, got) in zip(inds, [(10, 12), (10, 4), (10, 3)], strict=True):
            target(plan, ind, goal)
            enter(ind, tree.committee_a, str(year), got)
        for i in range(4):
            task = plan_services.task_create(actor=SYSTEM, plan=plan, organization=tree.committee_a,
                                             title=f"Nhiệm vụ {i}", due_on=D(year, 6, 1))
            plan_services.task_set_status(actor=SYSTEM, task=task, status="done", on=D(year, 5, 20))
    r2024, r2025 = open_round(tree.committee_a, 2024), open_round(tree.committee_a, 2025)
    rating = rating_of(r2024, tree.committee_a)
    assert refused(lambda: services.rating_propose(actor=SYSTEM, rating=rating, level=Level.GOOD),
                   "automatic_not_completed") == (
        '124-QĐ/TW: 1 of 3 targets met (33.33%), under 50%: the level proposed is "Did not complete duties"; the '
        'deciding level may rate otherwise with a note.')
    proposed = services.rating_propose(actor=SYSTEM, rating=rating_of(r2025, tree.committee_a),
                                       level=Level.EXCELLENT, score=Decimal(92))
    assert (proposed.proposed_level, proposed.automatic) == (Level.EXCELLENT, "")
    assert proposed.facts == {"collective": True, "targets": 3, "targets_met": 1, "targets_exceeded": 1,
                              "tasks": 4, "units": 3}


def test_the_cap_counts_inside_the_grassroots_organization(tree):
    """21 members good and 4 excellent in committee A: a fifth is refused with the numbers;
    committee B's members do not count in A's round."""
    people = members(tree.cell_a1, 26)
    others = members(tree.cell_b1, 2, prefix="Sở Y tế")
    rnd = open_round(tree.committee_a, 2025)
    rnd_b = open_round(tree.committee_b, 2025)
    excellent = {"level": Level.EXCELLENT, "score": Decimal(95), "tasks": 10, "beyond": Decimal(40)}
    good = {"level": Level.GOOD, "score": Decimal(80), "tasks": 10}
    for m in people[:21]:
        services.rating_propose(actor=SYSTEM, rating=rating_of(rnd, m), **good)
    for m in people[21:25]:
        services.rating_propose(actor=SYSTEM, rating=rating_of(rnd, m), **excellent)
    fifth = rating_of(rnd, people[25])
    assert refused(lambda: services.rating_propose(actor=SYSTEM, rating=fifth, **excellent), "cap_exceeded") == (
        "366-QĐ/TW: 5 đảng viên xuất sắc vượt 20% của 21 đảng viên hoàn thành tốt (tối đa 4)")
    # Nor may good members be decided lower while that leaves the four over the cap.
    services.rating_decide(actor=SYSTEM, rating=rating_of(rnd, people[0]), level=Level.ADEQUATE, note="Chậm tiến độ")
    assert refused(lambda: services.rating_decide(actor=SYSTEM, rating=rating_of(rnd, people[1]), level=Level.ADEQUATE,
                                                  note="Chậm tiến độ"), "cap_exceeded") == (
        "366-QĐ/TW: 4 đảng viên xuất sắc vượt 20% của 19 đảng viên hoàn thành tốt (tối đa 3)")
    # The competent level allows up to 25%: the fifth passes (25% of 20 is 5).
    refused(lambda: services.round_cap_allow(actor=SYSTEM, rating_round=rnd, share=Decimal(30), note="Đơn vị tiêu biểu"),
            "cap_share_out_of_range")
    services.round_cap_allow(actor=SYSTEM, rating_round=rnd, share=Decimal(25), note="Đơn vị tiêu biểu")
    assert services.rating_propose(actor=SYSTEM, rating=fifth, **excellent).proposed_level == Level.EXCELLENT
    assert services.member_counts(RatingRound.objects.get(pk=rnd.pk)) == {Level.GOOD: 20, Level.EXCELLENT: 5, Level.ADEQUATE: 1}
    # Committee B: no good member yet, so no excellent one either.
    assert refused(lambda: services.rating_propose(actor=SYSTEM, rating=rating_of(rnd_b, others[0]), **excellent),
                   "cap_exceeded") == "366-QĐ/TW: 1 đảng viên xuất sắc vượt 20% của 0 đảng viên hoàn thành tốt (tối đa 0)"


def test_who_may_write_each_step(tree, users, english):
    member = members(tree.cell_a1, 1)[0]
    rnd = open_round(tree.committee_a, 2024)
    rating, own = rating_of(rnd, member), rating_of(rnd, tree.committee_a)
    with pytest.raises(PermissionDenied):
        services.rating_propose(actor=users.viewer, rating=rating, level=Level.GOOD)
    assert services.rating_propose_refusal(actor=users.viewer, rating=rating) == "Your account is read-only."
    services.rating_self_assess(actor=users.staff_a, rating=rating, level=Level.GOOD, note="Hoàn thành tốt")
    services.rating_propose(actor=users.staff_a, rating=rating, level=Level.GOOD)
    rating = services.rating_decide(actor=users.staff_a, rating=rating, level=Level.GOOD)
    assert services.rating_propose_refusal(actor=users.staff_a, rating=rating) == (
        f"The rating of {member.full_name} for 2024 is already decided (Well completed duties).")
    # The committee's own rating is decided by the level above it.
    services.rating_propose(actor=users.staff_a, rating=own, level=Level.GOOD)
    assert services.rating_decide_refusal(actor=users.staff_a, rating=own) == (
        "You may not change records outside your organization.")
    services.rating_decide(actor=users.bloc_admin, rating=own, level=Level.GOOD)
    assert [a.action for a in audit_rows(rating)] == ["rating.self_assess", "rating.propose", "rating.decide"]
    assert refused(lambda: services.rating_decide(actor=SYSTEM, rating=rating_of(rnd, tree.cell_a2),
                                                  level=Level.GOOD), "not_proposed") == (
        "Chi bộ Thanh tra has no proposed level yet: the appraisal comes before the decision.")


def test_an_exemption_after_opening_takes_the_member_out(tree, english):
    member = members(tree.cell_a1, 1)[0]
    rnd = open_round(tree.committee_a, 2025)
    services.exemption_create(actor=SYSTEM, member=member, year=2025, reason=RatingExemption.Reason.SUSPENDED)
    assert rating_of(rnd, member).not_rated == "suspended"
    assert refused(lambda: services.exemption_create(actor=SYSTEM, member=member, year=2025, reason="exempt"),
                   "exemption_exists") == f"{member.full_name} is already recorded as not rated in 2025."
