"""Subtree reads: ``dangvu.orgs.models.under`` (and its raw-SQL form) is the one subtree
filter; it selects exactly the paths starting with the prefix, and on SQLite the path
indexes serve it (a range: SQLite never serves a LIKE from an index)."""

from __future__ import annotations

import pytest
from django.db import connection

from dangvu.members.models import Member
from dangvu.members.selectors import visible_members
from dangvu.orgs.models import (
    Organization,
    Placement,
    subtree_range,
    under,
    under_params,
    under_sql,
)
from dangvu.orgs.scope import visible_organizations

pytestmark = pytest.mark.django_db

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plans")


def test_subtree_range_bounds_exactly_the_paths_under_the_prefix():
    assert subtree_range("00000001.00000002.") == ("00000001.00000002.", "00000001.00000002/")
    low, high = subtree_range("00000001.")
    for path in ("00000001.", "00000001.00000002.", "00000001.99999999.99999999."):
        assert low <= path < high
    for path in ("00000000.99999999.", "00000002.", "00000010."):
        assert not low <= path < high
    assert subtree_range("") == ("", "~")


def test_under_selects_the_subtree_including_its_root(tree, make_member):
    everything = list(Organization.objects.all())
    for org in everything:
        expected = sorted(o.pk for o in everything if o.path.startswith(org.path))
        assert sorted(Organization.objects.filter(under(org.path)).values_list("pk", flat=True)) == expected
        assert sorted(Placement.objects.filter(under(org.path)).values_list("organization_id", flat=True)) == expected
        excluded = Organization.objects.exclude(under(org.path)).values_list("pk", flat=True)
        assert sorted(excluded) == sorted(o.pk for o in everything if o.pk not in expected)
    assert Organization.objects.filter(under("")).count() == len(everything)
    member = make_member(tree.cell_sub)
    make_member(tree.cell_b1, full_name="Trần Văn Bình")
    assert list(Member.objects.filter(under(tree.committee_a.path, "organization__path"))) == [member]


def test_under_sql_selects_the_same_rows(tree):
    table = Organization._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} o WHERE {under_sql('o.path', 'p')} ORDER BY o.path",
                       under_params("p", tree.committee_a.path))
        got = [r[0] for r in cursor.fetchall()]
    assert got == [o.pk for o in Organization.objects.filter(path__startswith=tree.committee_a.path).order_by("path")]


def plan(qs) -> str:
    return qs.explain()


@on_sqlite
def test_sqlite_serves_subtree_reads_from_the_path_indexes(tree, users, make_member):
    make_member(tree.cell_a1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    assert "USING INDEX org_path_pattern_idx (path>? AND path<?)" in plan(visible_organizations(users.staff_a))
    placements = Placement.objects.filter(under(tree.committee_a.path), valid_to__isnull=True)
    assert "USING INDEX placement_path_idx (path>? AND path<?)" in plan(placements)
    members = visible_members(users.staff_a).filter(on_roll=True)
    assert "org_path_pattern_idx (path>? AND path<?)" in plan(members)
    # (The member list in name order: which way SQLite goes, the name index with a lookup
    # of each member's organization or the subtree's members sorted, depends on the sizes;
    # bench/members_search.py measures it at province scale.)
