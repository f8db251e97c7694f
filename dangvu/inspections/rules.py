"""The rules of discipline as data with the dates they govern (RULES.md, "Inspection,
supervision, discipline"). A decision is judged by the rule set in force on its decision
date (``rule_set_on``).

- Forms allowed for the subject: an organization — reprimand (khiển trách), warning (cảnh
  cáo), dissolution (giải tán); a full member — reprimand, warning, removal from post (cách
  chức), expulsion (khai trừ); a probationary member — reprimand, warning. Code
  ``form_not_allowed``.
- Statute of limitations (thời hiệu), counted from the violation date to the decision date:
  5 years for a reprimand, 10 for a warning or a removal from post; none for expulsion or
  dissolution. The last day within the limitation is the violation date plus the years
  (29/02 + 5 years is 28/02). Code ``limitation_expired``.
- A decision stays in effect for ``effect_months`` (12) from its date and lapses the day
  after (``lapses_on`` is the first day no longer in effect), unless the subject is
  disciplined again while it is in effect: it then lapses with the later decision
  (``lapse_dates``). Expulsion and dissolution never lapse. The setting
  ``DANGVU_DISCIPLINE_EFFECT_MONTHS`` overrides the rule set's months when set.

The table starts with 69-QĐ/TW (2022); RULES.md records no earlier rule set, so a decision
dated before it is judged by it (the earliest recorded). 264-QĐ/TW (14/02/2025) amended 69
and kept these numbers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils.translation import gettext as _

from dangvu.core import formatting
from dangvu.core.errors import RuleViolation

from .models import Discipline

F = Discipline.Form
ORGANIZATION, FULL_MEMBER, PROBATIONARY_MEMBER = "organization", "full", "probationary"


@dataclass(frozen=True)
class RuleSet:
    name: str
    start: datetime.date
    end: datetime.date | None  # the last day it governs; None: still in force
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # (subject, form) -> years; None: no limitation.
    limitation_years: dict[tuple[str, str], int | None] = field(default_factory=dict)
    effect_months: int = 12


_FORMS = {
    ORGANIZATION: (F.REPRIMAND, F.WARNING, F.DISSOLUTION),
    FULL_MEMBER: (F.REPRIMAND, F.WARNING, F.REMOVAL, F.EXPULSION),
    PROBATIONARY_MEMBER: (F.REPRIMAND, F.WARNING),
}
_LIMITATION = {
    **{(subject, F.REPRIMAND): 5 for subject in _FORMS},
    **{(subject, F.WARNING): 10 for subject in _FORMS},
    (FULL_MEMBER, F.REMOVAL): 10,
    (FULL_MEMBER, F.EXPULSION): None,
    (ORGANIZATION, F.DISSOLUTION): None,
}

RULE_SETS: tuple[RuleSet, ...] = (
    RuleSet("69-QĐ/TW", datetime.date(2022, 7, 6), datetime.date(2025, 2, 13), _FORMS, _LIMITATION),
    RuleSet("264-QĐ/TW", datetime.date(2025, 2, 14), None, _FORMS, _LIMITATION),
)
NEVER_LAPSE = (F.EXPULSION, F.DISSOLUTION)


def rule_set_on(day: datetime.date) -> RuleSet:
    """The rule set in force on `day` (the earliest for a day before every rule set)."""
    for rule_set in reversed(RULE_SETS):
        if rule_set.start <= day:
            return rule_set
    return RULE_SETS[0]


def _subject_label(subject: str) -> str:
    return {
        ORGANIZATION: _("a Party organization"),
        FULL_MEMBER: _("a full member"),
        PROBATIONARY_MEMBER: _("a probationary member"),
    }[subject]


def form_label(form: str) -> str:
    return str(F(form).label)


def _or(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("%(first)s or %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def check_form(*, subject: str, form: str, decided_on: datetime.date) -> None:
    rule_set = rule_set_on(decided_on)
    allowed = rule_set.forms[subject]
    if form not in allowed:
        raise RuleViolation(_(
            "Form of discipline not allowed (%(rule)s): %(subject)s may be disciplined only by %(forms)s, "
            "not by %(form)s."
        ) % {"rule": rule_set.name, "subject": _subject_label(subject),
             "forms": _or([form_label(f) for f in allowed]), "form": form_label(form)}, code="form_not_allowed")


def limitation_end(*, subject: str, form: str, violation: datetime.date, decided_on: datetime.date
                   ) -> datetime.date | None:
    """The last day a decision may be taken for a violation on `violation` (None: no limit)."""
    years = rule_set_on(decided_on).limitation_years.get((subject, form))
    return None if years is None else violation + relativedelta(years=years)


def check_limitation(*, subject: str, form: str, violation: datetime.date, decided_on: datetime.date) -> None:
    rule_set = rule_set_on(decided_on)
    until = limitation_end(subject=subject, form=form, violation=violation, decided_on=decided_on)
    if until is not None and decided_on > until:
        raise RuleViolation(_(
            "Past the statute of limitations of discipline (%(rule)s): violation on %(violation)s, %(form)s has a "
            "limitation of %(years)s years (until %(until)s)."
        ) % {"rule": rule_set.name, "violation": formatting.date(violation), "form": form_label(form),
             "years": rule_set.limitation_years[(subject, form)], "until": formatting.date(until)},
            code="limitation_expired")


def effect_months(rule_set: RuleSet) -> int:
    return int(getattr(settings, "DANGVU_DISCIPLINE_EFFECT_MONTHS", None) or rule_set.effect_months)


def base_lapse(*, form: str, decided_on: datetime.date) -> datetime.date | None:
    """When a decision alone lapses: `effect_months` after its date (None: never)."""
    if form in NEVER_LAPSE:
        return None
    return decided_on + relativedelta(months=effect_months(rule_set_on(decided_on)))


def lapse_dates(decisions) -> dict:
    """{key: lapses_on} for the decisions about one subject, given as (key, decided_on,
    form): each lapses on its own date unless the next decision comes while it is in effect;
    then it lapses with that one (None: never)."""
    ordered = sorted(decisions, key=lambda d: (d[1], str(d[0])))
    out: dict = {}
    following: tuple | None = None  # (decided_on, lapses_on) of the next decision
    for key, decided_on, form in reversed(ordered):
        lapse = base_lapse(form=form, decided_on=decided_on)
        if following is not None and lapse is not None and following[0] < lapse:
            lapse = None if following[1] is None else max(lapse, following[1])
        out[key] = lapse
        following = (decided_on, lapse)
    return out


def in_effect(*, decided_on: datetime.date, lapses_on: datetime.date | None, on: datetime.date) -> bool:
    return decided_on <= on and (lapses_on is None or on < lapses_on)
