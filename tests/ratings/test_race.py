"""Two appraisers proposing "excellent" at once in one grassroots organization (PostgreSQL, two
connections): the second waits for the round's row the first locked, then counts the first's
proposal and is refused; together they cannot break the cap."""

from __future__ import annotations

import pytest

from dangvu.core.actors import SYSTEM
from dangvu.core.errors import RuleViolation, codes
from dangvu.ratings import services
from dangvu.ratings.models import Level, Rating
from tests.support import hold_while, on_postgresql

from .helpers import members, open_round, rating_of

pytestmark = [on_postgresql, pytest.mark.django_db(transaction=True)]


def test_two_appraisers_proposing_excellent_at_once_cannot_break_the_cap(tree):
    people = members(tree.cell_a1, 5) + members(tree.cell_a2, 2, prefix="Thanh tra")
    rnd = open_round(tree.committee_a, 2024)
    for m in people[:5]:
        services.rating_propose(actor=SYSTEM, rating=rating_of(rnd, m), level=Level.GOOD)  # room for one
    first, second = rating_of(rnd, people[5]), rating_of(rnd, people[6])

    a, b = hold_while(lambda: services.rating_propose(actor=SYSTEM, rating=first, level=Level.EXCELLENT),
                      lambda: services.rating_propose(actor=SYSTEM, rating=second, level=Level.EXCELLENT))
    assert a.error is None
    assert b.waited
    assert isinstance(b.error, RuleViolation) and codes(b.error) == ["cap_exceeded"]
    assert b.error.messages == ["124-QĐ/TW: 2 đảng viên xuất sắc vượt 20% của 5 đảng viên hoàn thành tốt (tối đa 1)"]
    assert list(Rating.objects.filter(round=rnd, proposed_level=Level.EXCELLENT).values_list("member_id", flat=True)) \
        == [people[5].pk]
