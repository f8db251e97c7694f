"""Two decisions taken at once from the same proposed list (PostgreSQL, two connections): the
second waits for the first's uncommitted commendation of the same subject (the unique
constraint), then is refused as a whole: nobody is commended twice, and the second's other
subject is not commended either (all or nothing)."""

from __future__ import annotations

import datetime

import pytest

from dangvu.awards import services
from dangvu.awards.models import Commendation
from dangvu.core.actors import SYSTEM
from dangvu.core.errors import RuleViolation, codes
from tests.support import hold_while, on_postgresql

pytestmark = [on_postgresql, pytest.mark.django_db(transaction=True)]


def test_two_decisions_at_once_commend_nobody_twice(tree):
    def decide(number, orgs):
        return lambda: services.commendations_decide(
            actor=SYSTEM, kind=Commendation.Kind.UPPER_CERTIFICATE, year=2021, reason="Xuất sắc", number=number,
            decided_on=datetime.date(2022, 1, 15), deciding_body=tree.bloc, organizations=orgs)

    a, b = hold_while(decide("1-QĐ", [tree.committee_a]), decide("2-QĐ", [tree.committee_b, tree.committee_a]))
    assert a.error is None
    assert b.waited
    assert isinstance(b.error, RuleViolation) and codes(b.error) == ["already_commended"]
    assert list(Commendation.objects.values_list("organization__code", "number")) == [("DB-STC", "1-QĐ")]
