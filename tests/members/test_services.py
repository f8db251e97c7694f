"""Member records: dangvu.members.services and dangvu.members.selectors."""

from __future__ import annotations

import datetime

import pytest

from dangvu.core.actors import SYSTEM
from dangvu.core.errors import NotFound, PermissionDenied, RuleViolation, ValidationError
from dangvu.core.models import AuditEntry
from dangvu.core.text import name_sort_key
from dangvu.members import party_age, selectors, services
from dangvu.members.models import Affiliation, CommitteeSeat, Member, StatusChange, Transfer
from dangvu.orgs import services as org_services
from tests.factories import audit_rows, message

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "today")]

D = datetime.date
BLOC_TODAY = D(2026, 1, 1)  # the `today` passed to member_list in filter tests

OUTSIDE = "You may not change records outside your organization."
READ_ONLY = "Your account is read-only."


def statuses(member) -> list[tuple]:
    return list(StatusChange.objects.filter(member=member).order_by("on", "id").values_list("status", "on", "annulled"))


def affiliations(member) -> list[tuple]:
    return list(
        Affiliation.objects.filter(member=member).order_by("start", "id")
        .values_list("organization_id", "start", "end", "start_reason", "end_reason")
    )


def transfers(member) -> list[tuple]:
    return list(
        Transfer.objects.filter(member=member).order_by("on", "id")
        .values_list("kind", "on", "from_organization_id", "to_organization_id", "external_unit", "decision")
    )


def ref(obj) -> dict:
    return {"id": obj.pk, "repr": str(obj)}


def names(qs) -> list[str]:
    return [m.full_name for m in qs]


def change_status(member, status, on, actor=SYSTEM, decision=""):
    return services.member_change_status(actor=actor, member=member, status=status, on=on, decision=decision)


def member_state() -> list:
    """Everything a failed member write must leave untouched."""
    return [
        list(Member.objects.order_by("pk").values_list()),
        list(StatusChange.objects.order_by("pk").values_list()),
        list(Affiliation.objects.order_by("pk").values_list()),
        list(Transfer.objects.order_by("pk").values_list()),
        list(CommitteeSeat.objects.order_by("pk").values_list()),
        AuditEntry.objects.count(),
    ]


# --- member_create --------------------------------------------------------------------

def test_member_create_derives_fields_and_writes_history_and_audit(tree, users, make_member):
    m = make_member(
        tree.cell_a1, actor=users.staff_a, full_name="  Nguyễn  Văn   Được ", gender="male",
        birth_date=D(1988, 2, 29), admission_decision_date=D(2015, 5, 19), ceremony_date=D(2015, 6, 1),
        biography_number="123456 kg", card_number="12345678", hometown="Rạch Giá",
    )
    m.refresh_from_db()
    assert m.full_name == "Nguyễn Văn Được"
    assert m.biography_number == "123456KG"
    assert (m.status, m.status_since, m.organization_id, m.on_roll) == ("probationary", D(2015, 5, 19), tree.cell_a1.pk, True)
    assert (m.party_age_start, m.party_age_end) == (D(2015, 5, 19), None)
    assert m.name_normalized == "nguyen van duoc"
    assert bytes(m.name_sort_key) == name_sort_key("Nguyễn Văn Được")
    assert statuses(m) == [("probationary", D(2015, 5, 19), False)]
    assert affiliations(m) == [(tree.cell_a1.pk, D(2015, 5, 19), None, "admission", "")]
    assert transfers(m) == []
    [row] = audit_rows(m)
    assert (row.action, row.actor_id, row.scope_path) == ("member.create", users.staff_a.pk, tree.cell_a1.path)
    assert row.changes == {
        "full_name": [None, "Nguyễn Văn Được"],
        "gender": [None, "male"],
        "birth_date": [None, "1988-02-29"],
        "ethnicity": [None, "Kinh"],
        "religion": [None, "Không"],
        "hometown": [None, "Rạch Giá"],
        "biography_number": [None, "123456KG"],
        "card_number": [None, "12345678"],
        "admission_decision_date": [None, "2015-05-19"],
        "ceremony_date": [None, "2015-06-01"],
        "organization": [None, ref(tree.cell_a1)],
        "status": [None, "probationary"],
        "status_since": [None, "2015-05-19"],
        "on_roll": [None, True],
    }


def test_member_create_with_full_membership(tree, make_member):
    m = make_member(tree.cell_sub, admission_decision_date=D(2015, 5, 19), ceremony_date=D(2015, 6, 1),
                    full_membership_date=D(2016, 6, 1))
    m.refresh_from_db()
    assert (m.status, m.status_since, m.full_membership_date) == ("full", D(2016, 6, 1), D(2016, 6, 1))
    assert statuses(m) == [("probationary", D(2015, 5, 19), False), ("full", D(2016, 6, 1), False)]
    assert m.party_age_start == D(2015, 5, 19)


@pytest.mark.parametrize(
    ("given", "stored"),
    [("123456 kg", "123456KG"), ("012345-kg", "012345KG"), (" 654321.hn ", "654321HN"), ("123456k", "123456K"),
     ("123456KGG", "123456KGG")],
)
def test_biography_number_is_canonicalized(tree, make_member, given, stored):
    m = make_member(tree.cell_a1, biography_number=given)
    m.refresh_from_db()
    assert m.biography_number == stored


BIO_MESSAGE = "A biography number is 6 digits followed by the 1–3 letter province code, e.g. 012345KG."
CARD_MESSAGE = "A Party card number is exactly 8 digits."


@pytest.mark.parametrize("value", ["12345KG", "1234567K", "123456", "KG123456", "12345AKG"])
def test_biography_number_format_is_checked(tree, make_member, value):
    with pytest.raises(ValidationError) as exc:
        make_member(tree.cell_a1, biography_number=value)
    assert exc.value.message_dict == {"biography_number": [BIO_MESSAGE]}
    assert Member.objects.count() == 0


def test_biography_number_with_four_letters_is_refused(tree, make_member):
    with pytest.raises(ValidationError) as exc:
        make_member(tree.cell_a1, biography_number="123456KGXY")
    assert sorted(exc.value.message_dict["biography_number"]) == sorted(
        [BIO_MESSAGE, "Ensure this value has at most 9 characters (it has 10)."]
    )
    assert list(exc.value.message_dict) == ["biography_number"]


@pytest.mark.parametrize("value", ["1234567", "1234567A", "abcdefgh", "1234 567"])
def test_card_number_is_8_digits(tree, make_member, value):
    with pytest.raises(ValidationError) as exc:
        make_member(tree.cell_a1, card_number=value)
    assert exc.value.message_dict == {"card_number": [CARD_MESSAGE]}


def test_card_number_with_leading_zeros_and_spaces_around(tree, make_member):
    m = make_member(tree.cell_a1, card_number=" 00012345 ")
    m.refresh_from_db()
    assert m.card_number == "00012345"


