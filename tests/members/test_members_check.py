"""members_check (a register's rows checked column by column) accepts, cleans and refuses
every row exactly as member_draft does for that row alone: the same first refusing step,
the same fields, messages and codes, the same cleaned values."""

from __future__ import annotations

import datetime

import pytest

from dangvu.core.actors import SYSTEM
from dangvu.core.errors import PermissionDenied, ValidationError
from dangvu.members import services
from dangvu.members.models import Member

D = datetime.date
GOOD = dict(full_name="Nguyễn Thị Lan", gender=Member.Gender.FEMALE, birth_date=D(1984, 1, 17),
            admission_decision_date=D(2010, 3, 2), ceremony_date=D(2010, 3, 20), biography_number="012345KG",
            card_number="12345678", citizen_id="091084000123", phone="0912 345 678", hometown="xã Vĩnh Hòa")

# (the row's values over GOOD, given as a full member, its cell's name in the tree)
CASES = [
    ({}, False, "cell_a1"),
    ({"full_name": "  Nguyễn\u200b Thị   Lan  ", "hometown": "Cần Thơ\t", "biography_number": "012-345 kg",
      "citizen_id": " 0910 8400 0123 "}, False, "cell_a1"),  # cleaned, not refused
    ({"full_name": ""}, False, "cell_a1"),
    ({"full_name": "x" * 121}, False, "cell_a1"),
    ({"gender": "unknown"}, False, "cell_a1"),
    ({"gender": ""}, False, "cell_a1"),
    ({"biography_number": "12345KG"}, False, "cell_a1"),
    ({"card_number": "1234567"}, False, "cell_a2"),
    ({"citizen_id": "09108400012A"}, False, "cell_a1"),
    ({"phone": "12ab"}, False, "cell_a1"),
    ({"phone": "1" * 21}, False, "cell_a1"),
    ({"ethnicity": ""}, False, "cell_a1"),
    ({"religion": ""}, False, "cell_a1"),
    ({"hometown": "y" * 201}, False, "cell_a1"),
    ({"full_membership_note": "z" * 301}, False, "cell_a1"),
    ({"full_name": "Lan\x00"}, False, "cell_a1"),
    ({"card_number": "1234567", "citizen_id": "1", "full_name": "", "gender": "female "}, False, "cell_a1"),
    ({"birth_date": D(2000, 1, 1)}, False, "cell_a1"),  # 10 at the decision
    ({"birth_date": D(1992, 3, 3)}, False, "cell_a1"),  # 17 years, 364 days
    ({"birth_date": D(1992, 2, 29), "admission_decision_date": D(2010, 2, 28), "ceremony_date": None}, False,
     "cell_a1"),
    ({"admission_decision_date": D(2030, 1, 1), "ceremony_date": None}, False, "cell_a1"),
    ({"admission_decision_date": D(1929, 1, 1), "birth_date": D(1900, 1, 1), "ceremony_date": None}, False,
     "cell_a1"),
    ({"ceremony_date": D(2010, 1, 1)}, False, "cell_a1"),
    ({"full_membership_date": D(2010, 6, 1)}, False, "cell_a1"),
    ({"full_membership_date": D(2011, 4, 1)}, False, "cell_a1"),
    ({"full_membership_date": D(2011, 4, 1), "full_membership_note": "Quyết định 12-QĐ/ĐU"}, False, "cell_a1"),
    ({}, True, "cell_a1"),  # full: 12 months after the ceremony
    ({"admission_decision_date": D(2026, 1, 5), "ceremony_date": None}, True, "cell_a1"),  # probation not over
    ({"admission_decision_date": D(2009, 3, 2), "ceremony_date": None}, False, "cell_a1"),  # before the cell
    ({"joined_on": D(2009, 1, 1)}, False, "cell_a1"),
    ({"letter_number": "12-GGT"}, False, "cell_a1"),
    ({"transferred_in_from": " Đảng bộ xã Bình An ", "joined_on": D(2015, 6, 1), "letter_number": " 12-GGT/HU ",
      "letter_date": D(2015, 5, 20)}, False, "cell_a1"),
    ({"transferred_in_from": "Đảng bộ xã Bình An", "joined_on": D(2015, 6, 1), "letter_date": D(2015, 7, 1)},
     False, "cell_a2"),
    ({}, False, "committee_a"),  # not a cell
    ({"full_name": ""}, False, "committee_b"),  # not a cell: the first step refusing is said
]


