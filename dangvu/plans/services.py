"""Writes to plans, targets, results, approvals and tasks: permission, rules, audit."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvu.core import audit, formatting
from dangvu.core.errors import PermissionDenied, RuleViolation, ValidationError
from dangvu.core.periods import PeriodError, parse
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import require_write

from .models import Return, Congress, Indicator, Plan, Result, Target, Task, Term
from .selectors import lock_message, shares_add_up


class Conflict(RuleViolation):
    """Someone else changed the value since it was read: nothing was overwritten."""


def _period(code: str) -> str:
    try:
        return parse(code).code
    except PeriodError as exc:
        raise ValidationError({"period": str(exc)}) from exc


_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")


def _decimal(value, field: str = "value") -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    # Vietnamese writing: "." groups thousands, "," marks decimals: 1.234,5 and 9.500.
    if "." in text and not _THOUSANDS.match(text):
        raise ValidationError({field: _("“%(value)s”: write decimals with a comma (1.234,5).") % {"value": value}})
    text = text.replace(".", "").replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValidationError({field: _("“%(value)s” is not a number.") % {"value": value}}) from exc


def _amount_text(value: Decimal | None) -> str | None:
    """A value as the audit trail keeps it: the same number reads the same ("250", not
    "250.0000" once and "250" the next time), so an unchanged value is no change."""
    return None if value is None else format(Decimal(value).normalize(), "f")


def _shown(value: Decimal) -> str:
    """A value in a message, as the user writes it (1.234,5)."""
    return formatting.decimal(value, 4)


def _require_catalog_admin(actor) -> None:
    if not actor.is_superuser:
        raise PermissionDenied(_("Only a superuser may change the indicator catalog."))


@transaction.atomic
def term_create(*, actor, code: str) -> Term:
    _require_catalog_admin(actor)
    period = parse(code)
    term = Term.objects.create(code=period.code, start=period.start, end=period.end)
    audit.record(actor=actor, action="term.create", obj=term, scope_path="", changes={"code": [None, term.code]})
    return term


@transaction.atomic
def congress_create(*, actor, organization: Organization, term: Term, ordinal: int, held_on: datetime.date) -> Congress:
    require_write(actor, organization)
    congress = Congress.objects.create(organization=organization, term=term, ordinal=ordinal, held_on=held_on)
    audit.record(actor=actor, action="congress.create", obj=congress, scope_path=organization.path,
                 changes={"ordinal": [None, ordinal], "term": [None, term.code]})
    return congress


INDICATOR_FIELDS = ["code", "name", "unit", "value_type", "aggregation", "direction", "source", "measure_key",
                    "numerator", "denominator", "multiplier", "decimals"]


@transaction.atomic
def indicator_create(*, actor, code: str, name: str, **fields) -> Indicator:
    _require_catalog_admin(actor)
    indicator = Indicator(code=code, name=name, **fields)
    if indicator.source == "measure":
        from dangvu.core import measures

        try:
            measures.get(indicator.measure_key)
        except KeyError as exc:
            raise ValidationError({"measure_key": _("Unknown measure: %(key)s.") % {"key": indicator.measure_key}}) from exc
    indicator.full_clean()
    indicator.save()
    audit.record(actor=actor, action="indicator.create", obj=indicator, scope_path="",
                 changes=audit.diff({}, audit.snapshot(indicator, INDICATOR_FIELDS)))
    return indicator


#: Plan codes appear in web addresses (/plans/<code>/): no "/" nor spaces, and not a word
#: the addresses use themselves.
_PLAN_CODE = re.compile(r"^[\w.-]+$")
RESERVED_PLAN_CODES = frozenset({"new"})


@transaction.atomic
def plan_create(
    *, actor, code: str, kind: str, organization: Organization, title: str, issued_on: datetime.date,
    period: str, number: str = "", term: Term | None = None, congress: Congress | None = None,
    parent: Plan | None = None,
) -> Plan:
    require_write(actor, organization)
    code = (code or "").strip()
    if code and (not _PLAN_CODE.match(code) or code in RESERVED_PLAN_CODES):
        raise ValidationError({"code": _("A plan's code is part of its web address: use letters, digits, "
                                         "“-”, “_” and “.” only (not “new”).")})
    plan = Plan(code=code, kind=kind, organization=organization, title=title.strip(), issued_on=issued_on,
                period=_period(period), number=number.strip(), term=term, congress=congress, parent=parent)
    plan.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:
        raise ValidationError({"code": _("The code %(code)s is already used by another plan.") % {"code": code}}) from exc
    audit.record(actor=actor, action="plan.create", obj=plan, scope_path=organization.path,
                 changes=audit.diff({}, audit.snapshot(plan, ["code", "kind", "number", "title", "issued_on", "period"])))
    return plan


def _check_target_org(plan: Plan, organization: Organization) -> None:
    if not organization.path.startswith(plan.organization.path):
        raise RuleViolation(
            _("%(org)s is not under %(issuer)s, which issued this plan.")
            % {"org": organization.name, "issuer": plan.organization.name}
        )


@transaction.atomic
def target_set(
    *, actor, plan: Plan, indicator: Indicator, organization: Organization, period: str, value,
    comparator: str = Target.Comparator.GTE, sort_order: int = 0,
) -> Target:
    """Create or change the target of `organization` for `indicator` in `plan`."""
    require_write(actor, plan.organization)
    _check_target_org(plan, organization)
    if comparator not in Target.Comparator.values:
        raise ValidationError({"comparator": _("Unknown comparator.")})
    amount = _decimal(value)
    if amount is None:
        raise ValidationError({"value": _("A target needs a value.")})
    code = _period(period)
    target, created = Target.objects.select_for_update().get_or_create(
        plan=plan, indicator=indicator, organization=organization, period=code,
        defaults={"value": amount, "comparator": comparator, "sort_order": sort_order},
    )
    before = {} if created else {"value": _amount_text(target.value), "comparator": target.comparator}
    if not created:
        target.value, target.comparator = amount, comparator
        target.save(update_fields=["value", "comparator"])
    audit.record(actor=actor, action="target.set", obj=target, scope_path=organization.path,
                 changes=audit.diff(before, {"value": _amount_text(target.value), "comparator": target.comparator}),
                 note=f"{plan.code} {indicator.code} {code}")
    return target


@transaction.atomic
def target_cascade(
    *, actor, plan: Plan, indicator: Indicator, period: str, shares: dict[Organization, object]
) -> list[Target]:
    """Hand a target down: each child organization gets its own (editable) target. For a
    summed indicator the shares must add up to at least the parent's target (at most, when
    lower is better), counting the shares the other active children already hold: handing
    down to some units keeps the others' shares; otherwise each share must itself meet the
    parent's target. Cascades of one target run one at a time (the parent row is locked)."""
    require_write(actor, plan.organization)
    code = _period(period)
    parent = Target.objects.select_for_update().filter(
        plan=plan, indicator=indicator, organization=plan.organization, period=code).first()
    if parent is None:
        raise RuleViolation(_("%(org)s has no target for %(ind)s in %(period)s to hand down.")
                            % {"org": plan.organization.name, "ind": indicator.name, "period": code})
    amounts = {org: _decimal(v) for org, v in shares.items()}
    for org in amounts:
        if org.parent_id != plan.organization.pk:
            raise RuleViolation(_("%(org)s is not directly under %(issuer)s.")
                                % {"org": org.name, "issuer": plan.organization.name})
    lower = parent.comparator == Target.Comparator.LTE
    if shares_add_up(indicator):
        kept = Target.objects.filter(
            plan=plan, indicator=indicator, period=code, organization__parent_id=plan.organization.pk,
            organization__dissolved_on__isnull=True,
        ).exclude(organization__in=[org.pk for org in amounts]).aggregate(total=Sum("value"))["total"]
        total = sum(amounts.values(), kept or Decimal(0))
        if (total < parent.value) if not lower else (total > parent.value):
            text = (_("The shares add up to %(total)s, over the ceiling %(target)s of %(org)s.") if lower
                    else _("The shares add up to %(total)s, short of the target %(target)s of %(org)s."))
            raise RuleViolation(
                text % {"total": _shown(total), "target": _shown(parent.value), "org": plan.organization.name}
            )
    else:
        for org, amount in amounts.items():
            if (amount < parent.value) if not lower else (amount > parent.value):
                raise RuleViolation(
                    _("The target of %(org)s (%(value)s) does not meet the target %(target)s it is part of.")
                    % {"org": org.name, "value": _shown(amount), "target": _shown(parent.value)}
                )
    return [
        target_set(actor=actor, plan=plan, indicator=indicator, organization=org, period=code,
                   value=amount, comparator=parent.comparator, sort_order=parent.sort_order)
        for org, amount in amounts.items()
    ]