def test_duplicate_numbers_are_refused_by_field(tree, make_member):
    make_member(tree.cell_a1, full_name="Nguyễn Văn An", biography_number="123456KG", card_number="12345678")
    before = member_state()
    with pytest.raises(ValidationError) as exc:
        make_member(tree.cell_b1, full_name="Trần Văn Bình", biography_number="123456 kg")
    assert exc.value.message_dict == {"biography_number": ["This biography number is already recorded for another member."]}
    with pytest.raises(ValidationError) as exc:
        make_member(tree.cell_b1, full_name="Trần Văn Bình", card_number="12345678")
    assert exc.value.message_dict == {"card_number": ["This Party card number is already recorded for another member."]}
    with pytest.raises(ValidationError) as exc:
        make_member(tree.cell_b1, full_name="Trần Văn Bình", biography_number="123456KG", card_number="12345678")
    assert set(exc.value.message_dict) == {"biography_number", "card_number"}
    assert member_state() == before
    # Blank numbers are not duplicates of each other.
    make_member(tree.cell_b1, full_name="Lê Văn Cường")
    make_member(tree.cell_b1, full_name="Lê Văn Dũng")
    assert Member.objects.filter(card_number="", biography_number="").count() == 2


def test_dates_are_checked_by_field(tree, make_member):
    with pytest.raises(ValidationError) as exc:
        make_member(tree.cell_a1, birth_date=D(2015, 5, 19), admission_decision_date=D(2015, 5, 19))
    assert exc.value.message_dict == {"admission_decision_date": ["The admission decision must come after the date of birth."]}
    with pytest.raises(ValidationError) as exc:
        make_member(tree.cell_a1, admission_decision_date=D(2015, 5, 19), ceremony_date=D(2015, 5, 18))
    assert exc.value.message_dict == {"ceremony_date": ["The admission ceremony cannot come before the admission decision."]}
    with pytest.raises(ValidationError) as exc:
        make_member(tree.cell_a1, ceremony_date=D(2015, 6, 1), full_membership_date=D(2015, 6, 1))
    assert exc.value.message_dict == {"full_membership_date": [
        "Full membership can start only after 12 months of probation, on 01/06/2016 at the earliest."
    ]}
    with pytest.raises(ValidationError) as exc:
        make_member(tree.cell_a1, admission_decision_date=D(2015, 5, 19), joined_on=D(2015, 5, 18))
    assert exc.value.message_dict == {"joined_on": ["A member cannot join a cell before being admitted."]}
    with pytest.raises(ValidationError) as exc:
        make_member(tree.cell_a1, full_name="   ", gender="other")
    assert set(exc.value.message_dict) == {"full_name", "gender"}
    with pytest.raises(RuleViolation) as exc:
        make_member(tree.cell_a1, admission_decision_date=D(2008, 5, 19))
    assert message(exc) == "Chi bộ Văn phòng did not exist yet on 19/05/2008."
    assert Member.objects.count() == 0
    assert AuditEntry.objects.filter(action="member.create").count() == 0


def test_full_membership_on_create_needs_12_months_of_probation(tree, make_member):
    """Probation lasts 12 months from the ceremony (RULES: Admission and probation), also
    when an older member is recorded with the dates of its file."""
    with pytest.raises(ValidationError) as exc:
        make_member(tree.cell_a1, admission_decision_date=D(2015, 5, 19), ceremony_date=D(2015, 6, 1),
                    full_membership_date=D(2015, 12, 1))
    assert list(exc.value.message_dict) == ["full_membership_date"]
    assert Member.objects.count() == 0


@pytest.mark.parametrize(
    ("attr", "expected"),
    [
        ("committee_a", "Members are on the rolls of a cell; Đảng bộ Sở Tài chính is not a cell."),
        ("sub_a", "Members are on the rolls of a cell; Đảng bộ bộ phận Kho bạc is not a cell."),
        ("bloc", "Members are on the rolls of a cell; Đảng bộ các cơ quan Đảng tỉnh is not a cell."),
    ],
)
def test_members_only_on_cells(tree, make_member, attr, expected):
    with pytest.raises(RuleViolation) as exc:
        make_member(getattr(tree, attr))
    assert message(exc) == expected
    assert Member.objects.count() == 0


def test_members_not_on_a_dissolved_cell(tree, make_member):
    org_services.organization_dissolve(actor=SYSTEM, organization=tree.cell_a2, on=D(2020, 1, 1))
    tree.cell_a2.refresh_from_db()
    with pytest.raises(RuleViolation) as exc:
        make_member(tree.cell_a2)
    assert message(exc) == "Chi bộ Thanh tra was dissolved and cannot take members."
    # Both kinds of cells hold members.
    assert make_member(tree.grassroots_cell).organization_id == tree.grassroots_cell.pk
    assert make_member(tree.cell_sub).organization_id == tree.cell_sub.pk


def test_member_create_permissions(tree, users, make_member):
    with pytest.raises(PermissionDenied) as exc:
        make_member(tree.cell_b1, actor=users.staff_a)
    assert str(exc.value) == OUTSIDE
    with pytest.raises(PermissionDenied) as exc:
        make_member(tree.cell_a1, actor=users.viewer)
    assert str(exc.value) == READ_ONLY
    assert Member.objects.count() == 0
    assert make_member(tree.cell_b1, actor=users.bloc_admin).organization_id == tree.cell_b1.pk


# --- member_update --------------------------------------------------------------------

def test_member_update_audits_old_and_new(tree, users, make_member):
    m = make_member(tree.cell_a1, full_name="Nguyễn Văn An")
    m = services.member_update(actor=users.staff_a, member=m, full_name="Nguyễn Văn Ân", hometown="Rạch Giá",
                               card_number="12345678", biography_number="123456 kg")
    m.refresh_from_db()
    assert (m.full_name, m.hometown, m.card_number, m.biography_number) == ("Nguyễn Văn Ân", "Rạch Giá", "12345678", "123456KG")
    assert m.name_normalized == "nguyen van an"
    assert bytes(m.name_sort_key) == name_sort_key("Nguyễn Văn Ân")
    row = audit_rows(m)[-1]
    assert (row.action, row.actor_id, row.scope_path) == ("member.update", users.staff_a.pk, tree.cell_a1.path)
    assert row.changes == {
        "full_name": ["Nguyễn Văn An", "Nguyễn Văn Ân"],
        "hometown": ["", "Rạch Giá"],
        "biography_number": ["", "123456KG"],
        "card_number": ["", "12345678"],
    }
    # Nothing changed: no audit row.
    services.member_update(actor=users.staff_a, member=m, hometown="Rạch Giá")
    assert len(audit_rows(m)) == 2


