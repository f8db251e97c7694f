"""Every date rule of a member's record and of transfers, annulments and seats, each refusal
with its exact message and code."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from dangvu.core.actors import SYSTEM
from dangvu.core.errors import RuleViolation, codes
from dangvu.members import services
from dangvu.members.models import Member
from dangvu.orgs import services as org_services
from tests.factories import message

D = datetime.date


def refused(call) -> tuple[dict, list[str]]:
    with pytest.raises(ValidationError) as exc:
        call()
    return exc.value.message_dict, codes(exc.value)


@pytest.mark.parametrize(("fields", "expected", "code"), [
    ({"birth_date": D(1997, 6, 2), "admission_decision_date": D(2015, 6, 1)},
     {"birth_date": ["Date of birth 02/06/1997: on the admission decision date 01/06/2015 the person was only 17; "
                     "a person admitted to the Party must be at least 18."]}, "admitted_under_18"),
    ({"birth_date": D(2016, 1, 1), "admission_decision_date": D(2015, 6, 1)},
     {"admission_decision_date": ["The admission decision must come after the date of birth."]}, "admission_before_birth"),
    ({"birth_date": D(2026, 11, 21)},
     {"birth_date": ["Date of birth 21/11/2026 is after today (20/11/2026): only what already happened can be recorded."],
      "admission_decision_date": ["The admission decision must come after the date of birth."]}, "date_in_future"),
    ({"admission_decision_date": D(2026, 12, 1)},
     {"admission_decision_date": ["Admission decision date 01/12/2026 is after today (20/11/2026): only what already "
                                  "happened can be recorded."]}, "date_in_future"),
    ({"ceremony_date": D(2026, 12, 1)},
     {"ceremony_date": ["Admission ceremony date 01/12/2026 is after today (20/11/2026): only what already happened "
                        "can be recorded."]}, "date_in_future"),
    ({"ceremony_date": D(2026, 1, 10), "full_membership_date": D(2027, 1, 10)},
     {"full_membership_date": ["Full membership date 10/01/2027 is after today (20/11/2026): only what already "
                               "happened can be recorded."]}, "date_in_future"),
    ({"ceremony_date": D(2015, 5, 18)},
     {"ceremony_date": ["The admission ceremony cannot come before the admission decision."]}, "ceremony_before_admission"),
    ({"ceremony_date": D(2015, 6, 1), "full_membership_date": D(2016, 5, 31)},
     {"full_membership_date": ["Full membership can start only after 12 months of probation, on 01/06/2016 at the "
                               "earliest."]}, "full_membership_too_early"),
    ({"ceremony_date": D(2015, 6, 1), "full_membership_date": D(2016, 9, 1)},
     {"full_membership_date": ["Full membership counts from 12 months after the admission ceremony (01/06/2015): "
                               "01/06/2016, not 01/09/2016. Another date needs its reason stated."]},
     "full_membership_not_12_months"),
    ({"ceremony_date": D(2026, 1, 10), "full_member": True},
     {"full_membership_date": ["Probation ends on 10/01/2027, after today: the member is still probationary."]},
     "probation_not_over"),
    ({"citizen_id": "09119000123"}, {"citizen_id": ["A citizen ID (CCCD) is exactly 12 digits."]}, "citizen_id"),
    ({"phone": "0912-345-678"},
     {"phone": ["A phone number has 8 to 15 digits; only digits, spaces and a leading + are allowed."]}, "phone"),
])
def test_member_record_rules(tree, make_member, english, today, fields, expected, code):
    fields = {"admission_decision_date": D(2015, 5, 19), **fields}
    result, found = refused(lambda: make_member(tree.cell_a1, **fields))
    assert result == expected
    assert found[0] == code
    assert Member.objects.count() == 0


def test_what_the_rules_accept(tree, make_member, english, today):
    adult = make_member(tree.cell_a1, birth_date=D(1997, 6, 1), admission_decision_date=D(2015, 6, 1),
                        ceremony_date=D(2015, 6, 20), full_member=True, citizen_id="0911 9000 1234",
                        phone=" +84  912 345 678 ")
    assert (adult.full_membership_date, adult.status, adult.citizen_id, adult.phone) == (
        D(2016, 6, 20), "full", "091190001234", "+84 912 345 678")
    later = make_member(tree.cell_a1, full_name="Lê Thị Hoa", ceremony_date=D(2015, 6, 1),
                        full_membership_date=D(2016, 9, 1), full_membership_note="Quyết định 15-QĐ/ĐU ghi ngày 01/09/2016")
    assert later.full_membership_date == D(2016, 9, 1)
    result, found = refused(lambda: make_member(tree.cell_a2, full_name="Trần Văn Tư", citizen_id="091190001234"))
    assert result == {"citizen_id": ["This citizen ID (CCCD) is already recorded for another member."]}
    assert found == ["citizen_id_taken"]


def test_an_edit_not_touching_full_membership_keeps_an_old_record_editable(tree, make_member, english, today):
    member = make_member(tree.cell_a1, ceremony_date=D(2015, 6, 1))
    member = services.member_change_status(actor=SYSTEM, member=member, status="full", on=D(2016, 9, 1))
    member = services.member_update(actor=SYSTEM, member=member, hometown="Rạch Giá")
    assert (member.hometown, member.full_membership_date) == ("Rạch Giá", D(2016, 9, 1))
    result, found = refused(lambda: services.member_update(actor=SYSTEM, member=member, full_membership_date=D(2016, 9, 2)))
    assert found == ["full_membership_not_12_months"]


def test_status_and_transfer_dates_not_in_the_future(tree, make_member, english, today):
    member = make_member(tree.cell_a1)
    with pytest.raises(ValidationError) as exc:
        services.member_change_status(actor=SYSTEM, member=member, status="deceased", on=D(2026, 11, 21))
    assert exc.value.message_dict == {"on": [
        "Date of the status change 21/11/2026 is after today (20/11/2026): only what already happened can be recorded."]}
    with pytest.raises(ValidationError) as exc:
        services.member_transfer(actor=SYSTEM, member=member, to_organization=tree.cell_a2, on=D(2026, 12, 1))
    assert message(exc) == "Transfer date 01/12/2026 is after today (20/11/2026): only what already happened can be recorded."
    with pytest.raises(ValidationError) as exc:
        services.member_transfer_out(actor=SYSTEM, member=member, on=D(2026, 1, 1), destination="Tỉnh ủy An Giang",
                                     letter_date=D(2026, 12, 1))
    assert exc.value.message_dict == {"letter_date": [
        "Letter date 01/12/2026 is after today (20/11/2026): only what already happened can be recorded.",
        "The letter is dated 01/12/2026, after the transfer date 01/01/2026: the letter comes first."]}
    with pytest.raises(ValidationError) as exc:
        make_member(tree.cell_a2, full_name="Trần Văn Tư", transferred_in_from="Tỉnh ủy An Giang", joined_on=D(2026, 12, 1))
    assert exc.value.message_dict == {"joined_on": [
        "Transfer date 01/12/2026 is after today (20/11/2026): only what already happened can be recorded."]}


@pytest.mark.parametrize(("start", "end", "study", "expected"), [
    (D(2026, 1, 10), D(2026, 4, 9), False, "A temporary transfer lasts 3 to 12 months: starting on 10/01/2026 it ends "
                                           "between 10/04/2026 and 10/01/2027, not on 09/04/2026."),
    (D(2026, 1, 10), D(2027, 1, 11), False, "A temporary transfer lasts 3 to 12 months: starting on 10/01/2026 it ends "
                                            "between 10/04/2026 and 10/01/2027, not on 11/01/2027."),
    (D(2026, 1, 10), D(2028, 1, 11), True, "A temporary transfer lasts 3 to 24 months (for study): starting on "
                                           "10/01/2026 it ends between 10/04/2026 and 10/01/2028, not on 11/01/2028."),
])
def test_temporary_transfer_length(tree, make_member, english, today, start, end, study, expected):
    member = make_member(tree.cell_a1)
    with pytest.raises(ValidationError) as exc:
        services.member_transfer_temporary(actor=SYSTEM, member=member, start=start, end=end, for_study=study,
                                           external_unit="Trường Chính trị tỉnh")
    assert exc.value.message_dict == {"end": [expected]}
    assert codes(exc.value) == ["temporary_length"]


def test_temporary_transfer_bounds_accepted_and_overlap_refused(tree, make_member, english, today):
    member = make_member(tree.cell_a1)
    item = services.member_transfer_temporary(actor=SYSTEM, member=member, start=D(2026, 1, 10), end=D(2027, 1, 10),
                                              to_organization=tree.cell_b1, letter_number="3-GGT", letter_date=D(2026, 1, 5))
    member.refresh_from_db()
    assert (item.kind, item.from_organization, item.to_organization, member.organization, member.on_roll) == (
        "temporary", tree.cell_a1, tree.cell_b1, tree.cell_a1, True)
    with pytest.raises(RuleViolation) as exc:
        services.member_transfer_temporary(actor=SYSTEM, member=member, start=D(2026, 6, 1), end=D(2026, 9, 1),
                                           external_unit="Trường Chính trị tỉnh")
    assert message(exc) == "Nguyễn Văn An already has a temporary transfer from 10/01/2026 to 10/01/2027."
    services.transfer_annul(actor=SYSTEM, transfer=item, reason="Nhập nhầm")
    services.member_transfer_temporary(actor=SYSTEM, member=member, start=D(2026, 6, 1), end=D(2026, 9, 1),
                                       external_unit="Trường Chính trị tỉnh")


def test_transfer_annul_undoes_the_move_and_keeps_the_row(tree, users, make_member, english, today):
    member = make_member(tree.cell_a1)
    member = services.member_transfer(actor=users.staff_a, member=member, to_organization=tree.cell_a2, on=D(2024, 3, 1))
    transfer = member.transfers.get()
    with pytest.raises(ValidationError) as exc:
        services.transfer_annul(actor=users.staff_a, transfer=transfer, reason=" ")
    assert exc.value.message_dict == {"reason": ["Say why the record is wrong: the reason stays in the history."]}
    member = services.transfer_annul(actor=users.staff_a, transfer=transfer, reason="Chọn nhầm chi bộ")
    transfer.refresh_from_db()
    assert (transfer.annulled, transfer.annul_reason, transfer.annulled_by) == (True, "Chọn nhầm chi bộ", users.staff_a)
    assert list(member.affiliations.values_list("organization", "start", "end")) == [(tree.cell_a1.pk, D(2015, 5, 19), None)]
    assert member.organization == tree.cell_a1
    with pytest.raises(RuleViolation) as exc:
        services.transfer_annul(actor=users.staff_a, transfer=transfer, reason="again")
    assert message(exc) == "This transfer was already annulled."


def test_transfer_annul_refusals(tree, make_member, english, today):
    member = make_member(tree.cell_a1)
    member = services.member_transfer(actor=SYSTEM, member=member, to_organization=tree.cell_a2, on=D(2024, 3, 1))
    member = services.member_transfer(actor=SYSTEM, member=member, to_organization=tree.cell_b1, on=D(2025, 3, 1))
    first = member.transfers.order_by("on").first()
    with pytest.raises(RuleViolation) as exc:
        services.transfer_annul(actor=SYSTEM, transfer=first, reason="Nhập nhầm")
    assert message(exc) == "A later transfer (01/03/2025) depends on this one: annul that one first."
    second = member.transfers.order_by("on").last()
    member = services.member_change_status(actor=SYSTEM, member=member, status="left", on=D(2025, 6, 1))
    with pytest.raises(RuleViolation) as exc:
        services.transfer_annul(actor=SYSTEM, transfer=second, reason="Nhập nhầm")
    assert message(exc) == "A status change on 01/06/2025 was recorded after this transfer: annul that first."
    arrived = make_member(tree.cell_a2, full_name="Trần Văn Tư", transferred_in_from="Tỉnh ủy An Giang",
                          joined_on=D(2020, 1, 1))
    with pytest.raises(RuleViolation) as exc:
        services.transfer_annul(actor=SYSTEM, transfer=arrived.transfers.get(), reason="Nhập nhầm")
    assert message(exc) == "A transfer in is how the member was recorded here: correct the member's details instead."


def test_transfer_out_annulled_puts_the_member_back_on_the_rolls(tree, make_member, english, today):
    member = make_member(tree.cell_a1)
    member = services.member_transfer_out(actor=SYSTEM, member=member, on=D(2024, 3, 1), destination="Tỉnh ủy An Giang",
                                          letter_number="45-GGT", letter_date=D(2024, 2, 28))
    assert member.on_roll is False
    member = services.transfer_annul(actor=SYSTEM, transfer=member.transfers.get(), reason="Chưa đi")
    assert (member.on_roll, member.organization, member.status) == (True, tree.cell_a1, "probationary")


def test_status_annul_refused_after_a_later_transfer_and_full_annul_clears_the_date(tree, make_member, english, today):
    member = make_member(tree.cell_a1, ceremony_date=D(2015, 6, 1), full_membership_date=D(2016, 6, 1))
    member = services.member_transfer(actor=SYSTEM, member=member, to_organization=tree.cell_a2, on=D(2020, 1, 1))
    member = services.status_change_annul(actor=SYSTEM, change=member.status_changes.get(status="full"),
                                          reason="Chưa có quyết định")
    assert (member.status, member.full_membership_date) == ("probationary", None)


def test_seat_end_rules(tree, make_member, english, today):
    committee = org_services.committee_create(actor=SYSTEM, organization=tree.committee_a, term_start=D(2025, 1, 1),
                                              term_end=D(2030, 1, 1))
    member = make_member(tree.cell_a1)
    seat = services.seat_assign(actor=SYSTEM, committee=committee, member=member, role="secretary",
                                start=D(2025, 2, 1), decision="01-QĐ")
    result, found = refused(lambda: services.seat_end(actor=SYSTEM, seat=seat, end=D(2026, 12, 1), reason=""))
    assert result == {"end": ["End of the seat 01/12/2026 is after today (20/11/2026): only what already happened can "
                              "be recorded."], "reason": ["Say why the seat ends."]}
    assert found == ["date_in_future", "seat_end_reason_required"]
    seat = services.seat_end(actor=SYSTEM, seat=seat, end=D(2026, 1, 1), reason="Nghỉ hưu")
    with pytest.raises(RuleViolation) as exc:
        services.seat_end(actor=SYSTEM, seat=seat, end=D(2026, 2, 1), reason="Nghỉ hưu")
    assert message(exc) == "This seat already ended on 01/01/2026."
