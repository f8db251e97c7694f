"""Unit reporting, DHIS2-style: what each unit owes (due list), the data-entry page of a
unit for a period (targets beside the inputs, validation, submit, approve, reopen) and the
history of one value. Views parse, authorize, call the plans services and selectors, render.

Query counts do not grow with the number of indicators: the page reads the unit's forms,
results, approvals, validation issues and targets (one `figures` call) in a fixed number of
queries, whatever the size of the form."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dangvu.core.audit import action_label, history_for
from dangvu.core.errors import PermissionDenied
from dangvu.core.periods import Period, PeriodError, parse, parse_date
from dangvu.orgs import selectors as org_selectors
from dangvu.orgs.models import Organization
from dangvu.plans import selectors as plan_selectors
from dangvu.plans import services as plan_services
from dangvu.plans.models import Indicator, ReportingForm, Result, Return
from dangvu.web.common.converters import id_param
from dangvu.web.common.forms import add_field_errors

from .forms import ReopenForm, ResultRowForm, number_text

# Statuses of a rejected POST: a bad number, a refusal, a clash with someone else's save.
INVALID, REFUSED, CONFLICT = 400, 403, 409
# An HTMX row answers 422 for a bad number and 423 when the report is locked: the page
# swaps those (and 403, 409) into the row, while django-htmx's debug script replaces the
# whole page on a 400.
ROW_INVALID, ROW_LOCKED = 422, 423


# Parsing

def _period(code: str) -> Period:
    try:
        return parse(code)
    except PeriodError as exc:
        raise Http404(str(exc)) from exc


def _entry_url(org: Organization, period: Period) -> str:
    return reverse("reporting:entry", args=[org.pk, period.code])


def _next(period: Period) -> Period:
    return parse_date(period.end + datetime.timedelta(days=1), period.kind, span=period.end.year - period.start.year)



def _number(value: Decimal | None) -> Decimal | None:
    """A stored value without trailing zeros, for the localized template output."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


# What the pages show

def _help() -> dict:
    """What the help block of every reporting page says with numbers."""
    return {"number_example": number_text(Decimal("1234.5")), "submit_days": plan_selectors.submit_days_before_end()}


@dataclass
class EntryRow:
    """One indicator of the unit's form, with what the page shows beside it."""

    indicator: Indicator
    form: ReportingForm
    period_code: str
    result: Result | None = None
    targets: list = field(default_factory=list)  # plans.achievement.Row, the period's then the year's
    issues: list = field(default_factory=list)  # plans.validation.Issue
    computed: Decimal | None = None  # for an indicator counted from records
    typed: str | None = None  # what the user typed, kept after an error or a conflict
    typed_comment: str | None = None
    error: str = ""
    conflict: bool = False
    saved: bool = False

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def entered(self) -> bool:
        return self.indicator.entered_in(parse(self.period_code))

    @property
    def stored(self) -> Decimal | None:
        return _number(self.result.value) if self.result else None

    @property
    def stored_text(self) -> str:
        return number_text(self.result.value if self.result else None)

    @property
    def input_value(self) -> str:
        return self.typed if self.typed is not None else self.stored_text

    @property
    def comment(self) -> str:
        if self.typed_comment is not None:
            return self.typed_comment
        return self.result.comment if self.result else ""

    @property
    def percent(self) -> str:
        """"%" after the values of a percentage, else ""."""
        return "%" if self.indicator.value_type == Indicator.ValueType.PERCENT else ""

    @property
    def updated_by(self) -> str:
        """Who saved the value last, by name."""
        return plan_selectors.person_name(self.result.updated_by) if self.result else ""

    @property
    def version(self) -> str:
        return str(self.result.version) if self.result else ""

    @property
    def severity(self) -> str:
        if self.error or self.conflict or any(i.severity == "error" for i in self.issues):
            return "error"
        return "warning" if self.issues else ""

    @property
    def target_lines(self) -> list[dict]:
        """The targets beside the input: the period's own, then the year's held against the
        year to date, with achievement and status."""
        lines = []
        for t in self.targets:
            own = t.target.period == self.period_code
            lines.append({
                "label": _("This period") if own else parse(t.target.period).label,
                "comparator": t.target.get_comparator_display(), "value": _number(t.target.value),
                "actual": None if own else _number(t.actual), "achievement": t.achievement_text,
                "status": t.status, "status_label": t.status_label, "at_risk": t.at_risk,
                "plan": t.target.plan,
            })
        return lines

    @property
    def params(self) -> str:
        """The row's fields, for hx-params: a row posts only its own values."""
        return ",".join(f"{self.code}-{name}" for name in ("value", "comment", "version", "was", "was_comment"))


