"""Writes to the admissions register. Each checks permission and the rules, and audits.

A step is recorded by ``step_record``: it checks the order (``rules.prerequisites``), the
document, the date and the rules of that step, then updates the file's derived state and
its next deadline. The ceremony makes the member record (``members.services.member_create``),
the recognition records full membership from the 12-month date, "not recognized" ends the
probation (the member is removed from the rolls, with the reason).

Preconditions a page shows before the write are the ``*_refusal`` functions.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvu.core import audit, bulk, dates, formatting
from dangvu.core.errors import RuleViolation, field_error, field_errors, refusal
from dangvu.core.text import normalize
from dangvu.members import services as member_services
from dangvu.members.models import MEMBER_HOLDING_KINDS, Member
from dangvu.members.selectors import full_members_on
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import require_write

from . import rules
from .models import Candidate, Introduction, Step

K = Step.Kind
IDENTITY_FIELDS = ["full_name", "gender", "birth_date", "ethnicity", "religion", "hometown", "education",
                   "profession", "citizen_id", "phone", "position"]
EDITABLE_FIELDS = [*IDENTITY_FIELDS, "helper", "over_60_consent"]
AUDIT_FIELDS = [*EDITABLE_FIELDS, "organization", "state", "last_step", "due_step", "due_on", "closed_on"]


def _check_cell(organization: Organization) -> None:
    if organization.kind not in MEMBER_HOLDING_KINDS:
        raise RuleViolation(_("A candidate's file belongs to a cell; %(org)s is not a cell.") % {"org": organization.name},
                            code="not_a_cell")
    if not organization.is_active:
        raise RuleViolation(_("%(org)s was dissolved and cannot take candidates.") % {"org": organization.name},
                            code="cell_dissolved")


def _check_helper(helper: Member | None) -> None:
    if helper is not None and (helper.status != Member.Status.FULL or not helper.on_roll):
        raise field_error("helper", _("%(name)s is not a full member on the rolls: only a full member can help a "
                                      "candidate.") % {"name": helper.full_name}, "helper_not_full")


def _validate(candidate: Candidate) -> None:
    candidate.full_name = " ".join(candidate.full_name.split())
    candidate.citizen_id = "".join((candidate.citizen_id or "").split())
    candidate.phone = " ".join((candidate.phone or "").split())
    candidate.full_clean(exclude=["organization", "member", "helper", "state", "last_step", "due_step", "due_on",
                                  "name_normalized", "started_on", "source"],
                         validate_unique=False, validate_constraints=False)
    today = timezone.localdate()
    errors = []
    if candidate.birth_date > today:
        errors.append(field_error("birth_date", _("The date of birth %(date)s is after today.") % {
            "date": formatting.date(candidate.birth_date)}, "date_in_future"))
    if candidate.citizen_id and (
        Candidate.objects.filter(citizen_id=candidate.citizen_id, closed_on__isnull=True, member__isnull=True)
        .exclude(pk=candidate.pk).exists()
        or Member.objects.filter(citizen_id=candidate.citizen_id).exclude(pk=candidate.member_id).exists()
    ):
        errors.append(field_error("citizen_id", _(
            "This citizen ID (CCCD) is already recorded for a member or another open admission file."
        ), "citizen_id_taken"))
    if errors:
        raise field_errors(*errors)
    candidate.name_normalized = normalize(candidate.full_name)


def _save(candidate: Candidate, **kwargs) -> None:
    try:
        with transaction.atomic():
            candidate.save(**kwargs)
    except IntegrityError as exc:
        raise field_error("citizen_id", _("Another open admission file has this citizen ID (CCCD)."),
                          "candidate_citizen_id_taken") from exc


@transaction.atomic
def candidate_create(*, actor, organization: Organization, full_name: str, gender: str, birth_date: datetime.date,
                     helper: Member | None = None, started_on: datetime.date | None = None, **identity) -> Candidate:
    """Open the admission file of a candidate of `organization` (a cell)."""
    require_write(actor, organization)
    _check_cell(organization)
    started_on = started_on or timezone.localdate()
    dates.check_event_date("started_on", started_on)
    _check_helper(helper)
    candidate = Candidate(organization=organization, full_name=full_name, gender=gender, birth_date=birth_date,
                          helper=helper, started_on=started_on, **identity)
    _validate(candidate)
    _save(candidate)
    audit.record(actor=actor, action="candidate.create", obj=candidate, scope_path=organization.path,
                 changes=audit.diff({}, audit.snapshot(candidate, AUDIT_FIELDS)))
    return candidate


def _locked(candidate: Candidate, actor) -> Candidate:
    candidate = Candidate.objects.select_for_update(of=("self",)).select_related("organization__parent").get(pk=candidate.pk)
    require_write(actor, candidate.organization)
    return candidate


@transaction.atomic
def candidate_update(*, actor, candidate: Candidate, **fields) -> Candidate:
    """Correct the person's details, the helper or the recorded consent."""
    candidate = _locked(candidate, actor)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise RuleViolation(_("These details cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
                            code="field_not_editable")
    if candidate.member_id and set(fields) & set(IDENTITY_FIELDS):
        raise RuleViolation(_("The person is now a member: correct their details on the member's page."),
                            code="identity_on_member")
    before = audit.snapshot(candidate, AUDIT_FIELDS)
    for name, value in fields.items():
        setattr(candidate, name, value)
    _check_helper(candidate.helper)
    _validate(candidate)
    _save(candidate)
    audit.record(actor=actor, action="candidate.update", obj=candidate, scope_path=candidate.organization.path,
                 changes=audit.diff(before, audit.snapshot(candidate, AUDIT_FIELDS)))
    return candidate


def _steps(candidate: Candidate) -> dict[str, Step]:
    return {step.kind: step for step in candidate.steps.all()}


def _check_open(candidate: Candidate) -> None:
    if candidate.closed_on:
        raise RuleViolation(_("The file was closed on %(date)s: %(reason)s") % {
            "date": formatting.date(candidate.closed_on), "reason": candidate.closed_reason}, code="file_closed")
    if candidate.source == Candidate.Source.HISTORICAL:
        raise RuleViolation(_("This admission was brought in from the historical register; its steps are on paper."),
                            code="file_historical")


def _check_step(*, actor, candidate: Candidate, kind: str, on: datetime.date | None = None) -> None:
    """The order: the step is known, not yet recorded, its prerequisites are, and the file is open."""
    require_write(actor, candidate.organization)
    _check_open(candidate)
    if kind not in rules.SPECS:
        raise RuleViolation(_("Unknown step."), code="step_unknown")
    spec = rules.SPECS[kind]
    label = rules.form_label(kind)
    if not rules.applies(spec, candidate.organization):
        raise RuleViolation(_("%(step)s does not apply to a file of %(org)s.") % {
            "step": label, "org": candidate.organization.name}, code="step_not_applicable")
    steps = _steps(candidate)
    if kind in steps:
        raise RuleViolation(_("%(step)s is already recorded (%(date)s).") % {
            "step": label, "date": formatting.date(steps[kind].on)}, code="step_recorded")
    if kind not in (K.NOT_RECOGNIZED, K.RECOGNITION) and K.NOT_RECOGNIZED in steps:
        raise RuleViolation(_("The probation ended without recognition."), code="probation_ended")
    if kind == K.NOT_RECOGNIZED and K.RECOGNITION in steps:
        raise RuleViolation(_("The member was already recognized as a full member."), code="already_recognized")
    if kind == K.RECOGNITION and K.NOT_RECOGNIZED in steps:
        raise RuleViolation(_("The probation ended without recognition."), code="probation_ended")
    missing = [k for k in rules.prerequisites(spec, candidate.organization) if k not in steps]
    if missing:
        raise RuleViolation(_("%(step)s comes after %(missing)s, which is not recorded yet.") % {
            "step": label, "missing": ", ".join(rules.form_label(k) for k in missing)}, code="step_out_of_order")
    if on is not None:
        for previous in rules.prerequisites(spec, candidate.organization):
            if on < steps[previous].on:
                raise field_error("on", _("%(step)s is dated %(date)s, before %(previous)s (%(previous_date)s).") % {
                    "step": label, "date": formatting.date(on), "previous": rules.form_label(previous),
                    "previous_date": formatting.date(steps[previous].on)}, "step_before_previous")


def step_refusal(*, actor, candidate: Candidate, kind: str) -> str:
    """Why `kind` cannot be recorded in the file now ("" when it can), for the pages."""
    return refusal(_check_step, actor=actor, candidate=candidate, kind=kind)


def next_steps(candidate: Candidate) -> list[str]:
    """The steps that can be recorded now, in order (for the file's form)."""
    if candidate.closed_on or candidate.source == Candidate.Source.HISTORICAL:
        return []
    steps = _steps(candidate)
    kinds = [spec.kind for spec in rules.steps_for(candidate.organization)]
    if K.CEREMONY in steps and K.RECOGNITION not in steps:
        kinds.append(K.NOT_RECOGNIZED)
    ready = []
    for kind in kinds:
        if kind in steps or (K.NOT_RECOGNIZED in steps and kind != K.NOT_RECOGNIZED):
            continue
        if all(k in steps for k in rules.prerequisites(rules.SPECS[kind], candidate.organization)):
            ready.append(kind)
    return ready


def _check_introductions(on: datetime.date, introducers: Sequence[tuple[Member, datetime.date]], union: str,
                         union_document: str, rule_set) -> None:
    members = [member for member, _since in introducers]
    if len({m.pk for m in members}) != len(members):
        raise field_error("introducers", _("The same member is named twice as introducer."), "introducer_twice")
    needed = 1 if union else 2
    if len(members) < needed:
        message = (_("3-KNĐ/4-KNĐ: with the union's resolution, one Party member introduces the candidate too.")
                   if union else
                   _("3-KNĐ: two full members introduce the candidate (or the Youth Union or trade union's resolution "
                     "and one member)."))
        raise field_error("introducers", message, "introducers_missing")
    if union and not union_document.strip():
        raise field_error("union_document", _("4-KNĐ: the number of the union's resolution is required."),
                          "document_missing")
    for member, since in introducers:
        full_since = member.full_membership_date
        if member.status != Member.Status.FULL or full_since is None or full_since > on:
            raise field_error("introducers", _(
                "%(rules)s: %(name)s is not a full member on %(date)s; only a full member can introduce a candidate."
            ) % {"rules": rule_set.name, "name": member.full_name, "date": formatting.date(on)}, "introducer_not_full")
        if since is None:
            raise field_error("introducers", _("Since when did %(name)s work with the candidate?") % {
                "name": member.full_name}, "introducer_since_missing")
        months = rules.age_in_months(since, on)
        if months < rule_set.introducer_months:
            raise field_error("introducers", _(
                "%(rules)s: %(name)s has worked with the candidate since %(since)s, %(months)s months on %(date)s; "
                "an introducer must have worked with the candidate at least %(needed)s months."
            ) % {"rules": rule_set.name, "name": member.full_name, "since": formatting.date(since), "months": months,
                 "date": formatting.date(on), "needed": rule_set.introducer_months}, "introducer_too_recent")


def derive_fields(candidate: Candidate, steps: dict[str, Step]) -> None:
    """Set the file's derived fields (state, last step, dates, next deadline) from its
    steps by kind, without saving: ``_refresh`` saves them, the demo's bulk load writes them."""
    ordered = sorted(steps.values(), key=lambda s: (s.on, s.id))
    candidate.last_step = ordered[-1].kind if ordered else ""
    if ordered and ordered[0].on < candidate.started_on:  # e.g. the awareness class, before the file was opened
        candidate.started_on = ordered[0].on
    candidate.decision_date = steps[K.DECISION].on if K.DECISION in steps else (
        candidate.decision_date if candidate.source == Candidate.Source.HISTORICAL else None)
    if K.CEREMONY in steps:
        candidate.ceremony_date = steps[K.CEREMONY].on
        candidate.probation_end = rules.probation_end(candidate.ceremony_date, rules.rule_set(candidate.ceremony_date))
    elif candidate.source == Candidate.Source.REGISTER:
        candidate.ceremony_date = candidate.probation_end = None
    if candidate.closed_on and not candidate.member_id:
        candidate.state = Candidate.State.WITHDRAWN
    elif K.NOT_RECOGNIZED in steps:
        candidate.state = Candidate.State.NOT_RECOGNIZED
    elif K.RECOGNITION in steps:
        candidate.state = Candidate.State.FULL
    elif K.CEREMONY in steps:
        candidate.state = Candidate.State.PROBATION
    elif K.DECISION in steps:
        candidate.state = Candidate.State.DECIDED
    elif candidate.source == Candidate.Source.REGISTER:
        candidate.state = Candidate.State.CANDIDATE
    due = rules.next_deadline(candidate, steps) if candidate.source == Candidate.Source.REGISTER else None
    candidate.due_step, candidate.due_on = (due.step, due.on) if due else ("", None)


def _refresh(candidate: Candidate) -> None:
    """The file's derived fields from its steps, saved."""
    derive_fields(candidate, _steps(candidate))
    candidate.save()


def _identity(candidate: Candidate) -> dict:
    return {name: getattr(candidate, name) for name in IDENTITY_FIELDS if name not in ("full_name", "gender",
                                                                                        "birth_date")}


@transaction.atomic
def step_record(
    *, actor, candidate: Candidate, kind: str, on: datetime.date, document_number: str = "",
    received_on: datetime.date | None = None, votes_for: int | None = None, note: str = "",
    introducers: Iterable[tuple[Member, datetime.date | None]] = (), union: str = "", union_document: str = "",
) -> Step:
    """Record one step of the file (see the module)."""
    candidate = _locked(candidate, actor)
    dates.check_event_date("on", on)
    _check_step(actor=actor, candidate=candidate, kind=kind, on=on)
    spec = rules.SPECS[kind]
    label = rules.form_label(kind, union=bool(union))
    rule_set = rules.rule_set(on)
    document_number = " ".join(document_number.split())
    if spec.numbered and not document_number and not (kind == K.INTRODUCTION and union):
        raise field_error("document_number", _("%(step)s: the document's number is required.") % {"step": label},
                          "document_missing")
    steps = _steps(candidate)
    step = Step(candidate=candidate, kind=kind, on=on, document_number=document_number, note=note.strip(),
                rule_set=rule_set.name, recorded_by=actor if getattr(actor, "pk", None) else None)
    introducers = list(introducers)
    if kind == K.INTRODUCTION:
        if union and union not in (Introduction.Kind.YOUTH_UNION, Introduction.Kind.TRADE_UNION):
            raise field_error("union", _("Unknown union."), "union_unknown")
        _check_introductions(on, introducers, union, union_document, rule_set)
    elif introducers or union:
        raise field_error("introducers", _("Introducers are recorded with the introduction."), "introducers_misplaced")
    if kind in (K.CELL_RESOLUTION, K.PROBATION_CELL_RESOLUTION):
        if kind == K.CELL_RESOLUTION:
            rules.check_age(candidate, on, rule_set)
            rules.check_certificate(steps[K.AWARENESS_CERTIFICATE].on, on, rule_set)
        else:
            if on < candidate.probation_end:
                raise field_error("on", _(
                    "%(rules)s: the cell considers full membership after the 12 months of probation, which end on "
                    "%(end)s, not on %(date)s."
                ) % {"rules": rule_set.name, "end": formatting.date(candidate.probation_end),
                     "date": formatting.date(on)}, "probation_not_over")
        members = full_members_on(candidate.organization, on)
        if candidate.member_id:
            members = members.exclude(pk=candidate.member_id)
        step.full_members = members.count()
        rules.check_votes(votes_for, step.full_members, rule_set, kind)
        step.votes_for = votes_for
    elif votes_for is not None:
        raise field_error("votes_for", _("Votes are recorded with a cell's resolution."), "votes_misplaced")
    if kind == K.DECISION:
        if received_on is not None:
            if received_on < on:
                raise field_error("received_on", _("The decision cannot be received (%(received)s) before it was "
                                                   "signed (%(date)s).") % {"received": formatting.date(received_on),
                                                                            "date": formatting.date(on)},
                                  "received_before_decision")
            dates.check_event_date("received_on", received_on)
        step.received_on = received_on
    elif received_on is not None:
        raise field_error("received_on", _("Only a decision has a date of receipt."), "received_misplaced")
    if kind == K.CEREMONY:
        decision = steps[K.DECISION]
        received = decision.received_on or decision.on
        if on < received:
            raise field_error("on", _("The ceremony (%(date)s) cannot come before the decision was received "
                                      "(%(received)s).") % {"date": formatting.date(on),
                                                            "received": formatting.date(received)},
                              "ceremony_before_receipt")
    if kind == K.RECOGNITION and on < candidate.probation_end:
        raise field_error("on", _("%(rules)s: full membership is decided after the 12 months of probation, which end "
                                  "on %(end)s.") % {"rules": rule_set.name, "end": formatting.date(candidate.probation_end)},
                          "probation_not_over")
    if kind == K.NOT_RECOGNIZED and not step.note:
        raise field_error("note", _("Say why the probationary member is not recognized."), "reason_missing")
    if kind == K.HELPER_REVIEW and candidate.helper_id is None:
        raise field_error("on", _("11-KNĐ: no member is assigned to help; assign the helper in the file first."),
                          "helper_missing")
    step.save()
    for member, since in introducers:
        Introduction.objects.create(step=step, kind=Introduction.Kind.MEMBER, member=member,
                                    worked_together_since=since)
    if union:
        Introduction.objects.create(step=step, kind=union, document_number=" ".join(union_document.split()))
    _member_effects(actor, candidate, step, steps)
    before = audit.snapshot(candidate, AUDIT_FIELDS)
    _refresh(candidate)
    audit.record(actor=actor, action="candidate.step", obj=candidate, scope_path=candidate.organization.path,
                 changes=audit.diff(before, audit.snapshot(candidate, AUDIT_FIELDS)),
                 note=f"{label}: {formatting.date(on)} {document_number}".strip())
    return step


def _member_effects(actor, candidate: Candidate, step: Step, steps: dict[str, Step]) -> None:
    """The member record follows the register: made at the ceremony, full from the 12-month
    date at the recognition, removed from the rolls when not recognized."""
    if step.kind == K.CEREMONY:
        candidate.member = member_services.member_create(
            actor=actor, organization=candidate.organization, full_name=candidate.full_name, gender=candidate.gender,
            birth_date=candidate.birth_date, admission_decision_date=steps[K.DECISION].on, ceremony_date=step.on,
            by_register=True, **_identity(candidate),
        )
    elif step.kind == K.RECOGNITION:
        member_services.member_change_status(actor=actor, member=candidate.member, status=Member.Status.FULL,
                                             on=candidate.probation_end, decision=step.document_number)
    elif step.kind == K.NOT_RECOGNIZED:
        member_services.member_change_status(actor=actor, member=candidate.member, status=Member.Status.REMOVED,
                                             on=step.on, decision=f"{step.document_number}: {step.note}")
        candidate.closed_on, candidate.closed_reason = step.on, step.note


def _check_undo(*, actor, step: Step) -> None:
    candidate = step.candidate
    require_write(actor, candidate.organization)
    _check_open(candidate)
    if step.kind in rules.MEMBER_STEPS:
        raise RuleViolation(_("%(step)s changed the member's record and cannot be withdrawn here; correct the member's "
                              "record instead.") % {"step": rules.form_label(step.kind)}, code="step_changed_member")
    later = [s for s in candidate.steps.all() if s.pk != step.pk and step.kind in
             rules.prerequisites(rules.SPECS[s.kind], candidate.organization)]
    if later:
        raise RuleViolation(_("%(later)s was recorded after it: withdraw that first.") % {
            "later": rules.form_label(later[0].kind)}, code="step_has_later")


def step_undo_refusal(*, actor, step: Step) -> str:
    return refusal(_check_undo, actor=actor, step=step)


@transaction.atomic
def step_undo(*, actor, step: Step, reason: str) -> Candidate:
    """Withdraw a step recorded by mistake (the audit keeps what it was and why)."""
    candidate = _locked(step.candidate, actor)
    step = candidate.steps.get(pk=step.pk)
    _check_undo(actor=actor, step=step)
    if not reason.strip():
        raise field_error("reason", _("Say why the step is withdrawn."), "reason_missing")
    before = audit.snapshot(candidate, AUDIT_FIELDS)
    label = rules.form_label(step.kind)
    step.delete()
    _refresh(candidate)
    audit.record(actor=actor, action="candidate.step_undo", obj=candidate, scope_path=candidate.organization.path,
                 changes=audit.diff(before, audit.snapshot(candidate, AUDIT_FIELDS)), note=f"{label}: {reason.strip()}")
    return candidate


@transaction.atomic
def candidate_extend(*, actor, candidate: Candidate, reason: str) -> Candidate:
    """Extend the deadline that runs now: the admission decision (after the cell's resolution)
    or the decision on full membership (after the cell's resolution on it)."""
    candidate = _locked(candidate, actor)
    _check_open(candidate)
    reason = " ".join(reason.split())
    if not reason:
        raise field_error("reason", _("Say why the deadline is extended."), "reason_missing")
    before = audit.snapshot(candidate, AUDIT_FIELDS)
    if candidate.due_step == K.DECISION and not candidate.decision_extended:
        candidate.decision_extended = reason
    elif candidate.due_step == K.RECOGNITION and not candidate.recognition_extended:
        candidate.recognition_extended = reason
    else:
        raise RuleViolation(_("Only the deadline of the admission decision or of the decision on full membership can "
                              "be extended, once."), code="nothing_to_extend")
    _refresh(candidate)
    audit.record(actor=actor, action="candidate.extend", obj=candidate, scope_path=candidate.organization.path,
                 changes=audit.diff(before, audit.snapshot(candidate, AUDIT_FIELDS)), note=reason)
    return candidate


@transaction.atomic
def candidate_close(*, actor, candidate: Candidate, on: datetime.date, reason: str) -> Candidate:
    """Close a file before the admission decision (the person withdrew, moved away, ...)."""
    candidate = _locked(candidate, actor)
    _check_open(candidate)
    if candidate.decision_date:
        raise RuleViolation(_("The admission was decided: the file cannot be closed, record the next step instead."),
                            code="already_decided")
    dates.check_event_date("on", on, not_before=candidate.started_on, not_before_label=_("the file was opened"))
    if not reason.strip():
        raise field_error("reason", _("Say why the file is closed."), "reason_missing")
    before = audit.snapshot(candidate, AUDIT_FIELDS)
    candidate.closed_on, candidate.closed_reason = on, reason.strip()
    _refresh(candidate)
    audit.record(actor=actor, action="candidate.close", obj=candidate, scope_path=candidate.organization.path,
                 changes=audit.diff(before, audit.snapshot(candidate, AUDIT_FIELDS)), note=reason.strip())
    return candidate


def historical_file_for(*, member: Member, actor) -> Candidate:
    """The file of a member admitted outside the register (``core.registry`` admission
    handler, inside ``member_create``'s transaction): no steps, counted by its decision date."""
    candidate = historical_file(member, organization_id=member.organization_id)
    candidate.save()
    audit.record(actor=actor, action="candidate.historical", obj=candidate, scope_path=member.organization.path)
    return candidate


# A historical file's fields taken from its member's: {file's field: member's}.
_FROM_MEMBER = {
    "full_name": "full_name", "gender": "gender", "birth_date": "birth_date", "started_on": "admission_decision_date",
    "decision_date": "admission_decision_date", "ceremony_date": "ceremony_date",
    **{name: name for name in ("ethnicity", "religion", "hometown", "education", "profession", "citizen_id", "phone",
                               "position")},
}


def _file_state(full_membership_date) -> str:
    return Candidate.State.FULL if full_membership_date else Candidate.State.PROBATION


def historical_file(member: Member, *, organization_id: int) -> Candidate:
    """The (unsaved) historical file of `member`, admitted in the cell `organization_id`."""
    return Candidate(
        organization_id=organization_id, source=Candidate.Source.HISTORICAL, member=member,
        name_normalized=member.name_normalized or normalize(member.full_name),
        state=_file_state(member.full_membership_date),
        **{name: getattr(member, of_member) for name, of_member in _FROM_MEMBER.items()},
    )


def historical_files_bulk(*, members, actor, shared: dict | None = None) -> list[tuple]:
    """``historical_file_for`` for many members written at once (``core.registry`` bulk
    admission handler, inside ``members.members_bulk_write``'s transaction; `members`: a
    ``members.services.NewMembers``, written, with their ids; `shared`: the conversions of
    the load's values, ``core.bulk.insert_columns``'): the files in a few statements, as
    columns, audited by the one row of the load that covers them."""
    if not len(members):
        return []
    columns = {name: members[of_member] for name, of_member in _FROM_MEMBER.items()}
    columns.update({
        "organization_id": [o.pk for o in members["organization"]], "source": Candidate.Source.HISTORICAL,
        "member_id": members["id"], "name_normalized": members["name_normalized"],
        "state": [_file_state(full) for full in members["full_membership_date"]],
    })
    ids = bulk.insert_columns(Candidate, columns, len(members), shared=shared)
    return [(Candidate, ids[0], ids[-1])]


def refresh_deadlines() -> int:
    """Recompute the deadlines of every open file (after the calendar of working days
    changed). Returns how many files were looked at."""
    count = 0
    open_files = Candidate.objects.filter(source=Candidate.Source.REGISTER, closed_on__isnull=True).exclude(
        state=Candidate.State.FULL).select_related("organization__parent")
    with transaction.atomic():
        for candidate in open_files.select_for_update(of=("self",)):
            _refresh(candidate)
            count += 1
    return count
