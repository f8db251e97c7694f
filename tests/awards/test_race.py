"""Two writers at once (PostgreSQL, two connections).

- Two decisions taken from the same proposed list: the second waits for the first's
  uncommitted commendation of the same subject (the unique constraint), then is refused as
  a whole: nobody is commended twice, and the second's other subject is not commended
  either (all or nothing).
- Two badges given the same number for two members: the second's check cannot see the
  first's uncommitted badge; its insert waits on the unique number, then is refused with
  the number named, never a server error.
- Two movements recorded at once under the same name: the second's check cannot see the
  first's uncommitted movement; its insert waits on the unique name, then is refused with
  the words of the check ("already recorded"), never a server error."""

from __future__ import annotations

import datetime

import pytest

from dangvu.awards import services
from dangvu.awards.models import Badge, Commendation, Movement
from dangvu.core.actors import SYSTEM
from dangvu.core.errors import RuleViolation, ValidationError, codes
from tests.support import hold_while, on_postgresql

from .test_badge_services import award, old_member

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


def test_two_badges_given_the_same_number_at_once(tree, make_member):
    on = datetime.date(2025, 2, 3)
    first = old_member(make_member, tree.cell_a1, "Lê Văn Ba", datetime.date(1995, 1, 1))
    second = old_member(make_member, tree.cell_b1, "Trần Văn Minh", datetime.date(1995, 1, 2))

    a, b = hold_while(lambda: award(first, 30, on, number="HH30-0001"),
                      lambda: award(second, 30, on, number="HH30-0001"), locktype="transactionid")
    assert a.error is None
    assert b.waited
    assert isinstance(b.error, ValidationError) and codes(b.error) == ["badge_number_taken"]
    assert b.error.message_dict == {"number": ["Số huy hiệu HH30-0001 đã được ghi nhận."]}
    assert list(Badge.objects.values_list("member__full_name", "number")) == [("Lê Văn Ba", "HH30-0001")]


def test_two_movements_recorded_at_once_under_the_same_name(tree):
    def record(first_year):
        return lambda: services.movement_create(actor=SYSTEM, name="Dân vận khéo", organization=tree.bloc,
                                                first_year=first_year)

    a, b = hold_while(record(2016), record(2018), locktype="transactionid")
    assert a.error is None
    assert b.waited
    assert isinstance(b.error, ValidationError) and codes(b.error) == ["movement_exists"]
    assert b.error.message_dict == {"name": ["Đã có phong trào mang tên này."]}
    assert list(Movement.objects.values_list("name", "first_year")) == [("Dân vận khéo", 2016)]
