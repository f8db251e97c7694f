"""The working-day calendar page: for a year, the public holidays (named as the law names
them), the government's changes with the documents that set them, the make-up working days,
and a deadline calculator (a date + N working days, or the working days between two dates).
Everyone reads it; an administrator of the top level records and removes changes
(``orgs.calendar``); anyone else posting is answered 403 with the reason."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangvu.core import workdays
from dangvu.core.errors import PermissionDenied, message
from dangvu.orgs import calendar
from dangvu.web.common.forms import add_field_errors

from .forms import CalculatorForm, ChangeForm, RemoveForm, YearForm

CALCULATOR_FIELDS = ("start", "days", "end")


def _calculate(form: CalculatorForm) -> dict | None:
    """The calculator's answer, or None (with the form's error) when it cannot say."""
    if not form.is_valid():
        return None
    start, days, end = (form.cleaned_data[f] for f in CALCULATOR_FIELDS)
    if start is None or (days is None and end is None):
        form.add_error(None, _("Give a date and a number of working days, or a date and a second date."))
        return None
    if days is not None:
        deadline = workdays.add_working_days(start, days)
        return {"start": calendar.day_label(start), "days": days, "deadline": calendar.day_label(deadline)}
    return {"start": calendar.day_label(start), "end": calendar.day_label(end),
            "count": workdays.working_days_between(start, end)}


def _page(request, year: int, *, status: int = 200, change_form: ChangeForm | None = None,
          year_form: YearForm | None = None, calculator: CalculatorForm | None = None):
    refusal = calendar.calendar_admin_refusal(actor=request.user)
    named = {h.on: h.name for h in workdays.holidays_of(year)}
    holidays = [{"on": on, "name": name, "label": calendar.day_label(on), "weekend": workdays.is_weekend(on),
                 "worked": workdays.is_working_day(on)} for on, name in named.items()]
    changes = workdays.changes_in(year)
    changed = {c.on for c in changes}
    for change in changes:
        change.label = calendar.day_label(change.on)
        change.holiday = named.get(change.on, "")
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    context = {
        "year": year, "previous": year - 1 if year > calendar.FIRST_YEAR else None,
        "next": year + 1 if year < calendar.LAST_YEAR else None,
        "year_form": year_form or YearForm(initial={"year": year}),
        "holidays": holidays, "changes": changes,
        "other_days": [calendar.day_label(d) for d in workdays.days_off_in(year)
                       if d not in named and d not in changed],
        "working_days": workdays.working_days_between(first - datetime.timedelta(days=1), last),
        "calculator": calculator or CalculatorForm(), "result": None,
        "may_change": not refusal, "refusal": refusal,
        "change_form": change_form or ChangeForm(),
    }
    if calculator is not None and calculator.is_bound:
        context["result"] = _calculate(calculator)
        if calculator.errors:
            status = 400
    return render(request, "web/calendar/year.html", context, status=status)


def calendar_year(request):
    year_form = YearForm(request.GET or None)
    year = timezone.localdate().year
    status = 200
    if year_form.is_bound:
        if year_form.is_valid():
            year = year_form.cleaned_data["year"] or year
        else:
            status = 400
    calculator = CalculatorForm(request.GET if any(request.GET.get(f) for f in CALCULATOR_FIELDS) else None)
    return _page(request, year, status=status, year_form=year_form if status == 400 else None,
                 calculator=calculator)


def _require_calendar_admin(request) -> None:
    refusal = calendar.calendar_admin_refusal(actor=request.user)
    if refusal:
        raise PermissionDenied(refusal)


@require_POST
def change_add(request):
    _require_calendar_admin(request)
    form = ChangeForm(request.POST)
    on = None
    if form.is_valid():
        on = form.cleaned_data["on"]
        try:
            change = calendar.calendar_change_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                add_field_errors(form, exc)
            else:
                form.add_error(None, message(exc))
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Recorded: %(day)s, %(kind)s.") % {
                "day": calendar.day_label(change.on), "kind": change.get_kind_display().lower()})
            return redirect(f"{reverse('calendar:index')}?year={change.on.year}")
    year = on.year if on and calendar.FIRST_YEAR <= on.year <= calendar.LAST_YEAR else timezone.localdate().year
    return _page(request, year, status=400, change_form=form)


@require_POST
def change_remove(request):
    _require_calendar_admin(request)
    form = RemoveForm(request.POST)
    if not form.is_valid():
        raise Http404
    change = calendar.calendar_change_get(form.cleaned_data["change"])
    label, year = calendar.day_label(change.on), change.on.year
    try:
        calendar.calendar_change_delete(actor=request.user, change=change)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, message(exc))
    else:
        messages.success(request, _("Removed the change of %(day)s.") % {"day": label})
    return redirect(f"{reverse('calendar:index')}?year={year}")