@transaction.atomic
def target_delete(*, actor, target: Target) -> int:
    """Delete a target, and with it the targets handed down from it: those of the same plan,
    indicator and period for the units under its organization (a share means nothing once
    the whole it was part of is gone). Each deleted target gets its audit row; the row of
    `target` counts the shares deleted with it (`changes["shares"]`). Returns that count."""
    target = (Target.objects.select_for_update(of=("self",))
              .select_related("plan__organization", "organization", "indicator").filter(pk=target.pk).first())
    if target is None:
        raise RuleViolation(_("This target has already been deleted."))
    plan = target.plan
    require_write(actor, plan.organization)
    shares = list(
        Target.objects.select_for_update(of=("self",)).select_related("organization")
        .filter(plan=plan, indicator_id=target.indicator_id, period=target.period,
                organization__path__startswith=target.organization.path)
        .exclude(pk=target.pk).order_by("organization__path")
    )
    note = f"{plan.code} {target.indicator.code} {target.period}"
    for share in shares:
        audit.record(actor=actor, action="target.delete", obj=share, scope_path=share.organization.path,
                     changes={"value": [_amount_text(share.value), None], "comparator": [share.comparator, None]},
                     note=note)
    audit.record(actor=actor, action="target.delete", obj=target, scope_path=target.organization.path,
                 changes={"value": [_amount_text(target.value), None], "comparator": [target.comparator, None],
                          "shares": [len(shares), 0]},
                 note=note)
    Target.objects.filter(pk__in=[target.pk, *(s.pk for s in shares)]).delete()
    return len(shares)


