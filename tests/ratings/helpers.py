"""Builders for the rating tests: members and rounds made through the services."""

from __future__ import annotations

import datetime

from dangvu.core.actors import SYSTEM
from dangvu.ratings import services
from dangvu.ratings.models import Rating, RatingRound
from tests.factories import make_member

D = datetime.date
LONG_AGO = D(2015, 3, 2)
TODAY = D(2026, 11, 20)


def members(cell, n: int, *, prefix: str = "Đảng viên", admitted: datetime.date = LONG_AGO) -> list:
    return [make_member(cell, full_name=f"{prefix} {i:03d}", admission_decision_date=admitted,
                        birth_date=D(1980, 1, 1 + i % 28), full_member=admitted.year < 2024) for i in range(n)]


def open_round(organization, year: int, *, actor=SYSTEM, today=TODAY) -> RatingRound:
    rounds = services.round_open(actor=actor, organization=organization, year=year, today=today)
    return next(r for r in rounds if r.organization_id == organization.pk) if len(rounds) > 1 else rounds[0]


def rating_of(rnd: RatingRound, subject) -> Rating:
    from dangvu.members.models import Member

    key = "member" if isinstance(subject, Member) else "organization"
    return Rating.objects.get(round=rnd, **{key: subject})
