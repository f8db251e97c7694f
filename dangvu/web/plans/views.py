"""Writing plans: a new plan, the targets of a plan (add, change, delete) and handing a
target down to the units directly under the issuing organization.

Views parse, scope (plans through `plans.selectors.plan_get`, the issuing organization
through the plans selectors: outside the actor's subtree answers 404), call one service
and render. A refusal (read-only account) answers 403 with the service's words; a bad
number or a broken rule answers 400 with the message beside the box or above the form, and
what the user typed stays in the boxes.

Cost of the pages, whatever the number of targets or units: the targets page reads the
targets, their shares summed and the shares falling short (`plans.selectors.share_checks`)
and the catalog; the cascade page the units under the issuer and their shares."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dangvu.core import formatting
from dangvu.core.errors import PermissionDenied
from dangvu.core.periods import PeriodError, parse
from dangvu.orgs import selectors as org_selectors
from dangvu.orgs.scope import in_scope, writable_organizations, write_refusal
from dangvu.plans import selectors as plan_selectors
from dangvu.plans import services as plan_services
from dangvu.plans.models import Indicator, Plan, Target
from dangvu.web.common.converters import id_param
from dangvu.web.common.forms import add_field_errors
from dangvu.web.common.widgets import organization_choices
from dangvu.web.reporting.forms import number_text

from .forms import PlanForm, SharesForm, TargetForm

INVALID, REFUSED = 400, 403


def _targets_url(plan: Plan) -> str:
    return reverse("plans:targets", args=[plan.code])


def _form_errors(form, exc: ValidationError) -> None:
    """A service's error on the form: per field when it names fields, else above the form."""
    if hasattr(exc, "error_dict"):
        add_field_errors(form, exc)
    else:
        form.add_error(None, exc.messages)


def _period_label(code: str) -> str:
    try:
        return parse(code).label
    except PeriodError:
        return code


def _value_text(indicator: Indicator, value) -> str:
    """A value of `indicator` as the user's language writes it, exact: "1.234,5", "95%"."""
    percent = indicator.value_type == Indicator.ValueType.PERCENT or indicator.unit == "%"
    return number_text(value) + ("%" if percent else "")


def _target_text(target: Target, indicator: Indicator | None = None) -> str:
    """"≥ 1.234,5" ("≥ 95%"): the comparator and the value as the user's language writes
    it, exact. `indicator`: the target's, when it is already read."""
    return f"{target.get_comparator_display()} {_value_text(indicator or target.indicator, target.value)}"


# A new plan

def _writable_organizations(actor) -> list:
    """The active organizations the actor may issue a plan for (its subtree, when it may
    write at all), in tree order, grouped by committee (the picker's options)."""
    if not actor.can_write:
        return []
    return organization_choices(writable_organizations(actor).filter(dissolved_on__isnull=True).order_by("path"))


def plan_new(request):
    """Issue a plan: kind, issuing organization (one the user may write to), code, number
    and symbol, title, date, period, and the plan it cascades from. On success, the plan's
    targets page."""
    actor = request.user
    organizations = _writable_organizations(actor)
    plans = [(p.pk, f"{p.number or p.code} · {p.title}") for p in
             plan_selectors.visible_plans(actor).order_by("-issued_on", "code").only("id", "code", "number", "title")]
    root = org_selectors.actor_root(actor)
    form = PlanForm(request.POST or None, organizations=organizations, plans=plans,
                    initial={"organization": root.pk if root else None})
    context = {"form": form, "refusal": "" if actor.can_write else _("Your account is read-only.")}
    if context["refusal"]:
        return render(request, "web/plans/plan_new.html", context, status=REFUSED)
    if request.method != "POST" or not form.is_valid():
        return render(request, "web/plans/plan_new.html", context, status=INVALID if form.is_bound else 200)
    data = form.cleaned_data
    try:
        organization = org_selectors.organization_get(actor=actor, pk=data["organization"])
        parent = None
        if data["parent"]:
            parent = plan_selectors.visible_plans(actor).filter(pk=data["parent"]).first()
            if parent is None:
                raise ValidationError({"parent": _("Choose a plan from the list.")})
        plan = plan_services.plan_create(
            actor=actor, code=data["code"], kind=data["kind"], organization=organization, title=data["title"],
            issued_on=data["issued_on"], period=data["period"], number=data["number"], parent=parent,
        )
    except ValidationError as exc:
        _form_errors(form, exc)
        return render(request, "web/plans/plan_new.html", context, status=INVALID)
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
        return render(request, "web/plans/plan_new.html", context, status=REFUSED)
    messages.success(request, _("The plan was saved. Now set its targets."))
    return redirect(_targets_url(plan))


