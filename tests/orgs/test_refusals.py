"""The preconditions that pages and services share: ``organization_move_refusal``,
``organization_merge_refusal``, ``organization_dissolve_refusal`` (dangvu.orgs.services)
and the targets the pages offer (``move_targets``, ``merge_targets`` in
dangvu.orgs.selectors): the refusal says the service's words, and the targets are exactly
what the refusal accepts."""

from __future__ import annotations

import datetime

import pytest

from dangvu.core.actors import SYSTEM
from dangvu.members import services as member_services
from dangvu.orgs import selectors, services
from dangvu.orgs.models import ALLOWED_PARENTS, MERGE_TARGET_KINDS, Organization
from tests.factories import make_org
from tests.support import OUTSIDE, READ_ONLY, refused_alike

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

D = datetime.date
LATER = D(2026, 11, 20)  # after every change of the tree, not after today: only the rules decide




# --- move ------------------------------------------------------------------------------

def move_refusal(actor, org, parent, on=LATER) -> str:
    return services.organization_move_refusal(actor=actor, organization=org, new_parent=parent, on=on)


def move(actor, org, parent, on=LATER):
    return lambda: services.organization_move(actor=actor, organization=org, new_parent=parent, on=on)


@pytest.mark.parametrize(
    ("actor_name", "org", "parent", "on", "expected", "code"),
    [
        ("staff_a", "cell_b1", "committee_a", LATER, OUTSIDE, None),
        ("staff_a", "cell_a1", "committee_b", LATER, OUTSIDE, None),
        ("viewer", "cell_a1", "sub_a", LATER, READ_ONLY, None),
        ("system", "committee_a", "sub_a", LATER,
         "Đảng bộ Sở Tài chính cannot be moved under Đảng bộ bộ phận Kho bạc: that is inside its own subtree.",
         "move_into_own_subtree"),
        ("system", "cell_a1", "committee_a", LATER, "Chi bộ Văn phòng already stands under Đảng bộ Sở Tài chính.",
         "move_same_parent"),
        ("system", "cell_a1", "bloc", LATER,
         "A Cell cannot stand under a Party committee directly under the provincial committee "
         "(Đảng bộ các cơ quan Đảng tỉnh).", "parent_kind_not_allowed"),
        ("system", "cell_a1", "committee_b", D(2009, 12, 31),
         "The date 31/12/2009 is before the last recorded change of Chi bộ Văn phòng (01/01/2010).",
         "date_before_last_change"),
    ],
)
def test_move_refusal_says_what_the_service_raises(tree, users, actor_name, org, parent, on, expected, code):
    actor = SYSTEM if actor_name == "system" else getattr(users, actor_name)
    org, parent = getattr(tree, org), getattr(tree, parent)
    refusal = move_refusal(actor, org, parent, on)
    assert refusal == expected
    refused_alike(refusal, move(actor, org, parent, on), code)


def test_move_refusal_of_dissolved_units(tree):
    t = tree
    services.organization_dissolve(actor=SYSTEM, organization=t.cell_b2, on=D(2022, 1, 1))
    t.refresh()
    assert move_refusal(SYSTEM, t.cell_b2, t.committee_a) == "Chi bộ Trung tâm Y tế was dissolved and cannot be moved."
    refused_alike(move_refusal(SYSTEM, t.cell_b2, t.committee_a), move(SYSTEM, t.cell_b2, t.committee_a), "move_dissolved")
    services.organization_dissolve(actor=SYSTEM, organization=t.cell_sub, on=D(2022, 1, 1))
    services.organization_dissolve(actor=SYSTEM, organization=t.sub_a, on=D(2022, 1, 1))
    t.refresh()
    refusal = move_refusal(SYSTEM, t.cell_a1, t.sub_a)
    assert refusal == "Đảng bộ bộ phận Kho bạc was dissolved; nothing can be placed under it."
    refused_alike(refusal, move(SYSTEM, t.cell_a1, t.sub_a), "parent_dissolved")


def test_move_refusal_is_empty_when_the_service_moves(tree, users):
    t = tree
    assert move_refusal(users.admin_a, t.cell_a1, t.sub_a, D(2024, 1, 1)) == ""
    moved = services.organization_move(actor=users.admin_a, organization=t.cell_a1, new_parent=t.sub_a, on=D(2024, 1, 1))
    assert moved.parent_id == t.sub_a.pk


# --- merge ------------------------------------------------------------------------------

def merge_refusal(actor, source, target, on=LATER) -> str:
    return services.organization_merge_refusal(actor=actor, source=source, target=target, on=on)


def merge(actor, source, target, on=LATER):
    return lambda: services.organization_merge(actor=actor, source=source, target=target, on=on)


