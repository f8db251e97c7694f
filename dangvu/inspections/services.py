"""Writes to the inspection, supervision and discipline records. Each checks permission and
the rules (``rules``), and audits in the same transaction.

Scope: a program and an inspection belong to the organization that issues or conducts them
(the actor writes for it); the organizations and members an inspection covers stand in that
organization's subtree. A discipline decision belongs to its `unit` (the organization
disciplined, or the member's cell on the decision date); the deciding body is that unit or
a level above it (for an organization: a level above it).

Expulsion goes through ``members.services.member_change_status``, dissolution through
``orgs.services.organization_dissolve`` (their rules and refusals apply). Annulling an
expulsion goes through ``members.services.status_change_annul``; nothing in ``orgs``
restores a dissolved organization, so a dissolution cannot be annulled here
(``discipline_annul_refusal`` says so).
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvu.core import audit, formatting
from dangvu.core.dates import check_event_date, event_date_error
from dangvu.core.errors import RuleViolation, field_error, field_errors, refusal
from dangvu.members import services as member_services
from dangvu.members.models import Affiliation, Member, StatusChange
from dangvu.orgs import services as org_services
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import require_write

from . import rules
from .models import (
    Complaint,
    Discipline,
    InspectedMember,
    InspectedOrganization,
    Inspection,
    InspectionKind,
    InspectionProgram,
)

PROGRAM_FIELDS = ["organization", "issuer", "year", "number", "issued_on", "title"]
INSPECTION_FIELDS = ["kind", "organization", "program", "title", "start", "end", "findings", "conclusion",
                     "concluded_on"]
DISCIPLINE_FIELDS = ["organization", "member", "unit", "form", "violation_date", "deciding_body", "decided_on",
                     "number", "lapses_on", "annulled", "annul_reason"]


# Programs

@transaction.atomic
def program_create(*, actor, organization: Organization, year: int, number: str, issued_on: datetime.date,
                   title: str, issuer: str = InspectionProgram.Issuer.COMMITTEE) -> InspectionProgram:
    """Record the yearly inspection and supervision program of `organization`'s committee or
    inspection commission (`issuer`)."""
    require_write(actor, organization)
    program = InspectionProgram(organization=organization, issuer=issuer, year=year, number=number.strip(),
                                issued_on=issued_on, title=title.strip())
    program.full_clean(exclude=["organization"], validate_constraints=False, validate_unique=False)
    errors = [event_date_error("issued_on", issued_on)]
    if issued_on and abs(issued_on.year - year) > 1:
        errors.append(field_error("issued_on", _(
            "A program for %(year)s is issued in that year or the one before, not on %(date)s."
        ) % {"year": year, "date": formatting.date(issued_on)}, "program_date_far"))
    errors = [e for e in errors if e is not None]
    if errors:
        raise field_errors(*errors)
    if InspectionProgram.objects.filter(organization=organization, issuer=issuer, year=year).exists():
        raise _program_exists(organization, issuer, year)
    try:
        with transaction.atomic():
            program.save()
    except IntegrityError as exc:  # the same program recorded at once by two people
        raise _program_exists(organization, issuer, year) from exc
    audit.record(actor=actor, action="inspection_program.create", obj=program, scope_path=organization.path,
                 changes=audit.diff({}, audit.snapshot(program, PROGRAM_FIELDS)))
    return program


def _program_exists(organization, issuer, year) -> RuleViolation:
    return RuleViolation(_("%(body)s of %(org)s already has a program for %(year)s.") % {
        "body": InspectionProgram.Issuer(issuer).label, "org": organization.name, "year": year,
    }, code="program_exists")


# Inspections and supervisions

def _active_on(org: Organization, on: datetime.date) -> bool:
    return org.established_on <= on and (org.dissolved_on is None or org.dissolved_on > on)


def _check_inspection(*, actor, organization: Organization, kind: InspectionKind, program, start, end,
                      organizations, members) -> None:
    require_write(actor, organization)
    errors = [event_date_error("start", start, not_before=organization.established_on,
                               not_before_label=_("the establishment of %(org)s") % {"org": organization.name}),
              event_date_error("end", end)]
    if start and end and end < start:
        errors.append(field_error("end", _("The end date %(end)s is before the start date %(start)s.") % {
            "end": formatting.date(end), "start": formatting.date(start)}, "inspection_end_before_start"))
    if program is not None and (program.organization_id != organization.pk or program.year != start.year):
        errors.append(field_error("program", _(
            "The program %(program)s is the program of %(org)s for %(year)s: it does not cover an inspection by "
            "%(by)s starting on %(start)s."
        ) % {"program": program.number, "org": program.organization.name, "year": program.year,
             "by": organization.name, "start": formatting.date(start)}, "program_mismatch"))
    if not organizations and not members:
        errors.append(field_error("organizations", _(
            "Choose the organizations or the members the %(kind)s covers.") % {"kind": kind.name.lower()},
            "inspection_no_subject"))
    errors = [e for e in errors if e is not None]
    if errors:
        raise field_errors(*errors)
    for org in organizations:
        if not org.path.startswith(organization.path):
            raise field_error("organizations", _(
                "%(org)s does not stand under %(by)s: an organization inspects or supervises only its own "
                "organizations.") % {"org": org.name, "by": organization.name}, "subject_outside")
        if not _active_on(org, start):
            raise field_error("organizations", _("%(org)s did not stand on %(on)s.") % {
                "org": org.name, "on": formatting.date(start)}, "subject_not_standing")
    for member in members:
        cell = _cell_on(member, start)
        if cell is None:
            raise field_error("members", _("%(name)s was not on the rolls of a cell on %(on)s.") % {
                "name": member.full_name, "on": formatting.date(start)}, "member_not_on_rolls")
        if not cell.path.startswith(organization.path):
            raise field_error("members", _(
                "%(name)s was on the rolls of %(cell)s on %(on)s, which does not stand under %(by)s.") % {
                "name": member.full_name, "cell": cell.name, "on": formatting.date(start), "by": organization.name},
                "subject_outside")


def _cell_on(member: Member, on: datetime.date) -> Organization | None:
    """The cell whose rolls the member was on on `on` (None when on none)."""
    aff = (Affiliation.objects.filter(member=member, start__lte=on).filter(Q(end__isnull=True) | Q(end__gt=on))
           .select_related("organization").order_by("-start", "-id").first())
    return aff.organization if aff else None


@transaction.atomic
def inspection_create(*, actor, kind: InspectionKind, organization: Organization, title: str,
                      start: datetime.date, end: datetime.date | None = None, program: InspectionProgram | None = None,
                      organizations=(), members=(), findings: str = "") -> Inspection:
    """Record an inspection or a supervision conducted by `organization` over
    `organizations` and `members` (each counted once)."""
    # The rows as they stand (dates of establishment and dissolution), each once.
    organizations = list(Organization.objects.filter(pk__in=[o.pk for o in organizations]).order_by("path"))
    members = list({m.pk: m for m in members}.values())
    _check_inspection(actor=actor, organization=organization, kind=kind, program=program, start=start, end=end,
                      organizations=organizations, members=members)
    inspection = Inspection(kind=kind, organization=organization, program=program, title=title.strip(),
                            start=start, end=end, findings=findings.strip())
    inspection.full_clean(exclude=["kind", "organization", "program"], validate_constraints=False)
    inspection.save()
    InspectedOrganization.objects.bulk_create(
        [InspectedOrganization(inspection=inspection, organization=o) for o in organizations])
    InspectedMember.objects.bulk_create([InspectedMember(inspection=inspection, member=m) for m in members])
    audit.record(actor=actor, action="inspection.create", obj=inspection, scope_path=organization.path,
                 changes=audit.diff({}, audit.snapshot(inspection, INSPECTION_FIELDS))
                 | {"organizations": [None, [o.name for o in organizations]],
                    "members": [None, [m.full_name for m in members]]})
    return inspection


def _check_conclude(*, actor, inspection: Inspection, concluded_on: datetime.date | None) -> None:
    require_write(actor, inspection.organization)
    if concluded_on is None:
        return
    check_event_date("concluded_on", concluded_on, not_before=inspection.start,
                     not_before_label=_("the start of the inspection"))


def inspection_conclude_refusal(*, actor, inspection: Inspection) -> str:
    """Why `inspection_conclude` would refuse the actor (translated), or ""."""
    return refusal(_check_conclude, actor=actor, inspection=inspection, concluded_on=None)


@transaction.atomic
def inspection_conclude(*, actor, inspection: Inspection, conclusion: str, concluded_on: datetime.date,
                        findings: str | None = None, end: datetime.date | None = None) -> Inspection:
    """Record the conclusion (and the findings, the end date) of an inspection or supervision."""
    inspection = Inspection.objects.select_for_update(of=("self",)).select_related("organization").get(
        pk=inspection.pk)
    _check_conclude(actor=actor, inspection=inspection, concluded_on=concluded_on)
    if not conclusion.strip():
        raise field_error("conclusion", _("Write the conclusion."), "conclusion_required")
    before = audit.snapshot(inspection, INSPECTION_FIELDS)
    inspection.conclusion, inspection.concluded_on = conclusion.strip(), concluded_on
    if findings is not None:
        inspection.findings = findings.strip()
    if end is not None:
        if end < inspection.start:
            raise field_error("end", _("The end date %(end)s is before the start date %(start)s.") % {
                "end": formatting.date(end), "start": formatting.date(inspection.start)},
                "inspection_end_before_start")
        check_event_date("end", end)
        inspection.end = end
    inspection.full_clean(exclude=["kind", "organization", "program"], validate_constraints=False)
    inspection.save(update_fields=["conclusion", "concluded_on", "findings", "end"])
    audit.record(actor=actor, action="inspection.conclude", obj=inspection, scope_path=inspection.organization.path,
                 changes=audit.diff(before, audit.snapshot(inspection, INSPECTION_FIELDS)))
    return inspection


# Discipline

def _status_on(member: Member, on: datetime.date) -> str | None:
    change = (StatusChange.objects.filter(member=member, annulled=False, on__lte=on).order_by("-on", "-id")
              .values_list("status", flat=True).first())
    return change


def subject_kind(*, organization: Organization | None, member: Member | None, on: datetime.date) -> str:
    """The rules' subject: an organization, a full or a probationary member (on `on`)."""
    if organization is not None:
        return rules.ORGANIZATION
    status = _status_on(member, on)
    if status == Member.Status.FULL:
        return rules.FULL_MEMBER
    if status == Member.Status.PROBATIONARY:
        return rules.PROBATIONARY_MEMBER
    raise RuleViolation(_("%(name)s was not a Party member on %(on)s: only a member can be disciplined.") % {
        "name": member.full_name, "on": formatting.date(on)}, code="not_a_member_then")