def test_member_update_refusals_change_nothing(tree, users, make_member):
    m = make_member(tree.cell_a1, card_number="12345678")
    other = make_member(tree.cell_b1, full_name="Trần Văn Bình", card_number="87654321")
    before = member_state()
    with pytest.raises(RuleViolation) as exc:
        services.member_update(actor=SYSTEM, member=m, status="full", organization=tree.cell_b1)
    assert message(exc) == "These fields cannot be edited here: organization, status."
    with pytest.raises(ValidationError) as exc:
        services.member_update(actor=SYSTEM, member=m, card_number="87654321")
    assert exc.value.message_dict == {"card_number": ["This Party card number is already recorded for another member."]}
    with pytest.raises(ValidationError) as exc:
        services.member_update(actor=SYSTEM, member=m, birth_date=D(2016, 1, 1))
    assert exc.value.message_dict == {"admission_decision_date": ["The admission decision must come after the date of birth."]}
    with pytest.raises(PermissionDenied) as exc:
        services.member_update(actor=users.staff_a, member=other, hometown="Hà Tiên")
    assert str(exc.value) == OUTSIDE
    with pytest.raises(PermissionDenied) as exc:
        services.member_update(actor=users.viewer, member=m, hometown="Hà Tiên")
    assert str(exc.value) == READ_ONLY
    assert member_state() == before


def test_member_update_full_membership_date_moves_the_status_change(tree, make_member):
    m = make_member(tree.cell_a1, ceremony_date=D(2015, 6, 1), full_membership_date=D(2016, 6, 1))
    m = services.member_update(actor=SYSTEM, member=m, full_membership_date=D(2016, 6, 2),
                               full_membership_note="Quyết định công nhận ghi ngày 02/06/2016")
    m.refresh_from_db()
    assert statuses(m) == [("probationary", D(2015, 5, 19), False), ("full", D(2016, 6, 2), False)]
    assert (m.status, m.status_since) == ("full", D(2016, 6, 2))


def test_member_update_of_the_decision_date_moves_the_admission(tree, make_member):
    """The admission decision date is when the member became probationary: correcting it
    must correct the status history, or status_since and the re-admission wait are wrong."""
    m = make_member(tree.cell_a1, admission_decision_date=D(2015, 5, 19))
    m = services.member_update(actor=SYSTEM, member=m, admission_decision_date=D(2015, 4, 2))
    m.refresh_from_db()
    assert m.party_age_start == D(2015, 4, 2)
    assert statuses(m) == [("probationary", D(2015, 4, 2), False)]
    assert (m.status, m.status_since) == ("probationary", D(2015, 4, 2))


# --- member_change_status -------------------------------------------------------------

def test_probationary_becomes_full_only_after_12_months_from_the_ceremony(tree, users, make_member):
    m = make_member(tree.cell_a1, admission_decision_date=D(2015, 5, 19), ceremony_date=D(2015, 6, 1))
    before = member_state()
    with pytest.raises(RuleViolation) as exc:
        change_status(m, "full", D(2016, 5, 31))
    assert message(exc) == "Full membership can start only after 12 months of probation, on 01/06/2016 at the earliest."
    assert member_state() == before
    m = change_status(m, "full", D(2016, 6, 1), actor=users.staff_a, decision="15-QĐ/ĐU")
    m.refresh_from_db()
    assert (m.status, m.status_since, m.full_membership_date, m.on_roll) == ("full", D(2016, 6, 1), D(2016, 6, 1), True)
    assert list(m.status_changes.values_list("status", "on", "decision")) == [
        ("probationary", D(2015, 5, 19), ""), ("full", D(2016, 6, 1), "15-QĐ/ĐU"),
    ]
    row = audit_rows(m)[-1]
    assert (row.action, row.actor_id, row.note) == ("member.status", users.staff_a.pk, "15-QĐ/ĐU")
    assert row.changes == {
        "full_membership_date": [None, "2016-06-01"],
        "status": ["probationary", "full"],
        "status_since": ["2015-05-19", "2016-06-01"],
    }


def test_without_a_ceremony_probation_counts_from_the_decision(tree, make_member):
    m = make_member(tree.cell_a1, admission_decision_date=D(2015, 5, 19))
    with pytest.raises(RuleViolation) as exc:
        change_status(m, "full", D(2016, 5, 18))
    assert message(exc) == "Full membership can start only after 12 months of probation, on 19/05/2016 at the earliest."
    assert change_status(m, "full", D(2016, 5, 19)).status == "full"


@pytest.mark.parametrize(
    ("start", "target", "expected"),
    [
        ("probationary", "expelled", "A member with status “Probationary member” cannot become “Expelled”."),
        ("full", "probationary", "A member with status “Full member” cannot become “Probationary member”."),
        ("full", "full", "A member with status “Full member” cannot become “Full member”."),
        ("deceased", "full", "A member with status “Deceased” cannot become “Full member”."),
        ("deceased", "probationary", "A member with status “Deceased” cannot become “Probationary member”."),
        ("deceased", "left", "A member with status “Deceased” cannot become “Left the Party”."),
        ("left", "full", "A member with status “Left the Party” cannot become “Full member”."),
        ("expelled", "removed", "A member with status “Expelled” cannot become “Removed from the rolls”."),
    ],
)
def test_forbidden_transitions(tree, make_member, start, target, expected):
    full = None if start == "probationary" else D(2016, 6, 1)
    m = make_member(tree.cell_a1, ceremony_date=D(2015, 6, 1), full_membership_date=full)
    if start not in ("probationary", "full"):
        m = change_status(m, start, D(2018, 1, 1))
    before = member_state()
    with pytest.raises(RuleViolation) as exc:
        change_status(m, target, D(2025, 1, 1))
    assert message(exc) == expected
    assert member_state() == before


def test_unknown_status_and_date_before_the_last_change(tree, make_member):
    m = make_member(tree.cell_a1, ceremony_date=D(2015, 6, 1), full_membership_date=D(2016, 6, 1))
    with pytest.raises(RuleViolation) as exc:
        change_status(m, "retired", D(2020, 1, 1))
    assert message(exc) == "Unknown status: retired."
    with pytest.raises(RuleViolation) as exc:
        change_status(m, "left", D(2016, 5, 31))
    assert message(exc) == "The date 31/05/2016 is before the member's last status change (01/06/2016)."
    # The same day as the last change is allowed.
    assert change_status(m, "deceased", D(2016, 6, 1)).status == "deceased"


def test_leaving_takes_the_member_off_the_rolls(tree, make_member):
    m = make_member(tree.cell_a1, ceremony_date=D(2015, 6, 1), full_membership_date=D(2016, 6, 1))
    m = change_status(m, "removed", D(2018, 1, 1), decision="Xóa tên")
    m.refresh_from_db()
    assert (m.status, m.status_since, m.on_roll, m.organization_id) == ("removed", D(2018, 1, 1), False, tree.cell_a1.pk)
    assert (m.party_age_start, m.party_age_end) == (D(2015, 5, 19), D(2018, 1, 1))
    assert affiliations(m) == [(tree.cell_a1.pk, D(2015, 5, 19), D(2018, 1, 1), "admission", "status")]
    assert audit_rows(m)[-1].changes == {
        "status": ["full", "removed"], "status_since": ["2016-06-01", "2018-01-01"], "on_roll": [True, False],
    }


