"""The admission rules: the steps in their order, the rule set in force on a date, ages in
months, the 12-month date, and the deadlines in working days (``core.workdays``).

The numbers that may change (RULES.md marks them unsure) are rows of
``AdmissionRuleSet``; a step is judged by the set in force on its own date, a deadline by
the set in force on the date it runs from. Every refusal names the rule set and the numbers.

Conventions:
- Age in whole months on a day: the months completed since birth (born 15/03/2008: 215
  months on 14/03/2026, 216 on 15/03/2026); a month after the 31st (or a year after 29/02)
  is completed on the last day of a shorter month, as for the 12-month date. The candidate is 18 to 60 inclusive: from
  216 to 720 months; more than 720 needs the provincial standing committee's consent.
- The 12-month date: the same day 12 months after the ceremony; when that month is shorter,
  its last day (29/02/2024 → 28/02/2025; 31/08/2025 → 31/08/2026).
- "Within N working days of X": the last allowed day is ``workdays.add_working_days(X, N)``.
"""

from __future__ import annotations

import datetime
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dangvu.core import formatting, workdays
from dangvu.core.errors import RuleViolation
from dangvu.orgs.models import Organization

from .models import AdmissionRuleSet, Candidate, Step

K = Step.Kind


@dataclass(frozen=True)
class StepSpec:
    kind: str
    form: str  # the Party's form code, as printed on the paper ("9-KNĐ"); "" for none
    numbered: bool  # the document has a number that must be recorded
    requires: tuple[str, ...]  # the steps that come first (those that apply to the file)
    where: str = ""  # "" always; "sub_committee": the cell is under a sub-committee; "committee": a grassroots committee's cell


ADMISSION_STEPS = [
    StepSpec(K.AWARENESS_CERTIFICATE, "", True, ()),
    StepSpec(K.APPLICATION, "1-KNĐ", False, (K.AWARENESS_CERTIFICATE,)),
    StepSpec(K.BIOGRAPHY, "2-KNĐ", False, (K.APPLICATION,)),
    StepSpec(K.VERIFICATION, "", True, (K.BIOGRAPHY,)),
    StepSpec(K.INTRODUCTION, "3-KNĐ", False, (K.VERIFICATION,)),
    StepSpec(K.OPINIONS, "5-KNĐ", False, (K.INTRODUCTION,)),
    StepSpec(K.CELL_RESOLUTION, "6-KNĐ", True, (K.OPINIONS,)),
    StepSpec(K.SUBCOMMITTEE_APPRAISAL, "7-KNĐ", True, (K.CELL_RESOLUTION,), "sub_committee"),
    StepSpec(K.COMMITTEE_RESOLUTION, "8-KNĐ", True, (K.SUBCOMMITTEE_APPRAISAL, K.CELL_RESOLUTION), "committee"),
    StepSpec(K.DECISION, "9-KNĐ", True, (K.COMMITTEE_RESOLUTION, K.SUBCOMMITTEE_APPRAISAL, K.CELL_RESOLUTION)),
    StepSpec(K.CEREMONY, "", False, (K.DECISION,)),
]
PROBATION_STEPS = [
    StepSpec(K.NEW_MEMBER_CLASS, "", True, (K.CEREMONY,)),
    StepSpec(K.SELF_REVIEW, "10-KNĐ", False, (K.CEREMONY,)),
    StepSpec(K.HELPER_REVIEW, "11-KNĐ", False, (K.CEREMONY,)),
    StepSpec(K.PROBATION_OPINIONS, "12-KNĐ", False, (K.CEREMONY,)),
    StepSpec(K.PROBATION_CELL_RESOLUTION, "13-KNĐ", True,
             (K.NEW_MEMBER_CLASS, K.SELF_REVIEW, K.HELPER_REVIEW, K.PROBATION_OPINIONS)),
    StepSpec(K.PROBATION_SUBCOMMITTEE_APPRAISAL, "14-KNĐ", True, (K.PROBATION_CELL_RESOLUTION,), "sub_committee"),
    StepSpec(K.PROBATION_COMMITTEE_RESOLUTION, "15-KNĐ", True,
             (K.PROBATION_SUBCOMMITTEE_APPRAISAL, K.PROBATION_CELL_RESOLUTION), "committee"),
    StepSpec(K.RECOGNITION, "16-KNĐ", True,
             (K.PROBATION_COMMITTEE_RESOLUTION, K.PROBATION_SUBCOMMITTEE_APPRAISAL, K.PROBATION_CELL_RESOLUTION)),
]
NOT_RECOGNIZED = StepSpec(K.NOT_RECOGNIZED, "", True, (K.CEREMONY,))
SPECS = {spec.kind: spec for spec in (*ADMISSION_STEPS, *PROBATION_STEPS, NOT_RECOGNIZED)}
# Steps that all must be there (when they apply) before the one named: "requires" lists
# alternatives in order of preference for the sequential steps (the nearest that applies).
ALL_REQUIRED = {K.PROBATION_CELL_RESOLUTION}
# Steps that change the member's record: recorded once, never withdrawn here.
MEMBER_STEPS = {K.CEREMONY, K.RECOGNITION, K.NOT_RECOGNIZED}
UNION_FORM = "4-KNĐ"


