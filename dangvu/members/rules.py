"""The date rules of a member's record, as field errors (``core.errors.field_error``) that name
the rule and the dates.

- Age: the person was at least 18 on the day the admission decision was signed
  (RULES.md, "Admission": 18–60, counted on the cell's day; the decision is the first date
  this software knows). Code ``admitted_under_18``.
- Nothing in the future: birth, decision, ceremony, full membership, status and transfer
  dates are facts already recorded on paper, so none is after today. Code ``date_in_future``.
  None but the birth is before the Party's founding (``core.dates``, code ``date_too_early``).
  (The expected end of a temporary transfer is a plan, not a fact: it may be later.)
- The ceremony is on or after the decision. Code ``ceremony_before_admission``.
- Full membership counts from 12 months after the ceremony, even when decided late
  (RULES.md: "full membership counts from the 12-month date even when decided late"). So
  when the ceremony date is known, the full membership date is exactly the ceremony + 12
  months, unless the record states why it is otherwise (``full_membership_note``, e.g. a
  decision giving another date); then it may be later, never earlier. Without a ceremony
  date (old records), it is at least 12 months after the decision. Codes
  ``full_membership_too_early``, ``full_membership_not_12_months``.
"""

from __future__ import annotations

import datetime
import functools

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvu.core import dates, formatting
from dangvu.core.errors import field_error

ADMISSION_MIN_AGE = 18
PROBATION_MONTHS = 12


def not_in_future(field: str, label: str, value: datetime.date | None, today: datetime.date, *,
                  since_founding: bool = True) -> ValidationError | None:
    """`value` (a date called `label`) is not after `today`, and (`since_founding`: every
    date of the Party's life but the birth) not before the Party's founding
    (``core.dates.FIRST_DAY``)."""
    if value is not None and since_founding and value < dates.FIRST_DAY:
        return dates.event_date_error(field, value, today=today)
    if value is None or value <= today:
        return None
    return field_error(field, _(
        "%(label)s %(date)s is after today (%(today)s): only what already happened can be recorded."
    ) % {"label": label, "date": formatting.date(value), "today": formatting.date(today)}, "date_in_future")


def age_at_admission(birth: datetime.date, decision: datetime.date) -> ValidationError | None:
    if birth >= decision:
        return field_error("admission_decision_date", _("The admission decision must come after the date of birth."),
                           "admission_before_birth")
    if decision.year - birth.year > ADMISSION_MIN_AGE:
        return None  # full years >= calendar years apart - 1 >= 18 (relativedelta is slow; an import checks many rows)
    age = relativedelta(decision, birth).years
    if age >= ADMISSION_MIN_AGE:
        return None
    return field_error("birth_date", _(
        "Date of birth %(birth)s: on the admission decision date %(decision)s the person was only %(age)s; "
        "a person admitted to the Party must be at least 18."
    ) % {"birth": formatting.date(birth), "decision": formatting.date(decision), "age": age}, "admitted_under_18")


def full_membership(*, decision: datetime.date, ceremony: datetime.date | None, full: datetime.date | None,
                    note: str = "") -> ValidationError | None:
    if full is None:
        return None
    due = _months_after(ceremony or decision, PROBATION_MONTHS)
    if full < due:
        return field_error("full_membership_date", _(
            "Full membership can start only after 12 months of probation, on %(date)s at the earliest."
        ) % {"date": formatting.date(due)}, "full_membership_too_early")
    if ceremony and full != due and not note.strip():
        return field_error("full_membership_date", _(
            "Full membership counts from 12 months after the admission ceremony (%(ceremony)s): %(due)s, not "
            "%(date)s. Another date needs its reason stated."
        ) % {"ceremony": formatting.date(ceremony), "due": formatting.date(due), "date": formatting.date(full)},
            "full_membership_not_12_months")
    return None


def record_dates(member, today: datetime.date, *, exact_full: bool = True) -> list[ValidationError]:
    """Every date rule of a member's own record (see the module's docstring). `exact_full`
    off (an edit not touching the ceremony or full membership dates, or a re-admitted
    member, whose probation runs from the re-admission) keeps only "not earlier"."""
    errors = [  # the labels lazy: translated only for a refusal (a bulk import checks many rows)
        not_in_future("birth_date", gettext_lazy("Date of birth"), member.birth_date, today, since_founding=False),
        not_in_future("admission_decision_date", gettext_lazy("Admission decision date"),
                      member.admission_decision_date, today),
        not_in_future("ceremony_date", gettext_lazy("Admission ceremony date"), member.ceremony_date, today),
        not_in_future("full_membership_date", gettext_lazy("Full membership date"), member.full_membership_date,
                      today),
        age_at_admission(member.birth_date, member.admission_decision_date),
    ]
    if member.ceremony_date and member.ceremony_date < member.admission_decision_date:
        errors.append(field_error("ceremony_date", _("The admission ceremony cannot come before the admission decision."),
                                  "ceremony_before_admission"))
    elif not errors[3]:
        errors.append(full_membership(decision=member.admission_decision_date, ceremony=member.ceremony_date,
                                      full=member.full_membership_date,
                                      note=member.full_membership_note if exact_full else "-"))
    return [e for e in errors if e is not None]


def probation_end(member) -> datetime.date:
    """12 months after the ceremony (or the decision when the ceremony is unknown)."""
    return _months_after(member.ceremony_date or member.admission_decision_date, PROBATION_MONTHS)


@functools.lru_cache(maxsize=65536)
def _months_after(day: datetime.date, months: int) -> datetime.date:
    """`day` + `months` (``relativedelta``: the 29 February + 12 months is the 28th),
    remembered: the rows of a register share their dates, and ``relativedelta`` is slow."""
    return day + relativedelta(months=months)