def test_death_is_final(tree, make_member):
    m = make_member(tree.cell_a1)
    m = change_status(m, "deceased", D(2020, 2, 10))
    m.refresh_from_db()
    assert (m.status, m.on_roll, m.party_age_end) == ("deceased", False, D(2020, 2, 10))
    assert affiliations(m) == [(tree.cell_a1.pk, D(2015, 5, 19), D(2020, 2, 10), "admission", "status")]
    for status in ("probationary", "full", "left", "removed", "expelled", "deceased"):
        with pytest.raises(RuleViolation):
            change_status(m, status, D(2025, 1, 1))
    assert statuses(m) == [("probationary", D(2015, 5, 19), False), ("deceased", D(2020, 2, 10), False)]


def test_readmission_after_36_months_puts_the_member_back(tree, make_member):
    m = make_member(tree.cell_a1, ceremony_date=D(2015, 6, 1), full_membership_date=D(2016, 6, 1))
    m = change_status(m, "removed", D(2018, 1, 1))
    before = member_state()
    with pytest.raises(RuleViolation) as exc:
        change_status(m, "probationary", D(2020, 12, 31))
    assert message(exc) == "Re-admission needs at least 36 months after leaving the Party: not before 01/01/2021."
    assert member_state() == before
    m = change_status(m, "probationary", D(2021, 1, 1), decision="Kết nạp lại")
    m.refresh_from_db()
    assert (m.status, m.status_since, m.on_roll, m.organization_id) == ("probationary", D(2021, 1, 1), True, tree.cell_a1.pk)
    assert affiliations(m) == [
        (tree.cell_a1.pk, D(2015, 5, 19), D(2018, 1, 1), "admission", "status"),
        (tree.cell_a1.pk, D(2021, 1, 1), None, "readmission", ""),
    ]
    # Party age: from the first decision, minus the 1096 days outside.
    assert (m.party_age_start, m.party_age_end) == (D(2018, 5, 19), None)


def test_readmitted_member_serves_a_new_probation(tree, make_member):
    """Re-admission: probation again (RULES), so full membership comes 12 months after the
    re-admission, not 12 months after the first ceremony."""
    m = make_member(tree.cell_a1, ceremony_date=D(2015, 6, 1), full_membership_date=D(2016, 6, 1))
    m = change_status(m, "left", D(2018, 1, 1))
    m = change_status(m, "probationary", D(2021, 3, 1))
    with pytest.raises(RuleViolation):
        change_status(m, "full", D(2021, 6, 1))
    m.refresh_from_db()
    assert m.status == "probationary"
    assert change_status(m, "full", D(2022, 3, 1)).status == "full"


def test_readmission_only_once(tree, make_member):
    m = make_member(tree.cell_a1, ceremony_date=D(2015, 6, 1), full_membership_date=D(2016, 6, 1))
    m = change_status(m, "left", D(2017, 1, 1))
    m = change_status(m, "probationary", D(2020, 1, 1))
    m = change_status(m, "full", D(2021, 1, 1))
    m = change_status(m, "removed", D(2022, 1, 1))
    before = member_state()
    with pytest.raises(RuleViolation) as exc:
        change_status(m, "probationary", D(2025, 6, 1))
    assert message(exc) == "A member can be re-admitted only once."
    assert member_state() == before


def test_readmission_into_a_dissolved_cell_is_refused(tree, make_member):
    m = make_member(tree.cell_a2, ceremony_date=D(2015, 6, 1), full_membership_date=D(2016, 6, 1))
    m = change_status(m, "left", D(2017, 1, 1))
    org_services.organization_dissolve(actor=SYSTEM, organization=tree.cell_a2, on=D(2018, 1, 1))
    with pytest.raises(RuleViolation) as exc:
        change_status(m, "probationary", D(2020, 1, 1))
    assert message(exc) == "Chi bộ Thanh tra was dissolved and cannot take members."


def test_change_status_permissions(tree, users, make_member):
    m = make_member(tree.cell_b1)
    with pytest.raises(PermissionDenied) as exc:
        change_status(m, "deceased", D(2020, 1, 1), actor=users.staff_a)
    assert str(exc.value) == OUTSIDE
    with pytest.raises(PermissionDenied) as exc:
        change_status(m, "deceased", D(2020, 1, 1), actor=users.viewer)
    assert str(exc.value) == READ_ONLY
    assert statuses(m) == [("probationary", D(2015, 5, 19), False)]


def test_status_change_before_joining_the_current_cell_is_refused(tree, make_member):
    m = make_member(tree.cell_a1, full_membership_date=D(2016, 6, 1))
    m = services.member_transfer(actor=SYSTEM, member=m, to_organization=tree.cell_b1, on=D(2020, 1, 1))
    before = member_state()
    with pytest.raises(RuleViolation) as exc:
        change_status(m, "left", D(2019, 12, 31))
    assert message(exc) == "The date 31/12/2019 is before Nguyễn Văn An joined the current cell (01/01/2020)."
    assert member_state() == before


def test_interruption_add(tree, users, make_member):
    m = make_member(tree.cell_a1, full_membership_date=D(2016, 6, 1))
    with pytest.raises(ValidationError) as exc:
        services.interruption_add(actor=SYSTEM, member=m, start=D(2019, 7, 1), end=D(2019, 7, 1), reason="transfer_gap")
    assert exc.value.message_dict == {"end": ["The end of an interruption must come after its start."]}
    with pytest.raises(ValidationError) as exc:
        services.interruption_add(actor=SYSTEM, member=m, start=D(2019, 1, 1), end=D(2019, 7, 1), reason="holiday")
    assert exc.value.message_dict == {"reason": ["Unknown reason."]}
    with pytest.raises(PermissionDenied):
        services.interruption_add(actor=users.viewer, member=m, start=D(2019, 1, 1), end=D(2019, 7, 1), reason="lost_contact")
    item = services.interruption_add(actor=users.staff_a, member=m, start=D(2019, 1, 1), end=D(2019, 7, 1),
                                     reason="transfer_gap")
    assert (item.member_id, item.start, item.end, item.reason) == (m.pk, D(2019, 1, 1), D(2019, 7, 1), "transfer_gap")
    m.refresh_from_db()
    assert m.party_age_start == D(2015, 11, 16)  # 19 May 2015 + 181 days
    row = audit_rows(m)[-1]
    assert (row.action, row.changes) == ("member.interruption", {"interruption": [None, "01/01/2019–01/07/2019 transfer_gap"]})


# --- status_change_annul --------------------------------------------------------------