def _entry_context(request, org: Organization, period: Period) -> dict:
    """Everything the data-entry page shows, in a fixed number of queries. The buttons are
    the services' own refusals: a button shows when its service would accept."""
    actor = request.user
    forms = plan_selectors.return_forms(actor=actor, organization=org, period=period)
    rows: list[EntryRow] = []
    seen: set[int] = set()
    sections = []
    for form in forms:
        section = []
        for ind in form.indicators.all():  # prefetched, in catalog order
            if ind.pk not in seen:
                seen.add(ind.pk)
                section.append(EntryRow(ind, form, period.code))
        rows += section
        sections.append({"form": form, "due": plan_selectors.due_date(form, period), "rows": section})
    by_code = {r.code: r for r in rows}
    by_id = {r.indicator.pk: r for r in rows}
    indicators = [r.indicator for r in rows]
    for pk, result in plan_selectors.return_results(actor=actor, organization=org, period=period,
                                                    indicators=indicators).items():
        by_id[pk].result = result
    counted = [r.indicator for r in rows if not r.entered]
    for pk, value in plan_selectors.entry_values(actor=actor, organization=org, period=period,
                                                 indicators=counted).items():
        by_id[pk].computed = value
    for plan in plan_selectors.figures(actor=actor, organization=org, period=period) if rows else []:
        for target_row in plan.rows:
            if target_row.target.indicator_id in by_id:
                by_id[target_row.target.indicator_id].targets.append(target_row)
    for row in rows:
        row.targets.sort(key=lambda t: t.target.period != period.code)
    issues = plan_selectors.return_issues(actor=actor, organization=org, period=period) if rows else []
    for issue in issues:
        for code in issue.indicator_codes:
            if code in by_code:
                by_code[code].issues.append(issue)

    approval = plan_selectors.approval_state(organization=org, period=period)
    state = approval.state if approval else Return.State.OPEN
    status = plan_selectors.return_status(approval)
    lock = _lock(org, period)
    children = plan_selectors.children_returns(actor=actor, organization=org, period=period)
    today = timezone.localdate()
    nxt = _next(period)
    refusals = plan_services.return_refusals(actor=actor, organization=org, period=period, today=today)
    approver = _approver(actor, org)
    can_edit = bool(rows) and not refusals.save and not approver
    return {
        "org": org, "period": period, "sections": sections, "rows": rows,
        "errors": [i for i in issues if i.severity == "error"],
        "warnings": [i for i in issues if i.severity != "error"],
        "approval": approval, "state": state, "status": status,
        "state_label": plan_selectors.STATUS_LABELS[status],
        "submitted_by": plan_selectors.person_name(approval.submitted_by) if approval else "",
        "approved_by": plan_selectors.person_name(approval.approved_by) if approval else "",
        "resubmitted": bool(approval and approval.last_submitted_at and approval.submitted_at
                            and approval.last_submitted_at != approval.submitted_at),
        "lock": lock, "locked_here": lock and state == Return.State.APPROVED,
        "can_write": actor.can_write and not approver, "approver": approver,
        "can_edit": can_edit,
        "can_submit": can_edit and not refusals.submit,
        "submit_refusal": refusals.submit if can_edit and state != Return.State.SUBMITTED else "",
        "can_approve": actor.can_write and not refusals.approve,
        "can_reopen": actor.can_write and not refusals.reopen,
        "children": children,
        "completeness": plan_selectors.completeness(actor=actor, organization=org, period=period) if children else None,
        "crumbs": org_selectors.breadcrumbs(actor=actor, organization=org),
        "previous": period.previous(1)[0], "next": nxt if nxt.start <= today else None,
        "today": today, "reopen_form": ReopenForm(), **_help(),
    }


def _lock(org: Organization, period: Period) -> str:
    """Why the unit's figures for the period are locked (its report, or a report above it
    or for a longer period holding it, is approved), in the service's words; or ""."""
    return plan_selectors.lock_message(organization=org, period=period.code)


