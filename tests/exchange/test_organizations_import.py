"""The organization tree imported from a parent column: parents first whatever the order of
the rows, through organization_create, all or nothing."""

from __future__ import annotations

import datetime

from dangvu.core.models import AuditEntry
from dangvu.exchange import registers
from dangvu.orgs.models import Organization
from tests.exchange.helpers import xlsx

HEADER = ["Mã", "Tên tổ chức", "Loại", "Mã cấp trên", "Ngày thành lập"]


def run(actor, scope, rows, dry_run=False):
    return registers.run(actor=actor, kind="organizations", scope=scope, source=xlsx([HEADER, *rows]), dry_run=dry_run)


def test_a_tree_is_built_parents_first_whatever_the_order(tree, users, english):
    rows = [
        ["CB-X-1", "Chi bộ Phòng 1", "Chi bộ", "DB-X", "01/02/2015"],
        ["DB-X", "Đảng bộ Sở Xây dựng", "Đảng bộ cơ sở", "", "01/01/2015"],
        ["DBBP-X", "Đảng bộ bộ phận X", "Sub-committee", "DB-X", "2015-01-05"],
        ["CB-X-2", "Chi bộ X 2", "cell", "DBBP-X", "05/01/2015"],
    ]
    summary = run(users.bloc_admin, tree.bloc, rows)
    assert (summary.created, summary.refused_count, summary.written) == (4, 0, True)
    x = Organization.objects.get(code="DB-X")
    assert (x.parent, x.kind, x.established_on) == (tree.bloc, "grassroots_committee", datetime.date(2015, 1, 1))
    assert Organization.objects.get(code="CB-X-2").parent.code == "DBBP-X"
    assert AuditEntry.objects.filter(action="organization.create", object_id__in=[x.pk]).count() == 1


def problems(summary):
    return [str(p) for p in summary.refused]


def test_refusals_name_the_row_and_nothing_is_written(tree, users, english):
    before = Organization.objects.count()
    rows = [
        ["DB-X", "Đảng bộ Sở Xây dựng", "Đảng bộ cơ sở", "", "01/01/2015"],
        ["CB-1", "Chi bộ 1", "Chi bộ", "KHONG-CO", "01/02/2015"],
        ["CB-2", "Chi bộ 2", "Chi bộ", "CB-3", "01/02/2015"],
        ["CB-3", "Chi bộ 3", "Chi bộ", "CB-2", "01/02/2015"],
        ["DB-X", "Trùng mã", "Chi bộ", "", "01/02/2015"],
        ["CB-4", "Chi bộ 4", "Tổ đảng", "DB-X", "01/02/2015"],
        ["CB-5", "Chi bộ 5", "Chi bộ", "DB-X", "01/02/2014"],
        ["DB-STC", "Trùng mã đã có", "Chi bộ", "DB-X", "01/02/2015"],
    ]
    summary = run(users.bloc_admin, tree.bloc, rows)
    assert problems(summary) == [
        "Sheet Danh sách, row 6, column A (Mã): The code DB-X is already on row 2.",
        "Sheet Danh sách, row 7, column C (Loại): “Tổ đảng” is not a kind of organization.",
        "Sheet Danh sách, row 3, column D (Mã cấp trên): The parent code KHONG-CO is neither in the file nor among "
        "the organizations of Đảng bộ các cơ quan Đảng tỉnh.",
        "Sheet Danh sách, row 4, column D (Mã cấp trên): The parent codes of rows 4, 5 form a loop.",
        "Sheet Danh sách, row 5, column D (Mã cấp trên): The parent codes of rows 4, 5 form a loop.",
        "Sheet Danh sách, row 8, column A (Mã): An organization cannot be established before its parent organization.",
        "Sheet Danh sách, row 9, column A (Mã): This code is already used by another organization.",
    ]
    assert (summary.written, Organization.objects.count()) == (False, before)


def test_a_dry_run_runs_every_check_and_writes_nothing(tree, users, english):
    before = Organization.objects.count()
    summary = run(users.bloc_admin, tree.bloc, [["DB-X", "Đảng bộ X", "Đảng bộ cơ sở", "", "01/01/2015"]], dry_run=True)
    assert (summary.created, summary.written, Organization.objects.count()) == (1, False, before)


def test_staff_cannot_create_organizations(tree, users, english):
    summary = run(users.staff_a, tree.committee_a, [["CB-X", "Chi bộ X", "Chi bộ", "", "01/01/2015"]])
    assert problems(summary) == ["Sheet Danh sách, row 2, column A (Mã): Only an administrator of the organization "
                                 "may do this."]