def test_annulled_expulsion_restores_the_member_with_continuous_party_age(tree, users, make_member, today):
    m = make_member(tree.cell_a1, ceremony_date=D(2015, 6, 1), full_membership_date=D(2016, 6, 1))
    m = change_status(m, "expelled", D(2019, 3, 1), decision="05-QĐ/UBKT")
    m.refresh_from_db()
    assert (m.on_roll, m.party_age_end) == (False, D(2019, 3, 1))
    expulsion = m.status_changes.get(status="expelled")
    m = services.status_change_annul(actor=users.bloc_admin, change=expulsion, reason="Kỷ luật sai", decision="12-QĐ/UBKTTU")
    m.refresh_from_db()
    assert (m.status, m.status_since, m.on_roll, m.organization_id) == ("full", D(2016, 6, 1), True, tree.cell_a1.pk)
    assert (m.party_age_start, m.party_age_end) == (D(2015, 5, 19), None)
    assert statuses(m) == [
        ("probationary", D(2015, 5, 19), False), ("full", D(2016, 6, 1), False), ("expelled", D(2019, 3, 1), True),
    ]
    expulsion.refresh_from_db()
    assert expulsion.decision == "05-QĐ/UBKT — 12-QĐ/UBKTTU"
    assert affiliations(m) == [(tree.cell_a1.pk, D(2015, 5, 19), None, "admission", "")]
    age = party_age.for_member(m, as_of=today)
    assert (age.years, age.months, age.days_out, age.start, age.end) == (11, 6, 0, D(2015, 5, 19), None)
    row = audit_rows(m)[-1]
    assert (row.action, row.actor_id, row.note) == ("member.status_annul", users.bloc_admin.pk, "Kỷ luật sai — 12-QĐ/UBKTTU")
    assert row.changes == {
        "status": ["expelled", "full"], "status_since": ["2019-03-01", "2016-06-01"], "on_roll": [False, True],
    }


def test_annul_refusals(tree, make_member):
    m = make_member(tree.cell_a1, ceremony_date=D(2015, 6, 1), full_membership_date=D(2016, 6, 1))
    admission = m.status_changes.get(status="probationary")
    with pytest.raises(RuleViolation) as exc:
        services.status_change_annul(actor=SYSTEM, change=admission, reason="Nhập nhầm")
    assert message(exc) == "Only full membership, leaving, removal, expulsion or death can be annulled."
    m = change_status(m, "removed", D(2018, 1, 1))
    removal = m.status_changes.get(status="removed")
    m = change_status(m, "probationary", D(2021, 1, 1))
    with pytest.raises(RuleViolation) as exc:
        services.status_change_annul(actor=SYSTEM, change=removal, reason="Nhập nhầm")
    assert message(exc) == "Only the latest status change can be annulled."
    other = make_member(tree.cell_a2, full_name="Lê Văn Bình", full_membership_date=D(2016, 6, 1))
    other = change_status(other, "left", D(2019, 1, 1))
    leaving = other.status_changes.get(status="left")
    services.status_change_annul(actor=SYSTEM, change=leaving, reason="Nhập nhầm")
    with pytest.raises(RuleViolation) as exc:
        services.status_change_annul(actor=SYSTEM, change=leaving, reason="Nhập nhầm")
    assert message(exc) == "This status change was already annulled."


# --- transfers ------------------------------------------------------------------------

def test_internal_transfer_moves_the_affiliation(tree, users, make_member):
    m = make_member(tree.cell_a1)
    m = services.member_transfer(actor=users.bloc_admin, member=m, to_organization=tree.cell_b1, on=D(2020, 1, 1),
                                 decision="20-QĐ/ĐUK")
    m.refresh_from_db()
    assert (m.organization_id, m.on_roll, m.status) == (tree.cell_b1.pk, True, "probationary")
    assert affiliations(m) == [
        (tree.cell_a1.pk, D(2015, 5, 19), D(2020, 1, 1), "admission", "transfer"),
        (tree.cell_b1.pk, D(2020, 1, 1), None, "transfer", ""),
    ]
    assert transfers(m) == [("internal", D(2020, 1, 1), tree.cell_a1.pk, tree.cell_b1.pk, "", "20-QĐ/ĐUK")]
    row = audit_rows(m)[-1]
    assert (row.action, row.scope_path, row.note) == ("member.transfer", tree.cell_b1.path, "20-QĐ/ĐUK")
    assert row.changes == {"organization": [ref(tree.cell_a1), ref(tree.cell_b1)]}


def test_internal_transfer_on_the_day_of_joining_replaces_the_affiliation(tree, make_member):
    m = make_member(tree.cell_a1)
    services.member_transfer(actor=SYSTEM, member=m, to_organization=tree.cell_a2, on=D(2015, 5, 19))
    assert affiliations(m) == [(tree.cell_a2.pk, D(2015, 5, 19), None, "transfer", "")]


def test_transfer_actor_must_reach_both_organizations(tree, users, make_member):
    m = make_member(tree.cell_a1)
    b = make_member(tree.cell_b1, full_name="Trần Văn Bình")
    before = member_state()
    with pytest.raises(PermissionDenied) as exc:
        services.member_transfer(actor=users.staff_a, member=m, to_organization=tree.cell_b1, on=D(2020, 1, 1))
    assert str(exc.value) == OUTSIDE
    with pytest.raises(PermissionDenied) as exc:
        services.member_transfer(actor=users.staff_a, member=b, to_organization=tree.cell_a1, on=D(2020, 1, 1))
    assert str(exc.value) == OUTSIDE
    with pytest.raises(PermissionDenied) as exc:
        services.member_transfer(actor=users.viewer, member=m, to_organization=tree.cell_a2, on=D(2020, 1, 1))
    assert str(exc.value) == READ_ONLY
    assert member_state() == before
    m = services.member_transfer(actor=users.staff_a, member=m, to_organization=tree.cell_sub, on=D(2020, 1, 1))
    assert m.organization_id == tree.cell_sub.pk


def test_transfer_refusals(tree, make_member):
    m = make_member(tree.cell_a1, full_membership_date=D(2016, 6, 1))
    before = member_state()
    with pytest.raises(RuleViolation) as exc:
        services.member_transfer(actor=SYSTEM, member=m, to_organization=tree.cell_a1, on=D(2020, 1, 1))
    assert message(exc) == "Nguyễn Văn An is already on the rolls of Chi bộ Văn phòng."
    with pytest.raises(RuleViolation) as exc:
        services.member_transfer(actor=SYSTEM, member=m, to_organization=tree.committee_b, on=D(2020, 1, 1))
    assert message(exc) == "Members are on the rolls of a cell; Đảng bộ Sở Y tế is not a cell."
    with pytest.raises(RuleViolation) as exc:
        services.member_transfer(actor=SYSTEM, member=m, to_organization=tree.cell_b1, on=D(2015, 5, 18))
    assert message(exc) == "The date 18/05/2015 is before Nguyễn Văn An joined the current cell (19/05/2015)."
    assert member_state() == before
    m = change_status(m, "left", D(2018, 1, 1))
    with pytest.raises(RuleViolation) as exc:
        services.member_transfer(actor=SYSTEM, member=m, to_organization=tree.cell_b1, on=D(2020, 1, 1))
    assert message(exc) == "Only probationary and full members can be transferred."