def _unit(organization: Organization | None, member: Member | None, on: datetime.date) -> Organization:
    if organization is not None:
        return organization
    return _cell_on(member, on) or member.organization


def _check_discipline(*, actor, organization, member, form, violation_date, deciding_body, decided_on) -> Organization:
    """Everything `discipline_create` requires; returns the unit the decision counts for."""
    if (organization is None) == (member is None):
        raise RuleViolation(_("A discipline decision is about one organization or one member."),
                            code="discipline_one_subject")
    errors = [event_date_error("decided_on", decided_on), event_date_error("violation_date", violation_date)]
    if violation_date and decided_on and violation_date > decided_on:
        errors.append(field_error("violation_date", _(
            "The violation on %(violation)s cannot come after the decision of %(decided)s.") % {
            "violation": formatting.date(violation_date), "decided": formatting.date(decided_on)},
            "violation_after_decision"))
    if form not in Discipline.Form.values:
        errors.append(field_error("form", _("Unknown form of discipline."), "form_unknown"))
    errors = [e for e in errors if e is not None]
    if errors:
        raise field_errors(*errors)
    unit = _unit(organization, member, decided_on)
    require_write(actor, unit)
    subject = subject_kind(organization=organization, member=member, on=decided_on)
    rules.check_form(subject=subject, form=form, decided_on=decided_on)
    rules.check_limitation(subject=subject, form=form, violation=violation_date, decided_on=decided_on)
    above = deciding_body.pk != unit.pk if organization is not None else True
    if not unit.path.startswith(deciding_body.path) or (organization is not None and not above):
        raise field_error("deciding_body", _(
            "%(body)s cannot decide this discipline: the deciding body is %(what)s."
        ) % {"body": deciding_body.name,
             "what": _("a level above %(org)s") % {"org": unit.name} if organization is not None
             else _("%(org)s or a level above it") % {"org": unit.name}}, "deciding_body_not_above")
    return unit


