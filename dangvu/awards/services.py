"""Writes to the awards registers. Each checks permission and the rules, and audits.

Party badges: ``badge_award`` (one member, early with a reason where the rules allow),
``badge_award_list`` (every member due on an award date in a subtree, all or nothing),
``badge_date_create`` (an award date a committee sets). The preconditions a page shows are
``_check_badge_award`` (``badge_award_refusal``).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from dangvu.core import audit, formatting
from dangvu.core.dates import check_event_date
from dangvu.core.errors import RuleViolation, field_error
from dangvu.core.errors import refusal as _refusal
from dangvu.inspections import selectors as inspection_selectors
from dangvu.members.models import IN_PARTY, Member
from dangvu.orgs.models import Organization, path_ids
from dangvu.orgs.scope import require_write

from . import badges, selectors
from .models import Badge, BadgeBaseSalary, BadgeCashRate, BadgeDate

# Party badges

BADGE_AUDIT_FIELDS = ["milestone", "awarded_on", "number", "decision_number", "decision_date", "early_reason",
                      "early_note", "cash_multiple", "base_salary"]


def _span_text(short) -> str:
    months = short.years * 12 + short.months
    if short.days:
        return _("%(months)s months and %(days)s days") % {"months": months, "days": short.days}
    return _("%(months)s months") % {"months": months}


def badge_is_award_date(*, organization: Organization, on: datetime.date) -> bool:
    """3/2, 19/5, 2/9, 7/11, or a date a committee on `organization`'s path set."""
    if badges.is_standard_date(on):
        return True
    return BadgeDate.objects.filter(organization_id__in=path_ids(organization.path), on=on).exists()


def _check_badge_date(*, organization: Organization, on: datetime.date) -> None:
    if not badge_is_award_date(organization=organization, on=on):
        raise field_error("awarded_on", _(
            "%(date)s is not an award date: badges are awarded on 3/2, 19/5, 2/9 and 7/11, or on a date "
            "the committee sets.") % {"date": formatting.date(on)}, "badge_not_award_date")


def _check_badge_award(*, actor, member: Member, milestone: int, on: datetime.date, early_reason: str = "") -> None:
    """Why `member` may not receive the `milestone` badge on `on` (raises), in the order
    a page explains it."""
    require_write(actor, member.organization)
    if milestone not in badges.MILESTONES:
        raise field_error("milestone", _("Badges are awarded at 30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85 and 90 "
                                         "years of Party age, not %(years)s.") % {"years": milestone},
                          "badge_milestone_unknown")
    _check_badge_date(organization=member.organization, on=on)
    awarded = set(member.badges.values_list("milestone", flat=True))
    if milestone in awarded:
        raise RuleViolation(_("%(name)s has already received the %(years)s-year badge.")
                            % {"name": member.full_name, "years": milestone}, code="badge_already_awarded")
    higher = [m for m in awarded if m > milestone]
    if higher:
        raise RuleViolation(_("%(name)s has already received the %(higher)s-year badge, above %(years)s years.")
                            % {"name": member.full_name, "higher": max(higher), "years": milestone},
                            code="badge_higher_awarded")
    deceased = member.status == Member.Status.DECEASED
    if early_reason == badges.POSTHUMOUS and not deceased:
        raise field_error("early_reason", _("A posthumous award is for a member who has died; %(name)s has not.")
                          % {"name": member.full_name}, "badge_posthumous_living")
    if early_reason != badges.POSTHUMOUS and (member.status not in IN_PARTY or not member.on_roll):
        raise RuleViolation(_("%(name)s is not on the rolls: a badge goes to a member on the rolls (or "
                              "posthumously to one who has died).") % {"name": member.full_name},
                            code="badge_not_on_rolls")
    rules = badges.rules_on(on)
    start, end = member.party_age_start, member.party_age_end
    short = badges.early_shortfall(start=start, end=end, on=on, milestone=milestone,
                                   reason=early_reason or badges.ILLNESS)
    if short is not None:
        if not early_reason:
            raise field_error("early_reason", _(
                "%(name)s reaches %(years)s years of Party age on %(reached)s, after %(date)s: an earlier award "
                "needs a reason (serious illness or posthumously).") % {
                "name": member.full_name, "years": milestone,
                "reached": formatting.date(badges.reach_date(start, milestone)), "date": formatting.date(on)},
                "badge_not_reached")
        refused = badges.early_refusal_numbers(start=start, end=end, on=on, milestone=milestone,
                                               reason=early_reason, rules=rules)
        if refused is not None:
            allowed, short = refused
            if early_reason == badges.POSTHUMOUS:
                text = _("%(name)s died %(short)s short of %(years)s years of Party age; %(rule)s allows a "
                         "posthumous award up to %(allowed)s months early.")
            else:
                text = _("On %(date)s %(name)s is %(short)s short of %(years)s years of Party age; %(rule)s allows "
                         "an award for serious illness up to %(allowed)s months early at %(years)s years.")
            raise field_error("early_reason", text % {
                "name": member.full_name, "short": _span_text(short), "years": milestone, "rule": rules.name,
                "allowed": allowed, "date": formatting.date(on)}, "badge_too_early")
    elif early_reason == badges.ILLNESS:
        raise field_error("early_reason", _("%(name)s has reached %(years)s years of Party age: the award is not "
                                            "early.") % {"name": member.full_name, "years": milestone},
                          "badge_not_early")
    decisions = inspection_selectors.member_decisions(member_ids=[member.pk], until=on).get(member.pk, [])
    excluded = badges.exclusion(decisions, on=on, rules=rules)
    if excluded is not None:
        raise RuleViolation(badges.exclusion_text(excluded, rules), code="badge_discipline_wait")