def test_transfer_out_takes_the_member_off_the_rolls(tree, users, make_member):
    m = make_member(tree.cell_a1, full_membership_date=D(2016, 6, 1))
    with pytest.raises(ValidationError) as exc:
        services.member_transfer_out(actor=users.staff_a, member=m, on=D(2022, 5, 1), destination="  ")
    assert exc.value.message_dict == {"destination": ["Say where the member is transferred to."]}
    m = services.member_transfer_out(actor=users.staff_a, member=m, on=D(2022, 5, 1),
                                     destination=" Đảng ủy Khối tỉnh An Giang ", decision="30-QĐ/ĐU")
    m.refresh_from_db()
    assert (m.status, m.on_roll, m.organization_id) == ("full", False, tree.cell_a1.pk)
    assert m.party_age_end is None
    assert affiliations(m) == [(tree.cell_a1.pk, D(2015, 5, 19), D(2022, 5, 1), "admission", "transfer_out")]
    assert transfers(m) == [("out", D(2022, 5, 1), tree.cell_a1.pk, None, "Đảng ủy Khối tỉnh An Giang", "30-QĐ/ĐU")]
    row = audit_rows(m)[-1]
    assert (row.action, row.changes) == ("member.transfer_out", {"on_roll": [True, False]})
    assert names(selectors.member_list(actor=users.staff_a)) == []
    assert names(selectors.member_list(actor=users.staff_a, status="all")) == ["Nguyễn Văn An"]
    with pytest.raises(RuleViolation) as exc:
        services.member_transfer_out(actor=SYSTEM, member=m, on=D(2023, 1, 1), destination="Nơi khác")
    assert message(exc) == "Nguyễn Văn An is not on the rolls of any cell."


def test_status_change_after_transfer_out_does_not_put_the_member_back_on_the_rolls(tree, make_member):
    """A member transferred out is on another unit's rolls; recording a later status here
    (refused or not) must not reopen an affiliation in the old cell as a "re-admission"."""
    m = make_member(tree.cell_a1, ceremony_date=D(2015, 6, 1))
    m = services.member_transfer_out(actor=SYSTEM, member=m, on=D(2016, 1, 1), destination="Tỉnh ủy An Giang")
    try:
        change_status(m, "full", D(2016, 6, 1))
    except RuleViolation:
        pass
    m.refresh_from_db()
    assert m.on_roll is False
    assert affiliations(m) == [(tree.cell_a1.pk, D(2015, 5, 19), D(2016, 1, 1), "admission", "transfer_out")]


def test_transfer_in_from_outside(tree, make_member):
    m = make_member(tree.cell_a1, full_name="Võ Thị Hạnh", gender="female", birth_date=D(1980, 7, 7),
                    admission_decision_date=D(2010, 3, 2), full_membership_date=D(2011, 3, 2),
                    joined_on=D(2022, 9, 1), transferred_in_from="Đảng ủy Khối tỉnh An Giang")
    m.refresh_from_db()
    assert (m.status, m.status_since, m.on_roll, m.party_age_start) == ("full", D(2011, 3, 2), True, D(2010, 3, 2))
    assert affiliations(m) == [(tree.cell_a1.pk, D(2022, 9, 1), None, "transfer_in", "")]
    assert transfers(m) == [("in", D(2022, 9, 1), None, tree.cell_a1.pk, "Đảng ủy Khối tỉnh An Giang", "")]


# --- seats ----------------------------------------------------------------------------

@pytest.fixture
def committee(tree):
    return org_services.committee_create(actor=SYSTEM, organization=tree.committee_a,
                                         term_start=D(2020, 10, 1), term_end=D(2025, 10, 1))


def seat(committee, member, role, start, end=None, actor=SYSTEM):
    return services.seat_assign(actor=actor, committee=committee, member=member, role=role, start=start, end=end)


def test_seat_assign_in_the_subtree(tree, users, committee, make_member):
    m = make_member(tree.cell_sub, full_name="Phan Văn Hùng", full_membership_date=D(2016, 6, 1))
    s = seat(committee, m, "secretary", D(2020, 10, 1), actor=users.staff_a)
    assert (s.committee_id, s.member_id, s.role, s.start, s.end) == (committee.pk, m.pk, "secretary", D(2020, 10, 1), None)
    row = audit_rows(committee)[-1]
    assert (row.action, row.scope_path, row.changes) == (
        "committee.seat", tree.committee_a.path, {"seat": [None, "Phan Văn Hùng: Secretary"]},
    )
    outsider = make_member(tree.cell_b1, full_name="Trần Văn Bình")
    with pytest.raises(RuleViolation) as exc:
        seat(committee, outsider, "committee_member", D(2020, 10, 1))
    assert message(exc) == "Trần Văn Bình is not a member of Đảng bộ Sở Tài chính and cannot hold a seat on its committee."
    with pytest.raises(ValidationError) as exc:
        seat(committee, m, "chairman", D(2020, 10, 1))
    assert exc.value.message_dict == {"role": ["Unknown role."]}
    b_committee = org_services.committee_create(actor=SYSTEM, organization=tree.committee_b,
                                                term_start=D(2020, 10, 1), term_end=D(2025, 10, 1))
    with pytest.raises(PermissionDenied) as exc:
        seat(b_committee, outsider, "secretary", D(2020, 10, 1), actor=users.staff_a)
    assert str(exc.value) == OUTSIDE
    assert CommitteeSeat.objects.count() == 1


def test_one_secretary_at_a_time(tree, committee, make_member):
    a = make_member(tree.cell_a1, full_name="Nguyễn Văn An")
    b = make_member(tree.cell_a2, full_name="Lê Thị Bích")
    c = make_member(tree.cell_sub, full_name="Hồ Văn Cảnh")
    seat(committee, a, "secretary", D(2020, 10, 1), end=D(2023, 1, 1))
    seat(committee, b, "deputy_secretary", D(2020, 10, 1))
    with pytest.raises(RuleViolation) as exc:
        seat(committee, b, "secretary", D(2022, 12, 31))
    assert message(exc) == "The committee already has a secretary for that time."
    seat(committee, b, "secretary", D(2023, 1, 1))
    with pytest.raises(RuleViolation) as exc:
        seat(committee, c, "secretary", D(2024, 1, 1), end=D(2024, 6, 1))
    assert message(exc) == "The committee already has a secretary for that time."
    with pytest.raises(RuleViolation) as exc:
        seat(committee, c, "secretary", D(2020, 10, 1), end=D(2020, 12, 1))
    assert message(exc) == "The committee already has a secretary for that time."
    assert list(committee.seats.filter(role="secretary").values_list("member_id", "start", "end")) == [
        (a.pk, D(2020, 10, 1), D(2023, 1, 1)), (b.pk, D(2023, 1, 1), None),
    ]


@pytest.mark.parametrize(
    ("start", "end"),
    [(D(2020, 9, 30), None), (D(2025, 10, 1), None), (D(2021, 1, 1), D(2025, 10, 2))],
)
def test_seat_within_the_term(tree, committee, make_member, start, end):
    m = make_member(tree.cell_a1)
    with pytest.raises(RuleViolation) as exc:
        seat(committee, m, "committee_member", start, end=end)
    assert message(exc) == "A seat must lie within the committee's term."
    assert not CommitteeSeat.objects.exists()


def test_seat_must_end_after_it_starts(tree, committee, make_member):
    m = make_member(tree.cell_a1)
    with pytest.raises((RuleViolation, ValidationError)):
        seat(committee, m, "secretary", D(2022, 1, 1), end=D(2021, 1, 1))
    assert not CommitteeSeat.objects.exists()