# The targets of a plan

def _share_lines(check: plan_selectors.ShareCheck) -> tuple[str, str]:
    """(how many units got a share, whether the shares still hold the target) as sentences."""
    if not check.shares:
        return "", ""
    count = ngettext("%(n)s unit", "%(n)s units", check.shares) % {"n": formatting.number(check.shares)}
    ind = check.target.indicator
    target = _value_text(ind, check.target.value)
    if check.summed:
        total = _value_text(ind, check.total)
        if check.ok:
            return count, _("The shares add up to %(total)s.") % {"total": total}
        if check.ceiling:
            return count, _("The shares add up to %(total)s, over the ceiling %(target)s.") % {
                "total": total, "target": target}
        return count, _("The shares add up to %(total)s, short of %(target)s.") % {"total": total, "target": target}
    if check.ok:
        return count, _("Each share meets the target.")
    names = ", ".join(f"{name} ({_value_text(ind, value)})" for name, value in check.short)
    text = (ngettext("%(n)s share is over the ceiling %(target)s: %(names)s.",
                     "%(n)s shares are over the ceiling %(target)s: %(names)s.", len(check.short)) if check.ceiling
            else ngettext("%(n)s share falls short of %(target)s: %(names)s.",
                          "%(n)s shares fall short of %(target)s: %(names)s.", len(check.short)))
    return count, text % {"n": len(check.short), "target": target, "names": names}


def _targets_context(request, plan: Plan, form: TargetForm | None, *, page_errors=()) -> dict:
    actor = request.user
    checks = plan_selectors.share_checks(actor=actor, plan=plan)
    rows = []
    for check in checks.values():
        t = check.target
        count, state = _share_lines(check)
        rows.append({
            "target": t, "indicator": t.indicator, "period": _period_label(t.period), "text": _target_text(t),
            "shares": count, "state": state, "ok": check.ok,
            "cascade_url": reverse("plans:cascade", args=[plan.code, t.pk]),
            "delete_url": reverse("plans:target_delete", args=[plan.code, t.pk]),
            "edit_url": f"{_targets_url(plan)}?edit={t.pk}#target-form",
        })
    can_write = actor.can_write and not write_refusal(actor, plan.organization)
    return {
        "plan": plan, "rows": rows, "form": form if can_write else None, "can_write": can_write,
        "plan_period": _period_label(plan.period), "page_errors": list(page_errors),
        "broken": sum(1 for r in rows if not r["ok"]),
        "dashboard_url": reverse("dashboard:dashboard", args=[plan.code, plan.organization_id]),
        "tasks_url": reverse("tasks:list", args=[plan.code, plan.organization_id]),
        "number_example": number_text(Decimal("1234.5")),
    }


def _target_form(request, plan: Plan, data=None) -> TargetForm:
    """The add-or-change form; `edit` (in the query or the posted data) changes that target."""
    edit = id_param((data or request.GET).get("edit"))
    target = plan_selectors.plan_target_get(actor=request.user, plan=plan, pk=edit) if edit else None
    return TargetForm(data, indicators=plan_selectors.indicator_list(), target=target,
                      initial={"period": plan.period})


