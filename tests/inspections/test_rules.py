"""The rules of discipline as data (``inspections.rules``): forms per subject, the statute
of limitations and the lapse of decisions around their dates, leap years included."""

from __future__ import annotations

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from dangvu.core.errors import RuleViolation
from dangvu.inspections import rules
from dangvu.inspections.models import Discipline

D = datetime.date
F = Discipline.Form
LIMITED = [(rules.ORGANIZATION, F.REPRIMAND, 5), (rules.ORGANIZATION, F.WARNING, 10),
           (rules.FULL_MEMBER, F.REPRIMAND, 5), (rules.FULL_MEMBER, F.WARNING, 10),
           (rules.FULL_MEMBER, F.REMOVAL, 10), (rules.PROBATIONARY_MEMBER, F.REPRIMAND, 5),
           (rules.PROBATIONARY_MEMBER, F.WARNING, 10)]
days = st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31))


def test_the_rule_set_of_the_decision_date():
    assert rules.rule_set_on(D(2022, 7, 5)).name == "69-QĐ/TW"  # the earliest recorded
    assert rules.rule_set_on(D(2025, 2, 13)).name == "69-QĐ/TW"
    assert rules.rule_set_on(D(2025, 2, 14)).name == "264-QĐ/TW"


@pytest.mark.parametrize(("subject", "form"), [
    (rules.ORGANIZATION, F.REMOVAL), (rules.ORGANIZATION, F.EXPULSION),
    (rules.PROBATIONARY_MEMBER, F.REMOVAL), (rules.PROBATIONARY_MEMBER, F.EXPULSION),
    (rules.PROBATIONARY_MEMBER, F.DISSOLUTION), (rules.FULL_MEMBER, F.DISSOLUTION),
])
def test_forms_not_allowed_for_the_subject_are_refused(subject, form):
    with pytest.raises(RuleViolation) as exc:
        rules.check_form(subject=subject, form=form, decided_on=D(2024, 5, 2))
    assert exc.value.code == "form_not_allowed"


def test_form_refusal_names_the_rule_and_the_forms_allowed(english):
    with pytest.raises(RuleViolation) as exc:
        rules.check_form(subject=rules.PROBATIONARY_MEMBER, form=F.EXPULSION, decided_on=D(2025, 3, 1))
    assert exc.value.messages == [
        "Form of discipline not allowed (264-QĐ/TW): a probationary member may be disciplined only by reprimand or "
        "warning, not by expulsion."]


def test_limitation_refusal_in_vietnamese():
    with pytest.raises(RuleViolation) as exc:
        rules.check_limitation(subject=rules.FULL_MEMBER, form=F.REPRIMAND, violation=D(2015, 3, 1),
                               decided_on=D(2023, 1, 10))
    assert exc.value.messages == [
        "Quá thời hiệu kỷ luật (69-QĐ/TW): vi phạm ngày 01/03/2015, khiển trách có thời hiệu 5 năm "
        "(đến 01/03/2020)."]
    assert exc.value.code == "limitation_expired"


@given(st.sampled_from(LIMITED), days, st.integers(min_value=-3, max_value=3))
def test_limitation_around_its_last_day(case, violation, shift):
    """The day before and the last day of the limitation pass; the day after is refused,
    whatever the day (29/02 + 5 years is 28/02)."""
    subject, form, years = case
    last = violation + relativedelta(years=years)
    decided = last + datetime.timedelta(days=shift)
    assert rules.limitation_end(subject=subject, form=form, violation=violation, decided_on=decided) == last
    if shift <= 0:
        rules.check_limitation(subject=subject, form=form, violation=violation, decided_on=decided)
    else:
        with pytest.raises(RuleViolation):
            rules.check_limitation(subject=subject, form=form, violation=violation, decided_on=decided)


@given(st.sampled_from([(rules.FULL_MEMBER, F.EXPULSION), (rules.ORGANIZATION, F.DISSOLUTION)]), days, days)
def test_no_limitation_for_expulsion_and_dissolution(case, violation, decided):
    subject, form = case
    assert rules.limitation_end(subject=subject, form=form, violation=violation, decided_on=decided) is None
    rules.check_limitation(subject=subject, form=form, violation=min(violation, decided), decided_on=decided)


def test_leap_day_violation():
    assert rules.limitation_end(subject=rules.FULL_MEMBER, form=F.REPRIMAND, violation=D(2016, 2, 29),
                                decided_on=D(2021, 3, 1)) == D(2021, 2, 28)
    assert rules.base_lapse(form=F.WARNING, decided_on=D(2024, 2, 29)) == D(2025, 2, 28)


@given(st.sampled_from([F.REPRIMAND, F.WARNING, F.REMOVAL]), days)
def test_a_decision_is_in_effect_until_the_day_before_it_lapses(form, decided):
    lapse = rules.base_lapse(form=form, decided_on=decided)
    assert lapse == decided + relativedelta(months=12)
    assert rules.in_effect(decided_on=decided, lapses_on=lapse, on=decided)
    assert rules.in_effect(decided_on=decided, lapses_on=lapse, on=lapse - datetime.timedelta(days=1))
    assert not rules.in_effect(decided_on=decided, lapses_on=lapse, on=lapse)
    assert not rules.in_effect(decided_on=decided, lapses_on=lapse, on=lapse + datetime.timedelta(days=1))
    assert not rules.in_effect(decided_on=decided, lapses_on=lapse, on=decided - datetime.timedelta(days=1))


@given(st.sampled_from([F.EXPULSION, F.DISSOLUTION]), days, days)
def test_expulsion_and_dissolution_never_lapse(form, decided, later):
    assert rules.base_lapse(form=form, decided_on=decided) is None
    assert rules.in_effect(decided_on=decided, lapses_on=None, on=max(decided, later))


@given(days, st.integers(min_value=-2, max_value=2))
def test_a_repeated_discipline_carries_the_first_to_its_own_lapse(first, shift):
    """A second decision the day before the first lapses carries it; on or after the lapse
    day it does not."""
    first_lapse = first + relativedelta(months=12)
    second = first_lapse + datetime.timedelta(days=shift)
    dates = rules.lapse_dates([("a", first, F.REPRIMAND), ("b", second, F.WARNING)])
    second_lapse = second + relativedelta(months=12)
    assert dates["b"] == second_lapse
    assert dates["a"] == (second_lapse if shift < 0 else first_lapse)


def test_a_chain_of_repetitions_and_an_expulsion():
    dates = rules.lapse_dates([("a", D(2023, 1, 10), F.REPRIMAND), ("b", D(2023, 12, 1), F.WARNING),
                               ("c", D(2024, 11, 1), F.REMOVAL)])
    assert dates == {"a": D(2025, 11, 1), "b": D(2025, 11, 1), "c": D(2025, 11, 1)}
    assert rules.lapse_dates([("a", D(2023, 1, 10), F.WARNING), ("b", D(2023, 6, 1), F.EXPULSION)]) == {
        "a": None, "b": None}


def test_the_effect_period_is_a_setting(settings):
    settings.DANGVU_DISCIPLINE_EFFECT_MONTHS = 6
    assert rules.base_lapse(form=F.REPRIMAND, decided_on=D(2024, 8, 31)) == D(2025, 2, 28)