def _approval(organization: Organization, period: str) -> Return:
    approval, _created = Return.objects.select_for_update().get_or_create(organization=organization, period=period)
    return approval


def _check_open(organization: Organization, period: str) -> None:
    message = lock_message(organization=organization, period=period)
    if message:
        raise RuleViolation(message)


def _ancestor_ids(organization: Organization) -> list[int]:
    from dangvu.orgs.models import path_ids

    return path_ids(organization.path)


@transaction.atomic
def result_save(
    *, actor, indicator: Indicator, organization: Organization, period: str, value,
    version: int | None, comment: str = "",
) -> Result:
    """Enter a unit's value. `version` is the version the user saw (None for a new value):
    if someone saved in between, Conflict is raised and nothing is overwritten."""
    require_write(actor, organization)
    code = _period(period)
    if indicator.source != "entered":
        raise RuleViolation(_("%(ind)s is computed from records and cannot be entered.") % {"ind": indicator.name})
    _check_open(organization, code)
    amount = _decimal(value)
    if version is None:
        try:
            with transaction.atomic():
                result = Result.objects.create(indicator=indicator, organization=organization, period=code,
                                               value=amount, comment=comment, updated_by=_user(actor))
        except IntegrityError:
            raise _conflict(indicator, organization, code) from None
        audit.record(actor=actor, action="result.save", obj=result, scope_path=organization.path,
                     changes=audit.diff({}, {"value": _amount_text(amount), "comment": comment}),
                     note=f"{indicator.code} {code}")
        return result
    current = Result.objects.filter(indicator=indicator, organization=organization, period=code).first()
    if current is None:
        raise _conflict(indicator, organization, code)
    updated = Result.objects.filter(pk=current.pk, version=version).update(
        value=amount, comment=comment, version=F("version") + 1, state=Result.State.DRAFT,
        updated_by=_user(actor), updated_at=timezone.now(),
    )
    if not updated:
        raise _conflict(indicator, organization, code)
    result = Result.objects.get(pk=current.pk)
    changes = audit.diff({"value": _amount_text(current.value), "comment": current.comment},
                         {"value": _amount_text(result.value), "comment": result.comment})
    audit.record(actor=actor, action="result.save", obj=result, scope_path=organization.path,
                 changes=changes, note=f"{indicator.code} {code}")
    return result


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _conflict(indicator, organization, period) -> Conflict:
    current = Result.objects.filter(indicator=indicator, organization=organization, period=period).select_related("updated_by").first()
    who = current.updated_by.get_username() if current and current.updated_by else _("someone else")
    shown = "—" if current is None or current.value is None else _shown(current.value)
    return Conflict(
        _("%(who)s changed “%(ind)s” in the meantime (now %(value)s). Nothing was overwritten: "
          "review the new value and save again.") % {"who": who, "ind": indicator.name, "value": shown}
    )