def targets(request, plan_code: str):
    """The targets the plan sets its issuing organization, each with how its shares stand;
    for users who may write, a form to add or change a target and links to hand one down
    or delete it. POST saves the form through `plans.services.target_set`."""
    plan = plan_selectors.plan_get(actor=request.user, code=plan_code)
    if request.method != "POST":
        return render(request, "web/plans/targets.html", _targets_context(request, plan, _target_form(request, plan)))
    refusal = write_refusal(request.user, plan.organization)
    if refusal:  # outside the scope, the context answers 404 first
        context = _targets_context(request, plan, None, page_errors=[refusal])
        return render(request, "web/plans/targets.html", context, status=REFUSED)
    form = _target_form(request, plan, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            plan_services.target_set(
                actor=request.user, plan=plan, indicator=form.chosen_indicator, organization=plan.organization,
                period=data["period"], value=data["value"], comparator=data["comparator"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        except PermissionDenied as exc:
            context = _targets_context(request, plan, None, page_errors=[str(exc)])
            return render(request, "web/plans/targets.html", context, status=REFUSED)
        else:
            messages.success(request, _("The target of %(ind)s was saved.") % {"ind": form.chosen_indicator.name})
            return redirect(_targets_url(plan))
    return render(request, "web/plans/targets.html", _targets_context(request, plan, form), status=INVALID)


# Deleting a target

def target_delete(request, plan_code: str, target_pk: int):
    """Ask, then delete a target and the shares handed down from it
    (`plans.services.target_delete`)."""
    plan = plan_selectors.plan_get(actor=request.user, code=plan_code)
    target = plan_selectors.plan_target_get(actor=request.user, plan=plan, pk=target_pk)
    handed = [(t.organization.name, _target_text(t, target.indicator))
              for t in plan_selectors.handed_down(actor=request.user, target=target)]
    context = {"plan": plan, "target": target, "text": _target_text(target), "period": _period_label(target.period),
               "handed": handed, "refusal": write_refusal(request.user, plan.organization)}
    if context["refusal"]:
        return render(request, "web/plans/target_delete.html", context, status=REFUSED)
    if request.method != "POST":
        return render(request, "web/plans/target_delete.html", context)
    try:
        n = plan_services.target_delete(actor=request.user, target=target)
    except ValidationError as exc:
        return render(request, "web/plans/target_delete.html", context | {"page_errors": exc.messages}, status=INVALID)
    except PermissionDenied as exc:  # pragma: no cover - refused above, unless the account changed meanwhile
        return render(request, "web/plans/target_delete.html", context | {"refusal": str(exc)}, status=REFUSED)
    if n:
        done = ngettext("The target of %(ind)s was deleted, with the share of %(n)s unit.",
                        "The target of %(ind)s was deleted, with the shares of %(n)s units.", n)
    else:
        done = _("The target of %(ind)s was deleted.")
    messages.success(request, done % {"ind": target.indicator.name, "n": n})
    return redirect(_targets_url(plan))


# Handing a target down

def _rule(target: Target, summed: bool) -> str:
    """The rule the shares follow, in one sentence."""
    values = {"target": _value_text(target.indicator, target.value), "org": target.organization.name}
    ceiling = target.is_ceiling
    if summed and ceiling:
        return _("The shares of the units may add up to at most %(target)s, the ceiling of %(org)s "
                 "(lower is better).") % values
    if summed:
        return _("The shares of the units must add up to at least %(target)s, the target of %(org)s.") % values
    if ceiling:
        return _("The indicator does not add up over units: each unit's share must itself stay at or below "
                 "%(target)s.") % values
    return _("The indicator does not add up over units (a rate, an average): each unit's share must itself "
             "reach %(target)s.") % values


def _total(form: SharesForm, rows) -> Decimal:
    """The total of the shares as the boxes stand: what was typed (when it reads as a
    number), and for a blank box the share the unit keeps."""
    total = Decimal(0)
    for org, share in rows:
        kept = share.value if share is not None else Decimal(0)
        if not form.is_bound:
            total += kept
            continue
        try:
            value = form.fields[form.name(org)].clean(form.data.get(form.name(org)))
        except ValidationError:
            continue
        total += kept if value is None else value
    return total


def _gap_labels(target: Target) -> dict[str, str]:
    """What the total of the shares says beside it (also read by the page's script)."""
    ceiling = target.is_ceiling
    return {"enough": _("within the ceiling") if ceiling else _("enough"),
            "short": _("short by %(n)s"), "over": _("over the ceiling by %(n)s")}


def _gap_text(target: Target, total: Decimal, labels: dict[str, str]) -> tuple[str, bool]:
    if target.is_ceiling:
        if total <= target.value:
            return labels["enough"], True
        return labels["over"] % {"n": _value_text(target.indicator, total - target.value)}, False
    if total >= target.value:
        return labels["enough"], True
    return labels["short"] % {"n": _value_text(target.indicator, target.value - total)}, False


def cascade(request, plan_code: str, target_pk: int):
    """Hand a target down: a box for every unit directly under the issuing organization,
    prefilled with its share. POST hands the typed shares down in one go through
    `plans.services.target_cascade`; a broken rule writes nothing and keeps what was typed."""
    actor = request.user
    plan = plan_selectors.plan_get(actor=actor, code=plan_code)
    target = plan_selectors.plan_target_get(actor=actor, plan=plan, pk=target_pk)
    rows = plan_selectors.cascade_shares(actor=actor, plan=plan, target=target)
    summed = plan_selectors.shares_add_up(target.indicator)
    refusal = write_refusal(actor, plan.organization)
    form = SharesForm(request.POST if request.method == "POST" and not refusal else None, rows=rows,
                      indicator=target.indicator)
    page_errors, status = [], 200
    if refusal:
        status = REFUSED
    elif request.method == "POST":
        status = INVALID
        if form.is_valid():
            try:
                made = plan_services.target_cascade(actor=actor, plan=plan, indicator=target.indicator,
                                                    period=target.period, shares=form.shares())
            except ValidationError as exc:
                page_errors = exc.messages
            except PermissionDenied as exc:  # pragma: no cover - refused above
                page_errors, status = [str(exc)], REFUSED
            else:
                messages.success(request, ngettext(
                    "The target of %(ind)s was handed down to %(n)s unit.",
                    "The target of %(ind)s was handed down to %(n)s units.", len(made),
                ) % {"ind": target.indicator.name, "n": len(made)})
                return redirect(_targets_url(plan))
        else:
            page_errors = form.non_field_errors()
    total = _total(form, rows)
    labels = _gap_labels(target)
    gap, enough = _gap_text(target, total, labels)
    return render(request, "web/plans/cascade.html", {
        "plan": plan, "target": target, "text": _target_text(target), "period": _period_label(target.period),
        "form": None if refusal else form, "rows": rows, "refusal": refusal, "page_errors": page_errors,
        "boxes": [{"org": org, "now": _target_text(share, target.indicator) if share else "",
                   "field": None if refusal else form[form.name(org)]} for org, share in rows],
        "rule": _rule(target, summed), "summed": summed, "ceiling": target.is_ceiling,
        "total": _value_text(target.indicator, total), "gap": gap, "enough": enough, "labels": labels,
        "target_value": format(target.value.normalize(), "f"),
        "targets_url": _targets_url(plan), "number_example": number_text(Decimal("1234.5")),
    }, status=status)


def can_edit_targets(actor, plan: Plan) -> bool:
    """Whether to offer `actor` the targets page of `plan` (from the dashboard, the list)."""
    return bool(actor.can_write) and in_scope(actor, plan.organization.path)
