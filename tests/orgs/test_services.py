"""The organization tree: dangvu.orgs.services and dangvu.orgs.selectors."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from dangvu.core import audit
from dangvu.core.actors import SYSTEM
from dangvu.core.errors import NotFound, PermissionDenied, RuleViolation, ValidationError, codes
from dangvu.core.models import AuditEntry
from dangvu.members import selectors as member_selectors
from dangvu.members import services as member_services
from dangvu.orgs import selectors, services
from dangvu.orgs.models import (
    Committee,
    Organization,
    OrganizationEvent,
    Placement,
    path_ids,
    path_segment,
)
from tests.factories import audit_rows, make_org, message

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

D = datetime.date
EV = OrganizationEvent.Kind


def seg_path(*orgs) -> str:
    return "".join(path_segment(o.pk) for o in orgs)


def placements(org) -> list[tuple]:
    return [
        (p.parent_id, p.path, p.depth, p.valid_from, p.valid_to)
        for p in Placement.objects.filter(organization=org).order_by("valid_from", "id")
    ]


def events(org) -> list[tuple]:
    return [(e.kind, e.on, e.related_id, e.detail) for e in OrganizationEvent.objects.filter(organization=org)]


def as_of(org, on, actor=SYSTEM) -> list[str]:
    return [p.organization.name for p in selectors.subtree_as_of(actor=actor, organization=org, on=on)]


def tree_state() -> list[tuple]:
    """Everything that a failed tree write must leave untouched."""
    return [
        *Organization.objects.order_by("pk").values_list("pk", "parent_id", "path", "depth", "dissolved_on", "merged_into_id"),
        *Placement.objects.order_by("pk").values_list("pk", "organization_id", "parent_id", "path", "depth", "valid_from", "valid_to"),
        ("events", OrganizationEvent.objects.count()),
        ("audit", AuditEntry.objects.count()),
    ]


def ref(org) -> dict:
    return {"id": org.pk, "repr": org.name}


# --- create ---------------------------------------------------------------------------

def test_tree_paths_and_depths_are_derived_from_parents(tree):
    t = tree
    expected = {
        t.province: (t.province,),
        t.bloc: (t.province, t.bloc),
        t.committee_a: (t.province, t.bloc, t.committee_a),
        t.cell_a1: (t.province, t.bloc, t.committee_a, t.cell_a1),
        t.sub_a: (t.province, t.bloc, t.committee_a, t.sub_a),
        t.cell_sub: (t.province, t.bloc, t.committee_a, t.sub_a, t.cell_sub),
        t.committee_b: (t.province, t.bloc, t.committee_b),
        t.cell_b2: (t.province, t.bloc, t.committee_b, t.cell_b2),
        t.grassroots_cell: (t.province, t.bloc, t.grassroots_cell),
    }
    for org, chain in expected.items():
        org.refresh_from_db()
        assert org.path == seg_path(*chain)
        assert org.depth == len(chain) - 1
        assert path_ids(org.path) == [o.pk for o in chain]
    assert t.cell_sub.path == "".join(f"{o.pk:08d}." for o in expected[t.cell_sub])
    assert Placement.objects.count() == 11
    assert OrganizationEvent.objects.filter(kind=EV.ESTABLISHED).count() == 11


def test_create_writes_placement_event_and_audit(tree, users):
    org = services.organization_create(
        actor=users.bloc_admin, code=" CB-SYT-D ", name="Chi bộ Khoa Dược", kind=Organization.Kind.CELL,
        parent=tree.committee_b, established_on=D(2020, 3, 1), short_name="CB Dược",
    )
    org.refresh_from_db()
    assert (org.code, org.name, org.short_name, org.kind) == ("CB-SYT-D", "Chi bộ Khoa Dược", "CB Dược", "cell")
    assert org.parent_id == tree.committee_b.pk
    assert org.path == seg_path(tree.province, tree.bloc, tree.committee_b, org)
    assert org.depth == 3
    assert org.name_normalized == "chi bo khoa duoc cb duoc cb-syt-d"
    assert placements(org) == [(tree.committee_b.pk, org.path, 3, D(2020, 3, 1), None)]
    assert events(org) == [(EV.ESTABLISHED, D(2020, 3, 1), tree.committee_b.pk, "")]
    [row] = audit_rows(org)
    assert row.action == "organization.create"
    assert row.actor_id == users.bloc_admin.pk
    assert row.actor_name == "admin_khoi"
    assert row.scope_path == org.path
    assert row.object_repr == "Chi bộ Khoa Dược"
    assert row.changes == {
        "code": [None, "CB-SYT-D"],
        "name": [None, "Chi bộ Khoa Dược"],
        "short_name": [None, "CB Dược"],
        "kind": [None, "cell"],
        "parent": [None, ref(tree.committee_b)],
        "established_on": [None, "2020-03-01"],
    }


def test_create_by_the_system_is_audited_as_system(tree):
    [row] = audit_rows(tree.province)
    assert (row.actor_id, row.actor_name, row.action) == (None, "system", "organization.create")
    assert row.changes["kind"] == [None, "province"]
    assert "parent" not in row.changes


@pytest.mark.parametrize(
    ("kind", "parent_attr", "expected"),
    [
        (Organization.Kind.CELL, "cell_a1", "A Cell cannot stand under a Cell (Chi bộ Văn phòng)."),
        (Organization.Kind.SUB_COMMITTEE, "bloc",
         "A Sub-committee cannot stand under a Party committee directly under the provincial committee (Đảng bộ các cơ quan Đảng tỉnh)."),
        (Organization.Kind.CELL, "grassroots_cell", "A Cell cannot stand under a Grassroots Party cell (Chi bộ Báo Kiên Giang)."),
        (Organization.Kind.GRASSROOTS_COMMITTEE, None, "A Grassroots Party committee must stand under a parent organization."),
        (Organization.Kind.GRASSROOTS_CELL, None, "A Grassroots Party cell must stand under a parent organization."),
        (Organization.Kind.PROVINCE, "province", "A Provincial Party committee cannot stand under a Provincial Party committee (Tỉnh ủy Kiên Giang)."),
    ],
)
def test_create_refuses_a_kind_under_the_wrong_parent(tree, kind, parent_attr, expected):
    parent = getattr(tree, parent_attr) if parent_attr else None
    before = tree_state()
    with pytest.raises(RuleViolation) as exc:
        make_org(parent, "NEW", "Tổ chức mới", kind)
    assert message(exc) == expected
    assert tree_state() == before
    assert not Organization.objects.filter(code="NEW").exists()


def test_create_refuses_unknown_kind(tree):
    with pytest.raises(RuleViolation) as exc:
        make_org(tree.bloc, "NEW", "Tổ chức mới", "ministry")
    assert message(exc) == "Unknown kind of organization: ministry."


def test_create_under_a_dissolved_parent_is_refused(tree):
    services.organization_dissolve(actor=SYSTEM, organization=tree.cell_sub, on=D(2022, 1, 1))
    services.organization_dissolve(actor=SYSTEM, organization=tree.sub_a, on=D(2022, 1, 1))
    with pytest.raises(RuleViolation) as exc:
        make_org(tree.sub_a, "NEW", "Chi bộ mới", Organization.Kind.CELL, established_on=D(2023, 1, 1))
    assert message(exc) == "Đảng bộ bộ phận Kho bạc was dissolved; nothing can be placed under it."
    assert not Organization.objects.filter(code="NEW").exists()


def test_create_before_the_parent_was_established_is_refused(tree):
    with pytest.raises(RuleViolation) as exc:
        make_org(tree.committee_a, "NEW", "Chi bộ mới", Organization.Kind.CELL, established_on=D(2009, 12, 31))
    assert message(exc) == "An organization cannot be established before its parent organization."


@pytest.mark.parametrize("code", ["DB-STC", "  DB-STC  "])
def test_create_with_a_duplicate_code_names_the_field(tree, code):
    before = tree_state()
    with pytest.raises(ValidationError) as exc:
        make_org(tree.bloc, code, "Đảng bộ trùng mã", Organization.Kind.GRASSROOTS_COMMITTEE)
    assert exc.value.message_dict == {"code": ["This code is already used by another organization."]}
    assert tree_state() == before


# --- rename ---------------------------------------------------------------------------

def test_rename_audits_old_and_new_and_records_event(tree, users):
    org = services.organization_rename(
        actor=users.admin_a, organization=tree.cell_a1, name="  Chi bộ Văn phòng Sở  ",
        short_name="CB VP", on=D(2024, 2, 1),
    )
    org.refresh_from_db()
    assert (org.name, org.short_name) == ("Chi bộ Văn phòng Sở", "CB VP")
    assert org.name_normalized == "chi bo van phong so cb vp cb-stc-vp"
    assert events(org)[-1] == (EV.RENAMED, D(2024, 2, 1), None, "Chi bộ Văn phòng")
    row = audit_rows(org)[-1]
    assert row.action == "organization.rename"
    assert row.actor_id == users.admin_a.pk
    assert row.changes == {"name": ["Chi bộ Văn phòng", "Chi bộ Văn phòng Sở"], "short_name": ["", "CB VP"]}
    found = selectors.organization_search(actor=users.staff_a, query="VĂN PHÒNG SỞ")
    assert [o.pk for o in found] == [org.pk]


def test_rename_keeps_short_name_when_not_given_and_refuses_empty_or_dissolved(tree):
    org = services.organization_rename(actor=SYSTEM, organization=tree.cell_a2, name="Chi bộ Thanh tra Sở", on=D(2024, 1, 1))
    assert audit_rows(org)[-1].changes == {"name": ["Chi bộ Thanh tra", "Chi bộ Thanh tra Sở"]}
    with pytest.raises(RuleViolation) as exc:
        services.organization_rename(actor=SYSTEM, organization=org, name="   ", on=D(2024, 1, 2))
    assert message(exc) == "The name cannot be empty."
    services.organization_dissolve(actor=SYSTEM, organization=org, on=D(2024, 6, 1))
    with pytest.raises(RuleViolation) as exc:
        services.organization_rename(actor=SYSTEM, organization=org, name="Khác", on=D(2024, 7, 1))
    assert message(exc) == "Chi bộ Thanh tra Sở was dissolved and cannot be renamed."


# --- move -----------------------------------------------------------------------------

def test_move_rewrites_subtree_paths_and_placements(tree, users, make_member):
    t = tree
    member = make_member(t.cell_sub)
    old_sub_path, old_cell_path = t.sub_a.path, t.cell_sub.path
    moved = services.organization_move(actor=users.bloc_admin, organization=t.sub_a, new_parent=t.committee_b, on=D(2023, 7, 1))
    t.refresh()
    assert moved.pk == t.sub_a.pk
    assert t.sub_a.parent_id == t.committee_b.pk
    assert t.sub_a.path == seg_path(t.province, t.bloc, t.committee_b, t.sub_a)
    assert t.cell_sub.path == seg_path(t.province, t.bloc, t.committee_b, t.sub_a, t.cell_sub)
    assert (t.sub_a.depth, t.cell_sub.depth) == (3, 4)
    assert t.cell_sub.parent_id == t.sub_a.pk
    # Organizations outside the subtree are untouched.
    assert t.cell_a1.path == seg_path(t.province, t.bloc, t.committee_a, t.cell_a1)
    assert placements(t.sub_a) == [
        (t.committee_a.pk, old_sub_path, 3, D(2010, 1, 1), D(2023, 7, 1)),
        (t.committee_b.pk, t.sub_a.path, 3, D(2023, 7, 1), None),
    ]
    assert placements(t.cell_sub) == [
        (t.sub_a.pk, old_cell_path, 4, D(2010, 1, 1), D(2023, 7, 1)),
        (t.sub_a.pk, t.cell_sub.path, 4, D(2023, 7, 1), None),
    ]
    assert events(t.sub_a)[-1] == (EV.MOVED, D(2023, 7, 1), t.committee_b.pk, "Đảng bộ Sở Tài chính")
    row = audit_rows(t.sub_a)[-1]
    assert (row.action, row.actor_id, row.scope_path) == ("organization.move", users.bloc_admin.pk, t.sub_a.path)
    assert row.changes == {"parent": [ref(t.committee_a), ref(t.committee_b)]}
    # The member's cell now reads under committee B, so committee A's staff no longer sees it.
    assert member_selectors.member_list(actor=users.staff_a).count() == 0
    with pytest.raises(NotFound):
        member_selectors.member_get(actor=users.staff_a, pk=member.pk)


def test_subtree_as_of_reads_the_tree_before_and_after_a_move(tree):
    t = tree
    services.organization_move(actor=SYSTEM, organization=t.sub_a, new_parent=t.committee_b, on=D(2023, 7, 1))
    t.refresh()
    a = ["Đảng bộ Sở Tài chính", "Chi bộ Văn phòng", "Chi bộ Thanh tra"]
    b = ["Đảng bộ Sở Y tế", "Chi bộ Bệnh viện", "Chi bộ Trung tâm Y tế"]
    sub = ["Đảng bộ bộ phận Kho bạc", "Chi bộ Kho bạc 1"]
    assert as_of(t.committee_a, D(2023, 6, 30)) == a + sub
    assert as_of(t.committee_a, D(2023, 7, 1)) == a
    assert as_of(t.committee_b, D(2023, 6, 30)) == b
    # Path order: sub_a was created before cell_b1, so its segment sorts first.
    assert as_of(t.committee_b, D(2023, 7, 1)) == [b[0], *sub, *b[1:]]
    assert as_of(t.sub_a, D(2015, 1, 1)) == sub
    assert as_of(t.committee_b, D(2009, 12, 31)) == []
    on_2020 = list(selectors.subtree_as_of(actor=SYSTEM, organization=t.sub_a, on=D(2020, 1, 1)))
    assert [(p.organization_id, p.path) for p in on_2020] == [
        (t.sub_a.pk, seg_path(t.province, t.bloc, t.committee_a, t.sub_a)),
        (t.cell_sub.pk, seg_path(t.province, t.bloc, t.committee_a, t.sub_a, t.cell_sub)),
    ]
    # The whole bloc holds the same 10 organizations on both sides of the move.
    assert len(as_of(t.bloc, D(2023, 6, 30))) == len(as_of(t.bloc, D(2023, 7, 1))) == 10


def test_move_changes_depth_of_the_moved_subtree(tree):
    t = tree
    services.organization_move(actor=SYSTEM, organization=t.cell_sub, new_parent=t.committee_b, on=D(2021, 1, 1))
    t.refresh()
    assert t.cell_sub.depth == 3
    assert t.cell_sub.path == seg_path(t.province, t.bloc, t.committee_b, t.cell_sub)
    assert placements(t.cell_sub)[-1] == (t.committee_b.pk, t.cell_sub.path, 3, D(2021, 1, 1), None)


def test_move_on_the_day_of_the_last_change_replaces_that_placement(tree):
    t = tree
    services.organization_move(actor=SYSTEM, organization=t.cell_a2, new_parent=t.sub_a, on=D(2023, 1, 1))
    services.organization_move(actor=SYSTEM, organization=t.cell_a2, new_parent=t.committee_b, on=D(2023, 1, 1))
    t.refresh()
    assert placements(t.cell_a2) == [
        (t.committee_a.pk, seg_path(t.province, t.bloc, t.committee_a, t.cell_a2), 3, D(2010, 1, 1), D(2023, 1, 1)),
        (t.committee_b.pk, t.cell_a2.path, 3, D(2023, 1, 1), None),
    ]


def test_move_under_own_descendant_is_refused(tree):
    before = tree_state()
    with pytest.raises(RuleViolation) as exc:
        services.organization_move(actor=SYSTEM, organization=tree.sub_a, new_parent=tree.cell_sub, on=D(2023, 1, 1))
    assert message(exc) == (
        "Đảng bộ bộ phận Kho bạc cannot be moved under Chi bộ Kho bạc 1: that is inside its own subtree."
    )
    with pytest.raises(RuleViolation) as exc:
        services.organization_move(actor=SYSTEM, organization=tree.sub_a, new_parent=tree.sub_a, on=D(2023, 1, 1))
    assert message(exc) == (
        "Đảng bộ bộ phận Kho bạc cannot be moved under Đảng bộ bộ phận Kho bạc: that is inside its own subtree."
    )
    assert tree_state() == before


def test_move_refuses_dissolved_unit_same_parent_and_wrong_kind(tree):
    services.organization_dissolve(actor=SYSTEM, organization=tree.cell_a2, on=D(2022, 1, 1))
    with pytest.raises(RuleViolation) as exc:
        services.organization_move(actor=SYSTEM, organization=tree.cell_a2, new_parent=tree.committee_b, on=D(2023, 1, 1))
    assert message(exc) == "Chi bộ Thanh tra was dissolved and cannot be moved."
    with pytest.raises(RuleViolation) as exc:
        services.organization_move(actor=SYSTEM, organization=tree.cell_a1, new_parent=tree.committee_a, on=D(2023, 1, 1))
    assert message(exc) == "Chi bộ Văn phòng already stands under Đảng bộ Sở Tài chính."
    with pytest.raises(RuleViolation) as exc:
        services.organization_move(actor=SYSTEM, organization=tree.cell_a1, new_parent=tree.bloc, on=D(2023, 1, 1))
    assert message(exc) == (
        "A Cell cannot stand under a Party committee directly under the provincial committee (Đảng bộ các cơ quan Đảng tỉnh)."
    )


def test_move_under_a_dissolved_parent_is_refused(tree):
    services.organization_dissolve(actor=SYSTEM, organization=tree.cell_sub, on=D(2022, 1, 1))
    services.organization_dissolve(actor=SYSTEM, organization=tree.sub_a, on=D(2022, 1, 1))
    with pytest.raises(RuleViolation) as exc:
        services.organization_move(actor=SYSTEM, organization=tree.cell_b1, new_parent=tree.sub_a, on=D(2023, 1, 1))
    assert message(exc) == "Đảng bộ bộ phận Kho bạc was dissolved; nothing can be placed under it."


def test_move_dated_before_the_last_change_is_refused(tree):
    t = tree
    services.organization_move(actor=SYSTEM, organization=t.sub_a, new_parent=t.committee_b, on=D(2023, 7, 1))
    before = tree_state()
    with pytest.raises(RuleViolation) as exc:
        services.organization_move(actor=SYSTEM, organization=t.sub_a, new_parent=t.committee_a, on=D(2023, 6, 30))
    assert message(exc) == "The date 30/06/2023 is before the last recorded change of Đảng bộ bộ phận Kho bạc (01/07/2023)."
    with pytest.raises(RuleViolation) as exc:
        services.organization_move(actor=SYSTEM, organization=t.cell_a1, new_parent=t.committee_b, on=D(2009, 12, 31))
    assert message(exc) == "The date 31/12/2009 is before the last recorded change of Chi bộ Văn phòng (01/01/2010)."
    assert tree_state() == before


def test_move_dated_before_a_later_change_inside_the_subtree_is_refused(tree):
    """cell_b1 joined sub_a on 1 Jul 2023. Moving sub_a as from 1 Mar 2023 would rewrite
    where cell_b1 stood between March and July (it was under committee B then)."""
    t = tree
    services.organization_move(actor=SYSTEM, organization=t.cell_b1, new_parent=t.sub_a, on=D(2023, 7, 1))
    before = tree_state()
    with pytest.raises(RuleViolation) as exc:
        services.organization_move(actor=SYSTEM, organization=t.sub_a, new_parent=t.committee_b, on=D(2023, 3, 1))
    assert "01/07/2023" in message(exc)
    assert tree_state() == before
    # As it stood on 1 May 2023, cell_b1 was under committee B, and only there.
    t.refresh()
    names = as_of(t.bloc, D(2023, 5, 1))
    assert names.count("Chi bộ Bệnh viện") == 1
    assert "Chi bộ Bệnh viện" in as_of(t.committee_b, D(2023, 5, 1))


# --- merge ----------------------------------------------------------------------------

def test_merge_moves_children_and_closes_the_source(tree, users):
    t = tree
    on_2021_before = as_of(t.bloc, D(2021, 6, 1))
    rows_2021_before = [
        (p.organization_id, p.parent_id, p.path, p.depth)
        for p in selectors.subtree_as_of(actor=SYSTEM, organization=t.bloc, on=D(2021, 6, 1))
    ]
    result = services.organization_merge(actor=users.bloc_admin, source=t.committee_a, target=t.committee_b, on=D(2023, 1, 1))
    assert result.pk == t.committee_b.pk
    t.refresh()
    assert (t.committee_a.dissolved_on, t.committee_a.merged_into_id) == (D(2023, 1, 1), t.committee_b.pk)
    assert placements(t.committee_a)[-1][-1] == D(2023, 1, 1)
    assert Placement.objects.filter(organization=t.committee_a, valid_to__isnull=True).count() == 0
    for child in (t.cell_a1, t.cell_a2, t.sub_a):
        assert child.parent_id == t.committee_b.pk
        assert child.path == seg_path(t.province, t.bloc, t.committee_b, child)
        assert events(child)[-1] == (EV.MOVED, D(2023, 1, 1), t.committee_b.pk, "Đảng bộ Sở Tài chính")
    assert t.cell_sub.path == seg_path(t.province, t.bloc, t.committee_b, t.sub_a, t.cell_sub)
    assert events(t.committee_a) == [
        (EV.ESTABLISHED, D(2010, 1, 1), t.bloc.pk, ""),
        (EV.MERGED, D(2023, 1, 1), t.committee_b.pk, ""),
    ]
    assert events(t.committee_b) == [
        (EV.ESTABLISHED, D(2010, 1, 1), t.bloc.pk, ""),
        (EV.ABSORBED, D(2023, 1, 1), t.committee_a.pk, ""),
    ]
    merge_row = audit_rows(t.committee_a)[-1]
    assert merge_row.action == "organization.merge"
    assert merge_row.changes == {"dissolved_on": [None, "2023-01-01"], "merged_into": [None, ref(t.committee_b)]}
    absorb_row = audit_rows(t.committee_b)[-1]
    assert (absorb_row.action, absorb_row.note) == ("organization.absorb", "Đảng bộ Sở Tài chính")
    # The tree as of 2021 is unchanged by the 2023 merger.
    assert as_of(t.bloc, D(2021, 6, 1)) == on_2021_before
    assert [
        (p.organization_id, p.parent_id, p.path, p.depth)
        for p in selectors.subtree_as_of(actor=SYSTEM, organization=t.bloc, on=D(2021, 6, 1))
    ] == rows_2021_before
    assert as_of(t.committee_a, D(2022, 12, 31)) == [
        "Đảng bộ Sở Tài chính", "Chi bộ Văn phòng", "Chi bộ Thanh tra", "Đảng bộ bộ phận Kho bạc", "Chi bộ Kho bạc 1",
    ]
    assert as_of(t.committee_a, D(2023, 1, 1)) == []
    assert as_of(t.committee_b, D(2023, 1, 1)) == [
        "Đảng bộ Sở Y tế", "Chi bộ Văn phòng", "Chi bộ Thanh tra", "Đảng bộ bộ phận Kho bạc", "Chi bộ Kho bạc 1",
        "Chi bộ Bệnh viện", "Chi bộ Trung tâm Y tế",
    ]
    assert [o.name for o in selectors.subtree(actor=SYSTEM, organization=t.bloc)][:3] == [
        "Đảng bộ các cơ quan Đảng tỉnh", "Đảng bộ Sở Y tế", "Chi bộ Văn phòng",
    ]
    assert selectors.subtree(actor=SYSTEM, organization=t.bloc).count() == 9
    assert selectors.subtree(actor=SYSTEM, organization=t.bloc, include_dissolved=True).count() == 10


def test_merging_a_grassroots_cell_carries_its_members(tree, make_member):
    t = tree
    source = make_org(t.bloc, "CB-DTH", "Chi bộ Đài Truyền hình", Organization.Kind.GRASSROOTS_CELL)
    m1 = make_member(source, full_name="Trần Thị Bình", admission_decision_date=D(2012, 1, 5))
    m2 = make_member(source, full_name="Lê Văn Cường", admission_decision_date=D(2014, 2, 3))
    gone = make_member(source, full_name="Phạm Văn Dũng", full_membership_date=D(2016, 5, 19))
    member_services.member_change_status(actor=SYSTEM, member=gone, status="left", on=D(2020, 1, 1))
    services.organization_merge(actor=SYSTEM, source=source, target=t.grassroots_cell, on=D(2023, 1, 1))
    for m, start in ((m1, D(2012, 1, 5)), (m2, D(2014, 2, 3))):
        m.refresh_from_db()
        assert (m.organization_id, m.on_roll) == (t.grassroots_cell.pk, True)
        assert list(m.affiliations.values_list("organization_id", "start", "end", "start_reason", "end_reason")) == [
            (source.pk, start, D(2023, 1, 1), "admission", "merger"),
            (t.grassroots_cell.pk, D(2023, 1, 1), None, "merger", ""),
        ]
        assert list(m.transfers.values_list("kind", "on", "from_organization_id", "to_organization_id", "decision")) == [
            ("internal", D(2023, 1, 1), source.pk, t.grassroots_cell.pk, "Merger of organizations"),
        ]
    gone.refresh_from_db()
    assert (gone.organization_id, gone.on_roll) == (source.pk, False)
    assert not gone.transfers.exists()
    source.refresh_from_db()
    assert (source.dissolved_on, source.merged_into_id) == (D(2023, 1, 1), t.grassroots_cell.pk)
    moved = {"organization": [{"id": source.pk, "repr": "Chi bộ Đài Truyền hình"},
                              {"id": t.grassroots_cell.pk, "repr": "Chi bộ Báo Kiên Giang"}]}
    for m in (m1, m2):
        assert [r.changes for r in audit_rows(m) if r.action == "member.merger"] == [moved]
    listed = member_selectors.member_list(actor=SYSTEM, organization=t.grassroots_cell)
    assert [m.full_name for m in listed] == ["Trần Thị Bình", "Lê Văn Cường"]


def test_merge_into_an_organization_that_cannot_hold_members_is_refused(tree, make_member):
    make_member(tree.cell_a2)
    before = tree_state()
    with pytest.raises(RuleViolation) as exc:
        services.organization_merge(actor=SYSTEM, source=tree.cell_a2, target=tree.committee_b, on=D(2023, 1, 1))
    assert message(exc) == "A Cell cannot be merged into a Grassroots Party committee (Đảng bộ Sở Y tế)."
    assert codes(exc.value) == ["merge_kind_not_allowed"]
    assert tree_state() == before


def test_merge_refusals(tree):
    t = tree
    with pytest.raises(RuleViolation) as exc:
        services.organization_merge(actor=SYSTEM, source=t.committee_a, target=t.committee_a, on=D(2023, 1, 1))
    assert message(exc) == "An organization cannot be merged into itself."
    with pytest.raises(RuleViolation) as exc:
        services.organization_merge(actor=SYSTEM, source=t.committee_a, target=t.cell_a1, on=D(2023, 1, 1))
    assert message(exc) == "Đảng bộ Sở Tài chính cannot be merged into Chi bộ Văn phòng, which stands inside it."
    services.organization_dissolve(actor=SYSTEM, organization=t.cell_b2, on=D(2022, 1, 1))
    with pytest.raises(RuleViolation) as exc:
        services.organization_merge(actor=SYSTEM, source=t.cell_a2, target=t.cell_b2, on=D(2023, 1, 1))
    assert message(exc) == "Chi bộ Trung tâm Y tế was dissolved and cannot take part in a merger."
    with pytest.raises(RuleViolation) as exc:
        services.organization_merge(actor=SYSTEM, source=t.committee_a, target=t.grassroots_cell, on=D(2023, 1, 1))
    assert message(exc) == "A Grassroots Party committee cannot be merged into a Grassroots Party cell (Chi bộ Báo Kiên Giang)."


def test_failed_merge_leaves_no_partial_rows(tree):
    """Children are moved one by one; the last one was moved in after the merger date, so
    the merger fails after the first three moves. Nothing of it may remain."""
    t = tree
    services.organization_move(actor=SYSTEM, organization=t.cell_b1, new_parent=t.committee_a, on=D(2023, 6, 1))
    before = tree_state()
    with pytest.raises(RuleViolation) as exc:
        services.organization_merge(actor=SYSTEM, source=t.committee_a, target=t.committee_b, on=D(2023, 3, 1))
    assert message(exc) == "The date 01/03/2023 is before the last recorded change of Chi bộ Bệnh viện (01/06/2023)."
    assert tree_state() == before
    t.refresh()
    assert t.cell_a1.parent_id == t.committee_a.pk
    assert t.committee_a.dissolved_on is None


# --- dissolve -------------------------------------------------------------------------

def test_dissolve_refused_with_active_children(tree):
    with pytest.raises(RuleViolation) as exc:
        services.organization_dissolve(actor=SYSTEM, organization=tree.committee_a, on=D(2023, 1, 1))
    assert message(exc) == (
        "Đảng bộ Sở Tài chính still has 3 active organizations under it: move or dissolve them first."
    )


def test_dissolve_refused_with_members_on_the_rolls(tree, make_member):
    make_member(tree.cell_a1, full_name="Nguyễn Văn An")
    make_member(tree.cell_a1, full_name="Trần Văn Bảo")
    before = tree_state()
    with pytest.raises(RuleViolation) as exc:
        services.organization_dissolve(actor=SYSTEM, organization=tree.cell_a1, on=D(2023, 1, 1))
    assert message(exc) == "Chi bộ Văn phòng still has 2 members on its rolls: transfer them first."
    assert tree_state() == before


def test_members_off_the_rolls_do_not_block_dissolution(tree, make_member):
    m = make_member(tree.cell_a1)
    member_services.member_transfer_out(actor=SYSTEM, member=m, on=D(2022, 5, 1), destination="Đảng ủy Khối tỉnh An Giang")
    org = services.organization_dissolve(actor=SYSTEM, organization=tree.cell_a1, on=D(2023, 1, 1))
    assert org.dissolved_on == D(2023, 1, 1)


def test_dissolve_succeeds_and_records_everything(tree, users):
    t = tree
    org = services.organization_dissolve(actor=users.admin_a, organization=t.cell_a2, on=D(2024, 12, 31), reason="Sắp xếp tổ chức")
    org.refresh_from_db()
    assert org.dissolved_on == D(2024, 12, 31)
    assert org.merged_into_id is None
    assert placements(org) == [(t.committee_a.pk, org.path, 3, D(2010, 1, 1), D(2024, 12, 31))]
    assert events(org)[-1] == (EV.DISSOLVED, D(2024, 12, 31), None, "Sắp xếp tổ chức")
    row = audit_rows(org)[-1]
    assert (row.action, row.actor_id, row.note) == ("organization.dissolve", users.admin_a.pk, "Sắp xếp tổ chức")
    assert row.changes == {"dissolved_on": [None, "2024-12-31"]}
    assert [c.name for c in selectors.children(actor=SYSTEM, organization=t.committee_a)] == [
        "Chi bộ Văn phòng", "Đảng bộ bộ phận Kho bạc",
    ]
    assert [c.name for c in selectors.children(actor=SYSTEM, organization=t.committee_a, include_dissolved=True)] == [
        "Chi bộ Thanh tra", "Chi bộ Văn phòng", "Đảng bộ bộ phận Kho bạc",
    ]
    assert as_of(t.cell_a2, D(2024, 12, 30)) == ["Chi bộ Thanh tra"]
    assert as_of(t.cell_a2, D(2024, 12, 31)) == []
    with pytest.raises(RuleViolation) as exc:
        services.organization_dissolve(actor=SYSTEM, organization=org, on=D(2025, 1, 1))
    assert message(exc) == "Chi bộ Thanh tra was already dissolved."


def test_dissolve_a_committee_once_its_units_are_gone(tree):
    t = tree
    for org in (t.cell_a1, t.cell_a2, t.cell_sub, t.sub_a, t.committee_a):
        services.organization_dissolve(actor=SYSTEM, organization=org, on=D(2024, 1, 1))
    assert Organization.objects.filter(dissolved_on=D(2024, 1, 1)).count() == 5
    with pytest.raises(RuleViolation) as exc:
        services.organization_dissolve(actor=SYSTEM, organization=t.cell_b1, on=D(2009, 6, 1))
    assert message(exc) == "The date 01/06/2009 is before the last recorded change of Chi bộ Bệnh viện (01/01/2010)."


# --- rebuild_paths --------------------------------------------------------------------

def test_rebuild_paths_restores_corrupted_paths_exactly(tree):
    t = tree
    services.organization_move(actor=SYSTEM, organization=t.sub_a, new_parent=t.committee_b, on=D(2023, 7, 1))
    good = list(Organization.objects.order_by("pk").values_list("pk", "path", "depth"))
    good_placements = list(Placement.objects.order_by("pk").values_list("pk", "path", "depth"))
    Organization.objects.filter(pk__in=[t.bloc.pk, t.sub_a.pk, t.cell_sub.pk]).update(path="00000099.", depth=7)
    Organization.objects.filter(pk=t.cell_b2.pk).update(path="", depth=0)
    Placement.objects.filter(organization=t.cell_sub, valid_to__isnull=True).update(path="broken.", depth=1)
    assert list(Organization.objects.order_by("pk").values_list("pk", "path", "depth")) != good
    levels = services.rebuild_paths()
    assert levels == 5
    assert list(Organization.objects.order_by("pk").values_list("pk", "path", "depth")) == good
    assert list(Placement.objects.order_by("pk").values_list("pk", "path", "depth")) == good_placements


# --- permissions ----------------------------------------------------------------------

OUTSIDE = "You may not change records outside your organization."
READ_ONLY = "Your account is read-only."


def test_staff_of_committee_a_cannot_write_in_committee_b(tree, users):
    t, staff = tree, users.staff_a
    before = tree_state()
    attempts = [
        lambda: make_org(t.committee_b, "NEW", "Chi bộ mới", Organization.Kind.CELL, actor=staff),
        lambda: services.organization_rename(actor=staff, organization=t.cell_b1, name="Đổi tên", on=D(2024, 1, 1)),
        lambda: services.organization_move(actor=staff, organization=t.cell_b1, new_parent=t.committee_a, on=D(2024, 1, 1)),
        lambda: services.organization_move(actor=staff, organization=t.cell_a1, new_parent=t.committee_b, on=D(2024, 1, 1)),
        lambda: services.organization_dissolve(actor=staff, organization=t.cell_b2, on=D(2024, 1, 1)),
        lambda: services.organization_merge(actor=staff, source=t.cell_a2, target=t.cell_b2, on=D(2024, 1, 1)),
        lambda: services.committee_create(actor=staff, organization=t.committee_b, term_start=D(2020, 10, 1), term_end=D(2025, 10, 1)),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied) as exc:
            attempt()
        assert str(exc.value) == OUTSIDE
    assert tree_state() == before


def test_staff_of_committee_a_writes_in_its_own_subtree(tree, users):
    org = make_org(tree.sub_a, "CB-KB-2", "Chi bộ Kho bạc 2", Organization.Kind.CELL, actor=users.admin_a)
    assert org.path == seg_path(tree.province, tree.bloc, tree.committee_a, tree.sub_a, org)
    moved = services.organization_move(actor=users.admin_a, organization=org, new_parent=tree.committee_a, on=D(2024, 1, 1))
    assert moved.parent_id == tree.committee_a.pk


def test_viewer_cannot_write(tree, users):
    before = tree_state()
    with pytest.raises(PermissionDenied) as exc:
        make_org(tree.committee_b, "NEW", "Chi bộ mới", Organization.Kind.CELL, actor=users.viewer)
    assert str(exc.value) == READ_ONLY
    with pytest.raises(PermissionDenied) as exc:
        services.organization_rename(actor=users.viewer, organization=tree.cell_a1, name="Đổi tên", on=D(2024, 1, 1))
    assert str(exc.value) == READ_ONLY
    with pytest.raises(PermissionDenied) as exc:
        services.organization_dissolve(actor=users.viewer, organization=tree.cell_a2, on=D(2024, 1, 1))
    assert str(exc.value) == READ_ONLY
    assert tree_state() == before


def test_only_a_superuser_creates_a_top_level_organization(tree, users):
    with pytest.raises(PermissionDenied) as exc:
        make_org(None, "TU-AG", "Tỉnh ủy An Giang", Organization.Kind.PROVINCE, actor=users.bloc_admin)
    assert str(exc.value) == "Only a superuser may create a top-level organization."
    root = make_org(None, "TU-AG", "Tỉnh ủy An Giang", Organization.Kind.PROVINCE)
    assert (root.path, root.depth) == (path_segment(root.pk), 0)


# --- committees -----------------------------------------------------------------------

def test_committee_create_rules(tree, users):
    c = services.committee_create(actor=users.staff_a, organization=tree.committee_a, term_start=D(2020, 10, 1), term_end=D(2025, 10, 1))
    assert audit_rows(c)[0].changes == {
        "organization": [None, ref(tree.committee_a)], "term_start": [None, "2020-10-01"], "term_end": [None, "2025-10-01"],
    }
    with pytest.raises(RuleViolation) as exc:
        services.committee_create(actor=users.staff_a, organization=tree.committee_a, term_start=D(2025, 1, 1), term_end=D(2030, 1, 1))
    assert message(exc) == (
        "The term 01/01/2025–01/01/2030 overlaps the term 01/10/2020–01/10/2025 of the committee of Đảng bộ Sở Tài chính."
    )
    assert codes(exc.value) == ["term_overlap"]
    with pytest.raises(RuleViolation) as exc:
        services.committee_create(actor=users.staff_a, organization=tree.committee_a, term_start=D(2024, 1, 1), term_end=D(2024, 1, 1))
    assert message(exc) == "A term must end after it starts."
    nxt = services.committee_create(actor=users.staff_a, organization=tree.committee_a, term_start=D(2025, 10, 1), term_end=D(2030, 10, 1))
    assert list(Committee.objects.filter(organization=tree.committee_a).values_list("pk", flat=True)) == [nxt.pk, c.pk]


# --- audit and transactions -----------------------------------------------------------

def test_failed_write_leaves_no_audit_row_and_no_rows(tree, users):
    """The duplicate code is caught after nothing was saved; a refused move after the lock."""
    before = tree_state()
    with pytest.raises(ValidationError):
        make_org(tree.committee_a, "CB-STC-VP", "Chi bộ trùng", Organization.Kind.CELL, actor=users.admin_a)
    with pytest.raises(RuleViolation):
        services.organization_move(actor=users.admin_a, organization=tree.sub_a, new_parent=tree.cell_sub, on=D(2024, 1, 1))
    assert tree_state() == before
    assert not AuditEntry.objects.filter(actor=users.admin_a).exists()


@pytest.mark.django_db(transaction=True)
def test_audit_record_refuses_to_run_outside_a_transaction():
    from tests.factories import build_tree

    t = build_tree()
    assert AuditEntry.objects.filter(action="organization.create").count() == 11
    with pytest.raises(RuntimeError):
        audit.record(actor=SYSTEM, action="x", obj=t.bloc, scope_path=t.bloc.path)
    # A service's audit row commits with its change, and a failed service leaves neither.
    with pytest.raises(RuleViolation):
        make_org(t.cell_a1, "NEW", "Chi bộ mới", Organization.Kind.CELL)
    assert not Organization.objects.filter(code="NEW").exists()
    assert AuditEntry.objects.count() == 11
    with transaction.atomic():
        services.organization_rename(actor=SYSTEM, organization=t.cell_a1, name="Chi bộ VP", on=D(2024, 1, 1))
    assert AuditEntry.objects.filter(action="organization.rename").count() == 1


# --- selectors ------------------------------------------------------------------------

def test_organization_reads_are_scoped(tree, users):
    t = tree
    assert selectors.organization_get(actor=users.staff_a, pk=t.cell_a1.pk).pk == t.cell_a1.pk
    for org in (t.committee_b, t.cell_b1, t.bloc):
        with pytest.raises(NotFound):
            selectors.organization_get(actor=users.staff_a, pk=org.pk)
    with pytest.raises(NotFound):
        selectors.organization_by_code(actor=users.staff_a, code="CB-SYT-BV")
    assert selectors.organization_by_code(actor=users.viewer, code="CB-SYT-BV").pk == t.cell_b1.pk
    assert selectors.actor_root(users.staff_a).pk == t.committee_a.pk
    assert selectors.actor_root(SYSTEM).pk == t.province.pk
    assert [o.name for o in selectors.breadcrumbs(actor=users.staff_a, organization=t.cell_sub)] == [
        "Đảng bộ Sở Tài chính", "Đảng bộ bộ phận Kho bạc", "Chi bộ Kho bạc 1",
    ]
    assert [o.pk for o in selectors.breadcrumbs(actor=users.viewer, organization=t.cell_sub)] == [
        t.bloc.pk, t.committee_a.pk, t.sub_a.pk, t.cell_sub.pk,
    ]
    assert [o.name for o in selectors.subtree(actor=users.staff_a, organization=t.bloc)] == [
        "Đảng bộ Sở Tài chính", "Chi bộ Văn phòng", "Chi bộ Thanh tra", "Đảng bộ bộ phận Kho bạc", "Chi bộ Kho bạc 1",
    ]
    assert selectors.subtree_as_of(actor=users.staff_a, organization=t.committee_b, on=D(2020, 1, 1)).count() == 0
    assert selectors.subtree_as_of(actor=users.staff_a, organization=t.committee_a, on=D(2020, 1, 1)).count() == 5


def test_counts_by_kind(tree, users):
    t = tree
    assert selectors.counts_by_kind(actor=users.staff_a, organization=t.committee_a) == {"cell": 3, "sub_committee": 1}
    assert selectors.counts_by_kind(actor=users.viewer, organization=t.bloc) == {
        "grassroots_committee": 2, "grassroots_cell": 1, "sub_committee": 1, "cell": 5,
    }
    services.organization_merge(actor=SYSTEM, source=t.committee_a, target=t.committee_b, on=D(2023, 1, 1))
    assert selectors.counts_by_kind(actor=SYSTEM, organization=t.bloc) == {
        "grassroots_committee": 1, "grassroots_cell": 1, "sub_committee": 1, "cell": 5,
    }
    assert selectors.counts_by_kind(actor=users.staff_a, organization=t.committee_b) == {}


def test_children_are_annotated_with_active_child_counts(tree):
    kids = list(selectors.children(actor=SYSTEM, organization=tree.bloc))
    assert [(k.name, k.child_count) for k in kids] == [
        ("Chi bộ Báo Kiên Giang", 0), ("Đảng bộ Sở Tài chính", 3), ("Đảng bộ Sở Y tế", 2),
    ]


def test_organization_search_ignores_diacritics_and_scope(tree, users):
    assert [o.pk for o in selectors.organization_search(actor=SYSTEM, query="so y te")] == [tree.committee_b.pk]
    assert [o.pk for o in selectors.organization_search(actor=SYSTEM, query="ĐẢNG BỘ SỞ")] == [
        tree.committee_a.pk, tree.committee_b.pk,
    ]
    assert list(selectors.organization_search(actor=users.staff_a, query="so y te")) == []
    assert [o.pk for o in selectors.organization_search(actor=users.staff_a, query="cb-kb")] == [tree.cell_sub.pk]
    assert list(selectors.organization_search(actor=SYSTEM, query="  ")) == []