def _relapse(*, organization: Organization | None, member: Member | None) -> None:
    """Recompute the lapse dates of every decision about one subject (``rules.lapse_dates``)."""
    subject = {"member": member} if member is not None else {"organization": organization}
    rows = list(Discipline.objects.filter(annulled=False, **subject).select_for_update())
    dates = rules.lapse_dates([(d.pk, d.decided_on, d.form) for d in rows])
    for row in rows:
        if row.lapses_on != dates[row.pk]:
            row.lapses_on = dates[row.pk]
            row.save(update_fields=["lapses_on"])
    Discipline.objects.filter(annulled=True, **subject).exclude(lapses_on=None).update(lapses_on=None)


@transaction.atomic
def discipline_create(*, actor, form: str, violation_date: datetime.date, deciding_body: Organization,
                      decided_on: datetime.date, number: str, organization: Organization | None = None,
                      member: Member | None = None, content: str = "") -> Discipline:
    """Record a discipline decision about `organization` or `member`. Expulsion expels the
    member (``members.services.member_change_status``); dissolution dissolves the
    organization (``orgs.services.organization_dissolve``)."""
    # The subject's decisions chain their lapse dates: one decision about a subject at a time
    # (the member's row locked; an organization's under the tree lock, which its dissolution
    # takes first anyway).
    if member is not None:
        require_write(actor, member.organization)  # before the lock: an actor outside waits for nothing
        member = Member.objects.select_for_update(of=("self",)).select_related("organization").get(pk=member.pk)
    elif organization is not None:
        require_write(actor, organization)
        org_services.tree_lock()
        organization = Organization.objects.get(pk=organization.pk)
    unit = _check_discipline(actor=actor, organization=organization, member=member, form=form,
                             violation_date=violation_date, deciding_body=deciding_body, decided_on=decided_on)
    if not number.strip():
        raise field_error("number", _("Write the number of the decision."), "number_required")
    discipline = Discipline(organization=organization, member=member, unit=unit, form=form,
                            violation_date=violation_date, content=content.strip(), deciding_body=deciding_body,
                            decided_on=decided_on, number=number.strip(),
                            rule_set=rules.rule_set_on(decided_on).name)
    discipline.full_clean(exclude=["organization", "member", "unit", "deciding_body"], validate_constraints=False)
    decision = _("%(number)s of %(date)s") % {"number": discipline.number, "date": formatting.date(decided_on)}
    if form == Discipline.Form.EXPULSION:
        member = member_services.member_change_status(actor=actor, member=member, status=Member.Status.EXPELLED,
                                                      on=decided_on, decision=decision)
        discipline.status_change = member.status_changes.filter(annulled=False).order_by("-on", "-id").first()
    elif form == Discipline.Form.DISSOLUTION:
        org_services.organization_dissolve(actor=actor, organization=organization, on=decided_on,
                                           reason=_("Discipline: dissolution, decision %(decision)s") % {
                                               "decision": decision})
    discipline.save()
    _relapse(organization=organization, member=member)
    discipline.refresh_from_db()
    audit.record(actor=actor, action="discipline.create", obj=discipline, scope_path=unit.path,
                 changes=audit.diff({}, audit.snapshot(discipline, DISCIPLINE_FIELDS)))
    return discipline


