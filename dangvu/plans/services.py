"""Writes to plans, targets, results, approvals and tasks: permission, rules, audit."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dangvu.core import audit, formatting, measures, periods
from dangvu.core.dates import check_event_date
from dangvu.core.errors import (
    PermissionDenied,
    RuleViolation,
    ValidationError,
    field_error,
    message,
    refusal,
)
from dangvu.core.periods import TERM, Period, PeriodError, parse
from dangvu.orgs.models import Organization, under
from dangvu.orgs.scope import require_write

from . import locks
from .models import Congress, Indicator, Plan, ReportingForm, Result, Return, Target, Task, Term
from .selectors import (
    first_submit_day,
    lock_message,
    locking_returns,
    person_name,
    shares_add_up,
    submit_days_before_end,
    unapproved_children,
)
from .values import read_value


class Conflict(RuleViolation):
    """Someone else changed the value since it was read: nothing was overwritten."""


def _period(code: str) -> str:
    try:
        return parse(code).code
    except PeriodError as exc:
        raise field_error("period", str(exc), exc.code) from exc


def _as_period(period: str | Period) -> Period:
    return parse(_period(period)) if isinstance(period, str) else period


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
    """A term (2020-2025), once: a second term of the same years is refused."""
    _require_catalog_admin(actor)
    try:
        period = parse(code)
    except PeriodError as exc:
        raise field_error("code", str(exc), "period_invalid") from exc
    if period.kind != TERM:
        raise field_error("code", _("A term is written as its first and last years: 2020-2025."), "term_not_a_term")
    try:
        with transaction.atomic():
            term = Term.objects.create(code=period.code, start=period.start, end=period.end)
    except IntegrityError:
        raise RuleViolation(_("The term %(code)s already exists.") % {"code": period.code},
                            code="term_duplicate") from None
    audit.record(actor=actor, action="term.create", obj=term, scope_path="", changes={"code": [None, term.code]})
    return term


@transaction.atomic
def congress_create(*, actor, organization: Organization, term: Term, ordinal: int, held_on: datetime.date) -> Congress:
    """A congress of `organization` (its `ordinal`-th, "lần thứ XVI"), once: a second one
    with the same number is refused."""
    require_write(actor, organization)
    if ordinal < 1:
        raise field_error("ordinal", _("A congress is numbered from 1."), "congress_ordinal")
    check_event_date("held_on", held_on, not_before=organization.established_on,
                     not_before_label=_("the establishment of %(org)s") % {"org": organization.name})
    congress = Congress(organization=organization, term=term, ordinal=ordinal, held_on=held_on)
    try:
        with transaction.atomic():
            congress.save()
    except IntegrityError:
        raise RuleViolation(_("%(org)s already has a congress number %(number)s.")
                            % {"org": organization.name, "number": congress.roman}, code="congress_duplicate") from None
    audit.record(actor=actor, action="congress.create", obj=congress, scope_path=organization.path,
                 changes={"ordinal": [None, ordinal], "term": [None, term.code]})
    return congress


INDICATOR_FIELDS = ["code", "name", "unit", "value_type", "aggregation", "direction", "source", "measure_key",
                    "numerator", "denominator", "multiplier", "decimals", "counted_from"]


@transaction.atomic
def indicator_create(*, actor, code: str, name: str, **fields) -> Indicator:
    _require_catalog_admin(actor)
    indicator = Indicator(code=code, name=name, **fields)
    _check_counted_from(indicator.counted_from)
    if indicator.source == "measure":
        _check_measure(indicator.measure_key)
    indicator.full_clean()
    indicator.save()
    audit.record(actor=actor, action="indicator.create", obj=indicator, scope_path="",
                 changes=audit.diff({}, audit.snapshot(indicator, INDICATOR_FIELDS)))
    return indicator


def _check_measure(key: str) -> None:
    try:
        measures.get(key)
    except KeyError as exc:
        raise field_error("measure_key", _("Unknown measure: %(key)s.") % {"key": key}, "measure_unknown") from exc


def _check_counted_from(counted_from: datetime.date | None) -> None:
    if counted_from is not None and (counted_from.day != 1 or counted_from.month not in (1, 4, 7, 10)):
        raise field_error("counted_from", _(
            "A register takes over a figure from the first day of a quarter, not from %(date)s."
        ) % {"date": formatting.date(counted_from)}, "counted_from_not_quarter")


@transaction.atomic
def indicator_count_from(*, actor, indicator: Indicator, measure_key: str,
                         counted_from: datetime.date | None) -> Indicator:
    """A register takes over a figure the units typed: from `counted_from` (the first day of
    a quarter; None: for every period) the figure is counted by the measure `measure_key`;
    the values typed for the periods before stay and keep counting for them (see
    ``rollup.compute``). Nothing typed is deleted."""
    _require_catalog_admin(actor)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if indicator.source == Indicator.Source.FORMULA:
        raise RuleViolation(_("%(ind)s is computed from two other figures.") % {"ind": indicator.name},
                            code="indicator_is_formula")
    _check_counted_from(counted_from)
    _check_measure(measure_key)
    before = audit.snapshot(indicator, INDICATOR_FIELDS)
    indicator.source, indicator.measure_key, indicator.counted_from = Indicator.Source.MEASURE, measure_key, counted_from
    indicator.full_clean()
    indicator.save()
    audit.record(actor=actor, action="indicator.count_from", obj=indicator, scope_path="",
                 changes=audit.diff(before, audit.snapshot(indicator, INDICATOR_FIELDS)))
    return indicator


#: Plan codes appear in web addresses (/plans/<code>/targets/): no "/" nor spaces. Every
#: address of a plan has a segment after its code, so no code is taken by an address.
_PLAN_CODE = re.compile(r"^[\w.-]+$")


@transaction.atomic
def plan_create(
    *, actor, code: str, kind: str, organization: Organization, title: str, issued_on: datetime.date,
    period: str, number: str = "", term: Term | None = None, congress: Congress | None = None,
    parent: Plan | None = None,
) -> Plan:
    require_write(actor, organization)
    code = (code or "").strip()
    if code and not _PLAN_CODE.match(code):
        raise field_error("code", _("A plan's code is part of its web address: use letters, digits, "
                                    "“-”, “_” and “.” only."), "plan_code_invalid")
    check_event_date("issued_on", issued_on)
    plan = Plan(code=code, kind=kind, organization=organization, title=title.strip(), issued_on=issued_on,
                period=_period(period), number=number.strip(), term=term, congress=congress, parent=parent)
    plan.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:
        raise field_error("code", _("The code %(code)s is already used by another plan.") % {"code": code},
                          "plan_code_taken") from exc
    audit.record(actor=actor, action="plan.create", obj=plan, scope_path=organization.path,
                 changes=audit.diff({}, audit.snapshot(plan, ["code", "kind", "number", "title", "issued_on", "period"])))
    return plan


def _check_target_org(plan: Plan, organization: Organization) -> None:
    if not organization.path.startswith(plan.organization.path):
        raise RuleViolation(
            _("%(org)s is not under %(issuer)s, which issued this plan.")
            % {"org": organization.name, "issuer": plan.organization.name},
            code="not_under_issuer",
        )


@transaction.atomic
def target_set(
    *, actor, plan: Plan, indicator: Indicator, organization: Organization, period: str, value,
    comparator: str = Target.Comparator.GTE, sort_order: int | None = None,
) -> Target:
    """Create or change the target of `organization` for `indicator` in `plan`. The value
    is read and checked by `values.read_value` (text as the user's language writes it). A
    new target comes after the plan's others unless `sort_order` says where; a change
    keeps its place."""
    require_write(actor, plan.organization)
    _check_target_org(plan, organization)
    if comparator not in Target.Comparator.values:
        raise field_error("comparator", _("Unknown comparator."), "comparator_unknown")
    amount = read_value(value, indicator)
    if amount is None:
        raise field_error("value", _("A target needs a value."), "target_value_missing")
    code = _period(period)

    def after_the_others() -> int:  # read only when the target is new (get_or_create calls it)
        last = Target.objects.filter(plan=plan).aggregate(last=Max("sort_order"))["last"]
        return 0 if last is None else last + 1

    target, created = Target.objects.select_for_update().get_or_create(
        plan=plan, indicator=indicator, organization=organization, period=code,
        defaults={"value": amount, "comparator": comparator,
                  "sort_order": after_the_others if sort_order is None else sort_order},
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
    parent's target. Cascades of one target run one at a time (the parent row is locked).
    Each share is read and checked as a target is (`values.read_value`); a bad share is an
    error about the field `share-<unit id>`."""
    require_write(actor, plan.organization)
    code = _period(period)
    parent = Target.objects.select_for_update().filter(
        plan=plan, indicator=indicator, organization=plan.organization, period=code).first()
    if parent is None:
        raise RuleViolation(_("%(org)s has no target for %(ind)s in %(period)s to hand down.")
                            % {"org": plan.organization.name, "ind": indicator.name, "period": code},
                            code="cascade_no_target")
    amounts = {}
    for org, v in shares.items():
        if org.parent_id != plan.organization.pk:
            raise RuleViolation(_("%(org)s is not directly under %(issuer)s.")
                                % {"org": org.name, "issuer": plan.organization.name}, code="cascade_not_child")
        # An error is about the unit's box, `share-<id>` (as the cascade page names it).
        amount = read_value(v, indicator, field=f"share-{org.pk}")
        if amount is None:
            raise field_error(f"share-{org.pk}", _("The share of %(org)s needs a value.") % {"org": org.name},
                              "cascade_share_missing")
        amounts[org] = amount
    lower = parent.is_ceiling
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
                text % {"total": _shown(total), "target": _shown(parent.value), "org": plan.organization.name},
                code="cascade_shares_over" if lower else "cascade_shares_short",
            )
    else:
        for org, amount in amounts.items():
            if (amount < parent.value) if not lower else (amount > parent.value):
                raise RuleViolation(
                    _("The target of %(org)s (%(value)s) does not meet the target %(target)s it is part of.")
                    % {"org": org.name, "value": _shown(amount), "target": _shown(parent.value)},
                    code="cascade_share_misses_target",
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
        raise RuleViolation(_("This target has already been deleted."), code="target_deleted")
    plan = target.plan
    require_write(actor, plan.organization)
    shares = list(
        Target.objects.select_for_update(of=("self",)).select_related("organization")
        .filter(under(target.organization.path, "organization__path"), plan=plan,
                indicator_id=target.indicator_id, period=target.period)
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


# Preconditions a page shows before the write (the button hidden or explained) are one
# check function `_<service>_check(**kwargs)` that raises (PermissionDenied for a permission,
# RuleViolation with its code otherwise); the service calls it, and `<service>_refusal`
# (the same arguments, "" or the reason) is that check run through `core.errors.refusal`.


class _ReturnFacts:
    """What the preconditions of the return of `organization` for `period` read, each read
    once and only when a check needs it: the return's state, the approved returns locking
    it, the reporting forms the unit fills in for the period, the units under it not yet
    approved. `return_refusals` shares one between its four checks."""

    def __init__(self, organization: Organization, period: Period):
        self.organization, self.period = organization, period

    @cached_property
    def state(self) -> str:
        return (Return.objects.filter(organization=self.organization, period=self.period.code)
                .values_list("state", flat=True).first() or Return.State.OPEN)

    @cached_property
    def locks(self) -> list[Return]:
        return locking_returns(organization=self.organization, period=self.period)

    def lock(self, *, excluding_own: bool = False) -> str:
        return lock_message(organization=self.organization, period=self.period, excluding_own=excluding_own,
                            returns=self.locks)

    @cached_property
    def forms(self) -> list[int]:
        """How many indicators each reporting form the unit fills in for the period has."""
        forms = ReportingForm.objects.filter(period_kind=self.period.kind).annotate(n=Count("indicators"))
        return [form.n for form in forms if form.applies_to(self.organization)]

    @cached_property
    def waiting(self) -> list[Organization]:
        return unapproved_children(organization=self.organization, period=self.period)


def _facts(organization: Organization, period: Period, facts: _ReturnFacts | None) -> _ReturnFacts:
    return facts if facts is not None else _ReturnFacts(organization, period)


def _check_open(facts: _ReturnFacts, *, excluding_own: bool = False) -> None:
    locked = facts.lock(excluding_own=excluding_own)
    if locked:
        raise RuleViolation(locked, code="return_locked")


def _result_save_check(*, actor, organization: Organization, period: Period, facts: _ReturnFacts | None = None) -> None:
    require_write(actor, organization)
    _check_open(_facts(organization, period, facts))


def result_save_refusal(*, actor, organization: Organization, period: str | Period) -> str:
    """Why `actor` may not write values of `organization` for `period` now, or "": the
    permission (outside the actor's scope, a read-only account), then the lock of an
    approved return (``selectors.lock_message``)."""
    return refusal(_result_save_check, actor=actor, organization=organization, period=_as_period(period))


@transaction.atomic
def result_save(
    *, actor, indicator: Indicator, organization: Organization, period: str, value,
    version: int | None, comment: str = "",
) -> Result:
    """Enter a unit's value. `version` is the version the user saw (None for a new value):
    if someone saved in between, Conflict is raised and nothing is overwritten. The value is
    read and checked by `values.read_value` (text as the user's language writes it, a count
    whole and not negative, ...). When the stored value has moved on but is the very value
    and comment being saved (the same save sent twice), it is returned as it is: no clash. Refused as `result_save_refusal` says; the return's lock
    is held (shared, `locks.figures_lock`) from the check to the commit, so an approval
    cannot slip in between."""
    require_write(actor, organization)
    p = parse(_period(period))
    code = p.code
    if not indicator.entered_in(p):
        raise RuleViolation(_("%(ind)s is computed from records and cannot be entered.") % {"ind": indicator.name},
                            code="indicator_not_entered")
    amount = read_value(value, indicator)
    locks.figures_lock(organization=organization, period=p)
    _result_save_check(actor=actor, organization=organization, period=p)
    if version is None:
        try:
            with transaction.atomic():
                result = Result.objects.create(indicator=indicator, organization=organization, period=code,
                                               value=amount, comment=comment, updated_by=_user(actor))
        except IntegrityError:
            return _already_stored(indicator, organization, code, amount, comment)
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
        return _already_stored(indicator, organization, code, amount, comment)
    result = Result.objects.get(pk=current.pk)
    changes = audit.diff({"value": _amount_text(current.value), "comment": current.comment},
                         {"value": _amount_text(result.value), "comment": result.comment})
    audit.record(actor=actor, action="result.save", obj=result, scope_path=organization.path,
                 changes=changes, note=f"{indicator.code} {code}")
    return result


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _already_stored(indicator, organization, period, amount, comment) -> Result:
    """The value stored since the version the user saw, when it is the very value (and
    comment) being saved: the same save arriving twice (a field saved as it is left, then
    the page's button with the same value) is no clash and writes nothing. Otherwise a
    Conflict: nothing is overwritten."""
    current = Result.objects.filter(indicator=indicator, organization=organization, period=period).first()
    if current is not None and current.value == amount and current.comment == comment:
        return current
    raise _conflict(indicator, organization, period)


def _conflict(indicator, organization, period) -> Conflict:
    current = Result.objects.filter(indicator=indicator, organization=organization, period=period).select_related("updated_by").first()
    who = person_name(current.updated_by) if current and current.updated_by else _("someone else")
    shown = "—" if current is None or current.value is None else _shown(current.value)
    return Conflict(
        _("%(who)s changed “%(ind)s” in the meantime (now %(value)s). Nothing was overwritten: "
          "review the new value and save again.") % {"who": who, "ind": indicator.name, "value": shown},
        code="conflict",
    )


def _check_valid(organization: Organization, period: Period) -> None:
    """Refused while a validation rule gives an error (a warning does not refuse): one
    message, code ``validation_rule``, per error."""
    from .validation import check_report

    errors = [ValidationError(i.message, code="validation_rule")
              for i in check_report(organization=organization, period=period) if i.severity == "error"]
    if errors:
        raise RuleViolation(errors, code="validation_rule")


def _check_period_ended(period: Period, today: datetime.date | None) -> None:
    today = today or timezone.localdate()
    first = first_submit_day(period)
    if today < first:
        days = submit_days_before_end()
        raise RuleViolation(
            ngettext("The report for %(period)s can be submitted from %(from)s: the period ends on %(end)s, and a "
                     "report may be submitted at most %(days)s day before its period ends.",
                     "The report for %(period)s can be submitted from %(from)s: the period ends on %(end)s, and a "
                     "report may be submitted at most %(days)s days before its period ends.", days)
            % {"period": period.label, "from": formatting.date(first), "end": formatting.date(period.end),
               "days": days},
            code="return_period_not_ended",
        )


def _return_submit_check(*, actor, organization: Organization, period: Period,
                         facts: _ReturnFacts | None = None, today: datetime.date | None = None) -> None:
    facts = _facts(organization, period, facts)
    require_write(actor, organization)
    _check_open(facts)
    if not any(facts.forms):
        raise RuleViolation(_("%(org)s has no report to submit for %(period)s.")
                            % {"org": organization.name, "period": period.code}, code="return_nothing_to_submit")
    _check_period_ended(period, today)


def return_submit_refusal(*, actor, organization: Organization, period: str | Period,
                          today: datetime.date | None = None) -> str:
    """Why `actor` may not submit the return of `organization` for `period`, or "": the
    permission, the lock of an approved return, no reporting form for the unit and period,
    the period not ended yet (more than ``DANGVU_SUBMIT_DAYS_BEFORE_END`` days before its
    end). (The validation rules' errors, shown beside the values, refuse it too.)"""
    return refusal(_return_submit_check, actor=actor, organization=organization, period=_as_period(period),
                   today=today)


@transaction.atomic
def return_submit(*, actor, organization: Organization, period: str, today: datetime.date | None = None) -> Return:
    """Submit a unit's report: refused as `return_submit_refusal` says, and while a
    validation rule gives an error. The return's lock is held as for a value
    (`locks.figures_lock`). The first submission is kept (timeliness); the last one and
    who made it are kept beside it."""
    require_write(actor, organization)
    p = parse(_period(period))
    code = p.code
    locks.figures_lock(organization=organization, period=p)
    _return_submit_check(actor=actor, organization=organization, period=p, today=today)
    _check_valid(organization, p)
    approval = _approval(organization, code)
    # Timeliness counts the first submission: a correction after reopening is not "late".
    now = timezone.now()
    approval.state, approval.submitted_at = Return.State.SUBMITTED, approval.submitted_at or now
    approval.last_submitted_at, approval.submitted_by = now, _user(actor)
    approval.save(update_fields=["state", "submitted_at", "last_submitted_at", "submitted_by"])
    Result.objects.filter(organization=organization, period=code).update(state=Result.State.SUBMITTED)
    audit.record(actor=actor, action="return.submit", obj=approval, scope_path=organization.path, note=code)
    return approval


def _require_higher_level(actor, organization: Organization) -> None:
    require_write(actor, organization)
    if not actor.is_superuser and actor.organization_id == organization.pk:
        raise PermissionDenied(_("A report is approved or reopened by the level above, not by the unit itself."))


def _return_approve_check(*, actor, organization: Organization, period: Period,
                          facts: _ReturnFacts | None = None) -> None:
    facts = _facts(organization, period, facts)
    _require_higher_level(actor, organization)
    if facts.state == Return.State.APPROVED:
        raise RuleViolation(_("This report is already approved."), code="return_already_approved")
    _check_open(facts)
    if facts.state != Return.State.SUBMITTED and facts.forms:
        raise RuleViolation(_("%(org)s has not submitted its report for %(period)s yet.")
                            % {"org": organization.name, "period": period.code}, code="return_not_submitted")
    waiting = facts.waiting
    if waiting:
        raise RuleViolation(
            _("Approve the units under it first: %(names)s.") % {"names": ", ".join(o.name for o in waiting[:5])}
            + (f" (+{len(waiting) - 5})" if len(waiting) > 5 else ""),
            code="return_children_not_approved",
        )


def return_approve_refusal(*, actor, organization: Organization, period: str | Period) -> str:
    """Why `actor` may not approve the return of `organization` for `period`, or "": the
    permission (a unit does not approve itself), already approved, locked by an approved
    return above it or holding its period, not submitted (a unit with a reporting form),
    units under it not approved yet. (Validation errors refuse it too, as on submitting.)"""
    return refusal(_return_approve_check, actor=actor, organization=organization, period=_as_period(period))


@transaction.atomic
def return_approve(*, actor, organization: Organization, period: str) -> Return:
    """Approve (and lock) a unit's report. A unit is approvable when all its reporting
    children are approved; refused as `return_approve_refusal` says. The return's lock is
    held exclusively (`locks.return_lock`): a value being saved into it is waited for, and
    no value is saved into it once approved."""
    _require_higher_level(actor, organization)
    p = parse(_period(period))
    code = p.code
    locks.return_lock(organization=organization, period=p)
    facts = _ReturnFacts(organization, p)
    _return_approve_check(actor=actor, organization=organization, period=p, facts=facts)
    if facts.forms:
        _check_valid(organization, p)
    approval = _approval(organization, code)
    approval.state, approval.approved_at, approval.approved_by = Return.State.APPROVED, timezone.now(), _user(actor)
    approval.reopen_reason = ""
    approval.save(update_fields=["state", "approved_at", "approved_by", "reopen_reason"])
    Result.objects.filter(organization=organization, period=code).update(state=Result.State.APPROVED)
    audit.record(actor=actor, action="return.approve", obj=approval, scope_path=organization.path, note=code)
    return approval


@transaction.atomic
def returns_approve(*, actor, organizations: list[Organization], period: str) -> list[Return]:
    """Approve the reports of several units for one period at once, all or none: when any
    is refused, nothing is approved and the refusal (RuleViolation ``returns_refused``)
    names each refused unit with its reason, one message per unit."""
    refused = []
    approved = []
    for organization in organizations:
        try:
            with transaction.atomic():
                approved.append(return_approve(actor=actor, organization=organization, period=period))
        except (ValidationError, PermissionDenied) as exc:
            refused.append(ValidationError(_("%(org)s: %(reason)s") % {"org": organization.name, "reason": message(exc)},
                                           code="returns_refused"))
    if refused:
        raise RuleViolation(refused, code="returns_refused")
    return approved


def _return_reopen_check(*, actor, organization: Organization, period: Period,
                         facts: _ReturnFacts | None = None) -> None:
    facts = _facts(organization, period, facts)
    _require_higher_level(actor, organization)
    if facts.state == Return.State.OPEN:
        raise RuleViolation(_("This report is already open."), code="return_already_open")
    _check_open(facts, excluding_own=True)


def return_reopen_refusal(*, actor, organization: Organization, period: str | Period) -> str:
    """Why `actor` may not reopen the return of `organization` for `period`, or "": the
    permission (the level above reopens), already open, or locked by another approved
    return (of a unit above it, or of a period holding this one: reopen that first). The
    reason for reopening is asked for by the service itself."""
    return refusal(_return_reopen_check, actor=actor, organization=organization, period=_as_period(period))


@transaction.atomic
def return_reopen(*, actor, organization: Organization, period: str, reason: str) -> Return:
    """Reopen a submitted or approved return, with a reason; refused as
    `return_reopen_refusal` says."""
    _require_higher_level(actor, organization)
    if not (reason or "").strip():
        raise field_error("reason", _("Say why the report is reopened."), "reopen_reason_missing")
    p = parse(_period(period))
    code = p.code
    locks.return_lock(organization=organization, period=p)
    _return_reopen_check(actor=actor, organization=organization, period=p)
    approval = _approval(organization, code)
    approval.state, approval.reopen_reason = Return.State.OPEN, reason.strip()
    approval.save(update_fields=["state", "reopen_reason"])
    Result.objects.filter(organization=organization, period=code).update(state=Result.State.DRAFT)
    audit.record(actor=actor, action="return.reopen", obj=approval, scope_path=organization.path,
                 note=f"{code}: {reason.strip()}")
    return approval


@dataclass(frozen=True)
class ReturnRefusals:
    """Why `actor` may not, now, write values into, submit, approve or reopen a unit's
    return: each "" when allowed, else the reason (as `result_save_refusal`,
    `return_submit_refusal`, `return_approve_refusal`, `return_reopen_refusal` say it)."""

    save: str
    submit: str
    approve: str
    reopen: str


def return_refusals(*, actor, organization: Organization, period: str | Period,
                    today: datetime.date | None = None) -> ReturnRefusals:
    """The four refusals of a return's page at once, reading what they share once (the
    return's state, its locks, the unit's forms, the units under it): at most six queries,
    where the four functions one by one would read the same things again."""
    p = _as_period(period)
    facts = _ReturnFacts(organization, p)
    kwargs = {"actor": actor, "organization": organization, "period": p, "facts": facts}
    return ReturnRefusals(
        save=refusal(_result_save_check, **kwargs),
        submit=refusal(_return_submit_check, **kwargs, today=today),
        approve=refusal(_return_approve_check, **kwargs),
        reopen=refusal(_return_reopen_check, **kwargs),
    )


TASK_FIELDS = ["title", "source", "due_on"]
TASK_STATUS_FIELDS = ["status", "completed_on"]


def _task_create_check(*, actor, plan: Plan, organization: Organization) -> None:
    require_write(actor, organization)
    _check_target_org(plan, organization)
    if organization.dissolved_on is not None:
        raise RuleViolation(_("%(org)s was dissolved and gets no new tasks.") % {"org": organization.name},
                            code="organization_dissolved")


def task_create_refusal(*, actor, plan: Plan, organization: Organization) -> str:
    """Why `actor` may not give `organization` a key task of `plan`, or "": the
    permission, a unit not under the plan's issuer, a dissolved unit."""
    return refusal(_task_create_check, actor=actor, plan=plan, organization=organization)


def _check_due(plan: Plan, due_on: datetime.date | None) -> None:
    """A due date is a plan, so it may be ahead: it is bounded only by the years periods lie
    in (``core.periods``: from 1930 to the end of ``last_year()``)."""
    if due_on is None:
        return
    first, last = datetime.date(periods.FIRST_YEAR, 1, 1), datetime.date(periods.last_year(), 12, 31)
    if not first <= due_on <= last:
        raise field_error("due_on", _("The due date %(date)s is not between %(first)s and %(last)s, the days a plan "
                                      "may reach: check the year.")
                          % {"date": formatting.date(due_on), "first": formatting.date(first),
                             "last": formatting.date(last)}, "due_out_of_range")


@transaction.atomic
def task_create(
    *, actor, plan: Plan, organization: Organization, title: str, source: str = Task.Source.PROGRAM,
    due_on: datetime.date | None = None,
) -> Task:
    """Give a unit under the plan's issuer a key task. The title is required (at most 400
    characters), the source is the program or the vertical line; refused as
    `task_create_refusal` says. Errors name the field they are about."""
    _task_create_check(actor=actor, plan=plan, organization=organization)
    _check_due(plan, due_on)
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
        raise RuleViolation(_("This task has been deleted."), code="task_deleted")
    require_write(actor, task.organization)
    if status not in Task.Status.values:
        raise field_error("status", _("Unknown status."), "task_status_unknown")
    completed = None
    if status == Task.Status.DONE:
        today = timezone.localdate()
        completed = on or today
        if completed > today:
            raise field_error("on", _("The completion date %(date)s is after today.")
                              % {"date": formatting.date(completed)}, "completed_after_today")
        if completed < task.plan.issued_on:
            raise field_error("on", _("The completion date %(date)s is before the plan was issued (%(issued)s).")
                              % {"date": formatting.date(completed), "issued": formatting.date(task.plan.issued_on)},
                              "completed_before_plan")
    if status == task.status and completed == task.completed_on:
        already = {
            Task.Status.OPEN: _("This task is already in progress."),
            Task.Status.DONE: _("This task is already marked completed on %(date)s."),
            Task.Status.CANCELLED: _("This task is already cancelled."),
        }[status]
        raise RuleViolation(already % {"date": formatting.date(completed)}, code="task_status_unchanged")
    before = audit.snapshot(task, TASK_STATUS_FIELDS)
    task.status, task.completed_on = status, completed
    task.save(update_fields=TASK_STATUS_FIELDS)
    audit.record(actor=actor, action="task.status", obj=task, scope_path=task.organization.path,
                 changes=audit.diff(before, audit.snapshot(task, TASK_STATUS_FIELDS)), note=task.plan.code)
    return task
