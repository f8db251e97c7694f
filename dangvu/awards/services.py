"""Writes to the commendation registers. Each checks permission and the rules, and audits in
the same transaction (the shape of ``members/services.py``).

Who writes: the deciding body's subtree (an account that may change the deciding body's
records); the subject stands under the deciding body. Which body gives which kind:
- giấy khen of the grassroots committee: a grassroots organization, to its members and cells;
- giấy khen of the committee above grassroots, and flags: a committee above grassroots (the
  province or a committee directly under it);
- bằng khen of the province or above: the province (the body of the tree that records it);
- a flag goes to a grassroots organization only.

``commendations_decide`` is the one action of a proposed list: every subject chosen is
commended under one decision, or none (the first refusal names the subject).
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dangvu.core import audit, formatting
from dangvu.core.dates import check_event_date
from dangvu.core.errors import RuleViolation, field_error, refusal
from dangvu.inspections import selectors as inspection_selectors
from dangvu.members.models import IN_PARTY, Member
from dangvu.orgs.models import GRASSROOTS_KINDS, Organization, path_ids
from dangvu.orgs.scope import require_write

from . import badges, rules, selectors
from .models import (
    Badge,
    BadgeBaseSalary,
    BadgeCashRate,
    BadgeDate,
    Commendation,
    EmulationTitle,
    Movement,
)

Kind = Commendation.Kind
FIELDS = ["kind", "year", "reason", "streak_years", "movement", "number", "decided_on", "deciding_body",
          "conference", "conference_on"]
MAX_STREAK = 30


def _unit(*, organization: Organization | None, member: Member | None) -> Organization:
    return organization if organization is not None else member.organization


def _check_subject(*, deciding_body: Organization, kind: str, organization: Organization | None,
                   member: Member | None) -> None:
    if (organization is None) == (member is None):
        raise RuleViolation(_("A commendation is about one organization or one member."),
                            code="commendation_one_subject")
    if deciding_body.kind not in rules.BODY_KINDS[kind]:
        raise field_error("deciding_body", _("%(body)s does not give a %(kind)s.") % {
            "body": deciding_body.name, "kind": Kind(kind).label.lower()}, "body_kind")
    unit = _unit(organization=organization, member=member)
    below = unit.path.startswith(deciding_body.path) and (member is not None or unit.pk != deciding_body.pk)
    if not below:
        raise RuleViolation(_("%(name)s does not stand under %(body)s, which cannot commend it.") % {
            "name": member.full_name if member else organization.name, "body": deciding_body.name},
            code="subject_not_under_body")
    if kind == Kind.FLAG and (organization is None or organization.kind not in GRASSROOTS_KINDS):
        raise field_error("kind", _("An emulation flag goes to a grassroots Party organization."), "flag_subject")


def _check_decision(*, kind: str, year: int, decided_on: datetime.date, streak_years: int | None,
                    conference_on: datetime.date | None) -> None:
    check_event_date("decided_on", decided_on)
    check_event_date("conference_on", conference_on)
    if year > decided_on.year:
        raise field_error("year", _("A decision of %(date)s cannot reward %(year)s, a year not begun by then.") % {
            "date": decided_on.strftime("%d/%m/%Y"), "year": year}, "year_after_decision")
    if year < 1930:
        raise field_error("year", _("The year %(year)s is before the founding of the Party.") % {"year": year},
                          "year_too_early")
    if streak_years is not None and not 2 <= streak_years <= MAX_STREAK:
        raise field_error("streak_years", _("A streak counts from 2 to %(max)s years in a row.") % {
            "max": MAX_STREAK}, "streak_years")


def _check_not_commended(*, kind: str, year: int, organization: Organization | None, member: Member | None,
                         exclude: int | None = None) -> None:
    qs = Commendation.objects.filter(kind=kind, year=year)
    qs = qs.filter(member=member) if member is not None else qs.filter(organization=organization, member=None)
    if qs.exclude(pk=exclude).exists():
        raise RuleViolation(_("%(name)s already has a %(kind)s for %(year)s.") % {
            "name": member.full_name if member else organization.name, "kind": Kind(kind).label.lower(),
            "year": year}, code="already_commended")


def _check_commendation(*, actor, kind: str, year: int, deciding_body: Organization, decided_on: datetime.date,
                        organization: Organization | None = None, member: Member | None = None,
                        streak_years: int | None = None, conference_on: datetime.date | None = None,
                        exclude: int | None = None) -> None:
    require_write(actor, deciding_body)
    _check_subject(deciding_body=deciding_body, kind=kind, organization=organization, member=member)
    _check_decision(kind=kind, year=year, decided_on=decided_on, streak_years=streak_years,
                    conference_on=conference_on)
    _check_not_commended(kind=kind, year=year, organization=organization, member=member, exclude=exclude)


def commendation_create_refusal(*, actor, deciding_body: Organization) -> str:
    """Why the actor may not record a commendation decided by `deciding_body` ("" if it may)."""
    return refusal(_check_write, actor=actor, organization=deciding_body)


def _check_write(*, actor, organization: Organization) -> None:
    require_write(actor, organization)


def _save(commendation: Commendation) -> None:
    try:
        with transaction.atomic():
            commendation.save()
    except IntegrityError as exc:
        raise RuleViolation(_("%(name)s already has a %(kind)s for %(year)s.") % {
            "name": commendation.subject_name, "kind": commendation.get_kind_display().lower(),
            "year": commendation.year}, code="already_commended") from exc


@transaction.atomic
def commendation_create(*, actor, kind: str, year: int, reason: str, number: str, decided_on: datetime.date,
                        deciding_body: Organization, organization: Organization | None = None,
                        member: Member | None = None, streak_years: int | None = None,
                        movement: Movement | None = None, conference: str = "",
                        conference_on: datetime.date | None = None) -> Commendation:
    """Record one commendation."""
    _check_commendation(actor=actor, kind=kind, year=year, deciding_body=deciding_body, decided_on=decided_on,
                        organization=organization, member=member, streak_years=streak_years,
                        conference_on=conference_on)
    c = Commendation(kind=kind, year=year, reason=reason, number=number, decided_on=decided_on,
                     deciding_body=deciding_body, organization=organization, member=member,
                     unit=_unit(organization=organization, member=member), streak_years=streak_years,
                     movement=movement, conference=conference, conference_on=conference_on)
    c.full_clean(exclude=["unit", "organization", "member", "deciding_body", "movement"],
                 validate_unique=False, validate_constraints=False)
    _save(c)
    audit.record(actor=actor, action="commendation.create", obj=c, scope_path=c.unit.path,
                 changes=audit.diff({}, audit.snapshot(c, FIELDS)))
    return c


def commendation_update_refusal(*, actor, commendation: Commendation) -> str:
    return refusal(_check_write, actor=actor, organization=commendation.deciding_body)


@transaction.atomic
def commendation_update(*, actor, commendation: Commendation, **fields) -> Commendation:
    """Change the decision's fields (`FIELDS`); the subject stays."""
    c = Commendation.objects.select_for_update(of=("self",)).select_related(
        "organization", "member", "unit", "deciding_body").get(pk=commendation.pk)
    require_write(actor, c.deciding_body)
    before = audit.snapshot(c, FIELDS)
    for name, value in fields.items():
        if name not in FIELDS:
            raise TypeError(name)
        setattr(c, name, value)
    _check_commendation(actor=actor, kind=c.kind, year=c.year, deciding_body=c.deciding_body,
                        decided_on=c.decided_on, organization=c.organization, member=c.member,
                        streak_years=c.streak_years, conference_on=c.conference_on, exclude=c.pk)
    c.full_clean(exclude=["unit", "organization", "member", "deciding_body", "movement"],
                 validate_unique=False, validate_constraints=False)
    _save(c)
    changes = audit.diff(before, audit.snapshot(c, FIELDS))
    if changes:
        audit.record(actor=actor, action="commendation.update", obj=c, scope_path=c.unit.path, changes=changes)
    return c