def _check_annul(*, actor, discipline: Discipline) -> None:
    require_write(actor, discipline.unit)
    if discipline.annulled:
        raise RuleViolation(_("This decision was already annulled."), code="already_annulled")
    if discipline.form == Discipline.Form.DISSOLUTION:
        raise RuleViolation(_(
            "A dissolution cannot be annulled here: nothing in the system restores a dissolved organization. "
            "Record the organization again (a new establishment) and note the annulment in its history."
        ), code="annul_dissolution")
    if discipline.form == Discipline.Form.EXPULSION and discipline.status_change is not None:
        change = discipline.status_change
        if not change.annulled:
            member_refusal = member_services.status_change_annul_refusal(actor=actor, change=change)
            if member_refusal:
                raise RuleViolation(member_refusal, code="annul_expulsion_refused")


def discipline_annul_refusal(*, actor, discipline: Discipline) -> str:
    """Why `discipline_annul` would refuse (translated), or ""."""
    return refusal(_check_annul, actor=actor, discipline=discipline)


@transaction.atomic
def discipline_annul(*, actor, discipline: Discipline, reason: str) -> Discipline:
    """Annul a decision found wrongful: it stays, marked, with the reason, who and when; an
    expulsion is undone (``members.services.status_change_annul``: the member is back on the
    rolls and the Party age runs on); the subject's other decisions lapse again on their own."""
    require_write(actor, discipline.unit)
    discipline = Discipline.objects.select_for_update(of=("self",)).select_related(
        "unit", "member", "organization", "status_change").get(pk=discipline.pk)
    _check_annul(actor=actor, discipline=discipline)
    if not reason.strip():
        raise field_error("reason", _("Say why the decision is annulled: the reason stays in the history."),
                          "annul_reason_required")
    before = audit.snapshot(discipline, DISCIPLINE_FIELDS)
    if discipline.status_change is not None and not discipline.status_change.annulled:
        member_services.status_change_annul(
            actor=actor, change=discipline.status_change, reason=reason.strip(),
            decision=_("annulment of discipline decision %(number)s") % {"number": discipline.number})
    discipline.annulled = True
    discipline.annul_reason = reason.strip()
    discipline.annulled_at = timezone.now()
    discipline.annulled_by = actor if getattr(actor, "pk", None) else None
    discipline.save(update_fields=["annulled", "annul_reason", "annulled_at", "annulled_by"])
    _relapse(organization=discipline.organization, member=discipline.member)
    discipline.refresh_from_db()
    audit.record(actor=actor, action="discipline.annul", obj=discipline, scope_path=discipline.unit.path,
                 changes=audit.diff(before, audit.snapshot(discipline, DISCIPLINE_FIELDS)), note=reason.strip())
    return discipline


