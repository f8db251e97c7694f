"""The dated arithmetic of admissions: age in whole months, the 12-month date, the cell's
vote share, the certificate's validity — exact examples and Hypothesis properties."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangvu.admissions import rules
from dangvu.admissions.models import AdmissionRuleSet

D = datetime.date
days = st.dates(min_value=D(1930, 1, 1), max_value=D(2100, 12, 31))


def default_rules() -> AdmissionRuleSet:
    return AdmissionRuleSet(name="Quy định 294-QĐ/TW", valid_from=D(2025, 7, 1))


@pytest.mark.parametrize(("birth", "on", "months"), [
    (D(2008, 3, 15), D(2026, 3, 14), 215),  # the day before the 18th birthday
    (D(2008, 3, 15), D(2026, 3, 15), 216),  # the birthday
    (D(2008, 2, 29), D(2026, 2, 27), 215),  # born on a leap day: 18 on the last day of February
    (D(2008, 2, 29), D(2026, 2, 28), 216),
    (D(1966, 1, 31), D(2026, 1, 31), 720),  # 60 exactly: still allowed
    (D(1966, 1, 31), D(2026, 2, 27), 720),
    (D(1966, 1, 31), D(2026, 2, 28), 721),  # a month after 31/01 is the end of February
])
def test_age_in_whole_months(birth, on, months):
    assert rules.age_in_months(birth, on) == months


@given(birth=days, extra=st.integers(min_value=0, max_value=1200))
def test_age_in_months_is_the_number_of_month_anniversaries_passed(birth, extra):
    on = birth + datetime.timedelta(days=extra)
    months = rules.age_in_months(birth, on)
    assert months >= 0
    # The months-th anniversary has come, the next has not.
    from dateutil.relativedelta import relativedelta
    assert birth + relativedelta(months=months) <= on < birth + relativedelta(months=months + 1)


@given(birth=st.dates(min_value=D(1940, 1, 1), max_value=D(2010, 12, 31)))
def test_the_age_rule_changes_exactly_on_the_18th_birthday_and_after_60_years(birth):
    from dateutil.relativedelta import relativedelta
    rule_set = default_rules()
    eighteen = birth + relativedelta(years=18)
    assert rules.age_in_months(birth, eighteen - datetime.timedelta(days=1)) == rule_set.min_age_months - 1
    assert rules.age_in_months(birth, eighteen) == rule_set.min_age_months
    sixty_one_month = birth + relativedelta(months=rule_set.max_age_months + 1)
    assert rules.age_in_months(birth, sixty_one_month - datetime.timedelta(days=1)) == rule_set.max_age_months
    assert rules.age_in_months(birth, sixty_one_month) == rule_set.max_age_months + 1


@pytest.mark.parametrize(("ceremony", "end"), [
    (D(2024, 2, 29), D(2025, 2, 28)),  # a leap day: the last day of February
    (D(2023, 2, 28), D(2024, 2, 28)),
    (D(2025, 8, 31), D(2026, 8, 31)),
    (D(2025, 12, 31), D(2026, 12, 31)),  # across a year end
    (D(2023, 3, 1), D(2024, 3, 1)),
])
def test_the_12_month_date(ceremony, end):
    assert rules.probation_end(ceremony, default_rules()) == end


@given(ceremony=days)
def test_the_12_month_date_is_in_the_same_month_next_year_on_the_same_day_or_the_month_end(ceremony):
    end = rules.probation_end(ceremony, default_rules())
    assert (end.year, end.month) == (ceremony.year + 1, ceremony.month)
    assert end.day == ceremony.day or (ceremony.month == 2 and (ceremony.day, end.day) == (29, 28))
    assert 365 <= (end - ceremony).days <= 366


@given(members=st.integers(min_value=1, max_value=500), numerator=st.integers(1, 9), extra=st.integers(0, 9))
def test_votes_needed_is_the_smallest_count_reaching_the_share(members, numerator, extra):
    rule_set = AdmissionRuleSet(name="x", valid_from=D(2000, 1, 1), vote_numerator=numerator,
                                vote_denominator=numerator + extra)
    needed = rules.votes_needed(members, rule_set)
    assert needed * rule_set.vote_denominator >= members * numerator
    assert (needed - 1) * rule_set.vote_denominator < members * numerator


@pytest.mark.parametrize(("members", "needed"), [(1, 1), (3, 2), (4, 3), (6, 4), (9, 6), (10, 7)])
def test_two_thirds_of_the_full_members(members, needed):
    assert rules.votes_needed(members, default_rules()) == needed


def test_certificate_valid_for_60_months_to_the_day(english):
    rule_set = default_rules()
    assert rules.certificate_valid_until(D(2020, 2, 29), rule_set) == D(2025, 2, 28)
    rules.check_certificate(D(2020, 5, 10), D(2025, 5, 10), rule_set)
    with pytest.raises(rules.RuleViolation) as exc:
        rules.check_certificate(D(2020, 5, 10), D(2025, 5, 11), rule_set)
    assert exc.value.message == (
        "Quy định 294-QĐ/TW: the awareness class certificate of 10/05/2020 is valid for 60 months, until "
        "10/05/2025; the cell considered the case on 11/05/2025. The candidate must attend the class again.")
    assert exc.value.code == "certificate_expired"


@pytest.mark.django_db
def test_each_date_is_judged_by_the_rule_set_in_force_on_it():
    assert rules.rule_set(D(2020, 1, 1)).name == "Điều lệ Đảng và các hướng dẫn trước 2021"
    assert rules.rule_set(D(2021, 7, 30)).name == "Quy định 24-QĐ/TW"
    assert rules.rule_set(D(2025, 6, 30)).name == "Quy định 232-QĐ/TW"
    assert rules.rule_set(D(2025, 7, 1)).name == "Quy định 294-QĐ/TW"
    # A new rule set is a row from its date: the years before keep theirs.
    AdmissionRuleSet.objects.create(name="Quy định mới", valid_from=D(2027, 1, 1), decision_days=45)
    assert rules.rule_set(D(2026, 12, 31)).decision_days == 60
    assert rules.rule_set(D(2027, 1, 1)).decision_days == 45
