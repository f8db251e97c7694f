"""Data exchange pages: a unit's Excel reporting template (download; upload → the dry run's
table of what would change → confirm), and a target handed down by a rule or from an Excel
file. Views parse, authorize, call the exchange services, render.

Between the dry run and the confirmation the uploaded file waits in the data folder under a
random name kept in the user's session, with what the dry run said about each cell: the
confirmation checks the file again, and writes only when the check says the same (a value
changed by someone in between shows the table again instead)."""

from __future__ import annotations

import secrets
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dangvu.core import formatting
from dangvu.core.errors import PermissionDenied, message
from dangvu.core.periods import Period, PeriodError, parse
from dangvu.exchange import handdown as handdown_rules
from dangvu.exchange import templates
from dangvu.orgs import selectors as org_selectors
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import write_refusal
from dangvu.plans import selectors as plan_selectors
from dangvu.web.plans.forms import SharesForm
from dangvu.web.reporting.forms import number_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INVALID, REFUSED = 400, 403
SESSION_KEY = "exchange_upload"


def _period(code: str) -> Period:
    try:
        return parse(code)
    except PeriodError as exc:
        raise Http404(str(exc)) from exc


def _upload_url(org: Organization, period: Period) -> str:
    return reverse("exchange:upload", args=[org.pk, period.code])


