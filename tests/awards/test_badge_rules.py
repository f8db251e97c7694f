"""Party badge rules as pure functions (``awards.badges``): property tests around each
milestone (the day before, on, after), leap days, early awards and each discipline wait."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from dangvu.awards import badges

D = datetime.date
RULES_2021 = badges.Rules(name="24-QĐ/TW (2021)", valid_from=D(2021, 7, 30),
                          waits={"reprimand": 6, "warning": 9, "removal": 12})
RULES_2016 = badges.Rules(name="29-QĐ/TW (2016)", valid_from=D(2016, 7, 25),
                          waits={"reprimand": None, "warning": 6, "removal": 12})
starts = st.dates(min_value=D(1935, 1, 1), max_value=D(1996, 12, 31))
milestones = st.sampled_from(badges.MILESTONES)
FAR_BACK = D(1900, 1, 1)


def test_the_milestones_and_dates():
    assert badges.MILESTONES == (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
    assert badges.standard_dates(2025) == [D(2025, 2, 3), D(2025, 5, 19), D(2025, 9, 2), D(2025, 11, 7)]
    assert badges.previous_award_date(D(2025, 2, 3)) == D(2024, 11, 7)
    assert badges.previous_award_date(D(2025, 5, 19)) == D(2025, 2, 3)
    assert badges.previous_award_date(D(2025, 6, 1), (D(2025, 5, 30),)) == D(2025, 5, 30)
    assert badges.next_award_date(D(2025, 11, 8)) == D(2026, 2, 3)
    assert badges.next_award_date(D(2025, 9, 2)) == D(2025, 9, 2)


@given(start=starts, milestone=milestones)
def test_due_from_the_day_the_milestone_is_reached(start, milestone):
    reached = start + relativedelta(years=milestone)
    lower = {m for m in badges.MILESTONES if m < milestone}
    # The day before: not this milestone (a lower one at most, all lower ones received: none).
    assert badges.due(start=start, end=None, on=reached - datetime.timedelta(days=1), previous=FAR_BACK,
                      awarded=lower) is None
    on_day = badges.due(start=start, end=None, on=reached, previous=FAR_BACK, awarded=lower)
    assert on_day == badges.Due(milestone, reached, new=True)
    after = badges.due(start=start, end=None, on=reached + datetime.timedelta(days=1), previous=reached,
                       awarded=lower)
    assert after == badges.Due(milestone, reached, new=False)  # reached before the previous date: still owed
    # Received: nothing due until the next milestone.
    assert badges.due(start=start, end=None, on=reached, previous=FAR_BACK, awarded=lower | {milestone}) is None


@given(start=starts, milestone=milestones)
def test_the_count_stopping_before_the_milestone_means_nothing_due(start, milestone):
    reached = start + relativedelta(years=milestone)
    stopped = reached - datetime.timedelta(days=1)
    lower = {m for m in badges.MILESTONES if m < milestone}
    assert badges.due(start=start, end=stopped, on=reached + relativedelta(years=1), previous=FAR_BACK,
                      awarded=lower) is None


@given(milestone=milestones, year=st.sampled_from([1936, 1952, 1968, 1980, 1992, 1996]))
def test_admitted_on_a_leap_day(milestone, year):
    start = D(year, 2, 29)
    reached = badges.reach_date(start, milestone)
    leap = (year + milestone) % 4 == 0 and ((year + milestone) % 100 != 0 or (year + milestone) % 400 == 0)
    assert reached == (D(year + milestone, 2, 29) if leap else D(year + milestone, 2, 28))
    lower = {m for m in badges.MILESTONES if m < milestone}
    assert badges.due(start=start, end=None, on=reached - datetime.timedelta(days=1), previous=FAR_BACK,
                      awarded=lower) is None
    assert badges.due(start=start, end=None, on=reached, previous=FAR_BACK, awarded=lower).milestone == milestone


def test_the_highest_milestone_reached_is_due_and_not_one_below_a_badge_received():
    start = D(1970, 6, 1)
    assert badges.due(start=start, end=None, on=D(2025, 9, 2), previous=D(2025, 5, 19), awarded=set()) == \
        badges.Due(55, D(2025, 6, 1), new=True)
    assert badges.due(start=start, end=None, on=D(2025, 9, 2), previous=D(2025, 5, 19), awarded={55}) is None
    assert badges.due(start=start, end=None, on=D(2025, 9, 2), previous=D(2025, 5, 19), awarded={60}) is None


@given(start=starts, milestone=milestones, reason=st.sampled_from([badges.ILLNESS, badges.POSTHUMOUS]))
def test_early_awards_up_to_the_months_allowed(start, milestone, reason):
    reached = start + relativedelta(years=milestone)
    allowed = 12 if reason == badges.POSTHUMOUS or milestone < 70 else 24
    earliest = reached - relativedelta(months=allowed)
    end = None
    if reason == badges.POSTHUMOUS:
        end = earliest  # died with the Party age exactly `allowed` months short
        on = earliest + relativedelta(months=1)
    else:
        on = earliest
    assert RULES_2021.early_months(milestone, reason) == allowed
    assert badges.early_refusal_numbers(start=start, end=end, on=on, milestone=milestone, reason=reason,
                                        rules=RULES_2021) is None
    # A day earlier is refused, with the months allowed.
    if reason == badges.POSTHUMOUS:
        end, on = earliest - datetime.timedelta(days=1), earliest
    else:
        on = earliest - datetime.timedelta(days=1)
    refused = badges.early_refusal_numbers(start=start, end=end, on=on, milestone=milestone, reason=reason,
                                           rules=RULES_2021)
    assert refused is not None and refused[0] == allowed
    # Reached: not early at all.
    assert badges.early_shortfall(start=start, end=None, on=reached, milestone=milestone, reason=badges.ILLNESS) \
        is None


@given(decided=st.dates(min_value=D(2021, 8, 1), max_value=D(2030, 12, 31)),
       form=st.sampled_from(["reprimand", "warning", "removal"]))
def test_each_discipline_wait_counts_from_the_decision_date(decided, form):
    months = {"reprimand": 6, "warning": 9, "removal": 12}[form]
    until = decided + relativedelta(months=months)
    decisions = [(form, decided, "01-QĐ/UBKT")]
    assert badges.exclusion(decisions, on=decided - datetime.timedelta(days=1), rules=RULES_2021) is None
    assert badges.exclusion(decisions, on=decided, rules=RULES_2021) == badges.Exclusion(
        form, decided, "01-QĐ/UBKT", until, months)
    assert badges.exclusion(decisions, on=until - datetime.timedelta(days=1), rules=RULES_2021).until == until
    assert badges.exclusion(decisions, on=until, rules=RULES_2021) is None


@given(decided=st.dates(min_value=D(2016, 8, 1), max_value=D(2021, 7, 1)))
def test_the_2016_rule_excludes_only_a_warning_and_above(decided):
    assert badges.exclusion([("reprimand", decided, "1")], on=decided, rules=RULES_2016) is None
    assert badges.exclusion([("warning", decided, "2")], on=decided, rules=RULES_2016).months == 6
    assert badges.exclusion([("removal", decided, "3")], on=decided, rules=RULES_2016).months == 12
    assert badges.exclusion([("expulsion", decided, "4")], on=decided, rules=RULES_2016) is None


def test_the_longest_wait_of_several_decisions_counts():
    decisions = [("removal", D(2024, 1, 10), "1"), ("reprimand", D(2024, 6, 1), "2")]
    assert badges.exclusion(decisions, on=D(2024, 7, 1), rules=RULES_2021).until == D(2025, 1, 10)
    decisions = [("warning", D(2024, 3, 1), "1"), ("removal", D(2024, 5, 1), "2")]
    assert badges.exclusion(decisions, on=D(2024, 11, 7), rules=RULES_2021).number == "2"


def test_a_warning_of_1_march_waits_nine_months():
    decisions = [("warning", D(2024, 3, 1), "05-QĐ/UBKT")]
    assert [badges.exclusion(decisions, on=on, rules=RULES_2021) is not None
            for on in (D(2024, 5, 19), D(2024, 9, 2), D(2024, 11, 7), D(2025, 2, 3))] == [True, True, True, False]