@pytest.mark.parametrize(
    ("actor_name", "source", "target", "on", "expected", "code"),
    [
        ("staff_a", "cell_a2", "cell_b2", LATER, OUTSIDE, None),
        ("viewer", "cell_a2", "cell_a1", LATER, READ_ONLY, None),
        ("system", "committee_a", "committee_a", LATER, "An organization cannot be merged into itself.",
         "merge_into_itself"),
        ("system", "committee_a", "cell_a1", LATER,
         "Đảng bộ Sở Tài chính cannot be merged into Chi bộ Văn phòng, which stands inside it.",
         "merge_into_own_subtree"),
        ("system", "committee_a", "grassroots_cell", LATER,
         "A Grassroots Party committee cannot be merged into a Grassroots Party cell (Chi bộ Báo Kiên Giang).",
         "merge_kind_not_allowed"),
        ("system", "cell_a2", "committee_b", LATER,
         "A Cell cannot be merged into a Grassroots Party committee (Đảng bộ Sở Y tế).", "merge_kind_not_allowed"),
        ("system", "committee_b", "bloc", LATER,
         "A Grassroots Party committee cannot be merged into a Party committee directly under the provincial "
         "committee (Đảng bộ các cơ quan Đảng tỉnh).", "merge_kind_not_allowed"),
        ("system", "cell_a2", "cell_b1", D(2009, 12, 31),
         "The date 31/12/2009 is before the last recorded change of Chi bộ Thanh tra (01/01/2010).",
         "date_before_last_change"),
    ],
)
def test_merge_refusal_says_what_the_service_raises(tree, users, actor_name, source, target, on, expected, code):
    actor = SYSTEM if actor_name == "system" else getattr(users, actor_name)
    source, target = getattr(tree, source), getattr(tree, target)
    refusal = merge_refusal(actor, source, target, on)
    assert refusal == expected
    refused_alike(refusal, merge(actor, source, target, on), code)


def test_merge_refusal_of_a_dissolved_target(tree):
    t = tree
    services.organization_dissolve(actor=SYSTEM, organization=t.cell_b2, on=D(2022, 1, 1))
    t.refresh()
    refusal = merge_refusal(SYSTEM, t.cell_a2, t.cell_b2)
    assert refusal == "Chi bộ Trung tâm Y tế was dissolved and cannot take part in a merger."
    refused_alike(refusal, merge(SYSTEM, t.cell_a2, t.cell_b2), "merge_dissolved")


def test_a_sub_committee_merges_into_a_grassroots_committee(tree, make_member):
    """MERGE_TARGET_KINDS: the sub-committee's cells then stand directly under the committee."""
    t = tree
    member = make_member(t.cell_sub)
    assert merge_refusal(SYSTEM, t.sub_a, t.committee_a, D(2024, 1, 1)) == ""
    services.organization_merge(actor=SYSTEM, source=t.sub_a, target=t.committee_a, on=D(2024, 1, 1))
    t.refresh()
    assert (t.sub_a.dissolved_on, t.sub_a.merged_into_id) == (D(2024, 1, 1), t.committee_a.pk)
    assert t.cell_sub.parent_id == t.committee_a.pk
    member.refresh_from_db()
    assert member.organization_id == t.cell_sub.pk


def test_a_cell_merges_into_a_grassroots_cell_with_its_members(tree, make_member):
    t = tree
    member = make_member(t.cell_a2)
    assert merge_refusal(SYSTEM, t.cell_a2, t.grassroots_cell, D(2024, 1, 1)) == ""
    services.organization_merge(actor=SYSTEM, source=t.cell_a2, target=t.grassroots_cell, on=D(2024, 1, 1))
    member.refresh_from_db()
    assert (member.organization_id, member.on_roll) == (t.grassroots_cell.pk, True)


def test_merge_target_kinds_take_everything_the_source_holds():
    """A target's kind accepts every kind that may stand under the source's kind, and a
    unit holding members goes to a unit holding members, so that the children and the
    members a merger carries over always fit (the service's child check never fires)."""
    from dangvu.members.models import MEMBER_HOLDING_KINDS

    for source, targets in MERGE_TARGET_KINDS.items():
        assert source in targets
        children = {kind for kind, parents in ALLOWED_PARENTS.items() if source in parents}
        for target in targets:
            assert all(target in ALLOWED_PARENTS[child] for child in children), (source, target)
            assert source not in MEMBER_HOLDING_KINDS or target in MEMBER_HOLDING_KINDS, (source, target)
    assert set(MERGE_TARGET_KINDS) == set(Organization.Kind.values)


# --- dissolve ---------------------------------------------------------------------------