@transaction.atomic
def return_submit(*, actor, organization: Organization, period: str, today: datetime.date | None = None) -> Return:
    """Submit a unit's report: refused while a validation rule gives an error."""
    from .validation import check_report

    require_write(actor, organization)
    code = _period(period)
    _check_open(organization, code)
    issues = check_report(organization=organization, period=parse(code))
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise RuleViolation([i.message for i in errors])
    approval = _approval(organization, code)
    # Timeliness counts the first submission: a correction after reopening is not "late".
    approval.state, approval.submitted_at = Return.State.SUBMITTED, approval.submitted_at or timezone.now()
    approval.save(update_fields=["state", "submitted_at"])
    Result.objects.filter(organization=organization, period=code).update(state=Result.State.SUBMITTED)
    audit.record(actor=actor, action="return.submit", obj=approval, scope_path=organization.path, note=code)
    return approval


def _require_higher_level(actor, organization: Organization) -> None:
    require_write(actor, organization)
    if not actor.is_superuser and actor.organization_id == organization.pk:
        raise PermissionDenied(_("A report is approved or reopened by the level above, not by the unit itself."))


@transaction.atomic
def return_approve(*, actor, organization: Organization, period: str) -> Return:
    """Approve (and lock) a unit's report. A unit is approvable when all its reporting
    children are approved."""
    from .selectors import unapproved_children
    from .validation import check_report, forms_for

    _require_higher_level(actor, organization)
    code = _period(period)
    approval = _approval(organization, code)
    if approval.state == Return.State.APPROVED:
        raise RuleViolation(_("This report is already approved."))
    if forms_for(organization, parse(code)):
        if approval.state != Return.State.SUBMITTED:
            raise RuleViolation(_("%(org)s has not submitted its report for %(period)s yet.")
                                % {"org": organization.name, "period": code})
        errors = [i.message for i in check_report(organization=organization, period=parse(code)) if i.severity == "error"]
        if errors:
            raise RuleViolation(errors)
    waiting = unapproved_children(organization=organization, period=parse(code))
    if waiting:
        raise RuleViolation(
            _("Approve the units under it first: %(names)s.") % {"names": ", ".join(o.name for o in waiting[:5])}
            + (f" (+{len(waiting) - 5})" if len(waiting) > 5 else "")
        )
    approval.state, approval.approved_at, approval.approved_by = Return.State.APPROVED, timezone.now(), _user(actor)
    approval.reopen_reason = ""
    approval.save(update_fields=["state", "approved_at", "approved_by", "reopen_reason"])
    Result.objects.filter(organization=organization, period=code).update(state=Result.State.APPROVED)
    audit.record(actor=actor, action="return.approve", obj=approval, scope_path=organization.path, note=code)
    return approval


