"""The demo's admissions register (dangvu.demo.register): the bloc's admissions of 2021-2026
came through it with their steps in order and within the rules, the older ones have
historical files, the figure counts each admission once, and `dangvu verify` finds the whole
demo clean.

The counts pinned here are regression values of the deterministic demo (seed 2024)."""

from __future__ import annotations

import copy
import datetime
from collections import Counter

import pytest
from django.db.models import Prefetch

from dangvu.admissions import rules, services
from dangvu.admissions.models import Candidate, Introduction
from dangvu.core import integrity, measures, workdays
from dangvu.demo.generator import REFERENCE_DATE
from dangvu.members.models import Affiliation, Member
from dangvu.members.selectors import full_members_on
from tests.demo.test_demo_admissions import DERIVED, REGISTER_FROM, K, _steps


@pytest.mark.django_db
def test_admissions_of_the_bloc_come_through_the_register(demo):
    files = Candidate.objects.select_related("organization__parent", "member", "helper").prefetch_related(
        Prefetch("steps__introductions", queryset=Introduction.objects.select_related("member")))
    by_member = {f.member_id: f for f in files if f.member_id}

    # Every member admitted here has one file in the cell of the admission: from 2021 a
    # register file whose decision and ceremony are the member's, before that a historical one.
    register = historical = 0
    for affiliation in Affiliation.objects.filter(start_reason=Affiliation.Reason.ADMISSION).select_related("member"):
        member, file = affiliation.member, by_member[affiliation.member_id]
        assert file.organization_id == affiliation.organization_id
        assert file.decision_date == member.admission_decision_date
        if member.admission_decision_date >= REGISTER_FROM:
            register += 1
            steps = _steps(file)
            assert file.source == Candidate.Source.REGISTER
            assert (steps[K.DECISION].on, steps[K.CEREMONY].on) == (member.admission_decision_date,
                                                                     member.ceremony_date)
            if member.full_membership_date:  # recognized from the 12-month date
                assert (file.state, file.probation_end) == (Candidate.State.FULL, member.full_membership_date)
                assert steps[K.RECOGNITION].on >= member.full_membership_date
        else:
            historical += 1
            assert (file.source, file.steps.count()) == (Candidate.Source.HISTORICAL, 0)
    assert (register, historical) == (1015, 3791)
    assert Candidate.objects.count() == 1015 + 3791 + 63  # and the candidates who are no members

    # The steps in order, each after the steps it needs; the rules of each step.
    zero_member_cells = []
    late = Counter()
    for file in files:
        if file.source != Candidate.Source.REGISTER:
            continue
        steps = _steps(file)
        for kind, step in steps.items():
            for previous in rules.prerequisites(rules.SPECS[kind], file.organization):
                assert previous in steps and steps[previous].on <= step.on, (file.pk, kind, previous)
            assert step.on <= REFERENCE_DATE
            assert step.rule_set == rules.rule_set(step.on).name
            if rules.SPECS[kind].numbered:
                assert step.document_number, (file.pk, kind)
        if K.CELL_RESOLUTION in steps:
            on = steps[K.CELL_RESOLUTION].on
            assert 18 * 12 <= rules.age_in_months(file.birth_date, on) <= 60 * 12
            rules.check_certificate(steps[K.AWARENESS_CERTIFICATE].on, on, rules.rule_set(on))
        for kind in (K.CELL_RESOLUTION, K.PROBATION_CELL_RESOLUTION):
            if kind in steps:
                step = steps[kind]
                voters = full_members_on(file.organization, step.on).exclude(pk=file.member_id)
                assert step.full_members == voters.count(), (file.pk, kind)
                if step.full_members:
                    assert step.full_members >= step.votes_for >= rules.votes_needed(step.full_members,
                                                                                     rules.rule_set(step.on))
                else:
                    zero_member_cells.append(file.organization.code)
        if K.INTRODUCTION in steps:
            step = steps[K.INTRODUCTION]
            introductions = list(step.introductions.all())
            members = [i for i in introductions if i.kind == Introduction.Kind.MEMBER]
            assert len(members) == 2 or (len(members), len(introductions)) == (1, 2)
            for introduction in members:
                assert introduction.member.full_membership_date <= step.on
                assert rules.age_in_months(introduction.worked_together_since, step.on) >= 12
        if file.helper_id:
            assert file.helper.full_membership_date <= steps.get(K.CEREMONY, steps[K.AWARENESS_CERTIFICATE]).on
        else:
            assert K.HELPER_REVIEW not in steps
        # The deadlines, mostly kept.
        if K.DECISION in steps:
            late["decision"] += steps[K.DECISION].on > workdays.add_working_days(steps[K.CELL_RESOLUTION].on, 60)
            late["decisions"] += 1
        if K.CEREMONY in steps:
            decision = steps[K.DECISION]
            late["ceremony"] += steps[K.CEREMONY].on > workdays.add_working_days(decision.received_on, 30)
            late["ceremonies"] += 1
        # The derived fields are those the services compute from the steps.
        again = copy.copy(file)
        services.derive_fields(again, steps)
        assert [getattr(again, f) for f in DERIVED] == [getattr(file, f) for f in DERIVED], file.pk
    # Young cells with no full member yet on the day (the member generator's cells): the
    # resolution is recorded with no one to vote.
    assert sorted(zero_member_cells) == ["HG-KHOI-026-05", "HG-KHOI-026-05", "HG-KHOI-026-06", "HG-KHOI-031-07",
                                         "HG-KHOI-031-07"]
    assert late == {"decisions": 1030, "decision": 38, "ceremonies": 1015, "ceremony": 14}

    # ~60 candidates before the ceremony on the demo date, at every step; some late.
    open_files = Candidate.objects.filter(state__in=[Candidate.State.CANDIDATE, Candidate.State.DECIDED])
    assert open_files.filter(member__isnull=False).count() == 0
    assert Counter(open_files.values_list("state", flat=True)) == {"candidate": 45, "decided": 15}
    assert len(set(open_files.values_list("last_step", flat=True))) == 7
    overdue = Candidate.objects.filter(due_on__lt=REFERENCE_DATE)
    assert Counter(overdue.values_list("due_step", flat=True)) == {
        K.DECISION: 3, K.CEREMONY: 2, K.PROBATION_CELL_RESOLUTION: 6}
    # The late probationers: past the 12 months and 30 working days, still probationary.
    for file in overdue.filter(due_step=K.PROBATION_CELL_RESOLUTION).select_related("member"):
        assert file.member.status == Member.Status.PROBATIONARY and file.member.on_roll
        assert workdays.add_working_days(file.probation_end, 30) < REFERENCE_DATE

    # The admission figure counts each admission once: the members admitted in the year, and
    # in 2026 the people decided whose ceremony is still to come.
    decided = measures.get("admissions.decided")
    awaiting = Candidate.objects.filter(member__isnull=True, decision_date__isnull=False)
    assert set(awaiting.values_list("decision_date__year", flat=True)) == {2026}
    for year in range(2021, 2027):
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        admitted = Affiliation.objects.filter(start_reason=Affiliation.Reason.ADMISSION, start__gte=start,
                                              start__lte=end).count()
        expected = admitted + (awaiting.count() if year == 2026 else 0)
        assert decided.records(start, end).count() == expected, year
    assert decided.records(datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)).count() == 177

    # `dangvu verify`: every check clean, the audit row covering the load included.
    assert [(name, found) for name, found in integrity.run() if found] == []
