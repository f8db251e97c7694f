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

from dangvu.core import audit
from dangvu.core.dates import check_event_date
from dangvu.core.errors import RuleViolation, field_error, refusal
from dangvu.members.models import Member
from dangvu.orgs.models import GRASSROOTS_KINDS, Organization
from dangvu.orgs.scope import require_write

from .models import Commendation, EmulationTitle, Movement

Kind = Commendation.Kind
FIELDS = ["kind", "year", "reason", "streak_years", "movement", "number", "decided_on", "deciding_body",
          "conference", "conference_on"]
ABOVE_GRASSROOTS = (Organization.Kind.PROVINCE, Organization.Kind.BLOC)
BODY_KINDS: dict[str, tuple[str, ...]] = {
    Kind.GRASSROOTS_CERTIFICATE: tuple(GRASSROOTS_KINDS),
    Kind.UPPER_CERTIFICATE: ABOVE_GRASSROOTS,
    Kind.PROVINCE_MERIT: (Organization.Kind.PROVINCE,),
    Kind.FLAG: ABOVE_GRASSROOTS,
}
MAX_STREAK = 30


def _unit(*, organization: Organization | None, member: Member | None) -> Organization:
    return organization if organization is not None else member.organization


def _check_subject(*, deciding_body: Organization, kind: str, organization: Organization | None,
                   member: Member | None) -> None:
    if (organization is None) == (member is None):
        raise RuleViolation(_("A commendation is about one organization or one member."),
                            code="commendation_one_subject")
    if deciding_body.kind not in BODY_KINDS[kind]:
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
    c = Commendation.objects.select_for_update().select_related(
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
    c = Commendation.objects.select_for_update().select_related("unit", "deciding_body").get(pk=commendation.pk)
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
    m.save()
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