def test_dissolve_refusal_says_what_the_service_raises(tree, users, make_member):
    t = tree
    dissolve = services.organization_dissolve
    refusal = services.organization_dissolve_refusal(actor=users.staff_a, organization=t.cell_b1, on=LATER)
    assert refusal == OUTSIDE
    refused_alike(refusal, lambda: dissolve(actor=users.staff_a, organization=t.cell_b1, on=LATER), None)
    refusal = services.organization_dissolve_refusal(actor=SYSTEM, organization=t.committee_b, on=LATER)
    assert refusal == "Đảng bộ Sở Y tế still has 2 active organizations under it: move or dissolve them first."
    refused_alike(refusal, lambda: dissolve(actor=SYSTEM, organization=t.committee_b, on=LATER),
                  "dissolve_active_children")
    make_member(t.cell_b1)
    refusal = services.organization_dissolve_refusal(actor=SYSTEM, organization=t.cell_b1, on=LATER)
    assert refusal == "Chi bộ Bệnh viện still has 1 member on its rolls: transfer them first."
    refused_alike(refusal, lambda: dissolve(actor=SYSTEM, organization=t.cell_b1, on=LATER), "dissolve_blocked")
    assert services.organization_dissolve_refusal(actor=SYSTEM, organization=t.cell_b2, on=LATER) == ""
    dissolve(actor=SYSTEM, organization=t.cell_b2, on=LATER)
    t.refresh()
    refusal = services.organization_dissolve_refusal(actor=SYSTEM, organization=t.cell_b2, on=LATER)
    assert refusal == "Chi bộ Trung tâm Y tế was already dissolved."
    refused_alike(refusal, lambda: dissolve(actor=SYSTEM, organization=t.cell_b2, on=LATER), "already_dissolved")


# --- targets the pages offer ----------------------------------------------------------------

@pytest.fixture
def grown(tree, users):
    """The tree with a second grassroots cell, a dissolved cell, and a member who left."""
    t = tree
    make_org(t.bloc, "CB-DTH", "Chi bộ Đài Truyền hình", Organization.Kind.GRASSROOTS_CELL)
    services.organization_dissolve(actor=SYSTEM, organization=t.cell_b2, on=D(2022, 1, 1))
    t.refresh()
    return t


def actors(users) -> list:
    return [SYSTEM, users.bloc_admin, users.staff_a, users.admin_a, users.viewer]


def test_move_targets_are_exactly_what_the_refusal_accepts(grown, users, django_assert_max_num_queries):
    everything = list(Organization.objects.order_by("path"))
    for actor in actors(users):
        for org in everything:
            with django_assert_max_num_queries(1):
                offered = [o.pk for o in selectors.move_targets(actor=actor, organization=org)]
            accepted = [o.pk for o in everything if move_refusal(actor, org, o) == ""]
            assert offered == accepted, (actor, org.name)
    assert [o.name for o in selectors.move_targets(actor=users.admin_a, organization=grown.cell_a1)] == [
        "Đảng bộ bộ phận Kho bạc",
    ]
    assert [o.name for o in selectors.move_targets(actor=users.bloc_admin, organization=grown.sub_a)] == [
        "Đảng bộ Sở Y tế",
    ]


def test_merge_targets_are_exactly_what_the_refusal_accepts(grown, users, django_assert_max_num_queries):
    everything = list(Organization.objects.order_by("path"))
    for actor in actors(users):
        for org in everything:
            with django_assert_max_num_queries(1):
                offered = [o.pk for o in selectors.merge_targets(actor=actor, organization=org)]
            accepted = [o.pk for o in everything if merge_refusal(actor, org, o) == ""]
            assert offered == accepted, (actor, org.name)
    assert [o.name for o in selectors.merge_targets(actor=users.bloc_admin, organization=grown.grassroots_cell)] == [
        "Chi bộ Văn phòng", "Chi bộ Thanh tra", "Chi bộ Kho bạc 1", "Chi bộ Bệnh viện", "Chi bộ Đài Truyền hình",
    ]
    assert [o.name for o in selectors.merge_targets(actor=users.admin_a, organization=grown.sub_a)] == [
        "Đảng bộ Sở Tài chính",
    ]
    assert list(selectors.merge_targets(actor=users.viewer, organization=grown.cell_a1)) == []


def test_targets_of_a_member_holding_cell_with_members(grown, users, make_member):
    """A cell with members merges only into cells: its members go with it."""
    make_member(grown.cell_a2)
    offered = {o.kind for o in selectors.merge_targets(actor=SYSTEM, organization=grown.cell_a2)}
    assert offered == {Organization.Kind.CELL, Organization.Kind.GRASSROOTS_CELL}
    left = make_member(grown.cell_a1, full_name="Lê Văn Bình", full_membership_date=D(2016, 6, 1))
    member_services.member_change_status(actor=SYSTEM, member=left, status="left", on=D(2020, 1, 1))
    for target in selectors.merge_targets(actor=SYSTEM, organization=grown.cell_a2):
        assert merge_refusal(SYSTEM, grown.cell_a2, target) == ""