def outcome(run) -> tuple:
    try:
        member, joining = run()
    except PermissionDenied as exc:
        return "denied", str(exc)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            return "refused", [(name, [(e.code, " ".join(e.messages)) for e in errors])
                               for name, errors in exc.error_dict.items()]
        return "refused", [("", [(e.code, e.message) for e in exc.error_list])]
    return "accepted", member, joining


def alone(tree, actor, over: dict, full: bool, cell: str):
    def run():
        draft = services.member_draft(actor=actor, organization=getattr(tree, cell), full_member=full,
                                      check_taken=False, **{**GOOD, **over})
        values = {name: getattr(draft.member, name) for name in
                  (*services.IDENTITY_FIELDS, "name_normalized", "name_sort_key", "organization")}
        return values, (draft.joined_on, draft.transferred_in_from, draft.letter_number, draft.letter_date)
    return outcome(run)


def together(tree, actor, cases) -> list:
    names = set(GOOD) | {name for over, _full, _cell in cases for name in over}
    rows = [{**GOOD, **over} for over, _full, _cell in cases]
    values = {name: [row.get(name, Member._meta.get_field(name).get_default() if name in services.IDENTITY_FIELDS
                              else None) for row in rows] for name in names}
    for name, empty in (("transferred_in_from", ""), ("letter_number", "")):
        values[name] = [v or empty for v in values.get(name, [None] * len(rows))]
    new, refused = services.members_check(actor=actor, organizations=[getattr(tree, c) for _o, _f, c in cases],
                                          values=values, full_member=[f for _o, f, _c in cases])
    passed = iter(range(len(new)))
    out = []
    for i in range(len(cases)):
        if i in refused:
            def fail(exc=refused[i]):
                raise exc
            out.append(outcome(fail))
            continue
        k = next(passed)
        member = {name: new[name][k] for name in
                  (*services.IDENTITY_FIELDS, "name_normalized", "name_sort_key", "organization")}
        out.append(outcome(lambda m=member, k=k: (m, tuple(new[n][k] for n in (
            "joined_on", "transferred_in_from", "letter_number", "letter_date")))))
    return out


@pytest.mark.usefixtures("today", "english")
def test_every_row_as_member_draft_alone(tree):
    assert together(tree, SYSTEM, CASES) == [alone(tree, SYSTEM, *case) for case in CASES]
    kinds = [result[0] for result in together(tree, SYSTEM, CASES)]
    accepted = [i for i, kind in enumerate(kinds) if kind == "accepted"]
    # as typed, cleaned, a religion left blank, a NUL dropped, 18 on 28 February for one born on the 29th, another
    # full membership date with its reason, full membership by status, a transfer in with its letter
    assert accepted == [0, 1, 12, 15, 19, 25, 26, 31]


@pytest.mark.usefixtures("today", "english")
def test_an_actor_outside_the_cell_is_denied_as_alone(tree, users):
    cases = [({}, False, "cell_a1"), ({}, False, "cell_b1"), ({"full_name": ""}, False, "cell_b1")]
    expected = [alone(tree, users.staff_a, *case) for case in cases]
    assert together(tree, users.staff_a, cases) == expected
    assert [e[0] for e in expected] == ["accepted", "denied", "denied"]


def test_the_bulk_check_relies_on_full_clean_being_the_fields_own_checks():
    """members_check runs each field's clean, not Member.full_clean: a Member.clean() of its
    own would have to be run there too."""
    from django.db import models

    assert Member.clean is models.Model.clean
