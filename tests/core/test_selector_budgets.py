"""Query budgets of the list selectors of orgs and members: each runs the same, exact
number of statements for a small tree and for one with many more units and members (the
number does not grow with the rows). Plans' list selectors have theirs beside their tests
(tests/plans/test_selectors.py, test_rollup.py) and the pages theirs (tests/web)."""

from __future__ import annotations

import datetime

import pytest

from dangvu.members import selectors as members
from dangvu.orgs import selectors as orgs
from dangvu.orgs.models import Organization
from tests.factories import make_member, make_org
from tests.support import count_queries

pytestmark = pytest.mark.django_db


def _reads(actor, tree, member) -> dict[str, int]:
    """Statements each list selector runs, its rows read in full, as the bloc's admin."""
    bloc, committee = tree.bloc, tree.committee_b
    calls = {
        "orgs.children": lambda: list(orgs.children(actor=actor, organization=bloc)),
        "orgs.subtree": lambda: list(orgs.subtree(actor=actor, organization=bloc)),
        "orgs.subtree_as_of": lambda: list(orgs.subtree_as_of(actor=actor, organization=bloc,
                                                              on=datetime.date(2024, 1, 1))),
        "orgs.counts_by_kind": lambda: orgs.counts_by_kind(actor=actor, organization=bloc),
        "orgs.organization_search": lambda: list(orgs.organization_search(actor=actor, query="chi bo")),
        "orgs.breadcrumbs": lambda: orgs.breadcrumbs(actor=actor, organization=tree.cell_sub),
        "orgs.move_targets": lambda: list(orgs.move_targets(actor=actor, organization=tree.cell_b1)),
        "orgs.merge_targets": lambda: list(orgs.merge_targets(actor=actor, organization=tree.cell_b1)),
        "members.member_list": lambda: list(members.member_list(actor=actor, query="", organization=bloc)[:50]),
        "members.status_counts": lambda: members.status_counts(actor=actor, organization=bloc),
        "members.counts_by_gender": lambda: members.counts_by_gender(actor=actor, organization=bloc),
        "members.member_counts_by_child": lambda: members.member_counts_by_child(actor=actor, parent=bloc),
        "members.subtree_member_count": lambda: members.subtree_member_count(actor=actor, organization=committee),
        "members.transfer_targets": lambda: list(members.transfer_targets(actor=actor, member=member)),
    }
    return {name: count_queries(call) for name, call in calls.items()}


BUDGET = {
    "orgs.children": 1, "orgs.subtree": 1, "orgs.subtree_as_of": 2, "orgs.counts_by_kind": 1,
    "orgs.organization_search": 1, "orgs.breadcrumbs": 1, "orgs.move_targets": 1, "orgs.merge_targets": 1,
    "members.member_list": 1, "members.status_counts": 1, "members.counts_by_gender": 1,
    "members.member_counts_by_child": 1, "members.subtree_member_count": 1, "members.transfer_targets": 1,
}


def test_list_selectors_cost_the_same_for_a_small_and_a_large_tree(tree, users):
    actor = users.bloc_admin
    member = make_member(tree.cell_b1, full_name="Nguyễn Văn An")
    small = _reads(actor, tree, member)
    for i in range(12):
        cell = make_org(tree.committee_b, f"CB-N{i}", f"Chi bộ Nhân sự {i}", Organization.Kind.CELL)
        for j in range(4):
            make_member(cell, full_name=f"Trần Văn Số {i} {j}", card_number=f"{70000000 + i * 10 + j}")
    large = _reads(actor, tree, member)
    assert small == large == BUDGET
