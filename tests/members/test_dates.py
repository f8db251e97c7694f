"""Issue 9: a member's dates within bounds: a death typed 2099 does not take the member off
the rolls; no event of the Party's life before its founding."""

from __future__ import annotations

import pytest

from dangvu.core.actors import SYSTEM
from dangvu.core.errors import ValidationError, codes
from dangvu.members import services
from dangvu.members.models import Member
from tests.support import D

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "today")]


def test_death_dated_2099_refused_and_the_member_stays_on_the_rolls(tree, make_member):
    member = make_member(tree.cell_a1)
    with pytest.raises(ValidationError) as exc:
        services.member_change_status(actor=SYSTEM, member=member, status=Member.Status.DECEASED, on=D(2099, 1, 1))
    assert codes(exc.value) == ["date_in_future"]
    member.refresh_from_db()
    assert (member.status, member.on_roll) == (Member.Status.PROBATIONARY, True)


def test_transfer_dated_before_the_founding_refused(tree, make_member):
    member = make_member(tree.cell_a1)
    with pytest.raises(ValidationError) as exc:
        services.member_transfer_out(actor=SYSTEM, member=member, on=D(1920, 1, 1), destination="Tỉnh ủy X")
    assert exc.value.message_dict == {"on": [
        "The date 01/01/1920 is before the founding of the Party (03/02/1930): check the year."]}
