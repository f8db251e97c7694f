"""The demo's admissions register (dangvu.demo.register): its files replay through the
services to the same state (the register as the whole demo loads it: loaded/test_admissions.py)."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Prefetch

from dangvu.admissions import rules, services
from dangvu.admissions.models import Candidate, Introduction, Step
from dangvu.core.actors import SYSTEM
from dangvu.demo.generator import REFERENCE_DATE, generate
from dangvu.members.models import Member

K = Step.Kind
REGISTER_FROM = datetime.date(2021, 1, 1)
DERIVED = ["state", "last_step", "decision_date", "ceremony_date", "probation_end", "due_step", "due_on"]


def _steps(candidate: Candidate) -> dict[str, Step]:
    return {step.kind: step for step in candidate.steps.all()}


@pytest.mark.django_db
def test_the_files_replay_through_the_services(monkeypatch):
    """Files recorded again step by step through admissions.services (up to the ceremony,
    which would make a second member) are accepted and end where the demo wrote them."""
    generate(scale="bloc", seed=2024)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: REFERENCE_DATE)
    files = list(Candidate.objects.filter(source=Candidate.Source.REGISTER).select_related(
        "organization__parent", "helper").prefetch_related(
        Prefetch("steps__introductions", queryset=Introduction.objects.select_related("member"))).order_by("id"))
    sample = [f for f in files if f.member_id is None and f.closed_on is None] + files[::50]
    replayed = 0
    for file in sample:
        helper = file.helper if file.helper and file.helper.status == Member.Status.FULL else None
        again = services.candidate_create(
            actor=SYSTEM, organization=file.organization, full_name=file.full_name, gender=file.gender,
            birth_date=file.birth_date, started_on=file.started_on, helper=helper)
        for step in sorted(file.steps.all(), key=lambda s: (s.on, list(rules.SPECS).index(s.kind))):
            if step.kind == K.CEREMONY:
                break
            introductions = list(step.introductions.all())
            union = next((i for i in introductions if i.kind != Introduction.Kind.MEMBER), None)
            recorded = services.step_record(
                actor=SYSTEM, candidate=again, kind=step.kind, on=step.on, document_number=step.document_number,
                received_on=step.received_on, votes_for=step.votes_for,
                introducers=[(i.member, i.worked_together_since) for i in introductions if i.member_id],
                union=union.kind if union else "", union_document=union.document_number if union else "")
            assert recorded.full_members == step.full_members
        again.refresh_from_db()
        if file.member_id is None:
            assert [getattr(again, f) for f in DERIVED] == [getattr(file, f) for f in DERIVED], file.pk
        replayed += 1
    assert replayed == 60 + 22
