"""Party badges through the registers: the list of an award date (due, excluded with the
reason, early, awarded), the award services (one member, a whole list at once), their
refusals word for word, the cash, the audit, the measures and the statistical form."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from dangvu.awards import selectors, services
from dangvu.awards.models import Badge, BadgeRuleSet
from dangvu.core import measures
from dangvu.core.actors import SYSTEM
from dangvu.core.errors import PermissionDenied, RuleViolation, ValidationError
from dangvu.inspections import services as inspection_services
from dangvu.members import services as member_services
from dangvu.members.models import Member
from tests.factories import audit_rows, message

D = datetime.date


ADMITTED = D(1994, 5, 1)


def old_member(make_member, cell, name="Lê Văn Ba", admitted=ADMITTED, **fields):
    """A member admitted long before the tree's cells existed: on their rolls since 2015
    (transferred in)."""
    return make_member(cell, full_name=name, birth_date=D(admitted.year - 25, 1, 1), admission_decision_date=admitted,
                       full_member=True, transferred_in_from="Tỉnh ủy An Giang", joined_on=D(2015, 1, 5), **fields)


def listing(org, on):
    return selectors.badge_list_engine(organization=org, on=on)


def names(rows):
    return [(row.member.full_name, row.due.milestone) for row in rows]


def award(member, milestone, on, actor=SYSTEM, **extra):
    fields = {"decision_number": "120-QĐ/TU", "decision_date": on, **extra}
    return services.badge_award(actor=actor, member=member, milestone=milestone, awarded_on=on, **fields)


def test_the_rule_sets_are_seeded(db):
    assert [(r.name, r.valid_from, r.reprimand_wait_months, r.warning_wait_months, r.removal_wait_months)
            for r in BadgeRuleSet.objects.all()] == [
        ("29-QĐ/TW (2016)", D(2016, 7, 25), None, 6, 12), ("24-QĐ/TW (2021)", D(2021, 7, 30), 6, 9, 12)]


def test_a_warning_of_1_march_keeps_the_member_off_until_the_next_february(tree, make_member, english):
    """THE test of issue 13: a member under a warning decided 1 March of a year is absent
    from the lists of 19/5, 2/9 and 7/11 of that year and present on 3/2 of the next."""
    member = old_member(make_member, tree.cell_a1)
    inspection_services.discipline_create(actor=SYSTEM, form="warning", violation_date=D(2023, 12, 1),
                                          deciding_body=tree.committee_a, decided_on=D(2024, 3, 1),
                                          number="05-QĐ/UBKT", member=member)
    for on in (D(2024, 5, 19), D(2024, 9, 2), D(2024, 11, 7)):
        result = listing(tree.province, on)
        assert names(result.eligible) == []
        assert [(row.member.full_name, row.reason) for row in result.excluded] == [
            ("Lê Văn Ba", "Disciplined with a warning (decision 05-QĐ/UBKT of 01/03/2024): under 24-QĐ/TW (2021) "
                          "a badge waits 9 months after it, until 01/12/2024.")]
    assert names(listing(tree.province, D(2024, 2, 3)).eligible) == []  # not yet 30 years
    result = listing(tree.province, D(2025, 2, 3))
    assert names(result.eligible) == [("Lê Văn Ba", 30)] and result.excluded == []
    with pytest.raises(RuleViolation) as exc:
        award(member, 30, D(2024, 11, 7))
    assert exc.value.code == "badge_discipline_wait"
    assert award(member, 30, D(2025, 2, 3)).milestone == 30


def test_the_list_of_a_date(tree, make_member):
    new = old_member(make_member, tree.cell_a1, "Nguyễn Thị Hoa", D(1995, 3, 1))       # 30 on 01/03/2025
    owed = old_member(make_member, tree.cell_b1, "Trần Văn Minh", D(1985, 1, 10))     # 40 on 10/01/2025
    old_member(make_member, tree.cell_a2, "Phạm Văn Tư", D(1996, 1, 2))               # 30 on 02/01/2026
    old_member(make_member, tree.cell_a2, "Võ Văn Năm", D(2000, 1, 1))                # far from any
    result = listing(tree.province, D(2025, 5, 19))
    assert result.previous == D(2025, 2, 3)
    assert [(r.member.full_name, r.due.milestone, r.due.new) for r in result.eligible] == [
        ("Nguyễn Thị Hoa", 30, True), ("Trần Văn Minh", 40, False)]
    assert result.by_milestone() == [(30, 1), (40, 1)]
    assert [(r.member.full_name, r.due.milestone, r.reason) for r in result.early] == [("Phạm Văn Tư", 30, "illness")]
    # The subtree of committee B only.
    assert names(listing(tree.committee_b, D(2025, 5, 19)).eligible) == [("Trần Văn Minh", 40)]
    badges = services.badge_award_list(actor=SYSTEM, organization=tree.province, awarded_on=D(2025, 5, 19),
                                       decision_number="350-QĐ/TU", decision_date=D(2025, 5, 12),
                                       numbers={new.pk: "012345"})
    assert [(b.member.full_name, b.milestone, b.number, b.cash_multiple, b.base_salary, b.cash) for b in badges] == [
        ("Nguyễn Thị Hoa", 30, "012345", Decimal("1.5"), 2_340_000, 3_510_000),
        ("Trần Văn Minh", 40, "", Decimal("2.0"), 2_340_000, 4_680_000)]
    result = listing(tree.province, D(2025, 5, 19))
    assert result.eligible == [] and [b.member.full_name for b in result.awarded] == ["Nguyễn Thị Hoa", "Trần Văn Minh"]
    assert [r.action for r in audit_rows(badges[1])] == ["badge.award"]
    assert owed.badges.get().decision_number == "350-QĐ/TU"
    records = measures.get("awards.badges_awarded").records(D(2025, 1, 1), D(2025, 12, 31))
    assert records.count() == 2
    assert measures.get("awards.badges_awarded_40").records(D(2025, 1, 1), D(2025, 12, 31)).count() == 1


def test_a_list_award_is_all_or_nothing(tree, make_member, english):
    first = old_member(make_member, tree.cell_a1, "Nguyễn Thị Hoa", D(1995, 3, 1))
    second = old_member(make_member, tree.cell_b1, "Trần Văn Minh", D(1985, 1, 10))
    award(first, 30, D(2025, 5, 19), number="000001", decision_number="1-QĐ/TU")
    old_member(make_member, tree.cell_a2, "Phạm Văn Tư", D(1995, 4, 1))
    with pytest.raises(ValidationError) as exc:
        services.badge_award_list(actor=SYSTEM, organization=tree.province, awarded_on=D(2025, 9, 2),
                                  decision_number="2-QĐ/TU", decision_date=D(2025, 9, 1),
                                  numbers={second.pk: "000002", first.pk: "x"} | {
                                      Member.objects.get(full_name="Phạm Văn Tư").pk: "000001"})
    assert message(exc) == "Badge number 000001 is already recorded."
    assert Badge.objects.count() == 1


def test_the_refusals_name_the_rule_and_the_numbers(tree, make_member, english):
    member = old_member(make_member, tree.cell_a1, admitted=D(1956, 6, 1))  # 70 on 01/06/2026
    with pytest.raises(ValidationError) as exc:
        award(member, 70, D(2025, 5, 19))
    assert message(exc) == ("Lê Văn Ba reaches 70 years of Party age on 01/06/2026, after 19/05/2025: an earlier "
                            "award needs a reason (serious illness or posthumously).")
    with pytest.raises(ValidationError) as exc:
        award(member, 70, D(2024, 5, 19), early_reason="illness", early_note="Ung thư giai đoạn cuối")
    assert message(exc) == ("On 19/05/2024 Lê Văn Ba is 24 months and 13 days short of 70 years of Party age; "
                            "24-QĐ/TW (2021) allows an award for serious illness up to 24 months early at 70 years.")
    with pytest.raises(ValidationError) as exc:
        award(member, 70, D(2025, 5, 19), early_reason="posthumous", early_note="x")
    assert message(exc) == "A posthumous award is for a member who has died; Lê Văn Ba has not."
    with pytest.raises(ValidationError) as exc:
        award(member, 70, D(2025, 5, 20), early_reason="illness", early_note="x")
    assert message(exc) == ("20/05/2025 is not an award date: badges are awarded on 3/2, 19/5, 2/9 and 7/11, or on "
                            "a date the committee sets.")
    with pytest.raises(ValidationError) as exc:
        award(member, 35, D(2025, 5, 19))
    assert exc.value.error_dict["milestone"][0].code == "badge_milestone_unknown"
    badge = award(member, 70, D(2025, 5, 19), early_reason="illness", early_note="Ung thư giai đoạn cuối")
    assert (badge.early_reason, badge.cash_multiple, badge.cash) == ("illness", None, None)  # 70 years: not known
    with pytest.raises(RuleViolation) as exc:
        award(member, 65, D(2025, 9, 2))
    assert message(exc) == "Lê Văn Ba has already received the 70-year badge, above 65 years."


def test_posthumous_up_to_twelve_months(tree, make_member, english):
    member = old_member(make_member, tree.cell_a1, admitted=D(1975, 9, 1))  # 50 on 01/09/2025
    member_services.member_change_status(actor=SYSTEM, member=member, status=Member.Status.DECEASED, on=D(2024, 8, 1))
    member.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        award(member, 50, D(2024, 9, 2), early_reason="posthumous", early_note="Từ trần")
    assert message(exc) == ("Lê Văn Ba died 13 months short of 50 years of Party age; 24-QĐ/TW (2021) allows a "
                            "posthumous award up to 12 months early.")
    with pytest.raises(RuleViolation) as exc:
        award(member, 50, D(2024, 9, 2))
    assert exc.value.code == "badge_not_on_rolls"


def test_posthumous_within_twelve_months_is_listed_and_awarded(tree, make_member):
    member = old_member(make_member, tree.cell_a1, admitted=D(1975, 9, 1))
    member_services.member_change_status(actor=SYSTEM, member=member, status=Member.Status.DECEASED, on=D(2025, 3, 1))
    member.refresh_from_db()
    assert [(r.member.full_name, r.due.milestone, r.reason) for r in listing(tree.province, D(2025, 5, 19)).early] == [
        ("Lê Văn Ba", 50, "posthumous")]
    assert award(member, 50, D(2025, 5, 19), early_reason="posthumous", early_note="Từ trần").early_reason == "posthumous"


def test_scope_and_read_only(tree, users, make_member):
    member = old_member(make_member, tree.cell_b1)
    with pytest.raises(PermissionDenied):
        award(member, 30, D(2025, 2, 3), actor=users.staff_a)
    with pytest.raises(PermissionDenied):
        award(member, 30, D(2025, 2, 3), actor=users.viewer)
    assert award(member, 30, D(2025, 2, 3), actor=users.bloc_admin).created_by == users.bloc_admin


def test_a_committee_sets_an_award_date(tree, users, make_member, english):
    member = old_member(make_member, tree.cell_a1)
    row = services.badge_date_create(actor=users.admin_a, organization=tree.committee_a, on=D(2025, 6, 10),
                                     note="Kỷ niệm ngày thành lập")
    assert [r.action for r in audit_rows(row)] == ["badge_date.create"]
    assert award(member, 30, D(2025, 6, 10)).awarded_on == D(2025, 6, 10)
    other = old_member(make_member, tree.cell_b1, "Trần Văn Minh")
    with pytest.raises(ValidationError) as exc:
        award(other, 30, D(2025, 6, 10))
    assert exc.value.error_dict["awarded_on"][0].code == "badge_not_award_date"
    with pytest.raises(ValidationError) as exc:
        services.badge_date_create(actor=users.admin_a, organization=tree.committee_a, on=D(2025, 9, 2))
    assert message(exc) == "02/09/2025 is already an award date for Đảng bộ Sở Tài chính."
    assert [(d, note) for d, note, _org in selectors.badge_dates(actor=users.admin_a, year=2025)] == [
        (D(2025, 2, 3), ""), (D(2025, 5, 19), ""), (D(2025, 6, 10), "Kỷ niệm ngày thành lập"), (D(2025, 9, 2), ""),
        (D(2025, 11, 7), "")]
    assert len(selectors.badge_dates(actor=users.staff_a, year=2025)) == 5
    assert len(selectors.badge_dates(actor=users.bloc_admin, year=2025)) == 5


def test_the_work_form_against_last_year(tree, users, make_member):
    a = old_member(make_member, tree.cell_a1, "Nguyễn Thị Hoa", D(1994, 3, 1))
    b = old_member(make_member, tree.cell_a2, "Trần Văn Minh", D(1984, 1, 10))
    award(a, 30, D(2024, 5, 19))
    award(b, 40, D(2025, 2, 3))
    form = selectors.badge_work_form(actor=users.bloc_admin, organization=tree.bloc, start=D(2025, 1, 1),
                                     end=D(2025, 12, 31))
    assert form.badges_total == (1, 1)
    assert [(m, now, before) for m, now, before in form.badges if now or before] == [(30, 0, 1), (40, 1, 0)]
    assert [row for row in form.commendations if row[1] or row[2]] == []
    services.commendation_create(
        actor=SYSTEM, kind="upper_certificate", year=2024, reason="Hoàn thành xuất sắc nhiệm vụ", number="9-QĐ/ĐUK",
        decided_on=D(2025, 1, 15), deciding_body=tree.bloc, organization=tree.committee_a)
    form = selectors.badge_work_form(actor=users.bloc_admin, organization=tree.bloc, start=D(2025, 1, 1),
                                     end=D(2025, 12, 31))
    assert len(form.commendations) == 8  # four kinds, to organizations and to members
    assert [row for row in form.commendations if row[1] or row[2]] == [
        ("Giấy khen của cấp ủy cấp trên cơ sở · tổ chức đảng", 1, 0)]


def test_the_command_prints_the_list(tree, make_member, english):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    member = old_member(make_member, tree.cell_a1)
    inspection_services.discipline_create(actor=SYSTEM, form="warning", violation_date=D(2023, 12, 1),
                                          deciding_body=tree.committee_a, decided_on=D(2024, 3, 1),
                                          number="05-QĐ/UBKT", member=member)
    old_member(make_member, tree.cell_b1, "Trần Văn Minh", D(1984, 6, 1))
    out = StringIO()
    call_command("badges", "19/05/2024", "DB-STC", stdout=out)
    assert out.getvalue().splitlines() == [
        "Đảng bộ Sở Tài chính: Party badges of 19/05/2024 (rules: 24-QĐ/TW (2021))",
        "",
        "Due a badge: 0",
        "",
        "Not eligible: discipline: 1",
        "Full name  Party cell        Years  Reached on  Reason",
        "Lê Văn Ba  Chi bộ Văn phòng  30     01/05/2024  Disciplined with a warning (decision 05-QĐ/UBKT of "
        "01/03/2024): under 24-QĐ/TW (2021) a badge waits 9 months after it, until 01/12/2024.",
        "",
        "May be awarded early (with a reason): 0",
        "",
        "Awarded on this date: 0",
    ]
    out = StringIO()
    call_command("badges", "2025-02-03", stdout=out)
    assert out.getvalue().splitlines()[2:5] == [
        "Due a badge: 2", "Full name      Party cell        Years  Reached on",
        "Lê Văn Ba      Chi bộ Văn phòng  30     01/05/2024"]
    with pytest.raises(CommandError) as exc:
        call_command("badges", "31/02/2025")
    assert str(exc.value) == "31/02/2025 is not a date (write it as 03/02/2026)."


def test_a_member_exempt_from_party_work_keeps_the_right(tree, make_member):
    from dangvu.ratings import services as rating_services

    member = old_member(make_member, tree.cell_a1)
    rating_services.exemption_create(actor=SYSTEM, member=member, year=2025, reason="exempt", note="Tuổi cao")
    assert names(listing(tree.province, D(2025, 2, 3)).eligible) == [("Lê Văn Ba", 30)]
    assert award(member, 30, D(2025, 2, 3)).milestone == 30