@transaction.atomic
def commendation_delete(*, actor, commendation: Commendation) -> None:
    """Delete a commendation recorded by mistake (the audit keeps what it said)."""
    c = Commendation.objects.select_for_update(of=("self",)).select_related("unit", "deciding_body").get(pk=commendation.pk)
    require_write(actor, c.deciding_body)
    audit.record(actor=actor, action="commendation.delete", obj=c, scope_path=c.unit.path,
                 changes=audit.diff(audit.snapshot(c, FIELDS), {}))
    c.delete()


# The one action of a proposed list

def _check_decide(*, actor, kind: str, year: int, deciding_body: Organization, decided_on: datetime.date,
                  organizations=(), members=(), streak_years: int | None = None,
                  conference_on: datetime.date | None = None) -> None:
    require_write(actor, deciding_body)
    if not organizations and not members:
        raise RuleViolation(_("Choose at least one organization or member on the list."), code="nothing_chosen")
    _check_decision(kind=kind, year=year, decided_on=decided_on, streak_years=streak_years,
                    conference_on=conference_on)
    for subject in [*({"organization": o, "member": None} for o in organizations),
                    *({"organization": None, "member": m} for m in members)]:
        _check_subject(deciding_body=deciding_body, kind=kind, **subject)
        _check_not_commended(kind=kind, year=year, **subject)


