"""The rules of Party badges (RULES.md, "Party age (tuổi đảng) and badges"), as dated data
(``BadgeRuleSet``, ``BadgeCashRate``, ``BadgeBaseSalary`` rows, seeded by ``0002_badges``)
and pure functions the services, the lists and the tests share.

- Milestones: 30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90 years of Party age (gaps
  excluded: ``members.party_age``). A member reaches N years on the start of the count
  (``party_age_start``) plus N years (29/02 plus 30 years is 28/02, as ``whole_years``
  counts), provided the count did not stop before (death, leaving).
- Award dates: 3/2, 19/5, 2/9, 7/11 each year, and the dates a committee sets
  (``BadgeDate``) for its subtree.
- Due on an award date: the highest milestone reached by that date that the member has not
  received and that is above every badge received (a milestone reached since the previous
  award date is "new"; one reached before it is still owed).
- Early: serious illness up to 12 months before the milestone for 30–65 years, 24 for
  70–90; posthumously up to 12 months (the Party age at death short of the milestone by no
  more than that).
- Discipline: a decision excludes the member from its date until the wait after it ends
  (24-QĐ/TW of 2021: 6 months after a reprimand, 9 after a warning, 12 after a removal from
  post; 29-QĐ/TW of 2016: reprimands do not exclude, 6 after a warning, 12 after a removal).
  The wait is the whole exclusion, counted from the decision date: the member issue 13
  describes (a warning of 1 March absent on 19/5, 2/9, 7/11, present on 3/2 of the next
  year) is not excluded for the year the decision stays in effect. The rule set is the one
  in force on the award date. Annulled decisions do not count; members exempt from Party
  work keep the right.
- Cash: a multiple of the base salary in force on the award date (56-HD/VPTW of 2015: 30
  years 1,5; 40 years 2; 50 years 3; 55 years 3,5; 60 years 5; 65 years 6; the others are
  not known: their rows have no multiple and the cash shows as not set).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from dangvu.core import formatting

MILESTONES: tuple[int, ...] = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
STANDARD_DATES: tuple[tuple[int, int], ...] = ((2, 3), (5, 19), (9, 2), (11, 7))  # (month, day)
REPRIMAND, WARNING, REMOVAL = "reprimand", "warning", "removal"  # inspections' Discipline.Form values
ILLNESS, POSTHUMOUS = "illness", "posthumous"  # Badge.Early values


@dataclass(frozen=True)
class Rules:
    """One rule set as the functions read it (a ``BadgeRuleSet`` row)."""

    name: str
    valid_from: datetime.date
    waits: dict[str, int | None]  # discipline form -> months; None: that form does not exclude
    illness_early: int = 12
    illness_early_senior: int = 24
    senior_from: int = 70
    posthumous_early: int = 12

    @classmethod
    def of(cls, row) -> Rules:
        return cls(
            name=row.name, valid_from=row.valid_from,
            waits={REPRIMAND: row.reprimand_wait_months, WARNING: row.warning_wait_months,
                   REMOVAL: row.removal_wait_months},
            illness_early=row.illness_early_months, illness_early_senior=row.illness_early_months_senior,
            senior_from=row.senior_from, posthumous_early=row.posthumous_early_months,
        )

    def early_months(self, milestone: int, reason: str) -> int:
        if reason == POSTHUMOUS:
            return self.posthumous_early
        return self.illness_early_senior if milestone >= self.senior_from else self.illness_early


def rules_on(day: datetime.date) -> Rules:
    """The rule set in force on `day` (the earliest for a day before every set)."""
    from .models import BadgeRuleSet

    row = BadgeRuleSet.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    return Rules.of(row or BadgeRuleSet.objects.order_by("valid_from").first())


def reach_date(start: datetime.date, milestone: int) -> datetime.date:
    """The day a count started on `start` reaches `milestone` years."""
    return start + relativedelta(years=milestone)


def standard_dates(year: int) -> list[datetime.date]:
    return [datetime.date(year, month, day) for month, day in STANDARD_DATES]


def is_standard_date(day: datetime.date) -> bool:
    return (day.month, day.day) in STANDARD_DATES


def previous_award_date(day: datetime.date, extra: tuple[datetime.date, ...] = ()) -> datetime.date:
    """The award date before `day` (standard dates and `extra` ones)."""
    candidates = [d for d in (*standard_dates(day.year - 1), *standard_dates(day.year), *extra) if d < day]
    return max(candidates)


def next_award_date(day: datetime.date) -> datetime.date:
    """The first standard award date on or after `day`."""
    return min(d for d in (*standard_dates(day.year), *standard_dates(day.year + 1)) if d >= day)


@dataclass(frozen=True)
class Due:
    milestone: int
    reached_on: datetime.date
    new: bool  # reached since the previous award date (else still owed)


def due(*, start: datetime.date, end: datetime.date | None, on: datetime.date, previous: datetime.date,
        awarded: set[int] | frozenset[int]) -> Due | None:
    """The badge a member is due on `on`: the highest milestone reached by then (before the
    count stopped), not received, above every badge received; None if none."""
    top = max(awarded, default=0)
    for milestone in reversed(MILESTONES):
        if milestone <= top:
            return None
        reached = reach_date(start, milestone)
        if reached <= on and (end is None or reached <= end):
            return Due(milestone, reached, new=reached > previous)
    return None


def upcoming(*, start: datetime.date, end: datetime.date | None, on: datetime.date, awarded, rules: Rules,
             reason: str = ILLNESS) -> Due | None:
    """The next milestone after `on` that an early award for `reason` could give on `on`
    (reached within the early months), above every badge received; None if none."""
    top = max(awarded, default=0)
    for milestone in MILESTONES:
        if milestone <= top:
            continue
        if early_shortfall(start=start, end=end, on=on, milestone=milestone, reason=reason) is None:
            continue  # reached already: not early
        if early_refusal_numbers(start=start, end=end, on=on, milestone=milestone, reason=reason,
                                 rules=rules) is None:
            return Due(milestone, reach_date(start, milestone), new=True)
        return None
    return None


def early_shortfall(*, start, end, on, milestone, reason) -> relativedelta | None:
    """How far the member is short of `milestone` on `on` (the Party age at death for a
    posthumous award), or None when not short."""
    counted_to = min(on, end) if (reason == POSTHUMOUS and end) else on
    reached = reach_date(start, milestone)
    if reached <= counted_to:
        return None
    return relativedelta(reached, counted_to)


def early_refusal_numbers(*, start, end, on, milestone, reason, rules: Rules) -> tuple[int, relativedelta] | None:
    """(months allowed, shortfall) when an early award for `reason` on `on` would come
    earlier than the rules allow; None when allowed (or not early at all)."""
    short = early_shortfall(start=start, end=end, on=on, milestone=milestone, reason=reason)
    if short is None:
        return None
    allowed = rules.early_months(milestone, reason)
    counted_to = min(on, end) if (reason == POSTHUMOUS and end) else on
    if counted_to < reach_date(start, milestone) - relativedelta(months=allowed):
        return allowed, short
    return None


@dataclass(frozen=True)
class Exclusion:
    form: str
    decided_on: datetime.date
    number: str
    until: datetime.date  # the first day the member may be considered again
    months: int


def exclusion(decisions, *, on: datetime.date, rules: Rules) -> Exclusion | None:
    """The decision that keeps a member off the list on `on`: `decisions` are (form,
    decision date, number) of the member's decisions not annulled; the one whose wait ends
    last, or None."""
    found: Exclusion | None = None
    for form, decided_on, number in decisions:
        months = rules.waits.get(form)
        if months is None or decided_on > on:
            continue
        until = decided_on + relativedelta(months=months)
        if on < until and (found is None or until > found.until):
            found = Exclusion(form, decided_on, number, until, months)
    return found


def exclusion_text(excluded: Exclusion, rules: Rules) -> str:
    """Why a decision keeps the member off the list, as pages and messages say it."""
    forms = {REPRIMAND: _("a reprimand"), WARNING: _("a warning"),
             REMOVAL: _("a removal from post")}
    return _("Disciplined with %(form)s (decision %(number)s of %(decided)s): under %(rule)s a badge waits "
             "%(months)s months after it, until %(until)s.") % {
        "form": forms.get(excluded.form, excluded.form), "number": excluded.number,
        "decided": formatting.date(excluded.decided_on), "rule": rules.name, "months": excluded.months,
        "until": formatting.date(excluded.until)}
