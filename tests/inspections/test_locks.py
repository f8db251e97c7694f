"""Two discipline decisions about the same member at once (PostgreSQL, two connections):
the second waits for the first, so that the lapse dates chain over both."""

from __future__ import annotations

import datetime

import pytest

from dangvu.core.actors import SYSTEM
from dangvu.inspections import services
from dangvu.inspections.models import Discipline
from tests.support import hold_while, on_postgresql

D = datetime.date


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_decisions_about_one_member_at_once_chain_their_lapse(tree, make_member):
    member = make_member(tree.cell_a1, full_member=True)

    def decide(number, decided):
        return lambda: services.discipline_create(
            actor=SYSTEM, form="reprimand", violation_date=D(2023, 1, 5), deciding_body=tree.committee_a,
            decided_on=decided, number=number, member=member)

    first, second = hold_while(decide("2-QĐ", D(2024, 9, 1)), decide("1-QĐ", D(2024, 3, 1)), locktype="transactionid")
    assert (first.error, second.error, second.waited) == (None, None, True)
    assert dict(Discipline.objects.values_list("number", "lapses_on")) == {"1-QĐ": D(2025, 9, 1),
                                                                           "2-QĐ": D(2025, 9, 1)}