def commendations_decide_refusal(*, actor, deciding_body: Organization) -> str:
    """Why the actor may not decide from a list in the name of `deciding_body`."""
    return refusal(_check_write, actor=actor, organization=deciding_body)


@transaction.atomic
def commendations_decide(*, actor, kind: str, year: int, reason: str, number: str, decided_on: datetime.date,
                         deciding_body: Organization, organizations=(), members=(),
                         streak_years: int | None = None, movement: Movement | None = None,
                         conference: str = "", conference_on: datetime.date | None = None) -> list[Commendation]:
    """Commend every organization and member chosen on a proposed list under one decision:
    all of them, or none (the first refusal is raised and nothing is written)."""
    organizations, members = list(organizations), list(members)
    _check_decide(actor=actor, kind=kind, year=year, deciding_body=deciding_body, decided_on=decided_on,
                  organizations=organizations, members=members, streak_years=streak_years,
                  conference_on=conference_on)
    common = {"kind": kind, "year": year, "reason": reason, "number": number, "decided_on": decided_on,
              "deciding_body": deciding_body, "streak_years": streak_years, "movement": movement,
              "conference": conference, "conference_on": conference_on}
    made = []
    for subject in [*({"organization": o} for o in organizations), *({"member": m} for m in members)]:
        c = Commendation(**common, **subject, unit=_unit(organization=subject.get("organization"),
                                                         member=subject.get("member")))
        c.full_clean(exclude=["unit", "organization", "member", "deciding_body", "movement"],
                     validate_unique=False, validate_constraints=False)
        _save(c)
        audit.record(actor=actor, action="commendation.decide", obj=c, scope_path=c.unit.path,
                     note=_("Decision %(number)s: %(count)s commended") % {"number": number, "count": len(
                         organizations) + len(members)})
        made.append(c)
    return made


# Movements and titles

@transaction.atomic
def movement_create(*, actor, name: str, organization: Organization, first_year: int,
                    last_year: int | None = None, description: str = "") -> Movement:
    require_write(actor, organization)
    if last_year is not None and last_year < first_year:
        raise field_error("last_year", _("The last year comes after the first."), "movement_years")
    if Movement.objects.filter(name__iexact=" ".join(name.split())).exists():
        raise field_error("name", _("A movement with this name is already recorded."), "movement_exists")
    m = Movement(name=name, organization=organization, first_year=first_year, last_year=last_year,
                 description=description)
    m.full_clean(exclude=["organization"], validate_unique=False, validate_constraints=False)
    try:
        # Two recorded at once under the same name: the check above cannot see the other's
        # uncommitted row; the unique name refuses the second's insert (in a savepoint, so
        # that it is refused with the same words, not a server error).
        with transaction.atomic():
            m.save()
    except IntegrityError as exc:
        raise field_error("name", _("A movement with this name is already recorded."), "movement_exists") from exc
    audit.record(actor=actor, action="movement.create", obj=m, scope_path=organization.path)
    return m