def _approver(actor, org: Organization) -> bool:
    """Whether the actor sees the unit's page as the level above it: the unit enters and
    submits its figures; the level above reads them, approves or returns the report."""
    return actor.organization_id != org.pk


def _refusal(request, org: Organization, period: Period) -> str:
    """Why the actor may not write values on this page now, or "" (the service's words)."""
    refused = plan_services.result_save_refusal(actor=request.user, organization=org, period=period)
    if not refused and _approver(request.user, org):
        return _("%(org)s enters and submits its own figures; the level above reads them, approves or "
                 "returns the report.") % {"org": org.name}
    return refused


# Saving values

@dataclass
class Outcome:
    status: str  # "unchanged" | "saved" | "invalid" | "conflict" | "refused"
    message: str = ""
    typed: str | None = None
    typed_comment: str | None = None


def _save_row(request, org: Organization, period: Period, indicator: Indicator, current: Result | None) -> Outcome:
    """Save one posted row through plans.services.result_save when the user changed it."""
    form = ResultRowForm(request.POST, indicator=indicator)
    if not form.is_valid():
        return Outcome("invalid", form.error_text, form.typed, form.typed_comment)
    data = form.cleaned_data
    value, comment = data["value"], data["comment"]
    if not form.touched():
        return Outcome("unchanged")
    stored = (current.value, current.comment) if current else (None, "")
    if stored == (value, comment):
        # What the user typed is stored (saved by this row a moment ago, as the field was
        # left): saved, not "nothing changed", and no clash with the user's own save.
        return Outcome("saved")
    try:
        plan_services.result_save(actor=request.user, indicator=indicator, organization=org, period=period.code,
                                  value=value, version=data["version"], comment=comment)
    except plan_services.Conflict as exc:
        return Outcome("conflict", " ".join(exc.messages), form.typed, form.typed_comment)
    except ValidationError as exc:
        return Outcome("invalid", " ".join(exc.messages), form.typed, form.typed_comment)
    except PermissionDenied as exc:
        return Outcome("refused", str(exc), form.typed, form.typed_comment)
    return Outcome("saved")


def _apply(context: dict, outcomes: dict[str, Outcome]) -> None:
    """Show each row's outcome on its row: the typed value stays, beside the stored one."""
    for row in context["rows"]:
        outcome = outcomes.get(row.code)
        if outcome is None:
            continue
        row.saved = outcome.status == "saved"
        if outcome.status in ("invalid", "conflict", "refused"):
            row.error, row.conflict = outcome.message, outcome.status == "conflict"
            row.typed, row.typed_comment = outcome.typed, outcome.typed_comment


def _status(outcomes) -> int:
    statuses = {o.status for o in outcomes}
    if "refused" in statuses:
        return REFUSED
    if "conflict" in statuses:
        return CONFLICT
    return INVALID if "invalid" in statuses else 200


def entry(request, org_pk: int, period_code: str):
    """The data-entry page of a unit for a period. POST saves every changed row (and, with
    action=submit, then submits the report); it works without JavaScript."""
    org = org_selectors.organization_get(actor=request.user, pk=org_pk)
    period = _period(period_code)
    if period.code != period_code:
        return redirect(_entry_url(org, period))
    if request.method != "POST":
        return render(request, "web/reporting/entry.html", _entry_context(request, org, period))

    refusal = _refusal(request, org, period)
    if refusal:
        context = _entry_context(request, org, period) | {"page_errors": [refusal]}
        return render(request, "web/reporting/entry.html", context, status=REFUSED)
    indicators = [ind for form in plan_selectors.return_forms(actor=request.user, organization=org, period=period)
                  for ind in form.indicators.all() if ind.entered_in(period) and f"{ind.code}-value" in request.POST]
    current = plan_selectors.return_results(actor=request.user, organization=org, period=period,
                                            indicators=indicators)
    outcomes = {ind.code: _save_row(request, org, period, ind, current.get(ind.pk)) for ind in indicators}
    saved = sum(o.status == "saved" for o in outcomes.values())
    status = _status(outcomes.values())
    page_errors = []
    if status == 200 and request.POST.get("action") == "submit":
        try:
            plan_services.return_submit(actor=request.user, organization=org, period=period.code)
        except (ValidationError, PermissionDenied) as exc:
            page_errors = list(getattr(exc, "messages", [str(exc)]))
            status = INVALID
        else:
            messages.success(request, _("The report was submitted."))
            return redirect(_entry_url(org, period))
    elif status == 200:
        messages.success(request, _("Saved.") if saved else _("Every value is saved."))
        return redirect(_entry_url(org, period))
    else:
        page_errors = [_("Some values were not saved: see the rows marked below.")]
    context = _entry_context(request, org, period)
    _apply(context, outcomes)
    if saved:
        context["page_notes"] = [ngettext("%(n)s value was saved.", "%(n)s values were saved.", saved) % {"n": saved}]
    return render(request, "web/reporting/entry.html", context | {"page_errors": page_errors}, status=status)


