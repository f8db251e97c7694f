"""Locks and the rules they protect in dangvu.orgs.services: the tree lock is taken only
after the scope check, one committee term at a time per organization, and a username taken
meanwhile is a rule message, not a database error. The races run on two connections
(PostgreSQL)."""

from __future__ import annotations

import datetime

import pytest

from dangvu.core.actors import SYSTEM
from dangvu.core.errors import PermissionDenied, RuleViolation, codes
from dangvu.orgs import services
from dangvu.orgs.models import Committee, Organization, User
from tests.factories import build_tree, build_users, make_org, make_user, message
from tests.support import hold_while, on_postgresql

pytestmark = pytest.mark.usefixtures("english")

D = datetime.date
OUTSIDE = "You may not change records outside your organization."
READ_ONLY = "Your account is read-only."


def refused_writes(t, users) -> list:
    """Tree writes that staff of committee A and the bloc's viewer may not make."""
    staff, viewer = users.staff_a, users.viewer
    return [
        (OUTSIDE, lambda: make_org(t.committee_b, "NEW", "Chi bộ mới", Organization.Kind.CELL, actor=staff)),
        (OUTSIDE, lambda: services.organization_move(actor=staff, organization=t.cell_b1, new_parent=t.committee_a,
                                                     on=D(2024, 1, 1))),
        (OUTSIDE, lambda: services.organization_move(actor=staff, organization=t.cell_a1, new_parent=t.committee_b,
                                                     on=D(2024, 1, 1))),
        (OUTSIDE, lambda: services.organization_merge(actor=staff, source=t.cell_a2, target=t.cell_b2, on=D(2024, 1, 1))),
        (OUTSIDE, lambda: services.organization_merge(actor=staff, source=t.cell_b2, target=t.cell_a2, on=D(2024, 1, 1))),
        (OUTSIDE, lambda: services.organization_dissolve(actor=staff, organization=t.cell_b2, on=D(2024, 1, 1))),
        (READ_ONLY, lambda: make_org(t.committee_b, "NEW", "Chi bộ mới", Organization.Kind.CELL, actor=viewer)),
        (READ_ONLY, lambda: services.organization_move(actor=viewer, organization=t.cell_a1, new_parent=t.sub_a,
                                                       on=D(2024, 1, 1))),
        (READ_ONLY, lambda: services.organization_merge(actor=viewer, source=t.cell_a2, target=t.cell_a1,
                                                        on=D(2024, 1, 1))),
        (READ_ONLY, lambda: services.organization_dissolve(actor=viewer, organization=t.cell_a2, on=D(2024, 1, 1))),
    ]


@pytest.mark.django_db
def test_an_actor_outside_the_scope_never_takes_the_tree_lock(tree, users, monkeypatch):
    taken = []
    monkeypatch.setattr(services, "tree_lock", lambda: taken.append("lock"))
    for expected, write in refused_writes(tree, users):
        with pytest.raises(PermissionDenied) as exc:
            write()
        assert str(exc.value) == expected
    assert taken == []
    services.organization_move(actor=users.admin_a, organization=tree.cell_a1, new_parent=tree.sub_a, on=D(2024, 1, 1))
    assert taken == ["lock"]


@pytest.mark.django_db
def test_a_term_overlapping_another_is_refused_with_both_terms(tree, users):
    services.committee_create(actor=users.staff_a, organization=tree.committee_a,
                              term_start=D(2020, 10, 1), term_end=D(2025, 10, 1))
    for start, end in ((D(2020, 10, 1), D(2025, 10, 1)), (D(2018, 1, 1), D(2020, 10, 2)), (D(2025, 9, 30), D(2030, 1, 1)),
                       (D(2021, 1, 1), D(2022, 1, 1))):
        with pytest.raises(RuleViolation) as exc:
            services.committee_create(actor=users.staff_a, organization=tree.committee_a, term_start=start, term_end=end)
        assert message(exc) == (
            f"The term {start:%d/%m/%Y}–{end:%d/%m/%Y} overlaps the term 01/10/2020–01/10/2025 "
            "of the committee of Đảng bộ Sở Tài chính."
        )
        assert codes(exc.value) == ["term_overlap"]
    # Terms that touch do not overlap; another organization's terms do not count.
    services.committee_create(actor=users.staff_a, organization=tree.committee_a,
                              term_start=D(2015, 10, 1), term_end=D(2020, 10, 1))
    services.committee_create(actor=SYSTEM, organization=tree.committee_b, term_start=D(2021, 1, 1), term_end=D(2026, 1, 1))
    with pytest.raises(RuleViolation) as exc:
        services.committee_create(actor=users.staff_a, organization=tree.committee_a,
                                  term_start=D(2024, 1, 1), term_end=D(2024, 1, 1))
    assert (message(exc), codes(exc.value)) == ("A term must end after it starts.", ["term_order"])
    assert Committee.objects.filter(organization=tree.committee_a).count() == 2


@pytest.mark.django_db
def test_a_duplicate_username_is_a_rule_message(tree, users):
    n = User.objects.count()
    with pytest.raises(RuleViolation) as exc:
        make_user(tree.bloc, "staff_stc", actor=users.bloc_admin)
    assert (message(exc), codes(exc.value)) == ("The username staff_stc is already taken.", ["username_taken"])
    assert User.objects.count() == n


# --- races (two connections, PostgreSQL) ------------------------------------------------------

@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_overlapping_terms_written_at_once_cannot_both_pass():
    t = build_tree()

    def term(start, end):
        return lambda: services.committee_create(actor=SYSTEM, organization=t.committee_a, term_start=start,
                                                 term_end=end)

    first, second = hold_while(term(D(2020, 10, 1), D(2025, 10, 1)), term(D(2023, 1, 1), D(2028, 1, 1)))
    assert first.error is None and first.value.pk
    assert second.waited  # on the organization's row, until the first term was committed
    assert isinstance(second.error, RuleViolation)
    assert codes(second.error) == ["term_overlap"]
    assert list(Committee.objects.filter(organization=t.committee_a).values_list("term_start", flat=True)) == [
        D(2020, 10, 1),
    ]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_actor_outside_the_scope_does_not_wait_for_the_tree_lock():
    t = build_tree()
    users = build_users(t)

    def outsider():
        return services.organization_move(actor=users.staff_a, organization=t.cell_b1, new_parent=t.committee_a,
                                          on=D(2024, 1, 1))

    def insider():
        return services.organization_move(actor=users.admin_a, organization=t.cell_a1, new_parent=t.sub_a,
                                          on=D(2024, 1, 1))

    holder, refused = hold_while(services.tree_lock, outsider)
    assert holder.error is None
    assert not refused.waited  # refused at once, while the lock was held
    assert isinstance(refused.error, PermissionDenied) and str(refused.error) == OUTSIDE
    holder, moved = hold_while(services.tree_lock, insider)
    assert moved.waited  # the lock was really held: a write in scope waits for it
    assert moved.error is None and moved.value.parent_id == t.sub_a.pk


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_username_taken_meanwhile_is_a_rule_message():
    t = build_tree()

    def create():
        return make_user(t.bloc, "trung_ten", User.Role.STAFF)

    first, second = hold_while(create, create)
    assert first.error is None
    assert second.waited  # on the unique index, until the first account was committed
    assert isinstance(second.error, RuleViolation)
    assert (second.error.messages, codes(second.error)) == (["The username trung_ten is already taken."],
                                                            ["username_taken"])
    assert User.objects.filter(username="trung_ten").count() == 1
