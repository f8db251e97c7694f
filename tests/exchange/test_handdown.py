"""Issue 11, item 4: a target handed down without typing every box: the same share, in
proportion to last year's results or members, last year's shares, or an Excel file; then
`target_cascade`'s usual check against the parent target."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from dangvu.core.errors import RuleViolation
from dangvu.exchange import handdown
from dangvu.plans.models import Target
from tests.support import D, enter, make_plan, target, typed_catalog


@pytest.fixture
def world(tree, users):
    inds = typed_catalog()
    plan = make_plan(tree.bloc, "KH-2024", "2024")
    parent = target(plan, inds["HN_CHUYEN_DE"], 10)
    return {"inds": inds, "plan": plan, "target": parent}


def by_code(shares: dict) -> dict:
    return {org.code: value for org, value in shares.items()}


def propose(users, world, method):
    return by_code(handdown.propose(actor=users.bloc_admin, plan=world["plan"], target=world["target"],
                                    method=method))


def test_split_adds_up_exactly_giving_the_rest_to_the_largest_remainders(tree):
    a, b, c = tree.committee_a, tree.committee_b, tree.grassroots_cell
    assert by_code(handdown.split(Decimal(10), {a: Decimal(1), b: Decimal(1), c: Decimal(1)}, 0)) == {
        "DB-STC": 4, "DB-SYT": 3, "CB-BKG": 3}
    assert by_code(handdown.split(Decimal(100), {a: Decimal(1), b: Decimal(2), c: Decimal(4)}, 1)) == {
        "DB-STC": Decimal("14.3"), "DB-SYT": Decimal("28.6"), "CB-BKG": Decimal("57.1")}
    assert by_code(handdown.split(Decimal(5), {a: Decimal(3), b: Decimal(0), c: Decimal(1)}, 0)) == {
        "DB-STC": 4, "DB-SYT": 0, "CB-BKG": 1}


def test_the_same_share_for_every_unit(tree, users, world):
    assert propose(users, world, handdown.EQUAL) == {"DB-STC": 4, "DB-SYT": 3, "CB-BKG": 3}


def test_in_proportion_to_last_years_results(tree, users, world, english):
    ind = world["inds"]["HN_CHUYEN_DE"]
    with pytest.raises(RuleViolation) as exc:
        propose(users, world, handdown.RESULTS)
    assert (exc.value.messages, exc.value.code) == (
        ["No unit has a figure of “Hội nghị chuyên đề” for Year 2023 to go by."], "handdown_no_basis")
    enter(ind, tree.committee_a, "2023", 6)
    enter(ind, tree.committee_b, "2023", 2)
    assert propose(users, world, handdown.RESULTS) == {"DB-STC": 8, "DB-SYT": 2, "CB-BKG": 0}


def test_in_proportion_to_members_at_the_end_of_last_year(tree, users, world, make_member, english):
    with pytest.raises(RuleViolation) as exc:
        propose(users, world, handdown.MEMBERS)
    assert exc.value.messages == ["No unit had members on its rolls on 31/12/2023."]
    for i in range(3):
        make_member(tree.cell_a1, full_name=f"Đảng viên A {i}")
    make_member(tree.cell_b1, full_name="Đảng viên B")
    make_member(tree.cell_b1, full_name="Vào sau", admission_decision_date=D(2024, 3, 1))  # not at the end of 2023
    assert propose(users, world, handdown.MEMBERS) == {"DB-STC": 8, "DB-SYT": 2, "CB-BKG": 0}


def test_last_years_shares(tree, users, world, english):
    with pytest.raises(RuleViolation) as exc:
        propose(users, world, handdown.LAST_SHARES)
    assert exc.value.messages == ["No unit had a share of “Hội nghị chuyên đề” in Year 2023."]
    ind = world["inds"]["HN_CHUYEN_DE"]
    before = make_plan(tree.bloc, "KH-2023", "2023")
    target(before, ind, 9)
    handdown.handdown_apply(actor=users.bloc_admin, plan=before, target=Target.objects.get(plan=before),
                            shares={tree.committee_a: 6, tree.committee_b: 3})
    assert propose(users, world, handdown.LAST_SHARES) == {"DB-STC": 6, "DB-SYT": 3}


def test_a_target_that_does_not_add_up_is_every_units_own(tree, users, world):
    from tests.support import indicator

    rate = indicator("TL_X", "Tỷ lệ thử", value_type="percent", aggregation="average", decimals=1)
    t = target(world["plan"], rate, Decimal("90"))
    assert by_code(handdown.propose(actor=users.bloc_admin, plan=world["plan"], target=t, method=handdown.RESULTS)) == {
        "DB-STC": 90, "DB-SYT": 90, "CB-BKG": 90}


def test_the_proposal_goes_through_the_cascade_and_its_check(tree, users, world, english):
    plan, parent = world["plan"], world["target"]
    shares = handdown.propose(actor=users.bloc_admin, plan=plan, target=parent, method=handdown.EQUAL)
    made = handdown.handdown_apply(actor=users.bloc_admin, plan=plan, target=parent, shares=shares)
    assert sorted((t.organization.code, t.value) for t in made) == [("CB-BKG", 3), ("DB-STC", 4), ("DB-SYT", 3)]
    with pytest.raises(RuleViolation) as exc:
        handdown.handdown_apply(actor=users.bloc_admin, plan=plan, target=parent, shares={tree.committee_a: 1})
    assert exc.value.messages == [
        "The shares add up to 7, short of the target 10 of Đảng bộ các cơ quan Đảng tỉnh."]


def test_the_shares_from_an_excel_file(tree, users, world, english):
    plan, parent = world["plan"], world["target"]
    data = handdown.shares_template(actor=users.bloc_admin, plan=plan, target=parent)
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    assert ws.protection.sheet and ws.column_dimensions["E"].hidden
    assert [ws.cell(row=r, column=1).value for r in range(5, 8)] == [
        "Chi bộ Báo Kiên Giang", "Đảng bộ Sở Tài chính", "Đảng bộ Sở Y tế"]
    ws["C5"], ws["C6"], ws["C7"] = 2, 5, "=1+2"
    out = io.BytesIO()
    wb.save(out)
    shares, problems = handdown.shares_read(out.getvalue(), actor=users.bloc_admin, plan=plan, target=parent)
    assert by_code(shares) == {"CB-BKG": 2, "DB-STC": 5}
    assert [str(p) for p in problems] == [
        "Sheet “Shares”, row 7, column C: a formula is not accepted: type the figure itself."]
    ws["C7"] = 3
    out = io.BytesIO()
    wb.save(out)
    shares, problems = handdown.shares_read(out.getvalue(), actor=users.bloc_admin, plan=plan, target=parent)
    made = handdown.handdown_apply(actor=users.bloc_admin, plan=plan, target=parent, shares=shares)
    assert sorted((t.organization.code, t.value) for t in made) == [("CB-BKG", 2), ("DB-STC", 5), ("DB-SYT", 3)]
    other = target(plan, world["inds"]["DV_NEU_GUONG"], 5)
    with pytest.raises(RuleViolation) as exc:
        handdown.shares_read(out.getvalue(), actor=users.bloc_admin, plan=plan, target=other)
    assert exc.value.messages == [
        "This file is not the shares file of this target: download it again from this page."]