@transaction.atomic
def complaint_record(*, actor, discipline: Discipline, filed_on: datetime.date, outcome: str = "",
                     decided_on: datetime.date | None = None, note: str = "") -> Complaint:
    """Record a complaint against a decision, with its outcome when known. An outcome
    "annulled" annuls the decision (``discipline_annul``, the note as the reason)."""
    require_write(actor, discipline.unit)
    errors = [event_date_error("filed_on", filed_on, not_before=discipline.decided_on,
                               not_before_label=_("the decision")),
              event_date_error("decided_on", decided_on, not_before=filed_on, not_before_label=_("the complaint"))]
    if outcome and outcome not in Complaint.Outcome.values:
        errors.append(field_error("outcome", _("Unknown outcome."), "outcome_unknown"))
    if outcome and decided_on is None:
        errors.append(field_error("decided_on", _("Give the date of the outcome."), "outcome_date_required"))
    if decided_on is not None and not outcome:
        errors.append(field_error("outcome", _("Give the outcome decided on that date."), "outcome_required"))
    errors = [e for e in errors if e is not None]
    if errors:
        raise field_errors(*errors)
    complaint = Complaint.objects.create(discipline=discipline, filed_on=filed_on, outcome=outcome,
                                         decided_on=decided_on, note=note.strip())
    audit.record(actor=actor, action="discipline.complaint", obj=discipline, scope_path=discipline.unit.path,
                 changes={"complaint": [None, {"filed_on": filed_on.isoformat(), "outcome": outcome,
                                               "decided_on": decided_on.isoformat() if decided_on else None}]},
                 note=note.strip())
    if outcome == Complaint.Outcome.ANNULLED:
        discipline_annul(actor=actor, discipline=discipline,
                         reason=note.strip() or _("Complaint upheld: the decision is annulled."))
    return complaint