def form_label(kind: str, *, union: bool = False) -> str:
    """How a page names a step: its form code and its title ("9-KNĐ – Quyết định kết nạp")."""
    spec = SPECS[kind]
    form = UNION_FORM if union and kind == K.INTRODUCTION else spec.form
    title = str(Step.Kind(kind).label)
    return f"{form} – {title}" if form else title


def applies(spec: StepSpec, organization: Organization) -> bool:
    if spec.where == "sub_committee":
        return organization.parent is not None and organization.parent.kind == Organization.Kind.SUB_COMMITTEE
    if spec.where == "committee":
        return organization.kind == Organization.Kind.CELL
    return True


def steps_for(organization: Organization) -> list[StepSpec]:
    """The steps of a file of this cell, in order (admission, then probation)."""
    return [spec for spec in (*ADMISSION_STEPS, *PROBATION_STEPS) if applies(spec, organization)]


def prerequisites(spec: StepSpec, organization: Organization) -> list[str]:
    """The steps that must be recorded before `spec`: all of them for a step that gathers
    several papers, else the nearest one that applies to this cell."""
    if not spec.requires:
        return []
    applicable = [kind for kind in spec.requires if applies(SPECS[kind], organization)]
    if spec.kind in ALL_REQUIRED:
        return applicable
    return applicable[:1]


_loaded = threading.local()


@contextmanager
def rule_sets_loaded():
    """Within the block ``rule_set`` answers from the sets read once at its start, not with a
    query each time: for a bulk load judging thousands of steps (the demo). The sets must not
    change meanwhile."""
    _loaded.sets = list(AdmissionRuleSet.objects.order_by("-valid_from"))
    try:
        yield
    finally:
        _loaded.sets = None


def rule_set(on: datetime.date) -> AdmissionRuleSet:
    """The rule set in force on `on` (the latest that started on or before it)."""
    loaded = getattr(_loaded, "sets", None)
    if loaded is not None:
        found = next((rules for rules in loaded if rules.valid_from <= on), None)
    else:
        found = AdmissionRuleSet.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    if found is None:
        raise RuleViolation(_("No admission rule set is in force on %(date)s.") % {"date": formatting.date(on)},
                            code="no_rule_set")
    return found


def age_in_months(birth: datetime.date, on: datetime.date) -> int:
    """Whole months completed from `birth` to `on` (negative before birth)."""
    delta = relativedelta(on, birth)
    return delta.years * 12 + delta.months


def months_text(months: int) -> str:
    years, rest = divmod(months, 12)
    if not rest:
        return _("%(years)s years") % {"years": years}
    return _("%(years)s years %(months)s months") % {"years": years, "months": rest}


def check_age(candidate: Candidate, on: datetime.date, rules: AdmissionRuleSet) -> None:
    """18 to 60 in whole months on the day the cell considers the case; over 60 only with
    the recorded consent of the provincial standing committee."""
    months = age_in_months(candidate.birth_date, on)
    values = {"rules": rules.name, "date": formatting.date(on), "age": months_text(months),
              "low": months_text(rules.min_age_months), "high": months_text(rules.max_age_months)}
    if months < rules.min_age_months:
        raise RuleViolation(_(
            "%(rules)s: on %(date)s the candidate is %(age)s old; a candidate must be at least %(low)s."
        ) % values, code="too_young")
    if months > rules.max_age_months and not candidate.over_60_consent.strip():
        raise RuleViolation(_(
            "%(rules)s: on %(date)s the candidate is %(age)s old, over %(high)s: admission needs the written "
            "consent of the provincial standing committee, recorded in the file."
        ) % values, code="over_60_without_consent")


def probation_end(ceremony: datetime.date, rules: AdmissionRuleSet) -> datetime.date:
    """The 12-month date (see the module's docstring)."""
    return ceremony + relativedelta(months=rules.probation_months)