def _attachment(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _folder() -> Path:
    folder = Path(settings.DATA_DIR) / "exchange"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _pending(request, org: Organization, period: Period) -> dict | None:
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("org") != org.pk or kept.get("period") != period.code:
        return None
    if not (_folder() / f"{kept['token']}.xlsx").is_file():
        return None
    return kept


def _forget(request) -> None:
    kept = request.session.pop(SESSION_KEY, None)
    if kept:
        (_folder() / f"{kept['token']}.xlsx").unlink(missing_ok=True)


def _page(request, org: Organization, period: Period, **extra):
    status = extra.pop("status", 200)
    context = {
        "org": org, "period": period, "refusal": write_refusal(request.user, org),
        "layouts": [("", _("One sheet for this unit")), ("all", _("One sheet for each unit under it")),
                    ("wide", _("One sheet, a row for each unit"))],
        "example": number_text(Decimal("1234.5")),
        "entry_url": reverse("reporting:entry", args=[org.pk, period.code]),
        "max_size": formatting.number(settings.DANGVU_IMPORT_MAX_BYTES // (1024 * 1024)),
        **extra,
    }
    return render(request, "web/exchange/upload.html", context, status=status)


def index(request):
    """The menu's entry "Data in and out": the unit's Excel template for the current quarter,
    importing a register (members, organizations), and figures read from a report."""
    root = org_selectors.actor_root(request.user)
    if root is None:
        raise Http404
    period = plan_selectors.reporting_period("quarter")
    return render(request, "web/exchange/index.html", {
        "org": root, "period": period, "template_url": _upload_url(root, period),
        "can_write": not write_refusal(request.user, root)})


def template_download(request, org_pk: int, period_code: str):
    """The .xlsx template of the unit for the period; `?units=all` one sheet for each unit
    under it, `?units=wide` one sheet with a row per unit."""
    org = org_selectors.organization_get(actor=request.user, pk=org_pk)
    period = _period(period_code)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    units = request.GET.get("units", "")
    try:
        data = templates.template_build(
            actor=request.user, organization=org, period=period, all_units=units in ("all", "wide"),
            layout=templates.ONE_SHEET if units == "wide" else templates.PER_UNIT)
    except ValidationError as exc:  # nothing to enter: the template's page says so
        return _page(request, org, period, page_errors=[message(exc)])
    return _attachment(data, f"mau-bao-cao-{org.pk}-{period.code}.xlsx")


def upload(request, org_pk: int, period_code: str):
    """The template's page: download it; upload it filled in for a dry run, which shows
    what would change (new, changed, cleared, unchanged) and every problem by sheet, row and
    column; nothing is written until the confirmation."""
    org = org_selectors.organization_get(actor=request.user, pk=org_pk)
    period = _period(period_code)
    if request.method != "POST":
        return _page(request, org, period)
    refusal = write_refusal(request.user, org)
    if refusal:
        return _page(request, org, period, status=REFUSED)
    file = request.FILES.get("file")
    if file is None:
        return _page(request, org, period, page_errors=[_("Choose the filled-in template (.xlsx) to upload.")],
                     status=INVALID)
    if file.size > settings.DANGVU_IMPORT_MAX_BYTES:
        return _page(request, org, period, status=INVALID, page_errors=[
            _("The file is %(size)s bytes: at most %(limit)s bytes are accepted.")
            % {"size": formatting.number(file.size), "limit": formatting.number(settings.DANGVU_IMPORT_MAX_BYTES)}])
    data = file.read()
    try:
        summary = templates.template_check(actor=request.user, data=data, period=period, organization=org)
    except (ValidationError, PermissionDenied) as exc:
        return _page(request, org, period, page_errors=[message(exc)], status=INVALID)
    _forget(request)
    rows = [c for c in summary.changes if c.status != "unchanged"]
    if not summary.conflicts and rows:
        token = secrets.token_hex(16)
        (_folder() / f"{token}.xlsx").write_bytes(data)
        request.session[SESSION_KEY] = {"token": token, "org": org.pk, "period": period.code, "name": file.name[:100],
                                        "expect": _fingerprint(summary)}
    return _page(request, org, period, summary=summary, rows=rows, checked=True,
                 counts=_counts(summary), status=200 if not summary.conflicts else INVALID)


def _fingerprint(summary) -> list[list[str]]:
    return [[c.where, c.status, str(c.value)] for c in summary.changes if c.writes]


def _counts(summary) -> dict:
    return {"new": summary.imported, "changed": summary.updated, "deleted": summary.deleted,
            "unchanged": summary.ignored, "conflicts": len(summary.conflicts)}


def confirm(request, org_pk: int, period_code: str):
    """Write the file the dry run checked: all of it or nothing."""
    org = org_selectors.organization_get(actor=request.user, pk=org_pk)
    period = _period(period_code)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    refusal = write_refusal(request.user, org)
    if refusal:
        return _page(request, org, period, status=REFUSED)
    kept = _pending(request, org, period)
    if kept is None:
        return _page(request, org, period, status=INVALID,
                     page_errors=[_("There is no checked file to import: upload the template again.")])
    data = (_folder() / f"{kept['token']}.xlsx").read_bytes()
    try:
        again = templates.template_check(actor=request.user, data=data, period=period, organization=org)
        if again.conflicts or _fingerprint(again) != kept["expect"]:
            _forget(request)
            return _page(request, org, period, summary=again, checked=True, counts=_counts(again),
                         rows=[c for c in again.changes if c.status != "unchanged"], status=INVALID,
                         page_errors=[_("The figures changed since the file was checked: nothing was imported. "
                                        "Check the table below and upload the file again.")])
        summary = templates.template_import(actor=request.user, data=data, period=period, organization=org,
                                            source=kept["name"])
    except (ValidationError, PermissionDenied) as exc:
        _forget(request)
        return _page(request, org, period, page_errors=[message(exc)], status=INVALID)
    _forget(request)
    n = summary.imported + summary.updated + summary.deleted
    messages.success(request, ngettext("%(n)s figure was imported from the file.",
                                       "%(n)s figures were imported from the file.", n) % {"n": n})
    return redirect("reporting:entry", org.pk, period.code)


# Handing a target down

def _target(request, plan_code: str, target_pk: int):
    plan = plan_selectors.plan_get(actor=request.user, code=plan_code)
    return plan, plan_selectors.plan_target_get(actor=request.user, plan=plan, pk=target_pk)


def handdown(request, plan_code: str, target_pk: int):
    """Hand a target down to the units directly under the issuer: the boxes prefilled by a
    rule (`?method=`: equal, last year's results, members, last year's shares) or from an
    uploaded Excel file; "Hand down" posts the boxes to ``target_cascade``."""
    actor = request.user
    plan, target = _target(request, plan_code, target_pk)
    rows = plan_selectors.cascade_shares(actor=actor, plan=plan, target=target)
    refusal = write_refusal(actor, plan.organization)
    method = request.GET.get("method", "")
    page_errors, problems, status, proposed = [], [], 200, {}
    if request.method == "POST" and refusal:
        status = REFUSED
    elif request.method == "POST" and request.POST.get("action") == "file":
        file = request.FILES.get("file")
        status = INVALID
        if file is None:
            page_errors = [_("Choose the shares file (.xlsx) to upload.")]
        else:
            try:
                proposed, problems = handdown_rules.shares_read(file.read(), actor=actor, plan=plan, target=target)
                status = 200 if not problems else INVALID
            except (ValidationError, PermissionDenied) as exc:
                page_errors = [message(exc)]
    elif request.method == "POST":
        form = SharesForm(request.POST, rows=rows, indicator=target.indicator)
        status = INVALID
        if form.is_valid():
            try:
                made = handdown_rules.handdown_apply(actor=actor, plan=plan, target=target, shares=form.shares())
            except (ValidationError, PermissionDenied) as exc:
                page_errors = [message(exc)]
            else:
                messages.success(request, ngettext(
                    "The target of %(ind)s was handed down to %(n)s unit.",
                    "The target of %(ind)s was handed down to %(n)s units.", len(made),
                ) % {"ind": target.indicator.name, "n": len(made)})
                return redirect("plans:targets", plan.code)
        else:
            page_errors = list(form.non_field_errors())
        return _handdown_page(request, plan, target, rows, form, refusal, page_errors, [], method, status)
    elif method:
        try:
            proposed = handdown_rules.propose(actor=actor, plan=plan, target=target, method=method)
        except ValidationError as exc:
            page_errors = [message(exc)]
    form = SharesForm(None, rows=rows, indicator=target.indicator)
    for org, value in proposed.items():
        form.initial[form.name(org)] = number_text(value) if isinstance(value, Decimal) else str(value)
    return _handdown_page(request, plan, target, rows, form, refusal, page_errors, problems, method, status)


def _handdown_page(request, plan, target, rows, form, refusal, page_errors, problems, method, status):
    return render(request, "web/exchange/handdown.html", {
        "plan": plan, "target": target, "refusal": refusal, "page_errors": page_errors, "problems": problems,
        "period": parse(target.period).label, "value": formatting.decimal(target.value, 4),
        "methods": list(handdown_rules.METHODS.items()), "method": method,
        "boxes": [{"org": org, "now": number_text(share.value) if share else "",
                   "field": None if refusal else form[form.name(org)]} for org, share in rows],
        "form": None if refusal else form,
        "summed": plan_selectors.shares_add_up(target.indicator),
    }, status=status)


def handdown_file(request, plan_code: str, target_pk: int):
    """The shares file of a target: a row per unit under the issuer, a box for its share."""
    plan, target = _target(request, plan_code, target_pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    data = handdown_rules.shares_template(actor=request.user, plan=plan, target=target)
    return _attachment(data, f"giao-chi-tieu-{target.pk}.xlsx")
