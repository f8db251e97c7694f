"""Issue 9: an explanation does not show a reader the members who have since moved out of the
reader's subtree: they are counted where they were, shown as one line without names nor links."""

from __future__ import annotations

import pytest

from dangvu.core.actors import SYSTEM
from dangvu.core.periods import parse
from dangvu.members import services as member_services
from dangvu.plans import selectors
from tests.support import D, catalog

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_member_moved_out_is_counted_but_not_named(tree, users, make_member):
    ind = catalog()["KET_NAP"]
    make_member(tree.cell_a1, full_name="Nguyễn Văn Ở Lại", admission_decision_date=D(2023, 3, 1))
    gone = make_member(tree.cell_a1, full_name="Trần Thị Đã Chuyển", admission_decision_date=D(2023, 4, 1))
    member_services.member_transfer(actor=SYSTEM, member=gone, to_organization=tree.cell_b1, on=D(2024, 2, 1))

    exp = selectors.explain(actor=users.staff_a, indicator=ind, organization=tree.committee_a, period=parse("2023"))
    assert (exp.value, exp.total_parts) == (2, 2)
    assert [(p.label.split(" (")[0].split(",")[0], p.member_id, p.organization_id) for p in exp.parts] == [
        (exp.parts[0].label.split(" (")[0].split(",")[0], exp.parts[0].member_id, tree.cell_a1.pk),
        ("1 member who has since moved out of the units you can see", None, None),
    ]
    assert "Nguyễn Văn Ở Lại" in exp.parts[0].label
    assert all("Đã Chuyển" not in p.label for p in exp.parts)
    # The bloc's administrator still sees both members, by name.
    exp = selectors.explain(actor=users.bloc_admin, indicator=ind, organization=tree.committee_a, period=parse("2023"))
    assert len(exp.parts) == 2 and any("Trần Thị Đã Chuyển" in p.label for p in exp.parts)