@transaction.atomic
def title_create(*, actor, kind: str, title: str, year: int, number: str, decided_on: datetime.date,
                 deciding_body: Organization, organization: Organization | None = None,
                 member: Member | None = None, movement: Movement | None = None) -> EmulationTitle:
    """Confer a title for a year: under a movement (which must run that year), or a
    "four-good" title (a Party organization's only)."""
    require_write(actor, deciding_body)
    if (organization is None) == (member is None):
        raise RuleViolation(_("A title is conferred on one organization or one member."), code="title_one_subject")
    unit = _unit(organization=organization, member=member)
    if not unit.path.startswith(deciding_body.path):
        raise RuleViolation(_("%(name)s does not stand under %(body)s, which cannot commend it.") % {
            "name": member.full_name if member else organization.name, "body": deciding_body.name},
            code="title_subject_not_under_body")
    _check_decision(kind=kind, year=year, decided_on=decided_on, streak_years=None, conference_on=None)
    if kind == EmulationTitle.Kind.MOVEMENT:
        if movement is None:
            raise field_error("movement", _("Name the movement the title is conferred under."), "title_movement")
        if not unit.path.startswith(movement.organization.path):
            raise field_error("movement", _("The movement %(name)s runs under %(body)s, which %(subject)s does not "
                                            "stand under.") % {
                "name": movement.name, "body": movement.organization.name,
                "subject": member.full_name if member else organization.name}, "movement_not_over_subject")
        if year < movement.first_year or (movement.last_year is not None and year > movement.last_year):
            raise field_error("year", _("The movement %(name)s did not run in %(year)s.") % {
                "name": movement.name, "year": year}, "movement_not_running")
    else:
        movement = None
        if organization is None:
            raise field_error("kind", _("A \"four-good\" title goes to a Party organization."), "four_good_subject")
    t = EmulationTitle(kind=kind, title=title, year=year, number=number, decided_on=decided_on,
                       deciding_body=deciding_body, organization=organization, member=member, unit=unit,
                       movement=movement)
    t.full_clean(exclude=["unit", "organization", "member", "deciding_body", "movement"],
                 validate_unique=False, validate_constraints=False)
    t.save()
    audit.record(actor=actor, action="emulation_title.create", obj=t, scope_path=unit.path)
    return t


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
    return refusal(_check_badge_award, actor=actor, member=member, milestone=milestone, on=on,
                    early_reason=early_reason)


def badge_cash(on: datetime.date, milestone: int):
    """(multiple, base salary) in force on `on`; either may be None (not known)."""
    rates = BadgeCashRate.objects.filter(valid_from__lte=on, milestone=milestone).order_by("-valid_from").first()
    salary = BadgeBaseSalary.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    return (rates.multiple if rates else None), (salary.amount if salary else None)


def _check_badge_decision(*, decision_number: str, decision_date: datetime.date | None, on: datetime.date) -> None:
    if not decision_number:
        raise field_error("decision_number", _("The decision number is required."), "badge_decision_number")
    check_event_date("decision_date", decision_date)
    if decision_date > on:
        raise field_error("decision_date", _("The decision (%(decided)s) comes after the award date (%(date)s).")
                          % {"decided": formatting.date(decision_date), "date": formatting.date(on)},
                          "badge_decision_after_award")


def _number_taken(number: str):
    return field_error("number", _("Badge number %(number)s is already recorded.") % {"number": number},
                       "badge_number_taken")


def _check_number(number: str, *, exclude_pk=None) -> None:
    if number and Badge.objects.filter(number=number).exclude(pk=exclude_pk).exists():
        raise _number_taken(number)


def _create(*, actor, member: Member, milestone: int, on, number, decision_number, decision_date, early_reason,
            early_note) -> Badge:
    multiple, salary = badge_cash(on, milestone)
    badge = Badge(
        member=member, organization_id=member.organization_id, milestone=milestone, awarded_on=on, number=number,
        decision_number=decision_number, decision_date=decision_date, early_reason=early_reason,
        early_note=early_note, cash_multiple=multiple, base_salary=salary, created_by=actor if actor.pk else None,
    )
    try:
        with transaction.atomic():
            badge.save(force_insert=True)
    except IntegrityError as exc:
        # Another decision recorded the same number after our check (its transaction was
        # still open then): the unique constraint has the last word. The member's own
        # milestone cannot clash here: the member's row is locked since the check.
        raise _number_taken(number) from exc
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
    _check_badge_decision(decision_number=decision_number, decision_date=decision_date, on=awarded_on)
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
    _check_badge_decision(decision_number=decision_number, decision_date=decision_date, on=awarded_on)
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