def badge_award_refusal(*, actor, member: Member, milestone: int, on: datetime.date, early_reason: str = "") -> str:
    return _refusal(_check_badge_award, actor=actor, member=member, milestone=milestone, on=on,
                    early_reason=early_reason)


def badge_cash(on: datetime.date, milestone: int):
    """(multiple, base salary) in force on `on`; either may be None (not known)."""
    rates = BadgeCashRate.objects.filter(valid_from__lte=on, milestone=milestone).order_by("-valid_from").first()
    salary = BadgeBaseSalary.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    return (rates.multiple if rates else None), (salary.amount if salary else None)


def _check_decision(*, decision_number: str, decision_date: datetime.date | None, on: datetime.date) -> None:
    if not decision_number:
        raise field_error("decision_number", _("The decision number is required."), "badge_decision_number")
    check_event_date("decision_date", decision_date)
    if decision_date > on:
        raise field_error("decision_date", _("The decision (%(decided)s) comes after the award date (%(date)s).")
                          % {"decided": formatting.date(decision_date), "date": formatting.date(on)},
                          "badge_decision_after_award")


def _check_number(number: str, *, exclude_pk=None) -> None:
    if number and Badge.objects.filter(number=number).exclude(pk=exclude_pk).exists():
        raise field_error("number", _("Badge number %(number)s is already recorded.") % {"number": number},
                          "badge_number_taken")


def _create(*, actor, member: Member, milestone: int, on, number, decision_number, decision_date, early_reason,
            early_note) -> Badge:
    multiple, salary = badge_cash(on, milestone)
    badge = Badge.objects.create(
        member=member, organization_id=member.organization_id, milestone=milestone, awarded_on=on, number=number,
        decision_number=decision_number, decision_date=decision_date, early_reason=early_reason,
        early_note=early_note, cash_multiple=multiple, base_salary=salary, created_by=actor if actor.pk else None,
    )
    audit.record(actor=actor, action="badge.award", obj=badge, scope_path=member.organization.path,
                 changes=audit.diff({}, audit.snapshot(badge, BADGE_AUDIT_FIELDS)))
    return badge


@transaction.atomic
def badge_award(*, actor, member: Member, milestone: int, awarded_on: datetime.date, decision_number: str,
                decision_date: datetime.date, number: str = "", early_reason: str = "", early_note: str = "") -> Badge:
    """Award one member the `milestone` badge (early for serious illness or posthumously,
    with the reason written, where the rules allow)."""
    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    _check_badge_award(actor=actor, member=member, milestone=milestone, on=awarded_on, early_reason=early_reason)
    if early_reason and not early_note:
        raise field_error("early_note", _("Write the reason for the early award."), "badge_early_note")
    _check_decision(decision_number=decision_number, decision_date=decision_date, on=awarded_on)
    _check_number(number)
    return _create(actor=actor, member=member, milestone=milestone, on=awarded_on, number=number,
                   decision_number=decision_number, decision_date=decision_date, early_reason=early_reason,
                   early_note=early_note)


@transaction.atomic
def badge_award_list(*, actor, organization: Organization, awarded_on: datetime.date, decision_number: str,
                     decision_date: datetime.date, numbers: dict[int, str] | None = None) -> list[Badge]:
    """Award every member due on `awarded_on` in `organization`'s subtree (the list's
    "eligible" rows) the badge due, in one decision: all or nothing. `numbers`: badge
    numbers by member id (optional)."""
    require_write(actor, organization)
    _check_badge_date(organization=organization, on=awarded_on)
    _check_decision(decision_number=decision_number, decision_date=decision_date, on=awarded_on)
    numbers = numbers or {}
    given = [n for n in numbers.values() if n]
    if len(given) != len(set(given)):
        raise field_error("number", _("The same badge number is written twice."), "badge_number_twice")
    listing = selectors.badge_list_engine(organization=organization, on=awarded_on)
    if not listing.eligible:
        raise RuleViolation(_("No member is due a badge on %(date)s in %(org)s.")
                            % {"date": formatting.date(awarded_on), "org": organization.name}, code="badge_list_empty")
    members = Member.objects.select_for_update().select_related("organization").in_bulk(
        [row.member.pk for row in listing.eligible])
    out = []
    for row in listing.eligible:
        member = members[row.member.pk]
        _check_badge_award(actor=actor, member=member, milestone=row.due.milestone, on=awarded_on)
        number = numbers.get(member.pk, "")
        _check_number(number)
        out.append(_create(actor=actor, member=member, milestone=row.due.milestone, on=awarded_on, number=number,
                           decision_number=decision_number, decision_date=decision_date, early_reason="",
                           early_note=""))
    return out


@transaction.atomic
def badge_date_create(*, actor, organization: Organization, on: datetime.date, note: str = "") -> BadgeDate:
    """An award date the committee of `organization` sets for its subtree."""
    require_write(actor, organization)
    if on is None:
        raise field_error("on", _("The date is required."), "badge_date_required")
    if badge_is_award_date(organization=organization, on=on):
        raise field_error("on", _("%(date)s is already an award date for %(org)s.")
                          % {"date": formatting.date(on), "org": organization.name}, "badge_date_exists")
    row = BadgeDate.objects.create(organization=organization, on=on, note=note)
    audit.record(actor=actor, action="badge_date.create", obj=row, scope_path=organization.path,
                 changes={"on": [None, on.isoformat()], "note": ["", note]})
    return row
