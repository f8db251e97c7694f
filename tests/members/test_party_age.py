"""Party age (tuổi đảng): dangvu.members.party_age.compute and for_member."""

from __future__ import annotations

import datetime

import pytest

from dangvu.core.actors import SYSTEM
from dangvu.members import party_age, selectors, services
from dangvu.members.party_age import PartyAge, compute

D = datetime.date
AS_OF = D(2026, 11, 20)
DECISION = D(2000, 3, 15)
ADMITTED = [("probationary", DECISION, False), ("full", D(2001, 3, 15), False)]


def result(age: PartyAge) -> tuple:
    return age.years, age.months, age.days_out, age.start, age.end


def test_no_gaps():
    age = compute(decision_date=DECISION, changes=ADMITTED, as_of=AS_OF)
    # 15 Mar 2000 -> 15 Nov 2026 is 26 years 8 months (and 5 days).
    assert result(age) == (26, 8, 0, DECISION, None)
    assert str(age) == "26y8m"


def test_a_day_short_of_a_full_year():
    age = compute(decision_date=DECISION, changes=ADMITTED, as_of=D(2001, 3, 14))
    assert result(age) == (0, 11, 0, DECISION, None)
    age = compute(decision_date=DECISION, changes=ADMITTED, as_of=D(2001, 3, 15))
    assert result(age) == (1, 0, 0, DECISION, None)


def test_as_of_before_the_decision_is_zero():
    age = compute(decision_date=DECISION, changes=ADMITTED, as_of=D(1999, 1, 1))
    assert result(age) == (0, 0, 0, DECISION, None)


def test_gap_from_removal_to_readmission_is_subtracted():
    changes = [*ADMITTED, ("removed", D(2005, 1, 1), False), ("probationary", D(2008, 1, 1), False),
               ("full", D(2009, 1, 1), False)]
    age = compute(decision_date=DECISION, changes=changes, as_of=AS_OF)
    # 1 Jan 2005 -> 1 Jan 2008 is 1095 days; the count starts 1095 days after the decision.
    assert result(age) == (23, 8, 1095, D(2003, 3, 15), None)


def test_changes_in_any_order():
    changes = [("full", D(2009, 1, 1), False), ("probationary", D(2008, 1, 1), False),
               ("removed", D(2005, 1, 1), False), *reversed(ADMITTED)]
    age = compute(decision_date=DECISION, changes=changes, as_of=AS_OF)
    assert result(age) == (23, 8, 1095, D(2003, 3, 15), None)


def test_counting_stops_on_leaving_for_good():
    changes = [*ADMITTED, ("left", D(2010, 7, 1), False)]
    age = compute(decision_date=DECISION, changes=changes, as_of=AS_OF)
    # 15 Mar 2000 -> 1 Jul 2010: 10 years 3 months (and 16 days).
    assert result(age) == (10, 3, 0, DECISION, D(2010, 7, 1))


@pytest.mark.parametrize("status", ["left", "removed", "expelled"])
def test_every_way_out_stops_the_count(status):
    changes = [*ADMITTED, (status, D(2010, 7, 1), False)]
    assert compute(decision_date=DECISION, changes=changes, as_of=AS_OF).end == D(2010, 7, 1)


def test_as_of_inside_an_open_gap_counts_up_to_leaving():
    changes = [*ADMITTED, ("removed", D(2005, 1, 1), False), ("probationary", D(2008, 1, 1), False)]
    age = compute(decision_date=DECISION, changes=changes, as_of=D(2006, 6, 1))
    # Still out on 1 Jun 2006: 15 Mar 2000 -> 1 Jan 2005 is 4 years 9 months.
    assert (age.years, age.months) == (4, 9)


def test_death_stops_the_count():
    changes = [*ADMITTED, ("deceased", D(2020, 2, 10), False)]
    age = compute(decision_date=DECISION, changes=changes, as_of=AS_OF)
    # 15 Mar 2000 -> 10 Feb 2020: 19 years 10 months (and 26 days).
    assert result(age) == (19, 10, 0, DECISION, D(2020, 2, 10))


def test_death_after_leaving_stops_at_leaving():
    changes = [*ADMITTED, ("left", D(2010, 7, 1), False), ("deceased", D(2020, 2, 10), False)]
    age = compute(decision_date=DECISION, changes=changes, as_of=AS_OF)
    assert result(age) == (10, 3, 0, DECISION, D(2010, 7, 1))


def test_death_after_readmission_keeps_the_gap():
    changes = [*ADMITTED, ("removed", D(2005, 1, 1), False), ("probationary", D(2008, 1, 1), False),
               ("deceased", D(2020, 2, 10), False)]
    age = compute(decision_date=DECISION, changes=changes, as_of=AS_OF)
    # 15 Mar 2003 (shifted by 1095 days) -> 10 Feb 2020: 16 years 10 months.
    assert result(age) == (16, 10, 1095, D(2003, 3, 15), D(2020, 2, 10))


def test_interruptions_are_subtracted():
    age = compute(decision_date=DECISION, changes=ADMITTED, interruptions=[(D(2012, 1, 1), D(2012, 7, 1))], as_of=AS_OF)
    # 182 days (2012 is a leap year): the count starts on 13 Sep 2000.
    assert result(age) == (26, 2, 182, D(2000, 9, 13), None)


