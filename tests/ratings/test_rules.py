"""The rule sets as data: each year judged by its own; the cap's arithmetic; the automatic
cases and the score bands, each refusal naming its rule and numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dangvu.core.errors import RuleViolation, codes
from dangvu.ratings import rules
from dangvu.ratings.models import Criterion, Level
from tests.factories import message

pytestmark = pytest.mark.django_db


def test_each_year_has_its_rule_set():
    names = {year: rules.rule_set_for(year).name for year in (2014, 2017, 2018, 2021, 2022, 2023, 2024, 2025, 2026,
                                                              2030)}
    assert names == {2014: "262-QĐ/TW", 2017: "262-QĐ/TW", 2018: "132-QĐ/TW", 2021: "132-QĐ/TW", 2022: "132-QĐ/TW", 2023: "124-QĐ/TW",
                     2024: "124-QĐ/TW", 2025: "366-QĐ/TW", 2026: "366-QĐ/TW", 2030: "366-QĐ/TW"}
    assert rules.rule_set_for(2013) is None


def test_the_366_criteria_catalog_adds_up_to_30_and_70_for_each_kind_of_subject():
    rule_set = rules.rule_set_for(2025)
    for subject in (Criterion.Subject.COLLECTIVE, Criterion.Subject.MEMBER):
        items = rule_set.criteria.filter(subject=subject)
        assert sum(c.points for c in items if c.group == "common") == 30
        assert sum(c.points for c in items if c.group == "results") == 70


@pytest.mark.parametrize(("good", "limit"), [(0, 0), (4, 0), (5, 1), (9, 1), (10, 2), (21, 4), (25, 5)])
def test_the_cap_is_20_percent_of_the_good_rounded_down(good, limit):
    assert rules.cap_limit(Decimal(20), good) == limit


def test_the_cap_refusal_names_the_rule_and_the_numbers():
    rule_set = rules.rule_set_for(2025)
    with pytest.raises(RuleViolation) as exc:
        rules.check_cap(rule_set=rule_set, share_=rule_set.cap_share,
                        counts={Level.EXCELLENT: 5, Level.GOOD: 21})
    assert message(exc) == "366-QĐ/TW: 5 đảng viên xuất sắc vượt 20% của 21 đảng viên hoàn thành tốt (tối đa 4)"
    assert codes(exc.value) == ["cap_exceeded"]
    rules.check_cap(rule_set=rule_set, share_=rule_set.cap_share, counts={Level.EXCELLENT: 4, Level.GOOD: 21})
    rules.check_cap(rule_set=rule_set, share_=Decimal(25), counts={Level.EXCELLENT: 5, Level.GOOD: 21})


def test_366_levels_follow_the_score_bands_and_conditions():
    rs = rules.rule_set_for(2025)
    on_time = rules.Facts(tasks=10, beyond=Decimal(35))
    assert [rules.scored_level(rs, Decimal(s), on_time) for s in (95, 90, Decimal("89.99"), 70, 69, 50, 49)] == [
        Level.EXCELLENT, Level.EXCELLENT, Level.GOOD, Level.GOOD, Level.ADEQUATE, Level.ADEQUATE, Level.FAILED]
    # 95 points but only 20% beyond requirement: good; 2 of 10 late: completed; 3 of 10: failed.
    assert rules.scored_level(rs, Decimal(95), rules.Facts(tasks=10, beyond=Decimal(20))) == Level.GOOD
    assert rules.scored_level(rs, Decimal(95), rules.Facts(tasks=10, tasks_late=2, beyond=Decimal(40))) == Level.ADEQUATE
    assert rules.scored_level(rs, Decimal(95), rules.Facts(tasks=10, tasks_late=3, beyond=Decimal(40))) == Level.FAILED


def test_a_level_the_score_does_not_reach_is_refused_with_the_numbers(english):
    rs = rules.rule_set_for(2025)
    facts = rules.Facts(tasks=10, tasks_late=2, beyond=Decimal(40))
    with pytest.raises(RuleViolation) as exc:
        rules.check_level(rule_set=rs, level=Level.GOOD, score=Decimal(80), facts=facts, year=2025)
    assert message(exc) == ('366-QĐ/TW: "Well completed duties" needs every task done on time '
                            '(2 of 10 late or not done)')
    assert codes(exc.value) == ["level_not_reached"]
    with pytest.raises(RuleViolation) as exc:
        rules.check_level(rule_set=rs, level=Level.EXCELLENT, score=Decimal(85), facts=rules.Facts(), year=2025)
    assert message(exc) == '366-QĐ/TW: "Excellently completed duties" needs a score of 90 or more, not 85'
    with pytest.raises(RuleViolation) as exc:
        rules.check_level(rule_set=rs, level=Level.ADEQUATE, score=Decimal(80), facts=rules.Facts(tasks=4), year=2025)
    assert message(exc) == ('366-QĐ/TW: a score of 80 with these results gives "Well completed duties", '
                            'not "Completed duties".')
    with pytest.raises(RuleViolation) as exc:
        rules.check_level(rule_set=rs, level=Level.GOOD, score=None, facts=rules.Facts(), year=2025)
    assert (message(exc), codes(exc.value)) == ("366-QĐ/TW: give the score out of 100.", ["score_required"])
    with pytest.raises(RuleViolation) as exc:
        rules.check_level(rule_set=rules.rule_set_for(2024), level=Level.GOOD, score=Decimal(80),
                          facts=rules.Facts(), year=2024)
    assert message(exc) == "124-QĐ/TW rates by criteria, without a score."


def test_automatic_cases_name_the_rule_and_the_numbers(english):
    rs124, rs366 = rules.rule_set_for(2024), rules.rule_set_for(2025)
    org = rules.Facts(collective=True, units=5, units_disciplined=1, targets=10, targets_met=4,
                      leadership_disciplined=["Trần Văn An"], tasks=10, tasks_not_done=4)
    assert rules.automatic_cases(rs124, org, 2024) == [
        "124-QĐ/TW: a member of its leadership disciplined in 2024 (Trần Văn An)",
        "124-QĐ/TW: 4 of 10 targets met (40%), under 50%",
    ]
    assert rules.automatic_cases(rs366, org, 2025) == [
        "366-QĐ/TW: a member of its leadership disciplined in 2025 (Trần Văn An)",
        "366-QĐ/TW: 6 of 10 tasks of the year completed (60%), under 70%",
    ]
    units = rules.Facts(collective=True, units=4, units_disciplined=2)
    assert rules.automatic_cases(rs124, units, 2024) == [
        "124-QĐ/TW: 2 of 4 subordinate units disciplined in 2024, over 20%"]
    member = rules.Facts(tasks=10, tasks_not_done=6)
    assert rules.automatic_cases(rs124, member, 2024) == []
    assert rules.automatic_cases(rs366, member, 2025) == [
        "366-QĐ/TW: 6 of 10 tasks of the year not completed (60%), over 50%"]