@transaction.atomic
def return_reopen(*, actor, organization: Organization, period: str, reason: str) -> Return:
    _require_higher_level(actor, organization)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the report is reopened.")})
    code = _period(period)
    approval = _approval(organization, code)
    if approval.state == Return.State.OPEN:
        raise RuleViolation(_("This report is already open."))
    if organization.parent_id:
        above = lock_message(organization=organization.parent, period=code)
        if above:
            raise RuleViolation(above)
    approval.state, approval.reopen_reason = Return.State.OPEN, reason.strip()
    approval.save(update_fields=["state", "reopen_reason"])
    Result.objects.filter(organization=organization, period=code).update(state=Result.State.DRAFT)
    audit.record(actor=actor, action="return.reopen", obj=approval, scope_path=organization.path,
                 note=f"{code}: {reason.strip()}")
    return approval


TASK_FIELDS = ["title", "source", "due_on"]
TASK_STATUS_FIELDS = ["status", "completed_on"]


@transaction.atomic
def task_create(
    *, actor, plan: Plan, organization: Organization, title: str, source: str = Task.Source.PROGRAM,
    due_on: datetime.date | None = None,
) -> Task:
    """Give a unit under the plan's issuer a key task. The title is required (at most 400
    characters), the source is the program or the vertical line; a dissolved unit gets no
    new task. Errors name the field they are about."""
    require_write(actor, organization)
    _check_target_org(plan, organization)
    if organization.dissolved_on is not None:
        raise RuleViolation(_("%(org)s was dissolved and gets no new tasks.") % {"org": organization.name})
    task = Task(plan=plan, organization=organization, title=(title or "").strip(), source=source, due_on=due_on)
    task.full_clean(exclude=["plan", "organization"], validate_unique=False, validate_constraints=False)
    task.save()
    audit.record(actor=actor, action="task.create", obj=task, scope_path=organization.path,
                 changes=audit.diff({}, audit.snapshot(task, TASK_FIELDS)), note=plan.code)
    return task


@transaction.atomic
def task_set_status(*, actor, task: Task, status: str, on: datetime.date | None = None) -> Task:
    """Mark a key task completed (on `on`, default today), cancelled, or in progress again
    (reopened, the completion date cleared). A completion date is neither after today nor
    before the plan was issued. A change that changes nothing (someone else made it in the
    meantime, a second click) is refused and writes nothing; completing a completed task on
    another date corrects its date. The task row is locked while it changes."""
    task = (Task.objects.select_for_update(of=("self",)).select_related("organization", "plan")
            .filter(pk=task.pk).first())
    if task is None:
        raise RuleViolation(_("This task has been deleted."))
    require_write(actor, task.organization)
    if status not in Task.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    completed = None
    if status == Task.Status.DONE:
        today = timezone.localdate()
        completed = on or today
        if completed > today:
            raise ValidationError({"on": _("The completion date %(date)s is after today.")
                                   % {"date": formatting.date(completed)}})
        if completed < task.plan.issued_on:
            raise ValidationError({"on": _("The completion date %(date)s is before the plan was issued "
                                           "(%(issued)s).") % {"date": formatting.date(completed),
                                                               "issued": formatting.date(task.plan.issued_on)}})
    if status == task.status and completed == task.completed_on:
        already = {
            Task.Status.OPEN: _("This task is already in progress."),
            Task.Status.DONE: _("This task is already marked completed on %(date)s."),
            Task.Status.CANCELLED: _("This task is already cancelled."),
        }[status]
        raise RuleViolation(already % {"date": formatting.date(completed)})
    before = audit.snapshot(task, TASK_STATUS_FIELDS)
    task.status, task.completed_on = status, completed
    task.save(update_fields=TASK_STATUS_FIELDS)
    audit.record(actor=actor, action="task.status", obj=task, scope_path=task.organization.path,
                 changes=audit.diff(before, audit.snapshot(task, TASK_STATUS_FIELDS)), note=task.plan.code)
    return task
