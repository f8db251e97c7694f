"""The transfer's precondition that the page and the service share:
``members.services.member_transfer_refusal`` says the service's words, and
``members.selectors.transfer_targets`` offers exactly the cells it accepts."""

from __future__ import annotations

import datetime

import pytest

from dangvu.core.actors import SYSTEM
from dangvu.members import selectors, services
from dangvu.orgs import services as org_services
from dangvu.orgs.models import Organization
from tests.factories import make_org
from tests.support import OUTSIDE, READ_ONLY, refused_alike

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "today")]

D = datetime.date
LATER = D(2026, 1, 1)


def refusal(actor, member, to, on=LATER) -> str:
    return services.member_transfer_refusal(actor=actor, member=member, to_organization=to, on=on)


def transfer(actor, member, to, on=LATER):
    return lambda: services.member_transfer(actor=actor, member=member, to_organization=to, on=on)




@pytest.fixture
def people(tree, make_member):
    """A member of cell A1, one of cell B1, one who left the Party, one transferred out."""
    left = make_member(tree.cell_a2, full_name="Lê Văn Bình", full_membership_date=D(2016, 6, 1))
    left = services.member_change_status(actor=SYSTEM, member=left, status="left", on=D(2020, 1, 1))
    out = make_member(tree.cell_a2, full_name="Vũ Văn Cường")
    out = services.member_transfer_out(actor=SYSTEM, member=out, on=D(2019, 1, 1), destination="Tỉnh ủy An Giang")
    return {
        "a1": make_member(tree.cell_a1, full_name="Nguyễn Văn An"),
        "b1": make_member(tree.cell_b1, full_name="Trần Thị Dung"),
        "left": left,
        "out": out,
    }


def test_transfer_refusal_says_what_the_service_raises(tree, users, people):
    t, a1 = tree, people["a1"]
    cases = [
        (users.staff_a, people["b1"], t.cell_a2, LATER, OUTSIDE, None),
        (users.staff_a, a1, t.cell_b1, LATER, OUTSIDE, None),
        (users.viewer, a1, t.cell_a2, LATER, READ_ONLY, None),
        (SYSTEM, a1, t.cell_a1, LATER, "Nguyễn Văn An is already on the rolls of Chi bộ Văn phòng.",
         "transfer_same_cell"),
        (SYSTEM, a1, t.committee_b, LATER, "Members are on the rolls of a cell; Đảng bộ Sở Y tế is not a cell.",
         "not_a_cell"),
        (SYSTEM, people["left"], t.cell_b1, LATER, "Only probationary and full members can be transferred.",
         "transfer_not_in_party"),
        (SYSTEM, people["out"], t.cell_b1, LATER, "Vũ Văn Cường is not on the rolls of any cell.", "not_on_the_rolls"),
        (SYSTEM, a1, t.cell_b1, D(2015, 5, 18),
         "The date 18/05/2015 is before Nguyễn Văn An joined the current cell (19/05/2015).", "date_before_joining"),
    ]
    for actor, member, to, on, expected, code in cases:
        text = refusal(actor, member, to, on)
        assert text == expected
        refused_alike(text, transfer(actor, member, to, on), code)


def test_a_transfer_to_a_cell_not_yet_established_is_refused(tree, people):
    new = make_org(tree.committee_b, "CB-SYT-MOI", "Chi bộ mới", Organization.Kind.CELL, established_on=D(2024, 1, 1))
    text = refusal(SYSTEM, people["a1"], new, D(2023, 12, 31))
    assert text == "Chi bộ mới did not exist yet on 31/12/2023."
    refused_alike(text, transfer(SYSTEM, people["a1"], new, D(2023, 12, 31)), "cell_not_yet_established")
    assert refusal(SYSTEM, people["a1"], new, D(2024, 1, 1)) == ""


def test_a_transfer_to_a_dissolved_cell_is_refused(tree, people):
    org_services.organization_dissolve(actor=SYSTEM, organization=tree.cell_b2, on=D(2022, 1, 1))
    tree.refresh()
    text = refusal(SYSTEM, people["a1"], tree.cell_b2)
    assert text == "Chi bộ Trung tâm Y tế was dissolved and cannot take members."
    refused_alike(text, transfer(SYSTEM, people["a1"], tree.cell_b2), "cell_dissolved")


def test_transfer_refusal_is_empty_when_the_service_transfers(tree, users, people):
    assert refusal(users.staff_a, people["a1"], tree.cell_sub) == ""
    moved = services.member_transfer(actor=users.staff_a, member=people["a1"], to_organization=tree.cell_sub, on=LATER)
    assert moved.organization_id == tree.cell_sub.pk


def test_transfer_targets_are_exactly_what_the_refusal_accepts(tree, users, people, django_assert_max_num_queries):
    org_services.organization_dissolve(actor=SYSTEM, organization=tree.cell_b2, on=D(2022, 1, 1))
    everything = list(Organization.objects.order_by("path"))
    for actor in (SYSTEM, users.bloc_admin, users.staff_a, users.viewer):
        for member in people.values():
            with django_assert_max_num_queries(1):
                offered = [o.pk for o in selectors.transfer_targets(actor=actor, member=member)]
            accepted = [o.pk for o in everything if refusal(actor, member, o) == ""]
            assert offered == accepted, (actor, member.full_name)
    assert [o.name for o in selectors.transfer_targets(actor=users.staff_a, member=people["a1"])] == [
        "Chi bộ Thanh tra", "Chi bộ Kho bạc 1",
    ]
    assert [o.name for o in selectors.transfer_targets(actor=users.bloc_admin, member=people["b1"])] == [
        "Chi bộ Văn phòng", "Chi bộ Thanh tra", "Chi bộ Kho bạc 1", "Chi bộ Báo Kiên Giang",
    ]
