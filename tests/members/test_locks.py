"""Locks of dangvu.members.services: a member's row is locked only after the actor's scope
is checked; one secretary at a time on a committee (``seat_assign``), refused with a rule
message, and two secretaries assigned at once cannot both pass (the committee's row is
locked while the seats are checked; the race runs on two connections, PostgreSQL)."""

from __future__ import annotations

import datetime

import pytest

from dangvu.core.actors import SYSTEM
from dangvu.core.errors import PermissionDenied, RuleViolation, codes
from dangvu.members import services
from dangvu.members.models import CommitteeSeat
from dangvu.orgs import services as org_services
from tests.factories import build_tree, make_member, message
from tests.support import hold_while, on_postgresql

pytestmark = pytest.mark.usefixtures("english")

D = datetime.date
TAKEN = "The committee already has a secretary for that time."


def committee_of(org):
    return org_services.committee_create(actor=SYSTEM, organization=org, term_start=D(2020, 10, 1),
                                         term_end=D(2025, 10, 1))


def secretary(committee, member, start, end=None):
    return services.seat_assign(actor=SYSTEM, committee=committee, member=member, role="secretary", start=start, end=end)


@pytest.mark.django_db
def test_an_actor_outside_the_scope_locks_no_member(tree, users, monkeypatch):
    b = make_member(tree.cell_b1, full_name="Trần Văn Bình", full_membership_date=D(2016, 6, 1))
    gone = services.member_change_status(actor=SYSTEM, member=make_member(tree.cell_b2), status="left",
                                         on=D(2020, 1, 1))
    locked = []
    row = services._row
    monkeypatch.setattr(services, "_row", lambda member: locked.append(member.pk) or row(member))
    staff = users.staff_a
    for write in (
        lambda: services.member_update(actor=staff, member=b, full_name="Trần Văn Bính"),
        lambda: services.member_change_status(actor=staff, member=b, status="left", on=D(2024, 1, 1)),
        lambda: services.status_change_annul(actor=staff, change=gone.status_changes.order_by("on").last(), reason="Nhập nhầm"),
        lambda: services.member_transfer(actor=staff, member=b, to_organization=tree.cell_a1, on=D(2024, 1, 1)),
        lambda: services.member_transfer_out(actor=staff, member=b, on=D(2024, 1, 1), destination="Tỉnh ủy An Giang"),
        lambda: services.interruption_add(actor=staff, member=b, start=D(2019, 1, 1), end=D(2019, 7, 1),
                                          reason="lost_contact"),
    ):
        with pytest.raises(PermissionDenied) as exc:
            write()
        assert str(exc.value) == "You may not change records outside your organization."
    assert locked == []
    services.member_update(actor=users.bloc_admin, member=b, full_name="Trần Văn Bính")
    assert locked == [b.pk]


@pytest.mark.django_db
def test_a_second_secretary_for_the_same_time_is_refused_with_a_code(tree):
    committee = committee_of(tree.committee_a)
    a = make_member(tree.cell_a1, full_name="Nguyễn Văn An")
    b = make_member(tree.cell_a2, full_name="Lê Thị Bích")
    secretary(committee, a, D(2020, 10, 1))
    with pytest.raises(RuleViolation) as exc:
        secretary(committee, b, D(2023, 1, 1))
    assert (message(exc), codes(exc.value)) == (TAKEN, ["secretary_taken"])
    # Other roles are not limited.
    services.seat_assign(actor=SYSTEM, committee=committee, member=b, role="deputy_secretary", start=D(2020, 10, 1))
    assert CommitteeSeat.objects.filter(committee=committee).count() == 2


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_secretaries_assigned_at_once_cannot_both_pass():
    t = build_tree()
    committee = committee_of(t.committee_a)
    a = make_member(t.cell_a1, full_name="Nguyễn Văn An")
    b = make_member(t.cell_a2, full_name="Lê Thị Bích")

    first, second = hold_while(lambda: secretary(committee, a, D(2020, 10, 1)),
                               lambda: secretary(committee, b, D(2021, 1, 1)))
    assert first.error is None and first.value.member_id == a.pk
    assert second.waited  # on the committee's row, until the first seat was committed
    assert isinstance(second.error, RuleViolation)
    assert (second.error.messages, codes(second.error)) == ([TAKEN], ["secretary_taken"])
    assert list(CommitteeSeat.objects.filter(committee=committee, role="secretary").values_list("member_id", flat=True)) == [
        a.pk,
    ]