def test_seat_holder_must_be_in_the_party_and_on_the_rolls(tree, committee, make_member):
    left = make_member(tree.cell_a1, full_name="Lê Văn Bình")
    left = change_status(left, "left", D(2019, 1, 1))
    with pytest.raises(RuleViolation) as exc:
        seat(committee, left, "committee_member", D(2021, 1, 1))
    assert message(exc) == "Only a member in the Party and on the rolls can hold a seat."
    gone = make_member(tree.cell_a1, full_name="Vũ Văn Cường")
    gone = services.member_transfer_out(actor=SYSTEM, member=gone, on=D(2019, 1, 1), destination="Tỉnh ủy An Giang")
    with pytest.raises(RuleViolation) as exc:
        seat(committee, gone, "committee_member", D(2021, 1, 1))
    assert message(exc) == "Only a member in the Party and on the rolls can hold a seat."
    assert not CommitteeSeat.objects.exists()


# --- selectors: scope -----------------------------------------------------------------

@pytest.fixture
def spread(tree, make_member):
    """One member in each cell of the tree."""
    return {
        "a1": make_member(tree.cell_a1, full_name="Nguyễn Văn An"),
        "sub": make_member(tree.cell_sub, full_name="Trần Thị Bích"),
        "b1": make_member(tree.cell_b1, full_name="Lê Văn Cường"),
        "b2": make_member(tree.cell_b2, full_name="Phạm Thị Dung"),
        "gc": make_member(tree.grassroots_cell, full_name="Hoàng Văn Em"),
    }


def test_member_reads_are_scoped(tree, users, spread):
    assert names(selectors.member_list(actor=users.staff_a)) == ["Nguyễn Văn An", "Trần Thị Bích"]
    assert names(selectors.member_list(actor=users.staff_a, status="all")) == ["Nguyễn Văn An", "Trần Thị Bích"]
    assert names(selectors.member_list(actor=users.staff_a, organization=tree.committee_b)) == []
    assert names(selectors.member_list(actor=users.staff_a, query="cuong")) == []
    assert names(selectors.member_list(actor=users.viewer)) == [
        "Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em",
    ]
    assert names(selectors.member_list(actor=users.viewer, organization=tree.committee_b)) == ["Lê Văn Cường", "Phạm Thị Dung"]
    assert names(selectors.member_list(actor=None)) == []
    got = selectors.member_get(actor=users.staff_a, pk=spread["sub"].pk)
    assert got.pk == spread["sub"].pk
    assert [a.organization.name for a in got.affiliations.all()] == ["Chi bộ Kho bạc 1"]
    for key in ("b1", "b2", "gc"):
        with pytest.raises(NotFound):
            selectors.member_get(actor=users.staff_a, pk=spread[key].pk)
    assert selectors.member_get(actor=users.viewer, pk=spread["b1"].pk).full_name == "Lê Văn Cường"
    assert selectors.subtree_member_count(actor=users.staff_a, organization=tree.bloc) == 2
    assert selectors.subtree_member_count(actor=users.viewer, organization=tree.bloc) == 5


# --- selectors: search and filters ----------------------------------------------------

@pytest.fixture
def searchable(tree, make_member):
    return [
        make_member(tree.cell_a1, full_name="Nguyễn Văn Được", card_number="12345678", biography_number="123456KG"),
        make_member(tree.cell_a2, full_name="Nguyễn Văn Đức", card_number="87654321", biography_number="654321HN"),
        make_member(tree.cell_b1, full_name="Trần Thị Dung", gender="female", card_number="12349999"),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van duoc", ["Nguyễn Văn Được"]),
        ("DUOC", ["Nguyễn Văn Được"]),
        ("Được", ["Nguyễn Văn Được"]),
        ("  NGUYỄN   văn ", ["Nguyễn Văn Đức", "Nguyễn Văn Được"]),
        ("duc", ["Nguyễn Văn Đức"]),
        ("du", ["Trần Thị Dung", "Nguyễn Văn Đức", "Nguyễn Văn Được"]),
        ("12345678", ["Nguyễn Văn Được"]),
        ("1234", ["Trần Thị Dung", "Nguyễn Văn Được"]),
        ("123456 kg", ["Nguyễn Văn Được"]),
        ("123456KG", ["Nguyễn Văn Được"]),
        ("654321hn", ["Nguyễn Văn Đức"]),
        ("0000", []),
        ("hoang", []),
        ("", ["Trần Thị Dung", "Nguyễn Văn Đức", "Nguyễn Văn Được"]),
    ],
)
def test_search_ignores_case_and_diacritics_and_finds_numbers(searchable, query, expected):
    assert names(selectors.member_list(actor=SYSTEM, query=query)) == expected


@pytest.fixture
def population(tree, make_member):
    """Ages and Party ages on BLOC_TODAY (1 Jan 2026) straddle every band boundary."""
    def mk(name, gender, born, decided, **kw):
        # The cells were established in 2010: older members joined them then.
        return make_member(tree.cell_a1, full_name=name, gender=gender, birth_date=born,
                           admission_decision_date=decided, joined_on=max(decided, D(2010, 1, 1)), **kw)

    people = {
        # name: age on 1 Jan 2026, Party age
        "An": mk("Nguyễn Thị An", "female", D(1997, 1, 2), D(2020, 1, 1)),  # 28, 5 (probationary)
        "Bình": mk("Trần Văn Bình", "male", D(1996, 1, 1), D(2016, 1, 2), full_membership_date=D(2017, 1, 2)),  # 30, 9
        "Chi": mk("Lê Thị Chi", "female", D(1985, 1, 2), D(2016, 1, 1), full_membership_date=D(2017, 1, 1)),  # 40, 10
        "Dũng": mk("Phạm Văn Dũng", "male", D(1985, 1, 1), D(2005, 6, 1), full_membership_date=D(2006, 6, 1)),  # 41, 20
        "Em": mk("Hồ Thị Em", "female", D(1965, 6, 1), D(1990, 1, 1), full_membership_date=D(1991, 1, 1)),  # 60, 36
        "Giang": mk("Vũ Văn Giang", "male", D(1955, 1, 1), D(1980, 1, 1), full_membership_date=D(1981, 1, 1)),  # 71, 46
        "Hải": mk("Đặng Văn Hải", "male", D(1948, 5, 1), D(1975, 12, 31), full_membership_date=D(1976, 12, 31)),  # 77, 50
    }
    gone = mk("Đỗ Văn Khoa", "male", D(1970, 1, 1), D(1995, 1, 1), full_membership_date=D(1996, 1, 1))
    change_status(gone, "left", D(2012, 1, 1))
    people["Khoa"] = gone
    return people


def given_names(qs) -> set[str]:
    return {m.full_name.rsplit(" ", 1)[-1] for m in qs}


def listed(**filters) -> set[str]:
    return given_names(selectors.member_list(actor=SYSTEM, today=BLOC_TODAY, **filters))


def test_status_filter(population):
    assert listed() == {"An", "Bình", "Chi", "Dũng", "Em", "Giang", "Hải"}
    assert listed(status="all") == {"An", "Bình", "Chi", "Dũng", "Em", "Giang", "Hải", "Khoa"}
    assert listed(status="probationary") == {"An"}
    assert listed(status="full") == {"Bình", "Chi", "Dũng", "Em", "Giang", "Hải"}
    assert listed(status="left") == {"Khoa"}
    assert listed(status="expelled") == set()