@require_POST
def row(request, org_pk: int, period_code: str, indicator_code: str):
    """Save one row (HTMX, on change): answers the row, and the validation panel and the
    other rows' issue notes out of band."""
    org = org_selectors.organization_get(actor=request.user, pk=org_pk)
    period = _period(period_code)
    forms = plan_selectors.return_forms(actor=request.user, organization=org, period=period)
    indicator = next((i for f in forms for i in f.indicators.all() if i.code == indicator_code), None)
    if indicator is None:
        raise Http404
    refusal = _refusal(request, org, period)
    if refusal:
        form = ResultRowForm(request.POST, indicator=indicator)
        outcome = Outcome("refused", refusal, form.typed, form.typed_comment)
    elif not indicator.entered_in(period):
        raise Http404
    else:
        current = plan_selectors.return_results(actor=request.user, organization=org, period=period,
                                                indicators=[indicator]).get(indicator.pk)
        outcome = _save_row(request, org, period, indicator, current)
    if not request.htmx:
        if outcome.status in ("saved", "unchanged"):
            messages.success(request, _("Saved."))
        else:
            messages.error(request, outcome.message)
        return redirect(_entry_url(org, period))
    context = _entry_context(request, org, period)
    _apply(context, {indicator.code: outcome})
    current_row = next(r for r in context["rows"] if r.code == indicator.code)
    status = _status([outcome])
    if status == INVALID:
        status = ROW_INVALID
    elif status == REFUSED and context["lock"]:
        status = ROW_LOCKED
    return render(request, "web/reporting/_row_response.html", context | {"row": current_row}, status=status)


# Approve, reopen (submitting is the entry form's "Submit" button)

def _report_action(request, org: Organization, period: Period, call, done: str, form=None):
    """Run a report service; on refusal show the entry page with the service's words."""
    try:
        call()
    except ValidationError as exc:
        if form is not None and hasattr(exc, "error_dict"):
            add_field_errors(form, exc)
            page_errors = []
        else:
            page_errors = exc.messages
        status = INVALID
    except PermissionDenied as exc:
        page_errors, status = [str(exc)], REFUSED
    else:
        messages.success(request, done)
        return redirect(_entry_url(org, period))
    context = _entry_context(request, org, period) | {"page_errors": page_errors}
    if form is not None:
        context["reopen_form"] = form
    return render(request, "web/reporting/entry.html", context, status=status)


@require_POST
def approve(request, org_pk: int, period_code: str):
    org = org_selectors.organization_get(actor=request.user, pk=org_pk)
    period = _period(period_code)
    return _report_action(
        request, org, period,
        lambda: plan_services.return_approve(actor=request.user, organization=org, period=period.code),
        _("The report was approved and is now locked."),
    )


@require_POST
def reopen(request, org_pk: int, period_code: str):
    org = org_selectors.organization_get(actor=request.user, pk=org_pk)
    period = _period(period_code)
    form = ReopenForm(request.POST)
    form.is_valid()
    return _report_action(
        request, org, period,
        lambda: plan_services.return_reopen(actor=request.user, organization=org, period=period.code,
                                            reason=form.cleaned_data.get("reason", "")),
        _("The report was reopened."), form=form,
    )


# Due list, and the approver's list of the units under the actor