def test_overlapping_gaps_are_not_counted_twice():
    changes = [*ADMITTED, ("removed", D(2005, 1, 1), False), ("probationary", D(2008, 1, 1), False)]
    interruptions = [
        (D(2007, 6, 1), D(2008, 6, 1)),  # overlaps the end of the removal
        (D(2008, 3, 1), D(2008, 4, 1)),  # inside the interruption above
    ]
    age = compute(decision_date=DECISION, changes=changes, interruptions=interruptions, as_of=AS_OF)
    # One gap 1 Jan 2005 -> 1 Jun 2008: 1247 days.
    assert result(age) == (23, 3, 1247, D(2003, 8, 14), None)


def test_adjacent_interruptions_add_up():
    interruptions = [(D(2012, 1, 1), D(2012, 4, 1)), (D(2012, 4, 1), D(2012, 7, 1))]
    age = compute(decision_date=DECISION, changes=ADMITTED, interruptions=interruptions, as_of=AS_OF)
    assert age.days_out == 182


def test_interruptions_are_clipped_to_membership_and_to_as_of():
    interruptions = [
        (D(1999, 1, 1), D(2000, 4, 14)),  # begins before the decision: 30 days count
        (D(2026, 10, 1), D(2027, 1, 1)),  # still running: 50 days up to as_of count
    ]
    age = compute(decision_date=DECISION, changes=ADMITTED, interruptions=interruptions, as_of=AS_OF)
    assert (age.days_out, age.start) == (80, D(2000, 6, 3))
    assert (age.years, age.months) == (26, 5)


def test_interruption_after_leaving_for_good_does_not_count():
    changes = [*ADMITTED, ("left", D(2010, 7, 1), False)]
    age = compute(decision_date=DECISION, changes=changes, interruptions=[(D(2011, 1, 1), D(2012, 1, 1))], as_of=AS_OF)
    assert result(age) == (10, 3, 0, DECISION, D(2010, 7, 1))


def test_annulled_expulsion_is_continuous():
    changes = [*ADMITTED, ("expelled", D(2005, 1, 1), True)]
    age = compute(decision_date=DECISION, changes=changes, as_of=AS_OF)
    assert result(age) == (26, 8, 0, DECISION, None)


def test_annulled_readmission_gap_leaves_the_member_out():
    changes = [*ADMITTED, ("removed", D(2005, 1, 1), False), ("probationary", D(2008, 1, 1), True)]
    age = compute(decision_date=DECISION, changes=changes, as_of=AS_OF)
    assert result(age) == (4, 9, 0, DECISION, D(2005, 1, 1))


# --- for_member, through the database -------------------------------------------------

@pytest.mark.django_db
def test_for_member_reads_the_history_rows(tree, make_member, today):
    m = make_member(tree.cell_a1, admission_decision_date=D(2011, 3, 15), ceremony_date=D(2011, 4, 1),
                    full_membership_date=D(2012, 4, 1))
    m = services.member_change_status(actor=SYSTEM, member=m, status="removed", on=D(2014, 1, 1))
    m = services.member_change_status(actor=SYSTEM, member=m, status="probationary", on=D(2017, 1, 1))
    services.interruption_add(actor=SYSTEM, member=m, start=D(2016, 6, 1), end=D(2017, 6, 1), reason="lost_contact")
    services.interruption_add(actor=SYSTEM, member=m, start=D(2019, 1, 1), end=D(2019, 7, 1), reason="transfer_gap")
    m = selectors.member_get(actor=SYSTEM, pk=m.pk)
    age = party_age.for_member(m, as_of=today)
    # Out 1 Jan 2014 -> 1 Jun 2017 (removal and lost contact overlap: 1247 days), then
    # 181 days of transfer gap: the count starts 1428 days late, on 10 Feb 2015.
    assert result(age) == (11, 9, 1428, D(2015, 2, 10), None)
    assert (m.party_age_start, m.party_age_end) == (D(2015, 2, 10), None)
    # As of 1 Jan 2015 the member was out: 15 Mar 2011 -> 1 Jan 2014.
    before = party_age.for_member(m, as_of=D(2015, 1, 1))
    assert (before.years, before.months) == (2, 9)


@pytest.mark.django_db
def test_for_member_after_an_annulled_expulsion(tree, make_member, today):
    m = make_member(tree.cell_a1, admission_decision_date=D(2015, 5, 19), full_membership_date=D(2016, 5, 19))
    m = services.member_change_status(actor=SYSTEM, member=m, status="expelled", on=D(2019, 3, 1))
    assert result(party_age.for_member(m, as_of=today)) == (3, 9, 0, D(2015, 5, 19), D(2019, 3, 1))
    services.status_change_annul(actor=SYSTEM, change=m.status_changes.get(status="expelled"), reason="Nhập nhầm")
    m.refresh_from_db()
    assert result(party_age.for_member(m, as_of=today)) == (11, 6, 0, D(2015, 5, 19), None)
    assert (m.party_age_start, m.party_age_end) == (D(2015, 5, 19), None)


@pytest.mark.django_db
def test_for_member_of_a_deceased_member(tree, make_member, today):
    m = make_member(tree.cell_a1, admission_decision_date=D(1975, 12, 31), full_membership_date=D(1976, 12, 31),
                    birth_date=D(1950, 1, 1), joined_on=D(2010, 1, 1))
    m = services.member_change_status(actor=SYSTEM, member=m, status="deceased", on=D(2025, 12, 30))
    assert result(party_age.for_member(m, as_of=today)) == (49, 11, 0, D(1975, 12, 31), D(2025, 12, 30))
    assert m.party_age_end == D(2025, 12, 30)