def test_gender_filter(population):
    assert listed(gender="female") == {"An", "Chi", "Em"}
    assert listed(gender="male") == {"Bình", "Dũng", "Giang", "Hải"}
    assert listed(gender="male", status="all") == {"Bình", "Dũng", "Giang", "Hải", "Khoa"}


@pytest.mark.parametrize(
    ("band", "expected"),
    [
        ("lt30", {"An"}),
        ("30-40", {"Bình", "Chi"}),
        ("41-50", {"Dũng"}),
        ("51-60", {"Em"}),
        ("gt60", {"Giang", "Hải"}),
        ("nonsense", {"An", "Bình", "Chi", "Dũng", "Em", "Giang", "Hải"}),
    ],
)
def test_age_band_filter(population, band, expected):
    assert listed(age_band=band) == expected


@pytest.mark.parametrize(
    ("band", "expected"),
    [
        ("lt10", {"An", "Bình"}),
        ("10-30", {"Chi", "Dũng"}),
        ("30-40", {"Em"}),
        ("40-50", {"Giang"}),
        ("ge50", {"Hải"}),
    ],
)
def test_party_age_band_filter(population, band, expected):
    assert listed(party_age_band=band) == expected


def test_filters_combine(population):
    assert listed(gender="male", age_band="gt60") == {"Giang", "Hải"}
    assert listed(gender="female", party_age_band="lt10", status="probationary") == {"An"}
    assert listed(age_band="30-40", party_age_band="lt10") == {"Bình"}


def test_party_age_band_subtracts_time_outside(tree, make_member):
    """Admitted 2010, out for 3 years: 13 years of Party age on 1 Jan 2026, not 16."""
    m = make_member(tree.cell_a1, admission_decision_date=D(2010, 1, 1), full_membership_date=D(2011, 1, 1))
    m = change_status(m, "removed", D(2012, 1, 1))
    change_status(m, "probationary", D(2015, 1, 1))
    assert listed(party_age_band="10-30") == {"An"}
    assert Member.objects.get().party_age_start == D(2013, 1, 1)


# --- selectors: counts ----------------------------------------------------------------

@pytest.fixture
def counted(tree, make_member):
    full = {"full_membership_date": D(2016, 6, 1)}
    make_member(tree.cell_a1, full_name="A1 Một", **full)
    make_member(tree.cell_a1, full_name="A1 Hai", gender="female", **full)
    gone = make_member(tree.cell_a1, full_name="A1 Ba", **full)
    change_status(gone, "left", D(2020, 1, 1))
    make_member(tree.cell_a2, full_name="A2 Một", **full)
    make_member(tree.cell_sub, full_name="Sub Một", **full)
    make_member(tree.cell_sub, full_name="Sub Hai", gender="female", **full)
    make_member(tree.cell_sub, full_name="Sub Ba")  # probationary
    make_member(tree.cell_b1, full_name="B1 Một", **full)
    dead = make_member(tree.cell_b1, full_name="B1 Hai", **full)
    change_status(dead, "deceased", D(2024, 1, 1))
    make_member(tree.cell_b2, full_name="B2 Một", gender="female", **full)
    make_member(tree.grassroots_cell, full_name="GC Một", **full)


def test_member_counts_by_child(tree, users, counted):
    t = tree
    assert selectors.member_counts_by_child(actor=SYSTEM, parent=t.province) == {t.bloc.pk: 9}
    assert selectors.member_counts_by_child(actor=SYSTEM, parent=t.bloc) == {
        t.committee_a.pk: 6, t.committee_b.pk: 2, t.grassroots_cell.pk: 1,
    }
    assert selectors.member_counts_by_child(actor=users.viewer, parent=t.committee_a) == {
        t.cell_a1.pk: 2, t.cell_a2.pk: 1, t.sub_a.pk: 3,
    }
    assert selectors.member_counts_by_child(actor=users.staff_a, parent=t.sub_a) == {t.cell_sub.pk: 3}
    assert selectors.member_counts_by_child(actor=SYSTEM, parent=t.cell_sub) == {}
    assert selectors.member_counts_by_child(actor=users.staff_a, parent=t.bloc) == {}


def test_status_counts(tree, users, counted):
    t = tree
    assert selectors.status_counts(actor=SYSTEM, organization=t.bloc) == {
        "full": 8, "probationary": 1, "left": 1, "deceased": 1,
    }
    assert selectors.status_counts(actor=users.staff_a, organization=t.committee_a) == {
        "full": 5, "probationary": 1, "left": 1,
    }
    assert selectors.status_counts(actor=users.viewer, organization=t.committee_b) == {"full": 2, "deceased": 1}
    assert selectors.status_counts(actor=users.staff_a, organization=t.committee_b) == {}
    assert selectors.counts_by_gender(actor=SYSTEM, organization=t.bloc) == {"male": 6, "female": 3}


def test_status_counts_leave_transferred_out_members_off_the_rolls(tree, counted):
    """status_counts: "the rolls for probationary and full". A full member transferred out
    of the bloc is no longer on its rolls."""
    gone = Member.objects.get(full_name="B2 Một")
    services.member_transfer_out(actor=SYSTEM, member=gone, on=D(2025, 1, 1), destination="Tỉnh ủy An Giang")
    assert selectors.member_counts_by_child(actor=SYSTEM, parent=tree.bloc)[tree.committee_b.pk] == 1
    assert selectors.status_counts(actor=SYSTEM, organization=tree.bloc)["full"] == 7


def test_member_update_of_full_membership_moves_the_latest_full_membership(tree, make_member, english):
    member = make_member(tree.cell_a1, admission_decision_date=D(2010, 3, 2), ceremony_date=D(2010, 3, 20),
                         full_membership_date=D(2011, 3, 20))
    member = change_status(member, "left", D(2012, 1, 1))
    member = change_status(member, "probationary", D(2016, 1, 1))
    member = change_status(member, "full", D(2017, 1, 1))
    member = services.member_update(actor=SYSTEM, member=member, full_membership_date=D(2017, 3, 1))
    assert list(member.status_changes.values_list("status", "on")) == [
        ("probationary", D(2010, 3, 2)), ("full", D(2011, 3, 20)), ("left", D(2012, 1, 1)),
        ("probationary", D(2016, 1, 1)), ("full", D(2017, 3, 1)),
    ]
    assert (member.status, member.status_since) == ("full", D(2017, 3, 1))


def test_member_update_cannot_make_a_probationary_member_full(tree, make_member, english):
    member = make_member(tree.cell_a1, ceremony_date=D(2015, 6, 1))
    with pytest.raises(ValidationError) as exc:
        services.member_update(actor=SYSTEM, member=member, full_membership_date=D(2016, 6, 1))
    assert exc.value.message_dict == {"full_membership_date": [
        "Full membership is recorded by changing the status; here only its date can be corrected."
    ]}
    member.refresh_from_db()
    assert (member.status, member.full_membership_date) == ("probationary", None)