def due(request):
    """What the actor's units owe (due or overdue), and for a higher level the reports of
    the units directly under it for one period (the period being reported now by default):
    those waiting for approval first, with boxes to approve several at once."""
    today = timezone.localdate()
    items = plan_selectors.due_list(actor=request.user, today=today)
    root = org_selectors.actor_root(request.user)
    code = request.GET.get("period", "")
    period = _period(code) if code else plan_selectors.reporting_period("quarter", today)
    children = plan_selectors.children_returns(actor=request.user, organization=root, period=period) if root else []
    children = sorted(children, key=lambda c: not c.waiting)  # stable: Vietnamese order within
    nxt = _next(period)
    return render(request, "web/reporting/due.html", {
        "items": [(i, (today - i.due).days) for i in items], "root": root, "period": period, "children": children,
        "waiting": sum(c.waiting for c in children), "can_approve": request.user.can_write,
        "completeness": plan_selectors.completeness(actor=request.user, organization=root, period=period)
        if children else None,
        "previous": period.previous(1)[0], "next": nxt if nxt.start <= today else None, "today": today, **_help(),
    })


@require_POST
def approve_many(request):
    """Approve the chosen reports of one period at once: all, or none with each refusal."""
    if not request.user.can_write:
        raise PermissionDenied(_("Your account is read-only."))
    period = _period(request.POST.get("period", ""))
    back = reverse("reporting:due") + "?period=" + period.code
    pks = [pk for pk in map(id_param, request.POST.getlist("org")) if pk]
    if not pks:
        messages.error(request, _("Choose the reports to approve first."))
        return redirect(back)
    orgs = [org_selectors.organization_get(actor=request.user, pk=pk) for pk in dict.fromkeys(pks)]
    try:
        plan_services.returns_approve(actor=request.user, organizations=orgs, period=period.code)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _("No report was approved:"))
        for text in getattr(exc, "messages", [str(exc)]):
            messages.error(request, text)
    else:
        messages.success(request, ngettext("%(n)s report was approved.", "%(n)s reports were approved.", len(orgs))
                         % {"n": len(orgs)})
    return redirect(back)


# The unit's own reports

def unit(request):
    """The reports of the actor's own unit, period by period (the one being reported now on
    top), each with its state in words, when and by whom it was last sent; any year."""
    today = timezone.localdate()
    org = request.user.organization
    if org is None:
        return render(request, "web/reporting/unit.html", {"org": None, **_help()})
    years = plan_selectors.unit_years(actor=request.user, organization=org, today=today)
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    if year not in years:
        raise Http404
    return render(request, "web/reporting/unit.html", {
        "org": org, "years": years, "year": year, "today": today, **_help(),
        "rows": plan_selectors.unit_returns(actor=request.user, organization=org, year=year, today=today),
    })


# History of one value

def _audit_number(text) -> Decimal | None:
    if text in (None, ""):
        return None
    try:
        return _number(Decimal(str(text)))
    except ArithmeticError:
        return None


def _who(entry) -> str:
    """Who wrote an audit row, by name (the login kept in the row when the account is gone)."""
    return plan_selectors.person_name(entry.actor) if entry.actor else entry.actor_name


def history(request, org_pk: int, period_code: str, indicator_code: str):
    """Every save of one value (who, when, old → new), and the report's own events."""
    org = org_selectors.organization_get(actor=request.user, pk=org_pk)
    period = _period(period_code)
    indicator = plan_selectors.indicator_get(code=indicator_code)
    result = plan_selectors.return_results(actor=request.user, organization=org, period=period,
                                           indicators=[indicator]).get(indicator.pk)
    rows = []
    for entry in history_for(result)[:200] if result else []:
        old, new = entry.changes.get("value", [None, None])
        rows.append({"at": entry.at, "actor": _who(entry), "action": action_label(entry.action),
                     "old": _audit_number(old), "new": _audit_number(new), "changed": "value" in entry.changes})
    approval = plan_selectors.approval_state(organization=org, period=period)
    events = [{"at": e.at, "actor": _who(e), "action": action_label(e.action),
               "note": e.note.partition(": ")[2] if e.action == "return.reopen" else ""}
              for e in (history_for(approval)[:50] if approval else [])]
    return render(request, "web/reporting/history.html", {
        "org": org, "period": period, "indicator": indicator, "result": result,
        "value": _number(result.value) if result else None, "history": rows, "events": events,
        "crumbs": org_selectors.breadcrumbs(actor=request.user, organization=org), **_help(),
    })