def votes_needed(full_members: int, rules: AdmissionRuleSet) -> int:
    """The fewest votes that make the share: ceil(full_members × numerator / denominator)."""
    return -(-full_members * rules.vote_numerator // rules.vote_denominator)


def check_votes(votes_for: int | None, full_members: int, rules: AdmissionRuleSet, kind: str) -> None:
    form = SPECS[kind].form
    if votes_for is None:
        raise RuleViolation(_("%(form)s: the number of votes in favour is required.") % {"form": form},
                            code="votes_missing")
    if votes_for > full_members:
        raise RuleViolation(_(
            "%(form)s: %(votes)s votes in favour, but the cell has only %(members)s full members."
        ) % {"form": form, "votes": votes_for, "members": full_members}, code="votes_over_members")
    needed = votes_needed(full_members, rules)
    if votes_for < needed or full_members == 0:
        raise RuleViolation(_(
            "%(rules)s: %(votes)s votes in favour are fewer than %(num)s/%(den)s of the cell's %(members)s full "
            "members (at least %(needed)s needed)."
        ) % {"rules": rules.name, "votes": votes_for, "num": rules.vote_numerator, "den": rules.vote_denominator,
             "members": full_members, "needed": max(needed, 1)}, code="votes_short")


def certificate_valid_until(issued: datetime.date, rules: AdmissionRuleSet) -> datetime.date:
    return issued + relativedelta(months=rules.certificate_valid_months)


def check_certificate(issued: datetime.date, on: datetime.date, rules: AdmissionRuleSet) -> None:
    """The awareness class certificate is still valid on the day the cell considers the case."""
    until = certificate_valid_until(issued, rules)
    if on > until:
        raise RuleViolation(_(
            "%(rules)s: the awareness class certificate of %(issued)s is valid for %(months)s months, until "
            "%(until)s; the cell considered the case on %(date)s. The candidate must attend the class again."
        ) % {"rules": rules.name, "issued": formatting.date(issued), "months": rules.certificate_valid_months,
             "until": formatting.date(until), "date": formatting.date(on)}, code="certificate_expired")


@dataclass(frozen=True)
class Due:
    step: str
    on: datetime.date
    label: str


DUE_LABELS = {
    K.DECISION: gettext_lazy("Admission decision"),
    K.CEREMONY: gettext_lazy("Admission ceremony"),
    K.PROBATION_CELL_RESOLUTION: gettext_lazy("Cell's consideration of full membership"),
    K.RECOGNITION: gettext_lazy("Decision on full membership"),
}


def working_days_text(left: int) -> str:
    """Working days left before a deadline ("còn 3 ngày làm việc"), or late after it ("quá
    hạn 2 ngày làm việc"), as the pages and the command say it."""
    if left > 0:
        return ngettext("%(n)s working day left", "%(n)s working days left", left) % {"n": left}
    if left < 0:
        return ngettext("%(n)s working day late", "%(n)s working days late", -left) % {"n": -left}
    return _("due today")


def next_deadline(candidate: Candidate, steps: dict[str, Step]) -> Due | None:
    """What the file waits for next under a deadline, and by when (RULES.md, "Admission"):
    the decision within 60 working days of the cell resolution (+30 extended); the ceremony
    within 30 of receiving the decision; the cell's consideration within 30 after the 12
    months; the committee's decision within 30 of the cell's resolution (+30 extended)."""
    if candidate.closed_on or K.RECOGNITION in steps or K.NOT_RECOGNIZED in steps:
        return None
    if K.CEREMONY in steps:
        if K.PROBATION_CELL_RESOLUTION in steps:
            start = steps[K.PROBATION_CELL_RESOLUTION].on
            rules = rule_set(start)
            days = rules.recognition_days + (rules.recognition_extension_days if candidate.recognition_extended else 0)
            return Due(K.RECOGNITION, workdays.add_working_days(start, days), DUE_LABELS[K.RECOGNITION])
        rules = rule_set(candidate.probation_end)
        return Due(K.PROBATION_CELL_RESOLUTION,
                   workdays.add_working_days(candidate.probation_end, rules.consideration_days),
                   DUE_LABELS[K.PROBATION_CELL_RESOLUTION])
    if K.DECISION in steps:
        decision = steps[K.DECISION]
        start = decision.received_on or decision.on
        return Due(K.CEREMONY, workdays.add_working_days(start, rule_set(start).ceremony_days), DUE_LABELS[K.CEREMONY])
    if K.CELL_RESOLUTION in steps:
        start = steps[K.CELL_RESOLUTION].on
        rules = rule_set(start)
        days = rules.decision_days + (rules.decision_extension_days if candidate.decision_extended else 0)
        return Due(K.DECISION, workdays.add_working_days(start, days), DUE_LABELS[K.DECISION])
    return None
